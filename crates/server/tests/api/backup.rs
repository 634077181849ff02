//! Backups: `agir-server backup` copies the database while the server takes writes, and
//! the copy, restored into a new database, holds every write acknowledged before it began;
//! `agir-server restore` refuses what is not one of our databases, naming the problem,
//! refuses a database a server has open, and keeps the one it replaces aside.

use std::{
    path::Path,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use agir_server::store::Store;
use reqwest::StatusCode;
use serde_json::json;

use crate::{
    cli_serve::serve_process,
    helpers::{cli, key, prepare_dir, run, spawn_app_with, Options, Output},
};

async fn backup(db: &Path, file: &Path, extra: &[&str]) -> Output {
    run(cli().arg("backup").arg(file).arg("--db").arg(db).args(extra)).await
}

async fn restore(db: &Path, file: &Path) -> Output {
    run(cli().arg("restore").arg(file).arg("--db").arg(db)).await
}

/// The keys of the opinions stored in the database `db`.
async fn feedback_keys(db: &Path) -> Vec<String> {
    let store = Store::open(db).await.unwrap();
    let keys = store
        .feedback_list(None)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.key)
        .collect();
    store.close().await;
    keys
}

#[tokio::test]
async fn a_backup_under_writes_restored_holds_every_write_acknowledged_before_it() {
    // Arrange: four phones sending opinions without a pause, each acknowledged key noted.
    let app = spawn_app_with(Options {
        feedback_rate: 0,
        ..Options::default()
    })
    .await;
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut phones = Vec::new();
    for _ in 0..4 {
        let (client, url) = (app.client.clone(), app.url("/api/feedback"));
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        phones.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let k = key();
                let body = json!({"target": "day", "rating": 4, "key": k});
                let sent = client.post(&url).json(&body).send().await.unwrap();
                assert_eq!(sent.status(), StatusCode::CREATED);
                acknowledged.lock().unwrap().push(k);
            }
        }));
    }
    while acknowledged.lock().unwrap().len() < 100 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // Act: the backup starts with the writes going on.
    let before = acknowledged.lock().unwrap().clone();
    let file = app.dir.path().join("sauvegarde.db");
    let out = backup(&app.db(), &file, &[]).await;
    let during = acknowledged.lock().unwrap().len();
    stop.store(true, Ordering::Relaxed);
    for phone in phones {
        phone.await.unwrap();
    }
    let fresh = app.dir.path().join("neuve/agir.db");
    std::fs::create_dir_all(fresh.parent().unwrap()).unwrap();
    let restored = restore(&fresh, &file).await;
    // Assert
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Sauvegarde faite"), "{}", out.stdout);
    assert!(during > before.len(), "the writes went on during the backup");
    assert_eq!(restored.code, 0, "{}", restored.stderr);
    let kept = feedback_keys(&fresh).await;
    let missing: Vec<&String> = before.iter().filter(|k| !kept.contains(k)).collect();
    assert!(
        missing.is_empty(),
        "{} of {} lost: {missing:?}",
        missing.len(),
        before.len()
    );
}

#[tokio::test]
async fn a_backup_does_not_overwrite_a_file_unless_asked() {
    // Arrange
    let app = spawn_app_with(Options::default()).await;
    let file = app.dir.path().join("sauvegarde.db");
    std::fs::write(&file, "une autre chose").unwrap();
    // Act
    let refused = backup(&app.db(), &file, &[]).await;
    let kept = std::fs::read_to_string(&file).unwrap();
    let replaced = backup(&app.db(), &file, &["--overwrite"]).await;
    let missing_db = backup(&app.dir.path().join("absente.db"), &app.dir.path().join("x.db"), &[]).await;
    // Assert
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("existe déjà") && refused.stderr.contains("--overwrite"),
        "{}",
        refused.stderr
    );
    assert_eq!(kept, "une autre chose");
    assert_eq!(replaced.code, 0, "{}", replaced.stderr);
    assert!(std::fs::read(&file).unwrap().starts_with(b"SQLite format 3\0"));
    assert_eq!(missing_db.code, 2);
    assert!(missing_db.stderr.contains("n'existe pas"), "{}", missing_db.stderr);
}

#[tokio::test]
async fn restore_refuses_what_is_not_one_of_our_backups_and_names_why() {
    // Arrange
    let app = spawn_app_with(Options::default()).await;
    let dir = app.dir.path();
    let text = dir.join("programme.json");
    std::fs::write(&text, r#"{"edition": "2013"}"#).unwrap();
    let empty = dir.join("vide.db");
    std::fs::write(&empty, "").unwrap();
    // A real backup with pages in the middle overwritten: the header is right, the rest not.
    let damaged = dir.join("abimee.db");
    assert_eq!(backup(&app.db(), &damaged, &[]).await.code, 0);
    let mut bytes = std::fs::read(&damaged).unwrap();
    let middle = bytes.len() / 2;
    bytes[4096..middle].fill(0x5a);
    std::fs::write(&damaged, bytes).unwrap();
    // Another program's SQLite database.
    let foreign = dir.join("autre.db");
    let other = Store::open(&foreign).await.unwrap();
    other.close().await;
    make_foreign(&foreign).await;
    let target = dir.join("cible/agir.db");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    // Act
    let outcomes = [
        (restore(&target, &text).await, "n'est pas une base de données SQLite"),
        (restore(&target, &empty).await, "est vide"),
        (restore(&target, &damaged).await, "est abîmée"),
        (restore(&target, &foreign).await, "pas une base d'Agir ensemble"),
        (restore(&target, &dir.join("absente.db")).await, "illisible"),
    ];
    // Assert
    for (out, why) in &outcomes {
        assert_eq!(out.code, 1, "{why}: {}", out.stderr);
        assert!(out.stderr.contains(why), "{why} in {}", out.stderr);
    }
    assert!(!target.exists(), "nothing was put in place");
}

/// Makes `db` another program's database: our tables gone, one of its own.
async fn make_foreign(db: &Path) {
    use sqlx::{ConnectOptions, Connection};
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .unwrap();
    sqlx::query("DROP TABLE revisions").execute(&mut conn).await.unwrap();
    sqlx::query("CREATE TABLE photos (id INTEGER PRIMARY KEY, nom TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
}

#[tokio::test]
async fn restore_refuses_a_database_in_use_and_keeps_the_old_one_aside() {
    // Arrange: a backup with one opinion, then a second opinion after it.
    let app = spawn_app_with(Options::default()).await;
    let first = key();
    let sent = app.feedback(&json!({"target": "day", "rating": 5, "key": first})).await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let file = app.dir.path().join("sauvegarde.db");
    assert_eq!(backup(&app.db(), &file, &[]).await.code, 0);
    let second = key();
    let sent = app
        .feedback(&json!({"target": "day", "rating": 2, "key": second}))
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    // Act: while the server runs, then once it is stopped.
    let in_use = restore(&app.db(), &file).await;
    let db = app.db();
    let dir = app.stop().await;
    let restored = restore(&db, &file).await;
    // Assert
    assert_eq!(in_use.code, 1);
    assert!(in_use.stderr.contains("serveur en marche"), "{}", in_use.stderr);
    assert_eq!(restored.code, 0, "{}", restored.stderr);
    assert_eq!(feedback_keys(&db).await, std::slice::from_ref(&first));
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().contains("agir.db.avant-restauration-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(restored.stdout.contains("avant-restauration"), "{}", restored.stdout);
    let mut old = feedback_keys(&aside[0]).await;
    old.sort();
    let mut both = vec![first, second];
    both.sort();
    assert_eq!(
        old, both,
        "the database set aside holds everything, its journal folded in"
    );
}

#[tokio::test]
async fn restoring_over_a_killed_server_keeps_its_last_writes_in_the_old_database() {
    // Arrange: a backup, then an opinion acknowledged by a real process killed at once,
    // its write still in the journal (WAL) beside the file.
    let dir = prepare_dir();
    let db = dir.path().join("agir.db");
    let (mut child, url) = serve_process(dir.path()).await;
    let file = dir.path().join("sauvegarde.db");
    assert_eq!(backup(&db, &file, &[]).await.code, 0);
    let last = key();
    let posted = reqwest::Client::new()
        .post(format!("{url}api/feedback"))
        .json(&json!({"target": "day", "rating": 3, "key": last}))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::CREATED);
    child.start_kill().unwrap();
    child.wait().await.unwrap();
    let wal = std::fs::metadata(dir.path().join("agir.db-wal")).map_or(0, |m| m.len());
    // Act
    let restored = restore(&db, &file).await;
    // Assert
    assert!(wal > 0, "the last write was still in the journal");
    assert_eq!(restored.code, 0, "{}", restored.stderr);
    assert!(
        feedback_keys(&db).await.is_empty(),
        "the backup came before the opinion"
    );
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.to_string_lossy().contains("avant-restauration"))
        .expect("the old database kept aside");
    assert_eq!(feedback_keys(&aside).await, [last], "its journal was folded in first");
}
