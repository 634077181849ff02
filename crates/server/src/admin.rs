//! The organizers' routes: replace the whole document, move or cancel a session, roll back,
//! read the feedback, preview an import (`preview`), choose the current edition
//! (`current`). Every route needs the bearer token (scripts) or the session of an account
//! with the `organisateur` role (the console); every write of the programme needs
//! `If-Match` with the ETag the organizer read, so two people editing at once never
//! overwrite each other, and records who published it and why.

mod current;
mod preview;

use std::sync::Arc;

use agir_model::french::plural;
use agir_model::{Edition, Issue, SessionId};
use axum::{
    extract::{DefaultBodyLimit, FromRequestParts, State},
    http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::{
    accounts::{
        http::{changes_state, check_origin, session_account},
        Account, Role,
    },
    catalog::{etag, Published},
    conditional::{if_match, none_match_any, IfMatch},
    edits::{patch_session, EditError, SessionPatch},
    error::{Json, JsonBytes, Path, Query},
    feedback,
    publish::{self, Base, Byline, Outcome, PublishError, BY_TOKEN},
    routing::Area,
    spreadsheet::{download, wants_csv},
    AppState, Error,
};

/// Whole documents of a large imported conference stay far below this.
const DOCUMENT_LIMIT: usize = 8 * 1024 * 1024;

/// The organizers' shared secret. Only its SHA-256 is kept: comparing fixed-length digests
/// in constant time leaks neither the token nor its length.
pub struct AdminToken {
    digest: [u8; 32],
}

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminToken(…)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("Le jeton d'organisateur est vide.")]
    Empty,
    #[error("Le jeton d'organisateur est trop court ({0} caractères) : il en faut au moins 16.")]
    TooShort(usize),
    #[error("Le jeton d'organisateur ne doit contenir ni espace ni caractère de contrôle.")]
    BadChar,
}

impl AdminToken {
    pub const MIN_LEN: usize = 16;

    /// Reads a token as configured (surrounding whitespace, such as a file's final newline,
    /// is ignored). Short tokens are refused: this one guards the whole programme.
    pub fn parse(raw: &str) -> Result<Self, TokenError> {
        let token = raw.trim();
        if token.is_empty() {
            return Err(TokenError::Empty);
        }
        let len = token.chars().count();
        if len < Self::MIN_LEN {
            return Err(TokenError::TooShort(len));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(TokenError::BadChar);
        }
        Ok(Self {
            digest: Sha256::digest(token.as_bytes()).into(),
        })
    }

    pub fn verify(&self, presented: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        digest.ct_eq(&self.digest).into()
    }
}

/// An authenticated organizer: the shared token, or a signed-in account. Taken first by
/// every admin handler, so nothing of the request is read before it is checked.
#[derive(Debug, Clone)]
pub enum Organizer {
    Token,
    Account(Account),
}

/// Longest note of a revision, in characters: a sentence or two.
pub const NOTE_MAX: usize = 500;

impl Organizer {
    /// The name a revision records as its publisher.
    pub fn name(&self) -> &str {
        match self {
            Self::Token => BY_TOKEN,
            Self::Account(account) => &account.name,
        }
    }

    /// What a revision published by this organizer records.
    pub fn byline<'a>(&'a self, note: &'a str) -> Byline<'a> {
        Byline {
            note: Some(note),
            by: Some(self.name()),
        }
    }

    /// The note a publish records. A person signed in writes it (colleagues read it in the
    /// history); a script with the token may, else the note says what the route did.
    pub fn note(&self, given: Option<&str>, automatic: String) -> Result<String, Error> {
        match given.map(str::trim).filter(|n| !n.is_empty()) {
            Some(note) if note.chars().count() > NOTE_MAX => Err(Error::BadRequest {
                code: "note_too_long",
                message: format!("La note tient en {NOTE_MAX} caractères au plus : une ou deux phrases suffisent."),
            }),
            Some(note) => Ok(note.to_owned()),
            None if matches!(self, Self::Account(_)) => Err(Error::NoteRequired),
            None => Ok(automatic),
        }
    }
}

impl FromRequestParts<AppState> for Organizer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match authenticate(parts, state).await? {
            Organizer::Account(account) if account.role != Role::Organisateur => Err(Error::Forbidden),
            organizer => Ok(organizer),
        }
    }
}

/// The token or a signed-in account of any role (the caller checks the role); a browser's
/// write must come from the console's origin.
pub(crate) async fn authenticate(parts: &Parts, state: &AppState) -> Result<Organizer, Error> {
    // A script's token comes first: it carries no cookie, so no other site can make a
    // browser send it.
    if let Some(authorization) = parts.headers.get(header::AUTHORIZATION) {
        let Some(token) = &state.admin else {
            return Err(Error::AdminDisabled);
        };
        let presented = authorization
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, t)| t.trim());
        return match presented {
            Some(t) if token.verify(t) => Ok(Organizer::Token),
            _ => Err(Error::Unauthorized),
        };
    }
    let Some(account) = session_account(&parts.headers, state).await? else {
        return Err(Error::Unauthorized);
    };
    if changes_state(&parts.method) {
        check_origin(&parts.headers, state)?;
    }
    Ok(Organizer::Account(account))
}

pub fn router() -> Area {
    Area::new()
        .put("/api/admin/edition", edition_replace)
        .patch("/api/admin/sessions/{id}", session_update)
        .post("/api/admin/rollback/{rev}", rollback_create)
        .get("/api/admin/feedback", feedback_index)
        .post("/api/admin/import", preview::import_preview)
        .put("/api/admin/current", current::current_update)
        .map_router(|r| r.layer(DefaultBodyLimit::max(DOCUMENT_LIMIT)))
}

/// Which edition a listing concerns; the current one by default.
#[derive(Debug, Deserialize)]
struct EditionParam {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
}

/// Which edition a write concerns (the current one by default), and why it is made.
#[derive(Debug, Deserialize)]
struct WriteParam {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
    note: Option<String>,
}

/// The answer to every successful write.
#[derive(Debug, Serialize)]
struct Written {
    edition: String,
    revision: u32,
    /// What the organizers may want to fix, though it does not block publication.
    warnings: Vec<Issue>,
}

pub(crate) fn target(state: &AppState, edition: Option<&str>) -> Result<Arc<Published>, Error> {
    match edition {
        Some(slug) => state
            .catalog
            .get(slug)
            .ok_or_else(|| Error::EditionNotFound(slug.to_owned())),
        None => state.catalog.current().ok_or(Error::NoEdition),
    }
}

/// The revision the organizer edited, from `If-Match`.
fn precondition(headers: &HeaderMap, current: &Published) -> Result<Base, Error> {
    match if_match(headers, Some(current.etag())) {
        IfMatch::Missing => Err(Error::PreconditionRequired),
        IfMatch::Stale => Err(Error::PreconditionFailed {
            current: Some(current.etag().to_owned()),
        }),
        IfMatch::Matches => Ok(Base::Expect(current.revision)),
    }
}

/// Turns a refused publication into the API's answer. A conflict means another process
/// (the CLI) published a revision the poller has not loaded yet: load it now, so the 412
/// names the winning ETag and the organizer's next read gets it.
async fn publish_error(e: PublishError, state: &AppState, slug: &str) -> Error {
    match e {
        PublishError::Invalid(report) => Error::Unprocessable {
            code: "invalid_document",
            message: format!(
                "Le document n'est pas publié : {} à corriger.",
                plural(report.errors.len(), "erreur", "erreurs")
            ),
            details: report.errors,
        },
        PublishError::Conflict => {
            if let Err(e) = state.catalog.refresh(&state.store).await {
                tracing::warn!(error = %e, "rechargement des révisions impossible");
            }
            Error::PreconditionFailed {
                current: state.catalog.get(slug).map(|p| p.etag().to_owned()),
            }
        }
        PublishError::Store(e) => Error::internal(e),
    }
}

/// Makes the new revision visible before answering, so the client's next read sees it.
async fn written(state: &AppState, outcome: Outcome, status: StatusCode) -> Response {
    if let Err(e) = state.catalog.refresh(&state.store).await {
        // Committed all the same: the poller will load it on its next round.
        tracing::warn!(error = %e, "révision publiée mais pas encore chargée");
    }
    let tag = etag(outcome.edition.as_str(), outcome.revision);
    let mut response = (
        status,
        Json(Written {
            edition: outcome.edition.to_string(),
            revision: outcome.revision,
            warnings: outcome.warnings,
        }),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

/// `PUT /api/admin/edition`: replaces the whole document of the edition it names. A new
/// edition is created with `If-None-Match: *` instead of `If-Match`.
async fn edition_replace(
    organizer: Organizer,
    State(state): State<AppState>,
    Query(param): Query<WriteParam>,
    headers: HeaderMap,
    JsonBytes(body): JsonBytes,
) -> Result<Response, Error> {
    let note = organizer.note(param.note.as_deref(), "document remplacé (API)".into())?;
    let creating = none_match_any(&headers);
    if !headers.contains_key(header::IF_MATCH) && !creating {
        return Err(Error::PreconditionRequired);
    }
    let text = std::str::from_utf8(&body).map_err(|_| Error::InvalidJson("le texte n'est pas en UTF-8".into()))?;
    let edition = Edition::from_json(text).map_err(|e| Error::Unprocessable {
        code: "invalid_document",
        message: "Le document ne peut pas être lu comme une édition.".into(),
        details: vec![Issue::new(e.path, e.message)],
    })?;
    // `from_json` accepted the text, so it is JSON.
    let raw: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let unknown = edition.unknown_fields(&raw);
    if !unknown.is_empty() {
        return Err(Error::Unprocessable {
            code: "invalid_document",
            message: "Le document contient des champs inconnus : rien n'a été publié.".into(),
            details: unknown,
        });
    }
    let slug = edition.edition.to_string();
    let _one_writer = state.writes.lock().await;
    let (base, status) = match state.catalog.get(&slug) {
        Some(current) => (precondition(&headers, &current)?, StatusCode::OK),
        None if creating => (Base::Expect(0), StatusCode::CREATED),
        None => return Err(Error::PreconditionFailed { current: None }),
    };
    if status == StatusCode::CREATED {
        keep_current(&state).await?;
    }
    let outcome = match publish::publish(&state.store, edition, base, organizer.byline(&note)).await {
        Ok(outcome) => outcome,
        Err(e) => return Err(publish_error(e, &state, &slug).await),
    };
    Ok(written(&state, outcome, status).await)
}

/// A new edition is prepared in advance (next year's, an import): attendees keep the one
/// they see until an organizer chooses it. Without a choice yet, the edition served now
/// becomes the choice, so the latest-by-date rule does not switch to the new one.
async fn keep_current(state: &AppState) -> Result<(), Error> {
    if state.catalog.pinned().is_some() || state.store.current_choice().await?.is_some() {
        return Ok(());
    }
    if let Some(current) = state.catalog.current() {
        state.store.choose_current(current.slug().as_str(), None).await?;
    }
    Ok(())
}

/// `PATCH /api/admin/sessions/{id}`: moves, changes the place of, cancels or restores a
/// session of the current edition (or of `?edition=`).
async fn session_update(
    organizer: Organizer,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(param): Query<WriteParam>,
    headers: HeaderMap,
    Json(patch): Json<SessionPatch>,
) -> Result<Response, Error> {
    let note = organizer.note(param.note.as_deref(), format!("séance {id} modifiée (API)"))?;
    let id = SessionId::parse(id.as_str()).map_err(|_| Error::SessionNotFound(id))?;
    let _one_writer = state.writes.lock().await;
    let current = target(&state, param.edition.as_deref())?;
    let base = precondition(&headers, &current)?;
    let next = patch_session(&current.edition, &id, &patch).map_err(|e| match e {
        EditError::UnknownSession(id) => Error::SessionNotFound(id),
        other => Error::Unprocessable {
            code: "nothing_to_change",
            message: other.to_string(),
            details: Vec::new(),
        },
    })?;
    let slug = current.slug().to_string();
    let outcome = match publish::publish(&state.store, next, base, organizer.byline(&note)).await {
        Ok(outcome) => outcome,
        Err(e) => return Err(publish_error(e, &state, &slug).await),
    };
    Ok(written(&state, outcome, StatusCode::OK).await)
}

/// `POST /api/admin/rollback/{rev}`: publishes a copy of revision `rev` as a new revision;
/// history is never rewritten.
async fn rollback_create(
    organizer: Organizer,
    State(state): State<AppState>,
    Path(rev): Path<String>,
    Query(param): Query<WriteParam>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let note = organizer.note(param.note.as_deref(), format!("retour à la révision {rev}"))?;
    let rev: u32 = rev.parse().map_err(|_| Error::BadRequest {
        code: "invalid_revision",
        message: format!("« {rev} » n'est pas un numéro de révision."),
    })?;
    let _one_writer = state.writes.lock().await;
    let current = target(&state, param.edition.as_deref())?;
    let base = precondition(&headers, &current)?;
    if rev == current.revision {
        return Err(Error::Unprocessable {
            code: "already_current",
            message: format!("La révision {rev} est déjà celle qui est servie."),
            details: Vec::new(),
        });
    }
    let slug = current.slug().to_string();
    let old = publish::load(&state.store, &slug, rev)
        .await?
        .ok_or(Error::RevisionNotFound(rev))?;
    let outcome = match publish::publish(&state.store, old, base, organizer.byline(&note)).await {
        Ok(outcome) => outcome,
        Err(e) => return Err(publish_error(e, &state, &slug).await),
    };
    Ok(written(&state, outcome, StatusCode::OK).await)
}

/// `GET /api/admin/feedback`: every opinion, as JSON or as CSV (`Accept: text/csv`).
async fn feedback_index(
    _: Organizer,
    State(state): State<AppState>,
    Query(param): Query<EditionParam>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let rows = state.store.feedback_list(param.edition.as_deref()).await?;
    if wants_csv(&headers) {
        let snapshot = state.catalog.snapshot();
        let editions: Vec<&Edition> = snapshot.editions.values().map(|p| p.edition.as_ref()).collect();
        let name = format!("avis-{}.csv", param.edition.as_deref().unwrap_or("toutes-editions"));
        return Ok(download(&name, feedback::to_csv(&rows, &editions)));
    }
    Ok(Json(rows).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_checked_whole() {
        let token = AdminToken::parse("  un-jeton-assez-long-42\n").unwrap();
        assert!(token.verify("un-jeton-assez-long-42"));
        assert!(!token.verify("un-jeton-assez-long-4"));
        assert!(!token.verify(""));
        assert_eq!(AdminToken::parse("court").unwrap_err(), TokenError::TooShort(5));
        assert_eq!(AdminToken::parse(" \n").unwrap_err(), TokenError::Empty);
        assert_eq!(
            AdminToken::parse("un jeton avec espaces").unwrap_err(),
            TokenError::BadChar
        );
    }
}
