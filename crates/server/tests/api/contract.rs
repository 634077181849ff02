//! What `openapi.json` promises, the server enforces: the rules schemathesis found the
//! description and the server disagreeing on (`cargo xtask test --only schema`), each
//! settled, kept here so that they stay settled without running schemathesis.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_error, openapi, spawn_app, FIRST_SESSION};

#[tokio::test]
async fn an_empty_or_malformed_edition_parameter_is_refused() {
    // Arrange
    let app = spawn_app().await;
    // Act & Assert: the description gives `edition` the Id pattern; an empty one used to
    // filter on nothing (an empty export, a withdrawal of nothing) and answer 200.
    for path in [
        "/api/admin/feedback?edition=",
        "/api/admin/questions.csv?edition=",
        "/api/admin/bilan?edition=a%20b",
    ] {
        let refused = app.admin(Method::GET, path).send().await.unwrap();
        let body = assert_error(refused, StatusCode::BAD_REQUEST, "invalid_query").await;
        assert!(body["message"].as_str().unwrap().contains("édition"), "{path}: {body}");
    }
    let withdrawn = app.withdraw("appareil-de-test-0001", Some("")).await;
    assert_error(withdrawn, StatusCode::BAD_REQUEST, "invalid_query").await;
    let listed = app
        .get(&format!("/api/sessions/{FIRST_SESSION}/questions?edition="))
        .await;
    assert_error(listed, StatusCode::BAD_REQUEST, "invalid_query").await;
}

#[tokio::test]
async fn a_negative_event_id_is_refused() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let refused = app
        .get(&format!("/api/sessions/{FIRST_SESSION}/questions/flux?depuis=-1"))
        .await;
    // Assert
    assert_error(refused, StatusCode::BAD_REQUEST, "invalid_query").await;
}

#[tokio::test]
async fn the_retention_must_be_given_even_when_null() {
    // Arrange
    let app = spawn_app().await;
    // Act: an empty body used to turn the deletion of old questions off.
    let empty = app
        .admin(Method::PUT, "/api/admin/questions/conservation")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let kept = app
        .admin(Method::PUT, "/api/admin/questions/conservation")
        .json(&json!({"jours": null}))
        .send()
        .await
        .unwrap();
    // Assert
    let body = assert_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    assert!(
        body["details"][0]["message"].as_str().unwrap().contains("`jours`"),
        "{body}"
    );
    assert_eq!(kept.status(), StatusCode::OK);
}

#[test]
fn every_json_operation_documents_its_refusals() {
    // Arrange
    let doc = openapi();
    let mut missing = Vec::new();
    // Act: every operation reading a JSON body can answer 400 (not JSON) and 415 (not
    // labelled JSON); every If-Match is an entity tag, never just any string.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let json_body = !op["requestBody"]["content"]["application/json"].is_null();
            for status in ["400", "415"] {
                if json_body && op["responses"][status].is_null() {
                    missing.push(format!("{method} {path} {status}"));
                }
            }
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["name"] == "If-Match" && p["schema"]["pattern"].is_null() {
                    missing.push(format!("{method} {path} If-Match sans motif"));
                }
            }
        }
    }
    // Assert
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn the_described_website_rule_is_the_servers() {
    // Arrange
    let doc = openapi();
    let schema = &doc["components"]["schemas"]["Stand"]["properties"]["website"];
    let validator = jsonschema::validator_for(schema).unwrap();
    // Act & Assert: the pattern in openapi.json and the model's rule agree on each.
    for address in [
        "https://www.una.fr/49",
        "HTTP://exemple.fr",
        " https://exemple.fr ",
        "javascript:alert(4)",
        "data:text/html,<b>",
        "//exemple.fr",
        "https://",
        "https:///chemin",
        "https://exemple.fr/a b",
        "https://exemple.fr/\u{7}",
        "",
    ] {
        let described = validator.is_valid(&json!(address));
        let enforced = agir_model::links::web_address(address).is_some();
        assert_eq!(described, enforced, "{address:?}");
    }
}
