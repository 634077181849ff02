//! Black-box tests of `agir-server`: the real server on port 0 with a real SQLite file in a
//! temporary folder and a fake `dist/`, driven over HTTP with reqwest; the command line is
//! run as the built binary. One test binary, so everything links once.

use std::{
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use agir_server::{
    admin::AdminToken,
    serve::{start, Config, Running, SeedDir},
};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use tempfile::TempDir;

const TOKEN: &str = "jeton-des-organisateurs-0123456789";
/// The inline module script Trunk writes into index.html to start the wasm.
const INLINE_SCRIPT: &str =
    "\nimport init from '/app-0123456789abcdef.js';\nawait init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });\n";
const FIRST_SESSION: &str = "debat-seniors-benevolat";

fn demo_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/2013.json")).unwrap()
}

fn demo() -> Value {
    serde_json::from_str(&demo_text()).unwrap()
}

/// How a test wants its server.
#[derive(Debug, Clone, Copy)]
struct Options {
    admin: bool,
    feedback_rate: u32,
    poll_every: Duration,
    public_url: Option<&'static str>,
    trust_proxy: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            admin: true,
            feedback_rate: 120,
            poll_every: Duration::from_secs(1),
            public_url: None,
            trust_proxy: false,
        }
    }
}

struct TestApp {
    base: String,
    client: reqwest::Client,
    dir: TempDir,
    options: Options,
    running: Option<Running>,
}

/// Writes a small fake `dist/` (index.html with Trunk's inline script, hashed js and wasm,
/// manifest, service worker, icons) and a seed folder holding the 2013 edition.
fn prepare_dir() -> TempDir {
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

async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

async fn spawn_app_with(options: Options) -> TestApp {
    start_in(prepare_dir(), options).await
}

async fn start_in(dir: TempDir, options: Options) -> TestApp {
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
        ..Config::default()
    };
    let running = start(config).await.expect("the server starts");
    TestApp {
        base: format!("http://{}", running.addr),
        client: reqwest::Client::new(),
        dir,
        options,
        running: Some(running),
    }
}

impl TestApp {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("agir.db")
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// An organizer's request (bearer token set).
    fn admin(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path)).bearer_auth(TOKEN)
    }

    /// The current edition and its ETag.
    async fn edition(&self) -> (Value, String) {
        let response = self.get("/api/edition").await;
        assert_eq!(response.status(), StatusCode::OK);
        let etag = header_of(&response, "etag");
        (response.json().await.unwrap(), etag)
    }

    /// `PUT /api/admin/edition` as an organizer, on `etag`.
    async fn put_edition(&self, etag: &str, doc: &Value) -> reqwest::Response {
        self.admin(Method::PUT, "/api/admin/edition")
            .header(header::IF_MATCH, etag)
            .json(doc)
            .send()
            .await
            .unwrap()
    }

    async fn patch_session(&self, id: &str, etag: &str, body: Value) -> reqwest::Response {
        self.admin(Method::PATCH, &format!("/api/admin/sessions/{id}"))
            .header(header::IF_MATCH, etag)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    async fn feedback(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/feedback"))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn feedback_rows(&self) -> Vec<Value> {
        let response = self.admin(Method::GET, "/api/admin/feedback").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// Stops the server and starts a new one on the same database file.
    async fn restart(mut self) -> TestApp {
        self.running.take().unwrap().stop().await.unwrap();
        start_in(self.dir, self.options).await
    }
}

fn header_of(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_owned()
}

/// Asserts an error answer has our JSON shape and code.
async fn assert_error(response: reqwest::Response, status: StatusCode, code: &str) -> Value {
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

fn openapi() -> Value {
    serde_json::from_str(agir_server::health::OPENAPI).unwrap()
}

/// Validates `body` against the response schema the OpenAPI document gives for this
/// path, method and status.
fn assert_matches_openapi(path: &str, method: &str, status: &str, body: &Value) {
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

#[test]
fn the_openapi_check_is_not_vacuous() {
    // Arrange
    let doc = openapi();
    let schema = &doc["paths"]["/api/edition"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    let wrapper = json!({"components": doc["components"], "allOf": [schema]});
    let validator = jsonschema::validator_for(&wrapper).unwrap();
    // Act
    let wrong = validator.is_valid(&json!({"status": "ok"}));
    let right = validator.is_valid(&demo());
    // Assert
    assert!(!wrong, "a health answer is not an edition");
    assert!(right, "the demo edition is one");
}

fn detail_paths(body: &Value) -> Vec<&str> {
    body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect()
}

fn key() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ---------------------------------------------------------------------------------------
// Health and OpenAPI
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn healthz_answers_ok() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let response = app.get("/healthz").await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": "ok", "journal_mode": "wal", "synchronous": "full"})
    );
    assert_matches_openapi("/healthz", "get", "200", &body);
}

#[tokio::test]
async fn openapi_describes_every_route_and_nothing_else() {
    // Arrange
    let app = spawn_app().await;
    let routes = agir_server::routes();
    // Act
    let served: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    // Assert
    assert_eq!(served["openapi"], "3.1.0");
    assert_eq!(served["servers"][0]["url"], app.base);
    let paths = served["paths"].as_object().unwrap();
    for route in &routes {
        let method = route.method.as_str().to_ascii_lowercase();
        assert!(
            paths.get(route.path).and_then(|p| p.get(&method)).is_some(),
            "{method} {} is missing from openapi.json",
            route.path
        );
    }
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routes
                    .iter()
                    .any(|r| r.path == path && r.method.as_str().eq_ignore_ascii_case(method)),
                "openapi.json describes {method} {path}, which the router does not have"
            );
        }
    }
}

#[tokio::test]
async fn real_responses_validate_against_the_openapi_schemas() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    // Act & Assert: each answer against its declared schema.
    let edition: Value = app.get("/api/edition").await.json().await.unwrap();
    assert_matches_openapi("/api/edition", "get", "200", &edition);
    let one: Value = app.get("/api/editions/2013").await.json().await.unwrap();
    assert_matches_openapi("/api/editions/{slug}", "get", "200", &one);
    let list: Value = app.get("/api/editions").await.json().await.unwrap();
    assert_matches_openapi("/api/editions", "get", "200", &list);

    let moved = app
        .patch_session(FIRST_SESSION, &etag, json!({"start": "2013-10-08T10:30:00+02:00"}))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let written: Value = moved.json().await.unwrap();
    assert_matches_openapi("/api/admin/sessions/{id}", "patch", "200", &written);
    let changes: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_matches_openapi("/api/changes", "get", "200", &changes);

    let created = app
        .feedback(&json!({"target": "day", "rating": 5, "comment": "Bravo", "key": key()}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_matches_openapi("/api/feedback", "post", "201", &created.json().await.unwrap());
    let rows = Value::Array(app.feedback_rows().await);
    assert_matches_openapi("/api/admin/feedback", "get", "200", &rows);

    let missing = app.get("/api/nope").await;
    assert_error(missing, StatusCode::NOT_FOUND, "not_found").await;
}

// ---------------------------------------------------------------------------------------
// Reading editions
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn edition_has_a_strong_etag_and_revalidates_with_304() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let first = app.get("/api/edition").await;
    let etag = header_of(&first, "etag");
    let again = app
        .client
        .get(app.url("/api/edition"))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(etag, "\"2013-1\"", "seeded as revision 1");
    assert_eq!(header_of(&first, "cache-control"), "no-cache");
    assert!(header_of(&first, "content-type").starts_with("application/json"));
    let doc: Value = first.json().await.unwrap();
    assert_eq!(doc["revision"], 1, "the server sets the revision field");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header_of(&again, "etag"), etag);
    assert!(again.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn editions_are_listed_newest_first_with_the_current_one() {
    // Arrange
    let app = spawn_app().await;
    let mut next = demo();
    next["edition"] = "2014".into();
    next["event"]["start_date"] = "2014-10-07".into();
    next["event"]["end_date"] = "2014-10-07".into();
    let created = app
        .admin(Method::PUT, "/api/admin/edition")
        .header(header::IF_NONE_MATCH, "*")
        .json(&next)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    // Act
    let list: Value = app.get("/api/editions").await.json().await.unwrap();
    let by_slug = app.get("/api/editions/2013").await;
    // Assert
    assert_eq!(list[0]["edition"], "2014");
    assert_eq!(list[0]["current"], true);
    assert_eq!(list[1]["edition"], "2013");
    assert_eq!(list[1]["current"], false);
    assert_eq!(list[1]["revision"], 1);
    assert_eq!(header_of(&by_slug, "etag"), "\"2013-1\"");
    assert_eq!(app.edition().await.1, "\"2014-1\"", "the latest edition is current");
    assert_error(
        app.get("/api/editions/1999").await,
        StatusCode::NOT_FOUND,
        "edition_not_found",
    )
    .await;
}

#[tokio::test]
async fn changes_refuses_a_missing_bad_or_unknown_since() {
    // Arrange
    let app = spawn_app().await;
    // Act & Assert
    for query in ["", "?since=abc", "?since=0", "?since=2", "?since=-1"] {
        let body = assert_error(
            app.get(&format!("/api/changes{query}")).await,
            StatusCode::BAD_REQUEST,
            "invalid_since",
        )
        .await;
        assert!(body["message"].as_str().unwrap().contains("révision"), "{body}");
    }
    let none: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_eq!(none, json!({"edition": "2013", "from": 1, "to": 1, "changes": []}));
}

#[tokio::test]
async fn brotli_and_gzip_are_served_when_asked() {
    // Arrange
    let app = spawn_app().await;
    let plain = app.get("/api/edition").await.bytes().await.unwrap();
    // Act
    let br = app
        .client
        .get(app.url("/api/edition"))
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    let gz = app
        .client
        .get(app.url("/app-0123456789abcdef_bg.wasm"))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(header_of(&br, "content-encoding"), "br");
    assert_eq!(header_of(&br, "vary").to_ascii_lowercase(), "accept-encoding");
    let compressed = br.bytes().await.unwrap();
    assert!(compressed.len() < plain.len() / 2);
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &compressed[..], &mut decoded).unwrap();
    assert_eq!(decoded, plain);
    assert_eq!(header_of(&gz, "content-encoding"), "gzip");
    assert_eq!(header_of(&gz, "content-type"), "application/wasm");
}

// ---------------------------------------------------------------------------------------
// Organizers: authentication
// ---------------------------------------------------------------------------------------

/// Every admin route with its placeholders filled in.
fn admin_routes() -> Vec<(Method, String)> {
    let routes: Vec<_> = agir_server::routes()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/admin/"))
        .map(|r| (r.method, r.path.replace("{id}", FIRST_SESSION).replace("{rev}", "1")))
        .collect();
    assert_eq!(
        routes.len(),
        4,
        "PUT edition, PATCH session, POST rollback, GET feedback"
    );
    routes
}

#[tokio::test]
async fn every_admin_route_refuses_a_missing_or_wrong_token() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    for (method, path) in admin_routes() {
        // Act
        let anonymous = app
            .client
            .request(method.clone(), app.url(&path))
            .header(header::IF_MATCH, &etag)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let wrong = app
            .client
            .request(method.clone(), app.url(&path))
            .bearer_auth("jeton-des-organisateurs-0123456780")
            .header(header::IF_MATCH, &etag)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        // Assert
        assert_eq!(header_of(&anonymous, "www-authenticate"), "Bearer");
        assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
        assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    assert_eq!(app.edition().await.1, etag, "nothing changed");
}

#[tokio::test]
async fn admin_routes_are_disabled_without_a_configured_token() {
    // Arrange
    let app = spawn_app_with(Options {
        admin: false,
        ..Options::default()
    })
    .await;
    for (method, path) in admin_routes() {
        // Act
        let response = app
            .client
            .request(method, app.url(&path))
            .bearer_auth(TOKEN)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        // Assert
        assert_error(response, StatusCode::FORBIDDEN, "admin_disabled").await;
    }
}

// ---------------------------------------------------------------------------------------
// Organizers: writes
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn an_invalid_document_is_refused_with_paths_and_nothing_changes() {
    // Arrange
    let app = spawn_app().await;
    let (before, etag) = app.edition().await;
    let mut broken = before.clone();
    broken["sessions"][3]["place"] = "nulle-part".into();
    broken["sessions"][1]["end"] = "2013-10-08T06:00:00+02:00".into();
    // Act
    let response = app.put_edition(&etag, &broken).await;
    // Assert
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    let paths = detail_paths(&body);
    assert!(paths.contains(&"/sessions/3/place"), "{paths:?}");
    assert!(paths.contains(&"/sessions/1/end"), "{paths:?}");
    let (after, etag_after) = app.edition().await;
    assert_eq!(etag_after, etag);
    assert_eq!(after, before);
}

#[tokio::test]
async fn a_misspelt_field_is_refused_rather_than_silently_dropped() {
    // Arrange
    let app = spawn_app().await;
    let (before, etag) = app.edition().await;
    let mut edited = before.clone();
    edited["sessions"][2]["descripton"] = "Une description qui serait perdue".into();
    // Act
    let response = app.put_edition(&etag, &edited).await;
    let check = {
        let file = app.dir.path().join("faute.json");
        std::fs::write(&file, edited.to_string()).unwrap();
        run(cli().arg("check").arg(&file)).await
    };
    // Assert
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_eq!(detail_paths(&body), ["/sessions/2/descripton"]);
    let (after, etag_after) = app.edition().await;
    assert_eq!((after, etag_after), (before, etag));
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("/sessions/2/descripton"), "{}", check.stdout);
}

#[tokio::test]
async fn a_structurally_broken_document_names_the_json_path() {
    // Arrange
    let app = spawn_app().await;
    let (mut doc, etag) = app.edition().await;
    doc["sessions"][1]["start"] = "demain matin".into();
    // Act
    let response = app.put_edition(&etag, &doc).await;
    let not_json = app
        .admin(Method::PUT, "/api/admin/edition")
        .header(header::IF_MATCH, &etag)
        .header(header::CONTENT_TYPE, "text/plain")
        .body("bonjour")
        .send()
        .await
        .unwrap();
    // Assert
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_eq!(detail_paths(&body), ["/sessions/1/start"]);
    assert_error(not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
}

#[tokio::test]
async fn a_valid_put_publishes_the_next_revision() {
    // Arrange
    let app = spawn_app().await;
    let (mut doc, etag) = app.edition().await;
    doc["sessions"][0]["title"] = "Les seniors et le bénévolat".into();
    doc["revision"] = 99.into();
    // Act
    let response = app.put_edition(&etag, &doc).await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, "etag"), "\"2013-2\"");
    let written: Value = response.json().await.unwrap();
    assert_eq!(written["edition"], "2013");
    assert_eq!(written["revision"], 2, "the number is the server's, not the client's");
    let (served, served_etag) = app.edition().await;
    assert_eq!(served_etag, "\"2013-2\"");
    assert_eq!(served["sessions"][0]["title"], "Les seniors et le bénévolat");
    let changes: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_eq!(changes["changes"][0]["kind"], "title");
}

#[tokio::test]
async fn writes_without_if_match_are_refused_with_428() {
    // Arrange
    let app = spawn_app().await;
    let (doc, etag) = app.edition().await;
    // Act
    let put = app
        .admin(Method::PUT, "/api/admin/edition")
        .json(&doc)
        .send()
        .await
        .unwrap();
    let patch = app
        .admin(Method::PATCH, &format!("/api/admin/sessions/{FIRST_SESSION}"))
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    let rollback = app.admin(Method::POST, "/api/admin/rollback/1").send().await.unwrap();
    let star = app
        .admin(Method::PATCH, &format!("/api/admin/sessions/{FIRST_SESSION}"))
        .header(header::IF_MATCH, "*")
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    // Assert
    for response in [put, patch, rollback, star] {
        assert_error(response, StatusCode::PRECONDITION_REQUIRED, "precondition_required").await;
    }
    assert_eq!(app.edition().await.1, etag);
}

#[tokio::test]
async fn a_second_organizer_with_a_stale_etag_gets_412() {
    // Arrange: both organizers read revision 1.
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    let first = app
        .patch_session(FIRST_SESSION, &etag, json!({"status": "cancelled"}))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    // Act
    let second = app
        .patch_session(FIRST_SESSION, &etag, json!({"place": "auditorium"}))
        .await;
    let rollback = app
        .admin(Method::POST, "/api/admin/rollback/1")
        .header(header::IF_MATCH, &etag)
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(header_of(&second, "etag"), "\"2013-2\"", "says which revision won");
    assert_error(second, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    assert_error(rollback, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    let (doc, etag_now) = app.edition().await;
    assert_eq!(etag_now, "\"2013-2\"");
    assert_eq!(
        doc["sessions"][0]["place"], "salle-du-conseil",
        "the stale edit did not land"
    );
}

#[tokio::test]
async fn moving_and_cancelling_show_in_the_changes_feed() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    // Act
    let moved = app
        .patch_session(
            FIRST_SESSION,
            &etag,
            json!({"start": "2013-10-08T10:30:00+02:00", "place": "auditorium"}),
        )
        .await;
    let moved_etag = header_of(&moved, "etag");
    let moved: Value = moved.json().await.unwrap();
    let cancelled = app
        .patch_session(FIRST_SESSION, &moved_etag, json!({"status": "cancelled"}))
        .await;
    // Assert
    assert_eq!(
        moved,
        json!({"edition": "2013", "revision": 2, "warnings": moved["warnings"]})
    );
    assert_eq!(cancelled.status(), StatusCode::OK);
    assert_eq!(header_of(&cancelled, "etag"), "\"2013-3\"");
    let changes: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_eq!((changes["from"].clone(), changes["to"].clone()), (json!(1), json!(3)));
    let kinds: Vec<&str> = changes["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["cancelled", "time", "place"]);
    let time = &changes["changes"][1];
    assert_eq!(time["session"], FIRST_SESSION);
    assert_eq!(
        time["after"], "2013-10-08T10:30:00+02:00/2013-10-08T12:30:00+02:00",
        "the duration is kept"
    );
    let (doc, _) = app.edition().await;
    assert_eq!(doc["sessions"][0]["status"], "cancelled");
    let since_two: Value = app.get("/api/changes?since=2").await.json().await.unwrap();
    assert_eq!(since_two["changes"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn patch_refuses_unknown_sessions_fields_and_invalid_results() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    // Act
    let unknown = app
        .patch_session("pas-de-seance", &etag, json!({"status": "cancelled"}))
        .await;
    let bad_field = app
        .patch_session(FIRST_SESSION, &etag, json!({"salle": "auditorium"}))
        .await;
    let bad_place = app
        .patch_session(FIRST_SESSION, &etag, json!({"place": "grenier"}))
        .await;
    let backwards = app
        .patch_session(FIRST_SESSION, &etag, json!({"end": "2013-10-08T09:00:00+02:00"}))
        .await;
    let bad_time = app.patch_session(FIRST_SESSION, &etag, json!({"start": "10h30"})).await;
    // Assert
    assert_error(unknown, StatusCode::NOT_FOUND, "session_not_found").await;
    assert_error(bad_field, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    let body = assert_error(bad_place, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_eq!(detail_paths(&body), ["/sessions/0/place"]);
    let body = assert_error(backwards, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_eq!(detail_paths(&body), ["/sessions/0/end"]);
    let body = assert_error(bad_time, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    assert_eq!(detail_paths(&body), ["/start"]);
    assert_eq!(app.edition().await.1, etag, "nothing changed");
}

#[tokio::test]
async fn rollback_publishes_an_old_revision_as_a_new_one() {
    // Arrange
    let app = spawn_app().await;
    let (original, etag) = app.edition().await;
    let r2 = app
        .patch_session(FIRST_SESSION, &etag, json!({"status": "cancelled"}))
        .await;
    let etag2 = header_of(&r2, "etag");
    // Act
    let response = app
        .admin(Method::POST, "/api/admin/rollback/1")
        .header(header::IF_MATCH, &etag2)
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, "etag"), "\"2013-3\"");
    let written: Value = response.json().await.unwrap();
    assert_matches_openapi("/api/admin/rollback/{rev}", "post", "200", &written);
    let (doc, _) = app.edition().await;
    let mut expected = original.clone();
    expected["revision"] = 3.into();
    assert_eq!(doc, expected, "revision 1's content, numbered 3");
    let changes: Value = app.get("/api/changes?since=2").await.json().await.unwrap();
    assert_eq!(changes["changes"][0]["kind"], "cancelled");
    assert_eq!(changes["changes"][0]["after"], "scheduled");
    let unknown = app
        .admin(Method::POST, "/api/admin/rollback/42")
        .header(header::IF_MATCH, "\"2013-3\"")
        .send()
        .await
        .unwrap();
    assert_error(unknown, StatusCode::NOT_FOUND, "revision_not_found").await;
}

#[tokio::test]
async fn feedback_export_is_json_or_csv() {
    // Arrange
    let app = spawn_app().await;
    let k = key();
    app.feedback(&json!({"target": FIRST_SESSION, "rating": 4, "comment": "Bien, \"vraiment\"", "key": k}))
        .await;
    // Act
    let rows = app.feedback_rows().await;
    let csv = app
        .admin(Method::GET, "/api/admin/feedback")
        .header(header::ACCEPT, "text/csv")
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["key"], k);
    assert_eq!(rows[0]["target"], FIRST_SESSION);
    assert_eq!(rows[0]["rating"], 4);
    assert_eq!(header_of(&csv, "content-type"), "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').split("\r\n");
    assert_eq!(lines.next(), Some("received_at,edition,target,rating,comment,key"));
    let row = lines.next().unwrap();
    assert!(
        row.contains(&format!(",2013,{FIRST_SESSION},4,\"Bien, \"\"vraiment\"\"\",{k}")),
        "{row}"
    );
}

// ---------------------------------------------------------------------------------------
// Feedback
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_same_feedback_sent_twice_is_counted_once() {
    // Arrange
    let app = spawn_app().await;
    let body = json!({"target": "day", "rating": 5, "comment": "Merci !", "key": key()});
    // Act
    let first = app.feedback(&body).await;
    let first_status = first.status();
    let first_body: Value = first.json().await.unwrap();
    let retry = app.feedback(&body).await;
    // Assert
    assert_eq!(first_status, StatusCode::CREATED);
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(retry.json::<Value>().await.unwrap(), first_body, "the same answer");
    assert_eq!(app.feedback_rows().await.len(), 1);
}

#[tokio::test]
async fn a_key_reused_for_another_opinion_is_a_409() {
    // Arrange
    let app = spawn_app().await;
    let k = key();
    app.feedback(&json!({"target": "day", "rating": 5, "key": k})).await;
    // Act
    let reused = app.feedback(&json!({"target": "day", "rating": 1, "key": k})).await;
    // Assert
    assert_error(reused, StatusCode::CONFLICT, "idempotency_conflict").await;
    let rows = app.feedback_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["rating"], 5, "the first opinion stands");
}

#[tokio::test]
async fn invalid_feedback_names_each_field() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let unknown_session = app
        .feedback(&json!({"target": "seance-inconnue", "rating": 4, "key": key()}))
        .await;
    let everything_wrong = app
        .feedback(&json!({"target": "", "rating": 9, "comment": "x".repeat(2001), "key": "abc"}))
        .await;
    let wrong_type = app
        .feedback(&json!({"target": "day", "rating": "cinq", "key": key()}))
        .await;
    let broken = app
        .client
        .post(app.url("/api/feedback"))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"target\": ")
        .send()
        .await
        .unwrap();
    let not_json = app
        .client
        .post(app.url("/api/feedback"))
        .body("rating=5")
        .send()
        .await
        .unwrap();
    // Assert
    let body = assert_error(unknown_session, StatusCode::UNPROCESSABLE_ENTITY, "invalid_feedback").await;
    assert_eq!(detail_paths(&body), ["/target"]);
    let body = assert_error(everything_wrong, StatusCode::UNPROCESSABLE_ENTITY, "invalid_feedback").await;
    assert_eq!(detail_paths(&body), ["/key", "/target", "/rating", "/comment"]);
    let body = assert_error(wrong_type, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    assert_eq!(detail_paths(&body), ["/rating"]);
    assert_error(broken, StatusCode::BAD_REQUEST, "invalid_json").await;
    assert_error(not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
    assert!(app.feedback_rows().await.is_empty());
}

#[tokio::test]
async fn an_oversized_body_is_a_json_413() {
    // Arrange
    let app = spawn_app().await;
    let huge = json!({"target": "day", "rating": 3, "comment": "a".repeat(20 * 1024), "key": key()});
    // Act
    let response = app.feedback(&huge).await;
    // Assert
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn too_many_posts_from_one_client_get_429_with_retry_after() {
    // Arrange: two per minute.
    let app = spawn_app_with(Options {
        feedback_rate: 2,
        ..Options::default()
    })
    .await;
    for _ in 0..2 {
        let ok = app.feedback(&json!({"target": "day", "rating": 4, "key": key()})).await;
        assert_eq!(ok.status(), StatusCode::CREATED);
    }
    // Act
    let limited = app.feedback(&json!({"target": "day", "rating": 4, "key": key()})).await;
    // Assert
    let retry_after: u64 = header_of(&limited, "retry-after").parse().unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(
        app.get("/api/edition").await.status(),
        StatusCode::OK,
        "reading is not limited"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_visitor_has_their_own_limit() {
    // Arrange: two per minute, the proxy in front appending the visitor's address.
    let proxied = spawn_app_with(Options {
        feedback_rate: 2,
        trust_proxy: true,
        ..Options::default()
    })
    .await;
    let direct = spawn_app_with(Options {
        feedback_rate: 2,
        ..Options::default()
    })
    .await;
    let post = |app: &TestApp, forwarded: &str| {
        app.client
            .post(app.url("/api/feedback"))
            .header("x-forwarded-for", forwarded)
            .json(&json!({"target": "day", "rating": 4, "key": key()}))
            .send()
    };
    // Act
    let mut first = Vec::new();
    for _ in 0..3 {
        // What the client claims before the proxy's own entry counts for nothing.
        first.push(
            post(&proxied, &format!("10.0.0.{}, 192.0.2.1", first.len()))
                .await
                .unwrap()
                .status(),
        );
    }
    let second = post(&proxied, "192.0.2.2").await.unwrap().status();
    let mut spoofed = Vec::new();
    for i in 0..3 {
        spoofed.push(post(&direct, &format!("192.0.2.{i}")).await.unwrap().status());
    }
    // Assert
    assert_eq!(
        first,
        [StatusCode::CREATED, StatusCode::CREATED, StatusCode::TOO_MANY_REQUESTS]
    );
    assert_eq!(second, StatusCode::CREATED, "another visitor, another limit");
    assert_eq!(
        spoofed,
        [StatusCode::CREATED, StatusCode::CREATED, StatusCode::TOO_MANY_REQUESTS],
        "without --trust-proxy the header is ignored"
    );
}

// ---------------------------------------------------------------------------------------
// Durability
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_restart_keeps_everything_acknowledged() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    let k = key();
    assert_eq!(
        app.feedback(&json!({"target": "day", "rating": 5, "key": k}))
            .await
            .status(),
        StatusCode::CREATED
    );
    let moved = app
        .patch_session(FIRST_SESSION, &etag, json!({"status": "cancelled"}))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    // Act
    let app = app.restart().await;
    // Assert
    let (doc, etag) = app.edition().await;
    assert_eq!(etag, "\"2013-2\"", "no reseeding over a database that holds editions");
    assert_eq!(doc["sessions"][0]["status"], "cancelled");
    let rows = app.feedback_rows().await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["key"], k);
    let retry = app.feedback(&json!({"target": "day", "rating": 5, "key": k})).await;
    assert_eq!(
        retry.status(),
        StatusCode::OK,
        "a retry after the restart is still recognised"
    );
}

#[tokio::test]
async fn the_database_is_wal_with_synchronous_full() {
    // Arrange
    let app = spawn_app().await;
    // Act: what the running server's own connections read (the setting is per connection).
    let health: Value = app.get("/healthz").await.json().await.unwrap();
    let header = std::fs::read(app.db()).unwrap();
    // Assert
    assert_eq!(health["synchronous"], "full", "{health}");
    assert_eq!(health["journal_mode"], "wal", "{health}");
    assert_eq!((header[18], header[19]), (2, 2), "the file itself is in WAL mode");
}

// ---------------------------------------------------------------------------------------
// The app (dist/)
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn csp_allows_the_inline_script_by_hash_only() {
    // Arrange
    let app = spawn_app().await;
    let hash = agir_server::security::sha256_source(INLINE_SCRIPT);
    for path in ["/", "/api/edition", "/api/nope", "/programme/debat"] {
        // Act
        let response = app.get(path).await;
        // Assert
        let csp = header_of(&response, "content-security-policy");
        let script_src = csp.split("; ").find(|d| d.starts_with("script-src")).unwrap();
        assert!(script_src.contains(&hash), "{path}: {csp}");
        assert!(script_src.contains("'wasm-unsafe-eval'"));
        assert!(!script_src.contains("unsafe-inline"), "{csp}");
        for directive in [
            "default-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(directive), "{directive} in {csp}");
        }
        assert_eq!(header_of(&response, "x-content-type-options"), "nosniff");
        assert_eq!(
            header_of(&response, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
    }
}

#[tokio::test]
async fn app_routes_fall_back_to_index_but_api_and_files_do_not() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let root = app.get("/").await;
    let spa = app.get("/programme/debat-seniors-benevolat").await;
    let api = app.get("/api/nope").await;
    let api_deep = app.get("/api/admin/nope").await;
    let file = app.get("/missing.js").await;
    let post = app.client.post(app.url("/programme")).send().await.unwrap();
    let wrong_method = app.client.delete(app.url("/api/edition")).send().await.unwrap();
    // Assert
    assert_eq!(root.status(), StatusCode::OK);
    let index = root.text().await.unwrap();
    assert!(index.contains("<script type=\"module\">"));
    assert_eq!(spa.status(), StatusCode::OK);
    assert!(header_of(&spa, "content-type").starts_with("text/html"));
    assert_eq!(spa.text().await.unwrap(), index);
    assert_error(api, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(api_deep, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(file, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(post, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
    assert_error(wrong_method, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}

#[tokio::test]
async fn the_public_url_is_announced_to_the_app_and_nothing_else_changes() {
    // Arrange
    let plain = spawn_app().await;
    let announced = spawn_app_with(Options {
        public_url: Some("https://agir.angers.fr/"),
        ..Options::default()
    })
    .await;
    // Act
    let without = plain.get("/").await.text().await.unwrap();
    let with = announced.get("/village/una").await;
    let csp = header_of(&with, "content-security-policy");
    let with = with.text().await.unwrap();
    // Assert
    assert!(!without.contains("agir-public-url"));
    assert!(
        with.contains(r#"<meta name="agir-public-url" content="https://agir.angers.fr" />"#),
        "{with}"
    );
    assert_eq!(
        with.replace(
            r#"<meta name="agir-public-url" content="https://agir.angers.fr" />"#,
            ""
        ),
        without
    );
    assert_eq!(csp, header_of(&plain.get("/").await, "content-security-policy"));
}

#[tokio::test]
async fn files_have_their_content_type_and_cache_policy() {
    // Arrange
    let app = spawn_app().await;
    let expected = [
        ("/", "text/html; charset=utf-8", "no-cache"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
        ("/sw.js", "text/javascript; charset=utf-8", "no-cache"),
        ("/manifest.webmanifest", "application/manifest+json", "no-cache"),
        (
            "/app-0123456789abcdef.js",
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        (
            "/app-0123456789abcdef_bg.wasm",
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        ("/icons/icon.svg", "image/svg+xml", "no-cache"),
        ("/icon-192.png", "image/png", "no-cache"),
    ];
    for (path, content_type, cache) in expected {
        // Act
        let response = app.get(path).await;
        // Assert
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(header_of(&response, "content-type"), content_type, "{path}");
        assert_eq!(header_of(&response, "cache-control"), cache, "{path}");
    }
    let wasm = app.get("/app-0123456789abcdef_bg.wasm").await;
    let etag = header_of(&wasm, "etag");
    let again = app
        .client
        .get(app.url("/app-0123456789abcdef_bg.wasm"))
        .header(header::IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

// ---------------------------------------------------------------------------------------
// The command line (the built binary)
// ---------------------------------------------------------------------------------------

/// The binary with a clean environment (no AGIR_* of the developer's shell).
fn cli() -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_agir-server"));
    command.env_clear().kill_on_drop(true);
    command
}

struct Output {
    code: i32,
    stdout: String,
    stderr: String,
}

async fn run(command: &mut tokio::process::Command) -> Output {
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

fn demo_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/2013.json")
}

/// The demo edition with one session pointing at a place that does not exist.
fn broken_file(dir: &Path) -> PathBuf {
    let mut doc = demo();
    doc["sessions"][3]["place"] = "nulle-part".into();
    let path = dir.join("casse.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

fn assert_no_panic(out: &Output) {
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    assert!(!out.stderr.contains("RUST_BACKTRACE"), "{}", out.stderr);
}

#[tokio::test]
async fn help_lists_the_commands() {
    // Act
    let out = run(cli().arg("--help")).await;
    let serve = run(cli().args(["serve", "--help"])).await;
    // Assert
    assert_eq!(out.code, 0);
    for command in [
        "serve", "check", "import", "session", "rollback", "feedback", "editions",
    ] {
        assert!(out.stdout.contains(command), "{command} in {}", out.stdout);
    }
    for flag in [
        "--addr",
        "AGIR_ADDR",
        "--db",
        "--dist",
        "--seed",
        "--public-url",
        "--current",
        "--admin-token-file",
        "--feedback-rate",
    ] {
        assert!(serve.stdout.contains(flag), "{flag} in {}", serve.stdout);
    }
}

#[tokio::test]
async fn serve_prints_one_line_with_the_bound_address() {
    // Arrange
    let dir = prepare_dir();
    // Act
    let (mut child, url) = serve_process(dir.path()).await;
    // Assert
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'), "{url}");
    assert!(!url.ends_with(":0/"), "the real port, not 0");
    let health = reqwest::get(format!("{url}healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    child.kill().await.unwrap();
}

/// `agir-server serve` on `dir` (its database, `dist/` and seed folder) at `addr`.
fn serve_command(dir: &Path, addr: &str) -> tokio::process::Command {
    let mut command = cli();
    command
        .args(["serve", "--addr", addr])
        .arg("--db")
        .arg(dir.join("agir.db"))
        .arg("--dist")
        .arg(dir.join("dist"))
        .arg("--seed")
        .arg(dir.join("seed"))
        .stdout(std::process::Stdio::piped());
    command
}

/// Starts `agir-server serve` as its own process on `dir` and returns it with its URL.
async fn serve_process(dir: &Path) -> (tokio::process::Child, String) {
    let mut child = serve_command(dir, "127.0.0.1:0")
        .env("AGIR_ADMIN_TOKEN", TOKEN)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let url = address_line(&mut child).await;
    (child, url)
}

/// The URL the server prints on its first line; its stdout is closed afterwards.
async fn address_line(child: &mut tokio::process::Child) -> String {
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("the server starts")
        .unwrap()
        .expect("an address line");
    line.strip_prefix("Agir ensemble : ").expect(&line).to_owned()
}

/// `agir-server serve` on `dir` with its log at debug level and both pipes captured.
fn serve_piped(dir: &Path, addr: &str) -> tokio::process::Child {
    serve_command(dir, addr)
        .env("AGIR_LOG", "debug")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// SIGTERM, as a supervisor stops the server, and its exit status.
async fn terminate(child: &mut tokio::process::Child) -> std::process::ExitStatus {
    let pid = child.id().unwrap().to_string();
    let sent = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(sent.success());
    tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .expect("the server stops")
        .unwrap()
}

/// Requests whose handling writes log lines (debug level) to a closed stderr, then SIGTERM,
/// whose "arrêt demandé" goes nowhere either: the server must answer them all and exit 0.
async fn still_serves_then_stops_cleanly(url: &str, child: &mut tokio::process::Child) {
    for (path, status) in [
        ("healthz", StatusCode::OK),
        ("api/edition", StatusCode::OK),
        ("programme", StatusCode::OK),
        ("nulle-part.js", StatusCode::NOT_FOUND),
    ] {
        let answer = reqwest::get(format!("{url}{path}")).await.unwrap();
        assert_eq!(answer.status(), status, "{path}");
    }
    let status = terminate(child).await;
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn the_server_outlives_a_supervisor_closing_its_pipes_after_the_address() {
    // Arrange: stderr closed from the start, stdout once the address line is read.
    let dir = prepare_dir();
    let mut child = serve_piped(dir.path(), "127.0.0.1:0");
    drop(child.stderr.take());
    let url = address_line(&mut child).await;
    // Act and assert
    still_serves_then_stops_cleanly(&url, &mut child).await;
}

#[tokio::test]
async fn the_server_outlives_a_supervisor_that_closed_its_pipes_before_the_address() {
    // Arrange: a test harness that gave up waiting closes both pipes before the server
    // prints its address (it used to die on that line: `failed printing to stdout`).
    let dir = prepare_dir();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = serve_piped(dir.path(), &format!("127.0.0.1:{port}"));
    drop(child.stdout.take());
    drop(child.stderr.take());
    let url = format!("http://127.0.0.1:{port}/");
    // Act
    let deadline = Instant::now() + Duration::from_secs(30);
    while reqwest::get(format!("{url}healthz")).await.is_err() {
        assert!(Instant::now() < deadline, "the server never answered");
        assert!(child.try_wait().unwrap().is_none(), "the server died");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    still_serves_then_stops_cleanly(&url, &mut child).await;
}

#[tokio::test]
async fn a_report_piped_into_a_closed_reader_ends_without_a_panic() {
    // Arrange: `agir-server editions | head -0`.
    let dir = prepare_dir();
    let db = dir.path().join("agir.db");
    let imported = run(cli()
        .arg("import")
        .arg(demo_path())
        .args(["--edition", "2013"])
        .arg("--db")
        .arg(&db))
    .await;
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let mut child = cli()
        .arg("editions")
        .arg("--db")
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    // Act
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("the command finishes")
        .unwrap();
    // Assert
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn a_killed_server_loses_nothing_it_acknowledged() {
    // Arrange
    let dir = prepare_dir();
    let (mut child, url) = serve_process(dir.path()).await;
    let client = reqwest::Client::new();
    let answer = json!({"target": "day", "rating": 5, "comment": "Avant la panne", "key": key()});
    // Act: acknowledged, then the process dies at once (no graceful shutdown, no checkpoint).
    let posted = client
        .post(format!("{url}api/feedback"))
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::CREATED, "{}", posted.text().await.unwrap());
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    let (mut again, url) = serve_process(dir.path()).await;
    let rows: Vec<Value> = client
        .get(format!("{url}api/admin/feedback"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Assert
    assert_eq!(
        rows.iter().filter(|r| r["comment"] == "Avant la panne").count(),
        1,
        "{rows:?}"
    );
    again.kill().await.unwrap();
}

#[tokio::test]
async fn a_taken_port_stops_with_exit_2_and_one_french_sentence() {
    // Arrange
    let dir = prepare_dir();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    // Act
    let out = run(cli()
        .args(["serve", "--addr", &addr])
        .arg("--db")
        .arg(dir.path().join("agir.db"))
        .arg("--dist")
        .arg(dir.path().join("dist")))
    .await;
    // Assert
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr.trim(),
        format!("L'adresse {addr} est déjà utilisée : choisissez-en une autre avec --addr ou AGIR_ADDR.")
    );
    assert!(out.stdout.is_empty());
}

#[tokio::test]
async fn bad_configuration_stops_with_exit_2_and_says_what_to_fix() {
    // Arrange
    let dir = prepare_dir();
    let broken_seed = dir.path().join("broken-seed");
    std::fs::create_dir_all(&broken_seed).unwrap();
    broken_file(&broken_seed);
    let db = dir.path().join("agir.db");
    let dist = dir.path().join("dist");
    let serve = |extra: &[&std::ffi::OsStr]| {
        let mut c = cli();
        c.args(["serve", "--addr", "127.0.0.1:0"]).args(extra);
        c
    };
    // Act
    let no_dist = run(&mut serve(&[
        "--db".as_ref(),
        db.as_os_str(),
        "--dist".as_ref(),
        dir.path().join("nulle-part").as_os_str(),
    ]))
    .await;
    let bad_db = run(&mut serve(&[
        "--db".as_ref(),
        dir.path().join("pas/de/dossier/agir.db").as_os_str(),
        "--dist".as_ref(),
        dist.as_os_str(),
    ]))
    .await;
    let bad_seed = run(&mut serve(&[
        "--db".as_ref(),
        db.as_os_str(),
        "--dist".as_ref(),
        dist.as_os_str(),
        "--seed".as_ref(),
        broken_seed.as_os_str(),
    ]))
    .await;
    let short_token = run(
        serve(&["--db".as_ref(), db.as_os_str(), "--dist".as_ref(), dist.as_os_str()]).env("AGIR_ADMIN_TOKEN", "court"),
    )
    .await;
    let unknown_current = run(
        serve(&["--db".as_ref(), db.as_os_str(), "--dist".as_ref(), dist.as_os_str()])
            .args(["--current", "1999"])
            .arg("--seed")
            .arg(dir.path().join("seed")),
    )
    .await;
    let garbage = dir.path().join("pas-une-base.db");
    std::fs::write(
        &garbage,
        "ceci n'est pas une base SQLite, mais un texte assez long pour en avoir l'air".repeat(20),
    )
    .unwrap();
    let unreadable_db = run(&mut serve(&[
        "--db".as_ref(),
        garbage.as_os_str(),
        "--dist".as_ref(),
        dist.as_os_str(),
    ]))
    .await;
    // A directory nobody may write in, not even root: /proc.
    let unwritable_dir = run(&mut serve(&[
        "--db".as_ref(),
        "/proc/agir.db".as_ref(),
        "--dist".as_ref(),
        dist.as_os_str(),
    ]))
    .await;
    let db_is_a_dir = run(&mut serve(&[
        "--db".as_ref(),
        dir.path().as_os_str(),
        "--dist".as_ref(),
        dist.as_os_str(),
    ]))
    .await;
    let bad_public_url = run(
        serve(&["--db".as_ref(), db.as_os_str(), "--dist".as_ref(), dist.as_os_str()])
            .args(["--public-url", "agir.angers.fr"]),
    )
    .await;
    // Assert
    for out in [
        &no_dist,
        &bad_db,
        &bad_seed,
        &short_token,
        &unknown_current,
        &unreadable_db,
        &unwritable_dir,
        &db_is_a_dir,
        &bad_public_url,
    ] {
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert_no_panic(out);
        assert!(out.stdout.is_empty(), "no start line: {}", out.stdout);
    }
    assert!(no_dist.stderr.contains("cargo xtask serve"), "{}", no_dist.stderr);
    assert!(
        bad_db.stderr.contains("n'existe pas") && bad_db.stderr.contains("--db"),
        "{}",
        bad_db.stderr
    );
    assert!(bad_seed.stderr.contains("/sessions/3/place"), "{}", bad_seed.stderr);
    assert!(short_token.stderr.contains("au moins 16"), "{}", short_token.stderr);
    assert!(
        unknown_current.stderr.contains("« 1999 »"),
        "{}",
        unknown_current.stderr
    );
    for out in [&unreadable_db, &unwritable_dir, &db_is_a_dir] {
        assert!(out.stderr.contains("--db"), "{}", out.stderr);
    }
    assert!(
        bad_public_url.stderr.contains("http:// ou https://") && bad_public_url.stderr.contains("--public-url"),
        "{}",
        bad_public_url.stderr
    );
}

#[tokio::test]
async fn check_accepts_the_demo_and_lists_the_errors_of_a_broken_file() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let broken = broken_file(dir.path());
    // Act
    let good = run(cli().arg("check").arg(demo_path())).await;
    let bad = run(cli().arg("check").arg(&broken)).await;
    // Assert
    assert_eq!(good.code, 0, "{}{}", good.stdout, good.stderr);
    assert!(good.stdout.contains("Bilan : 0 erreur"), "{}", good.stdout);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stdout.contains("erreur /sessions/3/place : Le lieu « nulle-part »"),
        "{}",
        bad.stdout
    );
}

#[tokio::test]
async fn import_publishes_revisions_and_refuses_broken_files() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("agir.db");
    let broken = broken_file(dir.path());
    // Act
    let first = run(cli()
        .arg("import")
        .arg(demo_path())
        .args(["--edition", "2013", "--db"])
        .arg(&db))
    .await;
    let second = run(cli()
        .arg("import")
        .arg(demo_path())
        .args(["--edition", "2013", "--db"])
        .arg(&db))
    .await;
    let refused = run(cli()
        .arg("import")
        .arg(&broken)
        .args(["--edition", "2013", "--db"])
        .arg(&db))
    .await;
    let listed = run(cli().arg("editions").arg("--db").arg(&db)).await;
    // Assert
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("Révision 1 publiée pour l'édition 2013"),
        "{}",
        first.stdout
    );
    assert!(second.stdout.contains("Révision 2 "), "{}", second.stdout);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("/sessions/3/place"), "{}", refused.stderr);
    assert!(
        listed.stdout.contains("révision 2 (courante)"),
        "nothing published by the refusal: {}",
        listed.stdout
    );
}

#[tokio::test]
async fn a_revision_imported_by_the_cli_is_served_within_seconds() {
    // Arrange
    let app = spawn_app().await;
    let mut doc = demo();
    doc["sessions"][0]["title"] = "Titre importé".into();
    let file = app.dir.path().join("nouveau.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    // Act
    let out = run(cli()
        .arg("import")
        .arg(&file)
        .args(["--edition", "2013", "--db"])
        .arg(app.db()))
    .await;
    // Assert
    assert_eq!(out.code, 0, "{}", out.stderr);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (served, etag) = app.edition().await;
        if etag == "\"2013-2\"" {
            assert_eq!(served["sessions"][0]["title"], "Titre importé");
            break;
        }
        assert!(Instant::now() < deadline, "still serving {etag} after 5 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_write_racing_a_cli_publish_gets_412_naming_the_winner() {
    // Arrange: a server that would not notice the CLI's revision by itself for an hour.
    let app = spawn_app_with(Options {
        poll_every: Duration::from_secs(3600),
        ..Options::default()
    })
    .await;
    let (_, etag) = app.edition().await;
    let out = run(cli()
        .arg("import")
        .arg(demo_path())
        .args(["--edition", "2013", "--db"])
        .arg(app.db()))
    .await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Act
    let response = app
        .patch_session(FIRST_SESSION, &etag, json!({"status": "cancelled"}))
        .await;
    // Assert
    assert_eq!(header_of(&response, "etag"), "\"2013-2\"", "the CLI's revision won");
    assert_error(response, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    assert_eq!(app.edition().await.1, "\"2013-2\"", "and it is served at once");
}

#[tokio::test]
async fn cli_edits_move_cancel_roll_back_and_export() {
    // Arrange
    let app = spawn_app().await;
    let db = app.db();
    let with_db = |c: &mut tokio::process::Command| {
        c.arg("--db").arg(&db);
    };
    app.feedback(&json!({"target": "day", "rating": 3, "comment": "=1+1", "key": key()}))
        .await;
    // Act
    let mut c = cli();
    c.args([
        "session",
        "move",
        FIRST_SESSION,
        "--start",
        "10h15",
        "--place",
        "auditorium",
    ]);
    with_db(&mut c);
    let moved = run(&mut c).await;
    let mut c = cli();
    c.args(["session", "cancel", FIRST_SESSION, "--edition", "2013"]);
    with_db(&mut c);
    let cancelled = run(&mut c).await;
    let mut c = cli();
    c.args(["session", "move", "inconnue", "--start", "10:00"]);
    with_db(&mut c);
    let unknown = run(&mut c).await;
    let mut c = cli();
    c.args(["rollback", "1"]);
    with_db(&mut c);
    let rolled_back = run(&mut c).await;
    let mut c = cli();
    c.args(["feedback", "--csv"]);
    with_db(&mut c);
    let csv = run(&mut c).await;
    // Assert
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    assert!(moved.stdout.contains("révision 2"), "{}", moved.stdout);
    assert_eq!(cancelled.code, 0, "{}", cancelled.stderr);
    assert!(cancelled.stdout.contains("révision 3"), "{}", cancelled.stdout);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("inconnue"), "{}", unknown.stderr);
    assert_eq!(rolled_back.code, 0, "{}", rolled_back.stderr);
    assert!(rolled_back.stdout.contains("révision 4"), "{}", rolled_back.stdout);
    assert_eq!(csv.code, 0);
    assert!(csv
        .stdout
        .trim_start_matches('\u{feff}')
        .starts_with("received_at,edition,target,rating,comment,key\r\n"));
    assert!(csv.stdout.contains(",'=1+1,"), "formulas are defused: {}", csv.stdout);
    // The running server picks the CLI's revisions up and the feed shows the move.
    let deadline = Instant::now() + Duration::from_secs(5);
    while app.edition().await.1 != "\"2013-4\"" {
        assert!(Instant::now() < deadline, "revision 4 not served");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let changes: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_eq!(changes["changes"], json!([]), "revision 4 is revision 1 again");
    let changes: Value = app.get("/api/changes?since=2").await.json().await.unwrap();
    let kinds: Vec<&str> = changes["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["time", "place"]);
    assert_eq!(
        changes["changes"][0]["before"],
        "2013-10-08T10:15:00+02:00/2013-10-08T12:15:00+02:00"
    );
}

/// A published programme from `crates/model/tests/fixtures/interop/`.
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../model/tests/fixtures/interop")
        .join(name)
}

#[tokio::test]
async fn check_and_import_on_the_published_fixtures() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("agir.db");
    for (file, slug) in [
        ("pretalx-democon.json", "democon"),
        ("frab-camp2019.json", "camp2019"),
        ("debconf23.xml", "debconf23"),
        ("36c3_merged.xml", "36c3"),
    ] {
        // Act
        let checked = run(cli().arg("check").arg(fixture(file))).await;
        let imported = run(cli()
            .arg("import")
            .arg(fixture(file))
            .args(["--edition", slug, "--db"])
            .arg(&db))
        .await;
        // Assert: warnings only, then published.
        assert_eq!(checked.code, 0, "{file}: {}{}", checked.stdout, checked.stderr);
        assert!(
            checked.stdout.contains("Bilan : 0 erreur"),
            "{file}: {}",
            checked.stdout
        );
        assert!(
            checked.stdout.contains("avertissement"),
            "{file} has warnings: {}",
            checked.stdout
        );
        assert_eq!(imported.code, 0, "{file}: {}{}", imported.stdout, imported.stderr);
        assert!(
            imported
                .stdout
                .contains(&format!("Révision 1 publiée pour l'édition {slug}")),
            "{}",
            imported.stdout
        );
    }
    let invalid = run(cli().arg("check").arg(fixture("invalid-example.json"))).await;
    let refused = run(cli()
        .arg("import")
        .arg(fixture("invalid-example.json"))
        .args(["--edition", "invalide", "--db"])
        .arg(&db))
    .await;
    assert_eq!(invalid.code, 1, "{}{}", invalid.stdout, invalid.stderr);
    assert!(
        invalid.stdout.contains("erreur /schedule/"),
        "the error names its path: {}",
        invalid.stdout
    );
    assert!(!invalid.stderr.contains("panicked"), "{}", invalid.stderr);
    assert_eq!(refused.code, 1);
    let listed = run(cli().arg("editions").arg("--db").arg(&db)).await;
    assert!(
        !listed.stdout.contains("invalide"),
        "nothing published: {}",
        listed.stdout
    );
}
