//! The built app (`dist/`), read once at start and served from memory, with the SPA
//! fallback: a path without a file extension is an app route and gets `index.html`; `/api/…`
//! and missing files answer 404. The build writes each file's brotli and gzip forms next to
//! it (`app_bg.wasm.br`, `app_bg.wasm.gz`); they are served, never listed as files, and only
//! a file without valid forms is compressed at start.

use std::{
    collections::HashMap,
    io,
    path::{Path, PathBuf},
};

use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue, Method, Uri},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use crate::{
    compress::Encoded,
    conditional::{Cached, Caching},
    routing::Area,
    security, AppState, Error,
};

/// Why `dist/` cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum AssetsError {
    #[error(
        "Le dossier de l'application « {0} » est introuvable : construisez d'abord l'application (par exemple avec `cargo xtask serve`) ou indiquez son dossier avec --dist ou AGIR_DIST."
    )]
    MissingDir(PathBuf),
    #[error(
        "Le dossier « {0} » ne contient pas index.html : construisez d'abord l'application (par exemple avec `cargo xtask serve`)."
    )]
    NoIndex(PathBuf),
    #[error("Impossible de lire « {0} » : {1}.")]
    Read(PathBuf, io::Error),
}

/// The attendee app's page, and the organizers' console's (built into `dist/organisateurs/`).
const ATTENDEE_INDEX: &str = "/index.html";
const CONSOLE_INDEX: &str = "/organisateurs/index.html";

/// Every file of the app, ready to send, and the CSP that fits its `index.html`.
#[derive(Debug)]
pub struct Assets {
    files: HashMap<String, Cached>,
    pub csp: HeaderValue,
}

impl Assets {
    /// Reads `dir` recursively (hidden entries such as Trunk's `.stage` are skipped), takes
    /// the compressed forms the build wrote and compresses what lacks them. Can be CPU-heavy
    /// (a build without forms): call it off the async runtime.
    pub fn load(dir: &Path) -> Result<Self, AssetsError> {
        if !dir.is_dir() {
            return Err(AssetsError::MissingDir(dir.to_owned()));
        }
        let mut raw = Vec::new();
        walk(dir, "", &mut raw)?;
        if !raw.iter().any(|(p, _)| p == "/index.html") {
            return Err(AssetsError::NoIndex(dir.to_owned()));
        }
        Ok(Self::from_files(raw))
    }

    /// Prepares files given as (URL path, bytes); `/index.html` must be among them. A file
    /// `X.br` or `X.gz` beside a file `X` is a compressed form of `X`, not a file.
    pub fn from_files(raw: Vec<(String, Vec<u8>)>) -> Self {
        // One policy for both apps: the inline scripts and styles of every index.html, and
        // of the start the pages drawn here use (`pages::shell::started_after_paint`).
        let (mut scripts, mut styles) = (Vec::new(), Vec::new());
        for (_, bytes) in raw.iter().filter(|(p, _)| p.ends_with("/index.html")) {
            let html = String::from_utf8_lossy(bytes);
            scripts.extend(security::inline_hashes(&html, "script"));
            scripts.extend(security::inline_hashes(
                &crate::pages::shell::started_after_paint(&html),
                "script",
            ));
            styles.extend(security::inline_hashes(&html, "style"));
        }
        scripts.sort();
        scripts.dedup();
        let csp = security::content_security_policy(&scripts, &styles);
        let files = prepare_all(with_forms(raw));
        let remade = files.values().filter(|f| f.1).count();
        if remade > 0 {
            tracing::info!(
                files = remade,
                "fichiers compressés au démarrage (formes compressées absentes ou périmées)"
            );
        }
        Self {
            files: files.into_iter().map(|(path, (cached, _))| (path, cached)).collect(),
            csp: HeaderValue::from_str(&csp).expect("the policy is ASCII"),
        }
    }

    /// Tells the app the address people reach (`--public-url`), for the links it makes:
    /// QR codes, share links, calendar files. Without it the app uses the address it was
    /// opened at.
    pub fn announce_public_url(&mut self, url: &str) {
        let meta = format!(r#"<meta name="agir-public-url" content="{}" />"#, escape_attribute(url));
        for path in [ATTENDEE_INDEX, CONSOLE_INDEX] {
            let Some(index) = self.files.get(path) else { continue };
            let html = String::from_utf8_lossy(&index.body.identity()[..]).into_owned();
            // Trunk minifies index.html, dropping `</head>`: the title is always there.
            let at = match (html.find("</title>"), html.find("</head>")) {
                (Some(title), _) => title + "</title>".len(),
                (None, Some(head)) => head,
                (None, None) => continue,
            };
            let html = format!("{}{meta}{}", &html[..at], &html[at..]);
            let (path, (cached, _)) = prepare(Raw::new(path.to_owned(), html.into_bytes()));
            self.files.insert(path, cached);
        }
    }

    /// The file at a URL path (`/` and `/organisateurs/` are their `index.html`).
    pub fn get(&self, path: &str) -> Option<&Cached> {
        let path = match path {
            "/" => ATTENDEE_INDEX,
            "/organisateurs/" => CONSOLE_INDEX,
            other => other,
        };
        self.files.get(path)
    }

    /// The page an app route answers with: the console's under `/organisateurs`, else the
    /// attendee app's.
    pub fn index_for(&self, path: &str) -> Option<&Cached> {
        if path == "/organisateurs" || path.starts_with("/organisateurs/") {
            self.files.get(CONSOLE_INDEX)
        } else {
            self.files.get(ATTENDEE_INDEX)
        }
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), AssetsError> {
    let read_err = |e| AssetsError::Read(dir.to_owned(), e);
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .collect::<Result<_, _>>()
        .map_err(read_err)?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let url = format!("{prefix}/{name}");
        // `metadata` follows symlinks, so a linked file is served like a copied one.
        let meta = std::fs::metadata(&path).map_err(|e| AssetsError::Read(path.clone(), e))?;
        if meta.is_dir() {
            walk(&path, &url, out)?;
        } else if meta.is_file() {
            let bytes = std::fs::read(&path).map_err(|e| AssetsError::Read(path.clone(), e))?;
            out.push((url, bytes));
        }
    }
    Ok(())
}

/// A file of the app with the compressed forms the build wrote for it.
struct Raw {
    path: String,
    bytes: Vec<u8>,
    br: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
}

impl Raw {
    fn new(path: String, bytes: Vec<u8>) -> Self {
        Self {
            path,
            bytes,
            br: None,
            gzip: None,
        }
    }
}

/// Pairs every `X.br` and `X.gz` with its file `X`; one whose `X` is absent stays a file.
fn with_forms(raw: Vec<(String, Vec<u8>)>) -> Vec<Raw> {
    let names: std::collections::HashSet<String> = raw.iter().map(|(p, _)| p.clone()).collect();
    let form_of = |path: &str| {
        [".br", ".gz"].into_iter().find_map(|ext| {
            path.strip_suffix(ext)
                .filter(|base| names.contains(*base))
                .map(|b| (b.to_owned(), ext))
        })
    };
    let mut forms = Vec::new();
    let mut files: HashMap<String, Raw> = HashMap::new();
    for (path, bytes) in raw {
        match form_of(&path) {
            Some(form) => forms.push((form, bytes)),
            None => {
                files.insert(path.clone(), Raw::new(path, bytes));
            }
        }
    }
    for ((base, ext), bytes) in forms {
        if let Some(file) = files.get_mut(&base) {
            let slot = if ext == ".br" { &mut file.br } else { &mut file.gzip };
            *slot = Some(bytes);
        }
    }
    files.into_values().collect()
}

/// Prepares every file on every core: brotli at its best quality is slow, for the files
/// the build left without compressed forms. Each answer says whether it was compressed here.
fn prepare_all(raw: Vec<Raw>) -> HashMap<String, (Cached, bool)> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(raw.len().max(1));
    let mut chunks: Vec<Vec<Raw>> = (0..threads).map(|_| Vec::new()).collect();
    // Largest first, dealt round-robin, so the wasm does not land with everything else.
    let mut raw = raw;
    raw.sort_by_key(|f| std::cmp::Reverse(f.bytes.len()));
    for (i, file) in raw.into_iter().enumerate() {
        chunks[i % threads].push(file);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(prepare).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("compression thread"))
            .collect()
    })
}

fn prepare(file: Raw) -> (String, (Cached, bool)) {
    let name = file.path.rsplit('/').next().unwrap_or_default();
    let (content_type, compressible) = content_type(name);
    let digest = Sha256::digest(&file.bytes);
    let etag = format!("\"{}\"", hex(&digest[..12]));
    let (body, remade) = if compressible {
        Encoded::prebuilt(file.bytes, file.br, file.gzip)
    } else {
        (Encoded::plain(file.bytes), false)
    };
    let cached = Cached {
        content_type: HeaderValue::from_static(content_type),
        etag: HeaderValue::from_str(&etag).expect("hex is header-safe"),
        caching: caching(name),
        body,
    };
    (file.path, (cached, remade))
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The content type of a file name, and whether compressing it pays.
pub fn content_type(name: &str) -> (&'static str, bool) {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => ("text/html; charset=utf-8", true),
        "js" | "mjs" => ("text/javascript; charset=utf-8", true),
        "css" => ("text/css; charset=utf-8", true),
        "wasm" => ("application/wasm", true),
        "json" | "map" => ("application/json", true),
        "webmanifest" => ("application/manifest+json", true),
        "svg" => ("image/svg+xml", true),
        "ico" => ("image/x-icon", true),
        "txt" => ("text/plain; charset=utf-8", true),
        "xml" => ("application/xml", true),
        "png" => ("image/png", false),
        "jpg" | "jpeg" => ("image/jpeg", false),
        "webp" => ("image/webp", false),
        "avif" => ("image/avif", false),
        "gif" => ("image/gif", false),
        "woff2" => ("font/woff2", false),
        "woff" => ("font/woff", false),
        "pdf" => ("application/pdf", false),
        _ => ("application/octet-stream", false),
    }
}

/// Hashed names (`app-<hex>.js`, `app-<hex>_bg.wasm`, `style-<hex>.css`) are cached for a
/// year; everything else, notably `index.html`, `sw.js` and the manifest, revalidates.
/// Trunk prints its 64-bit hash without leading zeros (`programme-5bdf29aa6742312.css` has
/// 15 digits), so 12 hex digits or more count as a hash.
pub fn caching(name: &str) -> Caching {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hashed = stem
        .rsplit_once('-')
        .is_some_and(|(_, h)| h.len() >= 12 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    if hashed {
        Caching::Immutable
    } else {
        Caching::Revalidate
    }
}

pub fn router() -> Area {
    Area::new().map_router(|r| r.fallback(asset_show))
}

/// Any path no API route claimed: a file of the app, an app route, or a 404.
async fn asset_show(State(state): State<AppState>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return Error::NotFound.into_response();
    }
    // The associations' private pages: an unknown one is never the app's shell.
    if path == "/association" || path.starts_with("/association/") {
        return crate::engagement::association::not_found(&state).await;
    }
    if method != Method::GET && method != Method::HEAD {
        return Error::MethodNotAllowed.into_response();
    }
    // The app's public pages come with their content (`pages`); the others, and
    // `/index.html` itself, with the generic shell.
    if let Some(page) = crate::pages::respond(&state, &uri, &headers).await {
        return page;
    }
    if let Some(file) = state.assets.get(path) {
        return file.respond(&headers);
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return Error::NotFound.into_response();
    }
    match state.assets.index_for(path) {
        Some(index) => index.respond(&headers),
        None => Error::NotFound.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_of_the_app_files() {
        assert_eq!(content_type("app-1_bg.wasm"), ("application/wasm", true));
        assert_eq!(content_type("manifest.webmanifest").0, "application/manifest+json");
        assert_eq!(content_type("app.js").0, "text/javascript; charset=utf-8");
        assert_eq!(content_type("icon.svg").0, "image/svg+xml");
        assert_eq!(content_type("icon-192.png"), ("image/png", false));
        assert_eq!(content_type("favicon.ico").0, "image/x-icon");
        assert_eq!(content_type("README").0, "application/octet-stream");
    }

    #[test]
    fn hashed_names_are_immutable() {
        assert_eq!(caching("app-0123456789abcdef.js"), Caching::Immutable);
        assert_eq!(caching("app-0123456789abcdef_bg.wasm"), Caching::Immutable);
        assert_eq!(caching("style-0123456789abcdef0123.css"), Caching::Immutable);
        assert_eq!(caching("index.html"), Caching::Revalidate);
        assert_eq!(caching("sw.js"), Caching::Revalidate);
        assert_eq!(caching("manifest.webmanifest"), Caching::Revalidate);
        assert_eq!(caching("icon-192.png"), Caching::Revalidate);
        assert_eq!(
            caching("programme-5bdf29aa6742312.css"),
            Caching::Immutable,
            "15 digits"
        );
        assert_eq!(caching("app-0123456789abcdeg.js"), Caching::Revalidate, "not hex");
        assert_eq!(caching("icon-192.png"), Caching::Revalidate);
        assert_eq!(
            caching("report-20240101.pdf"),
            Caching::Revalidate,
            "a date is not a hash"
        );
    }

    #[test]
    fn load_walks_subfolders_and_skips_hidden() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<script>go()</script>").unwrap();
        std::fs::create_dir_all(dir.path().join("icons")).unwrap();
        std::fs::write(dir.path().join("icons/icon.svg"), "<svg/>").unwrap();
        std::fs::create_dir_all(dir.path().join(".stage")).unwrap();
        std::fs::write(dir.path().join(".stage/index.html"), "old").unwrap();
        let assets = Assets::load(dir.path()).unwrap();
        assert_eq!(assets.len(), 2);
        assert!(assets.get("/icons/icon.svg").is_some());
        assert!(assets.get("/").is_some());
        assert!(assets.csp.to_str().unwrap().contains(&security::sha256_source("go()")));
    }

    #[test]
    fn compressed_forms_are_served_for_their_file_and_never_as_files() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let js = "export default function init() {}\n".repeat(64);
        std::fs::write(dir.path().join("index.html"), "<html></html>").unwrap();
        std::fs::write(dir.path().join("app.js"), &js).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(js.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        std::fs::write(dir.path().join("app.js.gz"), &gz).unwrap();
        // A release archive offered for download has no `notes` beside it: it is a file.
        std::fs::write(dir.path().join("notes.gz"), b"archive").unwrap();

        let assets = Assets::load(dir.path()).unwrap();
        assert_eq!(assets.len(), 3, "index.html, app.js, notes.gz");
        assert!(assets.get("/app.js.gz").is_none());
        assert!(assets.get("/notes.gz").is_some());
        let mut headers = HeaderMap::new();
        headers.insert(axum::http::header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        let (_, bytes) = assets.get("/app.js").unwrap().body.pick(&headers);
        assert_eq!(&bytes[..], &gz[..], "the build's gzip is sent as written");
    }

    #[test]
    fn the_console_answers_its_own_routes_and_shares_the_policy() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<title>app</title><script>app()</script>",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("organisateurs")).unwrap();
        std::fs::write(
            dir.path().join("organisateurs/index.html"),
            "<title>console</title><script>console()</script>",
        )
        .unwrap();
        let mut assets = Assets::load(dir.path()).unwrap();
        assets.announce_public_url("https://agir.example.fr");
        let text = |c: Option<&Cached>| String::from_utf8_lossy(&c.unwrap().body.identity()[..]).into_owned();
        assert!(text(assets.index_for("/programme")).contains("app()"));
        for path in ["/organisateurs", "/organisateurs/historique"] {
            assert!(text(assets.index_for(path)).contains("console()"), "{path}");
        }
        assert!(text(assets.get("/organisateurs/")).contains("agir-public-url"));
        let csp = assets.csp.to_str().unwrap();
        assert!(csp.contains(&security::sha256_source("app()")), "{csp}");
        assert!(csp.contains(&security::sha256_source("console()")), "{csp}");
    }

    #[test]
    fn a_missing_dist_says_to_build_first() {
        let err = Assets::load(Path::new("/nulle/part/dist")).unwrap_err();
        assert!(err.to_string().contains("cargo xtask serve"), "{err}");
    }
}
