//! Questions from the floor, the moderators' side: who may moderate, merging, pinning,
//! answering, the log of who did what, post-moderation, the export and the retention.

use agir_server::accounts::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_matches_openapi, demo_as, key, spawn_app, TestApp};
use crate::questions_helpers::{ids, DEBATE, PHONE_A, PHONE_B, PHONE_C};

#[tokio::test]
async fn an_attendee_or_an_ended_session_cannot_moderate() {
    // Arrange
    let app = spawn_app().await;
    let q = app.ask(PHONE_A, "Une question ?").await;
    let accept = format!("/api/admin/questions/{q}/accepter");
    let moderator = app
        .signed_in("Hugo Morel", "hugo.morel@angers.fr", Role::Moderation)
        .await;
    // Act
    let attendee = app.client.post(app.url(&accept)).send().await.unwrap();
    let queue = app
        .client
        .get(app.url(&format!("/api/admin/sessions/{DEBATE}/questions")))
        .send()
        .await
        .unwrap();
    let forged = app
        .client
        .post(app.url(&accept))
        .header("cookie", "agir_session=inconnu")
        .send()
        .await
        .unwrap();
    let no_origin = moderator.raw(Method::POST, &accept).send().await.unwrap();
    let still_waiting = app.queue().await;
    let accepted = moderator.request(Method::POST, &accept).send().await.unwrap();
    let export = moderator.get("/api/admin/questions.csv").await;
    app.clock.advance(std::time::Duration::from_secs(13 * 3600));
    let expired = moderator
        .request(Method::POST, &format!("/api/admin/questions/{q}/repondue"))
        .send()
        .await
        .unwrap();
    // Assert
    assert_error(attendee, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(queue, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(forged, StatusCode::UNAUTHORIZED, "signed_out").await;
    assert_error(no_origin, StatusCode::FORBIDDEN, "bad_origin").await;
    assert_eq!(still_waiting["questions"][0]["statut"], "en_attente", "nothing changed");
    assert_eq!(accepted.status(), StatusCode::OK, "the moderation role moderates");
    assert_error(export, StatusCode::FORBIDDEN, "forbidden").await;
    assert_error(expired, StatusCode::UNAUTHORIZED, "signed_out").await;
}

#[tokio::test]
async fn merging_adds_the_supports_up_without_counting_a_device_twice() {
    // Arrange
    let app = spawn_app().await;
    let kept = app.ask(PHONE_A, "Quelle place pour les jeunes retraités ?").await;
    let duplicate = app.ask(PHONE_B, "Et les jeunes retraités, quelle place ?").await;
    for q in [kept, duplicate] {
        app.accept(q).await;
    }
    app.support(kept, PHONE_C, true).await;
    app.support(duplicate, PHONE_C, true).await;
    app.support(duplicate, PHONE_A, true).await;
    // Act
    let merged = app
        .moderate(Method::POST, duplicate, "fusionner", Some(json!({"dans": kept})))
        .await;
    let later = app.support(duplicate, "appareil-d-0123456789", true).await;
    let later_body: Value = later.json().await.unwrap();
    let view = app.public_questions(Some(PHONE_B)).await;
    let into_itself = app
        .admin(Method::POST, &format!("/api/admin/questions/{kept}/fusionner"))
        .json(&json!({"dans": kept}))
        .send()
        .await
        .unwrap();
    // Assert
    assert_matches_openapi("/api/admin/questions/{qid}/fusionner", "post", "200", &merged);
    assert_eq!(merged["statut"], "fusionnee");
    assert_eq!(merged["fusionnee_dans"], kept);
    assert_eq!(
        later_body["question"], kept,
        "a merged question's supports go to the kept one"
    );
    assert_eq!(later_body["soutiens"], 3, "C once, A, then D");
    assert_eq!(ids(&view["questions"]), [kept]);
    assert_eq!(
        view["appareil"]["questions"][0]["fusionnee_dans"], kept,
        "B sees where it went"
    );
    assert_error(into_itself, StatusCode::CONFLICT, "moderation_refused").await;
}

#[tokio::test]
async fn one_question_is_pinned_at_a_time_until_answered() {
    // Arrange
    let app = spawn_app().await;
    let (a, b) = (
        app.ask(PHONE_A, "Première ?").await,
        app.ask(PHONE_B, "Seconde ?").await,
    );
    let pending = app.ask(PHONE_C, "En attente ?").await;
    app.accept(a).await;
    app.accept(b).await;
    // Act
    app.moderate(Method::PUT, a, "epingle", None).await;
    let pinned_b = app.moderate(Method::PUT, b, "epingle", None).await;
    let queue = app.queue().await;
    let refused = app
        .admin(Method::PUT, &format!("/api/admin/questions/{pending}/epingle"))
        .send()
        .await
        .unwrap();
    let answered = app.moderate(Method::POST, b, "repondue", None).await;
    let view = app.public_questions(None).await;
    // Assert
    assert_eq!(pinned_b["epinglee"], true);
    assert_eq!(queue["epinglee"], b);
    let pinned: Vec<&Value> = queue["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["epinglee"] == true)
        .collect();
    assert_eq!(pinned.len(), 1, "one pinned per session");
    assert_error(refused, StatusCode::CONFLICT, "moderation_refused").await;
    assert_eq!(answered["statut"], "repondue");
    assert!(answered["repondue_le"].is_string());
    assert_eq!(view["epinglee"], Value::Null, "answered: unpinned");
    assert_eq!(ids(&view["questions"]), [a]);
    assert_eq!(ids(&view["repondues"]), [b]);
}

#[tokio::test]
async fn every_action_is_logged_with_who_and_when() {
    // Arrange
    let app = spawn_app().await;
    let moderator = app
        .signed_in("Hugo Morel", "hugo.morel@angers.fr", Role::Moderation)
        .await;
    let q = app.ask(PHONE_A, "Comment s'inscrire au bénévolat ?").await;
    // Act
    let edited = moderator
        .request(Method::POST, &format!("/api/admin/questions/{q}/accepter"))
        .json(&json!({"texte": "Comment s'inscrire comme bénévole ?"}))
        .send()
        .await
        .unwrap();
    app.moderate(Method::POST, q, "ecarter", Some(json!({"raison": "déjà répondu"})))
        .await;
    let log = moderator
        .get(&format!("/api/admin/sessions/{DEBATE}/questions/journal"))
        .await;
    let log: Value = log.json().await.unwrap();
    // Assert
    assert_eq!(edited.status(), StatusCode::OK);
    assert_matches_openapi("/api/admin/sessions/{id}/questions/journal", "get", "200", &log);
    let entries = log.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["action"], "accepter");
    assert_eq!(entries[0]["par"], "Hugo Morel");
    assert_eq!(entries[0]["question"], q);
    assert_eq!(entries[1]["action"], "ecarter");
    assert_eq!(entries[1]["par"], "jeton");
    assert_eq!(entries[1]["detail"], "déjà répondu");
    assert!(entries[1]["le"].as_str().unwrap().ends_with('Z'));
    let queue = app.queue().await;
    assert_matches_openapi("/api/admin/sessions/{id}/questions", "get", "200", &queue);
    assert_eq!(queue["questions"][0]["texte"], "Comment s'inscrire comme bénévole ?");
    assert_eq!(queue["questions"][0]["raison"], "déjà répondu");
}

/// Publishes the debate with post-moderation.
async fn post_moderated(app: &TestApp) {
    let (mut doc, etag) = app.edition().await;
    let debate = doc["sessions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["id"] == DEBATE)
        .unwrap();
    debate["questions"] = json!({"moderation": "post"});
    assert_eq!(app.put_edition(&etag, &doc).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn post_moderated_questions_show_on_arrival_and_a_moderator_removes_them() {
    // Arrange
    let app = spawn_app().await;
    post_moderated(&app).await;
    // Act
    let q = app.ask(PHONE_A, "Visible tout de suite ?").await;
    let shown = app.public_questions(None).await;
    app.moderate(Method::POST, q, "ecarter", None).await;
    let after = app.public_questions(None).await;
    // Assert
    assert_eq!(shown["moderation"], "post");
    assert_eq!(ids(&shown["questions"]), [q]);
    assert!(after["questions"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_export_reads_back_with_titles_and_defused_formulas() {
    // Arrange
    let app = spawn_app().await;
    let q = app
        .ask(PHONE_A, "=HYPERLINK(\"http://x\") <script>; \"guillemets\"")
        .await;
    app.accept(q).await;
    app.support(q, PHONE_B, true).await;
    app.ask(PHONE_B, "Encore en attente").await;
    // Act
    let sheet = app.admin_csv("/api/admin/questions.csv?edition=2013").await;
    // Assert
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.cell(0, "Séance"), DEBATE);
    assert!(sheet
        .cell(0, "Titre de la séance")
        .contains("seniors dans le bénévolat"));
    assert_eq!(
        sheet.cell(0, "Question"),
        "'=HYPERLINK(\"http://x\") <script>; \"guillemets\""
    );
    assert_eq!(sheet.cell(0, "Statut"), "Acceptée");
    assert_eq!(sheet.cell(0, "Soutiens"), "1");
    assert_eq!(sheet.cell(1, "Statut"), "En attente de modération");
}

#[tokio::test]
async fn past_the_retention_period_questions_leave_public_view_then_the_database() {
    // Arrange: an edition held today, its questions kept 30 days after.
    let app = spawn_app().await;
    let today = app.clock.now().date_naive().to_string();
    assert_eq!(
        app.create_edition(&demo_as("jour", &today)).await.status(),
        StatusCode::CREATED
    );
    let path = format!("/api/sessions/{DEBATE}/questions?edition=jour");
    let asked = app
        .client
        .post(app.url(&path))
        .json(&json!({"cle": key(), "appareil": PHONE_A, "texte": "Gardée combien de temps ?"}))
        .send()
        .await
        .unwrap();
    let q = asked.json::<Value>().await.unwrap()["question"]["id"].as_i64().unwrap();
    app.accept(q).await;
    let set = app
        .admin(Method::PUT, "/api/admin/questions/conservation")
        .json(&json!({"jours": 30}))
        .send()
        .await
        .unwrap();
    // Act
    let kept: Value = app.get(&path).await.json().await.unwrap();
    app.clock.advance(std::time::Duration::from_secs(32 * 24 * 3600));
    let hidden: Value = app.get(&path).await.json().await.unwrap();
    let mut left = 1;
    for _ in 0..50 {
        left = app.admin_csv("/api/admin/questions.csv?edition=jour").await.rows.len();
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Assert
    let set: Value = set.json().await.unwrap();
    assert_matches_openapi("/api/admin/questions/conservation", "put", "200", &set);
    assert_eq!(set["jours"], 30);
    assert_eq!(ids(&kept["questions"]), [q]);
    assert!(hidden["questions"].as_array().unwrap().is_empty(), "hidden at once");
    assert_eq!(hidden["ouvertes"], false);
    assert_eq!(left, 0, "deleted by the periodic task");
}

#[tokio::test]
async fn organizers_close_a_session_to_questions_with_a_patch() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    // Act
    let patched = app
        .patch_session(DEBATE, &etag, json!({"questions": {"enabled": false}}))
        .await;
    let asked = app.ask_with(DEBATE, PHONE_A, "Encore une ?", &key()).await;
    let view = app.public_questions(None).await;
    // Assert
    assert_eq!(patched.status(), StatusCode::OK);
    assert_error(asked, StatusCode::CONFLICT, "questions_closed").await;
    assert_eq!(view["ouvertes"], false);
}
