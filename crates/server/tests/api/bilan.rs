//! The organizers' bilan: answers per question, interest beside quick ratings, attendance;
//! organizers only; and the answers as a CSV file a spreadsheet opens, read back here by a
//! CSV reader that is not our writer.

use agir_server::accounts::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_matches_openapi, key, spawn_app};

#[tokio::test]
async fn the_bilan_counts_answers_ratings_interest_and_attendance() {
    // Arrange
    let app = spawn_app().await;
    for (journee, revenir) in [(5, "Oui"), (4, "Oui"), (2, "Peut-être")] {
        let sent = app
            .respond(&json!({"key": key(), "version": 1, "answers": {"journee": journee, "revenir": revenir}}))
            .await;
        assert_eq!(sent.status(), StatusCode::CREATED);
    }
    for (target, rating) in [("ouverture", 4), ("ouverture", 5), ("conclusion", 2), ("day", 1)] {
        app.feedback(&json!({"target": target, "rating": rating, "key": key()}))
            .await;
    }
    app.interest("appareil-0123456789", &json!({"sessions": ["conclusion"]}))
        .await;
    // Act
    let bilan = app.bilan().await;
    // Assert
    assert_matches_openapi("/api/admin/bilan", "get", "200", &bilan);
    assert_eq!(bilan["edition"], "2013");
    assert_eq!(bilan["responses"], 3);
    assert_eq!(bilan["attendance"], 1155);
    let journee = &bilan["questions"][0];
    assert_eq!(journee["id"], "journee");
    assert_eq!(journee["answered"], 3);
    assert_eq!(journee["detail"]["kind"], "scale");
    assert_eq!(journee["detail"]["counts"], json!([0, 1, 0, 1, 1]));
    assert_eq!(journee["detail"]["median"], 4.0);
    let revenir = bilan["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "revenir")
        .unwrap();
    assert_eq!(
        revenir["detail"],
        json!({"kind": "options", "counts": [["Oui", 2], ["Peut-être", 1], ["Non", 0]]})
    );
    let sessions = bilan["sessions"].as_array().unwrap();
    let line = |id: &str| sessions.iter().find(|s| s["id"] == id).unwrap();
    assert_eq!(sessions[0]["id"], "conclusion", "the most wanted first");
    assert_eq!(
        (
            line("conclusion")["interest"].clone(),
            line("conclusion")["ratings"].clone()
        ),
        (json!(1), json!(1))
    );
    assert_eq!(line("ouverture")["ratings"], 2);
    assert_eq!(line("ouverture")["mean"], 4.5);
    assert!(line("ouverture")["title"].as_str().unwrap().starts_with("Ouverture"));
    assert_eq!(sessions.len(), 10, "every session of the programme");
}

#[tokio::test]
async fn a_moderator_cannot_read_the_bilan_an_organizer_can() {
    // Arrange
    let app = spawn_app().await;
    let moderator = app.signed_in("Inès Leroy", "ines@ville.fr", Role::Moderation).await;
    let organizer = app
        .signed_in("Claire Martin", "claire@ville.fr", Role::Organisateur)
        .await;
    // Act
    let refused = moderator.get("/api/admin/bilan").await;
    let refused_csv = moderator
        .request(reqwest::Method::GET, "/api/admin/bilan")
        .header("accept", "text/csv")
        .send()
        .await
        .unwrap();
    let read = organizer.get("/api/admin/bilan?edition=2013").await;
    let anonymous = app.get("/api/admin/bilan").await;
    let unknown = organizer.get("/api/admin/bilan?edition=1999").await;
    // Assert
    assert_error(refused, StatusCode::FORBIDDEN, "forbidden").await;
    assert_error(refused_csv, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(read.status(), StatusCode::OK);
    assert_eq!(read.json::<Value>().await.unwrap()["responses"], 0);
    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(unknown, StatusCode::NOT_FOUND, "edition_not_found").await;
}

#[tokio::test]
async fn the_answers_csv_opens_in_a_spreadsheet_with_french_headers_and_no_formula() {
    // Arrange: hostile and awkward texts, and a question of several choices in version 2.
    let app = spawn_app().await;
    let hostile = "=cmd|' /C calc'!A0";
    let awkward = "Bien ; très « bien », \"vraiment\"\nÀ refaire.";
    for comment in [hostile, awkward, "+33 6 12 34 56 78", "@SOMME(A1:A9)"] {
        let sent = app
            .respond(&json!({"key": key(), "version": 1, "answers": {"journee": 4, "commentaire": comment}}))
            .await;
        assert_eq!(sent.status(), StatusCode::CREATED);
    }
    let (mut doc, etag) = app.edition().await;
    doc["questionnaire"]["version"] = 2.into();
    doc["questionnaire"]["questions"][5] = json!({
        "id": "revenir", "text": "Reviendrez-vous l'an prochain ?", "kind": "choices",
        "options": ["Oui, seul", "Oui, avec d'autres", "Non"]
    });
    assert_eq!(app.put_edition(&etag, &doc).await.status(), StatusCode::OK);
    let sent = app
        .respond(&json!({"key": key(), "version": 2, "answers": {"journee": 5, "revenir": ["Oui, seul", "Oui, avec d'autres"]}}))
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    // Act
    let sheet = app.admin_csv("/api/admin/bilan").await;
    // Assert
    assert_eq!(
        sheet.headers,
        [
            "Reçue le",
            "Version",
            "Dans l'ensemble, êtes-vous satisfait de la journée ?",
            "La qualité des interventions",
            "Le temps laissé aux échanges avec le public",
            "Le village des solidarités",
            "L'organisation (accueil, horaires, lieux)",
            "Reviendrez-vous l'an prochain ? (version 2)",
            "Un mot pour les organisateurs ?",
            "Reviendrez-vous l'an prochain ? (version 1)",
        ]
    );
    assert_eq!(sheet.rows.len(), 5, "one line per response");
    let comment = "Un mot pour les organisateurs ?";
    assert_eq!(sheet.cell(0, comment), format!("'{hostile}"), "a formula is defused");
    assert_eq!(sheet.cell(1, comment), awkward, "separators, quotes and lines survive");
    assert_eq!(sheet.cell(2, comment), "'+33 6 12 34 56 78");
    assert_eq!(sheet.cell(3, comment), "'@SOMME(A1:A9)");
    for row in &sheet.rows {
        assert!(
            row.iter().all(|cell| !cell.starts_with(['=', '+', '-', '@'])),
            "{row:?}"
        );
    }
    assert_eq!(sheet.cell(0, "Version"), "1");
    assert_eq!(
        sheet.cell(0, "Dans l'ensemble, êtes-vous satisfait de la journée ?"),
        "4"
    );
    assert_eq!(sheet.cell(4, "Version"), "2");
    assert_eq!(
        sheet.cell(4, "Reviendrez-vous l'an prochain ? (version 2)"),
        "Oui, seul ; Oui, avec d'autres"
    );
    assert_eq!(sheet.cell(4, comment), "");
    let received = sheet.cell(0, "Reçue le");
    assert!(
        chrono::NaiveDateTime::parse_from_str(received, "%Y-%m-%d %H:%M:%S").is_ok(),
        "a local time a spreadsheet reads: {received}"
    );
}
