//! « Devenir bénévole » on a stand's sheet, as the app draws it
//! (`src/pages/village/volunteering.rs`): missions, time asked, when and where, and the
//! link to the form.

use std::fmt::Write;

use agir_model::french::typeset;
use agir_model::{paths, Stand};

use super::html::{link, Esc};

/// Appends the stand's volunteering to `out`, if it says what volunteers it looks for.
pub fn volunteering_block(stand: &Stand, path: &str, out: &mut String) {
    let Some(v) = &stand.volunteering else {
        return;
    };
    out.push_str("<h3>Devenir bénévole</h3>");
    if v.example {
        out.push_str(r#"<p class="assumed">Missions données en exemple.</p>"#);
    }
    out.push_str(r#"<ul class="sheet-missions">"#);
    for m in &v.missions {
        let _ = write!(out, "<li><strong>{}</strong>", Esc(&typeset(&m.title)));
        if !m.text.is_empty() {
            let _ = write!(out, "\u{a0}: {}", Esc(&typeset(&m.text)));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    let moments = agir_model::engagement::moments_words(&v.moments);
    let _ = write!(
        out,
        r#"<dl class="facts"><dt>Temps demandé</dt><dd>{}</dd><dt>Quand</dt><dd>{}</dd>"#,
        Esc(v.commitment.label()),
        Esc(&moments)
    );
    if !v.neighbourhoods.is_empty() {
        let _ = write!(out, "<dt>Où</dt><dd>{}</dd>", Esc(&v.neighbourhoods.join(", ")));
    }
    out.push_str("</dl>");
    if v.accepts_contact {
        out.push_str(r#"<p class="engage-actions">"#);
        link(
            out,
            &paths::engage(&stand.id),
            Some("button"),
            "Je veux m'engager",
            path,
        );
        out.push_str("</p>");
    }
}
