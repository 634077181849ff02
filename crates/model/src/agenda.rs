//! "Mon programme": the sessions a person bookmarked, as kept in their browser, laid out
//! as their day (conflicts, free time), and the changes of a newer revision that concern
//! them. No account: everything here lives on the person's device.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::diff::{Change, ChangeKind};
use crate::edition::{Edition, Session};
use crate::ids::{EditionSlug, SessionId};
use crate::time::{format_duration, format_time_fr, overlaps};

/// The storage key, with the format's version in it.
pub const STORE_KEY: &str = "agir.bookmarks.v1";
/// The format written under [`STORE_KEY`].
pub const STORE_VERSION: u32 = 1;
/// No one bookmarks more than this; the rest of a bloated value is dropped.
pub const MAX_BOOKMARKS: usize = 500;
const MAX_FLAGS: usize = 200;

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

/// A change to a bookmarked session, kept until the person has seen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub change: Change,
    /// The session's title when the change was found (the old one for a removed session).
    pub title: String,
    /// The new place's name, for a change of place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

impl Flag {
    /// The sentence shown to people: "« Conférence » change d'horaire : mardi 8 octobre à 15 h."
    pub fn describe(&self) -> String {
        match (&self.change.kind, &self.place) {
            (ChangeKind::Place, Some(place)) => format!("« {} » change de lieu : {place}.", self.title),
            _ => self.change.describe(&self.title),
        }
    }

    pub fn session(&self) -> &SessionId {
        &self.change.session
    }
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

    /// Records the changes from `seen_revision` to `edition` (the newer revision) that
    /// concern bookmarked sessions, as flags to show until seen. A removed session leaves
    /// the bookmarks (its flag says why). Returns how many flags were added or updated.
    pub fn apply_changes(&mut self, changes: &[Change], edition: &Edition) -> usize {
        let mut count = 0;
        for change in changes {
            if !self.ids.contains(&change.session) {
                continue;
            }
            let session = edition.session(&change.session);
            let title = match (change.kind, session) {
                (ChangeKind::Added, _) => continue,
                (_, Some(s)) => s.title.clone(),
                (_, None) => change.before.clone().unwrap_or_else(|| change.session.to_string()),
            };
            let place = match change.kind {
                ChangeKind::Place => session
                    .and_then(|s| s.place.as_ref())
                    .and_then(|p| edition.place(p))
                    .map(|p| p.name.clone()),
                _ => None,
            };
            let flag = Flag {
                change: change.clone(),
                title,
                place,
            };
            // Moved twice: the latest change is the one that matters.
            match self
                .flags
                .iter_mut()
                .find(|f| f.change.session == change.session && f.change.kind == change.kind)
            {
                Some(old) => {
                    // A title changed twice still names the title the person knew.
                    let known = (change.kind == ChangeKind::Title).then(|| old.change.before.clone());
                    *old = flag;
                    if let Some(before) = known {
                        old.change.before = before;
                    }
                }
                None => self.flags.push(flag),
            }
            count += 1;
        }
        let removed: Vec<SessionId> = changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Removed)
            .map(|c| c.session.clone())
            .collect();
        self.ids.retain(|id| !removed.contains(id));
        // Titles of other flags of a retitled session follow its new title.
        for flag in &mut self.flags {
            if let Some(s) = edition.session(&flag.change.session) {
                flag.title = s.title.clone();
            }
        }
        self.flags.truncate(MAX_FLAGS);
        self.seen_revision = edition.revision;
        count
    }
}

/// A conflict of one bookmarked session with another.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict<'a> {
    pub with: &'a Session,
    /// The shared time.
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
}

impl Conflict<'_> {
    /// "chevauche « Débat » de 14 h 15 à 14 h 30"
    pub fn describe(&self) -> String {
        format!(
            "chevauche « {} » de {} à {}",
            self.with.title,
            format_time_fr(&self.from),
            format_time_fr(&self.to)
        )
    }
}

/// One line of a planned day.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry<'a> {
    Session {
        session: &'a Session,
        /// Other bookmarked sessions at the same time (none for a cancelled session).
        conflicts: Vec<Conflict<'a>>,
    },
    /// Time with nothing bookmarked, between two sessions of the same day.
    Free {
        from: DateTime<FixedOffset>,
        to: DateTime<FixedOffset>,
    },
}

impl Entry<'_> {
    /// "Temps libre : 45 min"
    pub fn free_label(minutes: i64) -> String {
        format!("Temps libre : {}", format_duration(minutes))
    }
}

/// One local day of a person's programme.
#[derive(Debug, Clone, PartialEq)]
pub struct Day<'a> {
    pub date: NaiveDate,
    pub entries: Vec<Entry<'a>>,
}

/// The bookmarked sessions of `edition` in time order, by local day, each with the
/// sessions it overlaps, and the free time between them. Unknown ids are skipped;
/// cancelled sessions are listed but neither conflict nor fill time.
pub fn plan<'a>(edition: &'a Edition, ids: &[SessionId]) -> Vec<Day<'a>> {
    let mut sessions: Vec<&Session> = ids.iter().filter_map(|id| edition.session(id)).collect();
    crate::time::sort_sessions(&mut sessions);
    sessions.dedup_by(|a, b| a.id == b.id);
    let mut days: Vec<Day<'a>> = Vec::new();
    let mut busy_until: Option<DateTime<FixedOffset>> = None;
    for &s in &sessions {
        let date = s.start.date_naive();
        if days.last().is_none_or(|d| d.date != date) {
            days.push(Day {
                date,
                entries: Vec::new(),
            });
            busy_until = None;
        }
        let day = days.last_mut().expect("pushed above");
        if s.is_cancelled() {
            day.entries.push(Entry::Session {
                session: s,
                conflicts: Vec::new(),
            });
            continue;
        }
        if let Some(until) = busy_until.filter(|u| *u < s.start) {
            day.entries.push(Entry::Free {
                from: until,
                to: s.start,
            });
        }
        busy_until = Some(busy_until.map_or(s.end, |u| u.max(s.end)));
        let conflicts = sessions
            .iter()
            .filter(|o| o.id != s.id && !o.is_cancelled() && overlaps(s, o))
            .map(|o| Conflict {
                with: o,
                from: s.start.max(o.start),
                to: s.end.min(o.end),
            })
            .collect();
        day.entries.push(Entry::Session { session: s, conflicts });
    }
    days
}

/// How many bookmarked sessions overlap another one.
pub fn conflict_count(days: &[Day<'_>]) -> usize {
    days.iter()
        .flat_map(|d| &d.entries)
        .filter(|e| matches!(e, Entry::Session { conflicts, .. } if !conflicts.is_empty()))
        .count()
}

/// "1 séance", "3 séances".
pub fn sessions_count(n: usize) -> String {
    match n {
        1 => "1 séance".to_owned(),
        n => format!("{n} séances"),
    }
}

/// The note shown when stored bookmarks had to be dropped.
pub fn dropped_note(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some("1 séance enregistrée n'existe plus et a été retirée.".to_owned()),
        n => Some(format!("{n} séances enregistrées n'existent plus et ont été retirées.")),
    }
}

/// French spacing for display: no line break inside « guillemets », before « : ? ! ; »,
/// or inside a time or a duration ("14 h 30", "45 min"). Spaces become no-break spaces.
pub fn typeset(text: &str) -> String {
    const NBSP: char = '\u{a0}';
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let word_at = |i: usize, w: &str| {
        w.chars().enumerate().all(|(k, c)| at(i + k) == Some(c))
            && at(i + w.chars().count()).is_none_or(|c| !c.is_alphabetic())
    };
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let prev = i.checked_sub(1).and_then(at);
        let next = at(i + 1);
        let digit_before = |k: usize| i.checked_sub(k).and_then(at).is_some_and(|c| c.is_ascii_digit());
        let glue = prev == Some('«')
            || matches!(next, Some('»' | ':' | '?' | '!' | ';'))
            || (prev.is_some_and(|p| p.is_ascii_digit()) && (word_at(i + 1, "h") || word_at(i + 1, "min")))
            || (prev == Some('h')
                && i.checked_sub(2).and_then(at) == Some(' ')
                && digit_before(3)
                && next.is_some_and(|n| n.is_ascii_digit()));
        out.push(if glue { NBSP } else { ' ' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::diff;
    use crate::test_support::{edition, session};

    fn id(s: &str) -> SessionId {
        SessionId::parse(s).unwrap()
    }

    fn day_edition() -> Edition {
        let mut e = edition();
        e.sessions = vec![
            session("debat", "10:00", "12:00"),
            session("atelier", "11:30", "12:30"),
            session("dej", "12:00", "13:00"),
            session("conf", "14:15", "15:30"),
            session("table", "15:30", "16:30"),
        ];
        e
    }

    fn shape<'a>(days: &'a [Day<'a>]) -> Vec<String> {
        days.iter()
            .flat_map(|d| &d.entries)
            .map(|e| match e {
                Entry::Session { session, conflicts } => {
                    let with: Vec<&str> = conflicts.iter().map(|c| c.with.id.as_str()).collect();
                    format!("{} {with:?}", session.id)
                }
                Entry::Free { from, to } => Entry::free_label((*to - *from).num_minutes()),
            })
            .collect()
    }

    #[test]
    fn conflicts_are_shown_on_both_sessions_with_their_shared_time() {
        let e = day_edition();
        let ids = [id("conf"), id("dej"), id("debat"), id("atelier")];
        let days = plan(&e, &ids);
        assert_eq!(
            shape(&days),
            [
                r#"debat ["atelier"]"#,
                r#"atelier ["debat", "dej"]"#,
                r#"dej ["atelier"]"#,
                "Temps libre : 1 h 15",
                "conf []",
            ]
        );
        let Entry::Session { conflicts, .. } = &days[0].entries[0] else {
            panic!()
        };
        assert_eq!(
            conflicts[0].describe(),
            "chevauche « Séance atelier » de 11 h 30 à 12 h"
        );
        assert_eq!(conflict_count(&days), 3);
    }

    #[test]
    fn touching_sessions_leave_no_gap_and_no_conflict() {
        let e = day_edition();
        let days = plan(&e, &[id("table"), id("conf")]);
        assert_eq!(shape(&days), ["conf []", "table []"]);
    }

    #[test]
    fn free_time_counts_from_the_latest_end_not_the_previous_one() {
        let mut e = day_edition();
        e.sessions.push(session("long", "10:00", "14:00"));
        let days = plan(&e, &[id("long"), id("dej"), id("conf")]);
        assert_eq!(
            shape(&days),
            [r#"long ["dej"]"#, r#"dej ["long"]"#, "Temps libre : 15 min", "conf []"]
        );
    }

    #[test]
    fn cancelled_and_unknown_sessions_neither_conflict_nor_fill_time() {
        let mut e = day_edition();
        e.sessions[1].status = crate::edition::Status::Cancelled;
        let days = plan(&e, &[id("debat"), id("atelier"), id("table"), id("inconnue")]);
        assert_eq!(
            shape(&days),
            ["debat []", "atelier []", "Temps libre : 3 h 30", "table []"]
        );
    }

    #[test]
    fn days_are_separate() {
        let mut e = day_edition();
        let mut next = session("lendemain", "09:00", "10:00");
        next.start += chrono::Duration::days(1);
        next.end += chrono::Duration::days(1);
        e.sessions.push(next);
        let days = plan(&e, &[id("lendemain"), id("table")]);
        assert_eq!(days.len(), 2);
        assert_eq!(shape(&days), ["table []", "lendemain []"]);
        assert!(plan(&e, &[]).is_empty());
    }

    #[test]
    fn french_spacing_keeps_guillemets_and_times_together() {
        assert_eq!(
            typeset("chevauche « Débat : vous ? » de 14 h 15 à 15 h, 45 min, 2 h 05 heures"),
            "chevauche «\u{a0}Débat\u{a0}: vous\u{a0}?\u{a0}» de 14\u{a0}h\u{a0}15 à 15\u{a0}h, 45\u{a0}min, \
             2\u{a0}h\u{a0}05 heures"
        );
        // Words that merely start like a unit are left alone.
        assert_eq!(typeset("2 heures, 3 minutes"), "2 heures, 3 minutes");
    }

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

    #[test]
    fn changes_to_bookmarked_sessions_become_flags_until_seen() {
        let old = edition();
        let mut new = edition();
        new.revision = 2;
        new.sessions[1].start += chrono::Duration::minutes(45);
        new.sessions[1].end += chrono::Duration::minutes(45);
        new.sessions[1].place = Some(crate::ids::PlaceId::parse("salle-du-conseil").unwrap());
        new.sessions.remove(0);
        new.sessions.push(session("nouvelle", "17:00", "18:00"));
        let changes = diff(&old, &new);

        let mut b = Bookmarks {
            ids: vec![id("conf"), id("debat")],
            seen_revision: 1,
            flags: vec![],
        };
        assert_eq!(b.apply_changes(&changes, &new), 3);
        let said: Vec<String> = b.flags.iter().map(Flag::describe).collect();
        assert_eq!(
            said,
            [
                "« Séance conf » change d'horaire : mardi 8 octobre à 15 h.",
                "« Séance conf » change de lieu : Salle du conseil.",
                "« Séance debat » a été retirée du programme.",
            ]
        );
        assert_eq!(b.ids, [id("conf")]);
        assert_eq!(b.seen_revision, 2);

        // Moved again: still one flag, with the latest time.
        let mut newer = new.clone();
        newer.revision = 3;
        newer.sessions[0].start += chrono::Duration::minutes(15);
        b.apply_changes(&diff(&new, &newer), &newer);
        assert_eq!(b.flags.len(), 3);
        assert_eq!(
            b.flags[0].describe(),
            "« Séance conf » change d'horaire : mardi 8 octobre à 15 h 15."
        );

        // Flags survive the stored round trip.
        let mut store = Store::new();
        *store.edition_mut("2013") = b.clone();
        assert_eq!(Store::load(&store.to_json(), "2013").store, store);
    }

    #[test]
    fn a_retitled_session_keeps_the_title_the_person_knew() {
        let old = edition();
        let mut new = edition();
        new.revision = 2;
        new.sessions[1].title = "Nouveau titre".into();
        let mut newer = new.clone();
        newer.revision = 3;
        newer.sessions[1].title = "Titre final".into();
        let mut b = Bookmarks {
            ids: vec![id("conf")],
            ..Default::default()
        };
        b.apply_changes(&diff(&old, &new), &new);
        b.apply_changes(&diff(&new, &newer), &newer);
        assert_eq!(
            b.flags.iter().map(Flag::describe).collect::<Vec<_>>(),
            ["« Séance conf » s'appelle désormais « Titre final »."]
        );
    }
}
