//! A page drawn into the build's own `index.html` (Trunk's minified output, or any page
//! with the same landmarks): its `<title>` and description replaced, the link-preview and
//! search metadata added after the title, the static header's current link marked, and the
//! shell's `<main>` (the loading line) replaced with the page, the notices and the footer
//! the app draws around it. Everything else, notably the scripts the CSP allows by their
//! hash, is left byte for byte as built.

use std::fmt::Write;

use super::html::{is_current, json_ld, link, Esc};
use super::{Ctx, Page};

/// The footer of the app's frame (`components/layout.rs`).
fn footer(path: &str) -> String {
    let mut out =
        String::from(r#"<footer class="site-footer"><p>Agir ensemble, une rencontre du CCAS d'Angers.</p><p>"#);
    link(&mut out, "/avis", None, "Donner votre avis sur la journée", path);
    out.push_str("</p><p>");
    // The router compares paths only: on `/infos`, this link is current too.
    let current = if is_current("/infos", path) {
        r#" aria-current="page""#
    } else {
        ""
    };
    let _ = write!(
        out,
        r#"<a href="/infos#mentions"{current}>Mentions légales, données personnelles et accessibilité</a></p></footer>"#
    );
    out
}

/// The attribute that marks a `<main>` drawn by the server: the app's own replaces it.
const SERVER_MAIN: &str = "data-server-rendered";

/// `page` in `index`, the build's `index.html`; `image` is the app's icon for preview cards.
pub fn document(index: &str, ctx: &Ctx, page: &Page, image: Option<&str>) -> String {
    let html = head(index, ctx, page, image);
    body(&html, ctx, page)
}

fn head(index: &str, ctx: &Ctx, page: &Page, image: Option<&str>) -> String {
    let meta = &page.meta;
    let canonical = ctx.url(ctx.path);
    let mut tags = String::new();
    let _ = write!(
        tags,
        concat!(
            r#"<meta name="description" content="{description}">"#,
            r#"<link rel="canonical" href="{canonical}">"#,
            r#"<meta property="og:type" content="website">"#,
            r#"<meta property="og:site_name" content="Agir ensemble">"#,
            r#"<meta property="og:locale" content="fr_FR">"#,
            r#"<meta property="og:title" content="{title}">"#,
            r#"<meta property="og:description" content="{description}">"#,
            r#"<meta property="og:url" content="{canonical}">"#,
            r#"<meta name="twitter:card" content="summary">"#
        ),
        description = Esc(&meta.description),
        canonical = Esc(&canonical),
        title = Esc(&meta.card_title),
    );
    if let Some(image) = image {
        let _ = write!(
            tags,
            r#"<meta property="og:image" content="{}"><meta property="og:image:alt" content="Agir ensemble">"#,
            Esc(&ctx.url(image))
        );
    }
    if !page.status.is_success() {
        tags.push_str(r#"<meta name="robots" content="noindex">"#);
    }
    for data in &meta.json_ld {
        let _ = write!(tags, r#"<script type="application/ld+json">{}</script>"#, json_ld(data));
    }

    let mut html = started_after_paint(&without_wasm_preload(&without_description(index)));
    let title = format!("<title>{} · Agir ensemble</title>", Esc(&meta.title));
    match (html.find("<title>"), html.find("</title>")) {
        (Some(open), Some(close)) if open < close => {
            html.replace_range(open..close + "</title>".len(), &format!("{title}{tags}"));
        }
        _ => {
            // No title to replace: the tags go at the top of the head, where they are read.
            let at = html
                .find("<head>")
                .map(|i| i + "<head>".len())
                .or_else(|| {
                    html.find("<meta charset")
                        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
                })
                .unwrap_or(0);
            html.insert_str(at, &format!("{title}{tags}"));
        }
    }
    html
}

/// `index` without its generic description (each page says its own).
fn without_description(index: &str) -> String {
    let mut out = String::with_capacity(index.len());
    let mut rest = index;
    while let Some(start) = rest.find("<meta") {
        let Some(len) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        if attribute(tag, "name").is_none_or(|name| !name.eq_ignore_ascii_case("description")) {
            out.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// `index` without the preload of the app's wasm. The page is readable from its HTML: the
/// wasm, preloaded at high priority, would share a slow network with the page's first
/// paint, and Lighthouse counts it against the largest paint (on `/village/{stand}`, LCP
/// 3.0 s with it, 1.2 s without). The module script still fetches it as soon as it runs;
/// the generic shell, which has no content to show first, keeps the preload.
fn without_wasm_preload(index: &str) -> String {
    let mut out = String::with_capacity(index.len());
    let mut rest = index;
    while let Some(start) = rest.find("<link") {
        let Some(len) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        let wasm = attribute(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("preload"))
            && attribute(tag, "href").is_some_and(|h| h.ends_with(".wasm"));
        if !wasm {
            out.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Where Trunk's module script starts the wasm; the wait for the first paint goes before.
const START: &str = "const wasm = await init(";

/// Waits until the first contentful paint is reported (once the frame is on screen: the task
/// after a frame's `requestAnimationFrame` still came before that moment), at most 3 s (a
/// tab in the background paints nothing); a browser without paint timing starts at once.
const AFTER_PAINT: &str = "await new Promise((go) => { \
    const fcp = (list) => list.getEntriesByName('first-contentful-paint').length > 0; \
    setTimeout(go, 3000); \
    try { \
    if (fcp(performance)) return setTimeout(go); \
    new PerformanceObserver((list, o) => { if (fcp(list)) { o.disconnect(); setTimeout(go); } })\
    .observe({ type: 'paint', buffered: true }); \
    } catch (e) { go(); } \
    });\n";

/// `index` whose module script fetches the wasm only once the page is painted. A page drawn
/// here is readable from its HTML, whose first paint needs only the stylesheets: when the
/// script asked for the wasm a few milliseconds before that paint reached the screen,
/// Lighthouse counted the download against the largest paint (LCP 3.2-3.3 s one run in
/// three on `/`, a session and a stand, 1.1-1.2 s otherwise). The generic shell, which the
/// service worker serves to every later visit, starts at once: it has nothing to show first.
/// The content security policy allows this script by its hash too (`assets`).
pub fn started_after_paint(index: &str) -> String {
    match index.find(START) {
        Some(at) if !index.contains(AFTER_PAINT) => {
            let mut out = index.to_owned();
            out.insert_str(at, AFTER_PAINT);
            out
        }
        _ => index.to_owned(),
    }
}

/// The build's stylesheet links (`<link rel=stylesheet>`, Trunk's hash and integrity kept)
/// whose file name starts with `stem`, for a page drawn without the app: `"base"` is the
/// frame, the colours and the controls.
pub fn stylesheets(index: &str, stem: &str) -> String {
    let mut out = String::new();
    let mut rest = index;
    while let Some(start) = rest.find("<link") {
        let Some(len) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + len + 1];
        let sheet = attribute(tag, "rel").is_some_and(|r| r.eq_ignore_ascii_case("stylesheet"));
        let named = attribute(tag, "href").is_some_and(|h| h.rsplit('/').next().unwrap_or(h).starts_with(stem));
        if sheet && named {
            out.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    out
}

/// The value of `name` in a start tag, quoted or not (Trunk's minifier drops quotes).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut at = 0;
    while let Some(found) = tag[at..].find(name) {
        let start = at + found;
        at = start + name.len();
        let before = tag[..start].chars().next_back();
        if !before.is_some_and(char::is_whitespace) || !tag[at..].starts_with('=') {
            continue;
        }
        let value = &tag[at + 1..];
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or_default(),
        });
    }
    None
}

/// The page in the app's frame: the notices' live regions (empty until there is something
/// to say), the `<main>` and the footer.
fn body(html: &str, ctx: &Ctx, page: &Page) -> String {
    let content = format!(
        r#"<div class="banner-slot" role="status"></div><main id="contenu" tabindex="-1" {SERVER_MAIN}=""><div class="announcements" role="status">{}</div><div class="agenda-notices" role="status"></div>{}</main>{}"#,
        announcements(ctx),
        page.body,
        footer(ctx.path)
    );
    let main = html.find("<main").zip(html.find("</main>")).filter(|(a, b)| a < b);
    let Some((start, end)) = main else {
        // A page without the shell's landmarks: the content goes at the top of the body.
        let at = html
            .find("<body")
            .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
            .unwrap_or(html.len());
        return format!(r#"{}<div id="app">{content}</div>{}"#, &html[..at], &html[at..]);
    };
    let body_start = html.find("<body").unwrap_or(0);
    let mut out = String::with_capacity(html.len() + content.len());
    out.push_str(&html[..body_start]);
    out.push_str(&current_links(&html[body_start..start], ctx.path));
    out.push_str(&content);
    out.push_str(&html[end + "</main>".len()..]);
    out
}

/// The static header's links, marked current as the app's router marks them.
fn current_links(header: &str, path: &str) -> String {
    let mut out = String::with_capacity(header.len() + 32);
    let mut rest = header;
    while let Some(start) = rest.find("<a ") {
        let Some(len) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        match attribute(tag, "href") {
            Some(href) if href.starts_with('/') && is_current(href, path) && !tag.contains("aria-current") => {
                let _ = write!(out, r#"<a aria-current="page" {}"#, &tag["<a ".len()..]);
            }
            _ => out.push_str(tag),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// The organizers' announcements shown now (`components/announcements.rs`).
fn announcements(ctx: &Ctx) -> String {
    let shown: Vec<&str> = ctx
        .edition
        .announcements
        .iter()
        .filter(|a| a.is_shown(ctx.now))
        .map(|a| a.text.as_str())
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        r#"<div class="announcement-banner"><p class="announcement-lead"><strong>Annonce des organisateurs</strong></p>"#,
    );
    for text in shown {
        let _ = write!(out, "<p>{}</p>", Esc(text));
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_quoted_or_not() {
        let tag = r#"<meta content="Agir ensemble, la rencontre, le programme." name=description>"#;
        assert_eq!(attribute(tag, "name"), Some("description"));
        assert_eq!(
            attribute(tag, "content"),
            Some("Agir ensemble, la rencontre, le programme.")
        );
        assert_eq!(attribute(r#"<a class=brand href=/>"#, "href"), Some("/"));
        assert_eq!(attribute(r#"<a data-href="/x" href='/y'>"#, "href"), Some("/y"));
        assert_eq!(attribute(r#"<meta charset=utf-8>"#, "name"), None);
    }

    #[test]
    fn drops_only_the_description() {
        let index = r#"<meta charset=utf-8><meta content="Générique." name=description><meta content=#0b4f71 name=theme-color>"#;
        assert_eq!(
            without_description(index),
            "<meta charset=utf-8><meta content=#0b4f71 name=theme-color>"
        );
    }

    #[test]
    fn drops_only_the_preload_of_the_wasm() {
        let index = concat!(
            r#"<link crossorigin href=/app-1.js rel=modulepreload>"#,
            r#"<link as=fetch crossorigin href=/app-1_bg.wasm rel=preload type=application/wasm>"#,
            r#"<link href=/base.css rel=stylesheet>"#
        );
        assert_eq!(
            without_wasm_preload(index),
            r#"<link crossorigin href=/app-1.js rel=modulepreload><link href=/base.css rel=stylesheet>"#
        );
    }

    #[test]
    fn the_wasm_starts_after_the_first_paint_once() {
        let index = "<script type=module>import init, * as bindings from '/app-1.js';\n\
            const wasm = await init({ module_or_path: '/app-1_bg.wasm' });\n</script>";
        let out = started_after_paint(index);
        let wait = out.find("first-contentful-paint").unwrap();
        assert!(out.find("import init").unwrap() < wait);
        assert!(wait < out.find(START).unwrap());
        assert_eq!(started_after_paint(&out), out, "once");
        assert_eq!(started_after_paint("<p>sans script</p>"), "<p>sans script</p>");
    }

    #[test]
    fn finds_the_base_stylesheet_as_built() {
        let index = concat!(
            r#"<link href=/base-925a117b0f4bda93.css integrity=sha384-uxV rel=stylesheet>"#,
            r#"<link href=/programme-a78ebf4ae19aa674.css rel=stylesheet>"#,
            r#"<link href=/base.webmanifest rel=manifest>"#
        );
        assert_eq!(
            stylesheets(index, "base"),
            "<link href=/base-925a117b0f4bda93.css integrity=sha384-uxV rel=stylesheet>"
        );
        assert_eq!(stylesheets("<title>x</title>", "base"), "");
    }

    #[test]
    fn marks_the_current_link_of_the_header() {
        let header = r##"<a class=skip-link href=#contenu>Aller</a><a class=brand href=/>A</a><a href=/>Accueil</a><a href=/programme>Programme</a>"##;
        assert_eq!(
            current_links(header, "/programme/table-ronde-parcours"),
            r##"<a class=skip-link href=#contenu>Aller</a><a class=brand href=/>A</a><a href=/>Accueil</a><a aria-current="page" href=/programme>Programme</a>"##
        );
        let home = current_links(header, "/");
        assert_eq!(home.matches("aria-current").count(), 2, "{home}");
    }
}
