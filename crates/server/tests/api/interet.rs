//! Interest: each device's bookmarked sessions, replaced whole, withdrawn on request, counted
//! in the bilan; the device id kept as sent and nothing else about the device.

use reqwest::StatusCode;
use serde_json::{json, Value};
use sqlx::Row;

use crate::helpers::{assert_error, assert_matches_openapi, detail_paths, spawn_app, spawn_app_with, Options};

const PHONE_A: &str = "3b0e5a1c-7d2f-4c6e-9a8b-1f2e3d4c5b6a";
const PHONE_B: &str = "Appareil-B-0123456789";

/// The interest of each session in the bilan, by id.
fn interest(bilan: &Value, id: &str) -> u64 {
    bilan["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no {id} in {bilan}"))["interest"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn two_devices_give_2_and_1_and_a_withdrawal_drops_them() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let a = app
        .interest(
            PHONE_A,
            &json!({"edition": "2013", "sessions": ["ouverture", "table-ronde-parcours"]}),
        )
        .await;
    let b = app.interest(PHONE_B, &json!({"sessions": ["ouverture"]})).await;
    let both = app.bilan().await;
    let withdrawn = app.withdraw(PHONE_A, None).await;
    let again = app.withdraw(PHONE_A, None).await;
    let after = app.bilan().await;
    // Assert
    assert_eq!(a.status(), StatusCode::OK);
    assert_matches_openapi("/api/interet/{device}", "put", "200", &a.json().await.unwrap());
    assert_eq!(b.status(), StatusCode::OK);
    assert_matches_openapi("/api/admin/bilan", "get", "200", &both);
    assert_eq!(interest(&both, "ouverture"), 2);
    assert_eq!(interest(&both, "table-ronde-parcours"), 1);
    assert_eq!(both["sessions"][0]["id"], "ouverture", "the most wanted first");
    assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "withdrawing twice is fine");
    assert_eq!(interest(&after, "ouverture"), 1);
    assert_eq!(interest(&after, "table-ronde-parcours"), 0);
}

#[tokio::test]
async fn a_set_replaces_the_last_one_once_per_session_in_programme_order() {
    // Arrange
    let app = spawn_app().await;
    app.interest(PHONE_A, &json!({"sessions": ["ouverture", "conclusion"]}))
        .await;
    // Act
    let replaced = app
        .interest(
            PHONE_A,
            &json!({"sessions": ["conclusion", "debat-seniors-benevolat", "conclusion"]}),
        )
        .await;
    let repeated = app
        .interest(
            PHONE_A,
            &json!({"sessions": ["conclusion", "debat-seniors-benevolat", "conclusion"]}),
        )
        .await;
    // Assert
    let body: Value = replaced.json().await.unwrap();
    assert_eq!(
        body,
        json!({"edition": "2013", "sessions": ["debat-seniors-benevolat", "conclusion"]})
    );
    assert_eq!(repeated.json::<Value>().await.unwrap(), body, "idempotent");
    let bilan = app.bilan().await;
    assert_eq!(interest(&bilan, "ouverture"), 0, "replaced, not added to");
    assert_eq!(interest(&bilan, "conclusion"), 1);
}

#[tokio::test]
async fn unknown_sessions_and_bad_ids_are_refused_and_change_nothing() {
    // Arrange
    let app = spawn_app().await;
    app.interest(PHONE_A, &json!({"sessions": ["ouverture"]})).await;
    // Act
    let unknown = app
        .interest(PHONE_A, &json!({"sessions": ["conclusion", "seance-inconnue", "x/y"]}))
        .await;
    let short = app.interest("trop-court", &json!({"sessions": []})).await;
    let accented = app.interest("appareil-de-clàire-0123", &json!({"sessions": []})).await;
    let unknown_edition = app.interest(PHONE_A, &json!({"edition": "1999", "sessions": []})).await;
    let withdraw_bad = app.withdraw("a_b", None).await;
    // Assert
    let body = assert_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "invalid_interest").await;
    assert_eq!(detail_paths(&body), ["/sessions/1", "/sessions/2"]);
    assert_eq!(
        body["details"][0]["message"],
        "« seance-inconnue » n'est pas une séance de l'édition 2013."
    );
    assert_error(short, StatusCode::BAD_REQUEST, "invalid_device").await;
    assert_error(accented, StatusCode::BAD_REQUEST, "invalid_device").await;
    assert_error(unknown_edition, StatusCode::NOT_FOUND, "edition_not_found").await;
    assert_error(withdraw_bad, StatusCode::BAD_REQUEST, "invalid_device").await;
    let bilan = app.bilan().await;
    assert_eq!(interest(&bilan, "ouverture"), 1, "the old set stands");
    assert_eq!(interest(&bilan, "conclusion"), 0);
}

#[tokio::test]
async fn a_withdrawal_for_one_edition_keeps_the_others() {
    // Arrange
    let app = spawn_app().await;
    let doc = crate::helpers::demo_as("2014", "2014-10-07");
    assert_eq!(app.create_edition(&doc).await.status(), StatusCode::CREATED);
    app.interest(PHONE_A, &json!({"edition": "2013", "sessions": ["ouverture"]}))
        .await;
    app.interest(PHONE_A, &json!({"edition": "2014", "sessions": ["ouverture"]}))
        .await;
    // Act
    let withdrawn = app.withdraw(PHONE_A, Some("2013")).await;
    // Assert
    assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
    assert_eq!(interest(&app.bilan().await, "ouverture"), 0);
    let b2014 = app.admin_json("/api/admin/bilan?edition=2014").await;
    assert_eq!(interest(&b2014, "ouverture"), 1);
}

#[tokio::test]
async fn only_the_device_id_is_kept_as_sent() {
    // Arrange
    let app = spawn_app().await;
    // Act
    app.interest(PHONE_B, &json!({"sessions": ["ouverture"]})).await;
    // Assert: the table holds the edition, the id as sent and the session; no address, no time.
    let pool = sqlx::SqlitePool::connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(app.db()))
        .await
        .unwrap();
    let columns: Vec<String> = sqlx::query("SELECT name FROM pragma_table_info('interest') ORDER BY cid")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(columns, ["edition", "device", "session"]);
    let device: String = sqlx::query("SELECT device FROM interest")
        .fetch_one(&pool)
        .await
        .unwrap()
        .get(0);
    assert_eq!(device, PHONE_B, "case and all");
}

#[tokio::test]
async fn too_many_updates_get_429() {
    // Arrange: two a minute.
    let app = spawn_app_with(Options {
        feedback_rate: 2,
        ..Options::default()
    })
    .await;
    // Act
    let mut statuses = Vec::new();
    for _ in 0..2 {
        statuses.push(app.interest(PHONE_A, &json!({"sessions": []})).await.status());
    }
    let limited = app.withdraw(PHONE_A, None).await;
    // Assert
    assert_eq!(statuses, [StatusCode::OK, StatusCode::OK]);
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}
