//! Lighthouse (mobile defaults: Slow 4G and a CPU slowed down 4x, simulated) on four pages
//! of the demo edition, the median of several runs metric by metric, beside the last
//! Lighthouse run's score and LCP for the same page (`Work::previous`).

use serde_json::{json, Value};

use super::format::{dedup, ms, number};
use super::stats::median;
use super::{before_note, Backend, Options, Section, Table, Work};

/// The pages Lighthouse audits: the home page, the programme, a session, a stand.
const PAGES: [&str; 4] = [
    "/",
    "/programme",
    "/programme/table-ronde-parcours",
    super::first::STAND_PAGE,
];

/// The medians of Lighthouse runs, metric by metric.
pub fn lighthouse_medians(runs: &[Value]) -> Value {
    let metric = |key: &str| median(&runs.iter().filter_map(|r| r[key].as_f64()).collect::<Vec<_>>());
    json!({
        "performance": metric("performance"),
        "accessibility": metric("accessibility"),
        "fcp_ms": metric("fcp_ms"),
        "lcp_ms": metric("lcp_ms"),
        "tbt_ms": metric("tbt_ms"),
        "cls": metric("cls"),
        "speed_index_ms": metric("speed_index_ms"),
        "benchmark_index": metric("benchmark_index"),
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

/// The last Lighthouse run's score and LCP for `page`, or "–".
fn previous_cell(previous: &Value, page: &str) -> String {
    let m = &previous["section"]["pages"][page]["median"];
    match (m["performance"].as_f64(), m["lcp_ms"].as_f64()) {
        (Some(perf), Some(lcp)) => format!("{} ; {}", number(Some(perf), 0), ms(Some(lcp))),
        _ => "–".to_owned(),
    }
}

pub fn lighthouse(work: &Work, options: &Options) -> Result<Section, String> {
    let backend = Backend::start(&work.dir.path().join("lighthouse.db"), None)?;
    let urls: Vec<String> = PAGES.iter().map(|p| format!("{}{p}", backend.url)).collect();
    let mut args = vec![options.lighthouse_runs.to_string()];
    args.extend(urls.iter().cloned());
    let raw = work.node("lighthouse.mjs", "lighthouse.json", &args)?;
    let mut t = Table::new(
        format!(
            "Lighthouse 12.2.3 mobile (Slow 4G et CPU ÷4 simulés), médiane de {} passages, serveur release",
            options.lighthouse_runs
        ),
        &[&LIGHTHOUSE_HEADER[..], &["avant (perf. ; LCP)"]].concat(),
    );
    let previous = work.previous("lighthouse");
    let mut pages = serde_json::Map::new();
    for (page, url) in PAGES.iter().zip(&urls) {
        let runs = raw[url].as_array().cloned().unwrap_or_default();
        let m = lighthouse_medians(&runs);
        let mut row = lighthouse_row(page, &m);
        row.push(previous_cell(&previous, page));
        t.row(row);
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
    if let Some(note) = before_note(&previous, "de Lighthouse") {
        t.note(note);
    }
    let speeds: Vec<f64> = pages
        .values()
        .flat_map(|p| p["runs"].as_array().cloned().unwrap_or_default())
        .filter_map(|r| r["benchmark_index"].as_f64())
        .collect();
    let benchmark_index = median(&speeds);
    t.note(speed_note(&speeds));
    Ok(Section {
        json: json!({ "runs": options.lighthouse_runs, "pages": pages, "benchmark_index": benchmark_index }),
        tables: vec![t],
    })
}

/// The host's speed as Lighthouse measured it before each run: its CPU slowdown multiplies
/// the main-thread tasks it observed, so the same build scores lower on a slower machine.
fn speed_note(speeds: &[f64]) -> String {
    let (Some(low), Some(high)) = (
        speeds.iter().copied().reduce(f64::min),
        speeds.iter().copied().reduce(f64::max),
    ) else {
        return "Vitesse de la machine (benchmarkIndex de Lighthouse) : non relevée.".to_owned();
    };
    format!(
        "Vitesse de la machine selon Lighthouse (benchmarkIndex, plus haut = plus rapide) : médiane {}, \
         de {} à {} ; le ralentissement ÷4 s'applique aux tâches observées sur cette machine, \
         donc TBT et score dépendent d'elle : ne comparer que des rapports d'indices voisins.",
        number(median(speeds), 0),
        number(Some(low), 0),
        number(Some(high), 0)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(m["benchmark_index"], Value::Null);
        assert_eq!(
            lighthouse_row("/", &m),
            ["/", "95", "100", "1 000 ms", "1 800 ms", "10 ms", "0,000"]
        );
    }

    #[test]
    fn the_machine_speed_is_told_with_its_spread() {
        let note = speed_note(&[1210.0, 980.5, 1490.0]);
        assert!(note.contains("médiane 1 210, de 981 à 1 490"), "{note}");
        assert!(speed_note(&[]).contains("non relevée"));
    }
}
