//! The read path's shortcut: `GET /api/edition` is answered before the router, and must be
//! exactly the answer the router gives for the same document (`/api/editions/{slug}`); its
//! 304, written before hyper reads the request, must be hyper's, whatever the client sends
//! around it on the same connection.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::{header_of, headers_but_date, spawn_app, TestApp};

/// Status, headers but the date, and body.
async fn seen(response: reqwest::Response) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
    let (status, headers) = (response.status(), headers_but_date(&response));
    (status, headers, response.bytes().await.unwrap().to_vec())
}

#[tokio::test]
async fn the_edition_answered_before_routing_is_the_routed_answer() {
    // Arrange
    let app = spawn_app().await;
    let client = reqwest::Client::builder().no_brotli().no_gzip().build().unwrap();
    let etag = header_of(&app.get("/api/edition").await, "etag");
    let cases: [&[(&str, &str)]; 5] = [
        &[("accept-encoding", "br")],
        &[("accept-encoding", "gzip")],
        &[("accept-encoding", "identity")],
        &[("accept-encoding", "br"), ("if-none-match", &etag)],
        &[("if-none-match", "\"2013-0\"")],
    ];
    for headers in cases {
        let ask = |path: &str| {
            let mut request = client.request(Method::GET, app.url(path));
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            request.send()
        };
        // Act
        let hot = seen(ask("/api/edition").await.unwrap()).await;
        let routed = seen(ask("/api/editions/2013").await.unwrap()).await;
        // Assert
        assert_eq!(hot, routed, "{headers:?}");
        assert!(
            hot.1.iter().any(|(n, _)| n == "content-security-policy"),
            "{headers:?}: {:?}",
            hot.1
        );
    }
}

#[tokio::test]
async fn the_edition_still_answers_head_and_a_query_string() {
    // Arrange
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    // Act
    let head = client.head(app.url("/api/edition")).send().await.unwrap();
    let query = app.get("/api/edition?depuis=1").await;
    // Assert
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!(header_of(&head, "etag"), "\"2013-1\"");
    assert!(head.bytes().await.unwrap().is_empty());
    assert_eq!(query.status(), StatusCode::OK);
    assert_eq!(header_of(&query, "etag"), "\"2013-1\"");
}

/// One answer read off a raw connection: its head without the date line, and its body.
#[derive(Debug)]
struct Answer {
    head: String,
    body: Vec<u8>,
}

impl Answer {
    fn status(&self) -> &str {
        &self.head[9..12]
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(": ")?;
            n.eq_ignore_ascii_case(name).then_some(v)
        })
    }
}

/// A connection spoken to byte by byte, as a client that pipelines or splits its requests.
struct Raw {
    tcp: TcpStream,
    read: Vec<u8>,
}

impl Raw {
    async fn open(app: &TestApp) -> Self {
        let host = app
            .url("/")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        Self {
            tcp: TcpStream::connect(host).await.unwrap(),
            read: Vec::new(),
        }
    }

    async fn send(&mut self, bytes: &str) {
        self.tcp.write_all(bytes.as_bytes()).await.unwrap();
    }

    /// Asks for the edition naming `etag`, as a polling app does, and reads the answer.
    async fn poll(&mut self, etag: &str) -> Answer {
        self.send(&conditional("/api/edition", etag)).await;
        self.answers(1).await.remove(0)
    }

    /// The next `count` answers, within 5 s.
    async fn answers(&mut self, count: usize) -> Vec<Answer> {
        let mut out = Vec::new();
        while out.len() < count {
            if let Some(answer) = self.next_answer() {
                out.push(answer);
                continue;
            }
            let mut chunk = [0u8; 8192];
            let n = tokio::time::timeout(Duration::from_secs(5), self.tcp.read(&mut chunk))
                .await
                .expect("an answer within 5 s")
                .unwrap();
            assert!(n > 0, "closed after {} answers: {out:?}", out.len());
            self.read.extend_from_slice(&chunk[..n]);
        }
        out
    }

    /// The first complete answer read so far, taken out of the buffer.
    fn next_answer(&mut self) -> Option<Answer> {
        let end = self.read.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
        let head = String::from_utf8(self.read[..end].to_vec()).unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ")?.parse().ok())
            .unwrap_or(0);
        if self.read.len() < end + length {
            return None;
        }
        let body = self.read[end..end + length].to_vec();
        self.read.drain(..end + length);
        let head = head
            .lines()
            .filter(|l| !l.starts_with("date: "))
            .collect::<Vec<_>>()
            .join("\n");
        Some(Answer { head, body })
    }
}

/// `GET {path}` naming `etag`, as an app polling for a new revision asks it.
fn conditional(path: &str, etag: &str) -> String {
    format!("GET {path} HTTP/1.1\r\nHost: agir\r\nAccept-Encoding: br\r\nIf-None-Match: {etag}\r\n\r\n")
}

/// A server, the current edition's tag, and a connection to it.
async fn polling_app() -> (TestApp, String, Raw) {
    let app = spawn_app().await;
    let etag = header_of(&app.get("/api/edition").await, "etag");
    let raw = Raw::open(&app).await;
    (app, etag, raw)
}

#[tokio::test]
async fn the_304_written_off_the_socket_is_the_one_hyper_writes() {
    // Arrange: the hot 304 twice, then one hyper answers (the query string), then the hot
    // one again on what is now hyper's connection, all sent at once.
    let (_app, etag, mut raw) = polling_app().await;
    let hot = conditional("/api/edition", &etag);
    let routed = conditional("/api/edition?depuis=1", &etag);
    // Act
    raw.send(&format!("{hot}{hot}{routed}{hot}")).await;
    let answers = raw.answers(4).await;
    // Assert
    for answer in &answers {
        assert_eq!(answer.status(), "304", "{answer:?}");
        assert_eq!(answer.head, answers[2].head, "the wire's 304 and hyper's differ");
        assert!(answer.body.is_empty());
    }
    assert_eq!(answers[0].header("etag"), Some(etag.as_str()));
    assert!(
        answers[0].header("content-security-policy").is_some(),
        "{:?}",
        answers[0]
    );
}

#[tokio::test]
async fn a_request_split_or_stale_on_a_polling_connection_is_answered_in_order() {
    // Arrange
    let (_app, etag, mut raw) = polling_app().await;
    let hot = conditional("/api/edition", &etag);
    // Act: a 304; then a request cut in two; then a stale tag and a 404 sent together.
    let first = raw.poll(&etag).await;
    raw.send(&hot[..20]).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    raw.send(&hot[20..]).await;
    let split = raw.answers(1).await;
    let stale = conditional("/api/edition", "\"2013-0\"");
    raw.send(&format!(
        "{stale}GET /api/nulle-part HTTP/1.1\r\nHost: agir\r\n\r\n{hot}"
    ))
    .await;
    let rest = raw.answers(3).await;
    // Assert
    assert_eq!(first.status(), "304");
    assert_eq!(split[0].status(), "304");
    assert_eq!(rest[0].status(), "200");
    assert_eq!(rest[0].header("etag"), Some(etag.as_str()));
    assert!(!rest[0].body.is_empty());
    assert_eq!(rest[1].status(), "404");
    assert_eq!(rest[2].status(), "304");
}

#[tokio::test]
async fn connections_that_got_304s_learn_of_a_new_revision() {
    // Arrange: more connections than worker threads, each with a 304 of the first revision.
    let app = spawn_app().await;
    let (mut doc, old) = app.edition().await;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut polling = Vec::new();
    for _ in 0..threads * 2 {
        let mut raw = Raw::open(&app).await;
        assert_eq!(raw.poll(&old).await.status(), "304");
        polling.push(raw);
    }
    // Act: a revision is published while they stay open; each asks again, then new
    // connections ask with the new tag.
    doc["event"]["subtitle"] = "Programme revu".into();
    assert_eq!(app.put_edition(&old, &doc).await.status(), StatusCode::OK);
    let mut changed = Vec::new();
    for raw in &mut polling {
        changed.push(raw.poll(&old).await);
    }
    let new = changed[0].header("etag").unwrap().to_owned();
    let mut unchanged = Vec::new();
    for _ in 0..threads * 2 {
        unchanged.push(Raw::open(&app).await.poll(&new).await);
    }
    // Assert
    assert_ne!(new, old);
    for answer in &changed {
        assert_eq!((answer.status(), answer.header("etag")), ("200", Some(new.as_str())));
    }
    for answer in &unchanged {
        assert_eq!((answer.status(), answer.header("etag")), ("304", Some(new.as_str())));
    }
}
