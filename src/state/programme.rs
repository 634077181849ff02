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

/// Creates the store and starts the first fetch.
pub fn provide_programme() -> Programme {
    let programme = Programme {
        snapshot: RwSignal::new(None),
        status: RwSignal::new(LoadStatus::Loading),
    };
    provide_context(programme);
    programme.reload();
    programme
}

pub fn use_programme() -> Programme {
    expect_context::<Programme>()
}
