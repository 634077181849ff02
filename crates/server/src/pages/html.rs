//! Writing HTML by hand, safely: every text and attribute value goes through [`Esc`], links
//! of the app's router get the `aria-current` it gives them, and JSON-LD is serialized so
//! that nothing in it can close its `<script>`.

use std::fmt::{self, Display, Write};

/// Text or an attribute value, escaped for HTML (attributes are always double-quoted).
pub struct Esc<'a>(pub &'a str);

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// Whether the router's `<A href>` marks itself current (`aria-current="page"`) on `path`:
/// its own address and those under it; `/` only on itself.
pub fn is_current(href: &str, path: &str) -> bool {
    let path = match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    if href == "/" {
        return path == "/";
    }
    path == href || path.strip_prefix(href).is_some_and(|rest| rest.starts_with('/'))
}

/// A link as the app's router draws it (`<A href=… attr:class=…>`), on the page at `path`.
pub fn link(out: &mut String, href: &str, class: Option<&str>, text: &str, path: &str) {
    let _ = write!(out, r#"<a href="{}""#, Esc(href));
    if is_current(href, path) {
        out.push_str(r#" aria-current="page""#);
    }
    if let Some(class) = class {
        let _ = write!(out, r#" class="{}""#, Esc(class));
    }
    let _ = write!(out, ">{}</a>", Esc(text));
}

/// `text` cut at a word boundary to at most `max` characters, with an ellipsis when cut:
/// descriptions for search results and preview cards.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let at = cut.rfind(' ').filter(|&i| i > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', '.', ' ']))
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` written as `\u003c`
/// and so on, so that no value can end the script (`</script>`) or open a comment.
pub fn json_ld(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).expect("JSON values serialize");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            Esc(r#"Le "<b>" d'Angers & co"#).to_string(),
            "Le &quot;&lt;b&gt;&quot; d&#39;Angers &amp; co"
        );
        assert_eq!(Esc("Solidarité").to_string(), "Solidarité");
    }

    #[test]
    fn current_links_follow_the_router() {
        assert!(is_current("/", "/"));
        assert!(!is_current("/", "/programme"));
        assert!(is_current("/programme", "/programme"));
        assert!(is_current("/programme", "/programme/table-ronde-parcours"));
        assert!(!is_current("/programme", "/programmes"));
        assert!(is_current("/village", "/village/lieu/auditorium"));
        assert!(!is_current("/intervenants/ams", "/intervenants"));
    }

    #[test]
    fn shortens_at_a_word() {
        assert_eq!(shorten("Un  texte\ncourt", 40), "Un texte court");
        let long = "L'expérimentation sociale au service du territoire, partage des réalités";
        let short = shorten(long, 40);
        assert!(short.chars().count() <= 40, "{short}");
        assert_eq!(short, "L'expérimentation sociale au service…");
    }

    #[test]
    fn json_ld_cannot_close_its_script() {
        let value = serde_json::json!({ "name": "</script><script>alert(1)</script> & <!--" });
        let text = json_ld(&value);
        assert!(!text.contains('<') && !text.contains('>'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value, "still the same JSON");
    }
}
