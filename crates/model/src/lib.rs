//! The shared model of an "Agir ensemble" edition: serde types, validation, time logic,
//! search and the diff between revisions. No Leptos, no axum: both sides use it and it is
//! tested natively in milliseconds.

pub mod agenda;
pub mod bilan;
pub mod dayof;
pub mod diff;
pub mod edition;
pub mod engagement;
#[cfg(feature = "export")]
pub mod export;
pub mod filter;
pub mod french;
pub mod ics;
pub mod ids;
pub mod import;
#[cfg(any(feature = "import", feature = "export"))]
pub mod interop;
pub mod links;
pub mod next;
pub mod outbox;
pub mod paths;
pub mod plan;
pub mod qr;
pub mod question_board;
pub mod question_queue;
pub mod questionnaire;
pub mod questions;
pub mod rebase;
pub mod rows;
pub mod search;
pub mod serde_metres;
pub mod serde_time;
pub mod share;
pub mod sort;
pub mod time;
pub mod validate;

pub use diff::{diff, Change, ChangeKind};
pub use edition::*;
pub use ids::{EditionSlug, IdError, PlaceId, SessionId, SpeakerId, StandId};
pub use rebase::{rebase, Conflict, Rebased};
pub use validate::{Issue, Report};

/// Why a document could not be read at all (before any validation).
#[derive(Debug, thiserror::Error)]
#[error("{path} : {message}")]
pub struct ParseError {
    pub path: String,
    pub message: String,
}

impl Edition {
    /// Reads a document from JSON; a structural problem names the JSON path where it is
    /// (with the `json-paths` feature: organizers' tools) or the line and column (the app,
    /// which reads documents the server already checked and saves the code size).
    pub fn from_json(text: &str) -> Result<Self, ParseError> {
        #[cfg(feature = "json-paths")]
        {
            let de = &mut serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize(de).map_err(|e| ParseError {
                path: json_pointer(e.path()),
                message: french_serde_message(&e.inner().to_string()),
            })
        }
        #[cfg(not(feature = "json-paths"))]
        {
            serde_json::from_str(text).map_err(|e| ParseError {
                path: format!("ligne {}, colonne {}", e.line(), e.column()),
                message: french_serde_message(&e.to_string()),
            })
        }
    }
}

#[cfg(feature = "json-paths")]
impl Edition {
    /// The fields of `raw` (the document this edition was read from) that the model does
    /// not know, such as a misspelt name: reading would drop them silently, losing what an
    /// organizer wrote, so the tools that publish refuse them.
    pub fn unknown_fields(&self, raw: &serde_json::Value) -> Vec<Issue> {
        let Ok(known) = serde_json::to_value(self) else {
            return Vec::new();
        };
        let mut issues = Vec::new();
        unknown(raw, &known, &mut String::new(), &mut issues);
        issues
    }
}

/// Walks `raw` beside what the model kept of it (`known`).
#[cfg(feature = "json-paths")]
fn unknown(raw: &serde_json::Value, known: &serde_json::Value, path: &mut String, out: &mut Vec<Issue>) {
    use serde_json::Value;
    let visit = |path: &mut String, key: &str, raw: &Value, known: Option<&Value>, out: &mut Vec<Issue>| {
        let len = path.len();
        path.push('/');
        path.push_str(&serde_message::escape(key));
        match known {
            Some(known) => unknown(raw, known, path, out),
            // A default value is left out when written back: not unknown.
            None if matches!(raw, Value::Null | Value::Bool(false))
                || raw.as_str().is_some_and(str::is_empty)
                || raw.as_array().is_some_and(Vec::is_empty)
                || raw.as_object().is_some_and(|o| o.is_empty()) => {}
            None => out.push(Issue::new(
                path.clone(),
                format!("champ inconnu « {key} » : vérifiez son nom, il serait ignoré"),
            )),
        }
        path.truncate(len);
    };
    match (raw, known) {
        (Value::Object(raw), Value::Object(known)) => {
            for (key, value) in raw {
                visit(path, key, value, known.get(key), out);
            }
        }
        (Value::Array(raw), Value::Array(known)) => {
            for (i, (value, kept)) in raw.iter().zip(known).enumerate() {
                visit(path, &i.to_string(), value, Some(kept), out);
            }
        }
        _ => {}
    }
}

// serde's errors in French at a JSON pointer: shared with the server.
mod serde_message;
pub use serde_message::french_serde_message;
#[cfg(feature = "json-paths")]
pub use serde_message::json_pointer;

#[cfg(test)]
pub(crate) mod test_support {
    //! A tiny edition for unit tests: two sessions on 8 October 2013 in Angers.
    use super::*;
    use chrono::{DateTime, NaiveDate};

    pub fn at(hm: &str) -> DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2013-10-08T{hm}:00+02:00")).unwrap()
    }

    pub fn session(id: &str, start: &str, end: &str) -> Session {
        Session {
            id: SessionId::parse(id).unwrap(),
            title: format!("Séance {id}"),
            kind: SessionKind::Debate,
            start: at(start),
            end: at(end),
            place: None,
            speakers: vec![],
            themes: vec![],
            audience: vec![],
            description: None,
            stands: vec![],
            status: Status::Scheduled,
            assumed: vec![],
            questions: None,
        }
    }

    pub fn edition() -> Edition {
        let day = NaiveDate::from_ymd_opt(2013, 10, 8).unwrap();
        let mut debat = session("debat", "10:00", "12:00");
        debat.place = Some(PlaceId::parse("salle-du-conseil").unwrap());
        let mut conf = session("conf", "14:15", "15:30");
        conf.place = Some(PlaceId::parse("auditorium").unwrap());
        conf.speakers.push(SpeakerRole {
            speaker: SpeakerId::parse("paugam").unwrap(),
            role: None,
        });
        conf.stands.push(StandId::parse("restos").unwrap());
        let place = |id: &str, name: &str| Place {
            id: PlaceId::parse(id).unwrap(),
            name: name.into(),
            kind: PlaceKind::Room,
            accessibility: None,
            assumed: false,
        };
        Edition {
            edition: EditionSlug::parse("2013").unwrap(),
            revision: 1,
            event: Event {
                name: "Agir ensemble".into(),
                subtitle: None,
                organizer: None,
                start_date: day,
                end_date: day,
                time_zone: "Europe/Paris".into(),
                venue: Venue {
                    name: "Centre de congrès".into(),
                    address: None,
                    access: vec![],
                    assumed: vec![],
                },
                description: None,
                contact: None,
                attendance: None,
                source: None,
                earlier: Vec::new(),
            },
            places: vec![
                place("salle-du-conseil", "Salle du conseil"),
                place("auditorium", "Auditorium"),
            ],
            sessions: vec![debat, conf],
            speakers: vec![Speaker {
                id: SpeakerId::parse("paugam").unwrap(),
                name: "Serge Paugam".into(),
                title: None,
                organisation: None,
            }],
            stands: vec![Stand {
                id: StandId::parse("restos").unwrap(),
                name: "Restos du cœur".into(),
                theme: "Alimentation".into(),
                description: None,
                website: None,
                example: false,
                volunteering: None,
            }],
            plan: Some(Plan {
                width: 40.0,
                height: 30.0,
                outline: vec![],
                stands: vec![PlanStand {
                    stand: StandId::parse("restos").unwrap(),
                    number: "1".into(),
                    rect: Rect {
                        x: 2.0,
                        y: 2.0,
                        w: 4.0,
                        h: 3.0,
                    },
                    polygon: None,
                }],
                features: vec![],
                rooms: vec![],
                assumption: None,
            }),
            announcements: Vec::new(),
            questionnaire: None,
            contact_requests: None,
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "json-paths")]
    #[test]
    fn unknown_fields_are_named_with_their_path_and_the_demo_has_none() {
        let text = include_str!("../../../data/2013.json");
        let demo = Edition::from_json(text).unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(demo.unknown_fields(&doc), Vec::new());

        doc["sessions"][3]["titel"] = "Ouverture".into();
        doc["event"]["venue"]["adress"] = "33 boulevard Carnot".into();
        doc["sessions"][0]["ignored_default"] = false.into();
        doc["event"]["prix/entrée"] = "gratuit".into();
        let edition = Edition::from_json(&doc.to_string()).unwrap();
        let paths: Vec<String> = edition.unknown_fields(&doc).into_iter().map(|i| i.path).collect();
        assert_eq!(
            paths,
            ["/event/prix~1entrée", "/event/venue/adress", "/sessions/3/titel"]
        );
    }

    use super::*;

    #[test]
    #[cfg(feature = "json-paths")]
    fn structural_errors_name_the_json_path() {
        let mut doc = serde_json::to_value(test_support::edition()).unwrap();
        doc["sessions"][1]["start"] = "demain".into();
        let err = Edition::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(err.path, "/sessions/1/start");

        let mut doc = serde_json::to_value(test_support::edition()).unwrap();
        doc["sessions"][0]["kind"] = "concert".into();
        let err = Edition::from_json(&doc.to_string()).unwrap_err();
        assert_eq!(err.path, "/sessions/0/kind");
        assert!(err.message.starts_with("valeur inconnue"), "{}", err.message);

        let err = Edition::from_json("{\"edition\": \"2013\"").unwrap_err();
        assert!(
            err.message.contains("incomplet") || err.message.contains("mal formé"),
            "{}",
            err.message
        );
    }

    #[test]
    fn json_round_trip_keeps_offsets() {
        let e = test_support::edition();
        let text = serde_json::to_string(&e).unwrap();
        assert!(text.contains("2013-10-08T14:15:00+02:00"));
        assert_eq!(Edition::from_json(&text).unwrap(), e);
    }
}
