//! Calendar export: sessions as an iCalendar file (RFC 5545) that calendar apps import.
//!
//! The format itself (line folding at 75 octets on character boundaries, CRLF, escaping of
//! text values) is the `icalendar` crate's; this module decides what goes in it:
//! - one `VEVENT` per session, whose `UID` is `{edition}-{session}@agir-ensemble`, so
//!   importing an updated file updates the events instead of adding copies;
//! - times in UTC (`…Z`): the document stores every time with its UTC offset, so the
//!   instant is exact without a time-zone database (which the wasm app does not carry),
//!   and every calendar shows it in its own zone;
//! - `SEQUENCE` is the programme's revision, which only grows, so a newer file wins;
//! - a display alarm 15 minutes before.

use chrono::{DateTime, Utc};
use icalendar::{Alarm, Calendar, Component, Event, EventLike, EventStatus, Property, Trigger};

use crate::edition::{Edition, Session};

/// Minutes before a session when the calendar reminds the person.
pub const ALARM_MINUTES: i64 = 15;

/// The stable identifier of a session's event, across revisions and exports.
pub fn uid(edition: &Edition, session: &Session) -> String {
    format!("{}@agir-ensemble", uid_stem(edition, session))
}

fn uid_stem(edition: &Edition, session: &Session) -> String {
    format!("{}-{}", edition.edition, session.id)
}

/// The downloaded file's name, such as `agir-ensemble-2013.ics`.
pub fn file_name(edition: &Edition) -> String {
    format!("agir-ensemble-{}.ics", edition.edition)
}

/// The address of a session's page under the public URL (`https://…/programme/{id}`).
pub fn session_url(base_url: &str, session: &Session) -> String {
    format!("{}/programme/{}", base_url.trim_end_matches('/'), session.id)
}

/// An iCalendar file with one event per session (in the order given).
///
/// `base_url` is the public address of the app (the sessions' pages are under it);
/// `stamp` is when the file is made (`DTSTAMP` and `LAST-MODIFIED`), passed in so the
/// output is reproducible.
pub fn calendar(edition: &Edition, sessions: &[&Session], base_url: &str, stamp: DateTime<Utc>) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//CCAS d'Angers//Agir ensemble//FR"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.append_property(Property::new(
        "X-WR-CALNAME",
        clean(&format!("{} {}", edition.event.name, edition.edition)),
    ));
    for session in sessions {
        cal.push(event(edition, session, base_url, stamp));
    }
    cal.to_string()
}

fn event(edition: &Edition, session: &Session, base_url: &str, stamp: DateTime<Utc>) -> Event {
    let title = clean(&session.title);
    let summary = if session.is_cancelled() {
        format!("Annulée : {title}")
    } else {
        title.clone()
    };
    let url = session_url(base_url, session);
    let mut description = Vec::new();
    if session.is_cancelled() {
        description.push("Séance annulée.".to_owned());
    }
    let speakers: Vec<&str> = session
        .speakers
        .iter()
        .filter_map(|r| edition.speaker(&r.speaker))
        .map(|s| s.name.as_str())
        .collect();
    if !speakers.is_empty() {
        description.push(format!("Avec {}.", speakers.join(", ")));
    }
    if let Some(d) = &session.description {
        description.push(clean(d));
    }
    description.push(format!("Programme : {url}"));

    let mut e = Event::new();
    e.uid(&uid(edition, session))
        .timestamp(stamp)
        .last_modified(stamp)
        .sequence(edition.revision)
        .summary(&summary)
        .starts(session.start.with_timezone(&Utc))
        .ends(session.end.with_timezone(&Utc))
        .location(&clean(&location(edition, session)))
        .url(&url)
        .description(&description.join("\n"))
        .status(if session.is_cancelled() {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if !session.is_cancelled() {
        let mut alarm = Alarm::display(
            &format!("Dans {ALARM_MINUTES} minutes : {title}"),
            Trigger::before_start(chrono::Duration::minutes(ALARM_MINUTES)),
        );
        // The crate writes `-PT900S`; the same duration, as people write it. It also gives
        // every component a DTSTAMP and a UID, random when not set: keep them stable so
        // the same programme always exports the same file.
        alarm
            .append_property(Property::new("TRIGGER", format!("-PT{ALARM_MINUTES}M")))
            .add_property("UID", format!("{}-rappel@agir-ensemble", uid_stem(edition, session)))
            .timestamp(stamp);
        e.alarm(alarm);
    }
    e.done()
}

/// "Auditorium, Centre de congrès d'Angers, 33 boulevard Carnot, 49100 Angers".
fn location(edition: &Edition, session: &Session) -> String {
    let venue = &edition.event.venue;
    session
        .place
        .as_ref()
        .and_then(|p| edition.place(p))
        .map(|p| p.name.as_str())
        .into_iter()
        .chain([venue.name.as_str()])
        .chain(venue.address.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text as the format expects it before escaping: line breaks as `\n` only (a stray `\r`
/// would end the content line), no other control characters.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::edition;

    fn stamp() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2013-10-01T08:00:00Z").unwrap().to_utc()
    }

    fn export(e: &Edition) -> String {
        let sessions: Vec<&Session> = e.sessions.iter().collect();
        calendar(e, &sessions, "https://agir.example.fr/", stamp())
    }

    /// Content lines with their folds undone (RFC 5545 §3.1).
    fn unfold(text: &str) -> Vec<String> {
        text.replace("\r\n ", "").split("\r\n").map(str::to_owned).collect()
    }

    #[test]
    fn every_line_ends_with_crlf_and_fits_75_octets() {
        let mut e = edition();
        e.sessions[1].title = "Conférence : « Repenser la solidarité » face à un contexte socio-économique \
                               fragilisé, où l'on débat, échange, réfléchit ; ensemble à Angers"
            .into();
        let text = export(&e);
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF");
        assert!(!text.replace("\r\n", "").contains('\r'), "a bare CR");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets : {line}", line.len());
        }
        // Folding cut no character in two (the text is valid UTF-8 line by line) and
        // unfolding gives the title back, escaped.
        let summary = unfold(&text)
            .into_iter()
            .find(|l| l.starts_with("SUMMARY:Conf"))
            .unwrap();
        assert_eq!(
            summary,
            "SUMMARY:Conférence : « Repenser la solidarité » face à un contexte socio-économique \
             fragilisé\\, où l'on débat\\, échange\\, réfléchit \\; ensemble à Angers"
        );
    }

    #[test]
    fn text_is_escaped_and_control_characters_cannot_break_lines() {
        let mut e = edition();
        e.sessions[0].title = "a,b;c\\d".into();
        e.sessions[0].description = Some("ligne 1\r\nligne 2\rligne 3\u{7}".into());
        let lines = unfold(&export(&e));
        assert!(lines.contains(&"SUMMARY:a\\,b\\;c\\\\d".to_owned()), "{lines:?}");
        let description = lines.iter().find(|l| l.starts_with("DESCRIPTION:ligne")).unwrap();
        assert!(
            description.starts_with("DESCRIPTION:ligne 1\\nligne 2\\nligne 3\\nProgramme"),
            "{description}"
        );
    }

    #[test]
    fn events_carry_a_stable_uid_utc_times_place_url_and_alarm() {
        let e = edition();
        let text = export(&e);
        let lines = unfold(&text);
        let has = |l: &str| assert!(lines.iter().any(|x| x == l), "{l} manque dans\n{text}");
        has("BEGIN:VCALENDAR");
        has("VERSION:2.0");
        has("UID:2013-conf@agir-ensemble");
        has("UID:2013-debat@agir-ensemble");
        has("DTSTART:20131008T121500Z"); // 14:15 in Angers
        has("DTEND:20131008T133000Z");
        has("DTSTAMP:20131001T080000Z");
        has("SEQUENCE:1");
        has("LOCATION:Auditorium\\, Centre de congrès");
        has("URL:https://agir.example.fr/programme/conf");
        has("TRIGGER:-PT15M");
        has("ACTION:DISPLAY");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
        assert_eq!(text.matches("BEGIN:VALARM").count(), 2);

        // The same session exported again, from a newer revision, keeps its UID and
        // carries a higher sequence.
        let mut newer = edition();
        newer.revision = 4;
        newer.sessions[1].start += chrono::Duration::minutes(30);
        let again = unfold(&export(&newer));
        assert!(again.contains(&"UID:2013-conf@agir-ensemble".to_owned()));
        assert!(again.contains(&"SEQUENCE:4".to_owned()));
        assert!(again.contains(&"DTSTART:20131008T124500Z".to_owned()));
    }

    #[test]
    fn a_cancelled_session_says_so_and_rings_no_alarm() {
        let mut e = edition();
        e.sessions[1].status = crate::edition::Status::Cancelled;
        let one = [&e.sessions[1]];
        let text = calendar(&e, &one, "https://agir.example.fr", stamp());
        let lines = unfold(&text);
        assert!(lines.contains(&"STATUS:CANCELLED".to_owned()));
        assert!(lines.contains(&"SUMMARY:Annulée : Séance conf".to_owned()));
        assert!(!text.contains("VALARM"));
    }

    #[test]
    fn names() {
        let e = edition();
        assert_eq!(file_name(&e), "agir-ensemble-2013.ics");
        assert_eq!(uid(&e, &e.sessions[0]), "2013-debat@agir-ensemble");
    }
}
