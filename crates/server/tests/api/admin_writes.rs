//! Organizers' writes: validation with JSON paths, revisions and `If-Match`, session edits,
//! rollback, and the feedback export.

use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    assert_error, assert_matches_openapi, change_kinds, cli, detail_paths, header_of, key, run, spawn_app,
    FIRST_SESSION,
};

#[tokio::test]
async fn an_invalid_document_is_refused_with_paths_and_nothing_changes() {
    // Arrange
    let app = spawn_app().await;
    let (before, etag) = app.edition().await;
    let mut broken = before.clone();
    broken["sessions"][3]["place"] = "nulle-part".into();
    broken["sessions"][1]["end"] = "2013-10-08T06:00:00+02:00".into();
    // Act
    let response = app.put_edition(&etag, &broken).await;
    // Assert
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    let paths = detail_paths(&body);
    assert!(paths.contains(&"/sessions/3/place"), "{paths:?}");
    assert!(paths.contains(&"/sessions/1/end"), "{paths:?}");
    let (after, etag_after) = app.edition().await;
    assert_eq!(etag_after, etag);
    assert_eq!(after, before);
}

#[tokio::test]
async fn a_misspelt_field_is_refused_rather_than_silently_dropped() {
    // Arrange
    let app = spawn_app().await;
    let (before, etag) = app.edition().await;
    let mut edited = before.clone();
    edited["sessions"][2]["descripton"] = "Une description qui serait perdue".into();
    // Act
    let response = app.put_edition(&etag, &edited).await;
    let check = {
        let file = app.dir.path().join("faute.json");
        std::fs::write(&file, edited.to_string()).unwrap();
        run(cli().arg("check").arg(&file)).await
    };
    // Assert
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_eq!(detail_paths(&body), ["/sessions/2/descripton"]);
    let (after, etag_after) = app.edition().await;
    assert_eq!((after, etag_after), (before, etag));
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(check.stdout.contains("/sessions/2/descripton"), "{}", check.stdout);
}

#[tokio::test]
async fn a_structurally_broken_document_names_the_json_path() {
    // Arrange
    let app = spawn_app().await;
    let (mut doc, etag) = app.edition().await;
    doc["sessions"][1]["start"] = "demain matin".into();
    // Act
    let response = app.put_edition(&etag, &doc).await;
    let not_json = app
        .admin(Method::PUT, "/api/admin/edition")
        .header(header::IF_MATCH, &etag)
        .header(header::CONTENT_TYPE, "text/plain")
        .body("bonjour")
        .send()
        .await
        .unwrap();
    // Assert
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_eq!(detail_paths(&body), ["/sessions/1/start"]);
    assert_error(not_json, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type").await;
}

#[tokio::test]
async fn a_valid_put_publishes_the_next_revision() {
    // Arrange
    let app = spawn_app().await;
    let (mut doc, etag) = app.edition().await;
    doc["sessions"][0]["title"] = "Les seniors et le bénévolat".into();
    doc["revision"] = 99.into();
    // Act
    let response = app.put_edition(&etag, &doc).await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, "etag"), "\"2013-2\"");
    let written: Value = response.json().await.unwrap();
    assert_eq!(written["edition"], "2013");
    assert_eq!(written["revision"], 2, "the number is the server's, not the client's");
    let (served, served_etag) = app.edition().await;
    assert_eq!(served_etag, "\"2013-2\"");
    assert_eq!(served["sessions"][0]["title"], "Les seniors et le bénévolat");
    let changes: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_eq!(changes["changes"][0]["kind"], "title");
}

#[tokio::test]
async fn writes_without_if_match_are_refused_with_428() {
    // Arrange
    let app = spawn_app().await;
    let (doc, etag) = app.edition().await;
    // Act
    let put = app
        .admin(Method::PUT, "/api/admin/edition")
        .json(&doc)
        .send()
        .await
        .unwrap();
    let patch = app
        .admin(Method::PATCH, &format!("/api/admin/sessions/{FIRST_SESSION}"))
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    let rollback = app.admin(Method::POST, "/api/admin/rollback/1").send().await.unwrap();
    let star = app
        .admin(Method::PATCH, &format!("/api/admin/sessions/{FIRST_SESSION}"))
        .header(header::IF_MATCH, "*")
        .json(&json!({"status": "cancelled"}))
        .send()
        .await
        .unwrap();
    // Assert
    for response in [put, patch, rollback, star] {
        assert_error(response, StatusCode::PRECONDITION_REQUIRED, "precondition_required").await;
    }
    assert_eq!(app.edition().await.1, etag);
}

#[tokio::test]
async fn a_second_organizer_with_a_stale_etag_gets_412() {
    // Arrange: both organizers read revision 1.
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    let first = app
        .patch_session(FIRST_SESSION, &etag, json!({"status": "cancelled"}))
        .await;
    assert_eq!(first.status(), StatusCode::OK);
    // Act
    let second = app
        .patch_session(FIRST_SESSION, &etag, json!({"place": "auditorium"}))
        .await;
    let rollback = app
        .admin(Method::POST, "/api/admin/rollback/1")
        .header(header::IF_MATCH, &etag)
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(header_of(&second, "etag"), "\"2013-2\"", "says which revision won");
    assert_error(second, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    assert_error(rollback, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    let (doc, etag_now) = app.edition().await;
    assert_eq!(etag_now, "\"2013-2\"");
    assert_eq!(
        doc["sessions"][0]["place"], "salle-du-conseil",
        "the stale edit did not land"
    );
}

#[tokio::test]
async fn moving_and_cancelling_show_in_the_changes_feed() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    // Act
    let moved = app
        .patch_session(
            FIRST_SESSION,
            &etag,
            json!({"start": "2013-10-08T10:30:00+02:00", "place": "auditorium"}),
        )
        .await;
    let moved_etag = header_of(&moved, "etag");
    let moved: Value = moved.json().await.unwrap();
    let cancelled = app
        .patch_session(FIRST_SESSION, &moved_etag, json!({"status": "cancelled"}))
        .await;
    // Assert
    assert_eq!(
        moved,
        json!({"edition": "2013", "revision": 2, "warnings": moved["warnings"]})
    );
    assert_eq!(cancelled.status(), StatusCode::OK);
    assert_eq!(header_of(&cancelled, "etag"), "\"2013-3\"");
    let changes: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_eq!((changes["from"].clone(), changes["to"].clone()), (json!(1), json!(3)));
    let kinds = change_kinds(&changes);
    assert_eq!(kinds, ["cancelled", "time", "place"]);
    let time = &changes["changes"][1];
    assert_eq!(time["session"], FIRST_SESSION);
    assert_eq!(
        time["after"], "2013-10-08T10:30:00+02:00/2013-10-08T12:30:00+02:00",
        "the duration is kept"
    );
    let (doc, _) = app.edition().await;
    assert_eq!(doc["sessions"][0]["status"], "cancelled");
    let since_two: Value = app.get("/api/changes?since=2").await.json().await.unwrap();
    assert_eq!(since_two["changes"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn patch_refuses_unknown_sessions_fields_and_invalid_results() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    // Act
    let unknown = app
        .patch_session("pas-de-seance", &etag, json!({"status": "cancelled"}))
        .await;
    let bad_field = app
        .patch_session(FIRST_SESSION, &etag, json!({"salle": "auditorium"}))
        .await;
    let bad_place = app
        .patch_session(FIRST_SESSION, &etag, json!({"place": "grenier"}))
        .await;
    let backwards = app
        .patch_session(FIRST_SESSION, &etag, json!({"end": "2013-10-08T09:00:00+02:00"}))
        .await;
    let bad_time = app.patch_session(FIRST_SESSION, &etag, json!({"start": "10h30"})).await;
    // Assert
    assert_error(unknown, StatusCode::NOT_FOUND, "session_not_found").await;
    assert_error(bad_field, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    let body = assert_error(bad_place, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_eq!(detail_paths(&body), ["/sessions/0/place"]);
    let body = assert_error(backwards, StatusCode::UNPROCESSABLE_ENTITY, "invalid_document").await;
    assert_eq!(detail_paths(&body), ["/sessions/0/end"]);
    let body = assert_error(bad_time, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    assert_eq!(detail_paths(&body), ["/start"]);
    assert_eq!(app.edition().await.1, etag, "nothing changed");
}

#[tokio::test]
async fn rollback_publishes_an_old_revision_as_a_new_one() {
    // Arrange
    let app = spawn_app().await;
    let (original, etag) = app.edition().await;
    let r2 = app
        .patch_session(FIRST_SESSION, &etag, json!({"status": "cancelled"}))
        .await;
    let etag2 = header_of(&r2, "etag");
    // Act
    let response = app
        .admin(Method::POST, "/api/admin/rollback/1")
        .header(header::IF_MATCH, &etag2)
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header_of(&response, "etag"), "\"2013-3\"");
    let written: Value = response.json().await.unwrap();
    assert_matches_openapi("/api/admin/rollback/{rev}", "post", "200", &written);
    let (doc, _) = app.edition().await;
    let mut expected = original.clone();
    expected["revision"] = 3.into();
    assert_eq!(doc, expected, "revision 1's content, numbered 3");
    let changes: Value = app.get("/api/changes?since=2").await.json().await.unwrap();
    assert_eq!(changes["changes"][0]["kind"], "cancelled");
    assert_eq!(changes["changes"][0]["after"], "scheduled");
    let unknown = app
        .admin(Method::POST, "/api/admin/rollback/42")
        .header(header::IF_MATCH, "\"2013-3\"")
        .send()
        .await
        .unwrap();
    assert_error(unknown, StatusCode::NOT_FOUND, "revision_not_found").await;
}

#[tokio::test]
async fn feedback_export_is_json_or_csv() {
    // Arrange
    let app = spawn_app().await;
    let k = key();
    app.feedback(&json!({"target": FIRST_SESSION, "rating": 4, "comment": "Bien, \"vraiment\" ; merci", "key": k}))
        .await;
    app.feedback(&json!({"target": "day", "rating": 2, "comment": "=cmd|' /C calc'!A0", "key": key()}))
        .await;
    // Act
    let rows = app.feedback_rows().await;
    let sheet = app.admin_csv("/api/admin/feedback").await;
    // Assert
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["key"], k);
    assert_eq!(rows[0]["target"], FIRST_SESSION);
    assert_eq!(rows[0]["rating"], 4);
    assert_eq!(
        sheet.headers,
        [
            "Reçu le",
            "Édition",
            "Séance",
            "Titre de la séance",
            "Note",
            "Commentaire",
            "Clé"
        ]
    );
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.cell(0, "Séance"), FIRST_SESSION);
    assert_eq!(
        sheet.cell(0, "Titre de la séance"),
        "« Quels enjeux et place des seniors dans le bénévolat ? »"
    );
    assert_eq!(sheet.cell(0, "Note"), "4");
    assert_eq!(sheet.cell(0, "Commentaire"), "Bien, \"vraiment\" ; merci");
    assert_eq!(sheet.cell(0, "Clé"), k);
    assert_eq!(sheet.cell(1, "Séance"), "");
    assert_eq!(sheet.cell(1, "Titre de la séance"), "Toute la journée");
    assert_eq!(
        sheet.cell(1, "Commentaire"),
        "'=cmd|' /C calc'!A0",
        "a formula is defused"
    );
}
