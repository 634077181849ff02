//! The whole programme as a calendar to subscribe to (`programme.ics`): the same events as
//! "Mon programme" writes, every session included (cancelled ones marked
//! `STATUS:CANCELLED`), but with what a subscription needs:
//! - a `UID` of the edition, the session and the site (`2013-debat@agir.angers.fr`), which
//!   never changes, and a `SEQUENCE` and `LAST-MODIFIED` read from the edition's history
//!   ([`History`]), so a calendar applies a move instead of keeping the old time;
//! - local times in the event's zone (`DTSTART;TZID=Europe/Paris:…`) with that zone's
//!   `VTIMEZONE`; UTC times when the zone is unknown;
//! - no reminders (a whole programme ringing every quarter of an hour would be unbearable);
//! - what the format has no property for, as documented extension properties:
//!   `X-AGIR-KIND` (the session's kind code), `X-AGIR-AUDIENCE` (its audiences),
//!   `X-AGIR-STANDS` (the names of its stands), `X-AGIR-ASSUMED` (the fields still to
//!   confirm); themes are `CATEGORIES`.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{escape, event, uid_stem, utc, zone::vtimezone, Head, History, Lines};
use crate::edition::{Edition, Session};

/// What the feed needs besides the edition.
#[derive(Debug, Clone, Copy)]
pub struct Feed<'a> {
    /// The public address of the site: the sessions' pages, and the host in every `UID`.
    pub public_url: &'a str,
    /// When the edition's current revision was published (`DTSTAMP`).
    pub published: DateTime<Utc>,
    /// The edition's history up to its current revision.
    pub history: &'a History,
}

/// The host part of a public address, for `UID`s: `agir.angers.fr`.
fn host(public_url: &str) -> &str {
    let rest = public_url.split_once("://").map_or(public_url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next().unwrap_or_default();
    if host.is_empty() {
        "agir-ensemble"
    } else {
        host
    }
}

/// The stable identifier of a session's event in the subscribed programme.
pub fn programme_uid(edition: &Edition, session: &Session, public_url: &str) -> String {
    format!("{}@{}", uid_stem(edition, session), host(public_url))
}

/// The whole programme of `edition`, every session in document order.
pub fn programme(edition: &Edition, feed: &Feed<'_>) -> String {
    let tz = edition.event.time_zone.parse::<Tz>().ok();
    let stamp = utc(feed.published);
    let name = format!("{} {}", edition.event.name, edition.edition);
    let mut out = Lines::default();
    out.line("BEGIN", "VCALENDAR");
    out.line("VERSION", "2.0");
    out.line("PRODID", super::PRODID);
    out.line("CALSCALE", "GREGORIAN");
    out.line("METHOD", "PUBLISH");
    out.text("X-WR-CALNAME", &name);
    out.text("NAME", &name);
    out.text(
        "X-WR-CALDESC",
        &format!(
            "Le programme de « {} », tenu à jour par les organisateurs.",
            edition.event.name
        ),
    );
    out.line("URL", &crate::paths::absolute(feed.public_url, crate::paths::PROGRAMME));
    out.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H");
    out.line("X-PUBLISHED-TTL", "PT1H");
    if let Some(tz) = tz {
        out.line("X-WR-TIMEZONE", tz.name());
        vtimezone(&mut out, tz, edition.event.start_date, last_day(edition));
    }
    for session in &edition.sessions {
        let modified = feed.history.modified(&session.id).unwrap_or(feed.published);
        let modified = utc(modified.min(feed.published));
        let (start, end) = match tz {
            Some(tz) => {
                let name = format!("DTSTART;TZID={}", tz.name());
                let local = |t: DateTime<chrono::FixedOffset>| {
                    t.with_timezone(&tz).naive_local().format("%Y%m%dT%H%M%S").to_string()
                };
                (
                    (name.clone(), local(session.start)),
                    (name.replacen("START", "END", 1), local(session.end)),
                )
            }
            None => (
                ("DTSTART".to_owned(), utc(session.start.to_utc())),
                ("DTEND".to_owned(), utc(session.end.to_utc())),
            ),
        };
        let head = Head {
            uid: programme_uid(edition, session, feed.public_url),
            stamp: &stamp,
            last_modified: &modified,
            sequence: feed.history.sequence(&session.id),
            start: (&start.0, start.1),
            end: (&end.0, end.1),
        };
        event(&mut out, edition, session, feed.public_url, &head, |out| {
            extensions(out, edition, session)
        });
    }
    out.line("END", "VCALENDAR");
    out.0
}

/// The last day of the event, or of a session past it.
fn last_day(edition: &Edition) -> chrono::NaiveDate {
    edition
        .sessions
        .iter()
        .map(|s| s.end.date_naive())
        .chain([edition.event.end_date])
        .max()
        .unwrap_or(edition.event.end_date)
}

/// Themes as `CATEGORIES`, and the `X-AGIR-…` properties.
fn extensions(out: &mut Lines, edition: &Edition, session: &Session) {
    list(out, "CATEGORIES", session.themes.iter().map(String::as_str));
    out.line("X-AGIR-KIND", session.kind.code());
    list(out, "X-AGIR-AUDIENCE", session.audience.iter().map(String::as_str));
    list(
        out,
        "X-AGIR-STANDS",
        session
            .stands
            .iter()
            .filter_map(|id| edition.stand(id))
            .map(|s| s.name.as_str()),
    );
    list(out, "X-AGIR-ASSUMED", session.assumed.iter().map(String::as_str));
}

/// A list of TEXT values, each escaped, separated by commas; nothing when empty.
fn list<'a>(out: &mut Lines, name: &str, values: impl Iterator<Item = &'a str>) {
    let values: Vec<String> = values.map(escape).collect();
    if !values.is_empty() {
        out.line(name, &values.join(","));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::edition;

    #[test]
    fn events_are_in_the_zone_with_their_history_and_no_alarm() {
        // Arrange: the conference moved in a second revision.
        let first = edition();
        let published = |h: u32| {
            DateTime::parse_from_rfc3339(&format!("2013-10-01T{h:02}:00:00Z"))
                .unwrap()
                .to_utc()
        };
        let mut history = History::first(&first, published(8));
        let mut second = first.clone();
        second.revision = 2;
        second.sessions[1].start += chrono::Duration::minutes(30);
        second.sessions[1].themes = vec!["Solidarité".into(), "Emploi, insertion".into()];
        second.sessions[1].status = crate::edition::Status::Cancelled;
        history.advance(Some(&first), &second, published(9));
        let feed = Feed {
            public_url: "https://agir.angers.fr/",
            published: published(9),
            history: &history,
        };
        // Act
        let text = programme(&second, &feed);
        // Assert
        let lines = super::super::tests::unfold(&text);
        let has = |l: &str| assert!(lines.iter().any(|x| x == l), "{l} manque dans\n{text}");
        has("X-WR-TIMEZONE:Europe/Paris");
        has("TZID:Europe/Paris");
        has("UID:2013-conf@agir.angers.fr");
        has("DTSTART;TZID=Europe/Paris:20131008T144500");
        has("DTEND;TZID=Europe/Paris:20131008T153000");
        has("SEQUENCE:2");
        has("SEQUENCE:0");
        has("LAST-MODIFIED:20131001T090000Z");
        has("LAST-MODIFIED:20131001T080000Z");
        has("DTSTAMP:20131001T090000Z");
        has("STATUS:CANCELLED");
        has("CATEGORIES:Solidarité,Emploi\\, insertion");
        has("X-AGIR-KIND:debate");
        has("X-AGIR-STANDS:Restos du cœur");
        assert!(!text.contains("VALARM"), "no reminders in a whole programme");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 2);
    }

    #[test]
    fn hosts_of_public_addresses() {
        assert_eq!(host("https://agir.angers.fr"), "agir.angers.fr");
        assert_eq!(host("http://127.0.0.1:8080/"), "127.0.0.1");
        assert_eq!(host("https://u@agir.fr/x"), "agir.fr");
        assert_eq!(host(""), "agir-ensemble");
    }
}
