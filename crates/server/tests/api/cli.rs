//! The command line (the built binary): help, check, import, session edits, rollback, exports,
//! and the running server picking up what the command line published.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    assert_error, broken_file, calendar_fixture, change_kinds, cli, demo, demo_path, fixture, header_of, import, key,
    prepare_dir, read_csv, run, spawn_app, spawn_app_with, Options, FIRST_SESSION,
};

#[tokio::test]
async fn help_lists_the_commands() {
    // Act
    let out = run(cli().arg("--help")).await;
    let serve = run(cli().args(["serve", "--help"])).await;
    // Assert
    assert_eq!(out.code, 0);
    for command in [
        "serve",
        "check",
        "import",
        "session",
        "rollback",
        "feedback",
        "editions",
        "organizer",
    ] {
        assert!(out.stdout.contains(command), "{command} in {}", out.stdout);
    }
    for flag in [
        "--addr",
        "AGIR_ADDR",
        "--db",
        "--dist",
        "--seed",
        "--public-url",
        "--current",
        "--admin-token-file",
        "--feedback-rate",
    ] {
        assert!(serve.stdout.contains(flag), "{flag} in {}", serve.stdout);
    }
}

#[tokio::test]
async fn a_report_piped_into_a_closed_reader_ends_without_a_panic() {
    // Arrange: `agir-server editions | head -0`.
    let dir = prepare_dir();
    let db = dir.path().join("agir.db");
    let imported = import(&demo_path(), "2013", &db).await;
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let mut child = cli()
        .arg("editions")
        .arg("--db")
        .arg(&db)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    // Act
    let out = tokio::time::timeout(Duration::from_secs(60), child.wait_with_output())
        .await
        .expect("the command finishes")
        .unwrap();
    // Assert
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[tokio::test]
async fn check_accepts_the_demo_and_lists_the_errors_of_a_broken_file() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let broken = broken_file(dir.path());
    // Act
    let good = run(cli().arg("check").arg(demo_path())).await;
    let bad = run(cli().arg("check").arg(&broken)).await;
    // Assert
    assert_eq!(good.code, 0, "{}{}", good.stdout, good.stderr);
    assert!(good.stdout.contains("Bilan : 0 erreur"), "{}", good.stdout);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stdout.contains("erreur /sessions/3/place : Le lieu « nulle-part »"),
        "{}",
        bad.stdout
    );
}

#[tokio::test]
async fn check_reads_a_calendar_and_refuses_a_file_that_is_not_utf8_in_french() {
    // Arrange: the conference's calendar, and a programme saved in Latin-1.
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("programme.ics");
    std::fs::write(&latin1, b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:Journ\xe9e\r\n").unwrap();
    // Act
    let calendar = run(cli().arg("check").arg(calendar_fixture())).await;
    let refused = run(cli().arg("check").arg(&latin1)).await;
    // Assert
    assert_eq!(calendar.code, 0, "{}{}", calendar.stdout, calendar.stderr);
    assert!(
        calendar.stdout.contains("agenda iCalendar (.ics)"),
        "{}",
        calendar.stdout
    );
    assert!(calendar.stdout.contains("12 séances"), "{}", calendar.stdout);
    assert!(calendar.stdout.contains("dure toute la journée"), "{}", calendar.stdout);
    assert_eq!(refused.code, 1);
    assert!(
        refused
            .stderr
            .contains("n'est pas lu : Le fichier n'est pas du texte en UTF-8 (premier caractère illisible ligne 2)"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused.stderr.contains("valid UTF-8"),
        "no English from Rust: {}",
        refused.stderr
    );
}

#[tokio::test]
async fn import_publishes_revisions_and_refuses_broken_files() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("agir.db");
    let broken = broken_file(dir.path());
    // Act
    let first = import(&demo_path(), "2013", &db).await;
    let second = import(&demo_path(), "2013", &db).await;
    let refused = import(&broken, "2013", &db).await;
    let listed = run(cli().arg("editions").arg("--db").arg(&db)).await;
    // Assert
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        first.stdout.contains("Révision 1 publiée pour l'édition 2013"),
        "{}",
        first.stdout
    );
    assert!(second.stdout.contains("Révision 2 "), "{}", second.stdout);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("/sessions/3/place"), "{}", refused.stderr);
    assert!(
        listed.stdout.contains("révision 2 (courante)"),
        "nothing published by the refusal: {}",
        listed.stdout
    );
}

#[tokio::test]
async fn a_revision_imported_by_the_cli_is_served_within_seconds() {
    // Arrange
    let app = spawn_app().await;
    let mut doc = demo();
    doc["sessions"][0]["title"] = "Titre importé".into();
    let file = app.dir.path().join("nouveau.json");
    std::fs::write(&file, doc.to_string()).unwrap();
    // Act
    let out = import(&file, "2013", &app.db()).await;
    // Assert
    assert_eq!(out.code, 0, "{}", out.stderr);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (served, etag) = app.edition().await;
        if etag == "\"2013-2\"" {
            assert_eq!(served["sessions"][0]["title"], "Titre importé");
            break;
        }
        assert!(Instant::now() < deadline, "still serving {etag} after 5 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_write_racing_a_cli_publish_gets_412_naming_the_winner() {
    // Arrange: a server that would not notice the CLI's revision by itself for an hour.
    let app = spawn_app_with(Options {
        poll_every: Duration::from_secs(3600),
        ..Options::default()
    })
    .await;
    let (_, etag) = app.edition().await;
    let out = import(&demo_path(), "2013", &app.db()).await;
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Act
    let response = app
        .patch_session(FIRST_SESSION, &etag, json!({"status": "cancelled"}))
        .await;
    // Assert
    assert_eq!(header_of(&response, "etag"), "\"2013-2\"", "the CLI's revision won");
    assert_error(response, StatusCode::PRECONDITION_FAILED, "precondition_failed").await;
    assert_eq!(app.edition().await.1, "\"2013-2\"", "and it is served at once");
}

#[tokio::test]
async fn cli_edits_move_cancel_roll_back_and_export() {
    // Arrange
    let app = spawn_app().await;
    let db = app.db();
    let with_db = |c: &mut tokio::process::Command| {
        c.arg("--db").arg(&db);
    };
    app.feedback(&json!({"target": "day", "rating": 3, "comment": "=1+1", "key": key()}))
        .await;
    // Act
    let mut c = cli();
    c.args([
        "session",
        "move",
        FIRST_SESSION,
        "--start",
        "10h15",
        "--place",
        "auditorium",
    ]);
    with_db(&mut c);
    let moved = run(&mut c).await;
    let mut c = cli();
    c.args(["session", "cancel", FIRST_SESSION, "--edition", "2013"]);
    with_db(&mut c);
    let cancelled = run(&mut c).await;
    let mut c = cli();
    c.args(["session", "move", "inconnue", "--start", "10:00"]);
    with_db(&mut c);
    let unknown = run(&mut c).await;
    let mut c = cli();
    c.args(["rollback", "1"]);
    with_db(&mut c);
    let rolled_back = run(&mut c).await;
    let mut c = cli();
    c.args(["feedback", "--csv"]);
    with_db(&mut c);
    let csv = run(&mut c).await;
    // Assert
    assert_eq!(moved.code, 0, "{}", moved.stderr);
    assert!(moved.stdout.contains("révision 2"), "{}", moved.stdout);
    assert_eq!(cancelled.code, 0, "{}", cancelled.stderr);
    assert!(cancelled.stdout.contains("révision 3"), "{}", cancelled.stdout);
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("inconnue"), "{}", unknown.stderr);
    assert_eq!(rolled_back.code, 0, "{}", rolled_back.stderr);
    assert!(rolled_back.stdout.contains("révision 4"), "{}", rolled_back.stdout);
    assert_eq!(csv.code, 0);
    let sheet = read_csv(&csv.stdout);
    assert_eq!(
        sheet.headers[..4],
        ["Reçu le", "Édition", "Séance", "Titre de la séance"]
    );
    assert_eq!(sheet.cell(0, "Titre de la séance"), "Toute la journée");
    assert_eq!(sheet.cell(0, "Commentaire"), "'=1+1", "formulas are defused");
    // The running server picks the CLI's revisions up and the feed shows the move.
    let deadline = Instant::now() + Duration::from_secs(5);
    while app.edition().await.1 != "\"2013-4\"" {
        assert!(Instant::now() < deadline, "revision 4 not served");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let changes: Value = app.get("/api/changes?since=1").await.json().await.unwrap();
    assert_eq!(changes["changes"], json!([]), "revision 4 is revision 1 again");
    let changes: Value = app.get("/api/changes?since=2").await.json().await.unwrap();
    let kinds = change_kinds(&changes);
    assert_eq!(kinds, ["time", "place"]);
    assert_eq!(
        changes["changes"][0]["before"],
        "2013-10-08T10:15:00+02:00/2013-10-08T12:15:00+02:00"
    );
}

#[tokio::test]
async fn check_and_import_on_the_published_fixtures() {
    // Arrange
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("agir.db");
    for (file, slug) in [
        ("pretalx-democon.json", "democon"),
        ("frab-camp2019.json", "camp2019"),
        ("debconf23.xml", "debconf23"),
        ("36c3_merged.xml", "36c3"),
    ] {
        // Act
        let checked = run(cli().arg("check").arg(fixture(file))).await;
        let imported = import(&fixture(file), slug, &db).await;
        // Assert: warnings only, then published.
        assert_eq!(checked.code, 0, "{file}: {}{}", checked.stdout, checked.stderr);
        assert!(
            checked.stdout.contains("Bilan : 0 erreur"),
            "{file}: {}",
            checked.stdout
        );
        assert!(
            checked.stdout.contains("avertissement"),
            "{file} has warnings: {}",
            checked.stdout
        );
        assert_eq!(imported.code, 0, "{file}: {}{}", imported.stdout, imported.stderr);
        assert!(
            imported
                .stdout
                .contains(&format!("Révision 1 publiée pour l'édition {slug}")),
            "{}",
            imported.stdout
        );
    }
    let invalid = run(cli().arg("check").arg(fixture("invalid-example.json"))).await;
    let refused = import(&fixture("invalid-example.json"), "invalide", &db).await;
    assert_eq!(invalid.code, 1, "{}{}", invalid.stdout, invalid.stderr);
    assert!(
        invalid.stdout.contains("erreur /schedule/"),
        "the error names its path: {}",
        invalid.stdout
    );
    assert!(!invalid.stderr.contains("panicked"), "{}", invalid.stderr);
    assert_eq!(refused.code, 1);
    let listed = run(cli().arg("editions").arg("--db").arg(&db)).await;
    assert!(
        !listed.stdout.contains("invalide"),
        "nothing published: {}",
        listed.stdout
    );
}
