//! The wasm-bindgen glue of a release build, minified with terser (npm, in `xtask/tools/`),
//! and `index.html`'s `integrity` for it rewritten to match (run by `cargo xtask
//! post-build`). Trunk's own minifier stops at the glue's `export { … as default }` and
//! leaves it whole: measured on the attendee app, 67,578 → 31,069 bytes, 9,196 → 7,341 brotli.

use std::path::Path;
use std::process::Command;

use base64::Engine;
use sha2::Digest;

use crate::util::tool_path;

/// Minifies each script `dir/index.html` loads (not the service worker); returns how many.
pub fn write(dir: &Path) -> Result<usize, String> {
    let index_path = dir.join("index.html");
    let mut index = std::fs::read_to_string(&index_path).map_err(|e| format!("{} : {e}", index_path.display()))?;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{} : {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".js") && n != "sw.js" && index.contains(n.as_str()))
        .collect();
    names.sort();
    for name in &names {
        let path = dir.join(name);
        let before = std::fs::read(&path).map_err(|e| format!("{name} : {e}"))?;
        crate::util::run(
            Command::new("terser")
                .arg(&path)
                .args(["--module", "--compress", "--mangle", "--output"])
                .arg(&path)
                .env("PATH", tool_path()),
        )?;
        let after = std::fs::read(&path).map_err(|e| format!("{name} : {e}"))?;
        index = index.replace(&integrity(&before), &integrity(&after));
        let brotli = |b: &[u8]| crate::budget::brotli_bytes(b).len();
        eprintln!(
            "    {name} minifié : {} → {} octets, {} → {} en brotli",
            before.len(),
            after.len(),
            brotli(&before),
            brotli(&after)
        );
    }
    std::fs::write(&index_path, index).map_err(|e| format!("{} : {e}", index_path.display()))?;
    Ok(names.len())
}

/// The subresource-integrity value Trunk writes: `sha384-` and the digest in base64.
fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(bytes))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_is_the_sha384_in_base64() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            integrity(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }
}
