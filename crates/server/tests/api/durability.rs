//! Durability: a restart keeps what was acknowledged; the database is WAL with synchronous=FULL.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{key, spawn_app, FIRST_SESSION};

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
