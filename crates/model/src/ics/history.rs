//! What a subscribed calendar needs from an edition's history: for each session, its
//! `SEQUENCE` (how many revisions moved it, changed its place or cancelled or restored it:
//! RFC 5546's significant changes, read with [`crate::diff`]) and when it last changed at
//! all (`LAST-MODIFIED`). Both derive from the published revisions alone, so they only
//! rise and every server, every request and the command line give the same numbers.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::diff::{diff, ChangeKind};
use crate::edition::Edition;
use crate::ids::SessionId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    sequence: u32,
    modified: DateTime<Utc>,
}

/// The sequence and last change of every session met up to one revision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    revision: u32,
    sessions: BTreeMap<SessionId, Mark>,
}

impl History {
    /// The history of an edition's first revision, published at `at`.
    pub fn first(edition: &Edition, at: DateTime<Utc>) -> Self {
        let mut history = Self::default();
        history.advance(None, edition, at);
        history
    }

    /// The revision this history is up to.
    pub fn revision(&self) -> u32 {
        self.revision
    }

    /// Takes in the revision `after`, published at `at`, which follows `before` (the
    /// revision this history is up to; `None` for the first).
    pub fn advance(&mut self, before: Option<&Edition>, after: &Edition, at: DateTime<Utc>) {
        let significant = |kind: ChangeKind| {
            matches!(
                kind,
                ChangeKind::Time | ChangeKind::Place | ChangeKind::Cancelled | ChangeKind::Added
            )
        };
        if let Some(before) = before {
            for change in diff(before, after) {
                if !significant(change.kind) {
                    continue;
                }
                // A session removed and added again goes on from its old sequence.
                if let Some(mark) = self.sessions.get_mut(&change.session) {
                    mark.sequence += 1;
                }
            }
        }
        for s in &after.sessions {
            let unchanged = before.and_then(|b| b.session(&s.id)).is_some_and(|old| old == s);
            self.sessions
                .entry(s.id.clone())
                .and_modify(|mark| {
                    if !unchanged {
                        mark.modified = at;
                    }
                })
                .or_insert(Mark {
                    sequence: 0,
                    modified: at,
                });
        }
        self.revision = after.revision;
    }

    /// The session's `SEQUENCE`: 0 until something significant changes.
    pub fn sequence(&self, id: &SessionId) -> u32 {
        self.sessions.get(id).map_or(0, |m| m.sequence)
    }

    /// When the session last changed, if it was ever published.
    pub fn modified(&self, id: &SessionId) -> Option<DateTime<Utc>> {
        self.sessions.get(id).map(|m| m.modified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::Status;
    use crate::test_support::edition;

    fn at(day: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2013-10-{day:02}T08:00:00Z"))
            .unwrap()
            .to_utc()
    }

    #[test]
    fn moves_and_cancellations_raise_the_sequence_and_other_edits_only_the_date() {
        let r1 = edition();
        let mut history = History::first(&r1, at(1));
        let debat = r1.sessions[0].id.clone();
        let conf = r1.sessions[1].id.clone();
        assert_eq!((history.sequence(&debat), history.modified(&debat)), (0, Some(at(1))));

        // Arrange: a new title for one, a move for the other.
        let mut r2 = r1.clone();
        r2.revision = 2;
        r2.sessions[0].title = "Débat renommé".into();
        r2.sessions[1].start += chrono::Duration::minutes(30);
        history.advance(Some(&r1), &r2, at(2));
        assert_eq!((history.sequence(&debat), history.modified(&debat)), (0, Some(at(2))));
        assert_eq!(history.sequence(&conf), 1);

        // Cancelled, then removed and added back: the count goes on.
        let mut r3 = r2.clone();
        r3.revision = 3;
        r3.sessions[1].status = Status::Cancelled;
        history.advance(Some(&r2), &r3, at(3));
        let mut r4 = r3.clone();
        r4.revision = 4;
        r4.sessions.remove(1);
        history.advance(Some(&r3), &r4, at(4));
        history.advance(Some(&r4), &r3, at(5));
        assert_eq!(history.sequence(&conf), 3);
        assert_eq!(history.modified(&conf), Some(at(5)));
        assert_eq!(history.modified(&debat), Some(at(2)), "untouched since");
        assert_eq!(history.revision(), 3);
    }
}
