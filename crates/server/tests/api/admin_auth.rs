//! Organizers' authentication with the bearer token: every admin route refuses a missing or
//! wrong token, and a token sent to a server that has none configured. Accounts and their
//! sessions are in `accounts`.

use reqwest::{header, Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_error, header_of, spawn_app, spawn_app_with, Options, FIRST_SESSION, TOKEN};

/// Every admin route with its placeholders filled in.
fn admin_routes() -> Vec<(Method, String)> {
    let routes: Vec<_> = agir_server::routes()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/admin/"))
        .map(|r| {
            let path = r
                .path
                .replace("{id}", FIRST_SESSION)
                .replace("{rev}", "1")
                .replace("{qid}", "1")
                .replace("{stand}", "resto-troc");
            (r.method, path.replace("{edition}", "2013"))
        })
        .collect();
    assert_eq!(
        routes.len(),
        24,
        "PUT edition, PATCH session, POST rollback, GET feedback, POST import, PUT current, GET revisions, GET bilan, \
         the questions': queue, stream, log, 7 actions, export, retention (GET, PUT), \
         and engagement's lines and link (POST, DELETE)"
    );
    routes
}

#[tokio::test]
async fn every_admin_route_refuses_a_missing_or_wrong_token() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    for (method, path) in admin_routes() {
        // Act
        let anonymous = app
            .client
            .request(method.clone(), app.url(&path))
            .header(header::IF_MATCH, &etag)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let wrong = app
            .client
            .request(method.clone(), app.url(&path))
            .bearer_auth("jeton-des-organisateurs-0123456780")
            .header(header::IF_MATCH, &etag)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        // Assert
        assert_eq!(header_of(&anonymous, "www-authenticate"), "Bearer");
        assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
        assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    assert_eq!(app.edition().await.1, etag, "nothing changed");
}

#[tokio::test]
async fn admin_routes_are_disabled_without_a_configured_token() {
    // Arrange
    let app = spawn_app_with(Options {
        admin: false,
        ..Options::default()
    })
    .await;
    for (method, path) in admin_routes() {
        // Act
        let response = app
            .client
            .request(method, app.url(&path))
            .bearer_auth(TOKEN)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        // Assert
        assert_error(response, StatusCode::FORBIDDEN, "admin_disabled").await;
    }
}
