//! The organizers' accounts over HTTP: choosing a password from a one-time link, signing in
//! (and being slowed down, never locked out), sessions and their end, the Origin check,
//! roles, disabled accounts, and revisions that record who published them and why.

use std::time::Duration;

use agir_server::accounts::Role;
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    assert_error, assert_matches_openapi, cli, header_of, run, spawn_app, spawn_app_with, Browser, Options, TestApp,
    FIRST_SESSION, PASSWORD,
};

const CLAIRE: &str = "claire.martin@ville-angers.fr";

/// A browser where Claire has typed a wrong password `times` times, each refused with 401.
async fn claire_mistyping(app: &TestApp, times: usize) -> Browser {
    let browser = app.browser();
    for _ in 0..times {
        let wrong = browser.sign_in(CLAIRE, "pas le bon mot de passe").await;
        assert_error(wrong, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    }
    browser
}

/// Claire signed in on a laptop and on a phone, and the phone's `agir_session=…` cookie.
async fn claire_on_two_devices(app: &TestApp) -> (Browser, Browser, String) {
    let laptop = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let phone = app.browser();
    let signed_in = phone.sign_in(CLAIRE, PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookie = header_of(&signed_in, "set-cookie");
    let cookie = cookie.split(';').next().unwrap().to_owned();
    (laptop, phone, cookie)
}

#[tokio::test]
async fn a_password_link_works_once() {
    // Arrange
    let app = spawn_app().await;
    let link = app.account("Claire Martin", CLAIRE, Role::Organisateur).await;
    let browser = app.browser();
    // Act
    let first = browser.choose_password(&link, PASSWORD).await;
    let again = browser.choose_password(&link, "un autre mot de passe").await;
    // Assert
    assert_eq!(first.status(), StatusCode::NO_CONTENT);
    let body = assert_error(again, StatusCode::UNPROCESSABLE_ENTITY, "link_invalid").await;
    assert_eq!(
        body["message"],
        "Ce lien n'est plus valable : demandez-en un nouveau à un organisateur."
    );
    assert_eq!(browser.sign_in(CLAIRE, PASSWORD).await.status(), StatusCode::OK);
    let second = browser.sign_in(CLAIRE, "un autre mot de passe").await;
    assert_error(second, StatusCode::UNAUTHORIZED, "bad_credentials").await;
}

#[tokio::test]
async fn a_link_expires_after_72_hours() {
    // Arrange
    let app = spawn_app().await;
    let link = app.account("Claire Martin", CLAIRE, Role::Organisateur).await;
    app.clock.advance(Duration::from_secs(72 * 3600));
    // Act
    let late = app.browser().choose_password(&link, PASSWORD).await;
    let unknown = app.browser().choose_password("pas-un-lien", PASSWORD).await;
    // Assert
    assert_error(late, StatusCode::UNPROCESSABLE_ENTITY, "link_invalid").await;
    assert_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "link_invalid").await;
}

#[tokio::test]
async fn a_weak_password_is_refused_and_the_link_still_works() {
    // Arrange
    let app = spawn_app().await;
    let link = app.account("Claire Martin", CLAIRE, Role::Organisateur).await;
    let browser = app.browser();
    // Act
    let short = browser.choose_password(&link, "onze-signes").await;
    let email = browser.choose_password(&link, &CLAIRE.to_uppercase()).await;
    let good = browser.choose_password(&link, PASSWORD).await;
    // Assert
    let body = assert_error(short, StatusCode::UNPROCESSABLE_ENTITY, "weak_password").await;
    assert!(body["message"].as_str().unwrap().contains("12 caractères"), "{body}");
    assert_error(email, StatusCode::UNPROCESSABLE_ENTITY, "weak_password").await;
    assert_eq!(good.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn signing_in_opens_a_session_the_cookie_carries() {
    // Arrange
    let app = spawn_app().await;
    app.account_with_password("Claire Martin", CLAIRE, Role::Organisateur)
        .await;
    let browser = app.browser();
    // Act: the address typed in another case.
    let response = browser.sign_in(&CLAIRE.to_uppercase(), PASSWORD).await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    let cookie = header_of(&response, "set-cookie");
    let (value, attributes) = cookie.split_once("; ").unwrap();
    let token = value.strip_prefix("agir_session=").unwrap();
    assert_eq!(token.len(), 43, "32 random bytes in base64url: {token}");
    assert_eq!(attributes, "HttpOnly; SameSite=Strict; Path=/; Max-Age=43200");
    let me: Value = response.json().await.unwrap();
    assert_eq!(
        me,
        json!({"nom": "Claire Martin", "email": CLAIRE, "role": "organisateur"})
    );
    assert_matches_openapi("/api/comptes/connexion", "post", "200", &me);
    let again: Value = browser.get("/api/comptes/moi").await.json().await.unwrap();
    assert_eq!(again, me);
    let stranger = app.browser().get("/api/comptes/moi").await;
    assert_error(stranger, StatusCode::UNAUTHORIZED, "signed_out").await;
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_site_is_https() {
    // Arrange
    let app = spawn_app_with(Options {
        public_url: Some("https://agir.example.org"),
        ..Options::default()
    })
    .await;
    app.account_with_password("Claire Martin", CLAIRE, Role::Organisateur)
        .await;
    // Act
    let response = app.browser().sign_in(CLAIRE, PASSWORD).await;
    let from_host = app
        .browser()
        .raw(Method::POST, "/api/comptes/connexion")
        .header(header::ORIGIN, &app.base)
        .json(&json!({"email": CLAIRE, "mot_de_passe": PASSWORD}))
        .send()
        .await
        .unwrap();
    // Assert: the console also opens at the server's own address (an organizer printing
    // from the machine that runs it), never from another site.
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_of(&response, "set-cookie").ends_with("; Secure"));
    assert_eq!(from_host.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    // Arrange
    let app = spawn_app().await;
    app.account_with_password("Claire Martin", CLAIRE, Role::Organisateur)
        .await;
    let _pending = app.account("Paul Durand", "paul@ville.fr", Role::Organisateur).await;
    let browser = app.browser();
    // Act
    let wrong = browser.sign_in(CLAIRE, "pas le bon mot de passe").await;
    let unknown = browser.sign_in("personne@ville.fr", PASSWORD).await;
    let no_password_yet = browser.sign_in("paul@ville.fr", PASSWORD).await;
    // Assert
    assert!(wrong.headers().get("set-cookie").is_none());
    let wrong = assert_error(wrong, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    let unknown = assert_error(unknown, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    let pending = assert_error(no_password_yet, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    assert_eq!(wrong, unknown);
    assert_eq!(wrong, pending);
}

#[tokio::test]
async fn three_failures_slow_sign_in_down_without_locking_anyone_out() {
    // Arrange
    let app = spawn_app().await;
    app.account_with_password("Claire Martin", CLAIRE, Role::Organisateur)
        .await;
    let browser = claire_mistyping(&app, 3).await;
    // Act: the right password during the delay, then after it.
    let during = browser.sign_in(CLAIRE, PASSWORD).await;
    app.clock.advance(Duration::from_secs(2));
    let after = browser.sign_in(CLAIRE, PASSWORD).await;
    // Assert
    assert_eq!(header_of(&during, "retry-after"), "2");
    let body = assert_error(during, StatusCode::TOO_MANY_REQUESTS, "slow_down").await;
    assert!(body["message"].as_str().unwrap().contains("2 s"), "{body}");
    assert_eq!(after.status(), StatusCode::OK, "slowed down, never locked out");
    // The success forgot the failures: one more is not a fourth.
    let wrong = browser.sign_in(CLAIRE, "pas le bon mot de passe").await;
    assert_error(wrong, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    assert_eq!(browser.sign_in(CLAIRE, PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn each_new_failure_doubles_the_delay() {
    // Arrange: three failures, the 2-second delay waited out, a fourth failure.
    let app = spawn_app().await;
    app.account_with_password("Claire Martin", CLAIRE, Role::Organisateur)
        .await;
    claire_mistyping(&app, 3).await;
    app.clock.advance(Duration::from_secs(2));
    let browser = claire_mistyping(&app, 1).await;
    // Act
    let slowed = browser.sign_in(CLAIRE, PASSWORD).await;
    let other = app.signed_in("Paul Durand", "paul@ville.fr", Role::Organisateur).await;
    // Assert
    assert_eq!(header_of(&slowed, "retry-after"), "4");
    assert_error(slowed, StatusCode::TOO_MANY_REQUESTS, "slow_down").await;
    let me: Value = other.get("/api/comptes/moi").await.json().await.unwrap();
    assert_eq!(
        me["nom"], "Paul Durand",
        "a colleague at the same address is not slowed"
    );
}

#[tokio::test]
async fn twenty_failures_from_one_address_slow_that_address_down() {
    // Arrange
    let app = spawn_app().await;
    app.account_with_password("Claire Martin", CLAIRE, Role::Organisateur)
        .await;
    let browser = app.browser();
    for n in 0..20 {
        let wrong = browser.sign_in(&format!("essai{n}@ville.fr"), "au hasard").await;
        assert_error(wrong, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    }
    // Act
    let slowed = browser.sign_in(CLAIRE, PASSWORD).await;
    app.clock.advance(Duration::from_secs(2));
    let after = browser.sign_in(CLAIRE, PASSWORD).await;
    // Assert
    assert_eq!(header_of(&slowed, "retry-after"), "2");
    assert_error(slowed, StatusCode::TOO_MANY_REQUESTS, "slow_down").await;
    assert_eq!(after.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in() {
    // Arrange
    let app = spawn_app().await;
    let browser = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    app.clock.advance(Duration::from_secs(12 * 3600 - 60));
    assert_eq!(browser.get("/api/comptes/moi").await.status(), StatusCode::OK);
    // Act
    app.clock.advance(Duration::from_secs(60));
    let me = browser.get("/api/comptes/moi").await;
    let feedback = browser.get("/api/admin/feedback").await;
    // Assert
    let body = assert_error(me, StatusCode::UNAUTHORIZED, "signed_out").await;
    assert_eq!(
        body["message"],
        "Votre session a expiré : reconnectez-vous. Votre brouillon est gardé sur cet appareil."
    );
    assert_error(feedback, StatusCode::UNAUTHORIZED, "signed_out").await;
}

#[tokio::test]
async fn a_cookie_write_from_another_origin_is_refused() {
    // Arrange
    let app = spawn_app().await;
    let browser = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let (_, etag) = app.edition().await;
    let cancel = json!({"status": "cancelled"});
    let path = format!("/api/admin/sessions/{FIRST_SESSION}?note=Annulée");
    // Act
    let elsewhere = browser
        .raw(Method::PATCH, &path)
        .header(header::ORIGIN, "https://pas-le-site.example")
        .header(header::IF_MATCH, &etag)
        .json(&cancel)
        .send()
        .await
        .unwrap();
    let no_origin = browser
        .raw(Method::PATCH, &path)
        .header(header::IF_MATCH, &etag)
        .json(&cancel)
        .send()
        .await
        .unwrap();
    let unchanged = app.edition().await.1;
    let same_site = browser
        .patch_session(FIRST_SESSION, &etag, Some("Annulée"), cancel.clone())
        .await;
    // Assert
    assert_error(elsewhere, StatusCode::FORBIDDEN, "bad_origin").await;
    assert_error(no_origin, StatusCode::FORBIDDEN, "bad_origin").await;
    assert_eq!(unchanged, etag, "nothing was published");
    assert_eq!(same_site.status(), StatusCode::OK);
    let read = browser.raw(Method::GET, "/api/admin/feedback").send().await.unwrap();
    assert_eq!(read.status(), StatusCode::OK, "reading needs no Origin");
}

#[tokio::test]
async fn a_disabled_account_can_neither_sign_in_nor_keep_its_session() {
    // Arrange
    let app = spawn_app().await;
    let browser = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    // Act
    let disabled = run(cli().args(["organizer", "disable", CLAIRE, "--db"]).arg(app.db())).await;
    let session = browser.get("/api/admin/feedback").await;
    let right = app.browser().sign_in(CLAIRE, PASSWORD).await;
    let wrong = app.browser().sign_in(CLAIRE, "pas le bon mot de passe").await;
    // Assert
    assert_eq!(disabled.code, 0, "{}", disabled.stderr);
    assert_error(session, StatusCode::UNAUTHORIZED, "signed_out").await;
    assert_error(right, StatusCode::FORBIDDEN, "account_disabled").await;
    assert_error(wrong, StatusCode::UNAUTHORIZED, "bad_credentials").await;
}

#[tokio::test]
async fn a_moderator_cannot_publish_or_read_the_admin_routes() {
    // Arrange
    let app = spawn_app().await;
    let browser = app.signed_in("Inès Leroy", "ines@ville.fr", Role::Moderation).await;
    let (_, etag) = app.edition().await;
    // Act
    let patch = browser
        .patch_session(FIRST_SESSION, &etag, Some("Annulée"), json!({"status": "cancelled"}))
        .await;
    let feedback = browser.get("/api/admin/feedback").await;
    let me: Value = browser.get("/api/comptes/moi").await.json().await.unwrap();
    // Assert
    let body = assert_error(patch, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(
        body["message"],
        "Votre compte est un compte de modération : il ne peut ni publier le programme ni lire les avis et le bilan."
    );
    assert_error(feedback, StatusCode::FORBIDDEN, "forbidden").await;
    assert_eq!(me["role"], "moderation");
    assert_eq!(app.edition().await.1, etag);
}

#[tokio::test]
async fn a_cookie_publish_needs_a_note_and_the_history_shows_who_and_why() {
    // Arrange
    let app = spawn_app().await;
    let browser = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    let (_, etag) = app.edition().await;
    let cancel = json!({"status": "cancelled"});
    // Act
    let without = browser.patch_session(FIRST_SESSION, &etag, None, cancel.clone()).await;
    let blank = browser
        .patch_session(FIRST_SESSION, &etag, Some("  "), cancel.clone())
        .await;
    let long = browser
        .patch_session(FIRST_SESSION, &etag, Some(&"é".repeat(501)), cancel.clone())
        .await;
    let with = browser
        .patch_session(FIRST_SESSION, &etag, Some("L'intervenante est malade."), cancel)
        .await;
    let history = browser.get("/api/admin/editions/2013/revisions").await;
    // Assert
    let body = assert_error(without, StatusCode::BAD_REQUEST, "note_required").await;
    assert_eq!(
        body["message"],
        "Dites en une phrase ce qui change : la note aide vos collègues."
    );
    assert_error(blank, StatusCode::BAD_REQUEST, "note_required").await;
    assert_error(long, StatusCode::BAD_REQUEST, "note_too_long").await;
    assert_eq!(with.status(), StatusCode::OK);
    assert_eq!(history.status(), StatusCode::OK);
    let history: Value = history.json().await.unwrap();
    assert_matches_openapi("/api/admin/editions/{edition}/revisions", "get", "200", &history);
    let entries = history.as_array().unwrap();
    assert_eq!(entries.len(), 2, "{history:#}");
    assert_eq!(entries[0]["revision"], 2, "newest first");
    assert_eq!(entries[0]["published_by"], "Claire Martin");
    assert_eq!(entries[0]["note"], "L'intervenante est malade.");
    assert_eq!(
        entries[0]["changes"],
        json!([{"session": FIRST_SESSION, "kind": "cancelled", "before": "scheduled", "after": "cancelled"}])
    );
    assert_eq!(entries[1]["revision"], 1);
    assert_eq!(entries[1]["published_by"], Value::Null, "seeded at start");
    assert_eq!(entries[1]["changes"], json!([]));
}

#[tokio::test]
async fn the_token_still_works_and_each_publisher_is_named() {
    // Arrange: revision 2 by the command line.
    let app = spawn_app().await;
    let imported = run(cli().args(["session", "cancel", FIRST_SESSION, "--db"]).arg(app.db())).await;
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let etag = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let (_, etag) = app.edition().await;
            if etag == "\"2013-2\"" {
                break etag;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("the server serves what the command line published");
    // Act: revision 3 with the token and no note, revision 4 with the token and a note.
    let restored = app
        .patch_session(FIRST_SESSION, &etag, json!({"status": "scheduled"}))
        .await;
    let etag = header_of(&restored, "etag");
    let moved = app
        .admin(Method::PATCH, &format!("/api/admin/sessions/{FIRST_SESSION}"))
        .query(&[("note", "Déplacée à la demande du CCAS.")])
        .header(header::IF_MATCH, &etag)
        .json(&json!({"place": "auditorium"}))
        .send()
        .await
        .unwrap();
    let history = app.admin_json("/api/admin/editions/2013/revisions").await;
    // Assert
    assert_eq!(restored.status(), StatusCode::OK);
    assert_eq!(moved.status(), StatusCode::OK);
    let who: Vec<(&Value, &Value)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (&e["published_by"], &e["note"]))
        .collect();
    assert_eq!(
        who,
        [
            (&json!("jeton"), &json!("Déplacée à la demande du CCAS.")),
            (
                &json!("jeton"),
                &json!(format!("séance {FIRST_SESSION} modifiée (API)"))
            ),
            (
                &json!("ligne de commande"),
                &json!(format!("séance {FIRST_SESSION} annulée (ligne de commande)"))
            ),
            (&Value::Null, &history[3]["note"]),
        ]
    );
    let unknown = app
        .admin(Method::GET, "/api/admin/editions/1999/revisions")
        .send()
        .await
        .unwrap();
    assert_error(unknown, StatusCode::NOT_FOUND, "edition_not_found").await;
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account() {
    // Arrange: Claire on two devices, Paul on one.
    let app = spawn_app().await;
    let (laptop, phone, _) = claire_on_two_devices(&app).await;
    let paul = app.signed_in("Paul Durand", "paul@ville.fr", Role::Organisateur).await;
    // Act
    let out = phone.post("/api/comptes/deconnexion-partout", &json!({})).await;
    // Assert
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(header_of(&out, "set-cookie").contains("Max-Age=0"));
    for browser in [&laptop, &phone] {
        let me = browser.get("/api/comptes/moi").await;
        assert_error(me, StatusCode::UNAUTHORIZED, "signed_out").await;
    }
    assert_eq!(paul.get("/api/comptes/moi").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_out_ends_this_session_only() {
    // Arrange
    let app = spawn_app().await;
    let (laptop, phone, cookie) = claire_on_two_devices(&app).await;
    // Act
    let forged = phone
        .raw(Method::POST, "/api/comptes/deconnexion")
        .header(header::ORIGIN, "https://pas-le-site.example")
        .send()
        .await
        .unwrap();
    let out = phone.post("/api/comptes/deconnexion", &json!({})).await;
    let again = phone.post("/api/comptes/deconnexion", &json!({})).await;
    // Assert
    assert_error(forged, StatusCode::FORBIDDEN, "bad_origin").await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(again.status(), StatusCode::NO_CONTENT, "signing out twice is harmless");
    let me = phone.get("/api/comptes/moi").await;
    assert_error(me, StatusCode::UNAUTHORIZED, "signed_out").await;
    let replayed = app
        .client
        .get(app.url("/api/comptes/moi"))
        .header(header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_error(replayed, StatusCode::UNAUTHORIZED, "signed_out").await;
    assert_eq!(laptop.get("/api/comptes/moi").await.status(), StatusCode::OK);
}
