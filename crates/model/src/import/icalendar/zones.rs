//! The time zones iCalendar files name, and their date-times read in them. Office suites
//! write IANA names (`Europe/Paris`), Outlook its Windows names (`Romance Standard Time`),
//! older Mozilla products a prefixed path (`/mozilla.org/20050126_1/Europe/Paris`).

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, TimeZone};
use chrono_tz::Tz;

/// Windows zone names (Outlook, Exchange) most met in French organisations, and the IANA
/// zone each stands for (CLDR's mapping for the territory "001").
const WINDOWS: &[(&str, &str)] = &[
    ("Romance Standard Time", "Europe/Paris"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Helsinki"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("SA Western Standard Time", "America/Martinique"),
    ("SA Eastern Standard Time", "America/Cayenne"),
    ("Mauritius Standard Time", "Indian/Reunion"),
    ("Eastern Standard Time", "America/New_York"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("UTC", "UTC"),
];

/// The IANA zone a `TZID` names, if we can tell.
pub(super) fn resolve(tzid: &str) -> Option<Tz> {
    let name = tzid.trim().trim_matches('"').trim();
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz);
    }
    if let Some((_, iana)) = WINDOWS.iter().find(|(w, _)| w.eq_ignore_ascii_case(name)) {
        return iana.parse().ok();
    }
    // A path ending with an IANA name: try its last three, then two segments.
    let parts: Vec<&str> = name.split('/').filter(|p| !p.is_empty()).collect();
    [3, 2]
        .into_iter()
        .filter(|&n| parts.len() >= n)
        .find_map(|n| parts[parts.len() - n..].join("/").parse().ok())
}

/// A DATE or DATE-TIME value as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Value {
    /// All day (`VALUE=DATE`, `20241015`).
    Date(NaiveDate),
    /// `20241015T093000Z`.
    Utc(NaiveDateTime),
    /// A wall-clock time, in the zone of its `TZID` or, without one, the calendar's.
    Local(NaiveDateTime),
}

pub(super) fn read_value(raw: &str) -> Option<Value> {
    let raw = raw.trim();
    if raw.len() == 8 {
        return NaiveDate::parse_from_str(raw, "%Y%m%d").ok().map(Value::Date);
    }
    let (stamp, utc) = match raw.strip_suffix(['Z', 'z']) {
        Some(s) => (s, true),
        None => (raw, false),
    };
    let t = NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S")
        .or_else(|_| NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M"))
        .ok()?;
    Some(if utc { Value::Utc(t) } else { Value::Local(t) })
}

/// A wall-clock time of `tz` as RFC 3339; in a spring-forward gap, the hour after.
pub(super) fn in_zone(t: NaiveDateTime, tz: Tz) -> Option<String> {
    tz.from_local_datetime(&t)
        .earliest()
        .or_else(|| tz.from_local_datetime(&(t + TimeDelta::hours(1))).earliest())
        .map(|t| t.fixed_offset().to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_names_from_every_writer() {
        let name = |t: &str| resolve(t).map(|z| z.name());
        assert_eq!(name("Europe/Paris"), Some("Europe/Paris"));
        assert_eq!(name("\"Romance Standard Time\""), Some("Europe/Paris"));
        assert_eq!(name("/mozilla.org/20050126_1/Europe/Paris"), Some("Europe/Paris"));
        assert_eq!(
            name("/softwarestudio.org/Olson_20011030_5/America/Argentina/Buenos_Aires"),
            Some("America/Argentina/Buenos_Aires")
        );
        assert_eq!(name("Heure de Paris"), None);
    }

    #[test]
    fn values_with_and_without_zone() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(read_value("20241015T093000Z"), Some(Value::Utc(t("2024-10-15 09:30"))));
        assert_eq!(read_value("20241015T0930"), Some(Value::Local(t("2024-10-15 09:30"))));
        assert_eq!(
            read_value("20241015"),
            NaiveDate::from_ymd_opt(2024, 10, 15).map(Value::Date)
        );
        assert_eq!(read_value("15/10/2024"), None);
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(
            in_zone(t("2024-10-15 09:30"), paris).as_deref(),
            Some("2024-10-15T09:30:00+02:00")
        );
        assert_eq!(
            in_zone(t("2024-03-31 02:30"), paris).as_deref(),
            Some("2024-03-31T03:30:00+02:00")
        );
    }
}
