//! Which sessions attendees bookmarked, so organizers see what drew people. Each device
//! sends its whole set under an anonymous random id the app made (`PUT`, idempotent by
//! nature: the set replaces the last one) and can withdraw everything it sent (`DELETE`).
//! The id is stored as sent and nothing else is: no address, no time.

use agir_model::Issue;
use axum::{
    extract::{DefaultBodyLimit, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};

use crate::{
    error::{Json, Path, Query},
    ratelimit::{InterestWrites, Throttled},
    routing::Area,
    AppState, Error,
};

/// Every session id of a large conference programme fits.
pub const BODY_LIMIT: usize = 64 * 1024;

pub fn router() -> Area {
    Area::new()
        .put("/api/interet/{device}", interest_update)
        .delete("/api/interet/{device}", interest_destroy)
        .map_router(|r| r.layer(DefaultBodyLimit::max(BODY_LIMIT)))
}

/// The app's random id for one device: 16 to 64 ASCII letters, digits and dashes (a UUID
/// fits). Long enough not to be guessed, short and plain enough to sit in an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceId(String);

impl DeviceId {
    pub fn parse(raw: &str) -> Result<Self, Error> {
        let fits = (16..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if fits {
            Ok(Self(raw.to_owned()))
        } else {
            Err(Error::BadRequest {
                code: "invalid_device",
                message: "L'identifiant de l'appareil compte de 16 à 64 lettres sans accent, chiffres ou tirets."
                    .into(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Deserialize)]
struct InterestBody {
    /// The current edition if absent.
    #[serde(default)]
    edition: Option<String>,
    sessions: Vec<String>,
}

/// A device's bookmarks as stored: each session once, in programme order.
#[derive(Debug, Serialize)]
struct Interest {
    edition: String,
    sessions: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct EditionParam {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
}

/// `PUT /api/interet/{device}`: replaces the sessions this device bookmarked in the edition.
/// A session the edition does not have refuses the whole set (422), and nothing changes.
async fn interest_update(
    _: Throttled<InterestWrites>,
    State(state): State<AppState>,
    Path(device): Path<String>,
    Json(body): Json<InterestBody>,
) -> Result<Json<Interest>, Error> {
    let device = DeviceId::parse(&device)?;
    let published = match body.edition.as_deref() {
        Some(slug) => state
            .catalog
            .get(slug)
            .ok_or_else(|| Error::EditionNotFound(slug.chars().take(80).collect()))?,
        None => state.catalog.current().ok_or(Error::NoEdition)?,
    };
    let edition = &published.edition;
    let mut issues = Vec::new();
    let mut chosen = vec![false; edition.sessions.len()];
    for (i, id) in body.sessions.iter().enumerate() {
        match edition.sessions.iter().position(|s| s.id.as_str() == id) {
            Some(at) => chosen[at] = true,
            None => issues.push(Issue::new(
                format!("/sessions/{i}"),
                format!(
                    "« {} » n'est pas une séance de l'édition {}.",
                    id.chars().take(80).collect::<String>(),
                    edition.edition
                ),
            )),
        }
    }
    if !issues.is_empty() {
        return Err(Error::Unprocessable {
            code: "invalid_interest",
            message: "Vos séances choisies n'ont pas été transmises : vérifiez les séances indiquées.".into(),
            details: issues,
        });
    }
    let sessions: Vec<String> = edition
        .sessions
        .iter()
        .zip(chosen)
        .filter(|(_, chosen)| *chosen)
        .map(|(s, _)| s.id.to_string())
        .collect();
    let slug = published.slug().to_string();
    state.store.replace_interest(&slug, device.as_str(), &sessions).await?;
    Ok(Json(Interest {
        edition: slug,
        sessions,
    }))
}

/// `DELETE /api/interet/{device}`: forgets what this device sent, for `?edition=` or for
/// every edition. 204 whether there was anything or not: withdrawing never fails.
async fn interest_destroy(
    _: Throttled<InterestWrites>,
    State(state): State<AppState>,
    Path(device): Path<String>,
    Query(param): Query<EditionParam>,
) -> Result<StatusCode, Error> {
    let device = DeviceId::parse(&device)?;
    state
        .store
        .withdraw_interest(device.as_str(), param.edition.as_deref())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_ids_are_long_plain_and_kept_as_sent() {
        let uuid = "6F9619FF-8B86-D011-B42D-00C04FC964FF";
        assert_eq!(DeviceId::parse(uuid).unwrap().as_str(), uuid);
        assert!(DeviceId::parse("a".repeat(16).as_str()).is_ok());
        assert!(DeviceId::parse("a".repeat(64).as_str()).is_ok());
        assert!(DeviceId::parse("a".repeat(15).as_str()).is_err());
        assert!(DeviceId::parse("a".repeat(65).as_str()).is_err());
        assert!(DeviceId::parse("appareil_de_claire_1").is_err());
        assert!(DeviceId::parse("appareil-de-clàire-1").is_err());
    }
}
