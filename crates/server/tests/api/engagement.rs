//! « Je veux m'engager », the visitor's and the organizers' side: a request stored once per
//! key, refused field by field in French, withdrawn for good; limits per device and per
//! address; the organizers' counts and the bilan, which outlive the retention period; no
//! request in any public document. The association's page is in `engagement_association`.

use std::time::Duration;

use agir_server::accounts::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::engagement_helpers::{request, request_ids, ACCUEIL, RESTO, TOIT};
use crate::helpers::{assert_error, assert_matches_openapi, detail_paths, header_of, key, spawn_app};

#[tokio::test]
async fn a_request_sent_twice_is_stored_once() {
    // Arrange
    let app = spawn_app().await;
    let cle = key();
    let body = request(RESTO, &cle, "Je peux aider le samedi.");
    // Act
    let first = app.send_request(&body).await;
    let retry = app.send_request(&body).await;
    // Assert
    assert_eq!(first.status(), StatusCode::CREATED);
    assert_eq!(retry.status(), StatusCode::OK);
    let first: Value = first.json().await.unwrap();
    let retry: Value = retry.json().await.unwrap();
    assert_matches_openapi("/api/engagement/demandes", "post", "201", &first);
    assert_eq!(first["statut"], "recue");
    assert_eq!(first.as_object().unwrap().len(), 2, "no id, nothing else: {first}");
    assert!(first["recue_le"].as_str().unwrap().ends_with('Z'), "UTC: {first}");
    assert_eq!(retry, first, "the same answer");
    let line = app.engagement_line(RESTO).await;
    assert_eq!((line["demandes"].clone(), line["recues"].clone()), (json!(1), json!(1)));
    let page = app.association(RESTO).await;
    assert_eq!(request_ids(&app.page(&page).await.1).len(), 1);
}

#[tokio::test]
async fn a_key_reused_for_another_request_is_a_409() {
    // Arrange
    let app = spawn_app().await;
    let cle = key();
    app.send_request(&request(RESTO, &cle, "Premier message")).await;
    // Act
    let other = app.send_request(&request(RESTO, &cle, "Autre message")).await;
    let spaced = app.send_request(&request(RESTO, &cle, "  Premier message \n")).await;
    // Assert
    assert_error(other, StatusCode::CONFLICT, "idempotency_conflict").await;
    assert_eq!(
        spaced.status(),
        StatusCode::OK,
        "the same request once normalized is a retry"
    );
    assert_eq!(app.engagement_line(RESTO).await["recues"], 1);
}

#[tokio::test]
async fn a_wrong_request_is_refused_in_french_and_stores_nothing() {
    // Arrange
    let app = spawn_app().await;
    let refused = |body: Value| {
        let app = &app;
        async move {
            let body = assert_error(
                app.send_request(&body).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_contact_request",
            )
            .await;
            assert_matches_openapi("/api/engagement/demandes", "post", "422", &body);
            body
        }
    };
    let with = |field: &str, value: Value| {
        let mut body = request(RESTO, &key(), "");
        body[field] = value;
        body
    };
    // Act
    let no_consent = refused(with("consentement", json!(false))).await;
    let email = refused(with("contact", json!("marie@exemple"))).await;
    let mission = refused(with("missions", json!(["Repeindre la salle"]))).await;
    let mut closed = request(ACCUEIL, &key(), "");
    closed["missions"] = json!([]);
    let closed = refused(closed).await;
    let several = refused(json!({
        "cle": "pas-une-cle", "edition": "2013", "stand": RESTO, "appareil": "court",
        "prenom": " ", "contact": "", "consentement": false,
    }))
    .await;
    // Assert
    let message = |body: &Value| body["message"].as_str().unwrap().to_owned();
    assert!(message(&no_consent).contains("Resto Troc"), "{no_consent}");
    assert_eq!(detail_paths(&no_consent), ["/consentement"]);
    assert_eq!(detail_paths(&email), ["/contact"]);
    assert!(message(&email).contains("adresse e-mail"), "{email}");
    assert_eq!(detail_paths(&mission), ["/missions"]);
    assert!(message(&mission).contains("Repeindre la salle"), "{mission}");
    assert_eq!(detail_paths(&closed), ["/stand"]);
    assert!(message(&closed).contains("ne reçoit pas de demandes"), "{closed}");
    assert_eq!(
        detail_paths(&several),
        [
            "/prenom",
            "/contact",
            "/disponibilites",
            "/consentement",
            "/cle",
            "/appareil"
        ]
    );
    assert_eq!(
        message(&several),
        "Indiquez votre prénom.",
        "the first field's sentence"
    );
    assert_eq!(app.engagement_line(RESTO).await["recues"], 0);
    let incomplete = app.send_request(&json!({"edition": "2013"})).await;
    assert_error(incomplete, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
    let mut elsewhere = request(RESTO, &key(), "");
    elsewhere["edition"] = json!("1999");
    assert_error(
        app.send_request(&elsewhere).await,
        StatusCode::NOT_FOUND,
        "edition_not_found",
    )
    .await;
}

#[tokio::test]
async fn a_withdrawn_request_is_gone_and_its_key_stores_nothing_after() {
    // Arrange
    let app = spawn_app().await;
    let kept = app.new_request(RESTO, "Je reste").await;
    let cle = key();
    let body = request(RESTO, &cle, "Finalement non");
    app.send_request(&body).await;
    let page = app.association(RESTO).await;
    // Act
    let withdrawn = app.withdraw_request(&cle).await;
    let again = app.withdraw_request(&cle).await;
    let late = app.send_request(&body).await;
    let never_sent = app.withdraw_request(&key()).await;
    let not_a_key = app.withdraw_request("pas-une-cle").await;
    // Assert
    assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    assert_eq!(never_sent.status(), StatusCode::NO_CONTENT, "nothing revealed");
    assert_error(not_a_key, StatusCode::BAD_REQUEST, "invalid_key").await;
    assert_eq!(late.status(), StatusCode::OK);
    let late: Value = late.json().await.unwrap();
    assert_eq!(late, json!({"statut": "retiree"}));
    assert_matches_openapi("/api/engagement/demandes", "post", "200", &late);
    let html = app.page(&page).await.1;
    assert_eq!(request_ids(&html).len(), 1, "{html}");
    assert!(html.contains("Je reste") && !html.contains("Finalement non"));
    let line = app.engagement_line(RESTO).await;
    assert_eq!((line["demandes"].clone(), line["recues"].clone()), (json!(1), json!(1)));
    assert!(!kept.is_empty());
}

#[tokio::test]
async fn organizers_see_counts_and_links_never_requests() {
    // Arrange
    let app = spawn_app().await;
    app.new_request(RESTO, "Message privé pour Resto Troc").await;
    // Act
    let made = app.link(RESTO, true).await;
    let lines = app.engagement().await;
    // Assert
    assert_matches_openapi("/api/admin/engagement", "get", "200", &lines);
    assert_matches_openapi("/api/admin/engagement/{stand}/lien", "post", "200", &made);
    let stands: Vec<&str> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["stand"].as_str().unwrap())
        .collect();
    assert!(stands.contains(&RESTO) && stands.contains(&TOIT), "{stands:?}");
    assert!(!stands.contains(&ACCUEIL), "a stand without volunteering has no line");
    let text = lines.to_string();
    assert!(
        !text.contains("Message privé") && !text.contains("marie.dupont"),
        "{text}"
    );
    assert!(made["lien"].as_str().unwrap().starts_with("/association/"));
    assert_eq!(
        made["lien"].as_str().unwrap().len(),
        "/association/".len() + 43,
        "32 bytes"
    );
    assert!(made["lien_cree_le"].as_str().is_some());
    let unknown = app
        .admin(Method::POST, &format!("/api/admin/engagement/{ACCUEIL}/lien"))
        .send()
        .await
        .unwrap();
    assert_error(unknown, StatusCode::NOT_FOUND, "stand_not_found").await;
}

#[tokio::test]
async fn a_moderator_gets_403_and_a_stranger_401_on_the_organizers_routes() {
    // Arrange
    let app = spawn_app().await;
    let moderator = app
        .signed_in("Hugo Morel", "hugo.morel@angers.fr", Role::Moderation)
        .await;
    let routes = [
        (Method::GET, "/api/admin/engagement".to_owned()),
        (Method::POST, format!("/api/admin/engagement/{RESTO}/lien")),
        (Method::DELETE, format!("/api/admin/engagement/{RESTO}/lien")),
    ];
    for (method, path) in routes {
        // Act
        let as_moderator = moderator.request(method.clone(), &path).send().await.unwrap();
        let as_stranger = app.client.request(method.clone(), app.url(&path)).send().await.unwrap();
        // Assert
        assert_error(as_moderator, StatusCode::FORBIDDEN, "forbidden").await;
        assert_error(as_stranger, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
}

#[tokio::test]
async fn past_the_retention_period_requests_go_and_their_count_stays() {
    // Arrange: a request at T, the association's link.
    let app = spawn_app().await;
    app.new_request(RESTO, "Au printemps prochain").await;
    let page = app.association(RESTO).await;
    // Act: the clock moved past T + 6 months.
    app.clock.advance(Duration::from_secs(185 * 24 * 3600));
    // Assert: gone from every view at once…
    let html = app.page(&page).await.1;
    assert!(
        request_ids(&html).is_empty() && html.contains("Aucune demande"),
        "{html}"
    );
    let csv = app.get(&format!("{page}/demandes.csv")).await.text().await.unwrap();
    assert!(!csv.contains("Au printemps"), "{csv}");
    let line = app.engagement_line(RESTO).await;
    assert_eq!((line["demandes"].clone(), line["recues"].clone()), (json!(0), json!(1)));
    let bilan = app.bilan().await;
    assert_matches_openapi("/api/admin/bilan", "get", "200", &bilan);
    let resto = bilan["engagement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["stand"] == RESTO)
        .unwrap();
    assert_eq!(resto, &json!({"stand": RESTO, "nom": "Resto Troc", "demandes": 1}));
    assert_eq!(bilan["engagement"][0]["stand"], RESTO, "the most asked first");
    // …and deleted from the database by the periodic purge.
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.db().display()))
        .await
        .unwrap();
    let mut left = 1;
    for _ in 0..50 {
        left = sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM contact_requests")
            .fetch_one(&db)
            .await
            .unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left, 0, "purged within 5 s");
}

#[tokio::test]
async fn a_device_or_an_address_past_its_limit_gets_a_429_with_retry_after() {
    // Arrange: five requests from one phone.
    let app = spawn_app().await;
    let phone = |n: usize| {
        let mut body = request(RESTO, &key(), &format!("Demande {n}"));
        body["appareil"] = json!("appareil-du-meme-visiteur");
        body
    };
    let first = phone(0);
    app.send_request(&first).await;
    for n in 1..5 {
        assert_eq!(app.send_request(&phone(n)).await.status(), StatusCode::CREATED);
    }
    // Act
    let sixth = app.send_request(&phone(5)).await;
    let retry = app.send_request(&first).await;
    // Assert
    assert_eq!(
        header_of(&sixth, "retry-after"),
        "720",
        "5 an hour: one every 12 minutes"
    );
    let body = assert_error(sixth, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("demandes de contact depuis cet appareil"));
    assert_eq!(retry.status(), StatusCode::OK, "a retry is answered whatever the limit");
    // Act: 60 an hour from one address, whatever the devices (7 sent so far).
    for _ in 7..60 {
        let sent = app.send_request(&request(TOIT, &key(), "")).await;
        assert_eq!(sent.status(), StatusCode::CREATED);
    }
    let past = app.send_request(&request(TOIT, &key(), "")).await;
    // Assert
    assert!(header_of(&past, "retry-after").parse::<u64>().unwrap() >= 1);
    let body = assert_error(past, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("Trop d'envois depuis votre connexion"));
}

#[tokio::test]
async fn no_public_document_holds_a_request() {
    // Arrange
    let app = spawn_app().await;
    let mut body = request(RESTO, &key(), "Message confidentiel 7319");
    body["contact"] = json!("confidentiel.7319@exemple.fr");
    assert_eq!(app.send_request(&body).await.status(), StatusCode::CREATED);
    // Act & Assert
    for path in [
        "/api/edition",
        "/api/editions/2013",
        "/",
        "/village/resto-troc",
        "/api/openapi.json",
        "/sw.js",
    ] {
        let text = app.get(path).await.text().await.unwrap();
        assert!(!text.contains("7319"), "{path} holds a request");
    }
}

#[test]
fn the_service_worker_leaves_the_associations_pages_and_the_requests_to_the_network() {
    let sw = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/sw.js")).unwrap();
    let skip = sw
        .find("url.pathname.startsWith('/association/')) return;")
        .expect("the service worker skips /association/");
    let navigate = sw.find("request.mode === 'navigate'").unwrap();
    assert!(
        skip < navigate,
        "skipped before any navigation is answered with the shell"
    );
    // Only the programme is kept from the API; `/api/engagement/…` falls to the network.
    let api = sw.find("url.pathname.startsWith('/api/')) {\n    return;").unwrap();
    let cached = sw
        .find("url.pathname === '/api/edition' || url.pathname.startsWith('/api/editions/')")
        .unwrap();
    assert!(cached < api);
}
