//! The first answer of the attendee app's public pages holds the page itself: for `/`,
//! `/programme`, `/programme/{id}`, `/intervenants[/{id}]`, `/village[/{stand}]`,
//! `/village/lieu/{place}` and `/infos`, the server draws the page of the current revision
//! into the build's `index.html`, with its title, description, preview-card tags and
//! schema.org data. A person on a congested network reads the programme, and follows its
//! plain links, before the wasm arrives (or without it); the app then takes the page over.
//!
//! The views mirror the app's markup and classes page by page (each module names the app's
//! file it follows), and take every date, time, label and address from `agir_model`, as the
//! app does; `tests/e2e/specs/first-html.spec.ts` checks that the two agree, route by route.
//!
//! A page depends on the revision, the clock, the query and the browser: it is drawn at the
//! request (0.1 to 2 ms), its compressed forms are kept by content for the revision, and an
//! address drawn less than 5 seconds ago is answered from memory without drawing.
//! `/index.html` itself stays the generic shell, which the service worker keeps and serves
//! for every route offline: never one route's page for another.

mod floor;
mod home;
mod html;
mod infos;
mod meta;
mod not_found;
mod programme;
mod session;
pub mod shell;
mod speakers;
mod village;
mod volunteering;

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use agir_model::{time::parse_local_datetime, Edition};
use axum::{
    extract::Query,
    http::{header, HeaderMap, HeaderValue, StatusCode, Uri},
    response::Response,
};
use chrono::{DateTime, TimeZone, Utc};
use sha2::{Digest, Sha256};

pub(crate) use html::Esc;
pub(crate) use shell::stylesheets;

use crate::{
    catalog::Published,
    compress::Encoded,
    conditional::{Cached, Caching},
    AppState,
};

/// What a view needs to draw a page.
pub struct Ctx<'a> {
    pub edition: &'a Edition,
    /// The revision drawn, and what it keeps for searches.
    pub published: &'a Published,
    /// The path asked for: links to it and above it are marked current.
    pub path: &'a str,
    /// The app's clock: the server's, or the `?now=` a demo starts from.
    pub now: DateTime<Utc>,
    /// `?now=` was given (the home page says it is a demonstration).
    pub pinned: bool,
    /// The browser is Safari on an iPhone or an iPad (`/infos` tells how to keep the app).
    pub ios: bool,
    pub public_url: &'a str,
    query: &'a [(String, String)],
}

impl Ctx<'_> {
    /// A query parameter (the programme's search and filters, `page`).
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// `path` at the public address.
    pub fn url(&self, path: &str) -> String {
        agir_model::paths::absolute(self.public_url, path)
    }
}

/// A page's `<head>` words.
pub struct Meta {
    /// The tab's title, before " · Agir ensemble", as the app sets it.
    pub title: String,
    /// What a preview card shows in bold.
    pub card_title: String,
    pub description: String,
    /// schema.org objects, each in its own `application/ld+json` script.
    pub json_ld: Vec<serde_json::Value>,
}

/// A drawn page: its status, `<head>` words and the markup inside `<main>`.
pub struct Page {
    pub status: StatusCode,
    pub meta: Meta,
    pub body: String,
}

impl Page {
    fn ok(meta: Meta, body: String) -> Self {
        Self {
            status: StatusCode::OK,
            meta,
            body,
        }
    }
}

/// The app routes drawn here.
enum Route<'a> {
    Home,
    Programme,
    Session(&'a str),
    Speakers,
    Speaker(&'a str),
    Village(village::Asked<'a>),
    Infos,
}

impl<'a> Route<'a> {
    fn of(path: &'a str) -> Option<Self> {
        let one = |prefix: &str| {
            path.strip_prefix(prefix)
                .filter(|id| !id.is_empty() && !id.contains('/'))
        };
        Some(match path {
            "/" => Self::Home,
            "/programme" => Self::Programme,
            "/intervenants" => Self::Speakers,
            "/infos" => Self::Infos,
            "/village" => Self::Village(village::Asked::Plan),
            _ => {
                if let Some(id) = one("/programme/") {
                    Self::Session(id)
                } else if let Some(id) = one("/intervenants/") {
                    Self::Speaker(id)
                } else if let Some(id) = one("/village/lieu/") {
                    Self::Village(village::Asked::Place(id))
                } else if let Some(id) = one("/village/").filter(|id| *id != "lieu") {
                    Self::Village(village::Asked::Stand(id))
                } else {
                    return None;
                }
            }
        })
    }
}

/// Query parameters that change what is drawn; any other (`utm_source`…) is ignored.
const DRAWN_PARAMS: [&str; 7] = ["q", "theme", "public", "type", "lieu", "page", "now"];

fn draw(ctx: &Ctx, route: Route) -> Page {
    match route {
        Route::Home => home::page(ctx),
        Route::Programme => programme::page(ctx),
        Route::Session(id) => session::page(ctx, id),
        Route::Speakers => speakers::list(ctx),
        Route::Speaker(id) => speakers::page(ctx, id),
        Route::Village(asked) => village::page(ctx, asked),
        Route::Infos => infos::page(ctx),
    }
}

/// What a request asks of a page, read on the async side.
struct Asked {
    path: String,
    query: Vec<(String, String)>,
    /// The server's clock at the request.
    now: DateTime<Utc>,
    ios: bool,
}

/// The answer to an app route drawn here, `None` for any other path (and while no edition
/// is published: then the generic shell answers, as before).
pub async fn respond(state: &AppState, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    Route::of(uri.path())?;
    let published = state.catalog.current()?;
    let index = state.assets.index_for(uri.path())?.body.identity().clone();
    let asked = Asked {
        path: uri.path().to_owned(),
        query: Query::<Vec<(String, String)>>::try_from_uri(uri)
            .map(|q| q.0)
            .unwrap_or_default(),
        now: state.clock.now(),
        ios: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ua| ["iPhone", "iPad", "iPod"].iter().any(|d| ua.contains(d))),
    };
    let infos = uri.path() == "/infos";
    // A page's own address (no query that changes it) drawn a moment ago is answered as is.
    let own = !asked.query.iter().any(|(k, _)| DRAWN_PARAMS.contains(&k.as_str()));
    let memo = own.then(|| (asked.path.clone(), asked.ios));
    let recent = memo
        .as_ref()
        .and_then(|key| state.pages.recent(&published, key, asked.now));
    let (cached, status) = match recent {
        Some(cached) => (cached, StatusCode::OK),
        None => {
            let state = state.clone();
            // Drawing is quick, but compressing a page not sent before is CPU work.
            let prepared = tokio::task::spawn_blocking(move || {
                let (html, status) = render(&state, &published, &index, &asked);
                let memo = memo.filter(|_| status.is_success()).map(|key| (key, asked.now));
                (state.pages.prepare(&published, html, memo), status)
            })
            .await;
            match prepared {
                Ok(prepared) => prepared,
                Err(e) => {
                    tracing::error!(error = %e, "page interrompue : la page générique est servie");
                    return None;
                }
            }
        }
    };
    let mut response = cached.respond_with_status(status, headers);
    if infos {
        // What `/infos` says depends on the browser (iPhone or not).
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("accept-encoding, user-agent"));
    }
    Some(response)
}

/// The page's HTML and its status.
fn render(state: &AppState, published: &Published, index: &[u8], asked: &Asked) -> (String, StatusCode) {
    let edition = &published.edition;
    let route = Route::of(&asked.path).expect("an app route drawn here");
    let pin = asked
        .query
        .iter()
        .find(|(k, _)| k == "now")
        .and_then(|(_, v)| parse_local_datetime(v))
        .and_then(|local| edition.offset().from_local_datetime(&local).single())
        .map(|t| t.with_timezone(&Utc));
    let ctx = Ctx {
        edition,
        published,
        path: &asked.path,
        now: pin.unwrap_or(asked.now),
        pinned: pin.is_some(),
        ios: asked.ios,
        public_url: &state.public_url,
        query: &asked.query,
    };
    let page = draw(&ctx, route);
    let image = state.assets.get(ICON).map(|_| ICON);
    let html = shell::document(&String::from_utf8_lossy(index), &ctx, &page, image);
    (html, page.status)
}

/// The picture of a preview card: the app's large icon, when the build has it.
const ICON: &str = "/icons/icon-512.png";

/// The compressed forms of the pages sent, by content, for the current revision, and
/// which page each address got a moment ago.
#[derive(Debug, Default)]
pub struct PageCache {
    inner: Mutex<Kept>,
}

/// A page's own address, and whether it was drawn for an iPhone.
type Address = (String, bool);

#[derive(Debug, Default)]
struct Kept {
    /// The edition and revision the pages were drawn from.
    revision: Option<(String, u32)>,
    pages: HashMap<[u8; 32], Encoded>,
    bytes: usize,
    /// When each address was last drawn, and the page it got.
    recent: HashMap<Address, (DateTime<Utc>, [u8; 32])>,
}

/// How long a page drawn for an address is answered again without drawing it: what a page
/// shows also depends on the time (now and next, announcements, a session that started),
/// which the app itself checks every 5 seconds.
const RECENT: chrono::TimeDelta = chrono::TimeDelta::seconds(5);

/// Memory for kept pages: a 1,351-session programme has about 2,500 pages of ~10 KB with
/// their compressed forms. Past it, pages are still drawn, and compressed lightly each time.
const KEPT_BYTES: usize = 48 * 1024 * 1024;

/// Brotli quality of kept pages (compressed once; 11 is several times slower on a page for
/// a percent or two), and of pages compressed at each request.
const KEPT_QUALITY: i32 = 9;
const QUICK_QUALITY: i32 = 4;

impl PageCache {
    /// The page `address` got less than [`RECENT`] ago from this revision, if any.
    fn recent(&self, published: &Published, address: &Address, now: DateTime<Utc>) -> Option<Cached> {
        let kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if kept.revision != Some(revision_of(published)) {
            return None;
        }
        let (at, digest) = kept.recent.get(address)?;
        let fresh = (now - *at) < RECENT && *at <= now;
        fresh.then(|| kept.pages.get(digest).map(|body| answer(digest, body.clone())))?
    }

    /// The answer for `html`: its kept forms, or forms made now. A page's own address
    /// (`drawn`: the address and when) is kept, with its page; any other answer is only
    /// compressed lightly, as a visitor can make up any number of them.
    /// CPU work: called off the async runtime.
    fn prepare(&self, published: &Published, html: String, drawn: Option<(Address, DateTime<Utc>)>) -> Cached {
        let digest: [u8; 32] = Sha256::digest(html.as_bytes()).into();
        let revision = revision_of(published);
        let found = {
            let mut kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
            if kept.revision.as_ref() != Some(&revision) {
                *kept = Kept {
                    revision: Some(revision.clone()),
                    ..Kept::default()
                };
            }
            kept.pages.get(&digest).cloned()
        };
        let Some((address, at)) = drawn else {
            return answer(
                &digest,
                found.unwrap_or_else(|| Encoded::compress_at(html, QUICK_QUALITY)),
            );
        };
        let body = found.unwrap_or_else(|| Encoded::compress_at(html, KEPT_QUALITY));
        let mut kept = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if kept.revision.as_ref() == Some(&revision) {
            if !kept.pages.contains_key(&digest) && kept.bytes + body.size() <= KEPT_BYTES {
                kept.bytes += body.size();
                kept.pages.insert(digest, body.clone());
            }
            if kept.pages.contains_key(&digest) {
                kept.recent.insert(address, (at, digest));
            }
        }
        answer(&digest, body)
    }
}

fn revision_of(published: &Published) -> (String, u32) {
    (published.slug().to_string(), published.revision)
}

/// A page's answer: its ETag names its content.
fn answer(digest: &[u8; 32], body: Encoded) -> Cached {
    let etag = format!("\"p-{}\"", hex(&digest[..12]));
    Cached {
        content_type: HeaderValue::from_static("text/html; charset=utf-8"),
        etag: HeaderValue::from_str(&etag).expect("hex is header-safe"),
        caching: Caching::Revalidate,
        body,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Shared by the handler and the state.
pub type Pages = Arc<PageCache>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_drawn_here() {
        assert!(matches!(Route::of("/"), Some(Route::Home)));
        assert!(matches!(Route::of("/programme"), Some(Route::Programme)));
        assert!(matches!(
            Route::of("/programme/ouverture"),
            Some(Route::Session("ouverture"))
        ));
        assert!(matches!(Route::of("/intervenants/ams"), Some(Route::Speaker("ams"))));
        assert!(matches!(
            Route::of("/village/lieu/auditorium"),
            Some(Route::Village(village::Asked::Place("auditorium")))
        ));
        assert!(matches!(
            Route::of("/village/una"),
            Some(Route::Village(village::Asked::Stand("una")))
        ));
        for other in [
            "/mon-programme",
            "/avis",
            "/archives/2013",
            "/programme/",
            "/programme/a/b",
            "/village/lieu",
            "/index.html",
        ] {
            assert!(Route::of(other).is_none(), "{other}");
        }
    }
}
