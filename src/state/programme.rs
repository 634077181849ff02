//! The current edition's programme: one shared snapshot (the document and its search
//! index), started from the app's own offline copy, then revalidated with its ETag every
//! few minutes, when the tab becomes visible and when the network comes back. It says
//! truthfully how fresh it is.
//!
//! This is a store rather than a `LocalResource` because it outlives pages and is
//! revalidated in place: a page never falls back to a loading state once it has data.

use std::sync::{Arc, OnceLock};

use agir_model::search::SessionIndex;
use agir_model::Edition;
use agir_ui::dom;
use leptos::prelude::*;
use leptos::task::spawn_local;

use agir_model::Change;

use super::copy::{self, OfflineCopy};
use super::storage;
use crate::api::{self, ApiError, ChangesFeed, Revalidated};

/// One loaded revision of the programme, shared by every page.
#[derive(Debug)]
pub struct Snapshot {
    pub edition: Edition,
    index: OnceLock<SessionIndex>,
    pub etag: Option<String>,
}

impl Snapshot {
    pub fn new(edition: Edition, etag: Option<String>) -> Self {
        Self {
            edition,
            index: OnceLock::new(),
            etag,
        }
    }

    /// The search index, built at the first search rather than at load.
    pub fn index(&self) -> &SessionIndex {
        self.index.get_or_init(|| SessionIndex::new(&self.edition))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadStatus {
    Loading,
    Ready,
    Failed(ApiError),
}

/// How fresh the programme on screen is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Freshness {
    /// When the server last confirmed this copy (ms since epoch).
    pub confirmed_at: i64,
    /// The last attempt to reach the server failed: the copy may be out of date.
    pub offline: bool,
}

/// Handle on the programme store; `Copy`, so components capture it freely.
#[derive(Debug, Clone, Copy)]
pub struct Programme {
    snapshot: RwSignal<Option<Arc<Snapshot>>>,
    status: RwSignal<LoadStatus>,
    freshness: RwSignal<Option<Freshness>>,
    /// What changed since the first published revision: sessions moved, cancelled…
    since_first: RwSignal<Arc<ChangesFeed>>,
    /// This tab shows an organizer's draft (`/?apercu`), not the published programme.
    preview: bool,
}

/// The changes since the first revision, kept on the phone for offline use.
const MOVES_KEY: &str = "agir.moves.v1";

impl Programme {
    /// The loaded programme, if any (tracked).
    pub fn snapshot(&self) -> Option<Arc<Snapshot>> {
        self.snapshot.get()
    }

    pub fn status(&self) -> LoadStatus {
        self.status.get()
    }

    pub fn freshness(&self) -> Option<Freshness> {
        self.freshness.get()
    }

    /// Whether this tab previews an organizer's draft.
    pub fn is_preview(&self) -> bool {
        self.preview
    }

    /// Changes of one session since the programme was first published (tracked), so a
    /// moved session can say where and when it was planned at first.
    pub fn changes_of(&self, session: &str) -> Vec<Change> {
        let current = self
            .snapshot
            .with(|s| s.as_ref().map(|s| (s.edition.edition.to_string(), s.edition.revision)));
        self.since_first.with(|feed| {
            if current.as_ref() != Some(&(feed.edition.clone(), feed.to)) {
                return Vec::new();
            }
            feed.changes
                .iter()
                .filter(|c| c.session.as_str() == session)
                .cloned()
                .collect()
        })
    }

    /// Fetches the changes since revision 1 when the programme has been revised.
    async fn refresh_moves(self) {
        let Some((slug, revision)) = self
            .snapshot
            .with_untracked(|s| s.as_ref().map(|s| (s.edition.edition.to_string(), s.edition.revision)))
        else {
            return;
        };
        let known = self
            .since_first
            .with_untracked(|f| f.edition == slug && f.to == revision);
        if revision <= 1 || known {
            return;
        }
        if let Ok(feed) = api::fetch_changes(&slug, 1).await {
            if feed.edition == slug {
                storage::write_json(MOVES_KEY, &feed);
                self.since_first.set(Arc::new(feed));
            }
        }
    }

    fn show(&self, edition: Edition, etag: Option<String>) {
        self.snapshot.set(Some(Arc::new(Snapshot::new(edition, etag))));
        self.status.set(LoadStatus::Ready);
    }

    /// Asks the server, conditionally on the copy held.
    pub fn reload(self) {
        let etag = self
            .snapshot
            .with_untracked(|s| s.as_ref().and_then(|s| s.etag.clone()));
        if self.snapshot.with_untracked(Option::is_none) {
            self.status.set(LoadStatus::Loading);
        }
        spawn_local(async move { self.revalidate(etag).await });
    }

    async fn revalidate(self, etag: Option<String>) {
        let now = super::clock::real_now_ms();
        match api::fetch_edition(None, etag.as_deref()).await {
            Ok(Revalidated::Unchanged) => {
                self.status.set(LoadStatus::Ready);
                self.confirm(now, false);
                self.refresh_moves().await;
                if let Some(etag) = &etag {
                    copy::confirm(etag, now);
                }
            }
            Ok(Revalidated::Changed(fetched)) => {
                let confirmed_at = if fetched.offline {
                    fetched.date_ms.unwrap_or(0)
                } else {
                    now
                };
                let same = self
                    .snapshot
                    .with_untracked(|s| s.as_ref().is_some_and(|s| s.etag.is_some() && s.etag == fetched.etag));
                if !same {
                    // Reading the programme and drawing the page with it were one task of
                    // ~120 ms on a slow phone: two shorter ones leave the page responsive.
                    dom::next_task().await;
                    self.show(Arc::unwrap_or_clone(fetched.edition), fetched.etag.clone());
                }
                self.confirm(confirmed_at, fetched.offline);
                if !fetched.offline {
                    copy::save(&OfflineCopy {
                        text: fetched.text,
                        etag: fetched.etag,
                        fetched_at: now,
                    })
                    .await;
                    self.refresh_moves().await;
                }
            }
            Err(error) => {
                if self.snapshot.with_untracked(Option::is_some) {
                    self.freshness.update(|f| {
                        if let Some(f) = f {
                            f.offline = true;
                        }
                    });
                } else {
                    self.status.set(LoadStatus::Failed(error));
                }
            }
        }
    }

    fn confirm(&self, at: i64, offline: bool) {
        let previous = self.freshness.get_untracked().map(|f| f.confirmed_at).unwrap_or(0);
        self.freshness.set(Some(Freshness {
            confirmed_at: at.max(previous),
            offline,
        }));
    }
}

/// How often an open app asks whether the programme changed (a cheap 304 when not).
const RECHECK: std::time::Duration = std::time::Duration::from_secs(3 * 60);

/// Creates the store, starts from the offline copy, asks the network, and re-checks every
/// few minutes, whenever the tab becomes visible again (a phone taken out of a pocket) and
/// when the network comes back.
pub fn provide_programme() -> Programme {
    let programme = Programme {
        snapshot: RwSignal::new(None),
        status: RwSignal::new(LoadStatus::Loading),
        freshness: RwSignal::new(None),
        preview: is_preview_tab(),
        since_first: RwSignal::new(Arc::new(
            storage::read_json::<ChangesFeed>(MOVES_KEY)
                .ok()
                .flatten()
                .unwrap_or(ChangesFeed {
                    edition: String::new(),
                    from: 0,
                    to: 0,
                    changes: Vec::new(),
                }),
        )),
    };
    provide_context(programme);
    if let Some(draft) = programme.preview.then(preview_draft).flatten() {
        // A preview never asks the server nor touches the offline copy.
        programme.show(draft, None);
        return programme;
    }
    spawn_local(async move {
        if let Some(stored) = copy::load().await {
            // A copy that no longer parses (older app version) is ignored, not fatal.
            if let Ok(edition) = Edition::from_json(&stored.text) {
                if programme.snapshot.with_untracked(Option::is_none) {
                    programme.show(edition, stored.etag.clone());
                    programme.freshness.set(Some(Freshness {
                        confirmed_at: stored.fetched_at,
                        offline: false,
                    }));
                }
            }
        }
        let etag = programme
            .snapshot
            .with_untracked(|s| s.as_ref().and_then(|s| s.etag.clone()));
        programme.revalidate(etag).await;
    });
    let _ = set_interval_with_handle(move || programme.reload(), RECHECK);
    dom::on_document("visibilitychange", move || {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            programme.reload();
        }
    });
    // Dropped: the listener stays for the page's life.
    let _ = dom::on_window("online", move || programme.reload());
    programme
}

/// Where the console puts the draft an organizer previews.
const PREVIEW_KEY: &str = "agir.apercu.v1";
/// Remembers, for this tab only, that it was opened as a preview.
const PREVIEW_TAB: &str = "agir.apercu";

/// Whether this tab was opened by the console's "Aperçu" (`/?apercu`), then kept so when
/// the visitor moves between pages or reloads.
fn is_preview_tab() -> bool {
    let asked = window().location().search().is_ok_and(|q| q.contains("apercu"));
    if asked {
        storage::set_session(PREVIEW_TAB, "1");
    }
    asked || storage::get_session(PREVIEW_TAB).is_some()
}

/// The draft the console left for this preview.
fn preview_draft() -> Option<Edition> {
    Edition::from_json(&storage::get_local(PREVIEW_KEY)?).ok()
}

pub fn use_programme() -> Programme {
    expect_context::<Programme>()
}
