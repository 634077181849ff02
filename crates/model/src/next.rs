//! "Préparer l'édition suivante": next year's day made from this year's document, every
//! date moved to the new day and last year's news (announcements, cancellations,
//! attendance) left behind, so the organizers start from the programme they know.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, TimeZone};

use crate::edition::{Edition, Status};
use crate::ids::EditionSlug;

impl Edition {
    /// A copy of this edition for a day starting on `start_date`, to be published as
    /// `slug`: never published yet (revision 0), no announcement, every session back on the
    /// programme, and last year's attendance and source gone. Places, speakers, stands and
    /// the plan stay as they are.
    ///
    /// Every date moves by the same number of calendar days. A session keeps its local
    /// wall-clock time (10:00 stays 10:00). Its UTC offset is the event's zone's on the new
    /// date with the `tz` feature (the server), which follows summer time; without it (the
    /// wasm console, which carries no zone database) the offset stays the one of last year,
    /// and validation on the server says which times then need checking. A time that would
    /// fall out of the calendar's range is kept as it was.
    pub fn next_edition(&self, slug: EditionSlug, start_date: NaiveDate) -> Edition {
        let shift = Shift::new(self, start_date);
        let mut next = self.clone();
        next.edition = slug;
        next.revision = 0;
        next.announcements.clear();
        for session in &mut next.sessions {
            session.start = shift.time(session.start);
            session.end = shift.time(session.end);
            session.status = Status::Scheduled;
        }
        let event = &mut next.event;
        event.start_date = start_date;
        event.end_date = shift.date(self.event.end_date);
        event.attendance = None;
        // The source says where the facts of last year's day came from ("programme du
        // 8 octobre 2013"): it would vouch for a programme it never saw. A source that names
        // no day (the CCAS's website) still holds.
        if let Some(source) = &event.source {
            if [self.event.start_date, self.event.end_date]
                .iter()
                .any(|&day| names_day(source, day))
            {
                event.source = None;
            }
        }
        next
    }
}

/// How far the dates move, and in which zone the new times are read.
struct Shift {
    days: TimeDelta,
    #[cfg(feature = "tz")]
    zone: Option<chrono_tz::Tz>,
}

impl Shift {
    fn new(edition: &Edition, start_date: NaiveDate) -> Self {
        Self {
            days: start_date.signed_duration_since(edition.event.start_date),
            #[cfg(feature = "tz")]
            zone: edition.event.time_zone.parse().ok(),
        }
    }

    fn date(&self, day: NaiveDate) -> NaiveDate {
        day.checked_add_signed(self.days).unwrap_or(day)
    }

    fn time(&self, t: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        // Naive local times have no summer time: adding days moves by calendar days.
        let Some(local) = t.naive_local().checked_add_signed(self.days) else {
            return t;
        };
        #[cfg(feature = "tz")]
        if let Some(zoned) = self.zone.and_then(|zone| in_zone(zone, local, *t.offset())) {
            return zoned;
        }
        t.offset().from_local_datetime(&local).single().unwrap_or(t)
    }
}

/// `local` in `zone`. When the clocks go back the hour happens twice: the offset it had
/// last year is kept if it is one of the two. When they go forward the hour does not exist:
/// `None`, and the caller keeps last year's offset.
#[cfg(feature = "tz")]
fn in_zone(zone: chrono_tz::Tz, local: chrono::NaiveDateTime, before: FixedOffset) -> Option<DateTime<FixedOffset>> {
    use chrono::{LocalResult, Offset};
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.fixed_offset()),
        LocalResult::Ambiguous(first, second) => {
            let kept = if second.offset().fix() == before { second } else { first };
            Some(kept.fixed_offset())
        }
        LocalResult::None => None,
    }
}

/// Whether `text` names `day`: its year ("2013", not "20130") or its day of the month
/// ("8 octobre", not "18 octobre").
fn names_day(text: &str, day: NaiveDate) -> bool {
    // Both read with plain spaces: the screen glues "8 octobre" with a no-break space, and a
    // text pasted from a word processor may too.
    let plain = |s: &str| s.replace('\u{a0}', " ");
    let date = plain(&crate::time::format_day(day));
    let day_month = date.split_once(' ').map_or(date.as_str(), |(_weekday, rest)| rest);
    contains_apart(text, &day.year().to_string()) || contains_apart(&plain(&text.to_lowercase()), day_month)
}

/// Whether `needle` is in `text` with no digit glued to either end.
fn contains_apart(text: &str, needle: &str) -> bool {
    let digit_at = |i: Option<char>| i.is_some_and(|c| c.is_ascii_digit());
    text.match_indices(needle)
        .any(|(at, _)| !digit_at(text[..at].chars().next_back()) && !digit_at(text[at + needle.len()..].chars().next()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::Announcement;
    use crate::plan::test_stages::demo;

    fn date(raw: &str) -> NaiveDate {
        raw.parse().unwrap()
    }

    fn slug(raw: &str) -> EditionSlug {
        EditionSlug::parse(raw).unwrap()
    }

    #[test]
    fn every_date_moves_to_the_new_day_at_the_same_local_time() {
        // Arrange: 8 October 2013 (a Tuesday) to 7 October 2014 (a Tuesday, still in summer time).
        let old = demo();

        // Act
        let next = old.next_edition(slug("2014"), date("2014-10-07"));

        // Assert
        assert_eq!(next.edition.as_str(), "2014");
        assert_eq!(
            (next.event.start_date, next.event.end_date),
            (date("2014-10-07"), date("2014-10-07"))
        );
        assert_eq!(next.sessions.len(), old.sessions.len());
        for (before, after) in old.sessions.iter().zip(&next.sessions) {
            for (b, a) in [(before.start, after.start), (before.end, after.end)] {
                assert_eq!(a.date_naive(), date("2014-10-07"), "{}", before.id);
                assert_eq!(a.time(), b.time(), "{}", before.id);
                assert_eq!(a.offset(), b.offset(), "{}", before.id);
            }
        }
        let paugam = next.session_by_str("conference-repenser-la-solidarite").unwrap();
        assert_eq!(paugam.start.to_rfc3339(), "2014-10-07T14:15:00+02:00");
    }

    #[test]
    fn a_two_day_event_keeps_its_length_and_its_sessions_their_day() {
        let mut old = crate::test_support::edition();
        old.event.end_date = date("2013-10-09");
        old.sessions[1].start += TimeDelta::days(1);
        old.sessions[1].end += TimeDelta::days(1);

        let next = old.next_edition(slug("2014"), date("2014-10-07"));

        assert_eq!(next.event.end_date, date("2014-10-08"));
        assert_eq!(next.sessions[0].start.to_rfc3339(), "2014-10-07T10:00:00+02:00");
        assert_eq!(next.sessions[1].start.to_rfc3339(), "2014-10-08T14:15:00+02:00");
        assert_eq!(next.sessions[1].end.to_rfc3339(), "2014-10-08T15:30:00+02:00");
    }

    #[test]
    fn last_years_news_is_left_behind_and_the_rest_kept() {
        let mut old = demo();
        old.revision = 12;
        old.sessions[2].status = Status::Cancelled;
        old.announcements.push(Announcement {
            text: "La table ronde commence avec 10 minutes de retard.".into(),
            until: None,
        });
        assert!(old.event.attendance.is_some() && old.event.source.is_some());

        let next = old.next_edition(slug("2014"), date("2014-10-07"));

        assert_eq!(next.revision, 0);
        assert!(next.sessions.iter().all(|s| s.status == Status::Scheduled));
        assert!(next.announcements.is_empty());
        assert_eq!(next.event.attendance, None);
        assert_eq!(next.event.source, None, "the demo's source is the 2013 programme");
        assert_eq!(next.places, old.places);
        assert_eq!(next.speakers, old.speakers);
        assert_eq!(next.stands, old.stands);
        assert_eq!(next.plan, old.plan);
        assert_eq!(next.event.venue, old.event.venue);
        assert_eq!(next.sessions[2].title, old.sessions[2].title);
    }

    #[test]
    fn a_valid_edition_gives_a_valid_next_one() {
        let old = demo();
        let before = old.validate();
        assert!(before.is_ok(), "{:#?}", before.errors);

        for day in ["2014-10-07", "2014-11-04", "2012-06-12"] {
            let after = old.next_edition(slug("suivante"), date(day)).validate();
            assert_eq!(after.errors, Vec::new(), "{day}");
            assert_eq!(
                after.warnings.len(),
                before.warnings.len(),
                "{day}: {:#?}",
                after.warnings
            );
        }
    }

    #[test]
    fn winter_time_next_year_keeps_the_wall_clock() {
        // 4 November 2014 is in winter time in Paris, 8 October 2013 was not.
        let next = crate::test_support::edition().next_edition(slug("2014"), date("2014-11-04"));
        let start = next.sessions[0].start.to_rfc3339();
        #[cfg(feature = "tz")]
        assert_eq!(start, "2014-11-04T10:00:00+01:00");
        #[cfg(not(feature = "tz"))]
        assert_eq!(start, "2014-11-04T10:00:00+02:00");
    }

    #[cfg(feature = "tz")]
    #[test]
    fn the_hour_that_happens_twice_keeps_last_years_offset() {
        let mut old = crate::test_support::edition();
        old.sessions[0].start = "2013-10-08T02:30:00+02:00".parse().unwrap();
        old.sessions[1].start = "2013-10-08T02:30:00+01:00".parse().unwrap();
        // Clocks went back on 26 October 2014 at 3:00 in Paris.
        let next = old.next_edition(slug("2014"), date("2014-10-26"));
        assert_eq!(next.sessions[0].start.to_rfc3339(), "2014-10-26T02:30:00+02:00");
        assert_eq!(next.sessions[1].start.to_rfc3339(), "2014-10-26T02:30:00+01:00");
    }

    #[test]
    fn a_source_is_dropped_only_when_it_names_the_old_day() {
        let with_source = |source: &str| {
            let mut e = crate::test_support::edition();
            e.event.source = Some(source.into());
            e.next_edition(slug("2014"), date("2014-10-07")).event.source
        };
        assert_eq!(with_source("Programme du 8 octobre"), None);
        assert_eq!(with_source("Programme du 8\u{a0}octobre"), None);
        assert_eq!(with_source("Bilan 2013 du CCAS"), None);
        assert_eq!(with_source("Rencontres (2013-10-08)"), None);
        for kept in ["Site du CCAS d'Angers", "Programme du 18 octobre", "Dossier n° 20131"] {
            assert_eq!(with_source(kept).as_deref(), Some(kept));
        }
    }

    #[test]
    fn dates_out_of_the_calendar_do_not_panic() {
        let old = demo();
        for day in [NaiveDate::MAX, NaiveDate::MIN] {
            let next = old.next_edition(slug("loin"), day);
            assert_eq!(next.event.start_date, day);
            assert_eq!(next.sessions.len(), old.sessions.len());
        }
    }
}
