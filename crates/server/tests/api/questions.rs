//! Questions from the floor, the attendees' side: idempotent asks and supports, checks per
//! field, what a device sees of its own questions, folding, limits, inert payloads and
//! cheap polling.

use reqwest::{header, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_matches_openapi, detail_paths, header_of, key, spawn_app};
use crate::questions_helpers::{ids, DEBATE, PHONE_A, PHONE_B, PHONE_C};

#[tokio::test]
async fn a_question_sent_twice_is_stored_once() {
    // Arrange
    let app = spawn_app().await;
    let cle = key();
    // Act
    let first = app.ask_with(DEBATE, PHONE_A, "Comment devenir bénévole ?", &cle).await;
    let first_status = first.status();
    let first_body: Value = first.json().await.unwrap();
    let retry = app.ask_with(DEBATE, PHONE_A, "Comment devenir bénévole ?", &cle).await;
    let retry_status = retry.status();
    let retry_body: Value = retry.json().await.unwrap();
    let reused = app.ask_with(DEBATE, PHONE_A, "Une autre question", &cle).await;
    // Assert
    assert_eq!(first_status, StatusCode::CREATED);
    assert_matches_openapi("/api/sessions/{id}/questions", "post", "201", &first_body);
    assert_eq!(first_body["question"]["statut"], "en_attente");
    assert_eq!(first_body["repliee"], false);
    assert_eq!(retry_status, StatusCode::OK);
    assert_eq!(retry_body, first_body, "the same answer");
    assert_error(reused, StatusCode::CONFLICT, "idempotency_conflict").await;
    assert_eq!(app.queue().await["questions"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn asks_are_checked_field_by_field_in_french() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let everything_wrong = app
        .client
        .post(app.url(&format!("/api/sessions/{DEBATE}/questions")))
        .json(&json!({"cle": "abc", "appareil": "court", "texte": "é".repeat(281), "prenom": "a\u{7}"}))
        .send()
        .await
        .unwrap();
    let blank = app.ask_with(DEBATE, PHONE_A, " \n ", &key()).await;
    let control = app.ask_with(DEBATE, PHONE_A, "a\u{0}b", &key()).await;
    let unknown = app.ask_with("seance-inconnue", PHONE_A, "Bonjour ?", &key()).await;
    let ceremony = app.ask_with("ouverture", PHONE_A, "Bonjour ?", &key()).await;
    let longest = app.ask_with(DEBATE, PHONE_A, &"é".repeat(280), &key()).await;
    // Assert
    let body = assert_error(everything_wrong, StatusCode::UNPROCESSABLE_ENTITY, "invalid_question").await;
    assert_eq!(detail_paths(&body), ["/cle", "/appareil", "/texte", "/prenom"]);
    assert!(body["details"][2]["message"]
        .as_str()
        .unwrap()
        .contains("281 caractères"));
    let body = assert_error(blank, StatusCode::UNPROCESSABLE_ENTITY, "invalid_question").await;
    assert_eq!(detail_paths(&body), ["/texte"]);
    assert_error(control, StatusCode::UNPROCESSABLE_ENTITY, "invalid_question").await;
    assert_error(unknown, StatusCode::NOT_FOUND, "session_not_found").await;
    let body = assert_error(ceremony, StatusCode::CONFLICT, "questions_closed").await;
    assert_eq!(body["message"], "Cette séance ne prend pas de questions.");
    assert_eq!(longest.status(), StatusCode::CREATED, "280 characters, not bytes");
}

#[tokio::test]
async fn a_waiting_question_shows_only_to_its_device_and_never_its_reason() {
    // Arrange
    let app = spawn_app().await;
    let waiting = app.ask(PHONE_A, "Où sont les toilettes ?").await;
    let refused = app.ask(PHONE_A, "Une question à écarter").await;
    // Act
    let before = app.public_questions(None).await;
    app.moderate(
        reqwest::Method::POST,
        refused,
        "ecarter",
        Some(json!({"raison": "hors sujet"})),
    )
    .await;
    let mine = app.public_questions(Some(PHONE_A)).await;
    let other = app.public_questions(Some(PHONE_B)).await;
    // Assert
    assert_matches_openapi("/api/sessions/{id}/questions", "get", "200", &mine);
    assert!(before["questions"].as_array().unwrap().is_empty(), "pre-moderation");
    assert_eq!(ids(&mine["appareil"]["questions"]), [waiting, refused]);
    assert_eq!(mine["appareil"]["questions"][0]["statut"], "en_attente");
    assert_eq!(mine["appareil"]["questions"][1]["statut"], "non_retenue");
    assert!(
        !mine.to_string().contains("hors sujet"),
        "the reason stays with moderators"
    );
    assert!(other["appareil"]["questions"].as_array().unwrap().is_empty());
    assert!(other["questions"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_device_supports_once_and_can_withdraw() {
    // Arrange
    let app = spawn_app().await;
    let q = app.ask(PHONE_A, "Quelles aides pour les aidants ?").await;
    let pending = app.support(q, PHONE_B, true).await;
    app.accept(q).await;
    // Act
    let first = app.support(q, PHONE_B, true).await;
    let first_body: Value = first.json().await.unwrap();
    let again: Value = app.support(q, PHONE_B, true).await.json().await.unwrap();
    let other: Value = app.support(q, PHONE_C, true).await.json().await.unwrap();
    let withdrawn = app.support(q, PHONE_B, false).await;
    let withdrawn_body: Value = withdrawn.json().await.unwrap();
    let twice = app.support(q, PHONE_B, false).await;
    let view = app.public_questions(Some(PHONE_C)).await;
    // Assert
    assert_error(pending, StatusCode::NOT_FOUND, "question_not_found").await;
    assert_matches_openapi("/api/questions/{qid}/soutiens/{device}", "put", "200", &first_body);
    assert_eq!(first_body, json!({"question": q, "soutiens": 1, "soutenue": true}));
    assert_eq!(again["soutiens"], 1, "once per device");
    assert_eq!(other["soutiens"], 2);
    assert_eq!(withdrawn_body, json!({"question": q, "soutiens": 1, "soutenue": false}));
    assert_eq!(twice.status(), StatusCode::OK, "withdrawing twice is fine");
    assert_eq!(view["questions"][0]["soutiens"], 1);
    assert_eq!(view["appareil"]["soutenues"], json!([q]));
}

#[tokio::test]
async fn a_repeated_question_is_folded_into_the_first() {
    // Arrange
    let app = spawn_app().await;
    let first = app.ask(PHONE_A, "Et le bus de nuit ?").await;
    // Act
    let repeat = app.ask_with(DEBATE, PHONE_B, "  et le BUS   de nuit…", &key()).await;
    let repeat_status = repeat.status();
    let repeat_body: Value = repeat.json().await.unwrap();
    let own_repeat = app.ask_with(DEBATE, PHONE_A, "Et le bus de nuit", &key()).await;
    let own_body: Value = own_repeat.json().await.unwrap();
    app.accept(first).await;
    let view = app.public_questions(Some(PHONE_B)).await;
    // Assert
    assert_eq!(repeat_status, StatusCode::CREATED);
    assert_eq!(repeat_body["repliee"], true);
    assert_eq!(repeat_body["question"]["id"], first);
    assert_eq!(own_body["question"]["id"], first);
    assert_eq!(app.queue().await["questions"].as_array().unwrap().len(), 1);
    assert_eq!(
        view["questions"][0]["soutiens"], 1,
        "B's repeat counts as B's support, A's not"
    );
    assert_eq!(ids(&view["appareil"]["questions"]), [first], "B sees it among its own");
}

#[tokio::test]
async fn a_device_past_its_limits_gets_a_french_429_with_retry_after() {
    // Arrange
    let app = spawn_app().await;
    let first_key = key();
    assert_eq!(
        app.ask_with(DEBATE, PHONE_A, "Question 0", &first_key).await.status(),
        StatusCode::CREATED
    );
    for n in 1..5 {
        app.ask(PHONE_A, &format!("Question {n}")).await;
    }
    let q = app.ask(PHONE_B, "Une question à soutenir").await;
    app.accept(q).await;
    // Act
    let sixth = app.ask_with(DEBATE, PHONE_A, "Question 5", &key()).await;
    let retry = app.ask_with(DEBATE, PHONE_A, "Question 0", &first_key).await;
    let other_device = app.ask_with(DEBATE, PHONE_C, "Question 5", &key()).await;
    // The bucket holds 60 and refills one a second: send until the first refusal, which
    // comes as long as each request takes under a second, whatever the machine's speed.
    let mut accepted = 0;
    let mut refusal = None;
    for n in 0..660 {
        let response = app.support(q, PHONE_C, n % 2 == 0).await;
        if response.status() != StatusCode::OK {
            refusal = Some(response);
            break;
        }
        accepted += 1;
    }
    // Assert
    let retry_after = header_of(&sixth, "retry-after");
    let body = assert_error(sixth, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("Vous avez envoyé beaucoup de questions"));
    assert_eq!(retry_after, "120", "5 questions per 10 minutes");
    assert_eq!(retry.status(), StatusCode::OK, "a retry is answered whatever the limit");
    assert_eq!(
        other_device.status(),
        StatusCode::CREATED,
        "per device, not per address"
    );
    assert!(accepted >= 60, "a full bucket takes 60 supports, {accepted} passed");
    let refusal = refusal.expect("supports are refused once the bucket is empty");
    let body = assert_error(refusal, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(body["message"].as_str().unwrap().contains("soutiens"));
}

#[tokio::test]
async fn payloads_stay_text_in_json() {
    // Arrange
    let app = spawn_app().await;
    let script = "<script>alert(\"x\")</script> & <b>gras</b>";
    // Act
    let q = app.ask(PHONE_A, script).await;
    app.accept(q).await;
    let response = app.get(&format!("/api/sessions/{DEBATE}/questions")).await;
    // Assert
    assert!(header_of(&response, "content-type").starts_with("application/json"));
    assert_eq!(header_of(&response, "x-content-type-options"), "nosniff");
    let view: Value = response.json().await.unwrap();
    assert_eq!(view["questions"][0]["texte"], script, "kept exactly, as text");
}

#[tokio::test]
async fn a_poll_is_a_304_until_something_changes() {
    // Arrange
    let app = spawn_app().await;
    let q = app.ask(PHONE_A, "Combien de bénévoles à Angers ?").await;
    app.accept(q).await;
    let path = format!("/api/sessions/{DEBATE}/questions");
    let first = app.get(&path).await;
    let etag = header_of(&first, "etag");
    // Act
    let unchanged = app.revalidate(&path, &etag).await;
    app.support(q, PHONE_B, true).await;
    let changed = app.revalidate(&path, &etag).await;
    // Assert
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(header_of(&changed, "etag"), etag);
    assert_eq!(header_of(&changed, header::CACHE_CONTROL.as_str()), "no-cache");
}

#[tokio::test]
async fn a_whole_hall_behind_one_address_is_limited_generously_not_per_device() {
    // Arrange: 1 write a minute for the other kinds, so 10 for questions and supports.
    let app = crate::helpers::spawn_app_with(crate::helpers::Options {
        feedback_rate: 1,
        ..Default::default()
    })
    .await;
    // Act: ten phones of the hall ask once each, an eleventh asks.
    for n in 0..10 {
        let device = format!("appareil-salle-{n:06}");
        let response = app.ask_with(DEBATE, &device, &format!("Question {n} ?"), &key()).await;
        assert_eq!(response.status(), StatusCode::CREATED, "phone {n}");
    }
    let eleventh = app.ask_with(DEBATE, "appareil-salle-000010", "Encore ?", &key()).await;
    // Assert
    assert!(header_of(&eleventh, "retry-after").parse::<u64>().unwrap() >= 1);
    let body = assert_error(eleventh, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("Trop d'envois depuis votre connexion"));
}
