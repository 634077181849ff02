//! `cargo xtask bench`: builds in release, then measures what a visitor and the server live
//! through, every figure next to the machine it was measured on:
//! - bundle: what a first visit downloads before the page is usable, raw / gzip / brotli, and
//!   the largest crates and functions of the app's wasm (its name section, before wasm-opt);
//! - first: a stand's page on Slow 4G with the cache empty, heading painted and app in charge;
//! - Lighthouse (mobile defaults) on four pages of the demo edition, median of 3 runs, beside
//!   the previous report's figures;
//! - offline repeat visit: the programme on screen from the service worker, server stopped;
//! - scale: the 36C3 programme (1,351 events) with the CPU slowed down 4x: render and search;
//! - backend: wrk against `GET /api/edition` (brotli, and its 304) beside nginx serving the
//!   same bytes in the same run;
//! - start: launch to first answer, release and debug servers;
//! - questions: 1,000 live question streams on one session under supports and moderation;
//! - soak: the server killed 20 times under writes, nothing lost or doubled (`crate::soak`).
//!
//! Prints the tables, writes `target/bench/report.json` (every run; each section's last result
//! also in `last-{section}.json`) and `report.md` (the tables for the README), and the same
//! tables in `docs/benchmarks.md`, committed: the latest report, whose history is git's.
//! The browser measurements are Node scripts in `xtask/bench/`.

mod backend;
mod bundle;
mod endurance;
mod first;
pub mod format;
pub mod http;
mod lighthouse;
mod machine;
mod nginx;
mod offline;
mod questions;
mod scale;
mod start;
mod stats;
mod table;
mod wasm_size;
mod wrk;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};
use std::time::Instant;

use serde_json::{json, Value};

use crate::util::{cargo, root, scratch, step};
use crate::{serve, toolchain};
use format::{load_text, machine_heading, minutes};
use table::Table;

const SECTIONS: [&str; 9] = [
    "bundle",
    "first",
    "lighthouse",
    "offline",
    "scale",
    "backend",
    "start",
    "questions",
    "soak",
];
/// The sections that need the app built (`dist/`); `questions` serves a stand-in.
const NEED_APP: [&str; 7] = ["bundle", "first", "lighthouse", "offline", "scale", "backend", "start"];

/// `cargo xtask bench`'s options.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Les mesures (liste : bundle,first,lighthouse,offline,scale,backend,start,questions,soak), toutes par défaut.
    #[arg(long, value_name = "MESURES", value_delimiter = ',', value_parser = section)]
    only: Vec<String>,
    /// Passages de Lighthouse par page (3).
    #[arg(long, value_name = "N", default_value_t = 3, hide_default_value = true, value_parser = crate::positive::<usize>)]
    lighthouse_runs: usize,
    #[arg(skip = 7usize)]
    offline_runs: usize,
    #[arg(skip = 5usize)]
    render_runs: usize,
    // Three short rounds rather than one long run: a median on a shared machine, and the
    // whole bench stays under 15 minutes even with a cold release build.
    /// Passages de wrk pour chaque configuration (3).
    #[arg(long, value_name = "N", default_value_t = 3, hide_default_value = true, value_parser = crate::positive::<usize>)]
    wrk_rounds: usize,
    /// Durée de chaque passage de wrk, en secondes (5).
    #[arg(long, value_name = "N", default_value_t = 5, hide_default_value = true, value_parser = crate::positive::<u32>)]
    wrk_seconds: u32,
}

fn section(value: &str) -> Result<String, String> {
    crate::one_of(value, &SECTIONS, "mesure", "mesures")
}

impl Options {
    /// Whether section `name` is measured: every one without `--only`.
    fn wants(&self, name: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == name)
    }
}

/// One part of the report: its JSON and its tables.
struct Section {
    json: Value,
    tables: Vec<Table>,
}
pub fn run(options: Options) -> Result<ExitCode, String> {
    let started = Instant::now();
    let browser = ["first", "lighthouse", "offline", "scale"]
        .iter()
        .any(|s| options.wants(s));

    step("Outils des mesures");
    if browser {
        toolchain::ensure_chromium()?;
        toolchain::ensure_bench_packages()?;
    }
    if options.wants("backend") {
        toolchain::ensure_load_tools()?;
    }
    let tools_ready = started.elapsed();

    if NEED_APP.iter().any(|s| options.wants(s)) {
        serve::build_app()?;
    }
    step("Construction du serveur (cargo build --release -p agir-server)");
    crate::util::run(cargo().args(["build", "--release", "-p", "agir-server"]))?;
    if options.wants("questions") {
        questions::build()?;
    }
    let built = started.elapsed();

    let work = Work::new()?;
    let mut report = json!({ "machine": machine::describe(), "sections": {} });
    let (tables, failures) = measure(&work, &options, &mut report);

    let total = started.elapsed();
    report["duration_s"] = json!({
        "total": total.as_secs_f64().round(),
        "tools": tools_ready.as_secs_f64().round(),
        "build": (built - tools_ready).as_secs_f64().round(),
        "measures": (total - built).as_secs_f64().round(),
    });
    report["machine"]["load_at_end"] = json!(machine::load());
    let heading = machine_heading(&report["machine"]);
    let timing = format!(
        "Durée : {} en tout, dont {} de construction et {} de mesures.",
        minutes(total),
        minutes(built - tools_ready),
        minutes(total - built)
    );
    let markdown = markdown(&heading, &tables, &timing);
    let json_path = write_report(&work.out, &report, &markdown)?;
    let command = std::iter::once("cargo xtask bench".to_owned())
        .chain(std::env::args().skip(2))
        .collect::<Vec<_>>()
        .join(" ");
    let docs = root().join("docs/benchmarks.md");
    std::fs::create_dir_all(root().join("docs"))
        .and_then(|()| std::fs::write(&docs, docs_page(&command, &options.only, &failures, &markdown)))
        .map_err(|e| format!("{} : {e}", docs.display()))?;

    println!("\n{heading}\n");
    for t in &tables {
        println!("{}", t.text());
    }
    println!("{timing}");
    println!(
        "Rapport : {} (et report.md), tableaux dans {}",
        json_path.display(),
        docs.display()
    );
    if failures.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("\nMesures en échec :");
        for f in &failures {
            eprintln!("  - {f}");
        }
        Ok(ExitCode::FAILURE)
    }
}

type Measure = fn(&Work, &Options) -> Result<Section, String>;

/// Every section, in the order of the report: name, title, measure.
const MEASURES: [(&str, &str, Measure); 9] = [
    ("bundle", "Taille du premier chargement", bundle::bundle),
    ("first", "Premier affichage d'un stand sur un réseau lent", first::first),
    (
        "lighthouse",
        "Lighthouse mobile, 4 pages de l'édition 2013",
        lighthouse::lighthouse,
    ),
    ("offline", "Visite hors ligne, service worker", offline::offline),
    (
        "scale",
        "Le programme du 36C3 (1 351 séances) dans le navigateur",
        scale::scale,
    ),
    (
        "backend",
        "Serveur sous charge (wrk), à côté de nginx",
        backend::backend,
    ),
    ("start", "Démarrage du serveur", start::start),
    (
        "questions",
        "Questions en direct : 1 000 flux sur une séance",
        questions::questions,
    ),
    (
        "soak",
        "Endurance : 20 arrêts brutaux sous écritures",
        endurance::endurance,
    ),
];

/// Runs the sections chosen, each noted with the machine's load around it, into
/// `report["sections"]`; returns their tables and the sections that failed.
fn measure(work: &Work, options: &Options, report: &mut Value) -> (Vec<Table>, Vec<String>) {
    let mut tables = Vec::new();
    let mut failures = Vec::new();
    for (name, title, measure) in MEASURES {
        if !options.wants(name) {
            continue;
        }
        step(title);
        let load_before = machine::load();
        let section_start = Instant::now();
        match measure(work, options) {
            Ok(mut section) => {
                let load_after = machine::load();
                let seconds = section_start.elapsed().as_secs_f64().round();
                section.json["load"] = json!({ "before": load_before, "after": load_after });
                section.json["duration_s"] = json!(seconds);
                if let Some(last) = section.tables.last_mut() {
                    last.note(format!(
                        "Charge de la machine (1 min) : {} avant, {} après ; {seconds:.0} s de mesure.",
                        load_text(load_before),
                        load_text(load_after)
                    ));
                }
                report["sections"][name] = section.json;
                tables.extend(section.tables);
            }
            Err(e) => {
                eprintln!("    ÉCHEC {name} : {e}");
                report["sections"][name] = json!({ "error": e });
                failures.push(format!("{name} : {e}"));
            }
        }
    }
    (tables, failures)
}

/// The report in Markdown: the machine, every table, the durations.
fn markdown(heading: &str, tables: &[Table], timing: &str) -> String {
    let mut markdown = format!("{heading}\n\n");
    for t in tables {
        markdown.push_str(&t.markdown());
        markdown.push('\n');
    }
    markdown.push_str(&format!("{timing}\n"));
    markdown
}

/// Writes `report.json`, each section measured in `last-{section}.json`, and `report.md`
/// into `out` (`target/bench`); returns the JSON's path.
fn write_report(out: &Path, report: &Value, markdown: &str) -> Result<PathBuf, String> {
    let json_path = out.join("report.json");
    std::fs::write(&json_path, serde_json::to_string_pretty(report).expect("JSON"))
        .map_err(|e| format!("{} : {e}", json_path.display()))?;
    for (name, section) in report["sections"].as_object().into_iter().flatten() {
        if section.get("error").is_none() {
            let last = json!({ "machine": report["machine"], "section": section });
            let path = out.join(format!("last-{name}.json"));
            std::fs::write(&path, serde_json::to_string_pretty(&last).expect("JSON"))
                .map_err(|e| format!("{} : {e}", path.display()))?;
        }
    }
    std::fs::write(out.join("report.md"), markdown).map_err(|e| format!("report.md : {e}"))?;
    Ok(json_path)
}

/// `docs/benchmarks.md`: how it was produced, what it leaves out, then the report.
/// `only` is `--only`'s list (empty: every section); `failures` the sections that failed.
fn docs_page(command: &str, only: &[String], failures: &[String], markdown: &str) -> String {
    let mut page = format!(
        "# Mesures\n\n\
         Écrit par `{command}` : le dernier rapport, qui remplace le précédent ; les rapports \
         d'avant sont dans l'histoire de git (`git log -p docs/benchmarks.md`).\n"
    );
    if !only.is_empty() {
        page.push_str(&format!(
            "\nAvec `--only`, seules les mesures choisies sont écrites ici ({}) ; les autres \
             ({}) sont dans les versions précédentes de ce fichier.\n",
            only.join(", "),
            SECTIONS
                .iter()
                .filter(|s| !only.iter().any(|o| o == *s))
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !failures.is_empty() {
        page.push_str(&format!(
            "\nMesures en échec, absentes ici : {}.\n",
            failures.join(" ; ")
        ));
    }
    page.push('\n');
    page.push_str(markdown);
    page
}

/// A temporary folder for databases, nginx and the browsers' profiles, removed at the end;
/// outputs go to target/bench.
struct Work {
    dir: tempfile::TempDir,
    out: PathBuf,
}

impl Work {
    fn new() -> Result<Self, String> {
        let dir = scratch("agir-bench")?;
        let out = root().join("target/bench");
        std::fs::create_dir_all(&out).map_err(|e| format!("{} : {e}", out.display()))?;
        Ok(Self { dir, out })
    }

    /// The last run that measured section `name`, for figures side by side: `{"machine",
    /// "section"}`, `Null` when there is none. A run of other sections in between
    /// (`--only`) does not hide it.
    fn previous(&self, name: &str) -> Value {
        previous(&self.out, name)
    }

    /// Runs `xtask/bench/SCRIPT OUT ARGS…` with Node and returns the JSON it wrote to OUT.
    fn node(&self, script: &str, out_name: &str, args: &[String]) -> Result<Value, String> {
        let out = self.out.join(out_name);
        let _ = std::fs::remove_file(&out);
        let dir = root().join("xtask/bench");
        crate::util::run(
            Command::new("node")
                .arg(dir.join(script))
                .arg(&out)
                .args(args)
                .current_dir(&dir)
                .env("TMPDIR", self.dir.path())
                .env("CHROME_PATH", "/usr/bin/chromium")
                .env("AGIR_SERVER_BIN", server_bin())
                .env("AGIR_DIST", root().join("dist"))
                .env("AGIR_SEED", root().join("data")),
        )?;
        let text = std::fs::read_to_string(&out).map_err(|e| format!("{} : {e}", out.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{} : {e}", out.display()))
    }
}

/// The note under a table whose « avant » column comes from `previous` ([`Work::previous`]):
/// which run it was, if any.
fn before_note(previous: &Value, what: &str) -> Option<String> {
    let date = previous["machine"]["date"].as_str()?;
    Some(format!(
        "« avant » : le passage précédent {what} sur cette machine, du {date}."
    ))
}

/// [`Work::previous`], read in `out`.
fn previous(out: &Path, name: &str) -> Value {
    std::fs::read_to_string(out.join(format!("last-{name}.json")))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null)
}

fn server_bin() -> PathBuf {
    crate::util::target_dir().join("release/agir-server")
}

/// Our release backend on a free port, stopped when dropped.
struct Backend {
    child: Child,
    url: String,
}

impl Backend {
    /// Serves `db` (seeded from `data/` when empty), `current` as the current edition.
    fn start(db: &Path, current: Option<&str>) -> Result<Self, String> {
        let mut cmd = Command::new(server_bin());
        cmd.args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--db")
            .arg(db)
            .arg("--dist")
            .arg(root().join("dist"))
            .arg("--seed")
            .arg(root().join("data"))
            .env("AGIR_LOG", "warn");
        for var in [
            "AGIR_ADDR",
            "AGIR_DB",
            "AGIR_CURRENT",
            "AGIR_PUBLIC_URL",
            "AGIR_FEEDBACK_RATE",
        ] {
            cmd.env_remove(var);
        }
        if let Some(slug) = current {
            cmd.args(["--current", slug]);
        }
        let (child, url) = crate::util::spawn_announcing(&mut cmd)?;
        Ok(Self { child, url })
    }

    /// `127.0.0.1:PORT`.
    fn addr(&self) -> &str {
        self.url.trim_start_matches("http://")
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo xtask bench ARGS`'s options.
    fn parse(args: &[&str]) -> Result<Options, clap::Error> {
        #[derive(clap::Parser)]
        struct Bench {
            #[command(flatten)]
            options: Options,
        }
        <Bench as clap::Parser>::try_parse_from(std::iter::once("bench").chain(args.iter().copied())).map(|b| b.options)
    }

    #[test]
    fn options_accept_a_subset_and_refuse_unknown_sections() {
        let o = parse(&["--only", "bundle,backend", "--wrk-seconds=2"]).unwrap();
        assert_eq!(o.only, ["bundle", "backend"]);
        assert!(o.wants("bundle") && !o.wants("start"));
        assert_eq!(o.wrk_seconds, 2);
        assert_eq!(o.lighthouse_runs, 3);
        assert_eq!((o.offline_runs, o.render_runs, o.wrk_rounds), (7, 5, 3));
        assert!(parse(&[]).unwrap().wants("start"), "every section by default");
        let unknown = parse(&["--only", "tout"]).unwrap_err().to_string();
        assert!(
            unknown.contains(
                "mesure inconnue « tout » (mesures : bundle,first,lighthouse,offline,scale,backend,start,questions,soak)"
            ),
            "{unknown}"
        );
        let zero = parse(&["--wrk-seconds", "0"]).unwrap_err().to_string();
        assert!(
            zero.contains("un nombre entier positif est attendu, pas « 0 »"),
            "{zero}"
        );
        assert!(parse(&["--lighthouse-runs", "deux"]).is_err());
        assert!(parse(&["--vite"]).is_err());
    }

    #[test]
    fn a_run_of_other_sections_keeps_the_last_figures_of_each() {
        let out = tempfile::tempdir().unwrap();
        let run = |date: &str, sections: Value| json!({ "machine": { "date": date }, "sections": sections });
        assert_eq!(previous(out.path(), "lighthouse"), Value::Null, "nothing measured yet");
        let full = run(
            "lundi",
            json!({ "lighthouse": { "score": 99 }, "bundle": { "bytes": 1 } }),
        );
        write_report(out.path(), &full, "").unwrap();
        let bundle_only = run(
            "mardi",
            json!({ "bundle": { "bytes": 2 }, "start": { "error": "pas de serveur" } }),
        );
        write_report(out.path(), &bundle_only, "").unwrap();

        let lighthouse = previous(out.path(), "lighthouse");
        assert_eq!(lighthouse["section"]["score"], 99);
        assert_eq!(lighthouse["machine"]["date"], "lundi");
        assert_eq!(
            before_note(&lighthouse, "de Lighthouse").as_deref(),
            Some("« avant » : le passage précédent de Lighthouse sur cette machine, du lundi.")
        );
        assert_eq!(before_note(&Value::Null, "de Lighthouse"), None);
        assert_eq!(previous(out.path(), "bundle")["section"]["bytes"], 2);
        assert_eq!(
            previous(out.path(), "start"),
            Value::Null,
            "a failed section is no figure"
        );
    }

    #[test]
    fn the_docs_page_says_how_it_was_made_and_what_it_leaves_out() {
        let report = "Mesures du 2026-12-02 sur …\n\n## Démarrage\n";
        let all = docs_page("cargo xtask bench", &[], &[], report);
        assert!(
            all.starts_with("# Mesures\n\nÉcrit par `cargo xtask bench` : le dernier rapport"),
            "{all}"
        );
        assert!(all.contains("git log -p docs/benchmarks.md"), "{all}");
        assert!(!all.contains("--only"), "{all}");
        assert!(all.ends_with(&format!("\n\n{report}")), "{all}");

        let only = ["bundle".to_owned(), "start".to_owned()];
        let some = docs_page("cargo xtask bench --only bundle,start", &only, &[], report);
        assert!(
            some.contains(
                "Avec `--only`, seules les mesures choisies sont écrites ici (bundle, start) ; \
                 les autres (first, lighthouse, offline, scale, backend, questions, soak) sont dans les versions précédentes"
            ),
            "{some}"
        );
        let failed = docs_page("cargo xtask bench", &[], &["start : pas de serveur".to_owned()], report);
        assert!(
            failed.contains("Mesures en échec, absentes ici : start : pas de serveur."),
            "{failed}"
        );
    }
}
