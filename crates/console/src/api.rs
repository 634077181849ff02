//! The console's calls to the server. Every refusal comes back as the server's own French
//! sentence (typeset for display) and stable code; the console shows the sentence, next to
//! the field when it names one.

pub mod engagement;
pub mod questions;

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// What went wrong talking to the server.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.")]
    Network,
    /// The server refused: its stable code and its sentence.
    #[error("{message}")]
    Refused {
        status: u16,
        code: String,
        message: String,
        /// Seconds to wait, when the server said (`Retry-After`).
        retry_after: Option<u32>,
    },
    #[error("La réponse du serveur est illisible ({0}).")]
    Invalid(String),
}

impl ApiError {
    /// The account is not signed in (or no longer).
    pub fn is_signed_out(&self) -> bool {
        matches!(self, Self::Refused { status: 401, .. })
    }
}

/// The signed-in organizer, as `GET /api/comptes/moi` describes them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Account {
    #[serde(rename = "nom")]
    pub name: String,
    pub email: String,
    pub role: String,
}

impl Account {
    /// "organisateur" or "modération", as the staff say it.
    pub fn role_label(&self) -> &'static str {
        if self.role == "moderation" {
            "modération"
        } else {
            "organisateur"
        }
    }
}

/// The server's refusal: `{"error": code, "message": "…", "details": […]}`.
#[derive(Deserialize)]
struct Refusal {
    #[serde(rename = "error")]
    code: String,
    message: String,
}

async fn send(request: Result<gloo_net::http::Request, gloo_net::Error>) -> Result<Response, ApiError> {
    let request = request.map_err(|e| ApiError::Invalid(e.to_string()))?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|s| s.trim().parse().ok());
    let refusal = response.json::<Refusal>().await.unwrap_or(Refusal {
        code: "status".into(),
        message: format!("Le serveur a répondu par une erreur ({status}). Réessayez dans un instant."),
    });
    Err(ApiError::Refused {
        status,
        code: refusal.code,
        message: agir_model::french::typeset(&refusal.message),
        retry_after,
    })
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    serde_json::from_str(&text).map_err(|e| ApiError::Invalid(e.to_string()))
}

fn post(url: &str) -> RequestBuilder {
    Request::post(url).header("Accept", "application/json")
}

fn get(url: &str) -> RequestBuilder {
    Request::get(url).header("Accept", "application/json")
}

/// `GET /api/comptes/moi`: who is signed in here.
pub async fn me() -> Result<Account, ApiError> {
    json(send(get("/api/comptes/moi").build()).await?).await
}

#[derive(Serialize)]
struct Credentials<'a> {
    email: &'a str,
    mot_de_passe: &'a str,
}

/// `POST /api/comptes/connexion`: the server sets the session cookie.
pub async fn sign_in(email: &str, password: &str) -> Result<Account, ApiError> {
    let body = Credentials {
        email,
        mot_de_passe: password,
    };
    json(send(post("/api/comptes/connexion").json(&body)).await?).await
}

/// `POST /api/comptes/deconnexion` (this device) or `…/deconnexion-partout` (every one).
pub async fn sign_out(everywhere: bool) -> Result<(), ApiError> {
    let url = if everywhere {
        "/api/comptes/deconnexion-partout"
    } else {
        "/api/comptes/deconnexion"
    };
    send(post(url).build()).await.map(drop)
}

#[derive(Serialize)]
struct NewPassword<'a> {
    lien: &'a str,
    mot_de_passe: &'a str,
}

/// `POST /api/comptes/mot-de-passe`: sets the password with a one-time link's token.
pub async fn set_password(link: &str, password: &str) -> Result<(), ApiError> {
    let body = NewPassword {
        lien: link,
        mot_de_passe: password,
    };
    send(post("/api/comptes/mot-de-passe").json(&body)).await.map(drop)
}

/// `GET /api/editions`: every edition the server holds, newest first.
pub async fn editions() -> Result<Vec<agir_model::EditionSummary>, ApiError> {
    json(send(get("/api/editions").build()).await?).await
}

/// The current edition with the ETag to publish on top of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Current {
    pub edition: agir_model::Edition,
    pub etag: String,
}

/// `GET /api/edition`, with its ETag.
pub async fn current() -> Result<Current, ApiError> {
    document(send(get("/api/edition").build()).await?).await
}

/// An edition's document and the ETag of its revision.
async fn document(response: Response) -> Result<Current, ApiError> {
    let etag = response.headers().get("etag").unwrap_or_default();
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    let edition = agir_model::Edition::from_json(&text).map_err(|e| ApiError::Invalid(e.to_string()))?;
    Ok(Current { edition, etag })
}

/// `GET /api/editions/{slug}`: one edition's latest document, with its ETag.
pub async fn edition(slug: &str) -> Result<Current, ApiError> {
    document(send(get(&format!("/api/editions/{}", encode(slug))).build()).await?).await
}

/// A published revision: its number and its ETag (to publish the next one on top).
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    pub revision: u32,
    pub etag: String,
}

#[derive(Deserialize)]
struct Written {
    revision: u32,
}

async fn published(response: Response) -> Result<Published, ApiError> {
    let etag = response.headers().get("etag").unwrap_or_default();
    let written: Written = json(response).await?;
    Ok(Published {
        revision: written.revision,
        etag,
    })
}

fn with_note(path: &str, note: &str) -> String {
    format!("{path}?note={}", encode(note))
}

/// Percent-encodes a query value.
fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// `PUT /api/admin/edition`: publishes `edition` on top of the revision `etag` names, with
/// the organizer's note. A colleague's revision published meanwhile is a 412.
pub async fn publish(edition: &agir_model::Edition, etag: &str, note: &str) -> Result<Published, ApiError> {
    let request = Request::put(&with_note("/api/admin/edition", note))
        .header("Accept", "application/json")
        .header("If-Match", etag)
        .json(edition);
    published(send(request).await?).await
}

/// `PUT /api/admin/edition` with `If-None-Match: *`: publishes a new edition's first
/// revision. An edition of that name published meanwhile is a 412.
pub async fn publish_new(edition: &agir_model::Edition, note: &str) -> Result<Published, ApiError> {
    let request = Request::put(&with_note("/api/admin/edition", note))
        .header("Accept", "application/json")
        .header("If-None-Match", "*")
        .json(edition);
    published(send(request).await?).await
}

/// `POST /api/admin/rollback/{revision}`: publishes revision `revision` again, on top of `etag`.
pub async fn rollback(revision: u32, etag: &str, note: &str) -> Result<Published, ApiError> {
    let request = post(&with_note(&format!("/api/admin/rollback/{revision}"), note))
        .header("If-Match", etag)
        .build();
    published(send(request).await?).await
}

/// One revision in the history of an edition.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Revision {
    pub revision: u32,
    /// RFC 3339, in UTC.
    pub published_at: String,
    #[serde(default)]
    pub published_by: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// What changed against the revision before, session by session.
    #[serde(default)]
    pub changes: Vec<agir_model::Change>,
}

/// `GET /api/admin/editions/{edition}/revisions`: newest first.
pub async fn revisions(edition: &str) -> Result<Vec<Revision>, ApiError> {
    json(send(get(&format!("/api/admin/editions/{}/revisions", encode(edition))).build()).await?).await
}

#[derive(Serialize)]
struct Choice<'a> {
    edition: &'a str,
}

/// `PUT /api/admin/current`: the edition attendees see; answers the editions list.
pub async fn choose_current(slug: &str) -> Result<Vec<agir_model::EditionSummary>, ApiError> {
    let request = Request::put("/api/admin/current")
        .header("Accept", "application/json")
        .json(&Choice { edition: slug });
    json(send(request).await?).await
}

/// What the server read in an uploaded programme, before anything is published.
#[derive(Debug, Clone, Deserialize)]
pub struct ImportPreview {
    pub format: String,
    pub edition: agir_model::Edition,
    #[serde(default)]
    pub warnings: Vec<agir_model::Issue>,
    #[serde(default)]
    pub errors: Vec<agir_model::Issue>,
    /// An edition of that name is already published.
    #[serde(default)]
    pub exists: bool,
}

/// `POST /api/admin/import?edition=SLUG`: reads a frab or C3VOC file; publishes nothing.
pub async fn import_preview(slug: &str, file: web_sys::File) -> Result<ImportPreview, ApiError> {
    let url = match slug {
        "" => "/api/admin/import".to_owned(),
        slug => format!("/api/admin/import?edition={}", encode(slug)),
    };
    // The file's bytes as they are: the server reads their encoding and refuses, in French,
    // what is not UTF-8 (the browser's own decoding would replace it silently).
    let request = post(&url).body(file);
    json(send(request).await?).await
}

/// `GET /api/admin/feedback` as CSV: every opinion received.
pub async fn feedback_csv() -> Result<String, ApiError> {
    csv("/api/admin/feedback").await
}

/// `url` as a spreadsheet (`Accept: text/csv`).
async fn csv(url: &str) -> Result<String, ApiError> {
    let request = Request::get(url).header("Accept", "text/csv").build();
    send(request).await?.text().await.map_err(|_| ApiError::Network)
}

/// The bilan of an edition, as `GET /api/admin/bilan` gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BilanReport {
    pub edition: String,
    pub responses: usize,
    pub questions: Vec<agir_model::bilan::QuestionBilan>,
    pub sessions: Vec<agir_model::bilan::SessionBilan>,
    #[serde(default)]
    pub attendance: Option<u32>,
    /// Requests to be contacted, per stand (« Je veux m'engager »), most requested first.
    #[serde(default)]
    pub engagement: Vec<agir_model::bilan::StandBilan>,
}

fn bilan_url(edition: Option<&str>) -> String {
    match edition {
        Some(slug) => format!("/api/admin/bilan?edition={}", encode(slug)),
        None => "/api/admin/bilan".to_owned(),
    }
}

/// `GET /api/admin/bilan[?edition=]`: the current edition's bilan by default.
pub async fn bilan(edition: Option<&str>) -> Result<BilanReport, ApiError> {
    json(send(get(&bilan_url(edition)).build()).await?).await
}

/// The answers of an edition as a spreadsheet (CSV).
pub async fn bilan_csv(edition: &str) -> Result<String, ApiError> {
    csv(&bilan_url(Some(edition))).await
}
