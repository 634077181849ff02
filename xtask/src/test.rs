//! `cargo xtask test`: every check, in order, ending with one line `N passed, N failed`.
//! Each Rust and Playwright test counts as one; fmt, clippy, the API against its OpenAPI
//! description (schemathesis), the wasm build and the size budget count as one check each. A skipped test counts as a failure: nothing is skipped
//! silently.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};

use crate::util::{cargo, describe, root, scratch, step, tool_path};
use crate::{budget, serve, soak, toolchain};

const STEPS: [&str; 9] = [
    "fmt",
    "clippy",
    "native",
    "soak",
    "schema",
    "wasm",
    "budget",
    "wasm-test",
    "e2e",
];

/// The token the end-to-end server accepts for organizers' edits.
const E2E_ADMIN_TOKEN: &str = "jeton-des-tests-de-bout-en-bout";

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => self.passed += 1,
            Err(e) => {
                eprintln!("    ÉCHEC {name} : {e}");
                self.failed += 1;
                self.failures.push(format!("{name} : {e}"));
            }
        }
    }

    fn counts(&mut self, name: &str, result: Result<(usize, usize), String>) {
        match result {
            Ok((passed, failed)) => {
                self.passed += passed;
                self.failed += failed;
                if failed > 0 {
                    self.failures.push(format!("{name} : {failed} test(s) en échec"));
                }
            }
            Err(e) => self.check(name, Err(e)),
        }
    }
}

/// `cargo xtask test`'s options.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// Les étapes (liste : fmt,clippy,native,soak,schema,wasm,budget,wasm-test,e2e), toutes par défaut.
    #[arg(long, value_name = "ÉTAPES", value_delimiter = ',', value_parser = step_name)]
    only: Vec<String>,
    /// Filtre les tests de bout en bout.
    #[arg(long, value_name = "MOTIF")]
    pub grep: Option<String>,
}

fn step_name(value: &str) -> Result<String, String> {
    crate::one_of(value, &STEPS, "étape", "étapes")
}

impl Options {
    /// The steps chosen, every one without `--only`.
    pub fn steps(&self) -> Vec<&str> {
        if self.only.is_empty() {
            STEPS.to_vec()
        } else {
            self.only.iter().map(String::as_str).collect()
        }
    }
}

pub fn run(options: Options) -> Result<ExitCode, String> {
    let steps = options.steps();
    let wants = |s: &str| steps.contains(&s);
    let mut tally = Tally::default();

    if wants("fmt") {
        step("cargo fmt --check");
        tally.check("fmt", crate::util::run(cargo().args(["fmt", "--all", "--check"])));
    }
    if wants("clippy") {
        step("clippy, code natif et code wasm, avec -D warnings");
        clippy(&mut tally);
    }
    if wants("native") {
        // Without it the export tests fail (they never skip): the failure says why.
        if let Err(e) = toolchain::ensure_xmllint() {
            tally.check("xmllint", Err(e));
        }
        step("Tests natifs du workspace (modèle, serveur, xtask)");
        tally.counts(
            "tests natifs",
            // Every test binary runs even after a failure: the count is of every failure.
            cargo_tests(cargo().args([
                "test",
                "--no-fail-fast",
                "--workspace",
                "--all-features",
                "--exclude",
                "agir-ensemble",
                "--exclude",
                "agir-console",
                "--exclude",
                "agir-ui",
            ])),
        );
    }
    if wants("soak") {
        // One check: the release server killed 3 times under writes, nothing lost or doubled.
        step("Endurance courte : 3 arrêts brutaux sous écritures, rien de perdu ni de doublé");
        tally.check("endurance (soak)", soak::check_short());
    }
    if wants("schema") {
        step("L'API contre sa description OpenAPI : schemathesis, vrai serveur, vraie base SQLite");
        tally.check("schema", crate::schema::run());
    }
    let mut built = true;
    if wants("wasm") {
        let result = serve::build_app();
        built = result.is_ok();
        tally.check("construction wasm", result);
    }
    if wants("budget") {
        step("Budget de taille du premier chargement (brotli)");
        tally.check(
            "budget",
            if built {
                budget::check()
            } else {
                Err("pas de construction wasm".into())
            },
        );
    }
    if wants("wasm-test") {
        step("Tests wasm-bindgen dans Chromium");
        tally.counts("tests wasm", wasm_tests());
    }
    if wants("e2e") {
        step("Tests de bout en bout : Playwright, Chromium, vrai serveur, vraie base SQLite");
        tally.counts("tests de bout en bout", e2e(options.grep.as_deref()));
    }

    if !tally.failures.is_empty() {
        eprintln!("\nÉchecs :");
        for f in &tally.failures {
            eprintln!("  - {f}");
        }
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    Ok(if tally.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Clippy with `-D warnings` on the native workspace and on the two apps compiled to wasm.
fn clippy(tally: &mut Tally) {
    tally.check(
        "clippy (natif)",
        crate::util::run(cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ])),
    );
    tally.check(
        "clippy (wasm)",
        toolchain::ensure_build_tools().and_then(|()| {
            crate::util::run(cargo().args([
                "clippy",
                "-p",
                "agir-ensemble",
                "-p",
                "agir-console",
                "-p",
                "agir-ui",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]))
        }),
    );
}

/// Runs a cargo test command, echoing its output, and sums its `test result:` lines.
fn cargo_tests(cmd: &mut Command) -> Result<(usize, usize), String> {
    let shown = describe(cmd);
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("impossible de lancer « {shown} » : {e}"))?;
    let (mut passed, mut failed) = (0, 0);
    for line in BufReader::new(child.stdout.take().expect("stdout"))
        .lines()
        .map_while(Result::ok)
    {
        println!("{line}");
        if let Some(rest) = line.trim().strip_prefix("test result: ") {
            passed += count_before(rest, " passed");
            failed += count_before(rest, " failed");
            let ignored = count_before(rest, " ignored");
            if ignored > 0 {
                eprintln!("    {ignored} test(s) ignoré(s) comptés en échec : rien n'est sauté en silence");
                failed += ignored;
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && failed == 0 {
        // A build error: no test ran.
        return Err(format!("« {shown} » a échoué ({status})"));
    }
    Ok((passed, failed))
}

fn count_before(text: &str, marker: &str) -> usize {
    text.split(';')
        .find(|part| part.contains(marker))
        .and_then(|part| {
            part.split_whitespace()
                .rev()
                .nth(1)
                .and_then(|n| n.trim_end_matches('.').parse().ok())
        })
        .or_else(|| {
            text.split(';')
                .find(|p| p.contains(marker))
                .and_then(|p| p.split_whitespace().find_map(|w| w.parse().ok()))
        })
        .unwrap_or(0)
}

fn wasm_tests() -> Result<(usize, usize), String> {
    toolchain::ensure_build_tools()?;
    toolchain::ensure_chromium()?;
    let target = crate::util::target_dir();
    std::fs::create_dir_all(&target).map_err(|e| format!("{} : {e}", target.display()))?;
    let webdriver = target.join("webdriver.json");
    std::fs::write(
        &webdriver,
        r#"{"goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless","--no-sandbox","--disable-gpu","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync","--disable-dev-shm-usage"]}}"#,
    )
    .map_err(|e| e.to_string())?;
    // Chromedriver leaves each session's browser profile (about 140 MB) in the temporary
    // directory: give it one of ours, removed afterwards.
    let profiles = scratch("agir-wasm-test")?;
    cargo_tests(
        cargo()
            .args(["test", "-p", "agir-ensemble", "--target", "wasm32-unknown-unknown"])
            .env("TMPDIR", profiles.path())
            .env("PATH", tool_path())
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", &webdriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "60"),
    )
}

/// A backend started for the end-to-end tests, stopped when dropped (then its directory,
/// which also holds the specs' temporary files, goes).
struct Server {
    child: Child,
    url: String,
    dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn server_binary() -> PathBuf {
    crate::util::target_dir().join("debug/agir-server")
}

fn start_server() -> Result<Server, String> {
    let dir = scratch("agir-e2e")?;
    let (child, url) = crate::util::spawn_announcing(
        Command::new(server_binary())
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--db")
            .arg(dir.path().join("agir.db"))
            .arg("--dist")
            .arg(root().join("dist"))
            .arg("--seed")
            .arg(root().join("data"))
            .env("AGIR_ADMIN_TOKEN", E2E_ADMIN_TOKEN)
            .env_remove("AGIR_ADDR")
            .env_remove("AGIR_DB"),
    )?;
    Ok(Server { child, url, dir })
}

fn e2e(grep: Option<&str>) -> Result<(usize, usize), String> {
    toolchain::ensure_chromium()?;
    toolchain::ensure_e2e_packages()?;
    if !root().join("dist/index.html").exists() {
        serve::build_app()?;
    }
    crate::util::run(cargo().args(["build", "-p", "agir-server"]))?;
    let server = start_server()?;
    eprintln!("    serveur de test : {}", server.url);
    let dir = root().join("tests/e2e");
    let report = dir.join("test-results/results.json");
    let _ = std::fs::remove_file(&report);
    let mut cmd = Command::new(dir.join("node_modules/.bin/playwright"));
    cmd.arg("test").current_dir(&dir);
    if let Some(g) = grep {
        cmd.args(["--grep", g]);
    }
    // The specs' copies of the data and the browsers' profiles go in the server's directory,
    // removed at the end, even after a failed run.
    let status = cmd
        .env("TMPDIR", server.dir.path())
        .env("AGIR_E2E_URL", &server.url)
        .env("AGIR_E2E_DB", server.dir.path().join("agir.db"))
        .env("AGIR_SERVER_BIN", server_binary())
        .env("AGIR_DIST", root().join("dist"))
        .env("AGIR_SEED", root().join("data"))
        .env("AGIR_ADMIN_TOKEN", E2E_ADMIN_TOKEN)
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
        .status()
        .map_err(|e| format!("impossible de lancer Playwright : {e}"))?;
    drop(server);
    let text =
        std::fs::read_to_string(&report).map_err(|_| format!("Playwright n'a pas écrit de rapport ({status})"))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("rapport Playwright illisible : {e}"))?;
    let stat = |k: &str| json["stats"][k].as_u64().unwrap_or(0) as usize;
    let (expected, unexpected, flaky, skipped) = (stat("expected"), stat("unexpected"), stat("flaky"), stat("skipped"));
    if skipped > 0 {
        eprintln!("    {skipped} test(s) sauté(s), comptés en échec : rien n'est sauté en silence");
    }
    if flaky > 0 {
        eprintln!("    {flaky} test(s) instable(s) (réussis après une nouvelle tentative), comptés en échec");
    }
    if expected + unexpected + flaky + skipped == 0 {
        return Err("aucun test de bout en bout n'a été exécuté".into());
    }
    let mut failed = unexpected + flaky + skipped;
    // A spec that does not load, or an error outside any test, leaves the counts green:
    // Playwright's own verdict is the last word.
    if !status.success() && failed == 0 {
        let errors = json["errors"].as_array().map_or(0, Vec::len);
        eprintln!("    Playwright a échoué ({status}) hors des tests comptés ({errors} erreur(s) dans son rapport)");
        failed = 1;
    }
    Ok((expected, failed))
}
