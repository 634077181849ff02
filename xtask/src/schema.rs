//! `cargo xtask test --only schema`: the API against its own description. Schemathesis
//! reads `/api/openapi.json` from a real server (debug build, scratch SQLite file, the demo
//! edition, the organizers' token, no rate limit per address) and sends every operation
//! generated requests, valid and invalid, then chains them through the description's links
//! (stateful phase). A run fails on any 5xx, any answer or status the description does not
//! give, any valid request refused for its form or any invalid one accepted, and any 4xx
//! that is not the documented JSON error (`xtask/schema/hooks.py`).

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::util::{root, scratch, target_dir};

/// The seed of the generated requests: the same cases each run unless AGIR_SCHEMA_SEED
/// asks for others (the seed is printed, so a failure can be replayed).
const DEFAULT_SEED: u64 = 20131008;

/// A token long enough for the server (16 characters at least).
const TOKEN: &str = "jeton-de-la-verification-du-schema";

/// Past this the run is stopped and fails: with the build and the start, the step must stay
/// within 3 minutes.
const TIME_LIMIT: Duration = Duration::from_secs(170);

/// What schemathesis reported, read from its JSON report.
struct Summary {
    version: String,
    operations: u64,
    cases: u64,
    failures: u64,
    errors: usize,
    seconds: f64,
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run() -> Result<(), String> {
    let schemathesis = crate::toolchain::ensure_schemathesis()?;
    crate::util::run(crate::util::cargo().args(["build", "-p", "agir-server"]))?;
    let dir = scratch("agir-schema")?;
    // The server wants an app to serve; the API is what is checked here.
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| format!("{} : {e}", dist.display()))?;
    std::fs::write(dist.join("index.html"), "<!doctype html><title>Agir ensemble</title>\n")
        .map_err(|e| e.to_string())?;
    let (child, url) = crate::util::spawn_announcing(
        Command::new(target_dir().join("debug/agir-server"))
            .args(["serve", "--addr", "127.0.0.1:0", "--feedback-rate", "0"])
            .arg("--db")
            .arg(dir.path().join("agir.db"))
            .arg("--dist")
            .arg(&dist)
            .arg("--seed")
            .arg(root().join("data"))
            .env("AGIR_ADMIN_TOKEN", TOKEN)
            .env("RUST_LOG", "warn")
            .env_remove("AGIR_ADDR")
            .env_remove("AGIR_DB")
            .env_remove("AGIR_CURRENT")
            .env_remove("AGIR_PUBLIC_URL")
            .env_remove("AGIR_ADMIN_TOKEN_FILE"),
    )?;
    let server = Server(child);
    let seed = std::env::var("AGIR_SCHEMA_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(DEFAULT_SEED);
    eprintln!("    serveur : {url} ; graine : {seed} (AGIR_SCHEMA_SEED={seed} pour rejouer les mêmes cas)");
    let report = dir.path().join("schemathesis.json");
    let started = Instant::now();
    let status = run_within(
        Command::new(schemathesis)
            .arg("--config-file")
            .arg(root().join("xtask/schema/schemathesis.toml"))
            .args(["run", &format!("{url}/api/openapi.json")])
            .args(["--phases", "examples,coverage,fuzzing,stateful"])
            .args(["--checks", CHECKS])
            .args(["--seed", &seed.to_string()])
            .args(["--max-response-time", "5", "--request-timeout", "10"])
            .args(["--report", "json", "--report-json-path"])
            .arg(&report)
            .arg("--no-color")
            .env("AGIR_SCHEMA_TOKEN", TOKEN)
            .env("SCHEMATHESIS_HOOKS", root().join("xtask/schema/hooks.py"))
            .current_dir(dir.path()),
    )?;
    drop(server);
    let summary = read_report(&report)?;
    println!(
        "    schemathesis {} : {} opérations, {} cas, {} échec(s), {} erreur(s), {:.0} s (graine {seed})",
        summary.version,
        summary.operations,
        summary.cases,
        summary.failures,
        summary.errors,
        summary.seconds.max(started.elapsed().as_secs_f64()),
    );
    if summary.cases == 0 {
        return Err("schemathesis n'a exécuté aucun cas".into());
    }
    if summary.failures > 0 || summary.errors > 0 || !status.success() {
        return Err(format!(
            "l'API et sa description ne s'accordent pas : {} cas en échec, {} erreur(s) (détails ci-dessus ; AGIR_SCHEMA_SEED={seed} pour rejouer)",
            summary.failures, summary.errors
        ));
    }
    Ok(())
}

/// Every check of the run: the built-in ones, then ours (hooks.py).
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_schema_conformance,positive_data_acceptance,negative_data_rejection,\
missing_required_header,refusal_is_the_documented_error";

/// Runs `cmd`, stopping it when it outlives [`TIME_LIMIT`].
fn run_within(cmd: &mut Command) -> Result<std::process::ExitStatus, String> {
    let shown = crate::util::describe(cmd);
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("impossible de lancer « {shown} » : {e}"))?;
    match crate::util::wait_within(&mut child, TIME_LIMIT)? {
        Some(status) => Ok(status),
        None => Err(format!(
            "schemathesis dépasse {} s : arrêté (réduisez max-examples dans xtask/schema/schemathesis.toml)",
            TIME_LIMIT.as_secs()
        )),
    }
}

fn read_report(path: &std::path::Path) -> Result<Summary, String> {
    let text = std::fs::read_to_string(path).map_err(|_| "schemathesis n'a pas écrit de rapport".to_owned())?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("rapport de schemathesis illisible : {e}"))?;
    Ok(Summary {
        version: json["schemathesis_version"].as_str().unwrap_or("?").to_owned(),
        operations: json["operations"]["tested"].as_u64().unwrap_or(0),
        cases: json["test_cases"]["generated"].as_u64().unwrap_or(0),
        failures: json["test_cases"]["with_failures"].as_u64().unwrap_or(0),
        errors: json["errors"].as_array().map_or(0, Vec::len),
        seconds: json["running_time"].as_f64().unwrap_or(0.0),
    })
}
