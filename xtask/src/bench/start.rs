//! Start: how long `agir-server serve` takes from launch to its first answer (`/healthz`),
//! release and debug builds, on a new database (seeded from `data/`) and on a restart over
//! the same one; and, for comparison, the release server given a build without its
//! compressed forms, which then compresses the app itself.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::json;

use super::format::ms;
use super::stats::{median, worst};
use super::{http, Section, Table, Work};
use crate::util::{cargo, root, spawn_announcing};

/// Starts per row: a median of several on a shared machine.
const STARTS: usize = 7;

pub fn start(work: &Work, _: &super::Options) -> Result<Section, String> {
    crate::util::run(cargo().args(["build", "-p", "agir-server"]))?;
    let dist = root().join("dist");
    let bare = work.dir.path().join("dist-sans-formes");
    copy_without_forms(&dist, &bare)?;
    let rows: [(&str, &str, PathBuf, &Path, bool); 5] = [
        ("release", "base neuve", super::server_bin(), &dist, true),
        ("release", "redémarrage", super::server_bin(), &dist, false),
        ("debug", "base neuve", debug_bin(), &dist, true),
        ("debug", "redémarrage", debug_bin(), &dist, false),
        (
            "release",
            "sans les formes compressées du build",
            super::server_bin(),
            &bare,
            true,
        ),
    ];
    let mut t = Table::new(
        format!("Démarrage : lancement → première réponse de /healthz ({STARTS} démarrages)"),
        &["serveur", "cas", "médiane", "pire"],
    )
    .text_column(1);
    let mut json = json!({});
    for (i, (build, case, bin, dist, fresh)) in rows.iter().enumerate() {
        let times = (0..STARTS)
            .map(|n| {
                let db = work
                    .dir
                    .path()
                    .join(format!("start-{i}-{}.db", if *fresh { n } else { 0 }));
                time_to_first_answer(bin, dist, &db)
            })
            .collect::<Result<Vec<f64>, String>>()?;
        eprintln!("    {build}, {case} : {times:.0?} ms");
        t.row(vec![
            build.to_string(),
            case.to_string(),
            ms(median(&times)),
            ms(worst(&times)),
        ]);
        json[format!("{build} {case}")] = json!({ "ms": times, "median_ms": median(&times) });
    }
    t.note(
        "Base neuve : la base est créée et l'édition 2013 y est publiée. Redémarrage : la même base, \
         déjà remplie. Le build écrit les formes brotli et gzip de chaque fichier ; sans elles, le \
         serveur compresse l'application lui-même au démarrage (dernière ligne).",
    );
    Ok(Section { json, tables: vec![t] })
}

fn debug_bin() -> PathBuf {
    crate::util::target_dir().join("debug/agir-server")
}

/// Milliseconds from launch to the first `/healthz` answer; the server is then stopped.
fn time_to_first_answer(bin: &Path, dist: &Path, db: &Path) -> Result<f64, String> {
    let started = Instant::now();
    let (mut child, url) = spawn_announcing(
        Command::new(bin)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--db")
            .arg(db)
            .arg("--dist")
            .arg(dist)
            .arg("--seed")
            .arg(root().join("data"))
            .env("AGIR_LOG", "warn")
            .env_remove("AGIR_ADDR")
            .env_remove("AGIR_DB")
            .env_remove("AGIR_CURRENT"),
    )?;
    let answer = http::get(url.trim_start_matches("http://"), "/healthz", &[]);
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let _ = child.kill();
    let _ = child.wait();
    match answer {
        Ok(r) if r.status == 200 => Ok(elapsed),
        Ok(r) => Err(format!("/healthz a répondu {}", r.status)),
        Err(e) => Err(e),
    }
}

/// A copy of the build `from` without the `.br` and `.gz` forms it wrote.
fn copy_without_forms(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{} : {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{} : {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().expect("un nom"));
        if path.is_dir() {
            copy_without_forms(&path, &target)?;
        } else if !crate::precompress::is_form(&path) {
            std::fs::copy(&path, &target).map_err(|e| format!("{} : {e}", path.display()))?;
        }
    }
    Ok(())
}
