//! The current edition's programme: fetched once, kept in memory as one shared snapshot
//! (the document and its search index), revalidated with its ETag.
//!
//! This is a store rather than a `LocalResource` because it outlives pages and is
//! revalidated in place: a page never falls back to a loading state once it has data.

use std::sync::Arc;

use agir_model::search::SessionIndex;
use agir_model::Edition;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, Revalidated};

/// One loaded revision of the programme, shared by every page.
#[derive(Debug)]
pub struct Snapshot {
    pub edition: Edition,
    pub index: SessionIndex,
    pub etag: Option<String>,
}

impl Snapshot {
    pub fn new(edition: Edition, etag: Option<String>) -> Self {
        let index = SessionIndex::new(&edition);
        Self { edition, index, etag }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadStatus {
    Loading,
    Ready,
    Failed(ApiError),
}

/// Handle on the programme store; `Copy`, so components capture it freely.
#[derive(Debug, Clone, Copy)]
pub struct Programme {
    snapshot: RwSignal<Option<Arc<Snapshot>>>,
    status: RwSignal<LoadStatus>,
}

impl Programme {
    /// The loaded programme, if any (tracked).
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.get()
    }

    pub fn status(&self) -> LoadStatus {
        self.status.get()
    }

    /// Fetches the programme, conditionally on the copy held.
    pub fn reload(self) {
        let etag = self
            .snapshot
            .with_untracked(|s| s.as_ref().and_then(|s| s.etag.clone()));
        if self.snapshot.with_untracked(Option::is_none) {
            self.status.set(LoadStatus::Loading);
        }
        spawn_local(async move {
            match api::fetch_edition(None, etag.as_deref()).await {
                Ok(Revalidated::Unchanged) => self.status.set(LoadStatus::Ready),
                Ok(Revalidated::Changed(fetched)) => {
                    let edition = Arc::unwrap_or_clone(fetched.edition);
                    self.snapshot.set(Some(Arc::new(Snapshot::new(edition, fetched.etag))));
                    self.status.set(LoadStatus::Ready);
                }
                Err(e) => self.status.set(LoadStatus::Failed(e)),
            }
        });
    }
}

/// How often an open app asks whether the programme changed (a cheap 304 when not).
const RECHECK: std::time::Duration = std::time::Duration::from_secs(3 * 60);

/// Creates the store, starts the first fetch, and re-checks every few minutes and
/// whenever the tab becomes visible again (a phone taken out of a pocket).
pub fn provide_programme() -> Programme {
    let programme = Programme {
        snapshot: RwSignal::new(None),
        status: RwSignal::new(LoadStatus::Loading),
    };
    provide_context(programme);
    programme.reload();
    let _ = set_interval_with_handle(move || programme.reload(), RECHECK);
    on_visible(move || programme.reload());
    programme
}

/// Calls `f` each time the page becomes visible again.
fn on_visible(f: impl Fn() + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let listener = Closure::<dyn Fn()>::new(move || {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            f();
        }
    });
    let _ = document().add_event_listener_with_callback("visibilitychange", listener.as_ref().unchecked_ref());
    // The app lives as long as the page: the listener is never removed.
    listener.forget();
}

pub fn use_programme() -> Programme {
    expect_context::<Programme>()
}
