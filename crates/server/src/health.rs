//! Liveness (`/healthz`, which also touches the database) and the OpenAPI description of
//! every route (`/api/openapi.json`, hand-written and checked against the router by tests).

use axum::{extract::State, http::HeaderMap, response::Response};
use serde_json::Value;

use crate::{catalog::cached_json, conditional::Cached, error::Json, routing::Area, AppState, Error};

/// The OpenAPI 3.1 document as written in the repository.
pub const OPENAPI: &str = include_str!("../openapi.json");

pub fn router() -> Area {
    Area::new()
        .get("/healthz", health_show)
        .get("/api/openapi.json", openapi_show)
}

/// `GET /healthz`: 200 while the database answers, with its journal mode and
/// `synchronous` setting as the server's own connections read them.
async fn health_show(State(state): State<AppState>) -> Result<Json<Value>, Error> {
    let answered = async {
        state.store.latest_revisions().await?;
        let journal = state.store.pragma("journal_mode").await?;
        let synchronous = match state.store.pragma("synchronous").await?.as_str() {
            "0" => "off".to_owned(),
            "1" => "normal".to_owned(),
            "2" => "full".to_owned(),
            "3" => "extra".to_owned(),
            other => other.to_owned(),
        };
        Ok::<_, crate::store::StoreError>((journal, synchronous))
    };
    match answered.await {
        Ok((journal, synchronous)) => Ok(Json(serde_json::json!({
            "status": "ok",
            "journal_mode": journal,
            "synchronous": synchronous,
        }))),
        Err(e) => {
            tracing::error!(error = %e, "la base de données ne répond pas");
            Err(Error::Unavailable)
        }
    }
}

/// `GET /api/openapi.json`.
async fn openapi_show(State(state): State<AppState>, headers: HeaderMap) -> Response {
    state.openapi.respond(&headers)
}

/// The OpenAPI document with this server's public URL, prepared once.
pub fn openapi_document(public_url: &str) -> Cached {
    let mut doc: Value = serde_json::from_str(OPENAPI).expect("openapi.json is valid JSON (checked by tests)");
    doc["servers"] = serde_json::json!([{ "url": public_url.trim_end_matches('/') }]);
    let version = doc["info"]["version"].as_str().unwrap_or("0").to_owned();
    cached_json(&doc, &format!("\"openapi-{version}\""))
}
