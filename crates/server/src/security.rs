//! Security headers sent on every answer, and the Content-Security-Policy built from the
//! served `index.html`: Trunk writes an inline module script that starts the wasm, so the
//! policy allows exactly that script by its hash instead of `'unsafe-inline'`.

use axum::{
    http::{header, HeaderMap, HeaderName, HeaderValue},
    response::Response,
    Router,
};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower::util::MapResponseLayer;

/// `'sha256-…'` sources for every inline element `tag` (`script` or `style`) of `html`.
/// Scripts with a `src` are not inline and need no hash.
pub fn inline_hashes(html: &str, tag: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{tag}");
    let close = format!("</{tag}");
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find(&open) {
        let start = at + found;
        let after_name = start + open.len();
        // `<scripts>` or `<style-x>` are other elements.
        if !lower[after_name..].starts_with(|c: char| c == '>' || c == '/' || c.is_ascii_whitespace()) {
            at = after_name;
            continue;
        }
        let Some(tag_end) = lower[after_name..].find('>').map(|i| after_name + i) else {
            break;
        };
        let attributes = &lower[after_name..tag_end];
        let Some(body_end) = lower[tag_end..].find(&close).map(|i| tag_end + i) else {
            break;
        };
        if !has_attribute(attributes, "src") {
            out.push(sha256_source(&html[tag_end + 1..body_end]));
        }
        at = body_end + close.len();
    }
    out.dedup();
    out
}

fn has_attribute(attributes: &str, name: &str) -> bool {
    attributes
        .split(|c: char| c.is_ascii_whitespace())
        .any(|a| a == name || a.starts_with(&format!("{name}=")))
}

/// The CSP source for `text` as a browser hashes it: the HTML parser has already turned
/// CRLF and CR into LF, so a file saved with Windows line endings still matches.
pub fn sha256_source(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(normalized.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The policy for the app and the API alike.
pub fn content_security_policy(script_hashes: &[String], style_hashes: &[String]) -> String {
    let mut script_src = vec!["'self'", "'wasm-unsafe-eval'"];
    script_src.extend(script_hashes.iter().map(String::as_str));
    let mut style_src = vec!["'self'"];
    style_src.extend(style_hashes.iter().map(String::as_str));
    [
        "default-src 'self'".to_owned(),
        format!("script-src {}", script_src.join(" ")),
        format!("style-src {}", style_src.join(" ")),
        "img-src 'self' data:".to_owned(),
        "connect-src 'self'".to_owned(),
        "worker-src 'self'".to_owned(),
        "manifest-src 'self'".to_owned(),
        "object-src 'none'".to_owned(),
        "frame-ancestors 'none'".to_owned(),
        "base-uri 'self'".to_owned(),
        "form-action 'self'".to_owned(),
    ]
    .join("; ")
}

/// Adds the security headers to every answer of `router`, in one layer: four layers of
/// one header each cost the read path measurably (each wraps and moves the response).
pub fn with_headers<S: Clone + Send + Sync + 'static>(router: Router<S>, csp: HeaderValue) -> Router<S> {
    router.layer(MapResponseLayer::new(move |mut response: Response| {
        stamp(response.headers_mut(), &csp);
        response
    }))
}

/// The security headers of an answer. The policy and the referrer policy are the app's
/// unless the answer set stricter ones (the associations' pages).
pub fn stamp(headers: &mut HeaderMap, csp: &HeaderValue) {
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if !headers.contains_key(header::REFERRER_POLICY) {
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
    }
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/app-0123456789abcdef.js" crossorigin="anonymous">
<script src="/outside.js"></script>
<style>body{margin:0}</style>
<script type="module">
import init from '/app-0123456789abcdef.js';
await init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });
</script></head><body></body></html>"#;

    #[test]
    fn hashes_only_inline_scripts() {
        let inline = "\nimport init from '/app-0123456789abcdef.js';\nawait init({ module_or_path: '/app-0123456789abcdef_bg.wasm' });\n";
        assert_eq!(inline_hashes(TRUNK_INDEX, "script"), [sha256_source(inline)]);
        assert_eq!(inline_hashes(TRUNK_INDEX, "style"), [sha256_source("body{margin:0}")]);
    }

    #[test]
    fn known_hash_and_crlf_normalisation() {
        // echo -n "alert(1)" | openssl dgst -sha256 -binary | base64
        assert_eq!(
            sha256_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
        assert_eq!(sha256_source("a\r\nb"), sha256_source("a\nb"));
    }

    #[test]
    fn policy_has_no_unsafe_inline_script() {
        let csp = content_security_policy(&["'sha256-x'".into()], &[]);
        let script = csp.split("; ").find(|d| d.starts_with("script-src")).unwrap();
        assert_eq!(script, "script-src 'self' 'wasm-unsafe-eval' 'sha256-x'");
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
