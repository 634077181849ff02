//! `/intervenants` and `/intervenants/{id}`, as the app's `pages/speakers.rs` draws them.

use std::fmt::Write;

use agir_model::search::fold;
use agir_model::{paths, Speaker};

use super::html::{link, shorten, Esc};
use super::programme::session_row;
use super::{not_found, Ctx, Meta, Page};

pub fn list(ctx: &Ctx) -> Page {
    let edition = ctx.edition;
    let mut speakers: Vec<&Speaker> = edition.speakers.iter().collect();
    speakers.sort_by_key(|s| fold(&s.name));
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<section class="page speakers"><h1>Intervenants</h1><p>{} intervenants et organisations prennent la parole.</p><ul class="speaker-list">"#,
        edition.speakers.len()
    );
    for s in &speakers {
        out.push_str(r#"<li class="speaker-item">"#);
        link(&mut out, &paths::speaker(&s.id), None, &s.name, ctx.path);
        let detail = describe(s);
        if !detail.is_empty() {
            let _ = write!(out, r#"<span class="speaker-detail">{}</span>"#, Esc(&detail));
        }
        let count = match edition.sessions_of_speaker(&s.id).len() {
            0 => "Aucune séance".to_owned(),
            1 => "1 séance".to_owned(),
            n => format!("{n} séances"),
        };
        let _ = write!(out, r#"<span class="speaker-count">{count}</span></li>"#);
    }
    out.push_str("</ul></section>");
    let names: Vec<&str> = speakers.iter().take(8).map(|s| s.name.as_str()).collect();
    Page::ok(
        Meta {
            title: "Intervenants".into(),
            card_title: format!("Intervenants · {}", edition.event.name),
            description: shorten(
                &format!(
                    "{} intervenants et organisations à {}\u{a0}: {}",
                    edition.speakers.len(),
                    edition.event.name,
                    names.join(", ")
                ),
                200,
            ),
            json_ld: Vec::new(),
        },
        out,
    )
}

pub fn page(ctx: &Ctx, id: &str) -> Page {
    let edition = ctx.edition;
    let Some(speaker) = edition.speakers.iter().find(|s| s.id.as_str() == id) else {
        return not_found::page(
            ctx,
            &format!("L'intervenant «\u{a0}{id}\u{a0}» n'est pas au programme."),
        );
    };
    let mut out = String::new();
    out.push_str(r#"<article class="page speaker-page"><p class="breadcrumb">"#);
    link(&mut out, paths::SPEAKERS, None, "← Tous les intervenants", ctx.path);
    let _ = write!(out, "</p><h1>{}</h1>", Esc(&speaker.name));
    let detail = describe(speaker);
    if !detail.is_empty() {
        let _ = write!(out, r#"<p class="lead">{}</p>"#, Esc(&detail));
    }
    out.push_str(r#"<h2>Ses interventions</h2><ul class="session-list">"#);
    let sessions = edition.sessions_of_speaker(&speaker.id);
    for s in &sessions {
        session_row(edition, s, &mut out);
    }
    out.push_str("</ul></article>");
    let titles: Vec<&str> = sessions.iter().map(|s| s.title.as_str()).collect();
    let mut description = speaker.name.clone();
    if !detail.is_empty() {
        let _ = write!(description, ", {detail}");
    }
    let _ = write!(
        description,
        ", à {}\u{a0}: {}",
        edition.event.name,
        titles.join("\u{a0}; ")
    );
    Page::ok(
        Meta {
            title: speaker.name.clone(),
            card_title: speaker.name.clone(),
            description: shorten(&description, 200),
            json_ld: Vec::new(),
        },
        out,
    )
}

fn describe(s: &Speaker) -> String {
    [s.title.as_deref(), s.organisation.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}
