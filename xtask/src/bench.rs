//! `cargo xtask bench`: builds in release, then measures what a visitor and the server live
//! through, every figure next to the machine it was measured on:
//! - bundle: what a first visit downloads before the page is usable, raw / gzip / brotli;
//! - Lighthouse (mobile defaults) on three pages of the demo edition, median of 3 runs;
//! - offline repeat visit: the programme on screen from the service worker, server stopped;
//! - scale: the 36C3 programme (1,351 events) with the CPU slowed down 4x: render and search;
//! - backend: wrk against `GET /api/edition` (brotli, and its 304) beside nginx serving the
//!   same bytes in the same run;
//! - start: launch to first answer, release and debug servers.
//!
//! Prints the tables, writes `target/bench/report.json` (every run) and `report.md` (the
//! tables for the README). The browser measurements are Node scripts in `xtask/bench/`.

mod http;
mod machine;
mod nginx;
mod start;
mod stats;
mod table;
mod wrk;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::budget::{self, Sized};
use crate::util::{cargo, root, step, Scratch};
use crate::{serve, toolchain};
use stats::{median, percentile, worst};
use table::Table;

const SECTIONS: [&str; 6] = ["bundle", "lighthouse", "offline", "scale", "backend", "start"];
/// The pages Lighthouse audits.
const PAGES: [&str; 3] = ["/", "/programme", "/village"];
/// Searches typed in the 36C3 programme: many results, a few, nearly all, none.
const QUERIES: [&str; 4] = ["keynote", "security", "a", "xyz"];
const FIXTURE_36C3: &str = "crates/model/tests/fixtures/interop/36c3_merged.xml";
/// What Chromium sends: the variant a browser really downloads.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";
/// The load: wrk connections, each run against both servers.
const CONNECTIONS: [u32; 2] = [64, 256];

struct Options {
    only: Vec<String>,
    lighthouse_runs: usize,
    offline_runs: usize,
    render_runs: usize,
    wrk_seconds: u32,
    wrk_rounds: usize,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        only: SECTIONS.iter().map(|s| s.to_string()).collect(),
        lighthouse_runs: 3,
        offline_runs: 7,
        render_runs: 5,
        // Three short rounds rather than one long run: a median on a shared machine, and the
        // whole bench stays under 15 minutes even with a cold release build.
        wrk_seconds: 5,
        wrk_rounds: 3,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |flag: &str| crate::util::flag_value(arg, &mut it, flag);
        let number = |flag: &str, v: String| {
            v.parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{flag} attend un nombre entier positif, pas « {v} »"))
        };
        if let Some(v) = value("--only") {
            options.only = crate::util::only_list(&v, &SECTIONS, "mesure", "mesures")?;
        } else if let Some(v) = value("--lighthouse-runs") {
            options.lighthouse_runs = number("--lighthouse-runs", v)?;
        } else if let Some(v) = value("--wrk-rounds") {
            options.wrk_rounds = number("--wrk-rounds", v)?;
        } else if let Some(v) = value("--wrk-seconds") {
            options.wrk_seconds = number("--wrk-seconds", v)? as u32;
        } else {
            return Err(format!("option inconnue « {arg} » (voir cargo xtask --help)"));
        }
    }
    Ok(options)
}

/// One part of the report: its JSON and its tables.
struct Section {
    json: Value,
    tables: Vec<Table>,
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let options = parse(args)?;
    let started = Instant::now();
    let wants = |s: &str| options.only.iter().any(|o| o == s);
    let browser = ["lighthouse", "offline", "scale"].iter().any(|s| wants(s));

    step("Outils des mesures");
    if browser {
        toolchain::ensure_chromium()?;
        toolchain::ensure_bench_packages()?;
    }
    if wants("backend") {
        toolchain::ensure_load_tools()?;
    }
    let tools_ready = started.elapsed();

    serve::build_app()?;
    step("Construction du serveur (cargo build --release -p agir-server)");
    crate::util::run(cargo().args(["build", "--release", "-p", "agir-server"]))?;
    let built = started.elapsed();

    let work = Work::new()?;
    let machine = machine::describe();
    let mut report = json!({ "machine": machine, "sections": {} });
    let mut tables = Vec::new();
    let mut failures = Vec::new();
    type Measure = fn(&Work, &Options) -> Result<Section, String>;
    let measures: [(&str, &str, Measure); 6] = [
        ("bundle", "Taille du premier chargement", bundle),
        ("lighthouse", "Lighthouse mobile, 3 pages de l'édition 2013", lighthouse),
        ("offline", "Visite hors ligne, service worker", offline),
        (
            "scale",
            "Le programme du 36C3 (1 351 séances) dans le navigateur",
            scale,
        ),
        ("backend", "Serveur sous charge (wrk), à côté de nginx", backend),
        ("start", "Démarrage du serveur", start::start),
    ];
    for (name, title, measure) in measures {
        if !wants(name) {
            continue;
        }
        step(title);
        let load_before = machine::load();
        let section_start = Instant::now();
        match measure(&work, &options) {
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

    let out = root().join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| format!("{} : {e}", out.display()))?;
    let json_path = out.join("report.json");
    std::fs::write(&json_path, serde_json::to_string_pretty(&report).expect("JSON"))
        .map_err(|e| format!("{} : {e}", json_path.display()))?;
    let mut markdown = format!("{heading}\n\n");
    for t in &tables {
        markdown.push_str(&t.markdown());
        markdown.push('\n');
    }
    markdown.push_str(&format!("{timing}\n"));
    std::fs::write(out.join("report.md"), &markdown).map_err(|e| format!("report.md : {e}"))?;

    println!("\n{heading}\n");
    for t in &tables {
        println!("{}", t.text());
    }
    println!("{timing}");
    println!("Rapport : {} (et report.md)", json_path.display());
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

/// A temporary folder for databases, nginx and the browsers' profiles, removed at the end;
/// outputs go to target/bench.
struct Work {
    dir: Scratch,
    out: PathBuf,
}

impl Work {
    fn new() -> Result<Self, String> {
        let dir = Scratch::new("agir-bench")?;
        let out = root().join("target/bench");
        std::fs::create_dir_all(&out).map_err(|e| format!("{} : {e}", out.display()))?;
        Ok(Self { dir, out })
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
                .env("TMPDIR", &*self.dir)
                .env("CHROME_PATH", "/usr/bin/chromium")
                .env("AGIR_SERVER_BIN", server_bin())
                .env("AGIR_DIST", root().join("dist"))
                .env("AGIR_SEED", root().join("data")),
        )?;
        let text = std::fs::read_to_string(&out).map_err(|e| format!("{} : {e}", out.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{} : {e}", out.display()))
    }
}

fn server_bin() -> PathBuf {
    root().join("target/release/agir-server")
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

// ---------------------------------------------------------------------------------------
// Bundle

/// Sizes of the first visit: budget.rs's list and compression for the app's files, and for
/// the edition document the bytes our server sends; plus what a browser actually receives.
fn bundle(work: &Work, _: &Options) -> Result<Section, String> {
    let backend = Backend::start(&work.dir.join("bundle.db"), None)?;
    let get = |path: &str, encoding: Option<&str>| {
        let headers: Vec<(&str, &str)> = encoding.map(|e| ("Accept-Encoding", e)).into_iter().collect();
        let r = http::get(backend.addr(), path, &headers)?;
        if r.status != 200 {
            return Err(format!("GET {path} : statut {}", r.status));
        }
        if let Some(wanted) = encoding.filter(|e| !e.contains(',')) {
            if r.header("content-encoding") != Some(wanted) {
                return Err(format!("GET {path} : pas servi en {wanted}"));
            }
        }
        Ok(r)
    };
    let identity = get("/api/edition", None)?;
    let gzip = get("/api/edition", Some("gzip"))?;
    let brotli = get("/api/edition", Some("br"))?;

    let mut files = budget::first_visit(&root().join("dist"), &identity.body)?;
    let edition = files.last_mut().expect("first_visit ends with the edition");
    *edition = Sized {
        name: "/api/edition (2013, servi)".into(),
        raw: identity.body.len(),
        gzip: gzip.body.len(),
        brotli: brotli.body.len(),
    };
    let mut served = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let path = match f.name.as_str() {
            "index.html" => "/".to_owned(),
            _ if i == files.len() - 1 => "/api/edition".to_owned(),
            name => format!("/{name}"),
        };
        served.push(get(&path, Some(BROWSER_ENCODINGS))?.body.len());
    }
    // The budget counts the app's files as above and the demo edition as budget.rs does.
    let app_files = &files[..files.len() - 1];
    let budget_total =
        app_files.iter().map(|f| f.brotli).sum::<usize>() + budget::brotli_bytes(&budget::demo_edition()?).len();
    let budget_limit = budget::budget_bytes()?;
    let sum = |g: fn(&Sized) -> usize| files.iter().map(g).sum::<usize>();

    let mut t = Table::new(
        "Premier chargement (avant que la page soit utilisable), en octets",
        &["fichier", "brut", "gzip", "brotli", "reçu par Chromium"],
    );
    for (f, s) in files.iter().zip(&served) {
        t.row(vec![
            f.name.clone(),
            bytes(f.raw),
            bytes(f.gzip),
            bytes(f.brotli),
            bytes(*s),
        ]);
    }
    t.row(vec![
        "total".into(),
        bytes(sum(|f| f.raw)),
        bytes(sum(|f| f.gzip)),
        bytes(sum(|f| f.brotli)),
        bytes(served.iter().sum()),
    ]);
    t.note(format!(
        "Budget (cargo xtask test, xtask/budget.txt) : {} octets brotli mesurés pour {} permis.",
        bytes(budget_total),
        bytes(budget_limit)
    ));
    t.note("Hors précache du service worker (téléchargé ensuite, en arrière-plan).");
    let json = json!({
        "files": files.iter().zip(&served).map(|(f, s)| json!({
            "name": f.name, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli, "served": s,
        })).collect::<Vec<_>>(),
        "total": { "raw": sum(|f| f.raw), "gzip": sum(|f| f.gzip), "brotli": sum(|f| f.brotli),
                   "served": served.iter().sum::<usize>() },
        "budget": { "measured_brotli": budget_total, "limit": budget_limit },
    });
    Ok(Section { json, tables: vec![t] })
}

// ---------------------------------------------------------------------------------------
// Lighthouse

/// The medians of Lighthouse runs, metric by metric.
fn lighthouse_medians(runs: &[Value]) -> Value {
    let metric = |key: &str| median(&runs.iter().filter_map(|r| r[key].as_f64()).collect::<Vec<_>>());
    json!({
        "performance": metric("performance"),
        "accessibility": metric("accessibility"),
        "fcp_ms": metric("fcp_ms"),
        "lcp_ms": metric("lcp_ms"),
        "tbt_ms": metric("tbt_ms"),
        "cls": metric("cls"),
        "speed_index_ms": metric("speed_index_ms"),
    })
}

fn lighthouse_row(label: &str, m: &Value) -> Vec<String> {
    vec![
        label.to_owned(),
        number(m["performance"].as_f64(), 0),
        number(m["accessibility"].as_f64(), 0),
        ms(m["fcp_ms"].as_f64()),
        ms(m["lcp_ms"].as_f64()),
        ms(m["tbt_ms"].as_f64()),
        number(m["cls"].as_f64(), 3),
    ]
}

const LIGHTHOUSE_HEADER: [&str; 7] = ["page", "perf.", "access.", "FCP", "LCP", "TBT", "CLS"];

fn lighthouse(work: &Work, options: &Options) -> Result<Section, String> {
    let backend = Backend::start(&work.dir.join("lighthouse.db"), None)?;
    let urls: Vec<String> = PAGES.iter().map(|p| format!("{}{p}", backend.url)).collect();
    let mut args = vec![options.lighthouse_runs.to_string()];
    args.extend(urls.iter().cloned());
    let raw = work.node("lighthouse.mjs", "lighthouse.json", &args)?;
    let mut t = Table::new(
        format!(
            "Lighthouse 12.2.3 mobile (Slow 4G et CPU ÷4 simulés), médiane de {} passages, serveur release",
            options.lighthouse_runs
        ),
        &LIGHTHOUSE_HEADER,
    );
    let mut pages = serde_json::Map::new();
    for (page, url) in PAGES.iter().zip(&urls) {
        let runs = raw[url].as_array().cloned().unwrap_or_default();
        let m = lighthouse_medians(&runs);
        t.row(lighthouse_row(page, &m));
        let failed: Vec<String> = runs
            .iter()
            .flat_map(|r| r["failed_accessibility"].as_array().cloned().unwrap_or_default())
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect();
        if !failed.is_empty() {
            t.note(format!(
                "{page} : audits d'accessibilité en défaut : {}",
                dedup(failed).join(", ")
            ));
        }
        pages.insert(page.to_string(), json!({ "median": m, "runs": runs }));
    }
    Ok(Section {
        json: json!({ "runs": options.lighthouse_runs, "pages": pages }),
        tables: vec![t],
    })
}

// ---------------------------------------------------------------------------------------
// Offline repeat visit

fn offline(work: &Work, options: &Options) -> Result<Section, String> {
    let raw = work.node("offline.mjs", "offline.json", &[options.offline_runs.to_string()])?;
    let runs = |key: &str| floats(&raw[key]);
    let mut t = Table::new(
        format!(
            "Retour hors ligne sur /programme, serveur arrêté (navigation → lignes peintes), {} passages",
            options.offline_runs
        ),
        &["processeur", "médiane", "pire", "passages (ms)"],
    )
    .text_column(3);
    let mut json = json!({ "runs": options.offline_runs });
    for (key, label) in [("none", "non ralenti"), ("cpu4x", "ralenti ÷4")] {
        let values = runs(key);
        t.row(vec![
            label.into(),
            ms(median(&values)),
            ms(worst(&values)),
            list_ms(&values),
        ]);
        json[key] = json!({ "median_ms": median(&values), "worst_ms": worst(&values), "runs_ms": values });
    }
    t.note("Chromium sans tête, même contexte, un nouvel onglet par passage ; tout vient du service worker.");
    Ok(Section { json, tables: vec![t] })
}

// ---------------------------------------------------------------------------------------
// Scale: the 36C3 programme

fn scale(work: &Work, options: &Options) -> Result<Section, String> {
    // The command-line import of the published frab XML, into a new database each time; the
    // last one is served.
    let mut import_ms = Vec::new();
    let mut db = PathBuf::new();
    for run in 1..=3 {
        db = work.dir.join(format!("36c3-{run}.db"));
        let started = Instant::now();
        crate::util::run(
            Command::new(server_bin())
                .args(["import", FIXTURE_36C3, "--edition", "36c3", "--db"])
                .arg(&db)
                .current_dir(root()),
        )?;
        import_ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let backend = Backend::start(&db, Some("36c3"))?;
    let document = http::get(backend.addr(), "/api/edition", &[])?.body.len();
    let document_br = http::get(backend.addr(), "/api/edition", &[("Accept-Encoding", "br")])?
        .body
        .len();
    let mut args = vec![backend.url.clone(), options.render_runs.to_string()];
    args.extend(QUERIES.iter().map(|q| q.to_string()));
    let raw = work.node("scale.mjs", "scale.json", &args)?;
    let lh_url = format!("{}/programme", backend.url);
    let lh_raw = work.node(
        "lighthouse.mjs",
        "lighthouse-36c3.json",
        &[options.lighthouse_runs.to_string(), lh_url.clone()],
    )?;
    let lh_runs = lh_raw[&lh_url].as_array().cloned().unwrap_or_default();
    let lh = lighthouse_medians(&lh_runs);
    let tbt: Vec<f64> = lh_runs.iter().filter_map(|r| r["tbt_ms"].as_f64()).collect();

    let render: Vec<f64> = raw["render"]
        .as_array()
        .map(|a| a.iter().filter_map(|r| r["ms"].as_f64()).collect())
        .unwrap_or_default();
    let rows_shown = raw["render"][0]["rows"].as_u64().unwrap_or(0);
    let count = raw["render"][0]["count"].as_str().unwrap_or("").to_owned();
    let searches = raw["search"].as_array().cloned().unwrap_or_default();
    let browser_only = raw["browser_only"].as_array().cloned().unwrap_or_default();
    let keys_of = |records: &[Value]| -> Vec<Value> {
        records
            .iter()
            .flat_map(|q| {
                q["keys"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .chain([q["clear"].clone()])
            })
            .collect()
    };
    let unthrottled = raw["search_unthrottled"].as_array().cloned().unwrap_or_default();
    let browser_unthrottled = raw["browser_only_unthrottled"].as_array().cloned().unwrap_or_default();
    let (app_keys, browser_keys) = (keys_of(&searches), keys_of(&browser_only));
    let mut t = Table::new(
        "Programme du 36C3 (1 351 séances, édition courante), CPU ÷4 par le protocole DevTools",
        &["mesure", "médiane", "pire", "détail"],
    )
    .text_column(3);
    timing_row(
        &mut t,
        "import du flux frab XML (agir-server import, base neuve)",
        &import_ms,
        format!(
            "{} passages, processeur non ralenti ; lecture, validation et écriture SQLite comprises",
            import_ms.len()
        ),
    );
    timing_row(
        &mut t,
        "/programme : navigation → lignes peintes",
        &render,
        format!("{} passages à froid ; {rows_shown} lignes ; {count}", render.len()),
    );
    timing_row(
        &mut t,
        "/programme : TBT Lighthouse",
        &tbt,
        format!(
            "{} passages ; perf. {} ; LCP {}",
            tbt.len(),
            number(lh["performance"].as_f64(), 0),
            ms(lh["lcp_ms"].as_f64())
        ),
    );
    let app = Keystrokes::of(&app_keys);
    let reference = Keystrokes::of(&browser_keys);
    t.row(vec![
        "recherche : frappe → liste filtrée peinte (image suivante)".into(),
        app.paint_median(),
        app.paint_worst(),
        format!(
            "{} frappes, effacements compris ; {} dans l'image de la frappe (< 16 ms)",
            app.count, app.within_frame
        ),
    ]);
    t.row(vec![
        "  navigateur seul (l'application ne reçoit pas la frappe)".into(),
        reference.paint_median(),
        reference.paint_worst(),
        format!(
            "les mêmes frappes ; {} dans l'image de la frappe",
            reference.within_frame
        ),
    ]);
    let full_speed = Keystrokes::of(&keys_of(&unthrottled));
    t.row(vec![
        "  processeur non ralenti".into(),
        full_speed.paint_median(),
        full_speed.paint_worst(),
        format!(
            "les mêmes frappes ; {} dans l'image de la frappe ; script mesuré sur {} frappes : médiane {}, pire {}",
            full_speed.within_frame,
            full_speed.script.len(),
            ms(median(&full_speed.script)),
            ms(worst(&full_speed.script))
        ),
    ]);
    let browser_full_speed = Keystrokes::of(&keys_of(&browser_unthrottled));
    t.row(vec![
        "  navigateur seul, processeur non ralenti".into(),
        browser_full_speed.paint_median(),
        browser_full_speed.paint_worst(),
        format!("{} dans l'image de la frappe", browser_full_speed.within_frame),
    ]);
    timing_row(
        &mut t,
        "recherche : script de l'application par frappe",
        &app.script,
        format!(
            "9 frappes sur 10 sous {} ; une image = 16,7 ms",
            ms(percentile(&app.script, 0.9))
        ),
    );
    for s in &searches {
        let keys = Keystrokes::of(&keys_of(std::slice::from_ref(s)));
        t.row(vec![
            format!("  « {} »", s["query"].as_str().unwrap_or("")),
            keys.paint_median(),
            keys.paint_worst(),
            format!(
                "script : médiane {}, pire {} ; {}",
                ms(median(&keys.script)),
                ms(worst(&keys.script)),
                s["found"]["count"].as_str().unwrap_or("")
            ),
        ]);
    }
    t.note(format!(
        "Document de l'édition 36C3 : {} octets, {} en brotli. Rendu : contexte neuf à chaque passage \
         (ni cache ni service worker), téléphone 390×844.",
        bytes(document),
        bytes(document_br)
    ));
    t.note(
        "Frappe : API Event Timing de Chromium, de la touche à l'image suivante (pas de 8 ms, \
         rapportée à partir de 16 ms ; « < 16 ms » : répondue dans l'image de la frappe) ; script : \
         traitement de l'événement input, mises à jour réactives comprises. La liste montre d'abord \
         les séances du haut, le reste de sa page quand la frappe s'arrête 150 ms.",
    );
    let json = json!({
        "import": { "median_ms": median(&import_ms), "worst_ms": worst(&import_ms), "runs_ms": import_ms },
        "render": { "median_ms": median(&render), "worst_ms": worst(&render), "runs": raw["render"] },
        "lighthouse_programme": { "median": lh, "runs": lh_runs },
        "search": {
            "paint_median_ms": app.median_value(),
            "paint_worst_ms": app.worst_value(),
            "within_frame": app.within_frame,
            "keystrokes": app.count,
            "script_median_ms": median(&app.script),
            "script_p90_ms": percentile(&app.script, 0.9),
            "script_worst_ms": worst(&app.script),
            "browser_only": { "paint_median_ms": reference.median_value(), "within_frame": reference.within_frame },
            "unthrottled": {
                "paint_median_ms": full_speed.median_value(),
                "paint_worst_ms": full_speed.worst_value(),
                "within_frame": full_speed.within_frame,
                "script_median_ms": median(&full_speed.script),
                "browser_only_paint_median_ms": browser_full_speed.median_value(),
                "browser_only_within_frame": browser_full_speed.within_frame,
            },
            "queries": searches,
            "browser_only_queries": browser_only,
            "unthrottled_queries": unthrottled,
            "browser_only_unthrottled_queries": browser_unthrottled,
        },
        "cpu_slowdown": raw["cpu_slowdown"],
        "document_bytes": { "raw": document, "brotli": document_br },
    });
    Ok(Section { json, tables: vec![t] })
}

/// A row of times: its median, its worst, and what they are.
fn timing_row(t: &mut Table, label: &str, values: &[f64], detail: String) {
    t.row(vec![label.to_owned(), ms(median(values)), ms(worst(values)), detail]);
}

/// Keystrokes measured by Event Timing: the time to the next frame (`None`: under the 16 ms
/// Chromium reports from, so answered within the frame) and the script time.
struct Keystrokes {
    paint: Vec<Option<f64>>,
    /// Script times of the keystrokes reported (16 ms or more to the next frame).
    script: Vec<f64>,
    count: usize,
    within_frame: usize,
}

impl Keystrokes {
    fn of(keys: &[Value]) -> Self {
        let mut paint: Vec<Option<f64>> = keys.iter().map(|k| k["paint_ms"].as_f64()).collect();
        paint.sort_by(|a, b| a.unwrap_or(0.0).total_cmp(&b.unwrap_or(0.0)));
        Self {
            count: paint.len(),
            within_frame: paint.iter().filter(|p| p.is_none()).count(),
            // A script time comes with its entry: a keystroke answered under 16 ms has none,
            // and is left out rather than counted as 0.
            script: keys.iter().filter_map(|k| k["script_ms"].as_f64()).collect(),
            paint,
        }
    }

    fn median_value(&self) -> Option<f64> {
        self.paint.get(self.paint.len() / 2).copied().flatten()
    }

    fn worst_value(&self) -> Option<f64> {
        self.paint.last().copied().flatten()
    }

    fn shown(&self, v: Option<f64>) -> String {
        if self.paint.is_empty() {
            "–".into()
        } else {
            v.map_or("< 16 ms".into(), |v| ms(Some(v)))
        }
    }

    fn paint_median(&self) -> String {
        self.shown(self.median_value())
    }

    fn paint_worst(&self) -> String {
        self.shown(self.worst_value())
    }
}

// ---------------------------------------------------------------------------------------
// Backend under load, beside nginx

fn backend(work: &Work, options: &Options) -> Result<Section, String> {
    let server = Backend::start(&work.dir.join("backend.db"), None)?;
    let br = http::get(server.addr(), "/api/edition", &[("Accept-Encoding", "br")])?;
    let etag = br.header("etag").ok_or("/api/edition sans ETag")?.to_owned();
    if br.status != 200 || br.header("content-encoding") != Some("br") {
        return Err(format!("/api/edition : statut {} sans brotli", br.status));
    }
    let revalidate = [("Accept-Encoding", "br"), ("If-None-Match", etag.as_str())];
    let ours_304 = http::get(server.addr(), "/api/edition", &revalidate)?;
    if ours_304.status != 304 {
        return Err(format!("/api/edition avec If-None-Match : statut {}", ours_304.status));
    }

    let port = free_port()?;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let site = nginx::Site {
        port,
        dir: work.dir.join("nginx"),
        path: "/api/edition".into(),
        body_file: "edition.json.br".into(),
        content_type: br.header("content-type").unwrap_or("application/json").to_owned(),
        content_encoding: br.header("content-encoding").map(str::to_owned),
        etag: etag.clone(),
        headers: br.headers.clone(),
        workers: cores,
    };
    let mut reference = nginx::Nginx::start(&site, &br.body)?;
    let nginx_addr = format!("127.0.0.1:{port}");
    let nginx_br = wait_for(&nginx_addr, &mut reference)?;
    if nginx_br.status != 200 || nginx_br.body != br.body {
        return Err(format!(
            "nginx ne sert pas les mêmes octets (statut {}, {} octets pour {})",
            nginx_br.status,
            nginx_br.body.len(),
            br.body.len()
        ));
    }
    let nginx_304 = http::get(&nginx_addr, "/api/edition", &revalidate)?;
    if nginx_304.status != 304 {
        return Err(format!(
            "nginx ne répond pas 304 à l'ETag (statut {})",
            nginx_304.status
        ));
    }
    let header_names = |r: &http::Response| -> Vec<String> {
        let mut names: Vec<String> = r
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .filter(|n| !["date", "server", "connection", "content-length"].contains(&n.as_str()))
            .collect();
        names.sort();
        names
    };
    let extra: Vec<String> = header_names(&nginx_br)
        .into_iter()
        .filter(|n| !header_names(&br).contains(n))
        .collect();
    let missing: Vec<String> = header_names(&br)
        .into_iter()
        .filter(|n| !header_names(&nginx_br).contains(n))
        .collect();

    let rss_idle = machine::rss_kib(server.pid());
    let ours_url = format!("{}/api/edition", server.url);
    let nginx_url = format!("http://{nginx_addr}/api/edition");
    let mut t = Table::new(
        format!(
            "GET /api/edition sur la boucle locale : wrk -t2 --latency, médiane de {} passages de {} s, nginx en référence",
            options.wrk_rounds, options.wrk_seconds
        ),
        &["réponse", "conn.", "serveur", "req/s", "p50", "p99", "÷ nginx"],
    )
    .text_column(2);
    // Rounds outermost: each configuration is measured at several moments of a noisy
    // machine, and each agir-server run right next to its nginx run.
    let mut runs = Vec::new();
    for round in 1..=options.wrk_rounds {
        for connections in CONNECTIONS {
            for (case, headers) in [(CASES[0], &revalidate[..1]), (CASES[1], &revalidate[..])] {
                for (server_name, url) in [(SERVERS[0], &ours_url), (SERVERS[1], &nginx_url)] {
                    eprintln!(
                        "    wrk {round}/{} : {case}, {connections} connexions, {server_name}",
                        options.wrk_rounds
                    );
                    let result = wrk::run(url, 2, connections, options.wrk_seconds, headers)?;
                    runs.push(LoadRun {
                        round,
                        connections,
                        case,
                        server: server_name,
                        result,
                    });
                }
            }
        }
    }
    for s in summarize(&runs) {
        t.row(vec![
            s.case.into(),
            s.connections.to_string(),
            s.server.into(),
            number(Some(s.requests_per_sec), 0),
            ms_precise(s.p50_ms),
            ms_precise(s.p99_ms),
            ratio(s.ratio_to_nginx),
        ]);
    }
    for r in runs.iter().filter(|r| r.result.socket_errors + r.result.bad_status > 0) {
        t.note(format!(
            "{}, {}, {} conn., passage {} : {} erreurs de connexion, {} réponses hors 2xx/3xx",
            r.server, r.case, r.connections, r.round, r.result.socket_errors, r.result.bad_status
        ));
    }
    let rss_after = machine::rss_kib(server.pid());
    let nginx_rss: Option<u64> = std::iter::once(reference.pid())
        .chain(machine::children(reference.pid()))
        .map(machine::rss_kib)
        .sum();
    t.note(format!(
        "Mémoire résidente (VmRSS) d'agir-server : {} au repos, {} après la charge ; nginx (maître et {cores} workers) : {}.",
        mib(rss_idle),
        mib(rss_after),
        mib(nginx_rss)
    ));
    t.note(format!(
        "Corps identiques ({} octets brotli), même ETag, 304 des deux côtés ; en-têtes en plus chez nginx : {} ; en moins : {}.",
        bytes(br.body.len()),
        if extra.is_empty() { "aucun".into() } else { extra.join(", ") },
        if missing.is_empty() { "aucun".into() } else { missing.join(", ") },
    ));
    let json = json!({
        "body_bytes": br.body.len(),
        "etag": etag,
        "threads": 2,
        "seconds": options.wrk_seconds,
        "rounds": options.wrk_rounds,
        "summary": summarize(&runs).iter().map(|s| json!({
            "case": s.case, "connections": s.connections, "server": s.server,
            "requests_per_sec": s.requests_per_sec, "p50_ms": s.p50_ms, "p99_ms": s.p99_ms,
            "ratio_to_nginx": s.ratio_to_nginx,
        })).collect::<Vec<_>>(),
        "runs": runs.iter().map(|r| json!({
            "round": r.round, "case": r.case, "connections": r.connections, "server": r.server,
            "requests_per_sec": r.result.requests_per_sec, "p50_ms": r.result.p50_ms,
            "p99_ms": r.result.p99_ms, "requests": r.result.requests,
            "socket_errors": r.result.socket_errors, "bad_status": r.result.bad_status,
        })).collect::<Vec<_>>(),
        "rss_kib": { "idle": rss_idle, "after_load": rss_after, "nginx_after_load": nginx_rss },
        "nginx_workers": cores,
        "headers_only_nginx": extra,
        "headers_only_ours": missing,
    });
    Ok(Section { json, tables: vec![t] })
}

const CASES: [&str; 2] = ["200 brotli", "304 (If-None-Match)"];
const SERVERS: [&str; 2] = ["agir-server", "nginx"];

/// One wrk run of the backend section.
struct LoadRun {
    round: usize,
    connections: u32,
    case: &'static str,
    server: &'static str,
    result: wrk::WrkResult,
}

/// Medians over the rounds of one server, one case, one number of connections.
#[derive(Debug, PartialEq)]
struct LoadSummary {
    connections: u32,
    case: &'static str,
    server: &'static str,
    requests_per_sec: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// The median of each round's ratio to the nginx run next to it.
    ratio_to_nginx: f64,
}

fn summarize(runs: &[LoadRun]) -> Vec<LoadSummary> {
    let mut out = Vec::new();
    for connections in CONNECTIONS {
        for case in CASES {
            let of = |server: &str| -> Vec<&LoadRun> {
                runs.iter()
                    .filter(|r| r.connections == connections && r.case == case && r.server == server)
                    .collect()
            };
            let reference = of(SERVERS[1]);
            for server in SERVERS {
                let mine = of(server);
                if mine.is_empty() {
                    continue;
                }
                let pick =
                    |g: fn(&wrk::WrkResult) -> f64| median(&mine.iter().map(|r| g(&r.result)).collect::<Vec<_>>());
                let ratios: Vec<f64> = mine
                    .iter()
                    .filter_map(|r| {
                        let n = reference.iter().find(|n| n.round == r.round)?;
                        Some(r.result.requests_per_sec / n.result.requests_per_sec)
                    })
                    .collect();
                out.push(LoadSummary {
                    connections,
                    case,
                    server,
                    requests_per_sec: pick(|r| r.requests_per_sec).unwrap_or(f64::NAN),
                    p50_ms: pick(|r| r.p50_ms).unwrap_or(f64::NAN),
                    p99_ms: pick(|r| r.p99_ms).unwrap_or(f64::NAN),
                    ratio_to_nginx: median(&ratios).unwrap_or(f64::NAN),
                });
            }
        }
    }
    out
}

/// A port free right now (nginx binds it a moment later).
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| format!("pas de port libre : {e}"))?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// Waits until nginx answers (it exits at once on a bad configuration).
fn wait_for(addr: &str, nginx: &mut nginx::Nginx) -> Result<http::Response, String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match http::get(addr, "/api/edition", &[("Accept-Encoding", "br")]) {
            Ok(r) => return Ok(r),
            Err(e) if Instant::now() > deadline || !nginx.running() => {
                return Err(format!("nginx ne répond pas ({e}) : voir son error.log"));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Formatting

/// `12345` → `12 345`: the app's French grouping, with a plain space for Markdown tables.
fn bytes(n: usize) -> String {
    agir_model::french::group_thousands(n as u64).replace('\u{202f}', " ")
}

fn number(v: Option<f64>, decimals: usize) -> String {
    match v {
        Some(v) if decimals == 0 => bytes(v.round() as usize),
        Some(v) => format!("{v:.decimals$}").replace('.', ","),
        None => "–".into(),
    }
}

fn ms(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{} ms", bytes(v.round() as usize)))
}

/// Latencies below 10 ms keep two decimals.
fn ms_precise(v: f64) -> String {
    if v < 10.0 {
        format!("{v:.2} ms").replace('.', ",")
    } else {
        ms(Some(v))
    }
}

fn ratio(r: f64) -> String {
    format!("{r:.2}").replace('.', ",")
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("–".into(), |k| {
        format!("{:.1} Mio", k as f64 / 1024.0).replace('.', ",")
    })
}

fn list_ms(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.0}")).collect::<Vec<_>>().join(" ")
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v.dedup();
    v
}

fn minutes(d: Duration) -> String {
    let s = d.as_secs();
    format!("{} min {:02} s", s / 60, s % 60)
}

fn load_text(load: Option<[f64; 3]>) -> String {
    load.map_or("–".into(), |l| number(Some(l[0]), 2))
}

/// The line under which every figure is read.
fn machine_heading(m: &Value) -> String {
    let load = |k: &str| {
        m[k].as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_f64)
                    .map(|v| number(Some(v), 2))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| "–".into())
    };
    format!(
        "Mesures du {} sur {} ({} cœurs, {} Gio), charge {} au début, {} à la fin ; {}",
        m["date"].as_str().unwrap_or("?"),
        m["cpu"].as_str().unwrap_or("processeur inconnu"),
        m["cores"],
        number(m["memory_gib"].as_f64(), 1),
        load("load_at_start"),
        load("load_at_end"),
        m["chromium"].as_str().unwrap_or("chromium ?"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_accept_a_subset_and_refuse_unknown_sections() {
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let o = parse(&args(&["--only", "bundle,backend", "--wrk-seconds=2"])).unwrap();
        assert_eq!(o.only, ["bundle", "backend"]);
        assert_eq!(o.wrk_seconds, 2);
        assert_eq!(o.lighthouse_runs, 3);
        assert!(parse(&args(&["--only", "tout"])).is_err());
        assert!(parse(&args(&["--wrk-seconds", "0"])).is_err());
        assert!(parse(&args(&["--vite"])).is_err());
    }

    #[test]
    fn keystrokes_under_the_reported_16_ms_count_as_within_the_frame() {
        let keys = [
            json!({ "paint_ms": 24.0, "script_ms": 9.5 }),
            json!({ "paint_ms": null, "script_ms": null }),
            json!({ "paint_ms": 16.0, "script_ms": 4.0 }),
            json!({ "paint_ms": null, "script_ms": 2.0 }),
            json!({ "paint_ms": 48.0, "script_ms": 20.0 }),
        ];
        let k = Keystrokes::of(&keys);
        assert_eq!((k.count, k.within_frame), (5, 2));
        assert_eq!((k.median_value(), k.worst_value()), (Some(16.0), Some(48.0)));
        assert_eq!(k.script, [9.5, 4.0, 2.0, 20.0]);
        let quick = Keystrokes::of(&keys[1..4]);
        assert_eq!(quick.paint_median(), "< 16 ms");
        assert_eq!(Keystrokes::of(&[]).paint_median(), "–");
    }

    #[test]
    fn lighthouse_medians_are_taken_metric_by_metric() {
        let runs = vec![
            json!({"performance": 90, "accessibility": 100, "fcp_ms": 900.0, "lcp_ms": 2000.0, "tbt_ms": 10.0, "cls": 0.0}),
            json!({"performance": 99, "accessibility": 100, "fcp_ms": 1100.0, "lcp_ms": 1500.0, "tbt_ms": 50.0, "cls": 0.1}),
            json!({"performance": 95, "accessibility": 100, "fcp_ms": 1000.0, "lcp_ms": 1800.0, "tbt_ms": 0.0, "cls": 0.0}),
        ];
        let m = lighthouse_medians(&runs);
        assert_eq!(m["performance"], json!(95.0));
        assert_eq!(m["fcp_ms"], json!(1000.0));
        assert_eq!(m["lcp_ms"], json!(1800.0));
        assert_eq!(m["tbt_ms"], json!(10.0));
        assert_eq!(m["cls"], json!(0.0));
        assert_eq!(m["speed_index_ms"], Value::Null);
        assert_eq!(
            lighthouse_row("/", &m),
            ["/", "95", "100", "1 000 ms", "1 800 ms", "10 ms", "0,000"]
        );
    }

    #[test]
    fn load_summary_takes_medians_and_ratios_round_by_round() {
        let run = |round, server, rps: f64, p99| LoadRun {
            round,
            connections: 64,
            case: CASES[0],
            server,
            result: wrk::WrkResult {
                requests_per_sec: rps,
                p50_ms: rps / 1000.0,
                p99_ms: p99,
                requests: 0,
                socket_errors: 0,
                bad_status: 0,
            },
        };
        // Round 2 is slow for both servers: the ratio stays sound.
        let runs = vec![
            run(1, SERVERS[0], 90.0, 5.0),
            run(1, SERVERS[1], 100.0, 4.0),
            run(2, SERVERS[0], 40.0, 50.0),
            run(2, SERVERS[1], 50.0, 40.0),
            run(3, SERVERS[0], 100.0, 6.0),
            run(3, SERVERS[1], 110.0, 3.0),
        ];
        let s = summarize(&runs);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].server, s[0].requests_per_sec, s[0].p99_ms),
            (SERVERS[0], 90.0, 6.0)
        );
        assert!((s[0].ratio_to_nginx - 0.9).abs() < 1e-9);
        assert_eq!(
            (s[1].server, s[1].requests_per_sec, s[1].ratio_to_nginx),
            (SERVERS[1], 100.0, 1.0)
        );
    }

    #[test]
    fn french_number_formatting() {
        assert_eq!(bytes(0), "0");
        assert_eq!(bytes(999), "999");
        assert_eq!(bytes(1000), "1 000");
        assert_eq!(bytes(1234567), "1 234 567");
        assert_eq!(ms(Some(1234.4)), "1 234 ms");
        assert_eq!(ms(None), "–");
        assert_eq!(ms_precise(0.564), "0,56 ms");
        assert_eq!(ms_precise(25.2), "25 ms");
        assert_eq!(ratio(0.876), "0,88");
        assert_eq!(mib(Some(23552)), "23,0 Mio");
        assert_eq!(minutes(Duration::from_secs(754)), "12 min 34 s");
    }

    #[test]
    fn machine_heading_names_cpu_cores_load_and_date() {
        let m = json!({
            "date": "2026-11-28 10:00 UTC", "cpu": "AMD EPYC 7B13", "cores": 2, "memory_gib": 23.5,
            "load_at_start": [1.5, 1.0, 0.5], "load_at_end": [2.0, 1.2, 0.6], "chromium": "Chromium 156",
        });
        assert_eq!(
            machine_heading(&m),
            "Mesures du 2026-11-28 10:00 UTC sur AMD EPYC 7B13 (2 cœurs, 23,5 Gio), charge 1,50 1,00 0,50 au début, 2,00 1,20 0,60 à la fin ; Chromium 156"
        );
    }
}
