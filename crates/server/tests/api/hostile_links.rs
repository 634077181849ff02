//! A hostile organizer's `javascript:` address: refused by `PUT /api/admin/edition` with a
//! 422 naming the field, and nothing published (found by a hostile-organizer review: a
//! stand website `javascript:alert(4)` was accepted and rendered as a link).

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{assert_error, assert_matches_openapi, spawn_app, start_in, Options};

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

#[tokio::test]
async fn an_address_stored_before_the_rule_is_shown_as_text_not_a_link() {
    // Arrange: a database written before websites had to be http(s).
    let app = spawn_app().await;
    let (doc, _) = app.edition().await;
    let stand = doc["stands"][3]["id"].as_str().unwrap().to_owned();
    let dir = app.stop().await;
    let pool =
        sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(dir.path().join("agir.db")))
            .await
            .unwrap();
    sqlx::query(
        "UPDATE revisions SET document = json_set(document, \
         '$.stands[3].website', 'javascript:alert(4)', \
         '$.event.contact.website', 'data:text/html,x')",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let app = start_in(dir, Options::default()).await;
    // Act
    let sheet = app.get(&format!("/village/{stand}")).await.text().await.unwrap();
    let infos = app.get("/infos").await.text().await.unwrap();
    // Assert: the first HTML draws a link only for a web address, as the app does.
    assert!(
        sheet.contains("<h1") || sheet.contains("<h2"),
        "the stand's page is served"
    );
    for page in [&sheet, &infos] {
        assert!(!page.contains("href=\"javascript:"), "no javascript: link");
        assert!(!page.contains("href=\"data:"), "no data: link");
    }
}
