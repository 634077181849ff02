//! `agir-server serve` as its own process: the address line, closed pipes, SIGTERM, a kill,
//! and each configuration mistake stopping it with exit 2 and one French sentence.

use std::{
    ffi::{OsStr, OsString},
    path::Path,
    time::{Duration, Instant},
};

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_no_panic, broken_file, cli, key, prepare_dir, run, TOKEN};

#[tokio::test]
async fn serve_prints_one_line_with_the_bound_address() {
    // Arrange
    let dir = prepare_dir();
    // Act
    let (mut child, url) = serve_process(dir.path()).await;
    // Assert
    assert!(url.starts_with("http://127.0.0.1:") && url.ends_with('/'), "{url}");
    assert!(!url.ends_with(":0/"), "the real port, not 0");
    let health = reqwest::get(format!("{url}healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    child.kill().await.unwrap();
}

/// `agir-server serve` on `dir` (its database, `dist/` and seed folder) at `addr`.
fn serve_command(dir: &Path, addr: &str) -> tokio::process::Command {
    let mut command = cli();
    command
        .args(["serve", "--addr", addr])
        .arg("--db")
        .arg(dir.join("agir.db"))
        .arg("--dist")
        .arg(dir.join("dist"))
        .arg("--seed")
        .arg(dir.join("seed"))
        .stdout(std::process::Stdio::piped());
    command
}

/// Starts `agir-server serve` as its own process on `dir` and returns it with its URL.
pub async fn serve_process(dir: &Path) -> (tokio::process::Child, String) {
    let mut child = serve_command(dir, "127.0.0.1:0")
        .env("AGIR_ADMIN_TOKEN", TOKEN)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let url = address_line(&mut child).await;
    (child, url)
}

/// The URL the server prints on its first line; its stdout is closed afterwards.
async fn address_line(child: &mut tokio::process::Child) -> String {
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(stdout));
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("the server starts")
        .unwrap()
        .expect("an address line");
    line.strip_prefix("Agir ensemble : ").expect(&line).to_owned()
}

/// `agir-server serve` on `dir` with its log at debug level and both pipes captured.
fn serve_piped(dir: &Path, addr: &str) -> tokio::process::Child {
    serve_command(dir, addr)
        .env("AGIR_LOG", "debug")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// SIGTERM, as a supervisor stops the server, and its exit status.
pub async fn terminate(child: &mut tokio::process::Child) -> std::process::ExitStatus {
    let pid = child.id().unwrap().to_string();
    let sent = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(sent.success());
    tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .expect("the server stops")
        .unwrap()
}

/// Requests whose handling writes log lines (debug level) to a closed stderr, then SIGTERM,
/// whose "arrêt demandé" goes nowhere either: the server must answer them all and exit 0.
async fn still_serves_then_stops_cleanly(url: &str, child: &mut tokio::process::Child) {
    for (path, status) in [
        ("healthz", StatusCode::OK),
        ("api/edition", StatusCode::OK),
        ("programme", StatusCode::OK),
        ("nulle-part.js", StatusCode::NOT_FOUND),
    ] {
        let answer = reqwest::get(format!("{url}{path}")).await.unwrap();
        assert_eq!(answer.status(), status, "{path}");
    }
    let status = terminate(child).await;
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn the_server_outlives_a_supervisor_closing_its_pipes_after_the_address() {
    // Arrange: stderr closed from the start, stdout once the address line is read.
    let dir = prepare_dir();
    let mut child = serve_piped(dir.path(), "127.0.0.1:0");
    drop(child.stderr.take());
    let url = address_line(&mut child).await;
    // Act and assert
    still_serves_then_stops_cleanly(&url, &mut child).await;
}

#[tokio::test]
async fn the_server_outlives_a_supervisor_that_closed_its_pipes_before_the_address() {
    // Arrange: a test harness that gave up waiting closes both pipes before the server
    // prints its address (it used to die on that line: `failed printing to stdout`).
    let dir = prepare_dir();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = serve_piped(dir.path(), &format!("127.0.0.1:{port}"));
    drop(child.stdout.take());
    drop(child.stderr.take());
    let url = format!("http://127.0.0.1:{port}/");
    // Act
    let deadline = Instant::now() + Duration::from_secs(30);
    while reqwest::get(format!("{url}healthz")).await.is_err() {
        assert!(Instant::now() < deadline, "the server never answered");
        assert!(child.try_wait().unwrap().is_none(), "the server died");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    still_serves_then_stops_cleanly(&url, &mut child).await;
}

#[tokio::test]
async fn a_killed_server_loses_nothing_it_acknowledged() {
    // Arrange
    let dir = prepare_dir();
    let (mut child, url) = serve_process(dir.path()).await;
    let client = reqwest::Client::new();
    let answer = json!({"target": "day", "rating": 5, "comment": "Avant la panne", "key": key()});
    // Act: acknowledged, then the process dies at once (no graceful shutdown, no checkpoint).
    let posted = client
        .post(format!("{url}api/feedback"))
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::CREATED, "{}", posted.text().await.unwrap());
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    let (mut again, url) = serve_process(dir.path()).await;
    let rows: Vec<Value> = client
        .get(format!("{url}api/admin/feedback"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Assert
    assert_eq!(
        rows.iter().filter(|r| r["comment"] == "Avant la panne").count(),
        1,
        "{rows:?}"
    );
    again.kill().await.unwrap();
}

#[tokio::test]
async fn a_taken_port_stops_with_exit_2_and_one_french_sentence() {
    // Arrange
    let dir = prepare_dir();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    // Act
    let out = run(cli()
        .args(["serve", "--addr", &addr])
        .arg("--db")
        .arg(dir.path().join("agir.db"))
        .arg("--dist")
        .arg(dir.path().join("dist")))
    .await;
    // Assert
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr.trim(),
        format!("L'adresse {addr} est déjà utilisée : choisissez-en une autre avec --addr ou AGIR_ADDR.")
    );
    assert!(out.stdout.is_empty());
}

/// One way to start `serve` wrongly: its flags, its environment, and what its one sentence
/// must say.
struct BadStart {
    name: &'static str,
    args: Vec<OsString>,
    env: Option<(&'static str, &'static str)>,
    says: &'static [&'static str],
}

/// `--db DB --dist DIST`, then `extra`.
fn db_and_dist(db: &Path, dist: &Path, extra: &[&OsStr]) -> Vec<OsString> {
    let mut args: Vec<OsString> = vec!["--db".into(), db.into(), "--dist".into(), dist.into()];
    args.extend(extra.iter().map(|a| a.to_os_string()));
    args
}

/// Every configuration mistake, in `dir` (from `prepare_dir`).
fn bad_starts(dir: &Path) -> Vec<BadStart> {
    let broken_seed = dir.join("broken-seed");
    std::fs::create_dir_all(&broken_seed).unwrap();
    broken_file(&broken_seed);
    let garbage = dir.join("pas-une-base.db");
    std::fs::write(
        &garbage,
        "ceci n'est pas une base SQLite, mais un texte assez long pour en avoir l'air".repeat(20),
    )
    .unwrap();
    let (db, dist) = (dir.join("agir.db"), dir.join("dist"));
    let case = |name, args, env, says| BadStart { name, args, env, says };
    vec![
        case(
            "no_dist",
            db_and_dist(&db, &dir.join("nulle-part"), &[]),
            None,
            &["cargo xtask serve"],
        ),
        case(
            "bad_db",
            db_and_dist(&dir.join("pas/de/dossier/agir.db"), &dist, &[]),
            None,
            &["n'existe pas", "--db"],
        ),
        case(
            "bad_seed",
            db_and_dist(&db, &dist, &["--seed".as_ref(), broken_seed.as_os_str()]),
            None,
            &["/sessions/3/place"],
        ),
        case(
            "short_token",
            db_and_dist(&db, &dist, &[]),
            Some(("AGIR_ADMIN_TOKEN", "court")),
            &["au moins 16"],
        ),
        case(
            "unknown_current",
            db_and_dist(
                &db,
                &dist,
                &[
                    "--current".as_ref(),
                    "1999".as_ref(),
                    "--seed".as_ref(),
                    dir.join("seed").as_os_str(),
                ],
            ),
            None,
            &["« 1999 »"],
        ),
        case("unreadable_db", db_and_dist(&garbage, &dist, &[]), None, &["--db"]),
        // A directory nobody may write in, not even root: /proc.
        case(
            "unwritable_dir",
            db_and_dist(Path::new("/proc/agir.db"), &dist, &[]),
            None,
            &["--db"],
        ),
        case("db_is_a_dir", db_and_dist(dir, &dist, &[]), None, &["--db"]),
        case(
            "bad_public_url",
            db_and_dist(&db, &dist, &["--public-url".as_ref(), "agir.angers.fr".as_ref()]),
            None,
            &["http:// ou https://", "--public-url"],
        ),
    ]
}

#[tokio::test]
async fn bad_configuration_stops_with_exit_2_and_says_what_to_fix() {
    // Arrange
    let dir = prepare_dir();
    for bad in bad_starts(dir.path()) {
        let mut serve = cli();
        serve.args(["serve", "--addr", "127.0.0.1:0"]).args(&bad.args);
        if let Some((name, value)) = bad.env {
            serve.env(name, value);
        }
        // Act
        let out = run(&mut serve).await;
        // Assert
        assert_eq!(out.code, 2, "{}: {}", bad.name, out.stderr);
        assert_no_panic(&out);
        assert!(out.stdout.is_empty(), "{}: no start line: {}", bad.name, out.stdout);
        for words in bad.says {
            assert!(out.stderr.contains(words), "{}: {words} in {}", bad.name, out.stderr);
        }
    }
}
