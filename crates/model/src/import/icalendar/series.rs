//! A recurring event as the sessions it gives: its rule expanded ([`recur`]), the
//! occurrences its `EXDATE`s take out left out, those a `RECURRENCE-ID` event changes
//! replaced by it, and one warning that says how many sessions came of it.

use chrono::{NaiveDate, NaiveDateTime};

use super::zones::{read_value, Value};
use super::{recur, title, Reader, CALENDAR};
use crate::import::ical::Component;
use crate::import::programme::Notes;

impl<'c> Reader<'c> {
    /// One `VEVENT` without `RECURRENCE-ID`: its sessions (several when it recurs).
    pub(super) fn event(&mut self, event: &'c Component, n: usize, notes: &mut Notes) {
        let Some(rrule) = event.prop("RRULE") else {
            self.single(event, n, None, notes);
            return;
        };
        let Some(start) = event.prop("DTSTART").and_then(|p| self.at(p)) else {
            self.single(event, n, None, notes);
            return;
        };
        let title = title(event);
        let loc = format!("{CALENDAR}/VEVENT[{}]", n + 1);
        let rule = match recur::parse(&rrule.value) {
            Ok(rule) => rule,
            Err(part) => {
                notes.warn(
                    format!("{loc}/RRULE"),
                    format!(
                        "« {title} » se répète selon une règle que l'import ne sait pas dérouler ({part}) : seule sa première séance, le {}, est importée (ligne {}).",
                        start.local.format("%d/%m/%Y"),
                        event.line
                    ),
                );
                self.single(event, n, None, notes);
                return;
            }
        };
        let horizon = self.horizon.unwrap_or(start.local.date());
        let excluded = excluded(event);
        let starts: Vec<NaiveDateTime> = recur::occurrences(&rule, start.local, horizon)
            .into_iter()
            .filter(|t| !excluded.iter().any(|x| x.covers(*t)))
            .collect();
        let uid = event.text("UID");
        for occurrence in &starts {
            let changed = self.overrides.iter().position(|(o, used)| {
                !*used
                    && o.text("UID") == uid
                    && o.prop("RECURRENCE-ID")
                        .and_then(|p| Exclusion::read(&p.value))
                        .is_some_and(|x| x.covers(*occurrence))
            });
            match changed {
                Some(i) => {
                    self.overrides[i].1 = true;
                    let o = self.overrides[i].0;
                    self.single(o, n, None, notes);
                }
                None => self.single(event, n, Some(*occurrence), notes),
            }
        }
        if event.prop("RDATE").is_some() {
            notes.warn(
                format!("{loc}/RDATE"),
                format!(
                    "« {title} » a des dates supplémentaires (RDATE) que l'import ne reprend pas (ligne {}).",
                    event.line
                ),
            );
        }
        let (first, last) = (starts.first(), starts.last());
        if let (Some(first), Some(last)) = (first, last) {
            let until = if rule.bounded() {
                String::new()
            } else {
                " ; sans fin dans l'agenda, elle s'arrête au dernier jour du programme".to_owned()
            };
            notes.warn(
                format!("{loc}/RRULE"),
                format!(
                    "« {title} » se répète : {} séance(s) importée(s), du {} au {}{until} (ligne {}).",
                    starts.len(),
                    first.format("%d/%m/%Y"),
                    last.format("%d/%m/%Y"),
                    event.line
                ),
            );
        }
    }
}

/// An occurrence an `EXDATE` takes out, or a `RECURRENCE-ID` changes: a whole day or one
/// start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exclusion {
    Day(NaiveDate),
    At(NaiveDateTime),
}

impl Exclusion {
    fn read(value: &str) -> Option<Self> {
        Some(match read_value(value)? {
            Value::Date(d) => Self::Day(d),
            Value::Utc(t) | Value::Local(t) => Self::At(t),
        })
    }

    fn covers(self, start: NaiveDateTime) -> bool {
        match self {
            Self::Day(d) => d == start.date(),
            Self::At(t) => t == start,
        }
    }
}

/// What an event's `EXDATE`s take out.
fn excluded(event: &Component) -> Vec<Exclusion> {
    event
        .all("EXDATE")
        .flat_map(|p| p.value.split(','))
        .filter_map(Exclusion::read)
        .collect()
}
