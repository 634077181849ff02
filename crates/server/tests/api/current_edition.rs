//! Choosing the current edition (`PUT /api/admin/current`): served at once and after a
//! restart, over the latest-by-date rule; idempotent; unknown editions refused; a server
//! started with `--current` keeps its edition; the command line sees the choice.

use agir_server::accounts::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    assert_error, assert_matches_openapi, cli, demo_as, header_of, run, spawn_app, spawn_app_with, Browser, Options,
    TestApp, FIRST_SESSION,
};

const CLAIRE: &str = "claire.martin@ville-angers.fr";

/// Publishes a copy of the demo edition as `slug`, starting on `day`.
async fn publish_edition(app: &TestApp, slug: &str, day: &str) {
    let created = app.create_edition(&demo_as(slug, day)).await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

async fn choose(browser: &Browser, edition: &str) -> reqwest::Response {
    browser
        .request(Method::PUT, "/api/admin/current")
        .json(&json!({ "edition": edition }))
        .send()
        .await
        .unwrap()
}

/// The slug each edition of the list has, and whether it is current.
fn currents(list: &Value) -> Vec<(&str, bool)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| (e["edition"].as_str().unwrap(), e["current"].as_bool().unwrap()))
        .collect()
}

#[tokio::test]
async fn the_chosen_edition_is_served_at_once_and_after_a_restart() {
    // Arrange: 2014 starts last, yet attendees keep 2013 until it is chosen.
    let app = spawn_app().await;
    publish_edition(&app, "2014", "2014-10-07").await;
    assert_eq!(app.edition().await.1, "\"2013-1\"");
    let claire = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    // Act
    let response = choose(&claire, "2014").await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let answer: Value = response.json().await.unwrap();
    assert_matches_openapi("/api/admin/current", "put", "200", &answer);
    assert_eq!(currents(&answer), [("2014", true), ("2013", false)]);
    let listed: Value = app.get("/api/editions").await.json().await.unwrap();
    assert_eq!(listed, answer, "the answer is the list as served");
    assert_eq!(app.edition().await.1, "\"2014-1\"", "served at once");
    publish_edition(&app, "2015", "2015-10-06").await;
    assert_eq!(
        app.edition().await.1,
        "\"2014-1\"",
        "a later edition does not undo the choice"
    );
    let app = app.restart().await;
    assert_eq!(app.edition().await.1, "\"2014-1\"", "kept across a restart");
    let listed = run(cli().arg("editions").arg("--db").arg(app.db())).await;
    assert!(
        listed
            .stdout
            .contains("révision 1 (courante, choisie par Claire Martin le "),
        "{}",
        listed.stdout
    );
    let cancelled = run(cli().args(["session", "cancel", FIRST_SESSION, "--db"]).arg(app.db())).await;
    assert!(
        cancelled.stdout.contains("pour l'édition 2014"),
        "the command line works on the chosen edition: {}{}",
        cancelled.stdout,
        cancelled.stderr
    );
}

#[tokio::test]
async fn choosing_the_same_edition_twice_changes_nothing() {
    // Arrange
    let app = spawn_app().await;
    publish_edition(&app, "2014", "2014-10-07").await;
    let claire = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let first = choose(&claire, "2013").await;
    assert_eq!(first.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    let list_etag = header_of(&app.get("/api/editions").await, "etag");
    // Act
    let second = choose(&claire, "2013").await;
    // Assert
    assert_eq!(second.status(), StatusCode::OK);
    assert_eq!(second.json::<Value>().await.unwrap(), first);
    assert_eq!(header_of(&app.get("/api/editions").await, "etag"), list_etag);
    assert_eq!(app.edition().await.1, "\"2013-1\"", "no revision published");
    let history = app.admin_json("/api/admin/editions/2013/revisions").await;
    assert_eq!(history.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_unknown_edition_or_a_stranger_changes_nothing() {
    // Arrange
    let app = spawn_app().await;
    publish_edition(&app, "2014", "2014-10-07").await;
    let claire = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let ines = app.signed_in("Inès Leroy", "ines@ville.fr", Role::Moderation).await;
    // Act
    let unknown = choose(&claire, "1999").await;
    let moderator = choose(&ines, "2014").await;
    let signed_out = choose(&app.browser(), "2014").await;
    let no_origin = claire
        .raw(Method::PUT, "/api/admin/current")
        .json(&json!({"edition": "2014"}))
        .send()
        .await
        .unwrap();
    let misspelt = claire
        .request(Method::PUT, "/api/admin/current")
        .json(&json!({"edtion": "2014"}))
        .send()
        .await
        .unwrap();
    // Assert
    let body = assert_error(unknown, StatusCode::NOT_FOUND, "edition_not_found").await;
    assert_eq!(body["message"], "L'édition « 1999 » n'existe pas.");
    assert_error(moderator, StatusCode::FORBIDDEN, "forbidden").await;
    assert_error(signed_out, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(no_origin, StatusCode::FORBIDDEN, "bad_origin").await;
    assert_error(misspelt, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    assert_eq!(app.edition().await.1, "\"2013-1\"", "still the one attendees had");
}

#[tokio::test]
async fn a_server_started_with_a_fixed_edition_refuses_the_choice() {
    // Arrange
    let app = spawn_app_with(Options {
        current: Some("2013"),
        ..Options::default()
    })
    .await;
    publish_edition(&app, "2014", "2014-10-07").await;
    // Act
    let refused = app
        .admin(Method::PUT, "/api/admin/current")
        .json(&json!({"edition": "2014"}))
        .send()
        .await
        .unwrap();
    // Assert
    let body = assert_error(refused, StatusCode::CONFLICT, "current_pinned").await;
    assert!(
        body["message"].as_str().unwrap().starts_with(
            "Le serveur a été démarré avec l'édition « 2013 » imposée comme édition courante (--current ou AGIR_CURRENT)"
        ),
        "{body}"
    );
    assert_eq!(app.edition().await.1, "\"2013-1\"");
    let listed = run(cli().arg("editions").arg("--db").arg(app.db())).await;
    assert!(!listed.stdout.contains("choisie"), "nothing stored: {}", listed.stdout);
}
