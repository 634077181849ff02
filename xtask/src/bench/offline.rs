//! Offline repeat visit: the programme on screen from the service worker, the server stopped.

use serde_json::json;

use super::format::{floats, list_ms, ms};
use super::stats::{median, worst};
use super::{Options, Section, Table, Work};

pub fn offline(work: &Work, options: &Options) -> Result<Section, String> {
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
