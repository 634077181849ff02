//! Health and OpenAPI: `/healthz`, and `openapi.json` against the router and the real answers.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_error, assert_matches_openapi, demo, key, openapi, spawn_app, FIRST_SESSION};

#[tokio::test]
async fn healthz_answers_ok() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let response = app.get("/healthz").await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"status": "ok", "journal_mode": "wal", "synchronous": "full"})
    );
    assert_matches_openapi("/healthz", "get", "200", &body);
}

#[tokio::test]
async fn openapi_describes_every_route_and_nothing_else() {
    // Arrange
    let app = spawn_app().await;
    let routes = agir_server::routes();
    // Act
    let served: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    // Assert
    assert_eq!(served["openapi"], "3.1.0");
    assert_eq!(served["servers"][0]["url"], app.base);
    let paths = served["paths"].as_object().unwrap();
    for route in &routes {
        let method = route.method.as_str().to_ascii_lowercase();
        assert!(
            paths.get(route.path).and_then(|p| p.get(&method)).is_some(),
            "{method} {} is missing from openapi.json",
            route.path
        );
    }
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            assert!(
                routes
                    .iter()
                    .any(|r| r.path == path && r.method.as_str().eq_ignore_ascii_case(method)),
                "openapi.json describes {method} {path}, which the router does not have"
            );
        }
    }
}

#[tokio::test]
async fn real_responses_validate_against_the_openapi_schemas() {
    // Arrange
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    // Act & Assert: each answer against its declared schema.
    let edition: Value = app.get("/api/edition").await.json().await.unwrap();
    assert_matches_openapi("/api/edition", "get", "200", &edition);
    let one: Value = app.get("/api/editions/2013").await.json().await.unwrap();
    assert_matches_openapi("/api/editions/{slug}", "get", "200", &one);
    let list: Value = app.get("/api/editions").await.json().await.unwrap();
    assert_matches_openapi("/api/editions", "get", "200", &list);

    let moved = app
        .patch_session(FIRST_SESSION, &etag, json!({"start": "2013-10-08T10:30:00+02:00"}))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let written: Value = moved.json().await.unwrap();
    assert_matches_openapi("/api/admin/sessions/{id}", "patch", "200", &written);
    let changes: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_matches_openapi("/api/changes", "get", "200", &changes);

    let created = app
        .feedback(&json!({"target": "day", "rating": 5, "comment": "Bravo", "key": key()}))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_matches_openapi("/api/feedback", "post", "201", &created.json().await.unwrap());
    let rows = Value::Array(app.feedback_rows().await);
    assert_matches_openapi("/api/admin/feedback", "get", "200", &rows);

    let missing = app.get("/api/nope").await;
    assert_error(missing, StatusCode::NOT_FOUND, "not_found").await;
}

#[test]
fn the_openapi_check_is_not_vacuous() {
    // Arrange
    let doc = openapi();
    let schema = &doc["paths"]["/api/edition"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    let wrapper = json!({"components": doc["components"], "allOf": [schema]});
    let validator = jsonschema::validator_for(&wrapper).unwrap();
    // Act
    let wrong = validator.is_valid(&json!({"status": "ok"}));
    let right = validator.is_valid(&demo());
    // Assert
    assert!(!wrong, "a health answer is not an edition");
    assert!(right, "the demo edition is one");
}
