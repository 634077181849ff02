//! Stopping and slow clients: SIGTERM lets a request in flight finish and ends the question
//! streams cleanly, the process exiting 0 within its bound; a body or headers trickled a
//! byte at a time are cut within the request's bound, while a question stream, open far
//! longer than that bound, keeps receiving.

use std::time::{Duration, Instant};

use agir_server::store::Store;
use serde_json::json;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::{
    cli_serve::{serve_process, terminate},
    helpers::{key, prepare_dir, spawn_app_with, Options, TestApp},
    questions_helpers::{public_stream, DEBATE, PHONE_A},
};

/// The head of `POST /api/feedback` for a body of `len` bytes.
fn feedback_head(host: &str, len: usize) -> String {
    format!(
        "POST /api/feedback HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Content-Length: {len}\r\nConnection: close\r\n\r\n"
    )
}

/// A server whose requests have `secs` seconds, headers and body included.
async fn impatient_app(secs: u64) -> TestApp {
    spawn_app_with(Options {
        request_timeout: Duration::from_secs(secs),
        ..Options::default()
    })
    .await
}

/// Everything the server sends until it closes the connection, or what came by `wait`.
async fn read_all(stream: &mut TcpStream, wait: Duration) -> String {
    let mut bytes = Vec::new();
    let _ = tokio::time::timeout(wait, stream.read_to_end(&mut bytes)).await;
    String::from_utf8_lossy(&bytes).into_owned()
}

#[tokio::test]
async fn sigterm_lets_a_slow_request_finish_then_exits_zero() {
    // Arrange: a real process, and an opinion whose body is half sent.
    let dir = prepare_dir();
    let (mut child, url) = serve_process(dir.path()).await;
    let host = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let k = key();
    let body = json!({"target": "day", "rating": 4, "key": k}).to_string();
    let mut stream = TcpStream::connect(&host).await.unwrap();
    stream
        .write_all(feedback_head(&host, body.len()).as_bytes())
        .await
        .unwrap();
    stream.write_all(&body.as_bytes()[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Act: SIGTERM while the request is in flight, the rest of its body a second later.
    let started = Instant::now();
    let stopping = tokio::spawn(async move {
        let status = terminate(&mut child).await;
        (status, started.elapsed())
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    let refused_meanwhile = TcpStream::connect(&host).await.is_err();
    stream.write_all(&body.as_bytes()[10..]).await.unwrap();
    let answer = read_all(&mut stream, Duration::from_secs(10)).await;
    let (status, took) = stopping.await.unwrap();
    // Assert
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(refused_meanwhile, "no new connection once the stop is asked");
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(10), "stopped in {took:?}");
    let store = Store::open(&dir.path().join("agir.db")).await.unwrap();
    assert!(store.feedback(&k).await.unwrap().is_some(), "the opinion is stored");
    store.close().await;
}

#[tokio::test]
async fn sigterm_ends_an_open_question_stream_cleanly() {
    // Arrange: a real process and a stream open on the debate.
    let dir = prepare_dir();
    let (mut child, url) = serve_process(dir.path()).await;
    let mut stream = reqwest::get(format!("{url}api/sessions/{DEBATE}/questions/flux"))
        .await
        .unwrap();
    let first = tokio::time::timeout(Duration::from_secs(10), stream.chunk())
        .await
        .expect("the stream sends its first event")
        .unwrap();
    assert!(first.is_some());
    // Act
    let started = Instant::now();
    let status = terminate(&mut child).await;
    let took = started.elapsed();
    let mut rest = Vec::new();
    let ended = loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.chunk()).await {
            Ok(Ok(Some(chunk))) => rest.extend_from_slice(&chunk),
            Ok(Ok(None)) => break Ok(()),
            Ok(Err(e)) => break Err(e.to_string()),
            Err(_) => break Err("still open".into()),
        }
    };
    // Assert: the end of the chunked body came, not a cut connection.
    assert_eq!(ended, Ok(()), "after {:?}", String::from_utf8_lossy(&rest));
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(10), "stopped in {took:?}");
}

#[tokio::test]
async fn a_body_trickled_a_byte_a_second_is_cut_within_the_bound() {
    // Arrange: requests have 2 s.
    let app = impatient_app(2).await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let body = json!({"target": "day", "rating": 4, "key": key()}).to_string();
    let mut stream = TcpStream::connect(&host).await.unwrap();
    stream
        .write_all(feedback_head(&host, body.len()).as_bytes())
        .await
        .unwrap();
    // Act: a byte a second, for as long as the server takes it.
    let started = Instant::now();
    for byte in body.as_bytes() {
        if stream.write_all(&[*byte]).await.is_err() || started.elapsed() > Duration::from_secs(8) {
            break;
        }
        let mut peek = [0u8; 1];
        if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_secs(1), stream.peek(&mut peek)).await {
            break;
        }
    }
    let answer = read_all(&mut stream, Duration::from_secs(3)).await;
    let took = started.elapsed();
    // Assert
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(5), "cut after {took:?}");
    assert!(app.feedback_rows().await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn headers_trickled_a_byte_a_second_are_cut_within_the_bound() {
    // Arrange
    let app = impatient_app(2).await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&host).await.unwrap();
    // Act
    let started = Instant::now();
    let mut closed = false;
    for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Lent: aaaaaaaaaaaaaaaaaaaa\r\n\r\n" {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        let mut peek = [0u8; 1];
        if let Ok(Ok(0 | 1)) = tokio::time::timeout(Duration::from_secs(1), stream.peek(&mut peek)).await {
            closed = true;
            break;
        }
    }
    let took = started.elapsed();
    let answer = read_all(&mut stream, Duration::from_secs(2)).await;
    // Assert: hyper closes the connection (or answers 408) once the headers are late.
    assert!(closed, "the connection was held for the whole trickle");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(took < Duration::from_secs(5), "cut after {took:?}");
}

#[tokio::test]
async fn a_question_stream_outlives_the_request_bound() {
    // Arrange: requests have 1 s; a stream is opened.
    let app = impatient_app(1).await;
    let mut stream = public_stream(&app, None).await;
    assert!(stream.next(Duration::from_secs(5)).await.is_some(), "the first event");
    // Act: three times the bound later, a question is asked and accepted.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let question = app.ask(PHONE_A, "Le flux est-il toujours ouvert ?").await;
    app.accept(question).await;
    // Assert: the stream, still open, says so.
    let event = stream.next(Duration::from_secs(5)).await;
    assert!(event.is_some(), "the stream ended or said nothing");
}

/// A connection that asked for the current edition with its tag and got its 304.
async fn polling_connection(host: &str) -> TcpStream {
    let mut stream = TcpStream::connect(host).await.unwrap();
    let ask = format!("GET /api/edition HTTP/1.1\r\nHost: {host}\r\nIf-None-Match: \"2013-1\"\r\n\r\n");
    stream.write_all(ask.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8; 1];
        let read = tokio::time::timeout(Duration::from_secs(5), stream.read_exact(&mut byte)).await;
        read.expect("an answer within 5 s").unwrap();
        head.push(byte[0]);
    }
    assert!(head.starts_with(b"HTTP/1.1 304"), "{}", String::from_utf8_lossy(&head));
    stream
}

#[tokio::test]
async fn an_idle_polling_connection_is_closed_after_the_header_bound() {
    // Arrange: headers have 1 s.
    let app = impatient_app(1).await;
    let host = app.base.trim_start_matches("http://").to_owned();
    let mut stream = polling_connection(&host).await;
    // Act: the client says nothing more.
    let started = Instant::now();
    let rest = read_all(&mut stream, Duration::from_secs(5)).await;
    let took = started.elapsed();
    // Assert
    assert!(rest.is_empty(), "{rest}");
    assert!(took >= Duration::from_millis(900), "closed after {took:?}");
    assert!(took < Duration::from_secs(3), "held for {took:?}");
}

#[tokio::test]
async fn sigterm_does_not_wait_for_an_idle_polling_connection() {
    // Arrange: a real process, whose stop bound is 10 s, and a connection between two polls.
    let dir = prepare_dir();
    let (mut child, url) = serve_process(dir.path()).await;
    let host = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    let mut stream = polling_connection(&host).await;
    // Act
    let started = Instant::now();
    let status = terminate(&mut child).await;
    let took = started.elapsed();
    let rest = read_all(&mut stream, Duration::from_secs(2)).await;
    // Assert
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(3), "stopped in {took:?}");
    assert!(rest.is_empty(), "{rest}");
}
