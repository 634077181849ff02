//! The JSON backend of "Agir ensemble": the edition programme with its revisions and
//! changes feed, the organizers' accounts and edits, the participants' feedback, answers to
//! the questionnaire and bookmarked sessions, questions from the floor, contact requests to
//! the stands' associations, the bilan, and the built app (`dist/`) served
//! from memory. `app(state)` is the whole HTTP surface, so tests drive the real router;
//! `serve::start` binds it; `cli` is the `agir-server` command line.

pub mod accounts;
pub mod admin;
pub mod assets;
pub mod backup;
pub mod bilan;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod compress;
pub mod conditional;
pub mod edition;
pub mod edits;
pub mod engagement;
pub mod error;
pub mod feedback;
pub mod feeds;
pub mod health;
pub mod history;
pub mod hot;
pub mod interest;
pub mod listen;
pub mod output;
pub mod pages;
pub mod params;
pub mod publish;
pub mod qr;
pub mod questionnaires;
pub mod questions;
pub mod ratelimit;
pub mod responses;
pub mod routing;
pub mod security;
pub mod serve;
pub mod spreadsheet;
pub mod store;

use std::sync::Arc;

use axum::Router;

pub use error::Error;
pub use routing::Route;

use crate::{
    admin::AdminToken, assets::Assets, catalog::Catalog, clock::Clock, conditional::Cached,
    questionnaires::Questionnaires, ratelimit::Limits, routing::Area, store::Store,
};

/// Everything a handler may need, behind one `Arc`: axum clones the state into every
/// request, and one reference count is measurably cheaper than one per field (the read
/// path's profile showed the per-field clones and drops at 8 % of the server's time).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What [`AppState`] shares.
#[derive(Clone)]
pub struct Shared {
    pub store: Store,
    pub catalog: Arc<Catalog>,
    pub assets: Arc<Assets>,
    /// `None`: the admin routes answer `admin_disabled`.
    pub admin: Option<Arc<AdminToken>>,
    /// The rate limits of attendees' writes.
    pub limits: Arc<Limits>,
    /// The questionnaire versions of each edition, read from its revisions.
    pub questionnaires: Arc<Questionnaires>,
    /// Behind a reverse proxy: the client is the address it appended to `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// The OpenAPI document, prepared once.
    pub openapi: Arc<Cached>,
    /// Serializes this process's publishes so a second editor sees the first one's revision
    /// (and gets a clean 412) instead of racing it to the database.
    pub writes: Arc<tokio::sync::Mutex<()>>,
    /// The origin of the configured public URL, which cookie requests must come from;
    /// without one, `http://` and the request's `Host`.
    pub public_origin: Option<String>,
    /// The time sessions, links and the slowing down of sign-in go by.
    pub clock: Clock,
    /// One sign-in checked at a time (see `accounts::http`).
    pub sign_in: Arc<tokio::sync::Mutex<()>>,
    /// The address people reach the site at (`--public-url`, else `http://<addr>`): the
    /// canonical address of each page and its preview card.
    pub public_url: Arc<str>,
    /// The app's pages drawn by the server, kept compressed for the current revision.
    pub pages: pages::Pages,
    /// The live streams of questions, and the lock their writes take.
    pub questions: Arc<questions::stream::Hub>,
}

impl AppState {
    pub fn new(
        store: Store,
        catalog: Arc<Catalog>,
        assets: Arc<Assets>,
        admin: Option<AdminToken>,
        feedback_per_minute: u32,
        public_url: &str,
    ) -> Self {
        Self(Arc::new(Shared {
            store,
            catalog,
            assets,
            admin: admin.map(Arc::new),
            limits: Arc::new(Limits::new(feedback_per_minute)),
            questionnaires: Arc::new(Questionnaires::default()),
            trust_proxy: false,
            openapi: Arc::new(health::openapi_document(public_url)),
            writes: Arc::new(tokio::sync::Mutex::new(())),
            public_origin: None,
            clock: Clock::default(),
            sign_in: Arc::new(tokio::sync::Mutex::new(())),
            public_url: public_url.into(),
            pages: pages::Pages::default(),
            questions: Arc::new(questions::stream::Hub::default()),
        }))
    }

    /// The shared part, to set while the state is being built (before any clone).
    fn building(&mut self) -> &mut Shared {
        Arc::make_mut(&mut self.0)
    }

    /// The public URL the site was configured with (`--public-url`), if any: cookie
    /// requests must then come from its origin, and cookies are `Secure` over https.
    pub fn with_public_url(mut self, configured: Option<&str>) -> Self {
        self.building().public_origin = configured.map(accounts::http::origin_of);
        self
    }

    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.building().clock = clock;
        self
    }

    /// Whether the session cookie is sent over https only.
    pub fn secure_cookies(&self) -> bool {
        self.public_origin.as_deref().is_some_and(|o| o.starts_with("https://"))
    }

    /// Counts clients by the address the reverse proxy in front reports (`--trust-proxy`).
    pub fn trusting_proxy(mut self, trust: bool) -> Self {
        self.building().trust_proxy = trust;
        self
    }
}

/// Every area of the API; the assets area holds the fallback (the app and its SPA routes).
fn areas() -> Area {
    edition::router()
        .merge(feeds::router())
        .merge(admin::router())
        .merge(history::router())
        .merge(accounts::http::router())
        .merge(feedback::router())
        .merge(responses::router())
        .merge(interest::router())
        .merge(questions::router())
        .merge(engagement::router())
        .merge(bilan::router())
        .merge(health::router())
        .merge(assets::router())
}

/// The whole HTTP surface.
pub fn app(state: AppState) -> Router {
    let csp = state.assets.csp.clone();
    let router = areas()
        .router
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    security::with_headers(router, csp)
}

/// Method and path of every route (the fallback excepted), for the OpenAPI check.
pub fn routes() -> Vec<Route> {
    areas().routes
}

/// The demo edition, for unit tests.
#[cfg(test)]
pub(crate) fn demo_edition() -> agir_model::Edition {
    agir_model::Edition::from_json(include_str!("../../../data/2013.json")).expect("the demo edition reads")
}

async fn method_not_allowed() -> Error {
    Error::MethodNotAllowed
}
