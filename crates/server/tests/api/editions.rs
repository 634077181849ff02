//! Reading editions: ETags and 304, the list of editions, the changes feed's `since`, compression.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, demo_as, header_of, spawn_app};

#[tokio::test]
async fn edition_has_a_strong_etag_and_revalidates_with_304() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let first = app.get("/api/edition").await;
    let etag = header_of(&first, "etag");
    let again = app.revalidate("/api/edition", &etag).await;
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
async fn editions_are_listed_newest_first_and_a_new_one_is_not_shown_by_itself() {
    // Arrange
    let app = spawn_app().await;
    let created = app.create_edition(&demo_as("2014", "2014-10-07")).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    // Act
    let list: Value = app.get("/api/editions").await.json().await.unwrap();
    let by_slug = app.get("/api/editions/2013").await;
    // Assert
    assert_eq!(list[0]["edition"], "2014");
    assert_eq!(
        list[0]["current"], false,
        "a new edition waits for the organizers' choice"
    );
    assert_eq!(list[1]["edition"], "2013");
    assert_eq!(list[1]["current"], true);
    assert_eq!(list[1]["revision"], 1);
    assert_eq!(header_of(&by_slug, "etag"), "\"2013-1\"");
    assert_eq!(
        app.edition().await.1,
        "\"2013-1\"",
        "attendees keep the edition they had"
    );
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
    for query in ["", "?since=abc", "?since=0", "?since=-1"] {
        let body = assert_error(
            app.get(&format!("/api/changes{query}")).await,
            StatusCode::BAD_REQUEST,
            "invalid_since",
        )
        .await;
        assert!(body["message"].as_str().unwrap().contains("révision"), "{body}");
    }
    // Well formed but not published (yet): not found, as the description says.
    assert_error(
        app.get("/api/changes?since=2").await,
        StatusCode::NOT_FOUND,
        "revision_not_found",
    )
    .await;
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
