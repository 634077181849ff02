//! Writing C3VOC `schedule.json` (the schema pretalx and frab follow): the conference,
//! its rooms and tracks, then each day's events by room, and our [`Extension`] beside the
//! conference.

use serde_json::{json, Map, Value};

use super::{abstract_of, acronym, days, duration, guid, kind_type, numbers, persons};
use crate::edition::{Edition, PlaceKind, Session};
use crate::ids::slugify;
use crate::interop::{Extension, SessionExtras, CANCELLED, EXTENSION, GENERATOR};

/// The upstream schema the file says it follows.
const SCHEMA: &str = "https://c3voc.de/schedule/schema.json";

/// The edition as a C3VOC `schedule.json`; `public_url` is where the sessions' pages are
/// (each event's `url`) and what its UUIDs derive from.
pub fn schedule_json(edition: &Edition, public_url: &str) -> String {
    let numbers = numbers(&edition.sessions);
    let acronym = acronym(&edition.edition);
    let ctx = Ctx {
        edition,
        public_url,
        acronym: &acronym,
        numbers: &numbers,
    };
    let days: Vec<Value> = days(edition)
        .iter()
        .enumerate()
        .map(|(i, day)| {
            let rooms: Map<String, Value> = day
                .rooms
                .iter()
                .map(|(room, sessions)| {
                    let events = sessions.iter().map(|&(n, s)| ctx.event(n, s, room)).collect();
                    ((*room).to_owned(), Value::Array(events))
                })
                .collect();
            json!({
                "index": i + 1,
                "date": day.date.to_string(),
                "day_start": day.start.to_rfc3339(),
                "day_end": day.end.to_rfc3339(),
                "rooms": rooms,
            })
        })
        .collect();
    let mut conference = json!({
        "acronym": acronym,
        "title": edition.event.name,
        "start": edition.event.start_date.to_string(),
        "end": edition.event.end_date.to_string(),
        "daysCount": days.len(),
        "timeslot_duration": "00:15",
        "rooms": edition.places.iter().map(|p| ctx.room(p)).collect::<Vec<_>>(),
        "tracks": edition.themes().into_iter().map(|t| json!({"name": t})).collect::<Vec<_>>(),
        "days": days,
    });
    if let Some(description) = &edition.event.description {
        conference["description"] = json!(description);
    }
    if schema_zone(&edition.event.time_zone) {
        conference["time_zone_name"] = json!(edition.event.time_zone);
    }
    if let Some(url) = http_url(public_url) {
        conference["url"] = json!(url);
    }
    let mut schedule = json!({
        "version": format!("révision {}", edition.revision),
        "conference": conference,
        EXTENSION: extension(edition),
    });
    if let Some(url) = http_url(public_url) {
        schedule["base_url"] = json!(format!("{url}/"));
    }
    let document = json!({
        "$schema": SCHEMA,
        "generator": {"name": GENERATOR, "version": env!("CARGO_PKG_VERSION")},
        "schedule": schedule,
    });
    serde_json::to_string(&document).expect("a JSON value always serializes")
}

/// What one export needs to write each event.
struct Ctx<'a> {
    edition: &'a Edition,
    public_url: &'a str,
    acronym: &'a str,
    numbers: &'a [u64],
}

impl Ctx<'_> {
    fn guid(&self, what: &str, id: &str) -> String {
        guid(self.public_url, &self.edition.edition, what, id)
    }

    fn room(&self, place: &crate::edition::Place) -> Value {
        let mut room = json!({
            "name": place.name,
            "guid": self.guid("place", place.id.as_str()),
            "type": match place.kind {
                PlaceKind::Room => "lecturehall",
                PlaceKind::Hall => "stage",
                PlaceKind::Outdoor => "outside",
                PlaceKind::Zone => "other",
            },
        });
        if schema_slug(place.id.as_str()) {
            room["slug"] = json!(place.id.as_str());
        }
        if let Some(text) = &place.accessibility {
            room["description"] = json!(text);
        }
        room
    }

    fn event(&self, n: usize, s: &Session, room: &str) -> Value {
        let number = self.numbers[n];
        let title_slug = slugify(&s.title).trim_end_matches('-').to_owned();
        let slug = if title_slug.is_empty() {
            format!("{}-{number}", self.acronym)
        } else {
            format!("{}-{number}-{title_slug}", self.acronym)
        };
        let persons: Vec<Value> = persons(self.edition, s)
            .into_iter()
            .map(|p| json!({"name": p.name, "guid": self.guid("speaker", p.id.as_str())}))
            .collect();
        let description = abstract_of(s);
        json!({
            "guid": self.guid("session", s.id.as_str()),
            "id": number,
            "date": s.start.to_rfc3339(),
            "start": s.start.format("%H:%M").to_string(),
            "end": s.end.to_rfc3339(),
            "duration": duration(s),
            "room": room,
            "slug": slug,
            "url": crate::ics::session_url(self.public_url, s),
            "title": s.title,
            "subtitle": s.is_cancelled().then_some(CANCELLED),
            "track": s.themes.first(),
            "type": kind_type(s.kind),
            "language": "fr",
            "abstract": (!description.is_empty()).then_some(description),
            "description": Value::Null,
            "persons": persons,
            "links": [],
        })
    }
}

fn extension(edition: &Edition) -> Value {
    let ext = Extension {
        version: 1,
        edition: edition.edition.clone(),
        revision: edition.revision,
        event: edition.event.clone(),
        places: edition.places.clone(),
        speakers: edition.speakers.clone(),
        stands: edition.stands.clone(),
        plan: edition.plan.clone(),
        sessions: edition
            .sessions
            .iter()
            .map(|s| (s.id.to_string(), SessionExtras::of(s)))
            .collect(),
    };
    serde_json::to_value(ext).expect("the extension serializes")
}

/// The public address without its final slash, when it is one the schemas accept.
pub(super) fn http_url(public_url: &str) -> Option<&str> {
    let url = public_url.trim_end_matches('/');
    (url.starts_with("https://") || url.starts_with("http://")).then_some(url)
}

/// The schema's `time_zone_name` pattern: `Europe/Paris` or `UTC`, not `Etc/GMT-1`.
fn schema_zone(name: &str) -> bool {
    // `[A-Z][a-z]+`, the whole area and the start of the city.
    let word = |w: &str, whole: bool| {
        let mut chars = w.chars();
        let rest = |c: char| c.is_ascii_lowercase();
        chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && w[1..].starts_with(rest)
            && (!whole || w[1..].chars().all(rest))
    };
    name.ends_with("UTC")
        || name
            .split_once('/')
            .is_some_and(|(area, city)| word(area, true) && word(city, false))
}

/// The schema's slug pattern: `^[a-z0-9_-]+[a-z0-9]$`.
fn schema_slug(id: &str) -> bool {
    id.len() >= 2
        && id.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
        && id.ends_with(|c: char| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_and_slug_patterns_of_the_schema() {
        assert!(schema_zone("Europe/Paris"));
        assert!(schema_zone("UTC"));
        assert!(schema_zone("America/Port_of_Spain"));
        assert!(!schema_zone("Etc/GMT-1"));
        assert!(schema_slug("salle-du-conseil"));
        assert!(!schema_slug("Salle"));
        assert!(!schema_slug("a-"));
    }
}
