//! The `VTIMEZONE` of an event's zone (RFC 5545 §3.6.5), from the tz database: every
//! change of offset from the one in force at the start of the event's first year to the end
//! of its last, each an observance with its exact onset, so a calendar shows the sessions at
//! the right local hour without knowing the zone by name.

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::Lines;

/// The offset in force at one instant: seconds east of UTC, whether it is summer time, and
/// the zone's abbreviation for it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct State {
    offset: i32,
    daylight: bool,
    name: Option<String>,
}

fn state(tz: Tz, at: DateTime<Utc>) -> State {
    let o = tz.offset_from_utc_datetime(&at.naive_utc());
    State {
        offset: o.fix().local_minus_utc(),
        daylight: !o.dst_offset().is_zero(),
        name: o.abbreviation().map(str::to_owned),
    }
}

/// A change of offset: from when, and the states around it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Onset {
    at: DateTime<Utc>,
    from: State,
    to: State,
}

/// Every change of state in `[from, to)`, found day by day, then to the second.
fn onsets(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Onset> {
    let mut found = Vec::new();
    let mut day = from;
    let mut before = state(tz, day);
    while day < to {
        let next = day + TimeDelta::days(1);
        let after = state(tz, next);
        if after != before {
            // The first second of the new state, between `day` and `next`.
            let (mut lo, mut hi) = (day, next);
            while hi - lo > TimeDelta::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if state(tz, mid) == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(Onset {
                at: hi,
                from: before,
                to: after.clone(),
            });
        }
        before = after;
        day = next;
    }
    found
}

/// `+0200`, `-0330`, `+053028` when seconds are needed.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// Writes the `VTIMEZONE` of `tz` for events between `first` and `last`.
pub(super) fn vtimezone(out: &mut Lines, tz: Tz, first: NaiveDate, last: NaiveDate) {
    let jan1 = |year: i32| {
        Utc.from_utc_datetime(
            &NaiveDate::from_ymd_opt(year, 1, 1)
                .unwrap_or(NaiveDate::MIN)
                .and_time(chrono::NaiveTime::MIN),
        )
    };
    let (start, end) = (jan1(first.year()), jan1(last.year().saturating_add(1)));
    // The change in force when the window opens, looked for in the year before it.
    let earlier = onsets(tz, start - TimeDelta::days(366), start).pop();
    let mut observances: Vec<Onset> = earlier.into_iter().chain(onsets(tz, start, end)).collect();
    if observances.is_empty() {
        // A zone that does not change (UTC, Asia/Kolkata): one observance since 1970.
        let now = state(tz, start);
        observances.push(Onset {
            // Midnight local time.
            at: jan1(1970) - TimeDelta::seconds(i64::from(now.offset)),
            from: now.clone(),
            to: now,
        });
    }
    out.line("BEGIN", "VTIMEZONE");
    out.line("TZID", tz.name());
    for o in &observances {
        let kind = if o.to.daylight { "DAYLIGHT" } else { "STANDARD" };
        // The onset as a local time of the offset it ends (§3.6.5).
        let local = o.at.naive_utc() + TimeDelta::seconds(i64::from(o.from.offset));
        out.line("BEGIN", kind);
        out.line("DTSTART", &local.format("%Y%m%dT%H%M%S").to_string());
        out.line("TZOFFSETFROM", &offset_text(o.from.offset));
        out.line("TZOFFSETTO", &offset_text(o.to.offset));
        if let Some(name) = o.to.name.as_deref().filter(|n| !n.is_empty()) {
            out.text("TZNAME", name);
        }
        out.line("END", kind);
    }
    out.line("END", "VTIMEZONE");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(tz: Tz, first: &str, last: &str) -> String {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let mut out = Lines::default();
        vtimezone(&mut out, tz, day(first), day(last));
        out.0.replace("\r\n", "\n")
    }

    #[test]
    fn paris_in_2013_changes_twice_after_the_autumn_before() {
        let text = written(chrono_tz::Europe::Paris, "2013-10-08", "2013-10-08");
        assert_eq!(
            text,
            "BEGIN:VTIMEZONE\nTZID:Europe/Paris\n\
             BEGIN:STANDARD\nDTSTART:20121028T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD\n\
             BEGIN:DAYLIGHT\nDTSTART:20130331T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST\nEND:DAYLIGHT\n\
             BEGIN:STANDARD\nDTSTART:20131027T030000\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET\nEND:STANDARD\n\
             END:VTIMEZONE\n"
        );
    }

    #[test]
    fn a_zone_without_changes_has_one_observance() {
        let text = written(chrono_tz::Asia::Kolkata, "2023-09-10", "2023-09-17");
        assert!(
            text.contains("DTSTART:19700101T000000\nTZOFFSETFROM:+0530\nTZOFFSETTO:+0530\nTZNAME:IST\n"),
            "{text}"
        );
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1);
    }

    /// Reads the observances back the way a calendar does and finds, for every hour of the
    /// years covered, the offset the tz database gives.
    #[test]
    fn observances_give_the_offset_of_every_hour() {
        for (tz, first, last) in [
            (chrono_tz::Europe::Paris, "2024-03-30", "2025-10-27"),
            (chrono_tz::America::Santiago, "2024-04-05", "2024-09-08"),
            (chrono_tz::Australia::Lord_Howe, "2024-01-01", "2024-12-31"),
        ] {
            let text = written(tz, first, last);
            let mut rules: Vec<(chrono::NaiveDateTime, i32, i32)> = Vec::new();
            let mut block = (None, 0, 0);
            for line in text.lines() {
                if let Some(v) = line.strip_prefix("DTSTART:") {
                    block.0 = chrono::NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S").ok();
                }
                let seconds = |v: &str| {
                    let sign = if v.starts_with('-') { -1 } else { 1 };
                    let h: i32 = v[1..3].parse().unwrap();
                    let m: i32 = v[3..5].parse().unwrap();
                    sign * (h * 3600 + m * 60)
                };
                if let Some(v) = line.strip_prefix("TZOFFSETFROM:") {
                    block.1 = seconds(v);
                }
                if let Some(v) = line.strip_prefix("TZOFFSETTO:") {
                    block.2 = seconds(v);
                    rules.push((block.0.unwrap(), block.1, block.2));
                }
            }
            let year = NaiveDate::parse_from_str(first, "%Y-%m-%d").unwrap().year();
            let mut at = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).unwrap();
            while at.year() <= NaiveDate::parse_from_str(last, "%Y-%m-%d").unwrap().year() {
                let by_rules = rules
                    .iter()
                    .rfind(|(start, from, _)| at.naive_utc() >= *start - TimeDelta::seconds(i64::from(*from)))
                    .map(|r| r.2)
                    .unwrap();
                let truth = tz.offset_from_utc_datetime(&at.naive_utc()).fix().local_minus_utc();
                assert_eq!(by_rules, truth, "{} at {at}", tz.name());
                at += TimeDelta::minutes(30);
            }
        }
    }
}
