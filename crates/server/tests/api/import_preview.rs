//! The import preview (`POST /api/admin/import`): a published programme read and checked
//! with nothing published, files that cannot be read refused with what is wrong, and only
//! organizers let in.

use agir_server::accounts::Role;
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    assert_error, assert_matches_openapi, calendar_fixture, demo, demo_text, detail_paths, fixture, spawn_app, Browser,
    TestApp,
};

const CLAIRE: &str = "claire.martin@ville-angers.fr";

/// `POST /api/admin/import[?edition=…]` from a signed-in browser, the file as a browser's
/// file input sends it.
async fn preview(browser: &Browser, edition: Option<&str>, content_type: &str, file: Vec<u8>) -> reqwest::Response {
    let mut request = browser
        .request(Method::POST, "/api/admin/import")
        .header(header::CONTENT_TYPE, content_type);
    if let Some(edition) = edition {
        request = request.query(&[("edition", edition)]);
    }
    request.body(file).send().await.unwrap()
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// The `GET /api/editions` answer, to show nothing was published.
async fn listed(app: &TestApp) -> Value {
    app.get("/api/editions").await.json().await.unwrap()
}

#[tokio::test]
async fn a_frab_schedule_is_previewed_with_its_warnings_and_nothing_is_published() {
    // Arrange
    let app = spawn_app().await;
    let claire = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let before = listed(&app).await;
    // Act
    let response = preview(&claire, Some("debconf-2023"), "application/xml", read("debconf23.xml")).await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_matches_openapi("/api/admin/import", "post", "200", &body);
    assert_eq!(body["format"], "programme frab (schedule.xml)");
    assert_eq!(body["edition"]["edition"], "debconf-2023", "the slug asked for");
    assert_eq!(body["edition"]["sessions"].as_array().unwrap().len(), 117);
    assert_eq!(body["exists"], false);
    assert_eq!(body["errors"], json!([]));
    assert_eq!(
        detail_paths(&json!({"details": body["warnings"]})),
        ["/event/venue/name"]
    );
    assert!(
        body["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Lieu à préciser"),
        "{body}"
    );
    assert_eq!(listed(&app).await, before, "nothing published");
    assert_error(
        app.get("/api/editions/debconf-2023").await,
        StatusCode::NOT_FOUND,
        "edition_not_found",
    )
    .await;
}

#[tokio::test]
async fn the_previewed_edition_is_published_as_is_with_put() {
    // Arrange: a C3VOC schedule.json, previewed with the token as a script would.
    let app = spawn_app().await;
    let response = app
        .admin(Method::POST, "/api/admin/import")
        .body(read("pretalx-democon.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let previewed: Value = response.json().await.unwrap();
    assert_eq!(previewed["format"], "programme C3VOC (schedule.json)");
    assert_eq!(previewed["edition"]["edition"], "democon", "named after the conference");
    assert_eq!(previewed["warnings"].as_array().unwrap().len(), 2, "{previewed}");
    // Act
    let published = app.create_edition(&previewed["edition"]).await;
    // Assert
    assert_eq!(published.status(), StatusCode::CREATED);
    let served: Value = app.get("/api/editions/democon").await.json().await.unwrap();
    assert_eq!(served["sessions"], previewed["edition"]["sessions"]);
    assert_eq!(served["revision"], 1);
}

#[tokio::test]
async fn an_existing_edition_or_an_invalid_one_is_previewed_all_the_same() {
    // Arrange
    let app = spawn_app().await;
    let claire = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let mut broken = demo();
    broken["sessions"][3]["place"] = "nulle-part".into();
    // Act
    let again = preview(&claire, None, "application/json", demo_text().into_bytes()).await;
    let invalid = preview(&claire, Some("2014"), "text/plain", broken.to_string().into_bytes()).await;
    // Assert
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["format"], "document d'édition Agir ensemble (JSON)");
    assert_eq!(again["edition"]["edition"], "2013");
    assert_eq!(again["exists"], true, "the console warns before replacing 2013");
    assert_eq!(again["errors"], json!([]));
    let invalid: Value = invalid.json().await.unwrap();
    assert_matches_openapi("/api/admin/import", "post", "200", &invalid);
    assert_eq!(invalid["edition"]["edition"], "2014");
    assert_eq!(invalid["exists"], false);
    assert_eq!(
        detail_paths(&json!({"details": invalid["errors"]})),
        ["/sessions/3/place"]
    );
    assert_eq!(app.edition().await.1, "\"2013-1\"", "nothing published");
}

#[tokio::test]
async fn a_calendar_is_previewed_with_what_it_could_not_say() {
    // Arrange
    let app = spawn_app().await;
    let claire = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    // Act: the file as a browser sends it (its bytes, whatever their type).
    let response = preview(
        &claire,
        Some("ess-2024"),
        "text/calendar",
        std::fs::read(calendar_fixture()).unwrap(),
    )
    .await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_matches_openapi("/api/admin/import", "post", "200", &body);
    assert_eq!(body["format"], "agenda iCalendar (.ics)");
    assert_eq!(body["edition"]["edition"], "ess-2024");
    assert_eq!(body["edition"]["sessions"].as_array().unwrap().len(), 12);
    assert_eq!(body["errors"], json!([]));
    assert_eq!(
        detail_paths(&json!({"details": body["warnings"]})),
        [
            "/VCALENDAR/VEVENT[4]/RRULE",
            "/VCALENDAR/VEVENT[11]/DTSTART",
            "/event/venue/name"
        ]
    );
}

#[tokio::test]
async fn a_file_that_cannot_be_read_is_refused_naming_the_problem() {
    // Arrange
    let app = spawn_app().await;
    let claire = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let before = listed(&app).await;
    // Act
    let garbage = preview(&claire, None, "text/plain", b"Programme : 10 h accueil".to_vec()).await;
    let html = preview(&claire, None, "text/html", b"<!DOCTYPE html><html><body>".to_vec()).await;
    let wrong_types = preview(&claire, None, "application/json", read("invalid-example.json")).await;
    let latin1 = preview(
        &claire,
        None,
        "application/xml",
        b"<schedule>\n<title>Journ\xe9e</title>".to_vec(),
    )
    .await;
    let empty = preview(&claire, None, "application/xml", Vec::new()).await;
    let bad_slug = preview(&claire, Some("édition 2014"), "application/xml", read("debconf23.xml")).await;
    // Assert
    let body = assert_error(garbage, StatusCode::UNPROCESSABLE_ENTITY, "unreadable_file").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Ce fichier n'est ni un document d'édition"),
        "{body}"
    );
    assert_eq!(detail_paths(&body), ["/"]);
    let body = assert_error(html, StatusCode::UNPROCESSABLE_ENTITY, "unreadable_file").await;
    assert!(body["message"].as_str().unwrap().contains("<html>"), "{body}");
    let body = assert_error(wrong_types, StatusCode::UNPROCESSABLE_ENTITY, "unreadable_file").await;
    assert_eq!(
        body["message"],
        "Ce fichier est un programme C3VOC (schedule.json), mais il ne peut pas être lu : 2 erreurs à corriger."
    );
    assert_eq!(
        detail_paths(&body),
        [
            "/schedule/conference/days/0/rooms/Winterchaos/0/id",
            "/schedule/conference/days/0/rooms/Winterchaos/0/persons/0/id"
        ]
    );
    let body = assert_error(latin1, StatusCode::UNPROCESSABLE_ENTITY, "unreadable_file").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("pas du texte en UTF-8 (premier caractère illisible ligne 2)"),
        "{body}"
    );
    let body = assert_error(empty, StatusCode::BAD_REQUEST, "empty_body").await;
    assert!(
        body["message"].as_str().unwrap().starts_with("Aucun fichier reçu"),
        "{body}"
    );
    let body = assert_error(bad_slug, StatusCode::BAD_REQUEST, "invalid_edition").await;
    assert!(
        body["message"].as_str().unwrap().contains("caractère interdit"),
        "{body}"
    );
    assert_eq!(listed(&app).await, before, "nothing published");
}

#[tokio::test]
async fn only_organizers_preview_an_import() {
    // Arrange
    let app = spawn_app().await;
    let ines = app.signed_in("Inès Leroy", "ines@ville.fr", Role::Moderation).await;
    let claire = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let file = read("debconf23.xml");
    // Act
    let moderator = preview(&ines, None, "application/xml", file.clone()).await;
    let signed_out = preview(&app.browser(), None, "application/xml", file.clone()).await;
    let elsewhere = claire
        .raw(Method::POST, "/api/admin/import")
        .header(header::ORIGIN, "https://autre-site.example")
        .body(file)
        .send()
        .await
        .unwrap();
    // Assert
    assert_error(moderator, StatusCode::FORBIDDEN, "forbidden").await;
    assert_error(signed_out, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(elsewhere, StatusCode::FORBIDDEN, "bad_origin").await;
}
