//! The person's bookmarks ("Mon programme"), kept in this browser's localStorage under
//! `agir.bookmarks.v1`, per edition, and shared by every open tab through the `storage`
//! event. When a newer revision of the programme arrives, the changes to bookmarked
//! sessions become flags shown until the person says they saw them.
//!
//! The format, its lenient reading and the change logic are in `agir_model::agenda`
//! (tested natively); this module connects them to the programme store and the storage.

use std::sync::Arc;

use agir_model::agenda::{dropped_note, Flag, Store, STORE_KEY};
use agir_model::{Change, SessionId};
use agir_ui::dom;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::programme::{use_programme, Snapshot};
use super::storage;
use crate::api;

/// Handle on the bookmarks; `Copy`, so components capture it freely.
#[derive(Debug, Clone, Copy)]
pub struct Bookmarks {
    store: RwSignal<Store>,
    /// The current edition's slug and revision, once the programme is loaded.
    current: RwSignal<Option<(String, u32)>>,
    /// A note about stored bookmarks that had to be dropped, until dismissed.
    notice: RwSignal<Option<String>>,
    loaded: StoredValue<bool>,
}

impl Bookmarks {
    fn slug(&self) -> Option<String> {
        self.current.with(|c| c.as_ref().map(|(s, _)| s.clone()))
    }

    /// Bookmarked sessions of the current edition, in the order they were added (tracked).
    pub fn ids(&self) -> Vec<SessionId> {
        let Some(slug) = self.slug() else { return Vec::new() };
        self.store
            .with(|s| s.edition(&slug).map(|b| b.ids.clone()).unwrap_or_default())
    }

    pub fn is_bookmarked(&self, id: &SessionId) -> bool {
        let Some(slug) = self.slug() else { return false };
        self.store.with(|s| s.contains(&slug, id))
    }

    /// Changes to bookmarked sessions not yet seen (tracked).
    pub fn flags(&self) -> Vec<Flag> {
        let Some(slug) = self.slug() else { return Vec::new() };
        self.store
            .with(|s| s.edition(&slug).map(|b| b.flags.clone()).unwrap_or_default())
    }

    pub fn notice(&self) -> Option<String> {
        self.notice.get()
    }

    pub fn dismiss_notice(&self) {
        self.notice.set(None);
    }

    /// Adds or removes a session of the current edition.
    pub fn toggle(&self, id: &SessionId) {
        self.change(|b, revision| {
            if b.ids.is_empty() {
                b.seen_revision = revision;
            }
            b.toggle(id);
        });
    }

    /// Adds sessions (from a share link); returns how many were new.
    pub fn merge(&self, ids: &[SessionId]) -> usize {
        let mut added = 0;
        self.change(|b, revision| {
            if b.ids.is_empty() {
                b.seen_revision = revision;
            }
            added = b.merge(ids);
        });
        added
    }

    /// "J'ai vu": the flags are cleared.
    pub fn acknowledge(&self) {
        self.change(|b, _| b.flags.clear());
    }

    fn change(&self, f: impl FnOnce(&mut agir_model::agenda::Bookmarks, u32)) {
        let Some((slug, revision)) = self.current.get_untracked() else {
            return;
        };
        self.store.update(|s| f(s.edition_mut(&slug), revision));
        self.save();
    }

    fn save(&self) {
        let json = self.store.with_untracked(Store::to_json);
        if !storage::set_local(STORE_KEY, &json) {
            self.notice.set(Some(
                "Votre navigateur n'a pas permis d'enregistrer votre programme sur cet appareil \
                 (navigation privée ou mémoire pleine)."
                    .into(),
            ));
        }
    }

    /// Brings the bookmarks up to the programme just loaded: reads them on the first load,
    /// turns the changes since the revision they were checked against into flags, and
    /// drops ids the programme does not have.
    fn sync(self, snapshot: Arc<Snapshot>, previous: Option<Arc<Snapshot>>) {
        let edition = &snapshot.edition;
        let slug = edition.edition.to_string();
        let revision = edition.revision;
        self.current.set(Some((slug.clone(), revision)));
        let mut dropped = 0;
        let mut unreadable = false;
        if !self.loaded.get_value() {
            self.loaded.set_value(true);
            let loaded = Store::load(&storage::get_local(STORE_KEY).unwrap_or_default(), &slug);
            dropped = loaded.dropped;
            unreadable = loaded.unreadable;
            self.store.set(loaded.store);
        }
        let seen = self
            .store
            .with_untracked(|s| s.edition(&slug).filter(|b| !b.ids.is_empty()).map(|b| b.seen_revision));
        match seen {
            Some(seen) if seen != 0 && seen < revision => {
                // The copy held before this one is the revision they were checked against
                // when the change arrives while the app is open: diff it here. Otherwise
                // the server knows every revision.
                match previous.filter(|p| p.edition.edition == edition.edition && p.edition.revision == seen) {
                    Some(old) => {
                        let changes = agir_model::diff(&old.edition, edition);
                        self.finish(&snapshot, Some(&changes), dropped, unreadable);
                    }
                    None => spawn_local(async move {
                        // Offline: no flags yet, and the revision they were checked against is
                        // kept so the changes are asked for again at the next load. Forgotten
                        // by the server: no flags. The ids are checked in every case.
                        let changes = match api::fetch_changes(&slug, seen).await {
                            Ok(feed) => Some(feed.changes),
                            Err(api::ApiError::Network | api::ApiError::Status(500..)) => None,
                            Err(_) => Some(Vec::new()),
                        };
                        self.finish(&snapshot, changes.as_deref(), dropped, unreadable);
                    }),
                }
            }
            _ => self.finish(&snapshot, Some(&[]), dropped, unreadable),
        }
    }

    /// `changes` is `None` when they could not be known (offline): the bookmarks then stay
    /// checked against the revision they were, to be flagged at a later load.
    fn finish(self, snapshot: &Snapshot, changes: Option<&[Change]>, mut dropped: usize, unreadable: bool) {
        let edition = &snapshot.edition;
        let slug = edition.edition.as_str();
        let before = self.store.with_untracked(|s| s.clone());
        self.store.update(|s| {
            if let Some(b) = s.editions.get_mut(slug) {
                if let Some(changes) = changes {
                    b.apply_changes(changes, edition);
                    b.seen_revision = edition.revision;
                }
                dropped += b.retain_known(edition);
            }
        });
        if unreadable || dropped > 0 || self.store.with_untracked(|s| *s != before) {
            self.save();
        }
        let mut notes = Vec::new();
        if unreadable {
            notes.push(
                "Le programme enregistré sur cet appareil était illisible\u{a0}: il a été remis à zéro.".to_owned(),
            );
        }
        notes.extend(dropped_note(dropped));
        if !notes.is_empty() {
            self.notice.set(Some(notes.join(" ")));
        }
    }

    /// Another tab may have written the bookmarks: take them as they are now.
    fn reload_from(&self, raw: Option<String>) {
        if !self.loaded.get_value() {
            return;
        }
        let Some(slug) = self.slug_untracked() else { return };
        let store = Store::load(&raw.unwrap_or_default(), &slug).store;
        if self.store.with_untracked(|s| *s != store) {
            self.store.set(store);
        }
    }

    fn slug_untracked(&self) -> Option<String> {
        self.current.with_untracked(|c| c.as_ref().map(|(s, _)| s.clone()))
    }
}

/// Creates the bookmarks, follows the programme store's revisions and the other tabs.
pub fn provide_bookmarks() -> Bookmarks {
    let bookmarks = Bookmarks {
        store: RwSignal::new(Store::new()),
        current: RwSignal::new(None),
        notice: RwSignal::new(None),
        loaded: StoredValue::new(false),
    };
    provide_context(bookmarks);
    let programme = use_programme();
    let previous = StoredValue::new(None::<Arc<Snapshot>>);
    // Syncing with the outside (storage, the server's revisions) is what effects are for.
    Effect::new(move |_| {
        let Some(snapshot) = programme.snapshot() else { return };
        let before = previous.get_value();
        previous.set_value(Some(snapshot.clone()));
        if before.as_ref().is_some_and(|b| Arc::ptr_eq(b, &snapshot)) {
            return;
        }
        untrack(|| bookmarks.sync(snapshot, before));
    });
    // Another tab wrote (these bookmarks, something else, or cleared everything).
    let _ = dom::on_window("storage", move || {
        bookmarks.reload_from(storage::get_local(STORE_KEY));
    });
    // Changes that could not be asked for offline are asked for when the network is back.
    let _ = dom::on_window("online", move || {
        if let Some(snapshot) = untrack(|| programme.snapshot()) {
            bookmarks.sync(snapshot, None);
        }
    });
    bookmarks
}

pub fn use_bookmarks() -> Bookmarks {
    expect_context::<Bookmarks>()
}

/// The bookmarks when provided (components also used outside the app, in tests).
pub fn try_use_bookmarks() -> Option<Bookmarks> {
    use_context::<Bookmarks>()
}
