//! `agir-server organizer …` (the built binary) against a running server: the link `add`
//! prints works once, `list` says who can sign in, `disable` and `enable`, `reset`.

use agir_server::accounts::Role;
use reqwest::StatusCode;

use crate::helpers::{assert_error, cli, run, spawn_app, Output, TestApp, PASSWORD};

const CLAIRE: &str = "claire.martin@ville-angers.fr";

/// `agir-server organizer ARGS… --db DB`.
async fn organizer(app: &TestApp, args: &[&str]) -> Output {
    run(cli().arg("organizer").args(args).arg("--db").arg(app.db())).await
}

/// The one line `add` and `reset` print on stdout.
fn link_of(out: &Output) -> &str {
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "only the link on stdout: {}", out.stdout);
    lines[0]
}

#[tokio::test]
async fn add_prints_a_link_that_works_once() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let out = organizer(
        &app,
        &[
            "add",
            "Claire Martin",
            "--email",
            CLAIRE,
            "--public-url",
            "https://agir.example.org/",
        ],
    )
    .await;
    let again = organizer(&app, &["add", "Claire M.", "--email", &CLAIRE.to_uppercase()]).await;
    // Assert
    let link = link_of(&out);
    let token = link
        .strip_prefix("https://agir.example.org/organisateurs/mot-de-passe#")
        .unwrap_or_else(|| panic!("{link}"));
    assert_eq!(token.len(), 43);
    assert!(out.stderr.contains("72 h"), "{}", out.stderr);
    let browser = app.browser();
    let chosen = browser.choose_password(link, PASSWORD).await;
    assert_eq!(
        chosen.status(),
        StatusCode::NO_CONTENT,
        "the whole link pasted works too"
    );
    let twice = browser.choose_password(token, PASSWORD).await;
    assert_error(twice, StatusCode::UNPROCESSABLE_ENTITY, "link_invalid").await;
    assert_eq!(browser.sign_in(CLAIRE, PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("organizer reset"), "{}", again.stderr);
}

#[tokio::test]
async fn the_link_goes_to_the_public_url_from_the_environment_or_the_default() {
    // Arrange
    let app = spawn_app().await;
    // Act
    let from_env = run(cli()
        .env("AGIR_PUBLIC_URL", "https://agir.angers.fr")
        .args(["organizer", "add", "Claire Martin", "--email", CLAIRE, "--db"])
        .arg(app.db()))
    .await;
    let default = organizer(&app, &["add", "Paul Durand", "--email", "paul@ville.fr"]).await;
    let wrong = organizer(
        &app,
        &[
            "add",
            "Inès Leroy",
            "--email",
            "ines@ville.fr",
            "--public-url",
            "agir.fr",
        ],
    )
    .await;
    let bad_email = organizer(&app, &["add", "Inès Leroy", "--email", "ines"]).await;
    // Assert
    assert!(link_of(&from_env).starts_with("https://agir.angers.fr/organisateurs/mot-de-passe#"));
    assert!(link_of(&default).starts_with("http://127.0.0.1:8080/organisateurs/mot-de-passe#"));
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
    assert!(wrong.stderr.contains("--public-url"), "{}", wrong.stderr);
    assert_eq!(bad_email.code, 2, "{}", bad_email.stderr);
    assert!(bad_email.stderr.contains("--email"), "{}", bad_email.stderr);
}

#[tokio::test]
async fn list_shows_role_state_and_last_sign_in() {
    // Arrange
    let app = spawn_app().await;
    let empty = organizer(&app, &["list"]).await;
    app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    app.account("Inès Leroy", "ines@ville.fr", Role::Moderation).await;
    // Act
    let out = organizer(&app, &["list"]).await;
    // Assert
    assert!(empty.stdout.contains("Aucun compte"), "{}", empty.stdout);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let lines: Vec<Vec<&str>> = out.stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), 2, "{}", out.stdout);
    assert_eq!(lines[0][..4], ["Claire Martin", CLAIRE, "organisateur", "actif"]);
    assert!(lines[0][4].starts_with("dernière connexion le "), "{}", lines[0][4]);
    assert_eq!(
        lines[1],
        [
            "Inès Leroy",
            "ines@ville.fr",
            "moderation",
            "mot de passe à choisir",
            "jamais connecté"
        ]
    );
}

#[tokio::test]
async fn disable_stops_the_account_at_once_and_enable_brings_it_back() {
    // Arrange
    let app = spawn_app().await;
    let browser = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    // Act
    let disabled = organizer(&app, &["disable", &CLAIRE.to_uppercase()]).await;
    let listed = organizer(&app, &["list"]).await;
    let refused = app.browser().sign_in(CLAIRE, PASSWORD).await;
    let enabled = organizer(&app, &["enable", CLAIRE]).await;
    let unknown = organizer(&app, &["disable", "personne@ville.fr"]).await;
    // Assert
    assert_eq!(disabled.code, 0, "{}", disabled.stderr);
    assert!(disabled.stdout.contains("Claire Martin"), "{}", disabled.stdout);
    assert!(listed.stdout.contains("\tdésactivé\t"), "{}", listed.stdout);
    let me = browser.get("/api/comptes/moi").await;
    assert_error(me, StatusCode::UNAUTHORIZED, "signed_out").await;
    assert_error(refused, StatusCode::FORBIDDEN, "account_disabled").await;
    assert_eq!(enabled.code, 0, "{}", enabled.stderr);
    assert_eq!(app.browser().sign_in(CLAIRE, PASSWORD).await.status(), StatusCode::OK);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("organizer list"), "{}", unknown.stderr);
}

#[tokio::test]
async fn reset_ends_the_sessions_and_the_old_password_and_gives_a_new_link() {
    // Arrange
    let app = spawn_app().await;
    let browser = app.signed_in("Claire Martin", CLAIRE, Role::Organisateur).await;
    // Act
    let out = organizer(&app, &["reset", CLAIRE]).await;
    let link = link_of(&out).to_owned();
    let me = browser.get("/api/comptes/moi").await;
    let old_password = app.browser().sign_in(CLAIRE, PASSWORD).await;
    let chosen = app
        .browser()
        .choose_password(&link, "un tout nouveau mot de passe")
        .await;
    // Assert
    assert_error(me, StatusCode::UNAUTHORIZED, "signed_out").await;
    assert_error(old_password, StatusCode::UNAUTHORIZED, "bad_credentials").await;
    assert_eq!(chosen.status(), StatusCode::NO_CONTENT);
    let signed_in = app.browser().sign_in(CLAIRE, "un tout nouveau mot de passe").await;
    assert_eq!(signed_in.status(), StatusCode::OK);
}
