//! `/`, as the app's `pages/home.rs` draws it: the day at a glance, then what to expect,
//! what is on now and next, or the thanks once it is over (by the server's clock, or the
//! `?now=` the app also reads).

use std::fmt::Write;

use agir_model::french::typeset;
use agir_model::time::{capitalize, format_day_with_year, format_time_fr, now_next, phase, Phase};
use agir_model::{paths, Session};

use super::html::{link, shorten, Esc};
use super::{meta, Ctx, Meta, Page};

pub fn page(ctx: &Ctx) -> Page {
    let edition = ctx.edition;
    let event = &edition.event;
    let mut out = String::new();
    let date = when(ctx);
    out.push_str(r#"<section class="page home"><header class="home-hero">"#);
    let _ = write!(out, "<h1>{}</h1>", Esc(&event.name));
    if let Some(s) = &event.subtitle {
        let _ = write!(out, r#"<p class="subtitle">{}</p>"#, Esc(s));
    }
    let _ = write!(out, r#"<p class="home-when"><strong>{}</strong></p>"#, Esc(&date));
    let _ = write!(out, r#"<p class="home-where">{}"#, Esc(&event.venue.name));
    if let Some(a) = &event.venue.address {
        let _ = write!(out, ", {}", Esc(a));
    }
    if !event.venue.assumed.is_empty() {
        out.push_str(r#"<span class="assumed"> (lieu à confirmer)</span>"#);
    }
    out.push_str("</p></header>");
    if ctx.pinned {
        out.push_str(
            r#"<p class="demo-clock">Démonstration&nbsp;: l'application fait comme si nous étions le jour de la rencontre.</p>"#,
        );
    }
    match phase(event.start_date, event.end_date, edition.offset(), ctx.now) {
        Phase::Before => before(ctx, &mut out),
        Phase::During => during(ctx, &mut out),
        Phase::After => after(ctx, &mut out),
    }
    out.push_str("</section>");

    let mut about = format!("{}, {}", date, event.venue.name);
    if let Some(a) = &event.venue.address {
        let _ = write!(about, ", {a}");
    }
    let blurb = event
        .description
        .as_deref()
        .or(event.subtitle.as_deref())
        .unwrap_or_default();
    Page::ok(
        Meta {
            title: "Accueil".into(),
            card_title: event.name.clone(),
            description: shorten(&format!("{about}. {blurb}"), 200),
            json_ld: vec![meta::day_event(ctx)],
        },
        out,
    )
}

/// "Mardi 8 octobre 2013", or "Du … au …" over several days.
fn when(ctx: &Ctx) -> String {
    let event = &ctx.edition.event;
    if event.start_date == event.end_date {
        capitalize(&format_day_with_year(event.start_date))
    } else {
        format!(
            "Du {} au {}",
            format_day_with_year(event.start_date),
            format_day_with_year(event.end_date)
        )
    }
}

fn before(ctx: &Ctx, out: &mut String) {
    out.push_str("<h2>Ce qui vous attend</h2>");
    if let Some(d) = &ctx.edition.event.description {
        let _ = write!(out, "<p>{}</p>", Esc(d));
    }
    out.push_str(r#"<p class="cta">"#);
    link(
        out,
        paths::PROGRAMME,
        Some("button"),
        "Préparer ma journée\u{a0}: voir le programme",
        ctx.path,
    );
    out.push_str("</p><p>");
    link(out, "/infos", None, "Adresse et accès", ctx.path);
    out.push_str("</p>");
}

fn during(ctx: &Ctx, out: &mut String) {
    let edition = ctx.edition;
    let nn = now_next(&edition.sessions, ctx.now);
    out.push_str(r#"<section class="now-next" aria-labelledby="maintenant"><h2 id="maintenant">En ce moment</h2>"#);
    if nn.now.is_empty() {
        out.push_str(r#"<p class="state">Aucune séance en ce moment.</p>"#);
    } else {
        out.push_str(r#"<ul class="now-list" data-testid="now">"#);
        cards(ctx, &nn.now, true, out);
        out.push_str("</ul>");
    }
    out.push_str(r#"<h2 id="ensuite">Ensuite</h2>"#);
    if nn.next.is_empty() {
        out.push_str(r#"<p class="state">Le programme de la journée est terminé. Merci de votre venue&nbsp;!</p>"#);
    } else {
        out.push_str(r#"<ul class="now-list" data-testid="next">"#);
        cards(ctx, &nn.next, false, out);
        out.push_str("</ul>");
    }
    out.push_str(r#"<p class="cta">"#);
    link(out, paths::PROGRAMME, Some("button"), "Tout le programme", ctx.path);
    out.push_str("</p></section>");
}

fn cards(ctx: &Ctx, sessions: &[&Session], now: bool, out: &mut String) {
    for s in sessions {
        let place = s.place.as_ref().and_then(|p| ctx.edition.place(p));
        let time = if now {
            format!("Jusqu'à {}", format_time_fr(&s.end))
        } else {
            format!("À {}", format_time_fr(&s.start))
        };
        let _ = write!(
            out,
            r#"<li class="now-card"><p class="now-time">{}</p><h3>"#,
            Esc(&time)
        );
        link(out, &paths::session(&s.id), None, &typeset(&s.title), ctx.path);
        let _ = write!(
            out,
            r#"</h3><p class="session-meta"><span class="badge kind">{}</span>"#,
            Esc(s.kind.label())
        );
        if let Some(p) = place {
            let _ = write!(out, "<span>{}</span>", Esc(&p.name));
        }
        out.push_str("</p></li>");
    }
}

/// The app adds the list of past editions once it has fetched it: not drawn here, so the
/// page the app takes over is the one it draws first.
fn after(ctx: &Ctx, out: &mut String) {
    let thanks = match ctx.edition.event.attendance {
        Some(n) => format!(
            "Merci à toutes et à tous\u{a0}: vous étiez {} à cette rencontre.",
            agir_model::french::group_thousands(n.into())
        ),
        None => "Merci à toutes et à tous d'être venus.".to_owned(),
    };
    let _ = write!(out, "<h2>La rencontre a eu lieu</h2><p>{}</p>", Esc(&thanks));
    out.push_str(r#"<p class="cta">"#);
    link(out, paths::PROGRAMME, Some("button"), "Revoir le programme", ctx.path);
    out.push_str("</p>");
}
