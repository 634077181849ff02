//! Fetch helpers for the backend's JSON API. Every helper returns `Result<T, ApiError>`;
//! pages show the error in French with a way to retry, never an empty screen.

use std::sync::Arc;

use agir_model::Edition;
use gloo_net::http::{Request, Response};

/// What went wrong talking to the backend, in words a visitor understands.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.")]
    Network,
    #[error("Cette page n'existe pas sur le serveur.")]
    NotFound,
    #[error("Le serveur a répondu par une erreur ({0}). Réessayez dans un instant.")]
    Status(u16),
    #[error("Le programme reçu est illisible ({0}).")]
    Invalid(String),
}

/// The programme as received: the document, its text (kept as the offline copy) and its
/// validator for the next request.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub edition: Arc<Edition>,
    pub text: String,
    pub etag: Option<String>,
    /// The service worker answered with its last good copy because the network did not.
    pub offline: bool,
    /// When the server produced it (its `Date` header, ms since epoch).
    pub date_ms: Option<i64>,
}

/// The answer to a conditional request for the programme.
#[derive(Debug, Clone)]
pub enum Revalidated {
    Unchanged,
    Changed(Fetched),
}

/// `GET /api/edition` (the current edition) or `GET /api/editions/{slug}`, conditional
/// on the ETag of the copy already held.
pub async fn fetch_edition(slug: Option<&str>, etag: Option<&str>) -> Result<Revalidated, ApiError> {
    let url = match slug {
        Some(slug) => format!("/api/editions/{slug}"),
        None => "/api/edition".to_owned(),
    };
    let mut request = Request::get(&url).header("Accept", "application/json");
    if let Some(etag) = etag {
        request = request.header("If-None-Match", etag);
    }
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.status() == 304 {
        return Ok(Revalidated::Unchanged);
    }
    let response = ok(response)?;
    let headers = response.headers();
    let etag = headers.get("etag");
    let offline = headers.get("x-agir-offline").is_some();
    let date_ms = headers
        .get("date")
        .map(|d| js_sys::Date::parse(&d))
        .filter(|ms| ms.is_finite())
        .map(|ms| ms as i64);
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    let edition = Edition::from_json(&text).map_err(|e| ApiError::Invalid(e.to_string()))?;
    Ok(Revalidated::Changed(Fetched {
        edition: Arc::new(edition),
        text,
        etag,
        offline,
        date_ms,
    }))
}

/// A past or current edition, unconditionally.
pub async fn fetch_edition_once(slug: &str) -> Result<Arc<Edition>, ApiError> {
    match fetch_edition(Some(slug), None).await? {
        Revalidated::Changed(f) => Ok(f.edition),
        Revalidated::Unchanged => Err(ApiError::Status(304)),
    }
}

pub use agir_model::EditionSummary;

/// `GET /api/editions`: the editions the backend holds, newest first.
pub async fn fetch_editions() -> Result<Vec<EditionSummary>, ApiError> {
    let response = Request::get("/api/editions")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let text = ok(response)?.text().await.map_err(|_| ApiError::Network)?;
    serde_json::from_str(&text).map_err(|e| ApiError::Invalid(e.to_string()))
}

/// The answer of `GET /api/changes`: what changed in the current edition between two
/// revisions, session by session.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChangesFeed {
    pub edition: String,
    pub from: u32,
    pub to: u32,
    pub changes: Vec<agir_model::Change>,
}

/// `GET /api/changes?since=REV&edition=SLUG`: the changes since the revision the app last saw.
pub async fn fetch_changes(edition: &str, since: u32) -> Result<ChangesFeed, ApiError> {
    let url = format!("/api/changes?since={since}&edition={edition}");
    let response = Request::get(&url)
        .header("Accept", "application/json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    let text = ok(response)?.text().await.map_err(|_| ApiError::Network)?;
    serde_json::from_str(&text).map_err(|e| ApiError::Invalid(e.to_string()))
}

fn ok(response: Response) -> Result<Response, ApiError> {
    match response.status() {
        200..=299 => Ok(response),
        404 => Err(ApiError::NotFound),
        status => Err(ApiError::Status(status)),
    }
}
