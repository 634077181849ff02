//! A hostile organizer's `javascript:` address: refused by `PUT /api/admin/edition` with a
//! 422 naming the field, and nothing published (found by a hostile-organizer review: a
//! stand website `javascript:alert(4)` was accepted and rendered as a link).

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{assert_error, assert_matches_openapi, spawn_app};

#[tokio::test]
async fn a_javascript_address_is_refused_and_nothing_is_published() {
    // Arrange
    let app = spawn_app().await;
    let (mut doc, etag) = app.edition().await;
    let before = doc["revision"].clone();
    doc["stands"][3]["website"] = Value::from("javascript:alert(4)");
    doc["event"]["contact"]["website"] = Value::from("data:text/html,<script>alert(4)</script>");
    // Act
    let refused = app.put_edition(&etag, &doc).await;
    // Assert
    let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_matches_openapi("/api/admin/edition", "put", "422", &body);
    let details: Vec<(&str, &str)> = body["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert!(
        details.contains(&(
            "/stands/3/website",
            "Adresse refusée « javascript:alert(4) » : seule une adresse qui commence par https:// ou http:// est acceptée."
        )),
        "{details:#?}"
    );
    assert!(
        details.iter().any(|(path, _)| *path == "/event/contact/website"),
        "{details:#?}"
    );
    let (after, etag_after) = app.edition().await;
    assert_eq!(after["revision"], before, "nothing published");
    assert_eq!(etag_after, etag);
    assert!(!after.to_string().contains("javascript:"));
}

#[tokio::test]
async fn an_https_address_is_published() {
    // Arrange
    let app = spawn_app().await;
    let (mut doc, etag) = app.edition().await;
    doc["stands"][3]["website"] = Value::from("https://www.una.fr/49");
    // Act
    let written = app.put_edition(&etag, &doc).await;
    // Assert
    assert_eq!(written.status(), StatusCode::OK);
    let (after, _) = app.edition().await;
    assert_eq!(after["stands"][3]["website"], "https://www.una.fr/49");
}
