//! Installs, when missing, what the build and the tests need: the wasm target, trunk,
//! wasm-bindgen-cli at the exact Cargo.lock version, wasm-opt (npm binaryen 132) and terser
//! (npm), Debian's chromium and chromedriver, Debian's xmllint (libxml2-utils, for the
//! native tests), the npm packages of the end-to-end tests, and
//! for the bench Debian's wrk and nginx and the npm packages Lighthouse and playwright-core,
//! and for the API's check against its description schemathesis (PyPI, in a virtual
//! environment under the target directory).
//! Each install says what it installs and why, because the first ones take minutes.

use std::process::Command;

use crate::util::{output, root, run, step, tool_path};

pub const TRUNK_VERSION: &str = "0.21.14";
/// binaryen 132 is the newest wasm-opt that works here; Debian's 108 silently produces a
/// module that fails at start-up in Chromium.
const WASM_OPT_VERSION: &str = "version_132";

/// Everything the release wasm build needs.
pub fn ensure_build_tools() -> Result<(), String> {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_opt()
}

fn ensure_wasm_target() -> Result<(), String> {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    step("Installation de la cible wasm32-unknown-unknown (pour compiler l'application web ; quelques secondes)");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn ensure_trunk() -> Result<(), String> {
    let version = output(Command::new("trunk").arg("--version").env("PATH", tool_path())).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
        return Ok(());
    }
    step(&format!(
        "Installation de trunk {TRUNK_VERSION} (construit l'application web ; 0.22 demande un rustc plus récent). \
         Compilation depuis crates.io : environ 6 minutes la première fois sur 2 cœurs."
    ));
    run(crate::util::cargo().args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]))
}

/// The wasm-bindgen version written in Cargo.lock: the CLI must match it exactly.
pub fn wasm_bindgen_version() -> Result<String, String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock illisible : {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen est absent de Cargo.lock".into())
}

fn ensure_wasm_bindgen() -> Result<(), String> {
    let wanted = wasm_bindgen_version()?;
    let version = output(Command::new("wasm-bindgen").arg("--version").env("PATH", tool_path())).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    step(&format!(
        "Installation de wasm-bindgen-cli {wanted} (doit correspondre exactement à Cargo.lock ; \
         trunk ne télécharge rien ici). Environ 2 à 3 minutes la première fois."
    ));
    // Not `--locked`: its lock file names a dependency version the registry no longer has.
    run(crate::util::cargo().args(["install", "wasm-bindgen-cli", "--version", &wanted]))
}

fn ensure_wasm_opt() -> Result<(), String> {
    let version = output(Command::new("wasm-opt").arg("--version").env("PATH", tool_path())).unwrap_or_default();
    if version.contains(WASM_OPT_VERSION) && npm_up_to_date(&root().join("xtask/tools")) {
        return Ok(());
    }
    step("Installation de wasm-opt (paquet npm binaryen 132 ; celui de Debian casse le module) et de terser (npm)");
    npm_ci(&root().join("xtask/tools"))
}

/// `npm ci` (or `npm install` without a lock file) in `dir`.
pub fn npm_ci(dir: &std::path::Path) -> Result<(), String> {
    if output(Command::new("npm").arg("--version")).is_none() {
        return Err(missing_packages(
            &["nodejs", "npm"],
            "npm est nécessaire pour wasm-opt et Playwright",
        ));
    }
    let verb = if dir.join("package-lock.json").exists() {
        "ci"
    } else {
        "install"
    };
    run(Command::new("npm")
        .args([verb, "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir))
}

/// Debian's chromium and chromedriver, for the end-to-end and wasm-bindgen tests.
pub fn ensure_chromium() -> Result<(), String> {
    ensure_debian(
        &[
            ("/usr/bin/chromium", "chromium"),
            ("/usr/bin/chromedriver", "chromium-driver"),
        ],
        "les tests s'exécutent dans Chromium",
        "chromium et chromium-driver (Debian) pour les tests dans un vrai navigateur",
    )
}

/// Debian's xmllint, which the server's tests use to check `schedule.xml` against the
/// upstream XSD (a validator that is not our writer).
pub fn ensure_xmllint() -> Result<(), String> {
    ensure_debian(
        &[("/usr/bin/xmllint", "libxml2-utils")],
        "les tests natifs valident schedule.xml avec xmllint",
        "xmllint (Debian, libxml2-utils) pour valider schedule.xml contre sa XSD",
    )
}

/// Debian's wrk (the load generator) and nginx (the reference server) for `cargo xtask bench`.
pub fn ensure_load_tools() -> Result<(), String> {
    ensure_debian(
        &[("/usr/bin/wrk", "wrk"), ("/usr/sbin/nginx", "nginx")],
        "la mesure du serveur charge l'API avec wrk et compare à nginx",
        "wrk et nginx (Debian) pour mesurer le serveur à côté d'une référence",
    )
}

/// The schemathesis release the `schema` step is written for (its CLI and its report
/// change between minor versions).
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// schemathesis in `target/schemathesis-venv` (python3 -m venv, then pip from PyPI), reused
/// while it is the pinned version. Returns its command.
pub fn ensure_schemathesis() -> Result<std::path::PathBuf, String> {
    let venv = crate::util::target_dir().join("schemathesis-venv");
    let bin = venv.join("bin/schemathesis");
    let version = output(Command::new(&bin).arg("--version")).unwrap_or_default();
    if version.split_whitespace().last() == Some(SCHEMATHESIS_VERSION) {
        return Ok(bin);
    }
    if output(Command::new("python3").args(["-m", "venv", "--help"])).is_none() {
        return Err(missing_packages(
            &["python3", "python3-venv"],
            "schemathesis s'installe dans un environnement virtuel Python",
        ));
    }
    step(&format!(
        "Installation de schemathesis {SCHEMATHESIS_VERSION} (PyPI, dans {} ; une quinzaine de secondes)",
        venv.display()
    ));
    run(Command::new("python3").arg("-m").arg("venv").arg("--clear").arg(&venv))?;
    run(Command::new(venv.join("bin/pip")).args([
        "install",
        "--quiet",
        "--disable-pip-version-check",
        &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
    ]))?;
    Ok(bin)
}

/// Installs with apt the packages whose binary is missing (as root), else says the command.
fn ensure_debian(needed: &[(&str, &str)], why: &str, what: &str) -> Result<(), String> {
    let packages: Vec<&str> = needed
        .iter()
        .filter(|(bin, _)| !std::path::Path::new(bin).exists())
        .map(|&(_, package)| package)
        .collect();
    if packages.is_empty() {
        return Ok(());
    }
    if !is_root() {
        return Err(missing_packages(&packages, why));
    }
    step(&format!("Installation de {what}"));
    run(Command::new("apt-get").args(["update", "-q"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(&packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// The npm packages of the browser measurements: Lighthouse 12.2.3 (13 wants Node 22) and
/// playwright-core, which never downloads a browser.
pub fn ensure_bench_packages() -> Result<(), String> {
    let dir = root().join("xtask/bench");
    if npm_up_to_date(&dir) {
        return Ok(());
    }
    step("Installation de Lighthouse et playwright-core (npm, dans xtask/bench ; le navigateur est celui de Debian)");
    npm_ci(&dir)
}

/// The npm packages of the end-to-end tests (Playwright Test, axe, and jsQR with pngjs to
/// decode the printed QR codes independently of their encoder; no browser download).
pub fn ensure_e2e_packages() -> Result<(), String> {
    let dir = root().join("tests/e2e");
    if npm_up_to_date(&dir) {
        return Ok(());
    }
    step("Installation de Playwright Test, axe, ical.js et le décodeur de QR codes (npm ; le navigateur est celui de Debian)");
    npm_ci(&dir)
}

/// True when `dir/node_modules` was installed from the current `package-lock.json` (npm
/// writes its own copy of the lock in `node_modules/.package-lock.json`).
pub fn npm_up_to_date(dir: &std::path::Path) -> bool {
    let installed = std::fs::metadata(dir.join("node_modules/.package-lock.json")).and_then(|m| m.modified());
    let wanted = std::fs::metadata(dir.join("package-lock.json")).and_then(|m| m.modified());
    matches!((installed, wanted), (Ok(i), Ok(w)) if i >= w)
}

fn is_root() -> bool {
    output(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0")
}

fn missing_packages(packages: &[&str], why: &str) -> String {
    format!(
        "il manque des paquets système ({why}). Installez-les avec :\n    sudo apt-get update && sudo apt-get install -y {}",
        packages.join(" ")
    )
}
