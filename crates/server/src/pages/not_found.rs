//! An unknown session, speaker, stand or place: the app's "Page introuvable"
//! (`pages/not_found.rs`), answered with status 404 and kept out of search engines.

use std::fmt::Write;

use axum::http::StatusCode;

use super::html::{link, Esc};
use super::{Ctx, Meta, Page};

pub fn page(ctx: &Ctx, what: &str) -> Page {
    let mut out = String::new();
    let _ = write!(
        out,
        concat!(
            r#"<section class="page not-found"><h1>Page introuvable</h1><p>{}</p>"#,
            "<p>L'adresse est peut-être incomplète, ou la page a été retirée du programme.</p>",
            r#"<ul class="link-list"><li>"#
        ),
        Esc(what)
    );
    link(&mut out, "/programme", None, "Voir tout le programme", ctx.path);
    out.push_str("</li><li>");
    link(&mut out, "/", None, "Revenir à l'accueil", ctx.path);
    out.push_str("</li></ul></section>");
    Page {
        status: StatusCode::NOT_FOUND,
        meta: Meta {
            title: "Page introuvable".into(),
            card_title: "Page introuvable".into(),
            description: what.to_owned(),
            json_ld: Vec::new(),
        },
        body: out,
    }
}
