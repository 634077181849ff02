//! The brotli and gzip forms of every file of a build, written next to it
//! (`app_bg.wasm.br`, `app_bg.wasm.gz`) once per build, so the server loads them instead of
//! compressing the app at every start (brotli 11 on the wasm took 8 s in a debug server).

use std::path::{Path, PathBuf};

use crate::budget::{brotli_bytes, gzip_bytes};

/// Writes `X.br` and `X.gz` beside every file `X` of `dir` (recursively); returns how many
/// files got their forms.
pub fn write(dir: &Path) -> Result<usize, String> {
    let mut files = Vec::new();
    collect(dir, &mut files)?;
    // The wasm is most of the work: two threads, largest files dealt first to each.
    files.sort_by_key(|(_, len)| std::cmp::Reverse(*len));
    let (even, odd): (Vec<_>, Vec<_>) = files.iter().enumerate().partition(|(i, _)| i % 2 == 0);
    let compress = |part: Vec<(usize, &(PathBuf, u64))>| -> Result<(), String> {
        part.into_iter().try_for_each(|(_, (path, _))| write_forms(path))
    };
    std::thread::scope(|scope| {
        let other = scope.spawn(|| compress(odd));
        compress(even).and(other.join().expect("compression"))
    })?;
    Ok(files.len())
}

fn write_forms(path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{} : {e}", path.display()))?;
    for (ext, form) in [("br", brotli_bytes(&bytes)), ("gz", gzip_bytes(&bytes))] {
        let mut name = path.as_os_str().to_owned();
        name.push(format!(".{ext}"));
        std::fs::write(&name, form).map_err(|e| format!("{} : {e}", Path::new(&name).display()))?;
    }
    Ok(())
}

/// Every file under `dir` with its size, except compressed forms already there.
fn collect(dir: &Path, out: &mut Vec<(PathBuf, u64)>) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{} : {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let meta = entry.metadata().map_err(|e| format!("{} : {e}", path.display()))?;
        if meta.is_dir() {
            collect(&path, out)?;
        } else if !is_form(&path) {
            out.push((path, meta.len()));
        }
    }
    Ok(())
}

/// `X.br` or `X.gz` beside a file `X`.
pub fn is_form(path: &Path) -> bool {
    let name = path.to_string_lossy();
    [".br", ".gz"]
        .iter()
        .any(|ext| name.strip_suffix(ext).is_some_and(|base| Path::new(base).is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_gets_forms_that_decode_to_it() {
        let scratch = tempfile::tempdir().unwrap();
        let dir = scratch.path();
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        let html = "<html><body>Agir ensemble</body></html>".repeat(40);
        std::fs::write(dir.join("index.html"), &html).unwrap();
        std::fs::write(dir.join("icons/icon.svg"), "<svg/>").unwrap();

        assert_eq!(write(dir).unwrap(), 2);
        let br = std::fs::read(dir.join("index.html.br")).unwrap();
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut plain).unwrap();
        assert_eq!(plain, html.as_bytes());
        let gz = std::fs::read(dir.join("icons/icon.svg.gz")).unwrap();
        let mut plain = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut plain).unwrap();
        assert_eq!(plain, "<svg/>");

        // A second run compresses the files again, never their forms.
        assert_eq!(write(dir).unwrap(), 2);
        assert!(!dir.join("index.html.br.br").exists());
    }
}
