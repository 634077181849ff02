//! The programme in the formats other tools read: C3VOC `schedule.json` ([`schedule_json`])
//! and frab `schedule.xml` ([`schedule_xml`]), which schedule apps (Giggity,
//! EventFahrplan), video teams and open-data portals read; the subscribable calendar is
//! [`crate::ics::programme`]. Both schedules are valid against the upstream schema and
//! XSD (checked by the server's tests with validators that are not these writers).
//!
//! What the formats need and our model does not have is made up, the same way each time:
//! numeric event ids (a session's own id when it is a number, else the next free one),
//! UUIDs derived from the public address, the edition's slug and the session's id (so they
//! never change), a conference acronym from the edition's slug. What our model has and the
//! formats lack follows [`crate::interop`]. Needs the `export` feature (the server's).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

use crate::edition::{Edition, Session, SessionKind};
use crate::ids::EditionSlug;

mod c3voc_json;
mod frab_xml;

pub use c3voc_json::schedule_json;
pub use frab_xml::{schedule_xml, Attr as XmlAttribute, Esc as XmlText};

/// The C3VOC `type` of a session: words our importer reads back as the same kind.
fn kind_type(kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Debate => "discussion",
        SessionKind::Conference => "talk",
        SessionKind::RoundTable => "panel",
        SessionKind::Meal => "meal",
        SessionKind::Welcome => "welcome",
        SessionKind::Break => "break",
        SessionKind::Village => "village",
        SessionKind::Ceremony => "ceremony",
        SessionKind::Other => "other",
    }
}

/// A conference acronym both schemas accept (`[a-z0-9_]`, four characters at least):
/// `2013` stays, `agir-2014` becomes `agir_2014`, `ae` becomes `agir_ae`.
fn acronym(slug: &EditionSlug) -> String {
    let plain: String = slug
        .as_str()
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '_',
        })
        .collect();
    if plain.len() >= 4 {
        plain
    } else {
        format!("agir_{plain}")
    }
}

/// A UUID that never changes for the same thing of the same edition on the same site: the
/// 128-bit FNV-1a hash of `{public_url}|{edition}|{what}|{id}`, as a version 8 (custom)
/// UUID (RFC 9562), so no hashing crate is needed.
fn guid(public_url: &str, edition: &EditionSlug, what: &str, id: &str) -> String {
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut hash: u128 = 0x6c62272e07bb014262b821756295c58d;
    let key = format!("{}|{edition}|{what}|{id}", public_url.trim_end_matches('/'));
    for byte in key.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(PRIME);
    }
    let mut b = hash.to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80; // version 8
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Numeric event ids, in session order: a session whose id is a positive number keeps it
/// (an imported frab programme stays recognisable), the others take the next free numbers.
fn numbers(sessions: &[Session]) -> Vec<u64> {
    let own = |s: &Session| s.id.as_str().parse::<u64>().ok().filter(|&n| n > 0);
    let mut taken = std::collections::HashSet::new();
    let mut out: Vec<Option<u64>> = sessions.iter().map(|s| own(s).filter(|&n| taken.insert(n))).collect();
    let mut next = taken.iter().max().copied().unwrap_or(0);
    for slot in out.iter_mut().filter(|n| n.is_none()) {
        next += 1;
        *slot = Some(next);
    }
    out.into_iter().map(|n| n.unwrap_or_default()).collect()
}

/// `HH:MM`, hours past 24 allowed.
fn duration(session: &Session) -> String {
    let minutes = session.duration_minutes().max(0);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// One day of the programme: the sessions starting on that local date, by room.
struct Day<'a> {
    date: NaiveDate,
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    /// Room name ("" for sessions without a place) and its sessions, with their index in
    /// the edition, in the document's order of places.
    rooms: Vec<(&'a str, Vec<(usize, &'a Session)>)>,
}

/// Every day from the event's first to its last (and any day a session falls on outside
/// them), each from its first session's start to its last session's end (midnight to
/// midnight when it has none).
fn days(edition: &Edition) -> Vec<Day<'_>> {
    let offset = edition.offset();
    let mut dates: Vec<NaiveDate> = edition
        .event
        .start_date
        .iter_days()
        .take_while(|d| *d <= edition.event.end_date)
        .collect();
    for s in &edition.sessions {
        let d = s.start.date_naive();
        if !dates.contains(&d) {
            dates.push(d);
        }
    }
    dates.sort();
    let room_order: Vec<&str> = edition.places.iter().map(|p| p.name.as_str()).chain([""]).collect();
    dates
        .into_iter()
        .map(|date| {
            let today: Vec<(usize, &Session)> = edition
                .sessions
                .iter()
                .enumerate()
                .filter(|(_, s)| s.start.date_naive() == date)
                .collect();
            let midnight = |d: NaiveDate| {
                offset
                    .from_local_datetime(&d.and_time(NaiveTime::MIN))
                    .single()
                    .unwrap_or_else(|| offset.from_utc_datetime(&d.and_time(NaiveTime::MIN)))
            };
            let start = today
                .iter()
                .map(|(_, s)| s.start)
                .min()
                .unwrap_or_else(|| midnight(date));
            let end = today
                .iter()
                .map(|(_, s)| s.end)
                .max()
                .unwrap_or_else(|| midnight(date.succ_opt().unwrap_or(date)));
            let room_of = |s: &Session| {
                s.place
                    .as_ref()
                    .and_then(|p| edition.place(p))
                    .map_or("", |p| p.name.as_str())
            };
            let rooms = room_order
                .iter()
                .map(|&room| {
                    let sessions: Vec<(usize, &Session)> =
                        today.iter().copied().filter(|(_, s)| room_of(s) == room).collect();
                    (room, sessions)
                })
                .filter(|(_, sessions)| !sessions.is_empty())
                .collect();
            Day {
                date,
                start,
                end,
                rooms,
            }
        })
        .collect()
}

/// The description an event carries: the session's own, or nothing.
fn abstract_of(session: &Session) -> &str {
    session.description.as_deref().unwrap_or("")
}

/// The names of a session's speakers, in order, with their ids.
fn persons<'a>(edition: &'a Edition, session: &Session) -> Vec<&'a crate::edition::Speaker> {
    session
        .speakers
        .iter()
        .filter_map(|r| edition.speaker(&r.speaker))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{edition, session};

    #[test]
    fn acronyms_fit_both_schemas() {
        let a = |s: &str| acronym(&EditionSlug::parse(s).unwrap());
        assert_eq!(a("2013"), "2013");
        assert_eq!(a("agir-2014"), "agir_2014");
        assert_eq!(a("ae"), "agir_ae");
        assert_eq!(a("Ville.2015"), "ville_2015");
    }

    #[test]
    fn guids_are_stable_uuids() {
        let slug = EditionSlug::parse("2013").unwrap();
        let one = guid("https://a.fr/", &slug, "session", "debat");
        assert_eq!(one, guid("https://a.fr", &slug, "session", "debat"));
        assert_ne!(one, guid("https://a.fr", &slug, "session", "conf"));
        assert_ne!(one, guid("https://b.fr", &slug, "session", "debat"));
        let groups: Vec<usize> = one.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{one}");
        assert_eq!(&one[14..15], "8", "version 8: {one}");
        assert!(matches!(&one[19..20], "8" | "9" | "a" | "b"), "variant: {one}");
    }

    #[test]
    fn numeric_ids_are_kept_and_the_others_numbered_after_them() {
        let sessions = [
            session("debat", "10:00", "11:00"),
            session("42", "10:00", "11:00"),
            session("42", "10:00", "11:00"),
            session("7", "10:00", "11:00"),
        ];
        assert_eq!(numbers(&sessions), [43, 42, 44, 7]);
    }

    #[test]
    fn days_group_sessions_by_room_in_place_order() {
        let e = edition();
        let days = days(&e);
        assert_eq!(days.len(), 1);
        let rooms: Vec<&str> = days[0].rooms.iter().map(|(r, _)| *r).collect();
        assert_eq!(rooms, ["Salle du conseil", "Auditorium"]);
        assert_eq!(days[0].start.to_rfc3339(), "2013-10-08T10:00:00+02:00");
        assert_eq!(days[0].end.to_rfc3339(), "2013-10-08T15:30:00+02:00");
        assert_eq!(duration(&e.sessions[0]), "02:00");
    }
}
