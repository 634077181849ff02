//! Calendar export: sessions as an iCalendar file (RFC 5545) that calendar apps import.
//!
//! Written here rather than with a crate: the format needs little (content lines folded
//! at 75 octets on character boundaries, CRLF, escaped text), and the `icalendar` crate
//! brought chrono's strftime machinery and random UIDs into the wasm. What goes in:
//! - one `VEVENT` per session, whose `UID` is `{edition}-{session}@agir-ensemble`, so
//!   importing an updated file updates the events instead of adding copies;
//! - times in UTC (`…Z`): the document stores every time with its UTC offset, so the
//!   instant is exact without a time-zone database (which the wasm app does not carry),
//!   and every calendar shows it in its own zone;
//! - `SEQUENCE` is the programme's revision, which only grows, so a newer file wins;
//! - a display alarm 15 minutes before.
//!
//! Read back by another parser (ical.js) in the end-to-end tests.

use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::edition::{Edition, Session};

#[cfg(feature = "export")]
mod feed;
#[cfg(feature = "export")]
mod history;
#[cfg(feature = "export")]
mod zone;

#[cfg(feature = "export")]
pub use feed::{programme, programme_uid, Feed};
#[cfg(feature = "export")]
pub use history::History;

/// Who writes our calendars; an importer knows our files by it.
pub const PRODID: &str = "-//CCAS d'Angers//Agir ensemble//FR";

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
    crate::paths::absolute(base_url, &crate::paths::session(&session.id))
}

/// An iCalendar file with one event per session (in the order given).
///
/// `base_url` is the public address of the app (the sessions' pages are under it);
/// `stamp` is when the file is made (`DTSTAMP` and `LAST-MODIFIED`), passed in so the
/// output is reproducible.
pub fn calendar(edition: &Edition, sessions: &[&Session], base_url: &str, stamp: DateTime<Utc>) -> String {
    let mut out = Lines::default();
    out.line("BEGIN", "VCALENDAR");
    out.line("VERSION", "2.0");
    out.line("PRODID", PRODID);
    out.line("CALSCALE", "GREGORIAN");
    out.line("METHOD", "PUBLISH");
    out.text("X-WR-CALNAME", &format!("{} {}", edition.event.name, edition.edition));
    let stamp = utc(stamp);
    for session in sessions {
        let head = Head {
            uid: uid(edition, session),
            stamp: &stamp,
            last_modified: &stamp,
            sequence: edition.revision,
            start: ("DTSTART", utc(session.start.to_utc())),
            end: ("DTEND", utc(session.end.to_utc())),
        };
        event(&mut out, edition, session, base_url, &head, |out| {
            alarm(out, edition, session, &stamp)
        });
    }
    out.line("END", "VCALENDAR");
    out.0
}

/// The lines of one event besides the person's reminder: both calendars write them alike.
struct Head<'a> {
    uid: String,
    stamp: &'a str,
    last_modified: &'a str,
    sequence: u32,
    /// `DTSTART` and `DTEND`, each its name with parameters and its value.
    start: (&'a str, String),
    end: (&'a str, String),
}

/// One `VEVENT`; `more` adds its last lines (the reminder, our extension properties).
fn event(
    out: &mut Lines,
    edition: &Edition,
    session: &Session,
    base_url: &str,
    head: &Head<'_>,
    more: impl FnOnce(&mut Lines),
) {
    let cancelled = session.is_cancelled();
    let title = clean(&session.title);
    let url = session_url(base_url, session);
    let mut description = Vec::new();
    if cancelled {
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
        description.push(d.clone());
    }
    description.push(format!("Programme : {url}"));

    out.line("BEGIN", "VEVENT");
    out.line("UID", &head.uid);
    out.line("DTSTAMP", head.stamp);
    out.line("LAST-MODIFIED", head.last_modified);
    out.line("SEQUENCE", &head.sequence.to_string());
    if cancelled {
        out.text("SUMMARY", &format!("Annulée : {title}"));
    } else {
        out.text("SUMMARY", &title);
    }
    out.line(head.start.0, &head.start.1);
    out.line(head.end.0, &head.end.1);
    out.text("LOCATION", &location(edition, session));
    out.line("URL", &url);
    out.text("DESCRIPTION", &description.join("\n"));
    out.line("STATUS", if cancelled { "CANCELLED" } else { "CONFIRMED" });
    more(out);
    out.line("END", "VEVENT");
}

/// The reminder of "Mon programme", 15 minutes before a session that takes place.
fn alarm(out: &mut Lines, edition: &Edition, session: &Session, stamp: &str) {
    if session.is_cancelled() {
        return;
    }
    out.line("BEGIN", "VALARM");
    out.line("UID", &format!("{}-rappel@agir-ensemble", uid_stem(edition, session)));
    out.line("DTSTAMP", stamp);
    out.line("ACTION", "DISPLAY");
    out.text(
        "DESCRIPTION",
        &format!("Dans {ALARM_MINUTES} minutes : {}", clean(&session.title)),
    );
    out.line("TRIGGER", &format!("-PT{ALARM_MINUTES}M"));
    out.line("END", "VALARM");
}

/// `20131008T121500Z`.
fn utc(t: DateTime<Utc>) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The file being written: content lines, folded and ended by CRLF (RFC 5545 §3.1).
#[derive(Default)]
struct Lines(String);

impl Lines {
    /// `NAME:value`, the value written as is. A fold never follows white space: lenient
    /// readers (the `ical` crate among them) trim each physical line before unfolding, and
    /// "Œuvre des" would come back "Œuvredes". So white space goes with the character after
    /// it, and the line folds before the pair; only a run of white space longer than a line
    /// is cut inside.
    fn line(&mut self, name: &str, value: &str) {
        const MAX: usize = 75;
        let line = format!("{name}:{value}");
        let mut width = 0;
        let mut rest = line.as_str();
        while !rest.is_empty() {
            let blank = rest.len() - rest.trim_start().len();
            let end = rest[blank..].chars().next().map_or(blank, |c| blank + c.len_utf8());
            let (piece, after) = rest.split_at(end);
            // A fold is CRLF and a space, which counts in the next line's 75 octets.
            if width + piece.len() > MAX && piece.len() < MAX {
                self.0.push_str("\r\n ");
                width = 1;
            }
            for c in piece.chars() {
                if width + c.len_utf8() > MAX {
                    self.0.push_str("\r\n ");
                    width = 1;
                }
                self.0.push(c);
                width += c.len_utf8();
            }
            rest = after;
        }
        self.0.push_str("\r\n");
    }

    /// A TEXT value (§3.3.11), without the white space it ends with, which readers trim.
    fn text(&mut self, name: &str, value: &str) {
        self.line(name, escape(value).trim_end());
    }
}

/// A TEXT value as written (§3.3.11): backslash, comma and semicolon escaped, line breaks
/// as `\n`.
fn escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in clean(value).chars() {
        match c {
            '\\' | ',' | ';' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
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
    pub(super) fn unfold(text: &str) -> Vec<String> {
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

    /// Found by the property tests (`tests/props/calendar.rs`): a fold right after a space
    /// lost the space in readers that trim each physical line ("Œuvredes Cœurs").
    #[test]
    fn no_line_ends_with_white_space_before_a_fold() {
        let mut e = edition();
        e.sessions[0].title = format!("{} Œuvre des Cœurs  ", "a".repeat(66));
        let text = export(&e);
        for line in text.split("\r\n") {
            assert_eq!(line.trim_end(), line, "{text}");
        }
        let summary = unfold(&text).into_iter().find(|l| l.starts_with("SUMMARY:")).unwrap();
        assert_eq!(summary, format!("SUMMARY:{} Œuvre des Cœurs", "a".repeat(66)));
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
