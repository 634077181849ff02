//! Reading C3VOC `schedule.json` (pretalx, frab). The shape of the file and the JSON types
//! of the fields we use are checked here against the C3VOC schema, each problem at its JSON
//! pointer; the values themselves are interpreted in [`super::programme`].

use std::borrow::Cow;

use serde_json::{Map, Value};

use super::programme::{build, Day, Notes, Programme, RawEvent, RawPerson, Text};
use super::{Format, ImportError, Imported};
use crate::ids::EditionSlug;
use crate::interop::is_ours;

pub(super) fn import(value: &Value, format: Format, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    let mut notes = Notes::default();
    let Some(programme) = read(value, &mut notes) else {
        return Err(notes.into_error(format));
    };
    let ours = programme.ours;
    let mut imported = build(programme, format, slug, notes)?;
    if ours {
        super::restore::restore(&mut imported, value, slug.is_some());
    }
    Ok(imported)
}

/// `None` when the file is not a schedule at all (the reason is in `notes`).
fn read<'a>(root: &'a Value, notes: &mut Notes) -> Option<Programme<'a>> {
    let schedule = object(root.get("schedule"), "/schedule", "Le programme (« schedule »)", notes)?;
    let at = "/schedule/conference";
    let conference = object(schedule.get("conference"), at, "La conférence (« conference »)", notes)?;
    let c = Fields { map: conference, at };
    let mut p = Programme {
        title: c.text("title", notes),
        acronym: c.text("acronym", notes),
        description: c.text("description", notes),
        start: c.text("start", notes),
        end: c.text("end", notes),
        days_count: c.integer("daysCount", notes),
        time_zone: c.text("time_zone_name", notes),
        base_url: Fields {
            map: schedule,
            at: "/schedule",
        }
        .text("base_url", notes),
        ours: is_ours(root.pointer("/generator/name").and_then(Value::as_str)),
        ..Programme::default()
    };
    // The schema puts the room list in the conference; some exporters put it beside it.
    rooms(conference.get("rooms"), &format!("{at}/rooms"), &mut p, notes);
    rooms(schedule.get("rooms"), "/schedule/rooms", &mut p, notes);

    let days_at = format!("{at}/days");
    let days = match conference.get("days") {
        Some(Value::Array(days)) => days,
        None | Some(Value::Null) => {
            notes.error(days_at, "La liste des jours (« days ») manque.");
            return Some(p);
        }
        Some(other) => {
            notes.error(days_at, wrong_type("days", "une liste", other));
            return Some(p);
        }
    };
    for (i, day) in days.iter().enumerate() {
        let day_at = format!("{days_at}/{i}");
        let Some(day) = object(Some(day), &day_at, "Un jour", notes) else {
            continue;
        };
        let d = Fields { map: day, at: &day_at };
        p.days.push(Day {
            date: d.text("date", notes),
            start: d.text("day_start", notes),
        });
        let rooms = match day.get("rooms") {
            Some(Value::Object(rooms)) => rooms,
            None | Some(Value::Null) => continue,
            Some(other) => {
                notes.error(
                    format!("{day_at}/rooms"),
                    wrong_type("rooms", "un objet (salle → séances)", other),
                );
                continue;
            }
        };
        for (room, events) in rooms {
            let room_at = format!("{day_at}/rooms/{}", pointer_escape(room));
            p.rooms.push(Cow::Borrowed(room.as_str()));
            let events = match events {
                Value::Array(events) => events,
                Value::Null => continue,
                other => {
                    notes.error(room_at, wrong_type(room, "une liste de séances", other));
                    continue;
                }
            };
            for (j, event) in events.iter().enumerate() {
                let loc = format!("{room_at}/{j}");
                if let Some(event) = read_event(event, loc, i, room, notes) {
                    p.events.push(event);
                }
            }
        }
    }
    Some(p)
}

fn read_event<'a>(value: &'a Value, loc: String, day: usize, room: &'a str, notes: &mut Notes) -> Option<RawEvent<'a>> {
    let map = object(Some(value), &loc, "Une séance", notes)?;
    let f = Fields { map, at: &loc };
    let room = if room.trim().is_empty() {
        f.text("room", notes)
    } else {
        Some(Cow::Borrowed(room))
    };
    let mut event = RawEvent {
        line: None,
        day: Some(day),
        room,
        id: f.integer("id", notes),
        guid: f.text("guid", notes),
        slug: f.text("slug", notes),
        title: f.text("title", notes),
        subtitle: f.text("subtitle", notes),
        date: f.text("date", notes),
        start: f.text("start", notes),
        end: f.text("end", notes),
        duration: f.text("duration", notes),
        track: f.text("track", notes),
        kind: f.text("type", notes),
        language: f.text("language", notes),
        abstract_: f.text("abstract", notes),
        description: f.text("description", notes),
        url: f.text("url", notes),
        persons: Vec::new(),
        loc: String::new(),
        ..RawEvent::default()
    };
    match map.get("persons") {
        None | Some(Value::Null) => {}
        Some(Value::Array(persons)) => {
            for (k, person) in persons.iter().enumerate() {
                let at = format!("{loc}/persons/{k}");
                match person {
                    // Some exporters list plain names.
                    Value::String(name) => event.persons.push(RawPerson {
                        name: Some(Cow::Borrowed(name)),
                        ..RawPerson::default()
                    }),
                    Value::Object(map) => {
                        let f = Fields { map, at: &at };
                        let name = f.text("name", notes).or_else(|| f.text("public_name", notes));
                        event.persons.push(RawPerson {
                            id: f.integer("id", notes),
                            guid: f.text("guid", notes),
                            name,
                        });
                    }
                    other => notes.error(at, wrong_type("persons", "un objet (une personne)", other)),
                }
            }
        }
        Some(other) => notes.error(format!("{loc}/persons"), wrong_type("persons", "une liste", other)),
    }
    event.loc = loc;
    Some(event)
}

/// A room list: objects with a `name`, or plain names.
fn rooms<'a>(value: Option<&'a Value>, at: &str, p: &mut Programme<'a>, notes: &mut Notes) {
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Array(rooms)) => {
            for (i, room) in rooms.iter().enumerate() {
                match room {
                    Value::String(name) => p.rooms.push(Cow::Borrowed(name)),
                    Value::Object(map) => {
                        let at = format!("{at}/{i}");
                        if let Some(name) = (Fields { map, at: &at }).text("name", notes) {
                            p.rooms.push(name);
                        }
                    }
                    other => notes.error(format!("{at}/{i}"), wrong_type("rooms", "un objet (une salle)", other)),
                }
            }
        }
        Some(other) => notes.error(at, wrong_type("rooms", "une liste", other)),
    }
}

fn object<'a>(value: Option<&'a Value>, at: &str, what: &str, notes: &mut Notes) -> Option<&'a Map<String, Value>> {
    match value {
        Some(Value::Object(map)) => Some(map),
        None | Some(Value::Null) => {
            notes.error(at, format!("{what} manque."));
            None
        }
        Some(other) => {
            notes.error(at, format!("{what} doit être un objet JSON, pas {}.", describe(other)));
            None
        }
    }
}

/// The fields of one JSON object, read with the types the C3VOC schema gives them.
struct Fields<'a, 'p> {
    map: &'a Map<String, Value>,
    at: &'p str,
}

impl<'a> Fields<'a, '_> {
    /// A string; `null` counts as absent.
    fn text(&self, key: &str, notes: &mut Notes) -> Option<Text<'a>> {
        match self.map.get(key)? {
            Value::String(s) => Some(Cow::Borrowed(s)),
            Value::Null => None,
            other => {
                notes.error(format!("{}/{key}", self.at), wrong_type(key, "du texte", other));
                None
            }
        }
    }

    /// An integer (ids, day counts), as text.
    fn integer(&self, key: &str, notes: &mut Notes) -> Option<Text<'a>> {
        match self.map.get(key)? {
            Value::Number(n) if n.is_i64() || n.is_u64() => Some(Cow::Owned(n.to_string())),
            Value::Null => None,
            other => {
                notes.error(format!("{}/{key}", self.at), wrong_type(key, "un nombre entier", other));
                None
            }
        }
    }
}

fn wrong_type(key: &str, expected: &str, found: &Value) -> String {
    format!("« {key} » doit être {expected}, pas {}.", describe(found))
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("un booléen ({b})"),
        Value::Number(n) => format!("un nombre ({n})"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let more = if short.len() < s.len() { "…" } else { "" };
            format!("du texte (« {short}{more} »)")
        }
        Value::Array(_) => "une liste".to_owned(),
        Value::Object(_) => "un objet".to_owned(),
    }
}

/// RFC 6901: `~` and `/` in a key are written `~0` and `~1`.
fn pointer_escape(key: &str) -> Cow<'_, str> {
    if key.contains(['~', '/']) {
        Cow::Owned(key.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(json: &str) -> Vec<(String, String)> {
        let value: Value = serde_json::from_str(json).unwrap();
        let err = import(&value, Format::C3vocJson, None).unwrap_err();
        err.issues.into_iter().map(|i| (i.path, i.message)).collect()
    }

    #[test]
    fn not_a_schedule_is_one_error() {
        assert_eq!(
            errors(r#"{"schedule": []}"#),
            [(
                "/schedule".to_owned(),
                "Le programme (« schedule ») doit être un objet JSON, pas une liste.".to_owned()
            )]
        );
        assert_eq!(errors(r#"{"schedule": {"version": "1"}}"#)[0].0, "/schedule/conference");
    }

    #[test]
    fn wrong_types_name_their_pointer() {
        let found = errors(
            r#"{"schedule": {"conference": {"title": "T", "start": "2020-01-01", "days": [
                {"date": "2020-01-01", "rooms": {"Saal 1/2": [
                    {"id": "7", "title": 3, "date": "2020-01-01T10:00:00+01:00", "duration": "00:30"}
                ]}}
            ]}}}"#,
        );
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/schedule/conference/days/0/rooms/Saal 1~12/0/id",
                "/schedule/conference/days/0/rooms/Saal 1~12/0/title",
            ]
        );
        assert!(found[0].1.contains("nombre entier"), "{}", found[0].1);
        assert!(found[1].1.contains("du texte, pas un nombre (3)"), "{}", found[1].1);
    }
}
