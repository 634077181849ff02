//! `cargo xtask soak`: the release server over a real SQLite file, attendees and an
//! organizer writing all the while, killed with SIGKILL at random moments (20 times by
//! default) and started again on the same file and port; then the file itself is read:
//! every acknowledged write must be there exactly once, and no write twice. A short run
//! is a step of `cargo xtask test`; the full one a section of the bench.

mod check;
mod client;
mod rng;
mod server;
mod writes;

use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::util::{cargo, scratch, step};
use check::Figures;
use client::Shared;
use rng::Rng;
pub use writes::KINDS;

/// `cargo xtask soak`'s options.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// La graine du hasard (moments des arrêts, contenus) : rejoue une partie ; tirée au hasard sinon.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Arrêts brutaux (SIGKILL) du serveur (20).
    #[arg(long, value_name = "N", default_value_t = 20, hide_default_value = true, value_parser = crate::positive::<usize>)]
    pub kills: usize,
    /// Téléphones qui écrivent en même temps, en plus d'un organisateur qui publie (6).
    #[arg(long, value_name = "N", default_value_t = 6, hide_default_value = true, value_parser = crate::positive::<usize>)]
    pub writers: usize,
}

impl Options {
    /// The short run of `cargo xtask test`: 3 kills, 3 writers, under a minute.
    pub fn short() -> Self {
        Self {
            seed: None,
            kills: 3,
            writers: 3,
        }
    }
}

/// What a soak found.
#[derive(Debug)]
pub struct Report {
    pub seed: u64,
    pub kills: usize,
    pub by_kind: Vec<Figures>,
    pub total: Figures,
    pub retries: u64,
    /// 5xx answers from a running server (retried like connection errors).
    pub server_errors: u64,
    /// Resent creates answered "already stored": committed, then the answer lost.
    pub already_stored: u64,
    pub given_up: usize,
    /// Answers no client expects, and writes lost or doubled.
    pub faults: Vec<String>,
    pub stop: Duration,
    pub duration: Duration,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.total.lost == 0 && self.total.duplicates == 0 && self.faults.is_empty() && self.total.acknowledged > 0
    }

    /// The last line: the figures in English words, as the acceptance reads them.
    pub fn summary(&self) -> String {
        let t = &self.total;
        format!(
            "soak: acknowledged {}, found {}, lost {}, duplicates {}, retries {}, kills {}, {} s",
            t.acknowledged,
            t.found,
            t.lost,
            t.duplicates,
            self.retries,
            self.kills,
            self.duration.as_secs()
        )
    }

    pub fn print(&self) {
        println!("\nÉcritures par genre (acquittées / trouvées une fois / doublons / perdues / refusées) :");
        for (kind, f) in KINDS.iter().zip(&self.by_kind) {
            println!(
                "  {kind:<27} {:>5} / {:>5} / {} / {} / {}",
                f.acknowledged, f.found, f.duplicates, f.lost, f.refused
            );
        }
        let t = &self.total;
        println!(
            "Graine : {} (rejouer : cargo xtask soak --seed {})",
            self.seed, self.seed
        );
        println!("Écritures acquittées : {}", t.acknowledged);
        println!("Trouvées une seule fois dans la base : {}", t.found);
        println!("Doublons : {}", t.duplicates);
        println!("Perdues : {}", t.lost);
        println!(
            "Non acquittées mais enregistrées une fois (permis) : {}",
            t.unacknowledged_stored
        );
        println!("Refusées (429, 412 après reprise) : {}", t.refused);
        println!("Abandonnées sans réponse : {}", self.given_up);
        println!("Reprises (même clé, même contenu) : {}", self.retries);
        println!(
            "Reprises reconnues « déjà enregistrée » (enregistrée, réponse perdue avec le serveur) : {}",
            self.already_stored
        );
        println!("Réponses 5xx d'un serveur en marche : {}", self.server_errors);
        println!("Arrêts brutaux (SIGKILL) : {}", self.kills);
        println!("Arrêt final (SIGTERM) : {:.1} s", self.stop.as_secs_f64());
        for fault in self.faults.iter().take(20) {
            println!("  ! {fault}");
        }
        println!(
            "acquittées {}, trouvées {}, doublons {}, perdues {}, reprises {}, arrêts brutaux {}, durée {} s",
            t.acknowledged,
            t.found,
            t.duplicates,
            t.lost,
            self.retries,
            self.kills,
            self.duration.as_secs()
        );
        println!("{}", self.summary());
    }

    pub fn json(&self) -> Value {
        let t = &self.total;
        json!({
            "seed": self.seed, "kills": self.kills, "acknowledged": t.acknowledged, "found": t.found,
            "duplicates": t.duplicates, "lost": t.lost, "unacknowledged_stored": t.unacknowledged_stored,
            "refused": t.refused, "retries": self.retries, "server_errors": self.server_errors, "already_stored": self.already_stored, "given_up": self.given_up,
            "stop_s": self.stop.as_secs_f64(), "duration_s": self.duration.as_secs(),
            "by_kind": KINDS.iter().zip(&self.by_kind).map(|(k, f)| json!({
                "kind": k, "acknowledged": f.acknowledged, "found": f.found,
                "duplicates": f.duplicates, "lost": f.lost, "refused": f.refused,
            })).collect::<Vec<_>>(),
        })
    }
}

/// `cargo xtask soak`.
pub fn run(options: Options) -> Result<ExitCode, String> {
    build()?;
    let report = soak(&options)?;
    report.print();
    Ok(if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The release server the soak drives (the bench builds the same one).
pub fn build() -> Result<(), String> {
    step("Construction du serveur (cargo build --release -p agir-server)");
    crate::util::run(cargo().args(["build", "--release", "-p", "agir-server"]))
}

/// The step of `cargo xtask test`: the short soak, one check.
pub fn check_short() -> Result<(), String> {
    build()?;
    let report = soak(&Options::short())?;
    report.print();
    if report.passed() {
        Ok(())
    } else {
        Err(format!("{} ; {}", report.summary(), report.faults.join(" ; ")))
    }
}

/// Runs one soak with the server already built.
pub fn soak(options: &Options) -> Result<Report, String> {
    let started = Instant::now();
    let seed = options.seed.unwrap_or_else(Rng::fresh_seed);
    step(&format!(
        "Endurance : {} arrêts brutaux, {} téléphones et un organisateur, graine {seed}",
        options.kills, options.writers
    ));
    let mut rng = Rng::new(seed);
    let dir = scratch("agir-soak")?;
    let db = dir.path().join("agir.db");
    let mut server = server::Server::start(dir.path(), &db)?;
    let shared = Arc::new(prepare(&server.addr, &mut rng)?);
    let mut threads = Vec::new();
    for _ in 0..options.writers {
        let (shared, rng) = (shared.clone(), rng.fork());
        threads.push(std::thread::spawn(move || shared.attendee(rng)));
    }
    let (organizer, organizer_rng) = (shared.clone(), rng.fork());
    threads.push(std::thread::spawn(move || organizer.organizer(organizer_rng)));
    let kills = kill_repeatedly(&mut server, &mut rng, options.kills);
    // Every write under way gets its answer from the last server, then it stops cleanly.
    shared.stop.store(true, Ordering::Relaxed);
    for t in threads {
        let _ = t.join();
    }
    kills?;
    let stop = server.stop()?;
    let ledger = shared.ledger.lock().expect("ledger").clone();
    let (by_kind, total, mut faults) = check::check(&db, &ledger)?;
    let (retries, server_errors, given_up) = shared.counts();
    faults.splice(0..0, shared.unexpected.lock().expect("refusals").iter().cloned());
    let report = Report {
        seed,
        kills: options.kills,
        by_kind,
        total,
        retries,
        server_errors,
        already_stored: shared.already_stored.load(Ordering::Relaxed),
        given_up,
        faults,
        stop,
        duration: started.elapsed(),
    };
    if !report.passed() {
        // Kept for a look: the file the verdict was read from.
        let kept = dir.keep();
        eprintln!("    base gardée pour examen : {}", kept.join("agir.db").display());
    }
    Ok(report)
}

/// Before the writers: the debate's questions taken at once, so they can be supported.
fn prepare(addr: &str, rng: &mut Rng) -> Result<Shared, String> {
    let probe = Shared::new(addr.to_owned(), Vec::new());
    let (doc, etag) = probe
        .edition(rng)
        .ok_or("l'édition de démonstration ne se lit pas sur le serveur")?;
    let opened = probe.send(&writes::open_debate(&etag), rng, false);
    match opened {
        Some(r) if r.status == 200 => Ok(Shared::new(addr.to_owned(), writes::session_ids(&doc))),
        Some(r) => Err(format!(
            "le débat n'a pas pu être ouvert aux questions : {} {}",
            r.status,
            String::from_utf8_lossy(&r.body)
        )),
        None => Err("le serveur ne répond pas".into()),
    }
}

/// Kills the server `kills` times, each after a random while (0.2 to 2.5 s after it
/// announced itself), starting it again each time.
fn kill_repeatedly(server: &mut server::Server, rng: &mut Rng, kills: usize) -> Result<(), String> {
    for n in 1..=kills {
        std::thread::sleep(Duration::from_millis(rng.below(200..2500)));
        server.kill()?;
        eprintln!("    arrêt brutal {n}/{kills}");
        server.restart()?;
    }
    Ok(())
}
