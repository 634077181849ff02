//! `/programme/{id}`, as the app's `pages/session.rs` draws it: when, where, who, what it is
//! about, the linked stands, its status, and the feedback form once a talk has started
//! (its controls disabled until the app, which sends the answers, takes over).

use std::fmt::Write;

use agir_model::french::typeset;
use agir_model::time::{format_duration, format_span};
use agir_model::{paths, Edition, Session};

use super::html::{link, shorten, Esc};
use super::programme::bookmark_toggle;
use super::{meta, not_found, Ctx, Meta, Page};

pub fn page(ctx: &Ctx, id: &str) -> Page {
    let edition = ctx.edition;
    let Some(session) = edition.session_by_str(id) else {
        return not_found::page(ctx, &format!("La séance «\u{a0}{id}\u{a0}» n'est pas au programme."));
    };
    let cancelled = session.is_cancelled();
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<article class="page session-page{}"><p class="breadcrumb">"#,
        if cancelled { " cancelled" } else { "" }
    );
    link(&mut out, paths::PROGRAMME, None, "← Tout le programme", ctx.path);
    out.push_str("</p>");
    if cancelled {
        out.push_str(concat!(
            r#"<p class="status-banner cancelled" role="status"><strong>Séance annulée.</strong>"#,
            " Elle n'aura pas lieu à l'horaire prévu.</p>"
        ));
    }
    let _ = write!(
        out,
        r#"<h1>{}</h1><p class="session-kind"><span class="badge kind">{}</span></p><p class="session-page-actions">"#,
        Esc(&typeset(&session.title)),
        Esc(session.kind.label())
    );
    bookmark_toggle(&session.title, &mut out);
    out.push_str(concat!(
        r#"<button class="button secondary calendar-button" type="button" disabled>Ajouter à mon agenda (.ics)</button>"#,
        r#"<span class="calendar-said" role="status"></span></p>"#
    ));
    facts(ctx, session, &mut out);
    if let Some(d) = &session.description {
        let _ = write!(
            out,
            r#"<h2>Présentation</h2><p class="description">{}</p>"#,
            Esc(&typeset(d))
        );
    }
    if !session.speakers.is_empty() {
        out.push_str(r#"<h2>Intervenants</h2><ul class="plain-list">"#);
        speakers(ctx, session, &mut out);
        out.push_str("</ul>");
    }
    if !session.stands.is_empty() {
        out.push_str(r#"<h2>Stands liés au village des solidarités</h2><ul class="plain-list">"#);
        for st in session.stands.iter().filter_map(|id| edition.stand(id)) {
            out.push_str("<li>");
            link(&mut out, &paths::stand(&st.id), None, &st.name, ctx.path);
            let _ = write!(out, r#"<span class="stand-theme"> · {}</span></li>"#, Esc(&st.theme));
        }
        out.push_str("</ul>");
    }
    super::floor::panel(session, &mut out);
    // The quick rating opens once a talk has started (meals, breaks… are not rated).
    if session.kind.is_talk() && ctx.now >= session.start && !cancelled {
        feedback(session, &mut out);
    }
    out.push_str("</article>");

    let mut description = format!("{}. {}", when_where(edition, session), session.kind.label());
    if cancelled {
        description.push_str(". Séance annulée");
    }
    let names: Vec<&str> = session
        .speakers
        .iter()
        .filter_map(|r| edition.speaker(&r.speaker))
        .map(|s| s.name.as_str())
        .collect();
    if !names.is_empty() {
        let _ = write!(description, " avec {}", names.join(", "));
    }
    if let Some(d) = &session.description {
        let _ = write!(description, ". {d}");
    }
    Page::ok(
        Meta {
            title: session.title.clone(),
            card_title: session.title.clone(),
            description: shorten(&description, 200),
            json_ld: vec![meta::session_event(ctx, session)],
        },
        out,
    )
}

/// "Mardi 8 octobre, de 16 h 30 à 18 h, Auditorium": what a preview card says first.
pub fn when_where(edition: &Edition, session: &Session) -> String {
    let mut text = format_span(&session.start, &session.end);
    if let Some(p) = session.place.as_ref().and_then(|p| edition.place(p)) {
        let _ = write!(text, ", {}", p.name);
    }
    text
}

fn facts(ctx: &Ctx, session: &Session, out: &mut String) {
    let edition = ctx.edition;
    let place = session.place.as_ref().and_then(|p| edition.place(p));
    let when = format_span(&session.start, &session.end);
    let _ = write!(
        out,
        r#"<dl class="facts"><dt>Quand</dt><dd><time datetime="{}">{}</time> ({})"#,
        session.start.to_rfc3339(),
        Esc(&when),
        format_duration(session.duration_minutes())
    );
    if session.is_assumed("end") {
        out.push_str(r#"<span class="assumed"> Heure de fin à confirmer.</span>"#);
    }
    out.push_str("</dd><dt>Où</dt><dd>");
    match place {
        Some(p) => {
            let _ = write!(out, "<span>{}</span>", Esc(&p.name));
            if session.is_assumed("place") || p.assumed {
                out.push_str(r#"<span class="assumed"> Salle à confirmer.</span>"#);
            }
            out.push(' ');
            link(
                out,
                &paths::place(&p.id),
                Some("inline-link"),
                "Voir sur le plan",
                ctx.path,
            );
            if let Some(a) = &p.accessibility {
                let _ = write!(out, r#"<span class="place-access">{}</span>"#, Esc(a));
            }
        }
        None => out.push_str("<span>Lieu à confirmer.</span>"),
    }
    out.push_str("</dd>");
    if !session.audience.is_empty() {
        let _ = write!(out, "<dt>Pour qui</dt><dd>{}</dd>", Esc(&session.audience.join(", ")));
    }
    if !session.themes.is_empty() {
        let _ = write!(out, "<dt>Thèmes</dt><dd>{}</dd>", Esc(&session.themes.join(", ")));
    }
    out.push_str("</dl>");
}

fn speakers(ctx: &Ctx, session: &Session, out: &mut String) {
    for r in &session.speakers {
        let Some(s) = ctx.edition.speaker(&r.speaker) else {
            continue;
        };
        let detail = [s.title.as_deref(), s.organisation.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str("<li>");
        link(out, &paths::speaker(&s.id), None, &s.name, ctx.path);
        if !detail.is_empty() {
            let _ = write!(out, r#"<span class="speaker-detail">, {}</span>"#, Esc(&detail));
        }
        // A role that only repeats the speaker's title says nothing more.
        if let Some(role) = r.role.as_deref().filter(|role| !detail.contains(role)) {
            let _ = write!(out, r#"<span class="speaker-role"> ({})</span>"#, Esc(role));
        }
        out.push_str("</li>");
    }
}

/// The answers a feedback form offers (`components/feedback_form.rs`).
const CHOICES: [(u8, &str); 5] = [
    (1, "Pas du tout satisfait"),
    (2, "Peu satisfait"),
    (3, "Moyennement satisfait"),
    (4, "Satisfait"),
    (5, "Très satisfait"),
];

fn feedback(session: &Session, out: &mut String) {
    let target = session.id.as_str();
    out.push_str(concat!(
        r#"<section class="session-feedback" aria-labelledby="avis-seance"><h2 id="avis-seance">Votre avis sur cette séance</h2>"#,
        r#"<form class="feedback-form" novalidate=""><fieldset><legend>Êtes-vous satisfait de cette séance&nbsp;?</legend><div class="rating-choices">"#
    ));
    for (value, label) in CHOICES {
        let _ = write!(
            out,
            concat!(
                r#"<div class="rating-choice"><input type="radio" id="note-{t}-{v}" name="note-{t}" value="{v}" disabled>"#,
                r#"<label for="note-{t}-{v}"><span class="rating-value">{v}</span><span class="rating-label">{l}</span></label></div>"#
            ),
            t = Esc(target),
            v = value,
            l = label
        );
    }
    let _ = write!(
        out,
        concat!(
            r#"</div></fieldset><div class="field"><label for="commentaire-{t}">Un commentaire&nbsp;? (facultatif)</label>"#,
            r#"<textarea id="commentaire-{t}" rows="4" maxlength="2000" disabled></textarea></div>"#,
            r#"<p class="hint">Votre avis est anonyme&nbsp;: rien ne permet de savoir qui l'a donné.</p>"#,
            r#"<button type="submit" class="button" disabled>Envoyer mon avis</button></form></section>"#
        ),
        t = Esc(target)
    );
}
