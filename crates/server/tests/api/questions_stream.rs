//! The live stream of questions over a real connection: a reset first, events in order,
//! resuming after `Last-Event-ID` without losing one, nothing private on the public stream.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;

use crate::helpers::spawn_app;
use crate::questions_helpers::{moderation_stream, public_stream, SseEvent, PHONE_A, PHONE_B, PHONE_C};

const WAIT: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(400);

fn names(events: &[SseEvent]) -> Vec<&str> {
    events.iter().map(|e| e.name.as_str()).collect()
}

#[tokio::test]
async fn a_stream_cut_and_resumed_with_last_event_id_loses_no_event() {
    // Arrange
    let app = spawn_app().await;
    let mut stream = public_stream(&app, None).await;
    let reset = stream.next(WAIT).await.expect("a reset first");
    let q1 = app.ask(PHONE_A, "Première question ?").await;
    app.accept(q1).await;
    let accepted = stream.next(WAIT).await.expect("the accepted question");
    // Act: the connection drops; three things happen; the client comes back.
    drop(stream);
    app.support(q1, PHONE_B, true).await;
    app.support(q1, PHONE_C, true).await;
    let q2 = app.ask(PHONE_B, "Deuxième question ?").await;
    app.accept(q2).await;
    let mut resumed = public_stream(&app, accepted.id).await;
    let missed = resumed.drain(QUIET).await;
    app.moderate(Method::PUT, q2, "epingle", None).await;
    let live = resumed.next(WAIT).await.expect("live again");
    // Assert
    assert_eq!(reset.name, "reset");
    assert!(reset.data["questions"].as_array().unwrap().is_empty());
    assert_eq!(accepted.name, "question");
    assert_eq!(accepted.data["question"]["id"], q1);
    assert_eq!(accepted.data["question"]["statut"], "acceptee");
    assert!(accepted.data["enregistre_le"].as_str().unwrap().ends_with('Z'));
    assert_eq!(names(&missed), ["soutiens", "soutiens", "question"], "{missed:?}");
    assert_eq!(
        missed[1].data,
        json!({"enregistre_le": missed[1].data["enregistre_le"], "type": "soutiens", "question": q1, "soutiens": 2})
    );
    assert_eq!(missed[2].data["question"]["id"], q2);
    let ids: Vec<i64> = missed.iter().map(|e| e.id.unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "increasing ids: {ids:?}");
    assert!(ids[0] > accepted.id.unwrap());
    assert_eq!(live.name, "epinglee");
    assert_eq!(live.data["question"], q2);
}

#[tokio::test]
async fn the_public_stream_never_carries_waiting_questions_or_reasons() {
    // Arrange
    let app = spawn_app().await;
    let mut public = public_stream(&app, None).await;
    let mut moderators = moderation_stream(&app, None).await;
    public.next(WAIT).await.expect("reset");
    let reset = moderators.next(WAIT).await.expect("reset");
    // Act
    let q = app.ask(PHONE_A, "Question secrète ?").await;
    app.moderate(Method::POST, q, "ecarter", Some(json!({"raison": "injurieuse"})))
        .await;
    let seen_by_moderators = moderators.drain(QUIET).await;
    let seen_by_everyone = public.drain(QUIET).await;
    // Assert
    assert_eq!(reset.name, "reset");
    assert!(reset.data["titre"].is_string(), "the moderators' reset is their queue");
    assert_eq!(names(&seen_by_moderators), ["question", "question"]);
    assert_eq!(seen_by_moderators[0].data["question"]["statut"], "en_attente");
    assert_eq!(seen_by_moderators[1].data["question"]["raison"], "injurieuse");
    assert!(seen_by_everyone.is_empty(), "{seen_by_everyone:?}");
}

#[tokio::test]
async fn an_unknown_event_id_gets_the_whole_state_again() {
    // Arrange
    let app = spawn_app().await;
    let q = app.ask(PHONE_A, "Déjà là ?").await;
    app.accept(q).await;
    // Act
    let mut stream = public_stream(&app, Some(1_000_000)).await;
    let first = stream.next(WAIT).await.expect("a reset");
    // Assert
    assert_eq!(first.name, "reset");
    assert_eq!(first.data["questions"][0]["id"], q);
    assert_eq!(first.id, first.data["dernier_evenement"].as_i64());
}
