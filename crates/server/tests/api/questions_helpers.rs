//! What the questions' tests share: asking, supporting and moderating over HTTP, and a
//! reader of Server-Sent Events on a real connection.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{key, TestApp};

/// A debate: takes questions, pre-moderated, by default.
pub const DEBATE: &str = "debat-seniors-benevolat";
pub const PHONE_A: &str = "appareil-a-0123456789";
pub const PHONE_B: &str = "appareil-b-0123456789";
pub const PHONE_C: &str = "appareil-c-0123456789";

impl TestApp {
    /// `POST /api/sessions/{session}/questions` with the idempotency key `cle`.
    pub async fn ask_with(&self, session: &str, device: &str, text: &str, cle: &str) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/sessions/{session}/questions")))
            .json(&json!({"cle": cle, "appareil": device, "texte": text}))
            .send()
            .await
            .unwrap()
    }

    /// Asks `text` in the debate from `device`, expecting 201; returns the question's id.
    pub async fn ask(&self, device: &str, text: &str) -> i64 {
        let response = self.ask_with(DEBATE, device, text, &key()).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        body["question"]["id"].as_i64().unwrap()
    }

    /// `PUT` (`on`) or `DELETE` of a device's support.
    pub async fn support(&self, question: i64, device: &str, on: bool) -> reqwest::Response {
        let method = if on { Method::PUT } else { Method::DELETE };
        self.client
            .request(
                method,
                self.url(&format!("/api/questions/{question}/soutiens/{device}")),
            )
            .send()
            .await
            .unwrap()
    }

    /// A moderation action with the organizers' token, expecting 200; returns the question.
    pub async fn moderate(&self, method: Method, question: i64, action: &str, body: Option<Value>) -> Value {
        let path = if action.is_empty() {
            format!("/api/admin/questions/{question}")
        } else {
            format!("/api/admin/questions/{question}/{action}")
        };
        let mut request = self.admin(method, &path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{action} {question}");
        response.json().await.unwrap()
    }

    pub async fn accept(&self, question: i64) -> Value {
        self.moderate(Method::POST, question, "accepter", None).await
    }

    /// The debate's questions as attendees see them (with `device`'s own if given).
    pub async fn public_questions(&self, device: Option<&str>) -> Value {
        let mut path = format!("/api/sessions/{DEBATE}/questions");
        if let Some(device) = device {
            path.push_str(&format!("?appareil={device}"));
        }
        let response = self.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    /// The debate's moderation queue.
    pub async fn queue(&self) -> Value {
        self.admin_json(&format!("/api/admin/sessions/{DEBATE}/questions"))
            .await
    }
}

/// The ids of a list of questions.
pub fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_i64().unwrap())
        .collect()
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<i64>,
    pub name: String,
    pub data: Value,
}

/// A stream read as it arrives, event by event.
pub struct SseReader {
    response: reqwest::Response,
    buffer: String,
}

impl SseReader {
    /// Opens `path` with `Last-Event-ID: last` when given, over a real connection.
    pub async fn open(app: &TestApp, request: reqwest::RequestBuilder, last: Option<i64>) -> Self {
        let mut request = request.header("accept", "text/event-stream");
        if let Some(last) = last {
            request = request.header("last-event-id", last.to_string());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{}", app.base);
        assert!(crate::helpers::header_of(&response, "content-type").starts_with("text/event-stream"));
        Self {
            response,
            buffer: String::new(),
        }
    }

    /// The next event, or `None` if none comes within `wait`. Comments are skipped.
    pub async fn next(&mut self, wait: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse(&block) {
                    return Some(event);
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk()).await.ok()?;
            let chunk = chunk.unwrap()?;
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Every event arriving within `wait` of the previous one.
    pub async fn drain(&mut self, wait: Duration) -> Vec<SseEvent> {
        let mut events = Vec::new();
        while let Some(event) = self.next(wait).await {
            events.push(event);
        }
        events
    }
}

fn parse(block: &str) -> Option<SseEvent> {
    let (mut id, mut name, mut data) = (None, String::from("message"), String::new());
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("id:") {
            id = v.trim().parse().ok();
        } else if let Some(v) = line.strip_prefix("event:") {
            name = v.trim().to_owned();
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.strip_prefix(' ').unwrap_or(v));
        }
    }
    if data.is_empty() {
        return None;
    }
    Some(SseEvent {
        id,
        name,
        data: serde_json::from_str(&data).unwrap(),
    })
}

/// The public stream of the debate.
pub async fn public_stream(app: &TestApp, last: Option<i64>) -> SseReader {
    let request = app
        .client
        .get(app.url(&format!("/api/sessions/{DEBATE}/questions/flux")));
    SseReader::open(app, request, last).await
}

/// The moderators' stream of the debate, with the token.
pub async fn moderation_stream(app: &TestApp, last: Option<i64>) -> SseReader {
    let request = app.admin(Method::GET, &format!("/api/admin/sessions/{DEBATE}/questions/flux"));
    SseReader::open(app, request, last).await
}
