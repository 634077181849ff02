//! The moderators' calls: a session's queue and its log, and the actions on a question.
//! Every action answers with the question as stored, or the server's French refusal.

use agir_model::question_board::Board;
use agir_model::question_queue::Queue;
use agir_model::questions::Question;
use gloo_net::http::Request;
use serde::Deserialize;

use super::{get, json, send, ApiError};

/// One line of the moderation log: who did what to which question, and when.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LogEntry {
    pub question: Option<i64>,
    pub action: String,
    #[serde(default)]
    pub detail: Option<String>,
    pub par: String,
    /// RFC 3339.
    pub le: String,
}

/// What a moderator does to a question.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Shown to everyone, with the text corrected if given.
    Accept(Option<String>),
    /// Not kept, with a reason kept among moderators.
    Reject(Option<String>),
    /// The text corrected, the status unchanged.
    Correct(String),
    /// Merged into another question, which takes its supports.
    Merge(i64),
    Pin,
    Unpin,
    Answered,
}

fn session_url(session: &str, edition: &str, tail: &str) -> String {
    format!("/api/admin/sessions/{session}/questions{tail}?edition={edition}")
}

/// The stream of every change to a session's questions, for moderators.
pub fn stream_url(session: &str, edition: &str, since: i64) -> String {
    format!("{}&depuis={since}", session_url(session, edition, "/flux"))
}

/// `GET /api/admin/sessions/{id}/questions`: every question, waiting ones included.
pub async fn queue(session: &str, edition: &str) -> Result<Queue, ApiError> {
    json(send(get(&session_url(session, edition, "")).build()).await?).await
}

/// `GET /api/admin/sessions/{id}/questions/journal`, oldest first.
pub async fn log(session: &str, edition: &str) -> Result<Vec<LogEntry>, ApiError> {
    json(send(get(&session_url(session, edition, "/journal")).build()).await?).await
}

/// Applies `action` to question `id`.
pub async fn act(id: i64, action: &Action) -> Result<Question, ApiError> {
    let base = format!("/api/admin/questions/{id}");
    let request = match action {
        Action::Accept(text) => {
            Request::post(&format!("{base}/accepter")).json(&(serde_json::json!({ "texte": text })))
        }
        Action::Reject(reason) => {
            Request::post(&format!("{base}/ecarter")).json(&(serde_json::json!({ "raison": reason })))
        }
        Action::Correct(text) => Request::patch(&base).json(&(serde_json::json!({ "texte": text }))),
        Action::Merge(into) => Request::post(&format!("{base}/fusionner")).json(&(serde_json::json!({ "dans": into }))),
        Action::Pin => Request::put(&format!("{base}/epingle")).build(),
        Action::Unpin => Request::delete(&format!("{base}/epingle")).build(),
        Action::Answered => Request::post(&format!("{base}/repondue")).build(),
    };
    json(send(request).await?).await
}

/// How long questions stay after the day: days after an edition's last day, `None` while
/// no period is set (they stay).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Retention {
    pub jours: Option<u32>,
    #[serde(default)]
    pub par: Option<String>,
}

/// `GET /api/admin/questions/conservation`.
pub async fn retention() -> Result<Retention, ApiError> {
    json(send(get("/api/admin/questions/conservation").build()).await?).await
}

/// `PUT /api/admin/questions/conservation`.
pub async fn set_retention(days: Option<u32>) -> Result<Retention, ApiError> {
    let request = Request::put("/api/admin/questions/conservation").json(&serde_json::json!({ "jours": days }));
    json(send(request).await?).await
}

/// `GET /api/sessions/{id}/questions`: what attendees see (the room's screen).
pub async fn board(session: &str, edition: &str) -> Result<Board, ApiError> {
    let url = format!("/api/sessions/{session}/questions?edition={edition}");
    json(send(get(&url).build()).await?).await
}

/// The public stream of a session's questions (the room screen's), from event `since`.
pub fn board_stream_url(session: &str, edition: &str, since: i64) -> String {
    format!("/api/sessions/{session}/questions/flux?edition={edition}&depuis={since}")
}

/// `GET /api/admin/questions.csv?edition=`: every question of an edition, for the bilan.
pub async fn csv(edition: &str) -> Result<String, ApiError> {
    let response = send(
        Request::get(&format!("/api/admin/questions.csv?edition={edition}"))
            .header("Accept", "text/csv")
            .build(),
    )
    .await?;
    response.text().await.map_err(|_| ApiError::Network)
}
