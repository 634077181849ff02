//! The size budget: the brotli total of what a first visit downloads before the page is
//! usable may exceed the last measured figure, written in `xtask/budget.txt`, by at most
//! [`TOLERANCE_PERCENT`]. A reference with a margin rather than a hard limit: a comment line
//! in the app can move the wasm by some 600 bytes either way.

use std::path::Path;

use crate::bench::format::bytes;
use crate::util::root;

/// How far above the reference a first visit may weigh.
pub const TOLERANCE_PERCENT: usize = 1;

/// One file of the first visit and its sizes.
#[derive(Debug, Clone)]
pub struct Sized {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// Brotli at its best quality, as the server sends the app's files.
pub fn brotli_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("brotli en mémoire");
    out
}

pub fn gzip_bytes(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("gzip en mémoire");
    enc.finish().expect("gzip en mémoire")
}

pub fn measure(name: &str, bytes: &[u8]) -> Sized {
    Sized {
        name: name.to_owned(),
        raw: bytes.len(),
        gzip: gzip_bytes(bytes).len(),
        brotli: brotli_bytes(bytes).len(),
    }
}

/// The files of an app's `dist` a first visit fetches before the page is usable: the html,
/// and the js, wasm and css it references (not the service worker's background precache,
/// nor icons).
pub fn app_files(dist: &Path) -> Result<Vec<Sized>, String> {
    let index = std::fs::read_to_string(dist.join("index.html")).map_err(|e| {
        format!(
            "{}/index.html illisible ({e}) : construisez d'abord l'application",
            dist.display()
        )
    })?;
    let mut files = vec![measure("index.html", index.as_bytes())];
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| format!("{} illisible : {e}", dist.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            (n.ends_with(".js") || n.ends_with(".wasm") || n.ends_with(".css"))
                && index.contains(n.as_str())
                && n != "sw.js"
        })
        .collect();
    names.sort();
    for name in names {
        let bytes = std::fs::read(dist.join(&name)).map_err(|e| format!("{name} illisible : {e}"))?;
        files.push(measure(&name, &bytes));
    }
    Ok(files)
}

/// The attendee app's first visit: its files, then the edition document.
pub fn first_visit(dist: &Path, edition_json: &[u8]) -> Result<Vec<Sized>, String> {
    let mut files = app_files(dist)?;
    files.push(measure("/api/edition (2013)", edition_json));
    Ok(files)
}

/// The attendee app's reference figure (`xtask/budget.txt`).
pub fn reference_bytes() -> Result<usize, String> {
    reference_from("xtask/budget.txt")
}

/// The reference figure in `file` (relative to the workspace).
pub fn reference_from(file: &str) -> Result<usize, String> {
    let path = root().join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{} illisible : {e}", path.display()))?;
    reference_in(&text).ok_or_else(|| format!("{} ne contient pas de nombre d'octets", path.display()))
}

/// The first line that is neither blank nor a `#` comment, as a number (`_` allowed).
fn reference_in(text: &str) -> Option<usize> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.replace('_', "").parse().ok())
}

/// A measured total against the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub measured: usize,
    pub reference: usize,
    /// The reference plus the tolerance, rounded down.
    pub allowed: usize,
}

impl Verdict {
    pub fn new(measured: usize, reference: usize) -> Self {
        Self {
            measured,
            reference,
            allowed: reference * (100 + TOLERANCE_PERCENT) / 100,
        }
    }

    pub fn within(&self) -> bool {
        self.measured <= self.allowed
    }
}

/// `337 721 octets brotli mesurés ; référence 337 721, tolérance 1 % : 341 098 au plus`
impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} octets brotli mesurés ; référence {}, tolérance {TOLERANCE_PERCENT} % : {} au plus",
            bytes(self.measured),
            bytes(self.reference),
            bytes(self.allowed)
        )
    }
}

/// The demo edition as the budget counts it: `data/2013.json`, compact.
pub fn demo_edition() -> Result<Vec<u8>, String> {
    let edition = std::fs::read(root().join("data/2013.json")).map_err(|e| format!("data/2013.json : {e}"))?;
    // The server serves the document compact; measure what it sends.
    let value: serde_json::Value = serde_json::from_slice(&edition).map_err(|e| format!("data/2013.json : {e}"))?;
    Ok(serde_json::to_vec(&value).expect("JSON en mémoire"))
}

/// Checks the budget on the built artefact; prints the table and the figures either way.
pub fn check() -> Result<(), String> {
    let attendee = first_visit(&root().join("dist"), &demo_edition()?)?;
    let console = app_files(&root().join("dist/organisateurs"))?;
    let failures: Vec<String> = [
        ("l'application", attendee, "xtask/budget.txt"),
        ("la console des organisateurs", console, CONSOLE_BUDGET),
    ]
    .into_iter()
    .filter_map(|(what, files, file)| verdict_of(what, &files, file).err())
    .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join(" ; "))
    }
}

/// The console's reference figure: its own budget, beside the attendee app's.
pub const CONSOLE_BUDGET: &str = "xtask/budget-console.txt";

fn verdict_of(what: &str, files: &[Sized], file: &str) -> Result<(), String> {
    eprintln!("    {what} :");
    print_table(files);
    let verdict = Verdict::new(files.iter().map(|f| f.brotli).sum(), reference_from(file)?);
    eprintln!("    budget de {what} : {verdict}");
    if verdict.within() {
        Ok(())
    } else {
        Err(format!(
            "le premier chargement de {what} dépasse la référence de {file} de plus de {TOLERANCE_PERCENT} % : {verdict}"
        ))
    }
}

pub fn print_table(files: &[Sized]) {
    eprintln!("    {:<44} {:>10} {:>10} {:>10}", "fichier", "brut", "gzip", "brotli");
    for f in files {
        eprintln!("    {:<44} {:>10} {:>10} {:>10}", f.name, f.raw, f.gzip, f.brotli);
    }
    let sum = |g: fn(&Sized) -> usize| files.iter().map(g).sum::<usize>();
    eprintln!(
        "    {:<44} {:>10} {:>10} {:>10}",
        "total",
        sum(|f| f.raw),
        sum(|f| f.gzip),
        sum(|f| f.brotli)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_percent_above_the_reference_is_allowed_and_no_more() {
        let at = |measured| Verdict::new(measured, 337_721);
        assert_eq!(
            at(337_721).allowed,
            341_098,
            "337 721 × 1,01 = 341 098,21, rounded down"
        );
        assert!(at(300_000).within());
        assert!(at(341_098).within());
        assert!(!at(341_099).within());
        assert_eq!(Verdict::new(0, 0).allowed, 0);
        assert_eq!(Verdict::new(1, 99).allowed, 99, "under 1 byte of tolerance: none");
    }

    #[test]
    fn the_figures_are_always_said_in_full() {
        assert_eq!(
            Verdict::new(337_721, 337_721).to_string(),
            "337 721 octets brotli mesurés ; référence 337 721, tolérance 1 % : 341 098 au plus"
        );
        assert_eq!(
            Verdict::new(345_000, 337_721).to_string(),
            "345 000 octets brotli mesurés ; référence 337 721, tolérance 1 % : 341 098 au plus"
        );
    }

    #[test]
    fn the_reference_is_the_first_line_that_is_not_a_comment() {
        assert_eq!(reference_in("# explication\n337721\n"), Some(337_721));
        assert_eq!(reference_in("\n  337_721  \n# plus bas\n"), Some(337_721));
        assert_eq!(reference_in("# rien\n"), None);
        assert_eq!(reference_in("# 1\ntrois cents\n"), None);
    }
}
