//! `cargo xtask serve`: install what is missing, build the app in release, run the backend
//! with the demo edition.

use std::process::{Command, ExitCode};

use crate::toolchain::ensure_build_tools;
use crate::util::{cargo, root, step, tool_path};

/// Builds both wasm apps in release with the size-tuned `wasm-release` profile: the
/// attendee app into `dist/`, then the organizers' console into `dist/organisateurs/` (in
/// that order: the attendee build replaces `dist/` as a whole).
pub fn build_app() -> Result<(), String> {
    ensure_build_tools()?;
    step("Construction de l'application web (trunk build --release ; quelques minutes la première fois)");
    trunk_build(&root())?;
    step("Construction de la console des organisateurs (crates/console, servie sous /organisateurs/)");
    trunk_build(&root().join("crates/console"))
}

fn trunk_build(dir: &std::path::Path) -> Result<(), String> {
    crate::util::run(
        Command::new("trunk")
            .args(["build", "--release", "--offline"])
            .current_dir(dir)
            .env("PATH", tool_path()),
    )
}

/// `cargo xtask post-build`, run by Trunk after each build (post_build hook) on its staging
/// folder: the wasm-bindgen glue minified (release), the service worker's precache list (the
/// attendee app has one, the console none), then every file's brotli and gzip forms.
pub fn post_build() -> Result<ExitCode, String> {
    let dir = std::env::var_os("TRUNK_STAGING_DIR")
        .map(std::path::PathBuf::from)
        .ok_or("TRUNK_STAGING_DIR manque : cette commande est lancée par trunk build")?;
    // Trunk's profile: the glue is minified in release, like Trunk minifies the rest.
    if std::env::var("TRUNK_PROFILE").as_deref() == Ok("release") {
        crate::minify::write(&dir)?;
    }
    if dir.join("sw.js").exists() {
        let (build, count) = crate::sw::write(&dir)?;
        eprintln!("    service worker : version {build}, {count} fichiers en cache");
    }
    let start = std::time::Instant::now();
    let compressed = crate::precompress::write(&dir)?;
    eprintln!(
        "    {compressed} fichiers compressés (brotli, gzip) en {:.1} s",
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    build_app()?;
    step("Construction du serveur (cargo build --release -p agir-server)");
    crate::util::run(cargo().args(["build", "--release", "-p", "agir-server"]))?;
    step("Démarrage du serveur avec l'édition de démonstration (Ctrl-C pour arrêter)");
    let status = Command::new(crate::util::target_dir().join("release/agir-server"))
        .arg("serve")
        .args(default_args(args))
        .args(args)
        .current_dir(root())
        .status()
        .map_err(|e| format!("impossible de lancer agir-server : {e}"))?;
    Ok(ExitCode::from(status.code().unwrap_or(1).clamp(0, 255) as u8))
}

/// `--dist` and `--seed` point into the workspace unless the person chose otherwise.
fn default_args(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let given = |flag: &str, env: &str| {
        args.iter().any(|a| a == flag || a.starts_with(&format!("{flag}="))) || std::env::var_os(env).is_some()
    };
    if !given("--dist", "AGIR_DIST") {
        out.extend(["--dist".to_owned(), root().join("dist").display().to_string()]);
    }
    if !given("--seed", "AGIR_SEED") {
        out.extend(["--seed".to_owned(), root().join("data").display().to_string()]);
    }
    out
}
