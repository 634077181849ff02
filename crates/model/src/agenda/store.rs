//! The bookmarks kept in the browser: their stored shape, read leniently from whatever the
//! storage holds (older shapes, hand edits, garbage), and the person's edits to them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Flag;
use crate::edition::Edition;
use crate::ids::{EditionSlug, SessionId};

/// The storage key, with the format's version in it.
pub const STORE_KEY: &str = "agir.bookmarks.v1";
/// The format written under [`STORE_KEY`].
pub const STORE_VERSION: u32 = 1;
/// No one bookmarks more than this; the rest of a bloated value is dropped.
pub const MAX_BOOKMARKS: usize = 500;
pub(super) const MAX_FLAGS: usize = 200;

/// Everything kept in the browser: bookmarks per edition.
///
/// `{"version":1,"editions":{"2013":{"ids":[…],"seen_revision":3,"flags":[…]}}}`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Store {
    pub version: u32,
    pub editions: BTreeMap<String, Bookmarks>,
}

/// One edition's bookmarks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bookmarks {
    /// Bookmarked sessions, in the order they were added.
    pub ids: Vec<SessionId>,
    /// The programme revision these bookmarks were last checked against (0: never).
    #[serde(default)]
    pub seen_revision: u32,
    /// Changes to bookmarked sessions not yet acknowledged ("J'ai vu").
    #[serde(default)]
    pub flags: Vec<Flag>,
}

/// What reading the stored value found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded {
    pub store: Store,
    /// Bookmarks that could not be read and were dropped.
    pub dropped: usize,
    /// The value was there but not readable at all (not JSON, not our shape).
    pub unreadable: bool,
}

impl Store {
    pub fn new() -> Self {
        Self {
            version: STORE_VERSION,
            editions: BTreeMap::new(),
        }
    }

    /// Reads a stored value that may be hand-edited, truncated, from another version or
    /// plain garbage: whatever is a valid bookmark is kept, the rest is counted.
    ///
    /// Besides the current shape, two older ones are read: a bare list of ids, and one
    /// edition's `{"ids": […]}`; both belong to `current` (the edition now served).
    pub fn load(raw: &str, current: &str) -> Loaded {
        let mut loaded = Loaded {
            store: Store::new(),
            ..Loaded::default()
        };
        let Ok(value) = serde_json::from_str::<Value>(raw) else {
            loaded.unreadable = !raw.trim().is_empty();
            return loaded;
        };
        let editions: Vec<(String, &Value)> = match &value {
            Value::Object(map) => match map.get("editions") {
                Some(Value::Object(editions)) => editions.iter().map(|(k, v)| (k.clone(), v)).collect(),
                Some(_) => {
                    loaded.unreadable = true;
                    Vec::new()
                }
                None if map.contains_key("ids") => vec![(current.to_owned(), &value)],
                None => {
                    loaded.unreadable = true;
                    Vec::new()
                }
            },
            Value::Array(_) => vec![(current.to_owned(), &value)],
            _ => {
                loaded.unreadable = true;
                Vec::new()
            }
        };
        for (slug, entry) in editions {
            let (bookmarks, dropped) = Bookmarks::read(entry);
            if EditionSlug::parse(slug.as_str()).is_err() {
                loaded.dropped += bookmarks.ids.len() + dropped;
                continue;
            }
            loaded.dropped += dropped;
            if bookmarks != Bookmarks::default() {
                loaded.store.editions.insert(slug, bookmarks);
            }
        }
        loaded
    }

    /// The JSON written back to storage.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn edition(&self, slug: &str) -> Option<&Bookmarks> {
        self.editions.get(slug)
    }

    pub fn edition_mut(&mut self, slug: &str) -> &mut Bookmarks {
        self.editions.entry(slug.to_owned()).or_default()
    }

    pub fn contains(&self, slug: &str, id: &SessionId) -> bool {
        self.edition(slug).is_some_and(|b| b.ids.contains(id))
    }
}

impl Bookmarks {
    /// One edition's entry, leniently: `{"ids":[…]}` or a bare list of ids.
    fn read(value: &Value) -> (Self, usize) {
        let mut out = Self::default();
        let mut dropped = 0;
        let ids = match value {
            Value::Array(list) => Some(list),
            Value::Object(map) => match map.get("ids") {
                Some(Value::Array(list)) => Some(list),
                Some(_) => {
                    dropped += 1;
                    None
                }
                None => None,
            },
            _ => {
                dropped += 1;
                None
            }
        };
        for item in ids.into_iter().flatten() {
            match item.as_str().map(SessionId::parse) {
                Some(Ok(id)) if out.ids.contains(&id) => {}
                Some(Ok(id)) if out.ids.len() < MAX_BOOKMARKS => out.ids.push(id),
                _ => dropped += 1,
            }
        }
        if let Value::Object(map) = value {
            out.seen_revision = map
                .get("seen_revision")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(0);
            // Flags are only notices: an unreadable one is dropped without a word.
            if let Some(Value::Array(flags)) = map.get("flags") {
                out.flags = flags
                    .iter()
                    .filter_map(|f| serde_json::from_value::<Flag>(f.clone()).ok())
                    .take(MAX_FLAGS)
                    .collect();
            }
        }
        (out, dropped)
    }

    pub fn contains(&self, id: &SessionId) -> bool {
        self.ids.contains(id)
    }

    /// Adds or removes `id`; true when it is now bookmarked.
    pub fn toggle(&mut self, id: &SessionId) -> bool {
        if let Some(i) = self.ids.iter().position(|x| x == id) {
            self.ids.remove(i);
            false
        } else {
            self.ids.push(id.clone());
            true
        }
    }

    /// Adds the ids not bookmarked yet; returns how many were added.
    pub fn merge(&mut self, ids: &[SessionId]) -> usize {
        let mut added = 0;
        for id in ids {
            if !self.ids.contains(id) && self.ids.len() < MAX_BOOKMARKS {
                self.ids.push(id.clone());
                added += 1;
            }
        }
        added
    }

    /// Drops ids that are not sessions of `edition`; returns how many were dropped.
    pub fn retain_known(&mut self, edition: &Edition) -> usize {
        let before = self.ids.len();
        self.ids.retain(|id| edition.session(id).is_some());
        before - self.ids.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::dropped_note;
    use crate::agenda::fixtures::{day_edition, id};

    #[test]
    fn the_stored_value_round_trips() {
        let mut store = Store::new();
        let b = store.edition_mut("2013");
        assert!(b.toggle(&id("conf")));
        assert!(b.toggle(&id("debat")));
        assert!(!b.toggle(&id("conf")));
        b.seen_revision = 3;
        let json = store.to_json();
        assert_eq!(
            json,
            r#"{"version":1,"editions":{"2013":{"ids":["debat"],"seen_revision":3,"flags":[]}}}"#
        );
        let loaded = Store::load(&json, "2013");
        assert_eq!(loaded.store, store);
        assert_eq!((loaded.dropped, loaded.unreadable), (0, false));
    }

    #[test]
    fn bad_stored_values_keep_what_is_valid_and_count_the_rest() {
        // Garbage: nothing kept, said unreadable.
        for raw in [
            "{pas du json",
            "42",
            "\"texte\"",
            "null",
            r#"{"version":1,"editions":[1,2]}"#,
            "{}",
        ] {
            let l = Store::load(raw, "2013");
            assert_eq!(l.store, Store::new(), "{raw}");
            assert!(l.unreadable, "{raw}");
        }
        assert!(!Store::load("", "2013").unreadable);
        assert!(!Store::load(&Store::new().to_json(), "2013").unreadable);

        // Hand-edited: bad ids, duplicates, wrong types, a bad slug, a bad revision.
        let raw = r#"{"version":7,"editions":{
            "2013":{"ids":["conf","conf","a b",12,null,"debat"],"seen_revision":-4,"flags":[{"x":1}]},
            "../x":{"ids":["conf"]},
            "2012":"n'importe quoi"}}"#;
        let l = Store::load(raw, "2013");
        assert_eq!(l.store.edition("2013").unwrap().ids, [id("conf"), id("debat")]);
        assert_eq!(l.store.edition("2013").unwrap().seen_revision, 0);
        assert!(l.store.edition("2013").unwrap().flags.is_empty());
        assert!(l.store.edition("2012").is_none());
        assert_eq!(l.dropped, 3 + 1 + 1);
        assert!(!l.unreadable);
        assert_eq!(l.store.version, STORE_VERSION);

        // Older shapes: a bare list, one edition's object.
        let l = Store::load(r#"["conf","debat"]"#, "2013");
        assert_eq!(l.store.edition("2013").unwrap().ids, [id("conf"), id("debat")]);
        let l = Store::load(r#"{"ids":["conf"]}"#, "2013");
        assert_eq!(l.store.edition("2013").unwrap().ids, [id("conf")]);
    }

    #[test]
    fn unknown_ids_after_a_programme_change_are_dropped() {
        let e = day_edition();
        let mut b = Bookmarks {
            ids: vec![id("conf"), id("retiree"), id("autre")],
            ..Default::default()
        };
        assert_eq!(b.retain_known(&e), 2);
        assert_eq!(b.ids, [id("conf")]);
        assert_eq!(
            dropped_note(2).unwrap(),
            "2 séances enregistrées n'existent plus et ont été retirées."
        );
        assert_eq!(dropped_note(0), None);
    }

    #[test]
    fn merging_adds_only_what_is_new() {
        let mut b = Bookmarks {
            ids: vec![id("conf")],
            ..Default::default()
        };
        assert_eq!(b.merge(&[id("conf"), id("debat"), id("dej")]), 2);
        assert_eq!(b.ids, [id("conf"), id("debat"), id("dej")]);
    }
}
