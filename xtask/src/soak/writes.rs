//! The writes the soak sends, one of each public write that takes an idempotency key, as
//! the app and the console send them; and the mark each leaves in the database, which the
//! final check looks for.

use serde_json::{json, Value};

use super::rng::Rng;
use super::server::TOKEN;

/// The debate the soak asks its questions in (post-moderated for the soak, so supports
/// are taken at once).
pub const DEBATE: &str = "debat-seniors-benevolat";
/// The session whose status the organizer's patches switch back and forth.
const PATCHED: &str = "conclusion";
/// The session whose title the organizer's whole-document publishes change.
const RETITLED: &str = "cocktail";
/// Stands that take contact requests, with a mission each may name.
const STANDS: [(&str, Option<&str>); 2] = [("resto-troc", Some("Trier les dons")), ("toit-angevin", None)];

/// What a write leaves in the database, to be found exactly once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Feedback { key: String },
    Response { key: String },
    Ask { key: String, text: String },
    Support { device: String },
    Interest { device: String, sessions: Vec<String> },
    Contact { message: String },
    Publish { note: String },
}

/// The kinds of write, in the order the figures are printed.
pub const KINDS: [&str; 7] = [
    "avis",
    "réponses au questionnaire",
    "questions",
    "soutiens",
    "intérêt",
    "demandes de contact",
    "publications",
];

impl Mark {
    /// Its index in `KINDS`.
    pub fn kind(&self) -> usize {
        match self {
            Self::Feedback { .. } => 0,
            Self::Response { .. } => 1,
            Self::Ask { .. } => 2,
            Self::Support { .. } => 3,
            Self::Interest { .. } => 4,
            Self::Contact { .. } => 5,
            Self::Publish { .. } => 6,
        }
    }
}

/// One request, sent again unchanged (same key, same body) until it is answered.
#[derive(Debug, Clone)]
pub struct Write {
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Vec<u8>>,
    pub mark: Mark,
}

impl Write {
    fn json(method: &'static str, path: String, body: &Value, mark: Mark) -> Self {
        Self {
            method,
            path,
            headers: Vec::new(),
            body: Some(body.to_string().into_bytes()),
            mark,
        }
    }
}

/// A device id as the app makes them (16 to 64 letters, digits, dashes).
fn device(rng: &mut Rng) -> String {
    format!("endurance-{}", rng.uuid())
}

/// An attendee's write of any kind but a support (which needs a question): `questions`
/// are the ids of questions already acknowledged, `sessions` those of the edition.
pub fn attendee(rng: &mut Rng, questions: &[i64], sessions: &[String]) -> Write {
    match rng.below(0..6) {
        0 => feedback(rng),
        1 => response(rng),
        2 => ask(rng),
        3 if !questions.is_empty() => {
            let question = *rng.pick(questions);
            support(rng, question)
        }
        3 => ask(rng),
        4 => interest(rng, sessions),
        _ => contact(rng),
    }
}

fn feedback(rng: &mut Rng) -> Write {
    let key = rng.uuid();
    let body =
        json!({"key": key, "target": "day", "rating": rng.below(1..6), "comment": format!("Avis d'endurance {key}")});
    Write::json("POST", "/api/feedback".into(), &body, Mark::Feedback { key })
}

fn response(rng: &mut Rng) -> Write {
    let key = rng.uuid();
    let body = json!({
        "key": key,
        "edition": "2013",
        "version": 1,
        "answers": {"journee": rng.below(1..6), "revenir": rng.pick(&["Oui", "Peut-être", "Non"])},
    });
    Write::json("POST", "/api/reponses".into(), &body, Mark::Response { key })
}

fn ask(rng: &mut Rng) -> Write {
    let key = rng.uuid();
    let text = format!("Question d'endurance {} : que devient la proposition ?", rng.uuid());
    let body = json!({"cle": key, "appareil": device(rng), "texte": text});
    Write::json(
        "POST",
        format!("/api/sessions/{DEBATE}/questions"),
        &body,
        Mark::Ask { key, text },
    )
}

fn support(rng: &mut Rng, question: i64) -> Write {
    let device = device(rng);
    Write {
        method: "PUT",
        path: format!("/api/questions/{question}/soutiens/{device}"),
        headers: Vec::new(),
        body: None,
        mark: Mark::Support { device },
    }
}

fn interest(rng: &mut Rng, sessions: &[String]) -> Write {
    let device = device(rng);
    let mut chosen: Vec<String> = (0..rng.below(1..4)).map(|_| rng.pick(sessions).clone()).collect();
    chosen.sort();
    chosen.dedup();
    let body = json!({"edition": "2013", "sessions": chosen});
    Write::json(
        "PUT",
        format!("/api/interet/{device}"),
        &body,
        Mark::Interest {
            device,
            sessions: chosen,
        },
    )
}

fn contact(rng: &mut Rng) -> Write {
    let key = rng.uuid();
    let (stand, mission) = *rng.pick(&STANDS);
    let message = format!("Demande d'endurance {key}");
    let body = json!({
        "cle": key,
        "edition": "2013",
        "stand": stand,
        "appareil": device(rng),
        "prenom": "Marie",
        "contact": "marie.dupont@exemple.fr",
        "disponibilites": ["weekends"],
        "missions": mission.map_or_else(Vec::new, |m| vec![m]),
        "message": message,
        "consentement": true,
    });
    Write::json(
        "POST",
        "/api/engagement/demandes".into(),
        &body,
        Mark::Contact { message },
    )
}

/// An organizer's publish over the edition `doc` served with `etag`: a patch of one
/// session (even `n`) or the whole document with a title changed (odd `n`), with a note
/// of its own and `If-Match`.
pub fn publish(rng: &mut Rng, n: u64, doc: &Value, etag: &str) -> Write {
    let note = format!("endurance {}", rng.uuid());
    let query = format!("?note={}", note.replace(' ', "%20"));
    let mut write = if n.is_multiple_of(2) {
        let cancelled = session(doc, PATCHED)["status"] == "cancelled";
        let status = if cancelled { "scheduled" } else { "cancelled" };
        Write::json(
            "PATCH",
            format!("/api/admin/sessions/{PATCHED}{query}"),
            &json!({"status": status}),
            Mark::Publish { note },
        )
    } else {
        let mut next = doc.clone();
        if let Some(s) = next["sessions"]
            .as_array_mut()
            .and_then(|all| all.iter_mut().find(|s| s["id"] == RETITLED))
        {
            s["title"] = format!("Cocktail de clôture ({n})").into();
        }
        Write::json(
            "PUT",
            format!("/api/admin/edition{query}"),
            &next,
            Mark::Publish { note },
        )
    };
    write.headers = organizer(etag);
    write
}

/// Before the soak: questions of the debate taken at once (post-moderation), so they can
/// be supported.
pub fn open_debate(etag: &str) -> Write {
    let body = json!({"questions": {"enabled": true, "moderation": "post"}});
    let mut write = Write::json(
        "PATCH",
        format!("/api/admin/sessions/{DEBATE}?note=endurance%20pr%C3%A9paration"),
        &body,
        Mark::Publish {
            note: "endurance préparation".into(),
        },
    );
    write.headers = organizer(etag);
    write
}

fn organizer(etag: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Authorization", format!("Bearer {TOKEN}")),
        ("If-Match", etag.to_owned()),
    ]
}

fn session<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["sessions"]
        .as_array()
        .and_then(|all| all.iter().find(|s| s["id"] == id))
        .unwrap_or(&Value::Null)
}

/// The ids of the edition's sessions.
pub fn session_ids(doc: &Value) -> Vec<String> {
    doc["sessions"]
        .as_array()
        .map(|all| all.iter().filter_map(|s| s["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}
