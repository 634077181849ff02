//! Participants' feedback on the day or on a session. Phones on venue Wi-Fi retry, so each
//! opinion carries a client-made UUID: the same opinion sent twice is counted once, and a
//! key reused for another opinion is refused rather than silently dropped.

use agir_model::{Edition, Issue, SessionId};
use axum::{
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{
    error::Json,
    ratelimit::{FeedbackWrites, Throttled},
    routing::Area,
    spreadsheet::{local_time, Sheet},
    store::{now_text, FeedbackRow, Inserted},
    AppState, Error,
};

/// An opinion is a rating and a few sentences; anything bigger is not one.
pub const BODY_LIMIT: usize = 16 * 1024;
/// Longest comment, in characters.
pub const COMMENT_MAX: usize = 2000;

pub fn router() -> Area {
    Area::new()
        .post("/api/feedback", feedback_create)
        .map_router(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)))
}

/// A rating from 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rating(u8);

impl Rating {
    pub fn parse(raw: i64) -> Result<Self, String> {
        match u8::try_from(raw) {
            Ok(n @ 1..=5) => Ok(Self(n)),
            _ => Err(format!("La note doit être un entier de 1 à 5 (reçu : {raw}).")),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// The client's UUID for one opinion, in canonical lower-case form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match uuid::Uuid::parse_str(raw.trim()) {
            Ok(u) if !u.is_nil() => Ok(Self(u.hyphenated().to_string())),
            _ => Err(format!(
                "La clé « {} » n'est pas un UUID (par exemple celui de crypto.randomUUID()).",
                raw.chars().take(60).collect::<String>()
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A comment of at most 2,000 characters; blank means none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment(String);

impl Comment {
    pub fn parse(raw: Option<&str>) -> Result<Option<Self>, String> {
        let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let len = text.chars().count();
        if len > COMMENT_MAX {
            return Err(format!("Le commentaire fait {len} caractères : {COMMENT_MAX} au plus."));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
        {
            return Err("Le commentaire contient des caractères de contrôle.".into());
        }
        Ok(Some(Self(text.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the opinion is about: the whole day, or one session of the edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Day,
    Session(SessionId),
}

impl Target {
    pub fn parse(raw: &str, edition: &Edition) -> Result<Self, String> {
        if raw == "day" {
            return Ok(Self::Day);
        }
        match SessionId::parse(raw) {
            Ok(id) if edition.sessions.iter().any(|s| s.id == id) => Ok(Self::Session(id)),
            _ => Err(format!(
                "« {} » n'est ni « day » ni une séance de l'édition {}.",
                raw.chars().take(80).collect::<String>(),
                edition.edition
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Day => "day",
            Self::Session(id) => id.as_str(),
        }
    }
}

/// The body as sent; checked field by field into the types above.
#[derive(Debug, Deserialize)]
struct FeedbackBody {
    target: String,
    rating: i64,
    #[serde(default)]
    comment: Option<String>,
    key: String,
}

/// The acknowledgement, identical for the first send and every retry.
#[derive(Debug, Serialize)]
struct Ack {
    key: String,
    edition: String,
    target: String,
    received_at: String,
}

impl From<&FeedbackRow> for Ack {
    fn from(row: &FeedbackRow) -> Self {
        Self {
            key: row.key.clone(),
            edition: row.edition.clone(),
            target: row.target.clone(),
            received_at: row.received_at.clone(),
        }
    }
}

/// `POST /api/feedback`: 201 the first time, 200 with the same answer for a retry, 409 when
/// the key was used for another opinion.
async fn feedback_create(
    _: Throttled<FeedbackWrites>,
    State(state): State<AppState>,
    Json(body): Json<FeedbackBody>,
) -> Result<Response, Error> {
    let published = state.catalog.current().ok_or(Error::NoEdition)?;
    let mut issues = Vec::new();
    let mut check = |path: &str, r: Result<(), String>| {
        if let Err(message) = r {
            issues.push(Issue::new(path, message));
        }
    };
    let key = IdempotencyKey::parse(&body.key);
    let rating = Rating::parse(body.rating);
    let comment = Comment::parse(body.comment.as_deref());
    let target = Target::parse(&body.target, &published.edition);
    check("/key", key.as_ref().map(|_| ()).map_err(Clone::clone));
    check("/target", target.as_ref().map(|_| ()).map_err(Clone::clone));
    check("/rating", rating.as_ref().map(|_| ()).map_err(Clone::clone));
    check("/comment", comment.as_ref().map(|_| ()).map_err(Clone::clone));
    let (Ok(key), Ok(target), Ok(rating), Ok(comment)) = (key, target, rating, comment) else {
        return Err(Error::Unprocessable {
            code: "invalid_feedback",
            message: "L'avis n'a pas été enregistré : vérifiez les champs indiqués.".into(),
            details: issues,
        });
    };
    let row = FeedbackRow {
        key: key.as_str().to_owned(),
        edition: published.slug().to_string(),
        target: target.as_str().to_owned(),
        rating: rating.get(),
        body_hash: body_hash(&target, rating, comment.as_ref()),
        comment: comment.map(|c| c.0),
        received_at: now_text(),
    };
    match state.store.insert_feedback(&row).await? {
        Inserted::New => Ok((StatusCode::CREATED, Json(Ack::from(&row))).into_response()),
        Inserted::Existing(stored) if stored.body_hash == row.body_hash => {
            Ok((StatusCode::OK, Json(Ack::from(&stored))).into_response())
        }
        Inserted::Existing(_) => Err(Error::IdempotencyConflict),
    }
}

/// A digest of what the participant said (not of the bytes: a retry re-serialized with other
/// spacing is still the same opinion).
fn body_hash(target: &Target, rating: Rating, comment: Option<&Comment>) -> String {
    let canonical = serde_json::json!({
        "target": target.as_str(),
        "rating": rating.get(),
        "comment": comment.map(Comment::as_str),
    });
    Sha256::digest(canonical.to_string().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The title column of an opinion on the whole day.
pub const WHOLE_DAY: &str = "Toute la journée";
/// The title column of an opinion on a session no longer in the programme.
pub const GONE: &str = "(plus au programme)";

/// The export as CSV for a spreadsheet (see `spreadsheet`): French headers, each session's
/// title next to its id, times in the event's local time. `editions` are the editions the
/// rows may belong to, at their latest revision.
pub fn to_csv(rows: &[FeedbackRow], editions: &[&Edition]) -> String {
    let mut sheet = Sheet::new([
        "Reçu le",
        "Édition",
        "Séance",
        "Titre de la séance",
        "Note",
        "Commentaire",
        "Clé",
    ]);
    for r in rows {
        let edition = editions.iter().find(|e| e.edition.as_str() == r.edition);
        let received = edition.map_or_else(
            || r.received_at.clone(),
            |e| local_time(&r.received_at, &e.event.time_zone),
        );
        let (session, title) = match r.target.as_str() {
            "day" => ("", WHOLE_DAY),
            id => {
                let title = edition
                    .and_then(|e| e.sessions.iter().find(|s| s.id.as_str() == id))
                    .map_or(GONE, |s| s.title.as_str());
                (id, title)
            }
        };
        sheet.row([
            received.as_str(),
            &r.edition,
            session,
            title,
            &r.rating.to_string(),
            r.comment.as_deref().unwrap_or(""),
            &r.key,
        ]);
    }
    sheet.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_are_one_to_five() {
        assert_eq!(Rating::parse(1).unwrap().get(), 1);
        assert_eq!(Rating::parse(5).unwrap().get(), 5);
        assert!(Rating::parse(0).is_err());
        assert!(Rating::parse(6).is_err());
        assert!(Rating::parse(-1).is_err());
        assert!(Rating::parse(256 + 3).is_err());
    }

    #[test]
    fn keys_are_canonical_uuids() {
        let k = IdempotencyKey::parse("6F9619FF-8B86-D011-B42D-00C04FC964FF").unwrap();
        assert_eq!(k.as_str(), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
        assert!(IdempotencyKey::parse("pas-une-cle").is_err());
        assert!(IdempotencyKey::parse("00000000-0000-0000-0000-000000000000").is_err());
    }

    #[test]
    fn comments_are_trimmed_and_bounded() {
        assert_eq!(Comment::parse(None).unwrap(), None);
        assert_eq!(Comment::parse(Some("   ")).unwrap(), None);
        assert_eq!(Comment::parse(Some(" Merci ! ")).unwrap().unwrap().as_str(), "Merci !");
        assert!(Comment::parse(Some(&"é".repeat(2000))).is_ok(), "characters, not bytes");
        assert!(Comment::parse(Some(&"é".repeat(2001))).is_err());
        assert!(Comment::parse(Some("a\u{0}b")).is_err());
    }

    #[test]
    fn csv_has_french_headers_and_session_titles() {
        let demo = crate::demo_edition();
        let row = |target: &str, comment: &str| FeedbackRow {
            key: "k".into(),
            edition: "2013".into(),
            target: target.into(),
            rating: 5,
            comment: Some(comment.into()),
            body_hash: String::new(),
            received_at: "2013-10-08T16:00:00.000Z".into(),
        };
        let rows = [
            row("day", "Très bien, merci"),
            row("ouverture", "=1+1"),
            row("retiree", ""),
        ];
        assert_eq!(
            to_csv(&rows, &[&demo]),
            "\u{feff}Reçu le;Édition;Séance;Titre de la séance;Note;Commentaire;Clé\r\n\
             2013-10-08 18:00:00;2013;;Toute la journée;5;\"Très bien, merci\";k\r\n\
             2013-10-08 18:00:00;2013;ouverture;\"Ouverture par le maire d'Angers, président du CCAS\";5;'=1+1;k\r\n\
             2013-10-08 18:00:00;2013;retiree;(plus au programme);5;;k\r\n"
        );
    }
}
