//! For two revisions A → B, the diff explains B: every session added, removed or changed
//! is reported with its old and new values, nothing unchanged is, and replaying the
//! changes on A gives B's programme. The rebase agrees: replaying one side's changes on
//! an untouched document gives that side.

use std::collections::HashMap;

use agir_model::{diff, rebase, ChangeKind, Edition, PlaceId, SessionId, Status};
use chrono::{DateTime, Duration, FixedOffset};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::support::{config, edition, hostile};

/// What an organizer does to one session between two revisions.
#[derive(Debug, Clone)]
enum Edit {
    Keep,
    Remove,
    Retitle(String),
    Move(i64),
    Stretch(i64),
    Relocate(Option<Index>),
    Toggle,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => Just(Edit::Keep),
        1 => Just(Edit::Remove),
        1 => hostile::label().prop_map(Edit::Retitle),
        1 => (-600..600i64).prop_map(Edit::Move),
        1 => (-60..120i64).prop_map(Edit::Stretch),
        1 => proptest::option::of(any::<Index>()).prop_map(Edit::Relocate),
        1 => Just(Edit::Toggle),
    ]
}

/// A, and B made from A by several edits per session and a few new sessions.
fn revisions() -> impl Strategy<Value = (Edition, Edition)> {
    edition::edition(8)
        .prop_flat_map(|a| {
            let n = a.sessions.len();
            (
                Just(a),
                proptest::collection::vec(proptest::collection::vec(edit(), 1..3), n),
                proptest::collection::vec((hostile::label(), any::<Index>()), 0..3),
            )
        })
        .prop_map(|(a, edits, added)| {
            let mut b = a.clone();
            b.revision += 1;
            b.sessions.clear();
            for (s, edits) in a.sessions.iter().zip(edits) {
                let mut s = s.clone();
                let mut removed = false;
                for e in edits {
                    match e {
                        Edit::Keep => {}
                        Edit::Remove => removed = true,
                        Edit::Retitle(t) => s.title = t,
                        Edit::Move(m) => {
                            s.start += Duration::minutes(m);
                            s.end += Duration::minutes(m);
                        }
                        Edit::Stretch(m) => s.end = s.start.max(s.end + Duration::minutes(m)),
                        Edit::Relocate(p) => {
                            s.place = p
                                .filter(|_| !a.places.is_empty())
                                .map(|p| a.places[p.index(a.places.len())].id.clone())
                        }
                        Edit::Toggle => {
                            s.status = if s.is_cancelled() {
                                Status::Scheduled
                            } else {
                                Status::Cancelled
                            }
                        }
                    }
                }
                if !removed {
                    b.sessions.push(s);
                }
            }
            for (i, (title, like)) in added.into_iter().enumerate() {
                if let Some(model) = a.sessions.get(like.index(a.sessions.len().max(1))) {
                    let mut s = model.clone();
                    s.id = SessionId::parse(format!("ajout.{i}.x")).expect("an id");
                    s.title = title;
                    b.sessions.insert(like.index(b.sessions.len() + 1), s);
                }
            }
            (a, b)
        })
}

/// The fields the diff follows, as B's programme holds them.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    title: String,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    place: Option<PlaceId>,
    status: Status,
}

fn seen(e: &Edition) -> HashMap<SessionId, Seen> {
    e.sessions
        .iter()
        .map(|s| {
            (
                s.id.clone(),
                Seen {
                    title: s.title.clone(),
                    start: s.start,
                    end: s.end,
                    place: s.place.clone(),
                    status: s.status,
                },
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn a_document_has_no_change_with_itself(a in edition::edition(8)) {
        prop_assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn the_diff_explains_every_change_and_nothing_else((a, b) in revisions()) {
        // Act
        let changes = diff(&a, &b);

        // Assert: replaying the changes on A's programme gives B's.
        let mut replay = seen(&a);
        let after = seen(&b);
        let mut reported: Vec<(&str, String)> = Vec::new();
        for c in &changes {
            reported.push((c.session.as_str(), format!("{:?}", c.kind)));
            match c.kind {
                ChangeKind::Added => {
                    prop_assert!(!replay.contains_key(&c.session), "{} was there", c.session);
                    prop_assert_eq!(c.after.as_deref(), Some(after[&c.session].title.as_str()));
                    replay.insert(c.session.clone(), after[&c.session].clone());
                }
                ChangeKind::Removed => {
                    let gone = replay.remove(&c.session).expect("removed from A");
                    prop_assert_eq!(c.before.as_deref(), Some(gone.title.as_str()));
                }
                _ => {
                    let s = replay.get_mut(&c.session).expect("in A");
                    match c.kind {
                        ChangeKind::Title => {
                            prop_assert_eq!(c.before.as_deref(), Some(s.title.as_str()));
                            s.title = c.after.clone().expect("a new title");
                        }
                        ChangeKind::Place => {
                            prop_assert_eq!(c.before.as_deref(), s.place.as_ref().map(PlaceId::as_str));
                            s.place = c.after.as_deref().map(|p| PlaceId::parse(p).expect("a place id"));
                        }
                        ChangeKind::Cancelled => {
                            s.status = if c.after.as_deref() == Some("cancelled") { Status::Cancelled } else { Status::Scheduled };
                        }
                        ChangeKind::Time => {
                            let (start, end) = c.after.as_deref().and_then(|v| v.split_once('/')).expect("start/end");
                            s.start = DateTime::parse_from_rfc3339(start).expect("a time");
                            s.end = DateTime::parse_from_rfc3339(end).expect("a time");
                        }
                        _ => unreachable!(),
                    }
                    // Each change is one the person can read, whatever the title.
                    prop_assert!(!c.describe(&s.title).is_empty());
                }
            }
        }
        prop_assert_eq!(&replay, &after);
        // Nothing reported twice; nothing unchanged reported.
        let mut unique = reported.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), reported.len(), "{:?}", reported);
        let before = seen(&a);
        for (id, _) in &reported {
            let id = SessionId::parse(*id).expect("an id");
            prop_assert_ne!(before.get(&id), after.get(&id), "{} unchanged but reported", id);
        }
    }

    #[test]
    fn rebasing_onto_an_untouched_side_gives_the_other((a, b) in revisions()) {
        let theirs = rebase(&a, &a, &b);
        prop_assert!(theirs.conflicts.is_empty(), "{:?}", theirs.conflicts);
        prop_assert_eq!(&theirs.edition, &b);

        let mine = rebase(&a, &b, &a);
        prop_assert!(mine.conflicts.is_empty(), "{:?}", mine.conflicts);
        prop_assert_eq!(&mine.edition.sessions, &b.sessions);
    }
}
