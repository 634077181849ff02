//! Reading a programme kept in a calendar (`.ics`, exported by an office suite, Outlook,
//! Thunderbird or Google Agenda): each event becomes a session, with its summary as title,
//! its start and end read in their `TZID`, its location as place, its description (and its
//! `URL`), its categories as themes (and, when they say so, its kind), `STATUS:CANCELLED`
//! as cancelled. The calendar's name names the edition, its zone (`X-WR-TIMEZONE`, else the
//! one its events use most) is the event's.
//!
//! What a calendar has and a programme has not is said in warnings, never silently: an
//! all-day event (no hours) is left out; a recurring event is expanded into its sessions
//! (daily and weekly rules, see [`recur`]), else only its first is kept; a zone we cannot
//! name is read as the calendar's.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, TimeZone};
use chrono_tz::Tz;

use super::ical::{self, split_list, Component, Prop};
use super::programme::{build, Notes, Paths, Programme, RawEvent, Text};
use super::{Format, ImportError, Imported};
use crate::ids::{slugify, EditionSlug};
use crate::interop::is_ours;

mod recur;
mod series;
mod zones;

use zones::{in_zone, read_value, resolve, Value};

pub(super) fn import(body: &str, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    let top = ical::parse(body);
    let Some(calendar) = top.iter().find(|c| c.name == "VCALENDAR") else {
        return Err(ImportError::at_root(
            Some(Format::ICalendar),
            "Ce fichier commence comme un agenda iCalendar, mais il ne contient aucun calendrier (BEGIN:VCALENDAR … END:VCALENDAR).",
        ));
    };
    let mut notes = Notes::default();
    let p = read(calendar, &mut notes);
    build(p, Format::ICalendar, slug, notes)
}

const CALENDAR: &str = "/VCALENDAR";

/// Where a zone's time is: UTC, a named zone, or the calendar's (floating).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    Utc,
    Named(Tz),
    Floating,
}

/// A date-time of the file: its wall-clock time and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct At {
    local: NaiveDateTime,
    zone: Zone,
}

impl At {
    /// As the programme's readers write times: RFC 3339 with its offset, or a wall-clock
    /// time of the conference's zone.
    fn text(self) -> Option<String> {
        match self.zone {
            Zone::Utc => Some(self.local.and_utc().to_rfc3339()),
            Zone::Named(tz) => in_zone(self.local, tz),
            Zone::Floating => Some(self.local.format("%Y-%m-%dT%H:%M:%S").to_string()),
        }
    }

    /// The instant, reading a floating time in `tz`.
    fn instant(self, tz: Tz) -> Option<chrono::DateTime<chrono::Utc>> {
        match self.zone {
            Zone::Utc => Some(self.local.and_utc()),
            Zone::Named(z) => z.from_local_datetime(&self.local).earliest().map(|t| t.to_utc()),
            Zone::Floating => tz.from_local_datetime(&self.local).earliest().map(|t| t.to_utc()),
        }
    }
}

/// What reading the calendar's events needs to share.
struct Reader<'c> {
    /// The calendar's zone, for floating times.
    zone: Tz,
    ours: bool,
    /// The last day of the programme's single events: where an endless rule stops.
    horizon: Option<NaiveDate>,
    /// Events that change one occurrence of a recurring one (`RECURRENCE-ID`), and whether
    /// they were used.
    overrides: Vec<(&'c Component, bool)>,
    ids: HashSet<String>,
    unknown_zones: Vec<String>,
    events: Vec<RawEvent<'static>>,
}

fn read(calendar: &Component, notes: &mut Notes) -> Programme<'static> {
    let text = |names: &[&str]| names.iter().find_map(|n| calendar.text(n)).map(|t| t.trim().to_owned());
    let title = text(&["X-WR-CALNAME", "NAME"]).filter(|t| !t.is_empty()).unwrap_or_else(|| {
        notes.warn(
            format!("{CALENDAR}/X-WR-CALNAME"),
            "Le calendrier n'a pas de nom (X-WR-CALNAME) : l'édition s'appelle « Programme importé », à renommer dans l'éditeur.",
        );
        "Programme importé".to_owned()
    });
    let events: Vec<&Component> = calendar.children("VEVENT").collect();
    let declared = text(&["X-WR-TIMEZONE"]).filter(|t| !t.is_empty());
    let zone_name = declared.clone().or_else(|| most_used_zone(&events));
    let zone = zone_name.as_deref().and_then(resolve);
    let mut reader = Reader {
        zone: zone.unwrap_or(Tz::UTC),
        ours: is_ours(calendar.text("PRODID").as_deref()),
        horizon: None,
        overrides: events
            .iter()
            .filter(|e| e.prop("RECURRENCE-ID").is_some())
            .map(|e| (*e, false))
            .collect(),
        ids: HashSet::new(),
        unknown_zones: Vec::new(),
        events: Vec::new(),
    };
    reader.horizon = events
        .iter()
        .filter(|e| e.prop("RRULE").is_none())
        .filter_map(|e| e.prop("DTSTART").and_then(|p| reader.at(p)))
        .map(|at| at.local.date())
        .max();
    for (n, event) in events.iter().enumerate() {
        if event.prop("RECURRENCE-ID").is_none() {
            reader.event(event, n, notes);
        }
    }
    // Changed occurrences whose series is not in the file are events of their own.
    let leftovers: Vec<&Component> = reader
        .overrides
        .iter()
        .filter(|(_, used)| !used)
        .map(|(e, _)| *e)
        .collect();
    for event in leftovers {
        let n = events.iter().position(|e| std::ptr::eq(*e, event)).unwrap_or(0);
        reader.single(event, n, None, notes);
    }
    for name in &reader.unknown_zones {
        notes.warn(
            format!("{CALENDAR}/VTIMEZONE"),
            format!("Le fuseau horaire « {name} » (TZID) est inconnu : les heures qui le citent sont lues dans le fuseau du calendrier, {}. Vérifiez-les.", reader.zone.name()),
        );
    }
    Programme {
        title: Some(Cow::Owned(title)),
        description: text(&["X-WR-CALDESC"]).map(Cow::Owned),
        // An unknown declared zone goes on to the builder, which says so.
        time_zone: zone
            .map(|z| Cow::Owned(z.name().to_owned()))
            .or(declared.map(Cow::Owned)),
        ours: reader.ours,
        paths: Paths::Calendar,
        events: reader.events,
        ..Programme::default()
    }
}

/// The zone most events start in, when the calendar declares none.
fn most_used_zone(events: &[&Component]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for tzid in events.iter().filter_map(|e| e.prop("DTSTART")?.param("TZID")) {
        match counts.iter_mut().find(|(z, _)| z == tzid) {
            Some((_, n)) => *n += 1,
            None => counts.push((tzid.to_owned(), 1)),
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(z, _)| z)
}

impl<'c> Reader<'c> {
    /// A DATE-TIME property; `None` for a date alone or an unreadable value.
    fn at(&self, prop: &Prop) -> Option<At> {
        match read_value(&prop.value)? {
            Value::Date(_) => None,
            Value::Utc(local) => Some(At { local, zone: Zone::Utc }),
            Value::Local(local) => Some(At {
                local,
                zone: match prop.param("TZID") {
                    Some(tzid) => resolve(tzid).map_or(Zone::Floating, Zone::Named),
                    None => Zone::Floating,
                },
            }),
        }
    }

    /// Notes a `TZID` we could not name, once.
    fn check_zone(&mut self, prop: &Prop) {
        if let Some(tzid) = prop.param("TZID") {
            if resolve(tzid).is_none() && !self.unknown_zones.iter().any(|z| z == tzid) {
                self.unknown_zones.push(tzid.to_owned());
            }
        }
    }

    /// A session id: the title's slug, made unique in the file without a warning (a
    /// programme has several "Pause café").
    fn id(&mut self, title: &str) -> String {
        let base = Some(slugify(title).trim_end_matches('-').to_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "seance".to_owned());
        let id = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}-{n}") })
            .find(|id| !self.ids.contains(id))
            .unwrap_or_default();
        self.ids.insert(id.clone());
        id
    }

    /// One session from `event`, at `occurrence` (its local start) when it is one of a
    /// recurring event's.
    fn single(&mut self, event: &'c Component, n: usize, occurrence: Option<NaiveDateTime>, notes: &mut Notes) {
        let loc = format!("{CALENDAR}/VEVENT[{}]", n + 1);
        let cancelled = event
            .text("STATUS")
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED"));
        let mut title = title(event);
        if self.ours && cancelled {
            // Our calendars say it in the summary too (`ics::calendar`).
            if let Some(plain) = title.strip_prefix("Annulée : ") {
                title = plain.to_owned();
            }
        }
        let Some(start_prop) = event.prop("DTSTART") else {
            notes.error(
                format!("{loc}/DTSTART"),
                format!(
                    "L'événement « {title} » n'a pas de début (DTSTART) (ligne {}).",
                    event.line
                ),
            );
            return;
        };
        self.check_zone(start_prop);
        if all_day(start_prop) {
            notes.warn(
                format!("{loc}/DTSTART"),
                format!(
                    "« {title} » dure toute la journée, sans heures : il n'est pas importé. S'il fait partie du programme, ajoutez-le dans l'éditeur avec ses heures (ligne {}).",
                    event.line
                ),
            );
            return;
        }
        let Some(start) = self.at(start_prop) else {
            notes.error(
                format!("{loc}/DTSTART"),
                format!(
                    "« {} » n'est pas une date et heure lisible (attendu par exemple 20241015T093000) (ligne {}).",
                    start_prop.value, event.line
                ),
            );
            return;
        };
        let Some(span) = self.span(event, start, &loc, &title, notes) else {
            return;
        };
        let start = At {
            local: occurrence.unwrap_or(start.local),
            ..start
        };
        let end = At {
            local: start.local + span,
            ..start
        };
        let raw = RawEvent {
            loc: loc.clone(),
            line: Some(event.line),
            room: event.text("LOCATION").map(|l| Cow::Owned(l.trim().to_owned())),
            id: Some(Cow::Owned(self.id(&title))),
            title: Some(Cow::Owned(title)),
            date: start.text().map(Cow::Owned),
            end: end.text().map(Cow::Owned),
            kind: Some(Cow::Owned(self.kind(event))),
            description: self.description(event),
            categories: event
                .all("CATEGORIES")
                .flat_map(|p| split_list(&p.value))
                .map(Cow::Owned)
                .collect(),
            url: event.text("URL").map(|u| Cow::Owned(u.trim().to_owned())),
            cancelled,
            ..RawEvent::default()
        };
        self.events.push(raw);
    }

    /// The words that say what kind of session it is: our `X-AGIR-KIND`, else its
    /// categories (the title is looked at after them).
    fn kind(&self, event: &Component) -> String {
        match event.text("X-AGIR-KIND").filter(|_| self.ours) {
            Some(kind) => kind,
            None => event
                .all("CATEGORIES")
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// How long the event lasts: `DTEND`, else `DURATION`, else nothing (with a warning).
    fn span(&mut self, event: &Component, start: At, loc: &str, title: &str, notes: &mut Notes) -> Option<TimeDelta> {
        if let Some(end_prop) = event.prop("DTEND") {
            self.check_zone(end_prop);
            let Some(end) = self.at(end_prop) else {
                notes.error(
                    format!("{loc}/DTEND"),
                    format!(
                        "« {} » n'est pas une date et heure de fin lisible (ligne {}).",
                        end_prop.value, event.line
                    ),
                );
                return None;
            };
            let span = if end.zone == start.zone {
                Some(end.local - start.local)
            } else {
                end.instant(self.zone).zip(start.instant(self.zone)).map(|(e, s)| e - s)
            };
            return match span.filter(|s| *s >= TimeDelta::zero()) {
                Some(span) => Some(span),
                None => {
                    notes.error(
                        format!("{loc}/DTEND"),
                        format!(
                            "L'événement « {title} » finit avant de commencer (ligne {}).",
                            event.line
                        ),
                    );
                    None
                }
            };
        }
        if let Some(duration) = event.prop("DURATION") {
            return match super::text::parse_duration(&duration.value) {
                Some(d) => Some(d),
                None => {
                    notes.error(
                        format!("{loc}/DURATION"),
                        format!(
                            "« {} » n'est pas une durée lisible (attendu par exemple PT1H30M) (ligne {}).",
                            duration.value, event.line
                        ),
                    );
                    None
                }
            };
        }
        notes.warn(
            format!("{loc}/DTEND"),
            format!(
                "« {title} » n'a pas d'heure de fin : la séance dure 0 minute, à compléter dans l'éditeur (ligne {}).",
                event.line
            ),
        );
        Some(TimeDelta::zero())
    }

    /// The description, then the event's address unless it is one of ours (whose page
    /// the session will have) or not an `http(s)://` address.
    fn description(&self, event: &Component) -> Option<Text<'static>> {
        let mut text = event.text("DESCRIPTION").unwrap_or_default();
        // Only a web address is repeated: the text is shown to visitors.
        let url = event
            .text("URL")
            .filter(|u| crate::links::web_address(u).is_some() && !self.ours);
        if let Some(url) = url {
            if !text.contains(url.trim()) {
                if !text.trim().is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&format!("Plus d'informations : {}", url.trim()));
            }
        }
        Some(Cow::Owned(text))
    }
}

/// A start without hours: `VALUE=DATE`, or a date alone.
fn all_day(start: &Prop) -> bool {
    matches!(read_value(&start.value), Some(Value::Date(_)))
        || start.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
}

/// The summary (empty when missing: the builder names it "Séance sans titre").
fn title(event: &Component) -> String {
    event.text("SUMMARY").map(|s| s.trim().to_owned()).unwrap_or_default()
}
