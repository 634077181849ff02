//! Bundle: what a first visit downloads before the page is usable, raw, gzip and brotli, and
//! what Chromium really receives from our server; then where the app's wasm bytes go
//! (`wasm_size.rs`).

use serde_json::json;

use super::format::bytes;
use super::{http, Backend, Options, Section, Table, Work};
use crate::budget::{self, Sized};
use crate::util::root;

/// What Chromium sends: the variant a browser really downloads.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

/// Sizes of the first visit: budget.rs's list and compression for the app's files, and for
/// the edition document the bytes our server sends; plus what a browser actually receives.
pub fn bundle(work: &Work, _: &Options) -> Result<Section, String> {
    let backend = Backend::start(&work.dir.path().join("bundle.db"), None)?;
    let get = |path: &str, encoding: Option<&str>| {
        let headers: Vec<(&str, &str)> = encoding.map(|e| ("Accept-Encoding", e)).into_iter().collect();
        let r = http::get(backend.addr(), path, &headers)?;
        if r.status != 200 {
            return Err(format!("GET {path} : statut {}", r.status));
        }
        if let Some(wanted) = encoding.filter(|e| !e.contains(',')) {
            if r.header("content-encoding") != Some(wanted) {
                return Err(format!("GET {path} : pas servi en {wanted}"));
            }
        }
        Ok(r)
    };
    let identity = get("/api/edition", None)?;
    let gzip = get("/api/edition", Some("gzip"))?;
    let brotli = get("/api/edition", Some("br"))?;

    let mut files = budget::first_visit(&root().join("dist"), &identity.body)?;
    let edition = files.last_mut().expect("first_visit ends with the edition");
    *edition = Sized {
        name: "/api/edition (2013, servi)".into(),
        raw: identity.body.len(),
        gzip: gzip.body.len(),
        brotli: brotli.body.len(),
    };
    let mut served = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let path = match f.name.as_str() {
            "index.html" => "/".to_owned(),
            _ if i == files.len() - 1 => "/api/edition".to_owned(),
            name => format!("/{name}"),
        };
        served.push(get(&path, Some(BROWSER_ENCODINGS))?.body.len());
    }
    // The budget counts the app's files as above and the demo edition as budget.rs does.
    let app_files = &files[..files.len() - 1];
    let verdict = budget::Verdict::new(
        app_files.iter().map(|f| f.brotli).sum::<usize>() + budget::brotli_bytes(&budget::demo_edition()?).len(),
        budget::reference_bytes()?,
    );
    let sum = |g: fn(&Sized) -> usize| files.iter().map(g).sum::<usize>();

    let mut t = size_table(
        "Premier chargement (avant que la page soit utilisable), en octets",
        &files,
        &served,
    );
    t.row(vec![
        "total".into(),
        bytes(sum(|f| f.raw)),
        bytes(sum(|f| f.gzip)),
        bytes(sum(|f| f.brotli)),
        bytes(served.iter().sum()),
    ]);
    t.note(format!("Budget (cargo xtask test, xtask/budget.txt) : {verdict}."));
    t.note("Hors précache du service worker (téléchargé ensuite, en arrière-plan).");
    let json = json!({
        "files": files.iter().zip(&served).map(|(f, s)| json!({
            "name": f.name, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli, "served": s,
        })).collect::<Vec<_>>(),
        "total": { "raw": sum(|f| f.raw), "gzip": sum(|f| f.gzip), "brotli": sum(|f| f.brotli),
                   "served": served.iter().sum::<usize>() },
        "budget": {
            "measured_brotli": verdict.measured, "reference": verdict.reference,
            "tolerance_percent": budget::TOLERANCE_PERCENT, "allowed": verdict.allowed,
        },
    });
    let (console_table, console_json) = console(&backend)?;
    let (size_tables, size_json) = super::wasm_size::tables()?;
    let mut json = json;
    json["console"] = console_json;
    json["wasm_breakdown"] = size_json;
    let mut tables = vec![t, console_table];
    tables.extend(size_tables);
    Ok(Section { json, tables })
}

/// The organizers' console: its own first visit, under `/organisateurs/`, against its own
/// budget. Attendees never download it.
fn console(backend: &Backend) -> Result<(Table, serde_json::Value), String> {
    let files = budget::app_files(&root().join("dist/organisateurs"))?;
    let mut served = Vec::new();
    for f in &files {
        let path = match f.name.as_str() {
            "index.html" => "/organisateurs/".to_owned(),
            name => format!("/organisateurs/{name}"),
        };
        let r = http::get(backend.addr(), &path, &[("Accept-Encoding", BROWSER_ENCODINGS)])?;
        if r.status != 200 {
            return Err(format!("GET {path} : statut {}", r.status));
        }
        served.push(r.body.len());
    }
    let brotli = files.iter().map(|f| f.brotli).sum::<usize>();
    let verdict = budget::Verdict::new(brotli, budget::reference_from(budget::CONSOLE_BUDGET)?);
    let mut t = size_table(
        "Console des organisateurs : premier chargement, en octets",
        &files,
        &served,
    );
    t.note(format!("Budget ({}) : {verdict}.", budget::CONSOLE_BUDGET));
    let json = json!({
        "files": files.iter().zip(&served).map(|(f, s)| json!({
            "name": f.name, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli, "served": s,
        })).collect::<Vec<_>>(),
        "budget": { "measured_brotli": verdict.measured, "reference": verdict.reference, "allowed": verdict.allowed },
    });
    Ok((t, json))
}

/// A file per row: its sizes raw, gzip and brotli, and what Chromium received.
fn size_table(title: &str, files: &[Sized], served: &[usize]) -> Table {
    let mut t = Table::new(title, &["fichier", "brut", "gzip", "brotli", "reçu par Chromium"]);
    for (f, s) in files.iter().zip(served) {
        t.row(vec![
            f.name.clone(),
            bytes(f.raw),
            bytes(f.gzip),
            bytes(f.brotli),
            bytes(*s),
        ]);
    }
    t
}
