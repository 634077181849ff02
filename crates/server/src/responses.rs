//! Attendees' answers to their edition's questionnaire (`POST /api/reponses`). As for the
//! feedback, phones on venue Wi-Fi retry: each set of answers carries a client-made UUID, a
//! retry is stored once and answered the same, and a key reused for other answers is refused.
//! Answers are checked against the questionnaire version they were given to, found among the
//! edition's revisions (`questionnaires`), and stored whole with that version.

use std::collections::BTreeMap;

use agir_model::{
    questionnaire::{Answer, Answers, QuestionKind, Questionnaire},
    Issue,
};
use axum::{
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{
    catalog::Published,
    error::{Json, Query},
    feedback::IdempotencyKey,
    ratelimit::{ResponseWrites, Throttled},
    routing::Area,
    store::{now_text, ResponseInserted, ResponseRow},
    AppState, Error,
};

/// Room for a dozen free answers of the longest length the model allows, in accented French,
/// beside the scales and choices; a bigger body is not a set of answers.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The message of every refusal; its details say what to fix.
const REFUSED: &str = "Vos réponses n'ont pas été enregistrées : vérifiez les questions indiquées.";

pub fn router() -> Area {
    Area::new()
        .post("/api/reponses", responses_create)
        .map_router(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)))
}

/// The body as sent. Answers are read as plain JSON values first, so that one which is no
/// answer at all is refused at its question among the others rather than as a broken body.
#[derive(Debug, Deserialize)]
struct ResponseBody {
    key: String,
    /// The edition whose questionnaire was answered; `?edition=` or the current one if absent.
    #[serde(default)]
    edition: Option<String>,
    version: u32,
    answers: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct EditionParam {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
}

/// The acknowledgement, identical for the first send and every retry.
#[derive(Debug, Serialize)]
struct Ack {
    key: String,
    edition: String,
    version: u32,
    received_at: String,
}

impl From<&ResponseRow> for Ack {
    fn from(row: &ResponseRow) -> Self {
        Self {
            key: row.key.clone(),
            edition: row.edition.clone(),
            version: row.version,
            received_at: row.received_at.clone(),
        }
    }
}

/// `POST /api/reponses`: 201 the first time, 200 with the same answer for a retry, 409 when
/// the key was used for other answers, 422 with an issue per question that does not fit.
async fn responses_create(
    _: Throttled<ResponseWrites>,
    State(state): State<AppState>,
    Query(param): Query<EditionParam>,
    Json(body): Json<ResponseBody>,
) -> Result<Response, Error> {
    let published = answered_edition(&state, param.edition.as_deref(), body.edition.as_deref())?;
    let slug = published.slug().to_string();
    let current = published.edition.questionnaire.as_ref();
    // Answers to the questionnaire served now need no look into the revisions.
    let found = match current.filter(|q| q.version == body.version) {
        Some(q) => Some(q.clone()),
        None => {
            let versions = state.questionnaires.of(&state.store, &slug).await?;
            if versions.is_empty() && current.is_none() {
                return Err(Error::NoQuestionnaire(slug));
            }
            versions.get(&body.version).cloned()
        }
    };
    let mut issues = Vec::new();
    let key = IdempotencyKey::parse(&body.key);
    if let Err(message) = &key {
        issues.push(Issue::new("/key", message.clone()));
    }
    let answers = match &found {
        None => {
            issues.push(Issue::new("/version", unknown_version(body.version, current)));
            None
        }
        Some(questionnaire) => {
            let answers = answers_of(questionnaire, body.version, body.answers);
            if answers.answers.is_empty() {
                issues.push(Issue::new(
                    "/answers",
                    "Aucune réponse : répondez au moins à une question.",
                ));
            }
            issues.extend(questionnaire.check_answers(&answers));
            Some(answers)
        }
    };
    let (Ok(key), Some(answers), true) = (key, answers, issues.is_empty()) else {
        return Err(Error::Unprocessable {
            code: "invalid_responses",
            message: REFUSED.into(),
            details: issues,
        });
    };
    let stored = serde_json::to_string(&answers.answers).expect("answers serialize");
    let row = ResponseRow {
        key: key.as_str().to_owned(),
        body_hash: body_hash(&slug, answers.version, &stored),
        edition: slug,
        version: answers.version,
        answers: stored,
        received_at: now_text(),
    };
    match state.store.insert_response(&row).await? {
        ResponseInserted::New => Ok((StatusCode::CREATED, Json(Ack::from(&row))).into_response()),
        ResponseInserted::Existing(stored) if stored.body_hash == row.body_hash => {
            Ok((StatusCode::OK, Json(Ack::from(&stored))).into_response())
        }
        ResponseInserted::Existing(_) => Err(Error::IdempotencyConflict),
    }
}

/// The edition the body names, else the one of `?edition=`, else the current one. The two
/// may both be given only if they agree.
fn answered_edition(
    state: &AppState,
    query: Option<&str>,
    body: Option<&str>,
) -> Result<std::sync::Arc<Published>, Error> {
    if let (Some(q), Some(b)) = (query, body) {
        if q != b {
            return Err(Error::Unprocessable {
                code: "invalid_responses",
                message: REFUSED.into(),
                details: vec![Issue::new(
                    "/edition",
                    format!(
                        "L'adresse vise l'édition « {q} », le corps l'édition « {b} » : elles doivent être la même."
                    ),
                )],
            });
        }
    }
    match body.or(query) {
        Some(slug) => state
            .catalog
            .get(slug)
            .ok_or_else(|| Error::EditionNotFound(slug.chars().take(80).collect())),
        None => state.catalog.current().ok_or(Error::NoEdition),
    }
}

fn unknown_version(given: u32, current: Option<&Questionnaire>) -> String {
    match current {
        Some(q) => format!(
            "Le questionnaire n'a pas de version {given} (il est à la version {}) : rechargez la page pour répondre au questionnaire actuel.",
            q.version
        ),
        None => format!("Le questionnaire n'a jamais eu de version {given}."),
    }
}

/// The answers as the model reads them. A value that is no answer at all (`true`, `3.5`, an
/// object, a list of numbers) stands in as an answer of another kind than its question's,
/// so the model refuses it with its own sentence, at its own path, among the other problems.
fn answers_of(questionnaire: &Questionnaire, version: u32, raw: BTreeMap<String, serde_json::Value>) -> Answers {
    let answers = raw
        .into_iter()
        .map(|(id, value)| {
            let answer = serde_json::from_value::<Answer>(value).unwrap_or_else(|_| not_of_kind(questionnaire, &id));
            (id, answer)
        })
        .collect();
    Answers { version, answers }
}

/// An answer (not blank) of another kind than question `id` takes.
fn not_of_kind(questionnaire: &Questionnaire, id: &str) -> Answer {
    match questionnaire.questions.iter().find(|q| q.id == id).map(|q| &q.kind) {
        Some(QuestionKind::Scale { .. }) => Answer::Text("?".into()),
        Some(QuestionKind::Choices { .. }) => Answer::Point(0),
        // A choice, a text, or a question the questionnaire does not have.
        _ => Answer::Options(vec!["?".into()]),
    }
}

/// A digest of what the attendee answered (not of the bytes: a retry re-serialized with its
/// keys in another order is still the same answers; `answers` is written from a sorted map).
fn body_hash(edition: &str, version: u32, answers: &str) -> String {
    let canonical = format!("{edition}\n{version}\n{answers}");
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use agir_model::questionnaire::{default_questionnaire, Question};
    use serde_json::json;

    #[test]
    fn a_value_that_is_no_answer_is_refused_as_the_wrong_kind_at_its_question() {
        // Arrange: one question of each kind.
        let mut q = default_questionnaire();
        q.questions.push(Question {
            id: "venu".into(),
            text: "Comment êtes-vous venu ?".into(),
            kind: QuestionKind::Choices {
                options: vec!["Tram".into(), "Bus".into()],
            },
            required: true,
        });
        let raw = json!({
            "journee": 3.5, "revenir": true, "commentaire": {"a": 1}, "venu": ["Tram", 3],
            "interventions": 300, "inconnue": null
        });
        // Act
        let answers = answers_of(&q, 1, serde_json::from_value(raw).unwrap());
        let issues = q.check_answers(&answers);
        // Assert
        let seen: Vec<(&str, bool)> = issues
            .iter()
            .map(|i| (i.path.as_str(), i.message.contains("attend une réponse de type")))
            .collect();
        assert_eq!(
            seen,
            [
                ("/answers/commentaire", true),
                ("/answers/inconnue", false),
                ("/answers/interventions", true),
                ("/answers/journee", true),
                ("/answers/revenir", true),
                ("/answers/venu", true),
            ],
            "{issues:?}"
        );
        assert!(issues[1].message.contains("n'existe pas"));
    }

    #[test]
    fn the_digest_is_of_the_answers_not_of_their_spelling() {
        let a: BTreeMap<String, Answer> = serde_json::from_str(r#"{"b": "Oui", "a": 4}"#).unwrap();
        let b: BTreeMap<String, Answer> = serde_json::from_str(r#"{ "a":4,"b":"Oui" }"#).unwrap();
        let text = |m: &BTreeMap<String, Answer>| serde_json::to_string(m).unwrap();
        assert_eq!(body_hash("2013", 1, &text(&a)), body_hash("2013", 1, &text(&b)));
        assert_ne!(body_hash("2013", 1, &text(&a)), body_hash("2013", 2, &text(&a)));
        assert_ne!(body_hash("2013", 1, &text(&a)), body_hash("2014", 1, &text(&a)));
    }
}
