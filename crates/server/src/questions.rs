//! Questions from the floor (issue #20), the attendees' side: ask a question in a session
//! that takes them, support one ("Moi aussi") or withdraw the support, read the list, and
//! follow it live (`stream`). No sign-in: each phone sends the random device id the app
//! made (`agir.appareil.v1`), and each ask a client-made idempotency key, so a retried
//! send never makes a second question. Moderators' routes are in `moderation`, the
//! export and the retention period in `retention`.

pub mod moderation;
pub mod retention;
pub mod stream;

use std::sync::Arc;

use agir_model::{
    questions::{fold_key, FirstName, Moderation, Question, QuestionStatus, QuestionText},
    Issue, Session, SessionId,
};
use axum::{
    extract::{DefaultBodyLimit, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{
    catalog::Published,
    conditional::none_match,
    error::{Json, Path, Query},
    feedback::IdempotencyKey,
    interest::DeviceId,
    ratelimit::{retry_after_secs, QuestionWrites, Throttled},
    routing::Area,
    store::questions::{AskOutcome, NewAsk, QuestionRow, SessionKey, SupportError},
    AppState, Error,
};

/// A question, a first name, two ids: far below this.
pub const BODY_LIMIT: usize = 8 * 1024;

pub fn router() -> Area {
    Area::new()
        .get("/api/sessions/{id}/questions", questions_index)
        .post("/api/sessions/{id}/questions", questions_create)
        .get("/api/sessions/{id}/questions/flux", questions_stream)
        .put("/api/questions/{qid}/soutiens/{device}", support_update)
        .delete("/api/questions/{qid}/soutiens/{device}", support_destroy)
        .map_router(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)))
        .merge(moderation::router())
        .merge(retention::router())
}

/// A session of an edition, found from the address.
pub(crate) struct Target {
    pub published: Arc<Published>,
    pub session: Session,
    pub key: SessionKey,
}

impl Target {
    /// Session `id` of `?edition=`, or of the current edition.
    pub fn find(state: &AppState, id: &str, edition: Option<&str>) -> Result<Self, Error> {
        let published = crate::admin::target(state, edition)?;
        let session = SessionId::parse(id)
            .ok()
            .and_then(|sid| published.edition.sessions.iter().find(|s| s.id == sid).cloned())
            .ok_or_else(|| Error::SessionNotFound(id.chars().take(80).collect()))?;
        let key = SessionKey {
            edition: published.slug().to_string(),
            session: session.id.to_string(),
        };
        Ok(Self {
            published,
            session,
            key,
        })
    }

    /// Whether the session takes new questions now.
    fn open(&self, expired: bool) -> bool {
        self.session.questions_setting().enabled && !self.session.is_cancelled() && !expired
    }
}

#[derive(Debug, Deserialize)]
struct ListParams {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
    /// This device's own questions and supports are added.
    appareil: Option<String>,
}

/// A session's questions as attendees see them.
#[derive(Debug, Serialize)]
pub struct PublicView {
    edition: String,
    seance: String,
    /// Whether the session takes new questions.
    ouvertes: bool,
    moderation: Moderation,
    /// The newest event id: a stream opened with `?depuis=` this resumes right after.
    dernier_evenement: i64,
    epinglee: Option<i64>,
    /// Accepted questions, the most supported first, then the newest.
    questions: Vec<Question>,
    /// Answered questions, the latest answered first.
    repondues: Vec<Question>,
    /// With `?appareil=`: what this device asked and supports.
    #[serde(skip_serializing_if = "Option::is_none")]
    appareil: Option<DeviceView>,
}

/// A device's own questions (in every status, without moderators' reasons) and the ids of
/// those it supports.
#[derive(Debug, Serialize)]
struct DeviceView {
    questions: Vec<Question>,
    soutenues: Vec<i64>,
}

/// Builds the attendees' view of `rows` (every question of the session).
pub(crate) fn public_view(target: &Target, rows: &[QuestionRow], newest: i64, expired: bool) -> PublicView {
    let visible: Vec<&QuestionRow> = if expired {
        Vec::new()
    } else {
        rows.iter().filter(|q| q.status.is_public()).collect()
    };
    let mut questions: Vec<Question> = visible
        .iter()
        .filter(|q| q.status == QuestionStatus::Acceptee)
        .map(|q| q.question(false))
        .collect();
    questions.sort_by(|a, b| b.soutiens.cmp(&a.soutiens).then(b.id.cmp(&a.id)));
    let mut repondues: Vec<Question> = visible
        .iter()
        .filter(|q| q.status == QuestionStatus::Repondue)
        .map(|q| q.question(false))
        .collect();
    repondues.sort_by(|a, b| b.repondue_le.cmp(&a.repondue_le).then(b.id.cmp(&a.id)));
    let setting = target.session.questions_setting();
    PublicView {
        edition: target.key.edition.clone(),
        seance: target.key.session.clone(),
        ouvertes: target.open(expired),
        moderation: setting.moderation,
        dernier_evenement: newest,
        epinglee: visible.iter().find(|q| q.pinned).map(|q| q.id),
        questions,
        repondues,
        appareil: None,
    }
}

/// `GET /api/sessions/{id}/questions`: the accepted and answered questions, the pinned
/// one, and with `?appareil=` that device's own questions and supports. Revalidates with
/// `If-None-Match` (304 while nothing changed), for clients that poll.
async fn questions_index(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<ListParams>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let target = Target::find(&state, &id, params.edition.as_deref())?;
    let device = params.appareil.as_deref().map(DeviceId::parse).transpose()?;
    let expired = retention::expired(&state, &target.published.edition).await?;
    let (newest, _) = state.store.question_feed(&target.key).await?;
    // Weak: the same state may be written with other spacing by another version.
    let tag = format!(
        "\"questions-{}-{newest}{}\"",
        target.published.revision,
        if expired { "-x" } else { "" }
    );
    let etag = format!("W/{tag}");
    if none_match(&headers, &tag) {
        return Ok(with_etag(StatusCode::NOT_MODIFIED.into_response(), &etag));
    }
    let rows = state.store.session_questions(&target.key).await?;
    let mut view = public_view(&target, &rows, newest, expired);
    if let (Some(device), false) = (device, expired) {
        let (asked, supported) = state.store.device_questions(&target.key, device.as_str()).await?;
        view.appareil = Some(DeviceView {
            questions: rows
                .iter()
                .filter(|q| asked.contains(&q.id))
                .map(|q| q.question(false))
                .collect(),
            soutenues: supported,
        });
    }
    Ok(with_etag(Json(view).into_response(), &etag))
}

fn with_etag(mut response: Response, etag: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(etag) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The body of an ask.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AskBody {
    /// The client's UUID for this question: a retry sends the same.
    cle: String,
    appareil: String,
    texte: String,
    #[serde(default)]
    prenom: Option<String>,
}

/// The acknowledgement of an ask, identical for a retry.
#[derive(Debug, Serialize)]
struct AskAck {
    question: Question,
    /// The same question was already asked: this ask joined it (and supports it).
    repliee: bool,
}

/// `POST /api/sessions/{id}/questions`: 201 with the question once committed (a new one,
/// or the same question already asked, which this ask joined), 200 with the same answer
/// for a retry, 409 when the key was used for another question or the session takes no
/// questions, 422 with an issue per field, 429 past the limits.
async fn questions_create(
    _: Throttled<QuestionWrites>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<ListParams>,
    Json(body): Json<AskBody>,
) -> Result<Response, Error> {
    let target = Target::find(&state, &id, params.edition.as_deref())?;
    let ask = checked_ask(&target.key, body)?;
    let expired = retention::expired(&state, &target.published.edition).await?;
    if !target.open(expired) {
        return Err(Error::Conflict {
            code: "questions_closed",
            message: "Cette séance ne prend pas de questions.".into(),
        });
    }
    if let Err(wait) = state
        .limits
        .asks_per_device
        .take(ask.device.clone(), std::time::Instant::now())
    {
        // A retry of an acknowledged ask is answered whatever the limit.
        if !state.store.question_ask_known(&ask.idempotency_key).await? {
            return Err(Error::DeviceLimited {
                what: "questions",
                retry_after_secs: retry_after_secs(wait),
            });
        }
    }
    let moderation = target.session.questions_setting().moderation;
    let asked = {
        let _one_at_a_time = state.questions.writes.lock().await;
        let asked = state
            .store
            .question_ask(&target.key, &ask, moderation, state.clock.now())
            .await?;
        state.questions.publish(&target.key, asked.events.clone());
        asked
    };
    let status = match asked.outcome {
        AskOutcome::Retry { same: false } => return Err(Error::IdempotencyConflict),
        AskOutcome::Retry { same: true } => StatusCode::OK,
        AskOutcome::Created | AskOutcome::Folded => StatusCode::CREATED,
    };
    let ack = AskAck {
        repliee: asked.question.device != ask.device || asked.outcome == AskOutcome::Folded,
        question: asked.question.question(false),
    };
    Ok((status, Json(ack)).into_response())
}

/// Checks every field of an ask, naming each one that does not fit.
fn checked_ask(key: &SessionKey, body: AskBody) -> Result<NewAsk, Error> {
    let mut issues = Vec::new();
    let idempotency_key = IdempotencyKey::parse(&body.cle).map_err(|m| issues.push(Issue::new("/cle", m)));
    let device = DeviceId::parse(&body.appareil).map_err(|e| issues.push(Issue::new("/appareil", e.to_string())));
    let text = QuestionText::parse(&body.texte).map_err(|m| issues.push(Issue::new("/texte", m)));
    let first_name = FirstName::parse(body.prenom.as_deref()).map_err(|m| issues.push(Issue::new("/prenom", m)));
    let (Ok(idempotency_key), Ok(device), Ok(text), Ok(first_name)) = (idempotency_key, device, text, first_name)
    else {
        return Err(Error::Unprocessable {
            code: "invalid_question",
            message: "La question n'a pas été envoyée : vérifiez les champs indiqués.".into(),
            details: issues,
        });
    };
    let first_name = first_name.map(FirstName::into_inner);
    let canonical = serde_json::json!({
        "edition": key.edition,
        "seance": key.session,
        "appareil": device.as_str(),
        "texte": text.as_str(),
        "prenom": first_name,
    });
    Ok(NewAsk {
        idempotency_key: idempotency_key.as_str().to_owned(),
        device: device.as_str().to_owned(),
        fold_key: fold_key(text.as_str()),
        text: text.into_inner(),
        first_name,
        body_hash: Sha256::digest(canonical.to_string().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    })
}

#[derive(Debug, Deserialize)]
struct StreamParams {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
    /// Resume after this event id, for a client that cannot send `Last-Event-ID`.
    #[serde(default, deserialize_with = "crate::params::event_id_param")]
    depuis: Option<i64>,
}

/// `GET /api/sessions/{id}/questions/flux`: the session's public events as Server-Sent
/// Events (see `stream`).
async fn questions_stream(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<StreamParams>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let target = Target::find(&state, &id, params.edition.as_deref())?;
    let last = stream::last_event_id(&headers, params.depuis);
    let store = state.store.clone();
    let expired = retention::expired(&state, &target.published.edition).await?;
    let key = target.key.clone();
    let sse = stream::open(
        &state.questions,
        &state.store,
        key,
        last,
        false,
        move |newest| async move {
            let rows = store.session_questions(&target.key).await?;
            let view = public_view(&target, &rows, newest, expired);
            serde_json::to_string(&view).map_err(Error::internal)
        },
    )
    .await?;
    Ok(sse.into_response())
}

/// The answer to a support or its withdrawal.
#[derive(Debug, Serialize)]
struct SupportAck {
    /// The question the support counts for (the one a merged question went into).
    question: i64,
    soutiens: u32,
    soutenue: bool,
}

/// `PUT /api/questions/{qid}/soutiens/{device}`: "Moi aussi", once per device.
async fn support_update(
    throttled: Throttled<QuestionWrites>,
    state: State<AppState>,
    path: Path<(String, String)>,
) -> Result<Json<SupportAck>, Error> {
    support(throttled, state, path, true).await
}

/// `DELETE /api/questions/{qid}/soutiens/{device}`: withdraws it; 200 whether or not there
/// was one.
async fn support_destroy(
    throttled: Throttled<QuestionWrites>,
    state: State<AppState>,
    path: Path<(String, String)>,
) -> Result<Json<SupportAck>, Error> {
    support(throttled, state, path, false).await
}

async fn support(
    _: Throttled<QuestionWrites>,
    State(state): State<AppState>,
    Path((qid, device)): Path<(String, String)>,
    on: bool,
) -> Result<Json<SupportAck>, Error> {
    let id: i64 = qid
        .parse()
        .map_err(|_| Error::QuestionNotFound(qid.chars().take(40).collect()))?;
    let device = DeviceId::parse(&device)?;
    state
        .limits
        .supports_per_device
        .take(device.as_str().to_owned(), std::time::Instant::now())
        .map_err(|wait| Error::DeviceLimited {
            what: "soutiens",
            retry_after_secs: retry_after_secs(wait),
        })?;
    let _one_at_a_time = state.questions.writes.lock().await;
    let supported = match state
        .store
        .question_support(id, device.as_str(), on, state.clock.now())
        .await
    {
        Ok(supported) => supported,
        Err(SupportError::NotFound) => return Err(Error::QuestionNotFound(qid)),
        Err(SupportError::Closed(status)) => {
            return Err(Error::Conflict {
                code: "question_closed",
                message: format!(
                    "Cette question est « {} » : elle ne reçoit plus de soutiens.",
                    status.label().to_lowercase()
                ),
            })
        }
        Err(SupportError::Store(e)) => return Err(e.into()),
    };
    state.questions.publish(&supported.question.key, supported.events);
    Ok(Json(SupportAck {
        question: supported.question.id,
        soutiens: supported.question.supports,
        soutenue: supported.supported,
    }))
}
