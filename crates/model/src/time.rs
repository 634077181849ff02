//! Time logic shared by the server and the app: ordering, parts of the day, now/next,
//! overlaps, and French formatting of local dates and times.
//!
//! Times are stored with the UTC offset of the event's time zone, so the local wall-clock
//! time is read straight from each `DateTime<FixedOffset>`, and comparisons are between
//! instants whatever the visitor's own zone.

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc, Weekday};

use crate::edition::Session;
pub use crate::french::capitalize;

/// Time order: by start, then end, then title, then id, so the order is total and stable.
pub fn chronological(a: &Session, b: &Session) -> Ordering {
    a.start
        .cmp(&b.start)
        .then(a.end.cmp(&b.end))
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.id.cmp(&b.id))
}

/// Sorts references to sessions in time order (through [`crate::sort`], like every sort
/// the app does).
pub fn sort_sessions(sessions: &mut [&Session]) {
    crate::sort::by(sessions, |a, b| chronological(a, b));
}

/// Two sessions overlap when each starts before the other ends (touching is not overlapping).
pub fn overlaps(a: &Session, b: &Session) -> bool {
    a.start < b.end && b.start < a.end
}

/// The part of the day a session starts in, as the programme groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartOfDay {
    Morning,
    Afternoon,
    Evening,
}

impl PartOfDay {
    /// Before 12:30 is the morning (the 2013 programme lists the 12:00 lunch under
    /// "Matinée"), from 19:00 the evening.
    pub fn of(start: &DateTime<FixedOffset>) -> Self {
        let minutes = start.hour() * 60 + start.minute();
        if minutes < 12 * 60 + 30 {
            Self::Morning
        } else if minutes < 19 * 60 {
            Self::Afternoon
        } else {
            Self::Evening
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Morning => "Matinée",
            Self::Afternoon => "Après-midi",
            Self::Evening => "Soirée",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Morning => "matin",
            Self::Afternoon => "apres-midi",
            Self::Evening => "soir",
        }
    }
}

/// A run of sessions sharing a local day and a part of that day.
#[derive(Debug, Clone, PartialEq)]
pub struct Group<'a> {
    pub day: NaiveDate,
    pub part: PartOfDay,
    pub sessions: Vec<&'a Session>,
}

/// Groups sessions (in any order) by local day then part of day, each group in time order.
pub fn group_by_part_of_day<'a>(sessions: impl IntoIterator<Item = &'a Session>) -> Vec<Group<'a>> {
    let mut sorted: Vec<&Session> = sessions.into_iter().collect();
    sort_sessions(&mut sorted);
    let mut groups: Vec<Group<'a>> = Vec::new();
    for s in sorted {
        let day = s.start.date_naive();
        let part = PartOfDay::of(&s.start);
        match groups.last_mut() {
            Some(g) if g.day == day && g.part == part => g.sessions.push(s),
            _ => groups.push(Group {
                day,
                part,
                sessions: vec![s],
            }),
        }
    }
    groups
}

/// What is on at an instant and what comes next.
#[derive(Debug, Clone, PartialEq)]
pub struct NowNext<'a> {
    /// Sessions running at the instant, in time order.
    pub now: Vec<&'a Session>,
    /// The sessions that start next (all those sharing the earliest upcoming start).
    pub next: Vec<&'a Session>,
    /// When this answer stops being true: the earliest end of a running session or start of
    /// an upcoming one. `None` once the programme is over.
    pub changes_at: Option<DateTime<Utc>>,
}

/// Now and next at `at`, ignoring cancelled sessions.
pub fn now_next<'a>(sessions: impl IntoIterator<Item = &'a Session>, at: DateTime<Utc>) -> NowNext<'a> {
    let mut now = Vec::new();
    let mut upcoming: Vec<&Session> = Vec::new();
    for s in sessions.into_iter().filter(|s| !s.is_cancelled()) {
        if s.start <= at && at < s.end {
            now.push(s);
        } else if s.start > at {
            upcoming.push(s);
        }
    }
    sort_sessions(&mut now);
    sort_sessions(&mut upcoming);
    let next: Vec<&Session> = match upcoming.first() {
        Some(first) => upcoming
            .iter()
            .copied()
            .take_while(|s| s.start == first.start)
            .collect(),
        None => Vec::new(),
    };
    let changes_at = now
        .iter()
        .map(|s| s.end.with_timezone(&Utc))
        .chain(next.first().map(|s| s.start.with_timezone(&Utc)))
        .min();
    NowNext { now, next, changes_at }
}

/// Where an instant stands relative to the event's days, in the event's local calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Before,
    During,
    After,
}

/// `offset` is the event's UTC offset on its days (taken from its first session).
pub fn phase(start_date: NaiveDate, end_date: NaiveDate, offset: FixedOffset, at: DateTime<Utc>) -> Phase {
    let local = at.with_timezone(&offset).date_naive();
    if local < start_date {
        Phase::Before
    } else if local > end_date {
        Phase::After
    } else {
        Phase::During
    }
}

const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_SHORT: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
];

fn weekday_fr(day: Weekday) -> &'static str {
    WEEKDAYS[day.num_days_from_monday() as usize]
}

/// "mardi 8 octobre" (the first of the month is "1er"), a no-break space between the day
/// and its month, so that a line never ends on "8".
pub fn format_day(date: NaiveDate) -> String {
    format!(
        "{} {}\u{a0}{}",
        weekday_fr(date.weekday()),
        day_number(date.day()),
        MONTHS[date.month0() as usize]
    )
}

/// "mardi 8 octobre 2013", the year kept on the month's line.
pub fn format_day_with_year(date: NaiveDate) -> String {
    format!("{}\u{a0}{}", format_day(date), date.year())
}

/// "mardi 8 octobre à 14 h 15": a moment in words without its year, in the offset `t`
/// carries.
pub fn format_day_time(t: &DateTime<FixedOffset>) -> String {
    format!("{} à {}", format_day(t.date_naive()), format_time_fr(t))
}

/// "mardi 8 octobre 2013 à 14 h 15": a moment in words, in the offset `t` carries.
pub fn format_moment(t: &DateTime<FixedOffset>) -> String {
    format!("{} à {}", format_day_with_year(t.date_naive()), format_time_fr(t))
}

/// "Mardi 8 octobre, de 16 h 30 à 18 h": when a session takes place, as a sentence starts.
pub fn format_span(start: &DateTime<FixedOffset>, end: &DateTime<FixedOffset>) -> String {
    format!(
        "{}, de {} à {}",
        capitalize(&format_day(start.date_naive())),
        format_time_fr(start),
        format_time_fr(end)
    )
}

/// "8 oct." for compact notices, kept on one line.
pub fn format_day_short(date: NaiveDate) -> String {
    format!(
        "{}\u{a0}{}",
        day_number(date.day()),
        MONTHS_SHORT[date.month0() as usize]
    )
}

fn day_number(day: u32) -> String {
    if day == 1 {
        "1er".to_owned()
    } else {
        day.to_string()
    }
}

/// "14:15", the wall-clock time in the stored (event) offset.
pub fn format_hm(t: &DateTime<FixedOffset>) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "14 h 15", or "14 h" on the hour, for sentences; its spaces are no-break spaces, so a
/// line never ends inside a time.
pub fn format_time_fr(t: &DateTime<FixedOffset>) -> String {
    if t.minute() == 0 {
        format!("{}\u{a0}h", t.hour())
    } else {
        format!("{}\u{a0}h\u{a0}{:02}", t.hour(), t.minute())
    }
}

/// "1 h 15", "45 min", "2 h", with no-break spaces as in [`format_time_fr`].
pub fn format_duration(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (h, m) {
        (0, m) => format!("{m}\u{a0}min"),
        (h, 0) => format!("{h}\u{a0}h"),
        (h, m) => format!("{h}\u{a0}h\u{a0}{m:02}"),
    }
}

/// Reads `2013-10-08T14:20` or `2013-10-08T14:20:00` (a space may replace the `T`), a
/// local time typed in a URL such as `?now=`. Read by hand: chrono's strftime parser would
/// cost the phone kilobytes of wasm.
pub fn parse_local_datetime(raw: &str) -> Option<chrono::NaiveDateTime> {
    let raw = raw.trim();
    let (date, time) = raw.split_once('T').or_else(|| raw.split_once(' '))?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.splitn(3, ':').map(|p| p.parse::<u32>().ok());
    let (hour, minute) = (t.next()??, t.next()??);
    let second = match t.next() {
        Some(s) => s?,
        None => 0,
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?.and_hms_opt(hour, minute, second)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::session;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn overlap_needs_shared_time_not_a_touch() {
        let a = session("a", "10:00", "12:00");
        let b = session("b", "11:30", "12:30");
        let c = session("c", "12:00", "13:00");
        assert!(overlaps(&a, &b));
        assert!(overlaps(&b, &a));
        assert!(!overlaps(&a, &c));
    }

    #[test]
    fn groups_follow_the_2013_programme() {
        let sessions = [
            session("conf", "14:15", "15:30"),
            session("debat", "10:00", "12:00"),
            session("dej", "12:00", "13:00"),
            session("accueil", "13:00", "14:00"),
            session("cocktail", "19:30", "21:00"),
        ];
        let groups = group_by_part_of_day(&sessions);
        let parts: Vec<(PartOfDay, Vec<&str>)> = groups
            .iter()
            .map(|g| (g.part, g.sessions.iter().map(|s| s.id.as_str()).collect()))
            .collect();
        assert_eq!(
            parts,
            vec![
                (PartOfDay::Morning, vec!["debat", "dej"]),
                (PartOfDay::Afternoon, vec!["accueil", "conf"]),
                (PartOfDay::Evening, vec!["cocktail"]),
            ]
        );
    }

    #[test]
    fn now_next_at_an_instant() {
        let mut cancelled = session("x", "14:00", "15:00");
        cancelled.status = crate::edition::Status::Cancelled;
        let sessions = [
            session("ouverture", "14:00", "14:15"),
            session("conf", "14:15", "15:30"),
            session("pause", "15:30", "16:30"),
            cancelled,
        ];
        let at = utc("2013-10-08T12:20:00Z"); // 14:20 in Angers
        let nn = now_next(&sessions, at);
        assert_eq!(nn.now.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["conf"]);
        assert_eq!(nn.next.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["pause"]);
        assert_eq!(nn.changes_at, Some(utc("2013-10-08T13:30:00Z")));

        let over = now_next(&sessions, utc("2013-10-08T20:00:00Z"));
        assert!(over.now.is_empty() && over.next.is_empty() && over.changes_at.is_none());
    }

    #[test]
    fn local_datetimes_from_urls() {
        let t = parse_local_datetime("2013-10-08T14:20").unwrap();
        assert_eq!(t.to_string(), "2013-10-08 14:20:00");
        assert_eq!(
            parse_local_datetime("2013-10-08 14:20:30").unwrap().to_string(),
            "2013-10-08 14:20:30"
        );
        // Display then parse gives the same instant (the clock stores it this way).
        assert_eq!(parse_local_datetime(&t.to_string()), Some(t));
        for bad in [
            "",
            "2013-10-08",
            "2013-13-08T10:00",
            "2013-10-08T25:00",
            "demain T midi",
            "2013-10-08T14:2x",
        ] {
            assert_eq!(parse_local_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn french_formats() {
        let t = DateTime::parse_from_rfc3339("2013-10-08T14:15:00+02:00").unwrap();
        assert_eq!(format_hm(&t), "14:15");
        assert_eq!(format_time_fr(&t), "14\u{a0}h\u{a0}15");
        assert_eq!(format_day(t.date_naive()), "mardi 8\u{a0}octobre");
        assert_eq!(
            format_day_with_year(NaiveDate::from_ymd_opt(2013, 10, 1).unwrap()),
            "mardi 1er\u{a0}octobre\u{a0}2013"
        );
        assert_eq!(format_day_short(t.date_naive()), "8\u{a0}oct.");
        assert_eq!(format_moment(&t), "mardi 8\u{a0}octobre\u{a0}2013 à 14\u{a0}h\u{a0}15");
        let end = DateTime::parse_from_rfc3339("2013-10-08T16:00:00+02:00").unwrap();
        assert_eq!(
            format_span(&t, &end),
            "Mardi 8\u{a0}octobre, de 14\u{a0}h\u{a0}15 à 16\u{a0}h"
        );
        assert_eq!(format_duration(75), "1\u{a0}h\u{a0}15");
        assert_eq!(format_duration(45), "45\u{a0}min");
        assert_eq!(format_duration(120), "2\u{a0}h");
    }

    #[test]
    fn local_time_does_not_depend_on_the_visitor_zone() {
        // The same instant written in UTC is still shown at the event's offset once the
        // document stores it with that offset.
        let utc_written = DateTime::parse_from_rfc3339("2013-10-08T12:15:00Z").unwrap();
        let paris = FixedOffset::east_opt(2 * 3600).unwrap();
        assert_eq!(format_hm(&utc_written.with_timezone(&paris)), "14:15");
    }

    #[test]
    fn phase_uses_the_event_calendar() {
        let day = NaiveDate::from_ymd_opt(2013, 10, 8).unwrap();
        let paris = FixedOffset::east_opt(2 * 3600).unwrap();
        // 23:30 UTC on the 7th is already the 8th in Angers.
        assert_eq!(phase(day, day, paris, utc("2013-10-07T23:30:00Z")), Phase::During);
        assert_eq!(phase(day, day, paris, utc("2013-10-07T21:00:00Z")), Phase::Before);
        assert_eq!(phase(day, day, paris, utc("2013-10-08T22:30:00Z")), Phase::After);
    }
}
