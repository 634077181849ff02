//! First visit on a congested network: a stand's page, as a QR code at the venue opens it,
//! the cache empty, Slow 4G and a CPU slowed down 4x; the stand's heading painted from the
//! server's first HTML, and the app in charge (when the heading used to appear); beside the
//! last run's medians (`Work::previous`).

use serde_json::json;

use super::format::{bytes, floats, list_ms, ms};
use super::stats::{median, worst};
use super::{before_note, Backend, Options, Section, Table, Work};

/// The page measured: the stand a QR code opens.
pub const STAND_PAGE: &str = "/village/restos-du-coeur";

pub fn first(work: &Work, options: &Options) -> Result<Section, String> {
    let backend = Backend::start(&work.dir.path().join("first.db"), None)?;
    let url = format!("{}{STAND_PAGE}", backend.url);
    let runs = options.lighthouse_runs;
    let raw = work.node("first.mjs", "first.json", &[url, runs.to_string()])?;
    let values = |key: &str| floats(&raw[key]);
    let mut t = Table::new(
        format!("Premier affichage de {STAND_PAGE} : cache vide, Slow 4G (DevTools) et CPU ÷4, {runs} passages"),
        &["moment", "médiane", "pire", "passages (ms)", "avant (médiane)"],
    )
    .text_column(3);
    let previous = work.previous("first");
    let mut json = json!({ "page": STAND_PAGE, "runs": runs });
    for (key, label) in [
        ("heading", "titre du stand peint (premier HTML du serveur)"),
        (
            "app",
            "application aux commandes (avant le premier HTML : le titre attendait ce moment)",
        ),
    ] {
        let v = values(key);
        let before = ms(previous["section"][key]["median_ms"].as_f64());
        t.row(vec![label.into(), ms(median(&v)), ms(worst(&v)), list_ms(&v), before]);
        json[key] = json!({ "median_ms": median(&v), "worst_ms": worst(&v), "runs_ms": v });
    }
    let html = values("html_bytes");
    t.note(format!(
        "Réseau : 562,5 ms de latence, 1,47 Mbit/s en réception (le Slow 4G de Lighthouse appliqué \
         par DevTools) ; page HTML reçue : {} octets décompressés ; un contexte neuf par passage, \
         service worker bloqué.",
        bytes(html.first().copied().unwrap_or(0.0) as usize)
    ));
    if let Some(note) = before_note(&previous, "de cette mesure") {
        t.note(note);
    }
    Ok(Section { json, tables: vec![t] })
}
