//! The size budget: the brotli total of what a first visit downloads before the page is
//! usable must stay at or under the number in `xtask/budget.txt`.

use std::path::Path;

use crate::util::root;

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

/// The files of `dist/` a first visit fetches before the page is usable: the html, and
/// the js, wasm and css it references (not the service worker's background precache,
/// nor icons), plus the edition document.
pub fn first_visit(dist: &Path, edition_json: &[u8]) -> Result<Vec<Sized>, String> {
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
    files.push(measure("/api/edition (2013)", edition_json));
    Ok(files)
}

pub fn budget_bytes() -> Result<usize, String> {
    let path = root().join("xtask/budget.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{} illisible : {e}", path.display()))?;
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| l.replace('_', "").parse().ok())
        .ok_or_else(|| format!("{} ne contient pas de nombre d'octets", path.display()))
}

/// The demo edition as the budget counts it: `data/2013.json`, compact.
pub fn demo_edition() -> Result<Vec<u8>, String> {
    let edition = std::fs::read(root().join("data/2013.json")).map_err(|e| format!("data/2013.json : {e}"))?;
    // The server serves the document compact; measure what it sends.
    let value: serde_json::Value = serde_json::from_slice(&edition).map_err(|e| format!("data/2013.json : {e}"))?;
    Ok(serde_json::to_vec(&value).expect("JSON en mémoire"))
}

/// Checks the budget on the built artefact; prints the table either way.
pub fn check() -> Result<(), String> {
    let files = first_visit(&root().join("dist"), &demo_edition()?)?;
    print_table(&files);
    let total: usize = files.iter().map(|f| f.brotli).sum();
    let budget = budget_bytes()?;
    if total <= budget {
        eprintln!("    budget : {total} octets brotli ≤ {budget} (xtask/budget.txt)");
        Ok(())
    } else {
        Err(format!(
            "le premier chargement pèse {total} octets brotli, au-delà du budget de {budget} (xtask/budget.txt)"
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
