//! The association's private link, `/association/{token}`: its requests as a page drawn
//! here (`page`), as a spreadsheet, and marking one contacted. The token is the only key:
//! it is compared with every link's in constant time, and a wrong, replaced or revoked one
//! gets the very page any unknown address under `/association/` gets. Every answer here is
//! kept out of caches, search engines and `Referer` headers.

use std::sync::Arc;

use agir_model::{engagement::ContactRequest, StandId};
use axum::{
    extract::State,
    http::{header, HeaderValue, StatusCode},
    middleware::map_response,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{page, retention::held_since};
use crate::{
    catalog::Published, error::Path, pages::stylesheets, routing::Area, spreadsheet::download, AppState, Error,
};

/// Longer than any token made here (43 characters): not worth comparing.
const TOKEN_MAX: usize = 128;

pub fn router() -> Area {
    Area::new()
        .get("/association/{token}", association_show)
        .get("/association/{token}/demandes.csv", association_export)
        .post("/association/{token}/demandes/{id}/contactee", request_mark)
        .map_router(|r| r.layer(map_response(private)))
}

/// The path of the association's page for `token`.
pub fn link_path(token: &str) -> String {
    format!("/association/{token}")
}

/// The headers of every answer under `/association/`: never stored by a browser or a proxy
/// (a shared computer keeps no copy), never indexed, never named in a `Referer`, and the
/// page's own policy (no script).
pub async fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Ok(policy) = HeaderValue::from_str(&page::POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// The answer to any address under `/association/` that is not a live link's.
pub async fn not_found(state: &AppState) -> Response {
    let html = page::not_found(&styles(state));
    private(html_answer(StatusCode::NOT_FOUND, html)).await
}

fn html_answer(status: StatusCode, html: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        html,
    )
        .into_response()
}

/// The app's base stylesheet, as built.
fn styles(state: &AppState) -> String {
    state
        .assets
        .get("/index.html")
        .map(|index| stylesheets(&String::from_utf8_lossy(&index.body.identity()[..]), "base"))
        .unwrap_or_default()
}

/// The stand a live link opens.
struct Holder {
    published: Arc<Published>,
    stand: StandId,
    /// The oldest reception still held.
    since: String,
}

/// The stand whose link is `token`. Every link is compared, whatever matched before, by the
/// SHA-256 of both sides in constant time: the answer's timing tells nothing of how much
/// of a guess was right.
async fn holder(state: &AppState, token: &str) -> Result<Option<Holder>, Error> {
    if token.len() > TOKEN_MAX {
        return Ok(None);
    }
    let presented: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    let mut found = None;
    for link in state.store.association_links().await? {
        let stored: [u8; 32] = Sha256::digest(link.token.as_bytes()).into();
        if bool::from(stored.ct_eq(&presented)) {
            found = Some(link);
        }
    }
    let Some(link) = found else { return Ok(None) };
    let (Some(published), Ok(stand)) = (state.catalog.get(&link.edition), StandId::parse(link.stand.as_str())) else {
        return Ok(None);
    };
    let since = held_since(&published.edition, state.clock.now());
    Ok(Some(Holder {
        published,
        stand,
        since,
    }))
}

/// The live link's stand and the requests it holds, the newest first.
async fn held(state: &AppState, token: &str) -> Result<Option<(Holder, Vec<ContactRequest>)>, Error> {
    let Some(holder) = holder(state, token).await? else {
        return Ok(None);
    };
    let requests = state
        .store
        .contact_requests(holder.published.slug().as_str(), holder.stand.as_str(), &holder.since)
        .await?;
    Ok(Some((holder, requests)))
}

/// `GET /association/{token}`: the stand's requests held now.
async fn association_show(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, Error> {
    let Some((holder, requests)) = held(&state, &token).await? else {
        return Ok(not_found(&state).await);
    };
    let html = page::requests(&page::View {
        edition: &holder.published.edition,
        stand: &holder.stand,
        token: &token,
        requests: &requests,
        styles: &styles(&state),
    });
    Ok(html_answer(StatusCode::OK, html))
}

/// `GET /association/{token}/demandes.csv`: the same requests as a spreadsheet.
async fn association_export(State(state): State<AppState>, Path(token): Path<String>) -> Result<Response, Error> {
    let Some((holder, requests)) = held(&state, &token).await? else {
        return Ok(not_found(&state).await);
    };
    let name = format!("demandes-{}.csv", holder.stand);
    Ok(download(&name, page::sheet(&holder.published.edition, &requests)))
}

/// `POST /association/{token}/demandes/{id}/contactee`: marks the request contacted (once:
/// marking again keeps the first time) and goes back to the page, at that request. A
/// request of another stand is as unknown as a wrong link.
async fn request_mark(
    State(state): State<AppState>,
    Path((token, id)): Path<(String, String)>,
) -> Result<Response, Error> {
    let (Some(holder), Ok(id)) = (holder(&state, &token).await?, id.parse::<i64>()) else {
        return Ok(not_found(&state).await);
    };
    let marked = state
        .store
        .contact_request_mark(
            holder.published.slug().as_str(),
            holder.stand.as_str(),
            id,
            &holder.since,
            state.clock.now(),
        )
        .await?;
    if !marked {
        return Ok(not_found(&state).await);
    }
    let back = format!("{}#demande-{id}", link_path(&token));
    let location = HeaderValue::from_str(&back).map_err(Error::internal)?;
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response())
}
