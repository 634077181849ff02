//! Reading editions: the current document, one edition by slug, the list, and the changes
//! feed between a revision a client has and the latest. Everything answers from bytes
//! prepared once per revision, with strong ETags so a poll costs a 304.

use std::sync::Arc;

use agir_model::{diff, Change};
use axum::{extract::State, http::HeaderMap, response::Response};
use serde::{Deserialize, Serialize};

use crate::{
    catalog::{cached_json, Published},
    error::{Path, Query},
    publish,
    routing::Area,
    AppState, Error,
};

pub fn router() -> Area {
    Area::new()
        .get("/api/edition", edition_show)
        .get("/api/editions", editions_index)
        .get("/api/editions/{slug}", editions_show)
        .get("/api/changes", changes_index)
}

/// `GET /api/edition`: the current edition's document. The server answers it before
/// routing (`hot`); this route is the same answer for callers of the bare router.
async fn edition_show(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    current(&state, &headers)
}

/// The current edition's document, or a 304 to a client that has it.
pub fn current(state: &AppState, headers: &HeaderMap) -> Result<Response, Error> {
    let published = state.catalog.current().ok_or(Error::NoEdition)?;
    Ok(published.document.respond(headers))
}

/// `GET /api/editions`: every edition, newest first.
async fn editions_index(State(state): State<AppState>, headers: HeaderMap) -> Response {
    state.catalog.snapshot().list.respond(&headers)
}

/// `GET /api/editions/{slug}`: one edition's latest document.
async fn editions_show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let published = state.catalog.get(&slug).ok_or(Error::EditionNotFound(slug))?;
    Ok(published.document.respond(&headers))
}

#[derive(Debug, Deserialize)]
struct ChangesQuery {
    since: Option<String>,
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
}

/// The changes feed answer.
#[derive(Debug, Serialize)]
struct Changes<'a> {
    edition: &'a str,
    from: u32,
    to: u32,
    changes: Vec<Change>,
}

/// `GET /api/changes?since=REV[&edition=SLUG]`: what changed from `since` to the latest.
async fn changes_index(
    State(state): State<AppState>,
    Query(query): Query<ChangesQuery>,
    headers: HeaderMap,
) -> Result<Response, Error> {
    let published = match &query.edition {
        Some(slug) => state
            .catalog
            .get(slug)
            .ok_or_else(|| Error::EditionNotFound(slug.clone()))?,
        None => state.catalog.current().ok_or(Error::NoEdition)?,
    };
    let since = parse_since(query.since.as_deref(), &published)?;
    if let Some(answer) = published.cached_changes(since) {
        return Ok(answer.respond(&headers));
    }
    let changes = if since == published.revision {
        Vec::new()
    } else {
        let old = publish::load(&state.store, published.slug().as_str(), since)
            .await?
            .ok_or(Error::RevisionNotFound(since))?;
        diff(&old, &published.edition)
    };
    let slug = published.slug().as_str();
    let answer = cached_json(
        &Changes {
            edition: slug,
            from: since,
            to: published.revision,
            changes,
        },
        &format!("\"c.{slug}.{since}.{}\"", published.revision),
    );
    published.remember_changes(since, answer.clone());
    Ok(answer.respond(&headers))
}

fn parse_since(raw: Option<&str>, published: &Arc<Published>) -> Result<u32, Error> {
    let bad = |message: String| Error::BadRequest {
        code: "invalid_since",
        message,
    };
    let raw = raw.ok_or_else(|| bad("Indiquez la révision que vous avez : /api/changes?since=N.".into()))?;
    let since: u32 = raw.trim().parse().map_err(|_| {
        bad(format!(
            "« {raw} » n'est pas un numéro de révision (un entier à partir de 1)."
        ))
    })?;
    if since > published.revision {
        // Well formed, but not a revision the server has published (yet): not found.
        return Err(Error::RevisionNotFound(since));
    }
    if since == 0 {
        return Err(bad(format!(
            "La révision {since} n'existe pas : l'édition {} va de la révision 1 à la révision {}.",
            published.slug(),
            published.revision
        )));
    }
    Ok(since)
}
