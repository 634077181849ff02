//! Questions from the floor, live (issue #20): the release server with 1,000 question
//! streams open on one session while supports arrive at 50 per second and a moderator
//! accepts a question every 2 s. The load is `crates/server/examples/questions_load.rs`,
//! one tokio process; it measures each event from its commit (`enregistre_le`) to each
//! stream, the server's memory per stream and its CPU, and writes them as JSON.

use std::process::Command;

use serde_json::{json, Value};

use super::format::number;
use super::{server_bin, Section, Table, Work};
use crate::util::{cargo, load_server, root, spawn_announcing};

const STREAMS: u32 = 1000;
const SECONDS: u32 = 20;
const SUPPORTS_PER_S: u32 = 50;
const ACCEPT_EVERY_S: u32 = 2;
/// The organizers' token of the bench's server.
const TOKEN: &str = "jeton-du-banc-d-essai-0123456789";

/// Builds the load client (with the release server, before the measures start).
pub fn build() -> Result<(), String> {
    crate::util::run(cargo().args(["build", "--release", "-p", "agir-server", "--example", "questions_load"]))
}

pub fn questions(work: &Work, _: &super::Options) -> Result<Section, String> {
    // The server needs an app to serve, not a real one: no wasm build for this section.
    let dist = work.dir.path().join("dist-questions");
    std::fs::create_dir_all(&dist).map_err(|e| format!("{} : {e}", dist.display()))?;
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><title>Agir ensemble</title>")
        .map_err(|e| format!("index.html : {e}"))?;
    let mut cmd = load_server(
        &server_bin(),
        "127.0.0.1:0",
        &work.dir.path().join("questions.db"),
        &dist,
        TOKEN,
    );
    let (mut server, url) = spawn_announcing(&mut cmd)?;
    let out = work.out.join("questions.json");
    let load = crate::util::run(
        Command::new(root().join("target/release/examples/questions_load"))
            .arg(&url)
            .arg(TOKEN)
            .arg(server.id().to_string())
            .arg(&out)
            .args([STREAMS, SECONDS, SUPPORTS_PER_S, ACCEPT_EVERY_S].map(|n| n.to_string())),
    );
    let _ = server.kill();
    let _ = server.wait();
    load?;
    let text = std::fs::read_to_string(&out).map_err(|e| format!("{} : {e}", out.display()))?;
    let figures: Value = serde_json::from_str(&text).map_err(|e| format!("{} : {e}", out.display()))?;
    Ok(Section {
        tables: vec![table(&figures)],
        json: json!({ "figures": figures }),
    })
}

fn table(f: &Value) -> Table {
    let value = |path: &str| f.pointer(path).and_then(Value::as_f64);
    let mut t = Table::new(
        format!(
            "Questions en direct : {} flux sur une séance, {SUPPORTS_PER_S} soutiens/s, \
             une acceptation toutes les {ACCEPT_EVERY_S} s, {SECONDS} s",
            number(Some(f64::from(STREAMS)), 0)
        ),
        &["mesure", "valeur"],
    );
    let rows = [
        (
            "délai enregistrement → flux, médiane (ms)",
            number(value("/latency_ms/p50"), 1),
        ),
        (
            "délai enregistrement → flux, p99 (ms)",
            number(value("/latency_ms/p99"), 1),
        ),
        (
            "délai enregistrement → flux, pire (ms)",
            number(value("/latency_ms/max"), 1),
        ),
        (
            "événements reçus par flux (moins / attendus)",
            format!(
                "{} / {}",
                number(value("/events_min_per_stream"), 0),
                number(value("/events_expected_per_stream"), 0)
            ),
        ),
        (
            "soutiens envoyés (objectif) / refusés",
            format!(
                "{} ({}) / {}",
                number(value("/supports_sent"), 0),
                number(Some(f64::from(SUPPORTS_PER_S * SECONDS)), 0),
                number(value("/supports_refused"), 0)
            ),
        ),
        (
            "mémoire du serveur par flux (Kio)",
            number(value("/rss_per_stream_kib"), 1),
        ),
        (
            "mémoire du serveur avant / avec les flux (Mio)",
            format!(
                "{} / {}",
                number(value("/rss_kib/before").map(|k| k / 1024.0), 1),
                number(value("/rss_kib/connected").map(|k| k / 1024.0), 1)
            ),
        ),
        (
            "CPU du serveur pendant la charge (% d'un cœur)",
            number(value("/cpu_percent_of_one_core"), 0),
        ),
        ("ouverture des flux (s)", number(value("/connect_s"), 1)),
    ];
    for (name, cell) in rows {
        t.row(vec![name.to_owned(), cell]);
    }
    t.note(
        "Serveur release, base SQLite en WAL avec synchronous=FULL ; le client de charge (un seul processus \
         tokio) tourne sur la même machine ; il envoie chaque soutien à son heure, sans attendre la réponse du \
         précédent, et chaque acceptation de même. Le délai part de l'heure notée dans l'événement juste avant le \
         commit (il comprend donc l'écriture sur disque) jusqu'à l'arrivée du morceau dans chaque flux. \
         Limite par adresse coupée (--feedback-rate 0) : toute la charge vient de 127.0.0.1 ; chaque soutien \
         vient d'un appareil différent.",
    );
    t
}
