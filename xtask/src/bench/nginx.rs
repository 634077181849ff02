//! nginx as the reference server: started by the bench with its own temporary configuration
//! on a free port, serving the very bytes our backend sends for one URL (the precompressed
//! brotli body, the same headers) and answering 304 to the same ETag.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// What nginx must serve: one path, one precompressed body, our headers.
#[derive(Debug, Clone)]
pub struct Site {
    pub port: u16,
    /// Where the configuration, the logs and the body live.
    pub dir: PathBuf,
    /// The URL path (`/api/edition`).
    pub path: String,
    /// The file under `dir/www` holding the body exactly as our backend sends it.
    pub body_file: String,
    pub content_type: String,
    pub content_encoding: Option<String>,
    pub etag: String,
    /// Every other header our backend sends (security headers, caching, `Vary`).
    pub headers: Vec<(String, String)>,
    /// Worker processes: as many as the cores, like our multi-threaded runtime.
    pub workers: usize,
}

/// Headers nginx writes itself, or that describe the connection rather than the answer.
const OWN_HEADERS: [&str; 9] = [
    "date",
    "server",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-type",
    "content-encoding",
    "etag",
];

/// `value` as an nginx string. nginx has no escape for `$` (variables), so such a value is refused.
pub fn quote(value: &str) -> Result<String, String> {
    if value.contains('$') {
        return Err(format!(
            "valeur d'en-tête avec « $ », impossible à écrire pour nginx : {value}"
        ));
    }
    Ok(format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// The whole `nginx.conf`.
pub fn config(site: &Site) -> Result<String, String> {
    let dir = site.dir.display();
    let mut headers = String::new();
    for (name, value) in &site.headers {
        if OWN_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        headers.push_str(&format!("            add_header {name} {} always;\n", quote(value)?));
    }
    let etag = quote(&site.etag)?;
    // No Content-Encoding on a 304, like our backend (an empty add_header sends nothing).
    let encoding = site
        .content_encoding
        .as_deref()
        .map(quote)
        .transpose()?
        .unwrap_or_else(|| "\"\"".into());
    Ok(format!(
        "# Written by `cargo xtask bench`: nginx serving the same bytes as agir-server.
daemon off;
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;

events {{
    worker_connections 4096;
}}

http {{
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    # wrk keeps its connections open for the whole run; nginx closes one every 1000 requests by default.
    keepalive_requests 100000000;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;

    map $http_if_none_match $agir_encoding {{
        {etag} \"\";
        default {encoding};
    }}

    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;

        location = {path} {{
            types {{ }}
            default_type {content_type};
            # Our ETag, not nginx's own, and no Last-Modified revalidation.
            etag off;
            if_modified_since off;
            add_header ETag {etag} always;
            add_header Content-Encoding $agir_encoding;
{headers}            if ($http_if_none_match = {etag}) {{
                return 304;
            }}
            try_files /{body_file} =404;
        }}
    }}
}}
",
        workers = site.workers,
        port = site.port,
        path = site.path,
        content_type = quote(&site.content_type)?,
        body_file = site.body_file,
    ))
}

/// A running nginx, stopped (gracefully, workers included) when dropped.
pub struct Nginx {
    child: Child,
    conf: PathBuf,
    prefix: PathBuf,
}

impl Nginx {
    /// Writes `body` and the configuration under `site.dir`, then starts nginx in the foreground.
    pub fn start(site: &Site, body: &[u8]) -> Result<Self, String> {
        let io = |p: &Path, e: std::io::Error| format!("{} : {e}", p.display());
        for sub in ["www", "tmp"] {
            let d = site.dir.join(sub);
            std::fs::create_dir_all(&d).map_err(|e| io(&d, e))?;
        }
        let body_path = site.dir.join("www").join(&site.body_file);
        std::fs::write(&body_path, body).map_err(|e| io(&body_path, e))?;
        let conf = site.dir.join("nginx.conf");
        std::fs::write(&conf, config(site)?).map_err(|e| io(&conf, e))?;
        let child = Command::new("nginx")
            .arg("-p")
            .arg(&site.dir)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("impossible de lancer nginx : {e}"))?;
        Ok(Self {
            child,
            conf,
            prefix: site.dir.clone(),
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the master is still running (it exits at once on a bad configuration).
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGKILL on the master would leave its workers running: ask nginx to stop.
        let stopped = Command::new("nginx")
            .arg("-p")
            .arg(&self.prefix)
            .arg("-c")
            .arg(&self.conf)
            .args(["-s", "stop"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !stopped {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            port: 8123,
            dir: PathBuf::from("/tmp/agir-nginx"),
            path: "/api/edition".into(),
            body_file: "edition.json.br".into(),
            content_type: "application/json".into(),
            content_encoding: Some("br".into()),
            etag: "\"e.2013.1\"".into(),
            headers: vec![
                ("content-type".into(), "application/json".into()),
                ("etag".into(), "\"e.2013.1\"".into()),
                ("cache-control".into(), "no-cache".into()),
                ("content-security-policy".into(), "default-src 'self'".into()),
                ("date".into(), "Sat, 01 Nov 2026 10:00:00 GMT".into()),
            ],
            workers: 2,
        }
    }

    #[test]
    fn serves_the_file_with_our_headers_and_a_304_for_our_etag() {
        let conf = config(&site()).unwrap();
        assert!(conf.contains("listen 127.0.0.1:8123;"));
        assert!(conf.contains("root /tmp/agir-nginx/www;"));
        assert!(conf.contains("location = /api/edition {"));
        assert!(conf.contains("default_type \"application/json\";"));
        assert!(conf.contains("try_files /edition.json.br =404;"));
        assert!(conf.contains("add_header ETag \"\\\"e.2013.1\\\"\" always;"));
        assert!(conf.contains("if ($http_if_none_match = \"\\\"e.2013.1\\\"\") {\n                return 304;"));
        assert!(conf.contains("add_header cache-control \"no-cache\" always;"));
        assert!(conf.contains("add_header content-security-policy \"default-src 'self'\" always;"));
        assert!(conf.contains("default \"br\";"));
        // nginx writes these itself, or they are handled above.
        assert!(!conf.contains("add_header date"));
        assert!(!conf.contains("add_header content-type"));
        assert!(!conf.contains("add_header etag"));
        // Balanced braces: nginx would refuse the file otherwise.
        assert_eq!(conf.matches('{').count(), conf.matches('}').count());
    }

    #[test]
    fn quoting_escapes_quotes_and_refuses_variables() {
        assert_eq!(quote("a\"b\\c").unwrap(), "\"a\\\"b\\\\c\"");
        assert!(quote("cost: $5").is_err());
        let mut bad = site();
        bad.headers.push(("x-price".into(), "$1".into()));
        assert!(config(&bad).is_err());
    }
}
