//! « Je veux m'engager » (issue #21), the server's side. A visitor on a stand's page asks to
//! be contacted by its association (`POST /api/engagement/demandes`, checked by the model's
//! `NewContactRequest::check`) and may withdraw the request (`DELETE …/{cle}`); the phone's
//! outbox sends both, so each request carries an idempotency key, which is also the secret
//! that withdraws it and is stored only as a hash. The association reads its requests
//! through a private, revocable link (`association`); organizers make and revoke the links
//! and see counts only (`organizers`); requests are deleted after the edition's retention
//! period (`retention`), their count staying for the bilan.

pub mod association;
pub mod organizers;
mod page;
pub mod retention;

use agir_model::{
    engagement::{Checked, NewContactRequest},
    Edition, Issue,
};
use axum::{
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use serde::Serialize;

use crate::{
    accounts::token_digest,
    error::{Json, Path},
    feedback::IdempotencyKey,
    interest::DeviceId,
    ratelimit::{retry_after_secs, ContactWrites, Throttled},
    routing::Area,
    store::engagement::{NewContact, Received},
    AppState, Error,
};

/// A first name, a contact, a message of 1,000 characters and a few missions: far below.
pub const BODY_LIMIT: usize = 16 * 1024;

pub fn router() -> Area {
    Area::new()
        .post("/api/engagement/demandes", requests_create)
        .delete("/api/engagement/demandes/{cle}", request_destroy)
        .map_router(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)))
        .merge(organizers::router())
        .merge(association::router())
}

/// The answer to a request sent: `{"statut": "recue", "recue_le": …}`, the same for a
/// retry, or `{"statut": "retiree"}` for a key withdrawn. Nothing else: the visitor's phone
/// needs no id, and the association's address is not theirs to know.
#[derive(Debug, Serialize)]
struct Ack {
    statut: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    recue_le: Option<String>,
}

/// `POST /api/engagement/demandes`: 201 once stored, 200 with the same answer for a retry,
/// 200 `retiree` (nothing stored) for a key already withdrawn, 409 for a key used with
/// another request, 422 naming each wrong field, 429 past the limits.
async fn requests_create(
    _: Throttled<ContactWrites>,
    State(state): State<AppState>,
    Json(body): Json<NewContactRequest>,
) -> Result<Response, Error> {
    let published = state
        .catalog
        .get(&body.edition)
        .ok_or_else(|| Error::EditionNotFound(body.edition.chars().take(80).collect()))?;
    let (new, device) = checked(&published.edition, &body)?;
    if let Err(wait) = state
        .limits
        .contacts_per_device
        .take(device.as_str().to_owned(), std::time::Instant::now())
    {
        // A retry, or a request sent after its withdrawal, is answered whatever the limit.
        if !state.store.contact_key_known(&new.key_hash).await? {
            return Err(Error::DeviceLimited {
                what: "demandes de contact",
                retry_after_secs: retry_after_secs(wait),
            });
        }
    }
    let (status, ack) = match state.store.contact_request_insert(&new, state.clock.now()).await? {
        Received::New(at) => (StatusCode::CREATED, received(at)),
        Received::Retry {
            same: true,
            received_at,
        } => (StatusCode::OK, received(received_at)),
        Received::Retry { same: false, .. } => return Err(Error::IdempotencyConflict),
        Received::Withdrawn => (
            StatusCode::OK,
            Ack {
                statut: "retiree",
                recue_le: None,
            },
        ),
    };
    Ok((status, Json(ack)).into_response())
}

fn received(at: String) -> Ack {
    Ack {
        statut: "recue",
        recue_le: Some(at),
    }
}

/// The request checked by the model, with its key and device checked here: 422 whose
/// message is the first wrong field's sentence, every wrong field in `details`.
fn checked(edition: &Edition, body: &NewContactRequest) -> Result<(NewContact, DeviceId), Error> {
    let mut issues = Vec::new();
    let checked = body.check(edition).map_err(|errors| {
        issues.extend(
            errors
                .into_iter()
                .map(|e| Issue::new(format!("/{}", e.field), e.message)),
        );
    });
    let key = IdempotencyKey::parse(&body.cle).map_err(|m| issues.push(Issue::new("/cle", m)));
    let device = DeviceId::parse(&body.appareil).map_err(|e| issues.push(Issue::new("/appareil", e.to_string())));
    let (Ok(checked), Ok(key), Ok(device)) = (checked, key, device) else {
        return Err(Error::Unprocessable {
            code: "invalid_contact_request",
            message: issues
                .first()
                .map_or_else(|| "La demande n'a pas été envoyée.".into(), |i| i.message.clone()),
            details: issues,
        });
    };
    Ok((stored_form(edition, checked, &key), device))
}

/// What the store keeps of a checked request: its fields as normalized, the hash of its
/// key and of the whole, so that a retry differing only in spacing is still the same.
fn stored_form(edition: &Edition, checked: Checked, key: &IdempotencyKey) -> NewContact {
    let Checked {
        stand,
        prenom,
        contact,
        disponibilites,
        missions,
        message,
    } = checked;
    let canonical = serde_json::json!({
        "edition": edition.edition.as_str(),
        "stand": stand.as_str(),
        "prenom": prenom,
        "contact": contact.as_str(),
        "disponibilites": disponibilites,
        "missions": missions,
        "message": message,
    });
    NewContact {
        edition: edition.edition.to_string(),
        stand: stand.to_string(),
        key_hash: token_digest(key.as_str()),
        body_hash: token_digest(&canonical.to_string()),
        first_name: prenom,
        contact: contact.as_str().to_owned(),
        moments: disponibilites,
        missions,
        message,
    }
}

/// `DELETE /api/engagement/demandes/{cle}`: deletes the request, if stored, and keeps the
/// key so that the request, arriving later from the outbox, stores nothing. 204 whether or
/// not there was one; 400 for a key that is not a UUID.
async fn request_destroy(
    _: Throttled<ContactWrites>,
    State(state): State<AppState>,
    Path(cle): Path<String>,
) -> Result<StatusCode, Error> {
    let key = IdempotencyKey::parse(&cle).map_err(|message| Error::BadRequest {
        code: "invalid_key",
        message,
    })?;
    state
        .store
        .contact_request_withdraw(&token_digest(key.as_str()), state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
