//! `agir-server qr`: one SVG file per stand, its QR code pointing at the stand's page under
//! the public URL, with the stand's number and name under it: the same labels as the app's
//! printable page (`/organisateurs/qr-codes`), for a print shop or a label maker.

use std::path::{Path, PathBuf};

use agir_model::export::{XmlAttribute, XmlText};
use agir_model::plan::text_width;
use agir_model::qr::{encode, stand_url};
use agir_model::{Edition, Stand};

/// Why the public URL given cannot go into a QR code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlError {
    #[error("l'adresse publique « {0} » doit commencer par http:// ou https://")]
    Scheme(String),
    #[error("l'adresse publique « {0} » doit nommer un site, sans espace, « ? » ni « # »")]
    Characters(String),
}

/// Checks the public URL a printed code will open, and drops a trailing slash.
pub fn public_url(raw: &str) -> Result<String, UrlError> {
    let url = raw.trim();
    let (scheme, rest) = ["https://", "http://"]
        .into_iter()
        .find_map(|s| url.strip_prefix(s).map(|rest| (s, rest)))
        .ok_or_else(|| UrlError::Scheme(raw.to_owned()))?;
    let rest = rest.trim_end_matches('/');
    if rest.is_empty() || rest.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
        return Err(UrlError::Characters(raw.to_owned()));
    }
    Ok(format!("{scheme}{rest}"))
}

/// The printable label of one stand: the QR code, then "Stand N" and the name, sized to
/// fit the code's width. Units are QR modules.
pub fn stand_svg(edition: &Edition, stand: &Stand, public_url: &str) -> String {
    let url = stand_url(public_url, &stand.id);
    let qr = encode(&url).expect("a stand's address fits in a QR code");
    let side = f64::from(qr.side());
    let heading = match edition.stand_number(&stand.id) {
        Some(n) => format!("Stand {n}"),
        None => "Stand".to_owned(),
    };
    let mut name = stand.name.clone();
    if stand.example {
        name.push_str(" (exemple)");
    }
    // The name's size is chosen so that it fits the code's width (wide estimate).
    let room = side - 4.0;
    let name_size = (room / text_width(&name, 1.0, true).max(1.0)).min(3.2);
    let heading_size = 4.5;
    let height = side + heading_size * 1.3 + name_size * 1.3 + 2.0;
    let label = format!("QR code du stand {} : {url}", stand.name);
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {height:.2}" width="{w_px}" height="{h_px:.0}" "#,
            r#"role="img" aria-label="{label}">"#,
            "<title>{label}</title>\n",
            r##"<rect width="{side}" height="{height:.2}" fill="#fff"/>"##,
            "\n",
            r##"<path fill="#000" shape-rendering="crispEdges" d="{path}"/>"##,
            "\n",
            r##"<g fill="#000" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-weight="700" text-anchor="middle">"##,
            r#"<text x="{mid}" y="{heading_y:.2}" font-size="{heading_size}">{heading}</text>"#,
            r#"<text x="{mid}" y="{name_y:.2}" font-size="{name_size:.2}">{name}</text>"#,
            "</g>\n</svg>\n"
        ),
        side = side,
        height = height,
        w_px = side * 8.0,
        h_px = height * 8.0,
        label = XmlAttribute(&label),
        path = qr.path,
        mid = side / 2.0,
        heading_y = side + heading_size,
        heading_size = heading_size,
        heading = XmlText(&heading),
        name_y = side + heading_size * 1.3 + name_size * 1.1,
        name_size = name_size,
        name = XmlText(&name),
    )
}

/// Writes `DIR/{stand}.svg` for every stand of the edition; returns the files written, in
/// the order of the stands.
pub fn write_all(edition: &Edition, public_url: &str, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    edition
        .stands
        .iter()
        .map(|stand| {
            let path = dir.join(format!("{}.svg", stand.id));
            std::fs::write(&path, stand_svg(edition, stand, public_url))?;
            Ok(path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::demo_edition as demo;

    #[test]
    fn public_urls_need_a_scheme_and_lose_their_trailing_slash() {
        assert_eq!(public_url("https://agir.angers.fr/").unwrap(), "https://agir.angers.fr");
        assert_eq!(public_url(" http://127.0.0.1:8080 ").unwrap(), "http://127.0.0.1:8080");
        assert!(matches!(public_url("agir.angers.fr"), Err(UrlError::Scheme(_))));
        assert!(matches!(public_url("https://"), Err(UrlError::Characters(_))));
        assert!(matches!(public_url("https://a b"), Err(UrlError::Characters(_))));
    }

    #[test]
    fn a_label_names_the_stand_and_escapes_its_text() {
        let mut e = demo();
        let restos = e
            .stands
            .iter()
            .find(|s| s.id.as_str() == "restos-du-coeur")
            .unwrap()
            .clone();
        let svg = stand_svg(&e, &restos, "https://agir.angers.fr");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(">Stand 5</text>"), "{svg}");
        assert!(svg.contains(">Les Restos du cœur</text>"));
        assert!(svg.contains("https://agir.angers.fr/village/restos-du-coeur"));
        e.stands[0].name = "A & <B>".into();
        e.stands[0].example = true;
        let odd = stand_svg(&e, &e.stands[0], "https://x.fr");
        assert!(odd.contains(">A &amp; &lt;B&gt; (exemple)</text>"), "{odd}");
    }
}
