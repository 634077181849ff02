//! `cargo xtask serve | test | bench`: the two commands of the README (and the benchmark),
//! installing on a fresh machine whatever they need.

mod bench;
mod budget;
mod precompress;
mod serve;
mod sw;
mod test;
mod toolchain;
mod util;

use std::process::ExitCode;

const USAGE: &str = "\
Utilisation : cargo xtask <commande> [options]

Commandes :
  serve    Installe ce qui manque, construit l'application et lance le serveur
           avec l'édition de démonstration (http://127.0.0.1:8080 par défaut).
           Options : --addr ADRESSE (ou AGIR_ADDR), --db FICHIER (ou AGIR_DB),
           et toute autre option de `agir-server serve` (voir --help du serveur).
  test     Toutes les vérifications, dans l'ordre : format, clippy, tests natifs,
           construction wasm, budget de taille, tests wasm-bindgen, tests de bout
           en bout dans Chromium. Termine par « N passed, N failed ».
           Options : --only ÉTAPES (liste : fmt,clippy,native,wasm,budget,wasm-test,e2e)
                     --grep MOTIF (filtre les tests de bout en bout)
  post-build
           (lancée par trunk après chaque construction) écrit la liste des fichiers
           et la version dans le service worker, puis à côté de chaque fichier ses
           formes compressées (brotli, gzip) que le serveur envoie telles quelles.
  bench    Mesures en release, avec la machine notée : taille du premier chargement,
           Lighthouse mobile, visite hors ligne, programme du 36C3 dans le navigateur,
           serveur sous charge (wrk) à côté de nginx, démarrage du serveur. Tableau à l'écran, rapport dans
           target/bench/report.json (et report.md). Environ 10 minutes.
           Options : --only MESURES (liste : bundle,lighthouse,offline,scale,backend,start)
                     --lighthouse-runs N (3), --wrk-rounds N (3), --wrk-seconds N (5)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve::run(&args[1..]),
        Some("test") => test::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("post-build") => serve::post_build(),
        Some("-h" | "--help" | "help") | None => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("commande inconnue « {other} ».\n\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("\nxtask : {message}");
            ExitCode::FAILURE
        }
    }
}
