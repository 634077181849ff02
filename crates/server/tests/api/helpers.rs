//! What every area's tests share: the server started in-process on port 0 over a temporary
//! folder (`spawn_app`) with a clock the test moves, requests as a visitor, with the token
//! or from a signed-in browser (`Browser`), assertions on our error shape and on the
//! OpenAPI schemas, and the built binary for the command line (`cli`, `run`).

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use agir_model::EditionSlug;
use agir_server::{
    accounts::{new_token, token_digest, Email, Name, Role},
    admin::AdminToken,
    clock::Clock,
    serve::{start, Config, Running, SeedDir},
    store::Store,
};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use tempfile::TempDir;

pub const TOKEN: &str = "jeton-des-organisateurs-0123456789";
/// The inline module script Trunk writes into index.html to start the wasm.
/// Trunk's module script that starts the wasm, as Trunk 0.21 writes it.
pub const INLINE_SCRIPT: &str = "\nimport init, * as bindings from '/app-0123456789abcdef.js';\n\
    const wasm = await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });\n";
pub const FIRST_SESSION: &str = "debat-seniors-benevolat";
/// The password every test account chooses.
pub const PASSWORD: &str = "le tram de 8 h 12";

pub fn demo_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/2013.json")).unwrap()
}

pub fn demo() -> Value {
    serde_json::from_str(&demo_text()).unwrap()
}

/// The demo edition as another edition, `slug`, held on `day`.
pub fn demo_as(slug: &str, day: &str) -> Value {
    let mut doc = demo();
    doc["edition"] = slug.into();
    doc["event"]["start_date"] = day.into();
    doc["event"]["end_date"] = day.into();
    doc
}

/// How a test wants its server.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub admin: bool,
    pub feedback_rate: u32,
    pub poll_every: Duration,
    pub public_url: Option<&'static str>,
    pub trust_proxy: bool,
    /// The edition the server is started with as current (`--current`).
    pub current: Option<&'static str>,
    /// How long a request may take, body included (and its headers, at most 10 s).
    pub request_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            admin: true,
            feedback_rate: 120,
            poll_every: Duration::from_secs(1),
            public_url: None,
            trust_proxy: false,
            current: None,
            request_timeout: agir_server::listen::Limits::default().request,
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub dir: TempDir,
    /// The server's clock: `advance` it rather than sleep.
    pub clock: Clock,
    options: Options,
    running: Option<Running>,
}

/// Writes a small fake `dist/` (index.html with Trunk's inline script, hashed js and wasm,
/// manifest, service worker, icons) and a seed folder holding the 2013 edition.
pub fn prepare_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(dist.join("icons")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Agir ensemble</title>\
             <link rel=\"manifest\" href=\"/manifest.webmanifest\">\
             <script type=\"module\">{INLINE_SCRIPT}</script></head><body></body></html>"
        ),
    )
    .unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(64),
    )
    .unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm"), wasm).unwrap();
    std::fs::write(
        dist.join("manifest.webmanifest"),
        r#"{"name": "Agir ensemble", "start_url": "/", "display": "standalone"}"#,
    )
    .unwrap();
    std::fs::write(
        dist.join("sw.js"),
        "self.addEventListener('fetch', () => {});\n".repeat(8),
    )
    .unwrap();
    std::fs::write(
        dist.join("icons/icon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    std::fs::write(dist.join("icon-192.png"), b"\x89PNG\r\n\x1a\n0000").unwrap();
    let seed = dir.path().join("seed");
    std::fs::create_dir_all(&seed).unwrap();
    std::fs::write(seed.join("2013.json"), demo_text()).unwrap();
    dir
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

pub async fn spawn_app_with(options: Options) -> TestApp {
    start_in(prepare_dir(), options).await
}

pub async fn start_in(dir: TempDir, options: Options) -> TestApp {
    let clock = Clock::default();
    let config = Config {
        addr: "127.0.0.1:0".into(),
        db: dir.path().join("agir.db"),
        dist: dir.path().join("dist"),
        seed: SeedDir {
            path: dir.path().join("seed"),
            required: true,
        },
        admin_token: options.admin.then(|| AdminToken::parse(TOKEN).unwrap()),
        feedback_per_minute: options.feedback_rate,
        poll_every: options.poll_every,
        public_url: options.public_url.map(str::to_owned),
        trust_proxy: options.trust_proxy,
        current: options.current.map(|c| EditionSlug::parse(c).unwrap()),
        clock: clock.clone(),
        limits: agir_server::listen::Limits {
            request: options.request_timeout,
            headers: options
                .request_timeout
                .min(agir_server::listen::Limits::default().headers),
            ..Default::default()
        },
    };
    let running = start(config).await.expect("the server starts");
    TestApp {
        base: format!("http://{}", running.addr),
        client: reqwest::Client::new(),
        dir,
        clock,
        options,
        running: Some(running),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("agir.db")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A conditional GET with the ETag a client already holds.
    pub async fn revalidate(&self, path: &str, etag: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header(header::IF_NONE_MATCH, etag)
            .send()
            .await
            .unwrap()
    }

    /// An organizer's request (bearer token set).
    pub fn admin(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path)).bearer_auth(TOKEN)
    }

    /// The current edition and its ETag.
    pub async fn edition(&self) -> (Value, String) {
        let response = self.get("/api/edition").await;
        assert_eq!(response.status(), StatusCode::OK);
        let etag = header_of(&response, "etag");
        (response.json().await.unwrap(), etag)
    }

    /// `PUT /api/admin/edition` as an organizer, on `etag`.
    pub async fn put_edition(&self, etag: &str, doc: &Value) -> reqwest::Response {
        self.admin(Method::PUT, "/api/admin/edition")
            .header(header::IF_MATCH, etag)
            .json(doc)
            .send()
            .await
            .unwrap()
    }

    /// `PUT /api/admin/edition` of a new edition (`If-None-Match: *`) as an organizer.
    pub async fn create_edition(&self, doc: &Value) -> reqwest::Response {
        self.admin(Method::PUT, "/api/admin/edition")
            .header(header::IF_NONE_MATCH, "*")
            .json(doc)
            .send()
            .await
            .unwrap()
    }

    pub async fn patch_session(&self, id: &str, etag: &str, body: Value) -> reqwest::Response {
        self.admin(Method::PATCH, &format!("/api/admin/sessions/{id}"))
            .header(header::IF_MATCH, etag)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    pub async fn feedback(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/feedback"))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `POST /api/reponses`.
    pub async fn respond(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/reponses"))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `PUT /api/interet/{device}`.
    pub async fn interest(&self, device: &str, body: &Value) -> reqwest::Response {
        self.client
            .put(self.url(&format!("/api/interet/{device}")))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `DELETE /api/interet/{device}`, with `?edition=` when given.
    pub async fn withdraw(&self, device: &str, edition: Option<&str>) -> reqwest::Response {
        let mut request = self.client.delete(self.url(&format!("/api/interet/{device}")));
        if let Some(edition) = edition {
            request = request.query(&[("edition", edition)]);
        }
        request.send().await.unwrap()
    }

    /// The current edition's bilan, as an organizer with the token.
    pub async fn bilan(&self) -> Value {
        self.admin_json("/api/admin/bilan").await
    }

    /// An organizer's GET of `path` as CSV, read back by the `csv` crate.
    pub async fn admin_csv(&self, path: &str) -> Sheet {
        let response = self
            .admin(Method::GET, path)
            .header(header::ACCEPT, "text/csv")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "for {path}");
        assert_eq!(header_of(&response, "content-type"), "text/csv; charset=utf-8");
        read_csv(&response.text().await.unwrap())
    }

    /// An organizer's GET with the token, answered 200 with JSON.
    pub async fn admin_json(&self, path: &str) -> Value {
        let response = self.admin(Method::GET, path).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "for {path}");
        response.json().await.unwrap()
    }

    pub async fn feedback_rows(&self) -> Vec<Value> {
        let response = self.admin(Method::GET, "/api/admin/feedback").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// A new browser on this site, with its own cookies.
    pub fn browser(&self) -> Browser {
        Browser {
            client: reqwest::Client::builder().cookie_store(true).build().unwrap(),
            base: self.base.clone(),
            origin: self.options.public_url.map_or_else(|| self.base.clone(), str::to_owned),
        }
    }

    /// Creates an account, as `agir-server organizer add` does, and returns the token of
    /// its password link.
    pub async fn account(&self, name: &str, email: &str, role: Role) -> String {
        let store = Store::open(&self.db()).await.unwrap();
        let account = store
            .account_create(
                &Name::parse(name).unwrap(),
                &Email::parse(email).unwrap(),
                role,
                self.clock.now(),
            )
            .await
            .unwrap()
            .expect("a new address");
        let token = new_token();
        store
            .password_link_issue(&account.id, &token_digest(&token), self.clock.now())
            .await
            .unwrap();
        store.close().await;
        token
    }

    /// An account that has chosen `PASSWORD`.
    pub async fn account_with_password(&self, name: &str, email: &str, role: Role) {
        let link = self.account(name, email, role).await;
        let chosen = self.browser().choose_password(&link, PASSWORD).await;
        assert_eq!(chosen.status(), StatusCode::NO_CONTENT);
    }

    /// A browser signed in to a new account.
    pub async fn signed_in(&self, name: &str, email: &str, role: Role) -> Browser {
        self.account_with_password(name, email, role).await;
        let browser = self.browser();
        let response = browser.sign_in(email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK);
        browser
    }

    /// Stops the server cleanly; its folder (the database in it) stays with the guard.
    pub async fn stop(mut self) -> TempDir {
        self.running.take().unwrap().stop().await.unwrap();
        self.dir
    }

    /// Stops the server and starts a new one on the same database file.
    pub async fn restart(mut self) -> TestApp {
        self.running.take().unwrap().stop().await.unwrap();
        start_in(self.dir, self.options).await
    }
}

/// A browser on the site: its own cookie jar, and the site's `Origin` on every request
/// (`raw` for one without).
pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
    pub origin: String,
}

impl Browser {
    /// A request without `Origin`, as another site's page or an old browser would make it.
    pub fn raw(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    /// A request from the site's own page.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.raw(method, path).header(header::ORIGIN, &self.origin)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.request(Method::GET, path).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, body: &Value) -> reqwest::Response {
        self.request(Method::POST, path).json(body).send().await.unwrap()
    }

    pub async fn choose_password(&self, link: &str, password: &str) -> reqwest::Response {
        self.post(
            "/api/comptes/mot-de-passe",
            &json!({"lien": link, "mot_de_passe": password}),
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        self.post(
            "/api/comptes/connexion",
            &json!({"email": email, "mot_de_passe": password}),
        )
        .await
    }

    /// `PATCH /api/admin/sessions/{id}` on `etag`, with `?note=` when given.
    pub async fn patch_session(&self, id: &str, etag: &str, note: Option<&str>, body: Value) -> reqwest::Response {
        let mut request = self
            .request(Method::PATCH, &format!("/api/admin/sessions/{id}"))
            .header(header::IF_MATCH, etag);
        if let Some(note) = note {
            request = request.query(&[("note", note)]);
        }
        request.json(&body).send().await.unwrap()
    }
}

pub fn header_of(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_owned()
}

/// Asserts an error answer has our JSON shape and code.
pub async fn assert_error(response: reqwest::Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status, "for {}", response.url());
    assert!(
        header_of(&response, "content-type").starts_with("application/json"),
        "errors are JSON"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], code, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body["details"].is_array(), "{body}");
    assert_matches_openapi("/healthz", "get", "503", &body); // the Error schema
    body
}

pub fn openapi() -> Value {
    serde_json::from_str(agir_server::health::OPENAPI).unwrap()
}

/// Validates `body` against the response schema the OpenAPI document gives for this
/// path, method and status.
pub fn assert_matches_openapi(path: &str, method: &str, status: &str, body: &Value) {
    let doc = openapi();
    let schema = &doc["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"];
    assert!(!schema.is_null(), "no schema for {method} {path} {status}");
    let wrapper = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::validator_for(&wrapper).expect("the OpenAPI schemas compile");
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{method} {path} {status}: {errors:#?}");
}

pub fn detail_paths(body: &Value) -> Vec<&str> {
    body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect()
}

pub fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The binary with a clean environment (no AGIR_* of the developer's shell).
pub fn cli() -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_agir-server"));
    command.env_clear().kill_on_drop(true);
    command
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub async fn run(command: &mut tokio::process::Command) -> Output {
    let out = tokio::time::timeout(Duration::from_secs(60), command.output())
        .await
        .expect("the command finishes")
        .unwrap();
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn demo_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/2013.json")
}

/// A published programme from `crates/model/tests/fixtures/interop/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../model/tests/fixtures/interop")
        .join(name)
}

/// The calendar of a two-day French conference, as an office suite exports it.
pub fn calendar_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/tests/fixtures/ics/rencontres-ess-2024.ics")
}

/// The demo edition with one session pointing at a place that does not exist.
pub fn broken_file(dir: &Path) -> PathBuf {
    let mut doc = demo();
    doc["sessions"][3]["place"] = "nulle-part".into();
    let path = dir.join("casse.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

pub fn assert_no_panic(out: &Output) {
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(!out.stderr.contains("RUST_BACKTRACE"), "{}", out.stderr);
}

/// `agir-server import FILE --edition SLUG --db DB`.
pub async fn import(file: &Path, slug: &str, db: &Path) -> Output {
    run(cli().arg("import").arg(file).args(["--edition", slug, "--db"]).arg(db)).await
}

/// The kinds of a changes feed's entries, in order.
pub fn change_kinds(changes: &Value) -> Vec<&str> {
    changes["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect()
}

/// A CSV file as a spreadsheet reads it: its header line and its rows.
#[derive(Debug)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// The cell of `row` under `header`.
    pub fn cell(&self, row: usize, header: &str) -> &str {
        let at = self
            .headers
            .iter()
            .position(|h| h == header)
            .unwrap_or_else(|| panic!("no column {header:?} in {:?}", self.headers));
        &self.rows[row][at]
    }
}

/// Reads our CSV with the `csv` crate (not the writer): a byte order mark first, then
/// `;`-separated RFC 4180. Every line has as many fields as the header.
pub fn read_csv(text: &str) -> Sheet {
    let body = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte order mark, for spreadsheets");
    let mut reader = csv::ReaderBuilder::new().delimiter(b';').from_reader(body.as_bytes());
    let headers = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    Sheet { headers, rows }
}

/// Every header of `response` but the date, sorted: what two answers must share.
pub fn headers_but_date(response: &reqwest::Response) -> Vec<(String, String)> {
    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .filter(|(name, _)| *name != header::DATE)
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    headers
}
