//! The moderators' side of the questions: a session's queue (every question, waiting ones
//! included, with the reasons kept internally), its live stream, the moderation log, and
//! the actions: accept (with the text corrected), not keep (with a reason), correct the
//! text, merge a duplicate, pin or unpin, mark answered. Open to the `moderation` and
//! `organisateur` accounts and to the organizers' token; each action is logged with who
//! did it and when.

use agir_model::{
    questions::{fold_key, Moderation, Question, QuestionText},
    Issue,
};
use axum::{
    body::Bytes,
    extract::{FromRequestParts, State},
    http::{request::Parts, HeaderMap},
    response::{IntoResponse, Response},
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::{stream, Target};
use crate::{
    admin::{authenticate, Organizer},
    error::{parse_json, require_json, Json, Path, Query},
    routing::Area,
    store::{
        moderation::{Action, LogEntry, ModerationError},
        questions::QuestionRow,
    },
    AppState, Error,
};

/// Longest reason for not keeping a question, in characters.
pub const REASON_MAX: usize = 500;

pub fn router() -> Area {
    Area::new()
        .get("/api/admin/sessions/{id}/questions", queue_index)
        .get("/api/admin/sessions/{id}/questions/flux", queue_stream)
        .get("/api/admin/sessions/{id}/questions/journal", log_index)
        .patch("/api/admin/questions/{qid}", question_update)
        .post("/api/admin/questions/{qid}/accepter", question_accept)
        .post("/api/admin/questions/{qid}/ecarter", question_reject)
        .post("/api/admin/questions/{qid}/fusionner", question_merge)
        .post("/api/admin/questions/{qid}/repondue", question_answer)
        .put("/api/admin/questions/{qid}/epingle", pin_update)
        .delete("/api/admin/questions/{qid}/epingle", pin_destroy)
}

/// Someone who may moderate: the token, or an account of either role.
#[derive(Debug, Clone)]
pub struct Moderator(pub Organizer);

impl FromRequestParts<AppState> for Moderator {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        authenticate(parts, state).await.map(Moderator)
    }
}

#[derive(Debug, Deserialize)]
struct EditionParam {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
    #[serde(default, deserialize_with = "crate::params::event_id_param")]
    depuis: Option<i64>,
}

/// A session's questions as moderators see them.
#[derive(Debug, Serialize)]
struct Queue {
    edition: String,
    seance: String,
    titre: String,
    ouvertes: bool,
    moderation: Moderation,
    dernier_evenement: i64,
    epinglee: Option<i64>,
    /// Every question, in every status, in the order asked; reasons included.
    questions: Vec<Question>,
}

fn queue(target: &Target, rows: &[QuestionRow], newest: i64) -> Queue {
    let setting = target.session.questions_setting();
    Queue {
        edition: target.key.edition.clone(),
        seance: target.key.session.clone(),
        titre: target.session.title.clone(),
        ouvertes: setting.enabled && !target.session.is_cancelled(),
        moderation: setting.moderation,
        dernier_evenement: newest,
        epinglee: rows.iter().find(|q| q.pinned).map(|q| q.id),
        questions: rows.iter().map(|q| q.question(true)).collect(),
    }
}

/// `GET /api/admin/sessions/{id}/questions`: the moderation queue.
async fn queue_index(
    _: Moderator,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(param): Query<EditionParam>,
) -> Result<Json<Queue>, Error> {
    let target = Target::find(&state, &id, param.edition.as_deref())?;
    let (newest, _) = state.store.question_feed(&target.key).await?;
    let rows = state.store.session_questions(&target.key).await?;
    Ok(Json(queue(&target, &rows, newest)))
}

/// `GET /api/admin/sessions/{id}/questions/flux`: every event of the session, waiting
/// questions and reasons included; `reset` carries the queue.
async fn queue_stream(
    _: Moderator,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(param): Query<EditionParam>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let target = Target::find(&state, &id, param.edition.as_deref())?;
    let last = stream::last_event_id(&headers, param.depuis);
    let store = state.store.clone();
    let key = target.key.clone();
    let sse = stream::open(
        &state.questions,
        &state.store,
        key,
        last,
        true,
        move |newest| async move {
            let rows = store.session_questions(&target.key).await?;
            serde_json::to_string(&queue(&target, &rows, newest)).map_err(Error::internal)
        },
    )
    .await?;
    Ok(sse.into_response())
}

/// `GET /api/admin/sessions/{id}/questions/journal`: who did what, oldest first.
async fn log_index(
    _: Moderator,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(param): Query<EditionParam>,
) -> Result<Json<Vec<LogEntry>>, Error> {
    let target = Target::find(&state, &id, param.edition.as_deref())?;
    Ok(Json(state.store.question_log(&target.key).await?))
}

/// A JSON body that may be left out (no body at all: every field absent).
async fn optional_json<T: DeserializeOwned + Default>(headers: &HeaderMap, body: &Bytes) -> Result<T, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    require_json(headers)?;
    parse_json(body)
}

/// A corrected text, checked as an attendee's question is.
fn corrected(raw: &str) -> Result<(String, String), Error> {
    let text = QuestionText::parse(raw).map_err(|m| Error::Unprocessable {
        code: "invalid_question",
        message: "Le texte n'a pas été modifié : vérifiez-le.".into(),
        details: vec![Issue::new("/texte", m)],
    })?;
    let key = fold_key(text.as_str());
    Ok((text.into_inner(), key))
}

/// Runs one action and hands its events to the streams.
async fn moderate(state: &AppState, moderator: &Moderator, qid: &str, action: Action) -> Result<Json<Question>, Error> {
    let id: i64 = qid
        .parse()
        .map_err(|_| Error::QuestionNotFound(qid.chars().take(40).collect()))?;
    let _one_at_a_time = state.questions.writes.lock().await;
    let done = state
        .store
        .question_moderate(id, action, moderator.0.name(), state.clock.now())
        .await
        .map_err(|e| match e {
            ModerationError::NotFound => Error::QuestionNotFound(qid.to_owned()),
            ModerationError::Refused(message) => Error::Conflict {
                code: "moderation_refused",
                message,
            },
            ModerationError::Store(e) => e.into(),
        })?;
    state.questions.publish(&done.question.key, done.events);
    Ok(Json(done.question.question(true)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextBody {
    #[serde(default)]
    texte: Option<String>,
}

/// `POST /api/admin/questions/{qid}/accepter`: shows it to everyone; `{"texte": …}`
/// corrects it at the same time.
async fn question_accept(
    moderator: Moderator,
    State(state): State<AppState>,
    Path(qid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Question>, Error> {
    let body: TextBody = optional_json(&headers, &body).await?;
    let text = body.texte.as_deref().map(corrected).transpose()?;
    moderate(&state, &moderator, &qid, Action::Accept { text }).await
}

/// `PATCH /api/admin/questions/{qid}`: corrects the text (`{"texte": …}`).
async fn question_update(
    moderator: Moderator,
    State(state): State<AppState>,
    Path(qid): Path<String>,
    Json(body): Json<TextBody>,
) -> Result<Json<Question>, Error> {
    let Some(raw) = body.texte else {
        return Err(Error::Unprocessable {
            code: "invalid_question",
            message: "Donnez le nouveau texte de la question.".into(),
            details: vec![Issue::new("/texte", "Le texte manque.")],
        });
    };
    let (text, fold_key) = corrected(&raw)?;
    moderate(&state, &moderator, &qid, Action::Edit { text, fold_key }).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReasonBody {
    #[serde(default)]
    raison: Option<String>,
}

/// `POST /api/admin/questions/{qid}/ecarter`: not kept; `{"raison": …}` stays with the
/// moderators (the asker sees « non retenue », nobody sees why).
async fn question_reject(
    moderator: Moderator,
    State(state): State<AppState>,
    Path(qid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Question>, Error> {
    let body: ReasonBody = optional_json(&headers, &body).await?;
    let reason = body.raison.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > REASON_MAX) {
        return Err(Error::Unprocessable {
            code: "invalid_reason",
            message: "La raison n'a pas été enregistrée : elle est trop longue.".into(),
            details: vec![Issue::new("/raison", format!("{REASON_MAX} caractères au plus."))],
        });
    }
    moderate(&state, &moderator, &qid, Action::Reject { reason }).await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeBody {
    /// The question this one joins.
    dans: i64,
}

/// `POST /api/admin/questions/{qid}/fusionner`: `{"dans": id}`; its supports go there.
async fn question_merge(
    moderator: Moderator,
    State(state): State<AppState>,
    Path(qid): Path<String>,
    Json(body): Json<MergeBody>,
) -> Result<Json<Question>, Error> {
    moderate(&state, &moderator, &qid, Action::Merge { into: body.dans }).await
}

/// `POST /api/admin/questions/{qid}/repondue`: asked on stage.
async fn question_answer(
    moderator: Moderator,
    State(state): State<AppState>,
    Path(qid): Path<String>,
) -> Result<Json<Question>, Error> {
    moderate(&state, &moderator, &qid, Action::Answer).await
}

/// `PUT /api/admin/questions/{qid}/epingle`: the question being asked; the session's
/// pinned question before it is unpinned.
async fn pin_update(
    moderator: Moderator,
    State(state): State<AppState>,
    Path(qid): Path<String>,
) -> Result<Json<Question>, Error> {
    moderate(&state, &moderator, &qid, Action::Pin).await
}

/// `DELETE /api/admin/questions/{qid}/epingle`.
async fn pin_destroy(
    moderator: Moderator,
    State(state): State<AppState>,
    Path(qid): Path<String>,
) -> Result<Json<Question>, Error> {
    moderate(&state, &moderator, &qid, Action::Unpin).await
}
