//! Attendees' answers to the questionnaire: stored once across retries, a reused key
//! refused, every refusal named by its path with nothing stored, answers to an older
//! version still taken, and the limits of body size and rate.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_error, assert_matches_openapi, demo_as, detail_paths, key, spawn_app, spawn_app_with, Options, TestApp,
};

fn answers(k: &str) -> Value {
    json!({
        "key": k,
        "edition": "2013",
        "version": 1,
        "answers": {"journee": 5, "revenir": "Oui", "commentaire": "Plus de temps pour les questions."}
    })
}

/// Publishes version 2 of the questionnaire: "journee" required, and a question of
/// several choices, "venu".
async fn publish_version_2(app: &TestApp) {
    let (mut doc, etag) = app.edition().await;
    let questionnaire = &mut doc["questionnaire"];
    questionnaire["version"] = 2.into();
    questionnaire["questions"][0]["required"] = true.into();
    questionnaire["questions"].as_array_mut().unwrap().push(json!({
        "id": "venu", "text": "Comment êtes-vous venu ?", "kind": "choices",
        "options": ["Tram", "Bus", "À pied"]
    }));
    let published = app.put_edition(&etag, &doc).await;
    assert_eq!(
        published.status(),
        StatusCode::OK,
        "{}",
        published.text().await.unwrap()
    );
}

#[tokio::test]
async fn answers_sent_twice_are_stored_once() {
    // Arrange
    let app = spawn_app().await;
    let k = key();
    // Act
    let first = app.respond(&answers(&k)).await;
    let first_status = first.status();
    let first_body: Value = first.json().await.unwrap();
    let retry = app.respond(&answers(&k)).await;
    // The same answers, written in another order and spacing, are the same answers.
    let respelled = app
        .client
        .post(app.url("/api/reponses"))
        .header("content-type", "application/json")
        .body(format!(
            r#"{{ "answers": {{ "commentaire": "Plus de temps pour les questions.", "revenir": "Oui", "journee": 5 }},
                 "version": 1, "edition": "2013", "key": "{k}" }}"#
        ))
        .send()
        .await
        .unwrap();
    // Assert
    assert_eq!(first_status, StatusCode::CREATED);
    assert_matches_openapi("/api/reponses", "post", "201", &first_body);
    assert_eq!(first_body["edition"], "2013");
    assert_eq!(first_body["version"], 1);
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(retry.json::<Value>().await.unwrap(), first_body, "the same answer");
    assert_eq!(respelled.status(), StatusCode::OK);
    let bilan = app.bilan().await;
    assert_eq!(bilan["responses"], 1);
    assert_eq!(bilan["questions"][0]["detail"]["counts"], json!([0, 0, 0, 0, 1]));
}

#[tokio::test]
async fn a_key_reused_for_other_answers_is_a_409_and_the_first_stand() {
    // Arrange
    let app = spawn_app().await;
    let k = key();
    app.respond(&answers(&k)).await;
    let mut other = answers(&k);
    other["answers"]["journee"] = 1.into();
    // Act
    let reused = app.respond(&other).await;
    // Assert
    assert_error(reused, StatusCode::CONFLICT, "idempotency_conflict").await;
    let bilan = app.bilan().await;
    assert_eq!(bilan["responses"], 1);
    assert_eq!(bilan["questions"][0]["detail"]["counts"], json!([0, 0, 0, 0, 1]));
}

#[tokio::test]
async fn each_refusal_names_its_path_and_stores_nothing() {
    // Arrange: version 2 has a required question and one of several choices.
    let app = spawn_app().await;
    publish_version_2(&app).await;
    let app = &app;
    let send = |version: u32, given: Value| {
        let body = json!({"key": key(), "edition": "2013", "version": version, "answers": given});
        async move { app.respond(&body).await }
    };
    // Act
    let unknown = send(2, json!({"journee": 4, "inconnue": 3})).await;
    let wrong_kind = send(2, json!({"journee": "très", "venu": "Tram", "revenir": 2})).await;
    let out_of_range = send(2, json!({"journee": 6, "village": 0, "interventions": 300})).await;
    let unknown_option = send(2, json!({"journee": 4, "revenir": "Jamais", "venu": ["Tram", "Vélo"]})).await;
    let required_missing = send(2, json!({"village": 4})).await;
    let other_version = send(7, json!({"journee": 4})).await;
    let too_long = send(2, json!({"journee": 4, "commentaire": "é".repeat(2001)})).await;
    let empty = send(1, json!({})).await;
    let bad_key = app
        .respond(&json!({"key": "pas-une-cle", "version": 2, "answers": {"journee": 4}}))
        .await;
    let fitting = send(2, json!({"journee": 4})).await;
    // Assert
    let paths = |body: &Value| detail_paths(body).into_iter().map(str::to_owned).collect::<Vec<_>>();
    let body = assert_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(paths(&body), ["/answers/inconnue"]);
    assert!(
        body["details"][0]["message"].as_str().unwrap().contains("n'existe pas"),
        "{body}"
    );
    let body = assert_error(wrong_kind, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(paths(&body), ["/answers/journee", "/answers/revenir", "/answers/venu"]);
    assert_eq!(
        body["details"][0]["message"],
        "La question « Dans l'ensemble, êtes-vous satisfait de la journée ? » attend une réponse de type échelle de 1 à 5."
    );
    let body = assert_error(out_of_range, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(
        paths(&body),
        ["/answers/interventions", "/answers/journee", "/answers/village"]
    );
    assert!(body["details"][1]["message"]
        .as_str()
        .unwrap()
        .contains("« 6 » n'est pas sur l'échelle"));
    let body = assert_error(unknown_option, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(paths(&body), ["/answers/revenir", "/answers/venu"]);
    let body = assert_error(required_missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(paths(&body), ["/answers/journee"]);
    assert!(body["details"][0]["message"]
        .as_str()
        .unwrap()
        .contains("demande une réponse"));
    let body = assert_error(other_version, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(paths(&body), ["/version"]);
    assert!(
        body["details"][0]["message"].as_str().unwrap().contains("version 7"),
        "{body}"
    );
    let body = assert_error(too_long, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(paths(&body), ["/answers/commentaire"]);
    let body = assert_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(paths(&body), ["/answers"]);
    let body = assert_error(bad_key, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(paths(&body), ["/key"]);
    assert_eq!(
        fitting.status(),
        StatusCode::CREATED,
        "the control: a fitting answer is taken"
    );
    let bilan = app.bilan().await;
    assert_eq!(bilan["responses"], 1, "only the control was stored");
    assert_eq!(app.admin_csv("/api/admin/bilan").await.rows.len(), 1);
}

#[tokio::test]
async fn answers_to_an_older_version_are_taken_and_read_apart() {
    // Arrange: a phone shows version 1, then the organizers publish version 2.
    let app = spawn_app().await;
    publish_version_2(&app).await;
    // Act
    let late = app.respond(&answers(&key())).await;
    let current = app
        .respond(&json!({"key": key(), "version": 2, "answers": {"journee": 3, "venu": ["Tram", "À pied"]}}))
        .await;
    // Assert
    assert_eq!(
        late.status(),
        StatusCode::CREATED,
        "version 1 is still one of the edition's"
    );
    assert_eq!(current.status(), StatusCode::CREATED);
    let bilan = app.bilan().await;
    assert_eq!(bilan["responses"], 2);
    let journee = &bilan["questions"][0];
    assert_eq!(journee["versions"], json!([1, 2]));
    assert_eq!(journee["detail"]["counts"], json!([0, 0, 1, 0, 1]));
    let venu = bilan["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "venu")
        .unwrap();
    assert_eq!(venu["versions"], json!([2]));
    assert_eq!(
        venu["detail"]["counts"],
        json!([["Tram", 1], ["Bus", 0], ["À pied", 1]])
    );
}

#[tokio::test]
async fn an_edition_without_questionnaire_or_unknown_is_a_404() {
    // Arrange: 2014 has no questionnaire.
    let app = spawn_app().await;
    let mut doc = demo_as("2014", "2014-10-07");
    doc.as_object_mut().unwrap().remove("questionnaire");
    assert_eq!(app.create_edition(&doc).await.status(), StatusCode::CREATED);
    let mut to_2014 = answers(&key());
    to_2014["edition"] = "2014".into();
    let mut to_1999 = answers(&key());
    to_1999["edition"] = "1999".into();
    // Act
    let without = app.respond(&to_2014).await;
    let unknown = app.respond(&to_1999).await;
    let disagreeing = app
        .client
        .post(app.url("/api/reponses?edition=2014"))
        .json(&answers(&key()))
        .send()
        .await
        .unwrap();
    let by_query = app
        .client
        .post(app.url("/api/reponses?edition=2013"))
        .json(&json!({"key": key(), "version": 1, "answers": {"journee": 2}}))
        .send()
        .await
        .unwrap();
    // Assert
    let body = assert_error(without, StatusCode::NOT_FOUND, "no_questionnaire").await;
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("« 2014 » n'a pas de questionnaire"));
    assert_error(unknown, StatusCode::NOT_FOUND, "edition_not_found").await;
    let body = assert_error(disagreeing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_responses").await;
    assert_eq!(detail_paths(&body), ["/edition"]);
    assert_eq!(by_query.status(), StatusCode::CREATED);
    assert_eq!(by_query.json::<Value>().await.unwrap()["edition"], "2013");
}

#[tokio::test]
async fn an_oversized_body_is_a_413_and_a_flood_a_429_apart_from_feedback() {
    // Arrange: two writes a minute, of each kind.
    let app = spawn_app_with(Options {
        feedback_rate: 2,
        ..Options::default()
    })
    .await;
    for _ in 0..2 {
        let opinion = app.feedback(&json!({"target": "day", "rating": 4, "key": key()})).await;
        assert_eq!(opinion.status(), StatusCode::CREATED);
    }
    let mut huge = answers(&key());
    huge["answers"]["commentaire"] = "a".repeat(70 * 1024).into();
    // Act
    let too_big = app.respond(&huge).await;
    let second = app.respond(&answers(&key())).await;
    let third = app.respond(&answers(&key())).await;
    // Assert
    assert_error(too_big, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert_eq!(
        second.status(),
        StatusCode::CREATED,
        "opinions do not use up answers' turn"
    );
    assert_error(third, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
