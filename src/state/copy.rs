//! The app's own copy of the programme, in the Cache Storage API (a large document does
//! not belong in localStorage). The app starts from it at once, even before the service
//! worker runs, then asks the network. When the server answers that the copy is still
//! current (a 304, every few minutes), only that moment is written down, in localStorage:
//! the copy itself is not written again.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Cache, Response, ResponseInit};

use super::storage;

const CACHE: &str = "agir-app-v1";
const KEY: &str = "/api/edition";
const FETCHED_AT: &str = "x-agir-fetched-at";
/// `"{ms since epoch} {etag}"`: when the copy with that ETag was last said current.
const CONFIRMED: &str = "agir.copy.confirmed.v1";

/// A stored programme: the JSON text, its ETag and when it was last known current (fetched
/// or confirmed by the server; ms since epoch).
#[derive(Debug, Clone, PartialEq)]
pub struct OfflineCopy {
    pub text: String,
    pub etag: Option<String>,
    pub fetched_at: i64,
}

async fn open() -> Option<Cache> {
    let caches = web_sys::window()?.caches().ok()?;
    JsFuture::from(caches.open(CACHE)).await.ok()?.dyn_into().ok()
}

/// The stored copy, if any. A missing or unreadable copy is just absent.
pub async fn load() -> Option<OfflineCopy> {
    let cache = open().await?;
    let found = JsFuture::from(cache.match_with_str(KEY)).await.ok()?;
    let response: Response = found.dyn_into().ok()?;
    let headers = response.headers();
    let etag = headers.get("etag").ok().flatten();
    let fetched_at = headers
        .get(FETCHED_AT)
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let fetched_at = fetched_at.max(etag.as_deref().and_then(confirmed_at).unwrap_or(0));
    let text = JsFuture::from(response.text().ok()?).await.ok()?.as_string()?;
    Some(OfflineCopy { text, etag, fetched_at })
}

/// Writes down that the copy with `etag` was still current at `at`.
pub fn confirm(etag: &str, at: i64) {
    storage::set_local(CONFIRMED, &format!("{at} {etag}"));
}

/// When the copy with `etag` was last confirmed; a confirmation of another copy, or an
/// unreadable one, counts for nothing.
fn confirmed_at(etag: &str) -> Option<i64> {
    let raw = storage::get_local(CONFIRMED)?;
    let (at, of) = raw.split_once(' ')?;
    (of == etag).then(|| at.parse().ok()).flatten()
}

/// Stores `copy`, replacing the previous one. Failure (quota, private mode) only means
/// the next start waits for the network.
pub async fn save(copy: &OfflineCopy) {
    let _ = try_save(copy).await;
}

async fn try_save(copy: &OfflineCopy) -> Result<(), JsValue> {
    let cache = open().await.ok_or(JsValue::NULL)?;
    let headers = web_sys::Headers::new()?;
    headers.set("content-type", "application/json")?;
    headers.set(FETCHED_AT, &copy.fetched_at.to_string())?;
    if let Some(etag) = &copy.etag {
        headers.set("etag", etag)?;
    }
    let init = ResponseInit::new();
    init.set_headers(&headers);
    let response = Response::new_with_opt_str_and_init(Some(&copy.text), &init)?;
    JsFuture::from(cache.put_with_str(KEY, &response)).await?;
    Ok(())
}
