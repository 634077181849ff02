//! Recurring events (`RRULE`) as a programme sees them: a "Pause café" every day of a
//! three-day conference, a workshop every Tuesday. Daily and weekly rules are expanded (with
//! `INTERVAL`, `COUNT`, `UNTIL` and, weekly, `BYDAY`); a rule without an end stops at the
//! programme's last day. Anything else is refused with what it says, so the importer keeps
//! the first occurrence and tells the organizer.

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta, Weekday};

/// The most occurrences one event may give: past it, a rule is cut.
pub(super) const MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rule {
    weekly: bool,
    interval: u32,
    count: Option<u32>,
    until: Option<NaiveDate>,
    by_day: Vec<Weekday>,
}

impl Rule {
    /// Whether the rule says when it ends.
    pub(super) fn bounded(&self) -> bool {
        self.count.is_some() || self.until.is_some()
    }
}

/// Reads `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=4`; `Err` names the part we do not
/// expand.
pub(super) fn parse(raw: &str) -> Result<Rule, String> {
    let mut rule = Rule {
        weekly: false,
        interval: 1,
        count: None,
        until: None,
        by_day: Vec::new(),
    };
    let mut freq = None;
    for part in raw.split(';').filter(|p| !p.trim().is_empty()) {
        let (key, value) = part.split_once('=').ok_or_else(|| part.to_owned())?;
        let value = value.trim();
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(value.to_ascii_uppercase()),
            "INTERVAL" => rule.interval = value.parse().ok().filter(|&n| n > 0).ok_or_else(|| part.to_owned())?,
            "COUNT" => rule.count = Some(value.parse().map_err(|_| part.to_owned())?),
            "UNTIL" => {
                let date = value.get(..8).and_then(|d| NaiveDate::parse_from_str(d, "%Y%m%d").ok());
                rule.until = Some(date.ok_or_else(|| part.to_owned())?);
            }
            "BYDAY" => {
                for day in value.split(',') {
                    rule.by_day.push(weekday(day).ok_or_else(|| part.to_owned())?);
                }
            }
            "WKST" => {}
            _ => return Err(part.to_owned()),
        }
    }
    match freq.as_deref() {
        Some("DAILY") if rule.by_day.is_empty() => {}
        Some("WEEKLY") => rule.weekly = true,
        _ => return Err(format!("FREQ={}", freq.unwrap_or_default())),
    }
    Ok(rule)
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code.trim().to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// The local start of every occurrence, `start` first, until the rule's end or, for a rule
/// without one, `horizon`; at most [`MAX`].
pub(super) fn occurrences(rule: &Rule, start: NaiveDateTime, horizon: NaiveDate) -> Vec<NaiveDateTime> {
    let last = rule
        .until
        .unwrap_or(if rule.bounded() { NaiveDate::MAX } else { horizon });
    let limit = rule.count.map_or(MAX, |c| (c as usize).min(MAX));
    let step = i64::from(rule.interval);
    let mut found = vec![start];
    let mut days: Vec<Weekday> = rule.by_day.clone();
    if days.is_empty() {
        days.push(start.weekday());
    }
    days.sort_by_key(|d| d.num_days_from_monday());
    // Day by day for daily rules; week by week, each day of `BYDAY`, for weekly ones.
    let monday = start.date() - TimeDelta::days(i64::from(start.weekday().num_days_from_monday()));
    for period in 0_i64.. {
        let candidates: Vec<NaiveDate> = if rule.weekly {
            days.iter()
                .map(|d| monday + TimeDelta::days(7 * step * period + i64::from(d.num_days_from_monday())))
                .collect()
        } else {
            vec![start.date() + TimeDelta::days(step * period)]
        };
        if candidates.iter().all(|d| *d > last) || found.len() >= limit || period > 5 * 366 {
            break;
        }
        for date in candidates {
            let at = date.and_time(start.time());
            if at > start && date <= last && found.len() < limit {
                found.push(at);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn dates(rule: &str, start: &str, horizon: &str) -> Vec<String> {
        let horizon = NaiveDate::parse_from_str(horizon, "%Y-%m-%d").unwrap();
        occurrences(&parse(rule).unwrap(), at(start), horizon)
            .iter()
            .map(|t| t.format("%d %a %H:%M").to_string())
            .collect()
    }

    #[test]
    fn daily_and_weekly_rules_expand() {
        assert_eq!(
            dates("FREQ=DAILY;COUNT=3", "2024-10-15 10:30", "2024-10-15"),
            ["15 Tue 10:30", "16 Wed 10:30", "17 Thu 10:30"]
        );
        assert_eq!(
            dates("FREQ=DAILY;UNTIL=20241016T235959Z", "2024-10-15 10:30", "2024-10-15"),
            ["15 Tue 10:30", "16 Wed 10:30"]
        );
        assert_eq!(
            dates("FREQ=DAILY", "2024-10-15 10:30", "2024-10-16"),
            ["15 Tue 10:30", "16 Wed 10:30"],
            "to the programme's last day"
        );
        assert_eq!(
            dates("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4", "2024-10-15 14:00", "2024-10-15"),
            ["15 Tue 14:00", "17 Thu 14:00", "22 Tue 14:00", "24 Thu 14:00"]
        );
        assert_eq!(
            dates("FREQ=WEEKLY;INTERVAL=2;COUNT=2", "2024-10-15 14:00", "2024-10-15"),
            ["15 Tue 14:00", "29 Tue 14:00"]
        );
    }

    #[test]
    fn other_rules_are_refused_by_what_they_say() {
        assert_eq!(parse("FREQ=MONTHLY;BYMONTHDAY=1"), Err("BYMONTHDAY=1".into()));
        assert_eq!(parse("FREQ=YEARLY"), Err("FREQ=YEARLY".into()));
        assert_eq!(parse("FREQ=DAILY;BYDAY=MO"), Err("FREQ=DAILY".into()));
        let endless = parse("FREQ=DAILY").unwrap();
        assert_eq!(occurrences(&endless, at("2024-01-01 10:00"), NaiveDate::MAX).len(), MAX);
    }
}
