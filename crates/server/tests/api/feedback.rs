//! Visitors' feedback: idempotent keys, validation per field, body size and rate limits.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, detail_paths, header_of, key, spawn_app, spawn_app_with, Options, TestApp};

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
