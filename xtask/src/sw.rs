//! The service worker of a build: its template filled with the build id and the list of
//! files to precache (run by `cargo xtask post-build`).

use std::path::Path;

const BUILD_MARK: &str = "__AGIR_BUILD_ID__";
const LIST_MARK: &str = "__AGIR_PRECACHE__";

/// Rewrites `dir/sw.js`; returns the build id and the number of precached files.
pub fn write(dir: &Path) -> Result<(String, usize), String> {
    let sw_path = dir.join("sw.js");
    let template = std::fs::read_to_string(&sw_path).map_err(|e| format!("{} : {e}", sw_path.display()))?;
    if !template.contains(BUILD_MARK) || !template.contains(LIST_MARK) {
        return Err(format!(
            "{} n'est pas le modèle attendu (marques absentes)",
            sw_path.display()
        ));
    }
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.retain(|f| f != "/sw.js");
    files.sort();
    let mut hash = Fnv::default();
    for f in &files {
        hash.write(f.as_bytes());
        hash.write(&std::fs::read(dir.join(f.trim_start_matches('/'))).map_err(|e| format!("{f} : {e}"))?);
    }
    let build = format!("{:016x}", hash.0);
    let list = serde_json::to_string(&files).expect("liste JSON");
    let sw = template.replace(BUILD_MARK, &build).replace(LIST_MARK, &list);
    std::fs::write(&sw_path, sw).map_err(|e| format!("{} : {e}", sw_path.display()))?;
    Ok((build, files.len()))
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{} : {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if !crate::precompress::is_form(&path) {
            let rel = path
                .strip_prefix(root)
                .expect("sous le dossier")
                .to_string_lossy()
                .replace('\\', "/");
            out.push(format!("/{rel}"));
        }
    }
    Ok(())
}

/// FNV-1a, 64 bits: stable across Rust versions, unlike `DefaultHasher`.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_the_template_and_changes_id_with_content() {
        let dir = std::env::temp_dir().join(format!("agir-sw-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        std::fs::write(dir.join("index.html"), "<html>1</html>").unwrap();
        std::fs::write(dir.join("icons/a.png"), "png").unwrap();
        let template = format!("const B = '{BUILD_MARK}'; const L = {LIST_MARK};");
        std::fs::write(dir.join("sw.js"), &template).unwrap();

        let (first, count) = write(&dir).unwrap();
        let sw = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        assert_eq!(count, 2);
        assert_eq!(
            sw,
            format!("const B = '{first}'; const L = [\"/icons/a.png\",\"/index.html\"];")
        );

        std::fs::write(dir.join("sw.js"), &template).unwrap();
        std::fs::write(dir.join("index.html"), "<html>2</html>").unwrap();
        let (second, _) = write(&dir).unwrap();
        assert_ne!(first, second);

        // Run twice on a filled file: refused rather than silently wrong.
        assert!(write(&dir).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
