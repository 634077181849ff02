//! A person's bookmarked sessions laid out as their days: in time order, each with the
//! sessions it overlaps, and the free time between them.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::edition::{Edition, Session};
use crate::french::typeset;
use crate::ids::SessionId;
use crate::time::{format_duration, format_time_fr, overlaps};

/// A conflict of one bookmarked session with another.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict<'a> {
    pub with: &'a Session,
    /// The shared time.
    pub from: DateTime<FixedOffset>,
    pub to: DateTime<FixedOffset>,
}

impl Conflict<'_> {
    /// "chevauche « Débat » de 14 h 15 à 14 h 30", typeset.
    pub fn describe(&self) -> String {
        typeset(&format!(
            "chevauche « {} » de {} à {}",
            self.with.title,
            format_time_fr(&self.from),
            format_time_fr(&self.to)
        ))
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
        format!("Temps libre\u{a0}: {}", format_duration(minutes))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::fixtures::{day_edition, id};
    use crate::test_support::session;

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
                "Temps libre\u{a0}: 1\u{a0}h\u{a0}15",
                "conf []",
            ]
        );
        let Entry::Session { conflicts, .. } = &days[0].entries[0] else {
            panic!()
        };
        assert_eq!(
            conflicts[0].describe(),
            "chevauche «\u{a0}Séance atelier\u{a0}» de 11\u{a0}h\u{a0}30 à 12\u{a0}h"
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
            [
                r#"long ["dej"]"#,
                r#"dej ["long"]"#,
                "Temps libre\u{a0}: 15\u{a0}min",
                "conf []"
            ]
        );
    }

    #[test]
    fn cancelled_and_unknown_sessions_neither_conflict_nor_fill_time() {
        let mut e = day_edition();
        e.sessions[1].status = crate::edition::Status::Cancelled;
        let days = plan(&e, &[id("debat"), id("atelier"), id("table"), id("inconnue")]);
        assert_eq!(
            shape(&days),
            [
                "debat []",
                "atelier []",
                "Temps libre\u{a0}: 3\u{a0}h\u{a0}30",
                "table []"
            ]
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
}
