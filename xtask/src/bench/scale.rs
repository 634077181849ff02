//! Scale: the 36C3 programme (1,351 events) in the browser with the CPU slowed down 4x: its
//! import, the first render, and each keystroke of a search.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use serde_json::{json, Value};

use super::format::{bytes, ms, number};
use super::lighthouse::lighthouse_medians;
use super::stats::{median, percentile, worst};
use super::{http, server_bin, Backend, Options, Section, Table, Work};
use crate::util::root;

/// Searches typed in the 36C3 programme: many results, a few, nearly all, none.
const QUERIES: [&str; 4] = ["keynote", "security", "a", "xyz"];
const FIXTURE_36C3: &str = "crates/model/tests/fixtures/interop/36c3_merged.xml";

pub fn scale(work: &Work, options: &Options) -> Result<Section, String> {
    let (import_ms, db) = import_36c3(work)?;
    let backend = Backend::start(&db, Some("36c3"))?;
    let document = http::get(backend.addr(), "/api/edition", &[])?.body.len();
    let document_br = http::get(backend.addr(), "/api/edition", &[("Accept-Encoding", "br")])?
        .body
        .len();
    let first_html = http::get(backend.addr(), "/programme", &[])?.body;
    let first_html_br = http::get(backend.addr(), "/programme", &[("Accept-Encoding", "br")])?
        .body
        .len();
    let first_rows = String::from_utf8_lossy(&first_html)
        .matches("class=\"session-row")
        .count();
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
    let browser = Browser::read(&raw);

    let mut t = Table::new(
        "Programme du 36C3 (1 351 séances, édition courante), CPU ÷4 par le protocole DevTools",
        &["mesure", "médiane", "pire", "détail"],
    )
    .text_column(3);
    page_rows(&mut t, &import_ms, &browser, &lh_runs, &lh);
    keystroke_rows(&mut t, &browser);
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
    t.note(format!(
        "Premier HTML de /programme (servi avant l'application) : {} octets, {} en brotli, \
         {first_rows} séances : la première page du programme, pas le programme entier.",
        bytes(first_html.len()),
        bytes(first_html_br)
    ));
    let mut json = browser.json(&raw);
    json["import"] = json!({ "median_ms": median(&import_ms), "worst_ms": worst(&import_ms), "runs_ms": import_ms });
    json["lighthouse_programme"] = json!({ "median": lh, "runs": lh_runs });
    json["document_bytes"] = json!({ "raw": document, "brotli": document_br });
    json["first_html"] = json!({ "raw": first_html.len(), "brotli": first_html_br, "sessions": first_rows });
    Ok(Section { json, tables: vec![t] })
}

/// The command-line import of the published frab XML, into a new database each time: its
/// times, and the last database (the one served).
fn import_36c3(work: &Work) -> Result<(Vec<f64>, PathBuf), String> {
    let mut import_ms = Vec::new();
    let mut db = PathBuf::new();
    for run in 1..=3 {
        db = work.dir.path().join(format!("36c3-{run}.db"));
        let started = Instant::now();
        crate::util::run(
            Command::new(server_bin())
                .args(["import", FIXTURE_36C3, "--edition", "36c3", "--db"])
                .arg(&db)
                .current_dir(root()),
        )?;
        import_ms.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    Ok((import_ms, db))
}

/// What `scale.mjs` measured in the browser: the first renders and the searches, with the
/// application and without it (the browser alone), slowed down and at full speed.
struct Browser {
    render: Vec<f64>,
    rows_shown: u64,
    count: String,
    searches: Vec<Value>,
    browser_only: Vec<Value>,
    unthrottled: Vec<Value>,
    browser_unthrottled: Vec<Value>,
    app: Keystrokes,
    reference: Keystrokes,
    full_speed: Keystrokes,
    browser_full_speed: Keystrokes,
}

/// Every keystroke of these searches, each search's clearing included.
fn keys_of(records: &[Value]) -> Vec<Value> {
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
}

impl Browser {
    fn read(raw: &Value) -> Self {
        let list = |key: &str| raw[key].as_array().cloned().unwrap_or_default();
        let (searches, browser_only) = (list("search"), list("browser_only"));
        let (unthrottled, browser_unthrottled) = (list("search_unthrottled"), list("browser_only_unthrottled"));
        Self {
            render: raw["render"]
                .as_array()
                .map(|a| a.iter().filter_map(|r| r["ms"].as_f64()).collect())
                .unwrap_or_default(),
            rows_shown: raw["render"][0]["rows"].as_u64().unwrap_or(0),
            count: raw["render"][0]["count"].as_str().unwrap_or("").to_owned(),
            app: Keystrokes::of(&keys_of(&searches)),
            reference: Keystrokes::of(&keys_of(&browser_only)),
            full_speed: Keystrokes::of(&keys_of(&unthrottled)),
            browser_full_speed: Keystrokes::of(&keys_of(&browser_unthrottled)),
            searches,
            browser_only,
            unthrottled,
            browser_unthrottled,
        }
    }

    /// The section's JSON but for the import, Lighthouse and the document's size.
    fn json(&self, raw: &Value) -> Value {
        let (app, reference) = (&self.app, &self.reference);
        let (full_speed, browser_full_speed) = (&self.full_speed, &self.browser_full_speed);
        json!({
            "render": { "median_ms": median(&self.render), "worst_ms": worst(&self.render), "runs": raw["render"] },
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
                "queries": self.searches,
                "browser_only_queries": self.browser_only,
                "unthrottled_queries": self.unthrottled,
                "browser_only_unthrottled_queries": self.browser_unthrottled,
            },
            "cpu_slowdown": raw["cpu_slowdown"],
        })
    }
}

/// The import, the first render and Lighthouse's total blocking time.
fn page_rows(t: &mut Table, import_ms: &[f64], browser: &Browser, lh_runs: &[Value], lh: &Value) {
    timing_row(
        t,
        "import du flux frab XML (agir-server import, base neuve)",
        import_ms,
        format!(
            "{} passages, processeur non ralenti ; lecture, validation et écriture SQLite comprises",
            import_ms.len()
        ),
    );
    let (render, rows_shown, count) = (&browser.render, browser.rows_shown, &browser.count);
    timing_row(
        t,
        "/programme : navigation → lignes peintes",
        render,
        format!("{} passages à froid ; {rows_shown} lignes ; {count}", render.len()),
    );
    let tbt: Vec<f64> = lh_runs.iter().filter_map(|r| r["tbt_ms"].as_f64()).collect();
    timing_row(
        t,
        "/programme : TBT Lighthouse",
        &tbt,
        format!(
            "{} passages ; perf. {} ; LCP {}",
            tbt.len(),
            number(lh["performance"].as_f64(), 0),
            ms(lh["lcp_ms"].as_f64())
        ),
    );
}

/// A keystroke's time to the next frame, with the application and without, slowed down and
/// at full speed; then the application's script time, and each search.
fn keystroke_rows(t: &mut Table, browser: &Browser) {
    let (app, reference) = (&browser.app, &browser.reference);
    let (full_speed, browser_full_speed) = (&browser.full_speed, &browser.browser_full_speed);
    let rows = [
        (
            "recherche : frappe → liste filtrée peinte (image suivante)",
            app,
            format!(
                "{} frappes, effacements compris ; {} dans l'image de la frappe (< 16 ms)",
                app.count, app.within_frame
            ),
        ),
        (
            "  navigateur seul (l'application ne reçoit pas la frappe)",
            reference,
            format!(
                "les mêmes frappes ; {} dans l'image de la frappe",
                reference.within_frame
            ),
        ),
        (
            "  processeur non ralenti",
            full_speed,
            format!(
                "les mêmes frappes ; {} dans l'image de la frappe ; script mesuré sur {} frappes : médiane {}, pire {}",
                full_speed.within_frame,
                full_speed.script.len(),
                ms(median(&full_speed.script)),
                ms(worst(&full_speed.script))
            ),
        ),
        (
            "  navigateur seul, processeur non ralenti",
            browser_full_speed,
            format!("{} dans l'image de la frappe", browser_full_speed.within_frame),
        ),
    ];
    for (label, keys, detail) in rows {
        t.row(vec![label.into(), keys.paint_median(), keys.paint_worst(), detail]);
    }
    timing_row(
        t,
        "recherche : script de l'application par frappe",
        &app.script,
        format!(
            "9 frappes sur 10 sous {} ; une image = 16,7 ms",
            ms(percentile(&app.script, 0.9))
        ),
    );
    for s in &browser.searches {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

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
}
