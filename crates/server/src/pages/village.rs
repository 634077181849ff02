//! `/village`, `/village/{stand}` and `/village/lieu/{place}`, as the app's
//! `pages/village.rs` (and `components/plan.rs`) draws them: the plan (its drawing comes
//! from `agir_model::plan::svg`, as in the app; the stands and rooms are plain links), the
//! sheet of the chosen stand (above the plan: this is the address of its QR code) or place,
//! the legend, and the lists of stands, facilities and rooms.

use std::fmt::Write;

use agir_model::french::typeset;
use agir_model::plan::directory::{facilities, rooms};
use agir_model::plan::{
    label_zoom, place_labels, stand_heading, svg, Size, Stage, StandIndex, View, ROOM_FILL, STAND_FILL,
};
use agir_model::time::{capitalize, format_day, format_time_fr};
use agir_model::{paths, Edition, FeatureKind, PlaceId, Plan, Session, StandId};

use super::html::{link, shorten, Esc};
use super::{not_found, Ctx, Meta, Page};

/// What the address asks for.
pub enum Asked<'a> {
    Plan,
    Stand(&'a str),
    Place(&'a str),
}

/// What it names in the edition.
enum Target {
    Stand(StandId),
    Place(PlaceId),
}

/// The viewport the app draws the plan in before it measures it (`INITIAL` in
/// `components/plan.rs`): a 390-pixel phone.
const INITIAL: Size = Size {
    width: 390.0,
    height: 292.5,
};

pub fn page(ctx: &Ctx, asked: Asked) -> Page {
    let edition = ctx.edition;
    let target = match asked {
        Asked::Plan => None,
        Asked::Stand(id) => match StandId::parse(id).ok().filter(|id| edition.stand(id).is_some()) {
            Some(id) => Some(Target::Stand(id)),
            None => {
                return not_found::page(
                    ctx,
                    &format!("Le stand «\u{a0}{id}\u{a0}» n'est pas au village des solidarités."),
                )
            }
        },
        Asked::Place(id) => match PlaceId::parse(id).ok().filter(|id| edition.place(id).is_some()) {
            Some(id) => Some(Target::Place(id)),
            None => return not_found::page(ctx, &format!("Le lieu «\u{a0}{id}\u{a0}» n'est pas au programme.")),
        },
    };
    let mut out = String::new();
    out.push_str(r#"<section class="page village"><h1>Plan du village des solidarités</h1>"#);
    // A stand's sheet comes first, as the app draws a page opened on a stand.
    let meta = match &target {
        Some(t @ Target::Stand(_)) => Some(sheet(ctx, t, &mut out)),
        _ => None,
    };
    if let Some(a) = edition.plan.as_ref().and_then(|p| p.assumption.as_ref()) {
        let _ = write!(out, r#"<p class="plan-assumption">{}</p>"#, Esc(a));
    }
    match &edition.plan {
        Some(plan) => drawing(edition, plan, target.as_ref(), &mut out),
        None => out.push_str(
            r#"<p class="state">Le plan du village n'est pas encore disponible. La liste des stands est ci-dessous.</p>"#,
        ),
    }
    out.push_str(r#"<div class="sheet-slot">"#);
    let meta = match (meta, &target) {
        (Some(meta), _) => meta,
        (None, Some(t)) => sheet(ctx, t, &mut out),
        (None, None) => Meta {
            title: "Plan du village".into(),
            card_title: format!("Plan du village des solidarités · {}", edition.event.name),
            description: shorten(
                &format!(
                    "Le plan du village des solidarités de {}\u{a0}: {} stands d'associations et de partenaires.",
                    edition.event.name,
                    edition.stands.len()
                ),
                200,
            ),
            json_ld: Vec::new(),
        },
    };
    out.push_str("</div>");
    if let Some(plan) = &edition.plan {
        out.push_str(concat!(
            r#"<p id="plan-aide" class="plan-help">Touchez un stand pour ouvrir sa fiche. Agrandissez avec deux doigts ou le bouton +. "#,
            "Au clavier, sur le plan\u{a0}: flèches pour vous déplacer, + et − pour agrandir ou réduire.</p>"
        ));
        legend(plan, &mut out);
    }
    stand_list(edition, target.as_ref(), &mut out);
    services_and_rooms(edition, target.as_ref(), &mut out);
    out.push_str("</section>");
    Page::ok(meta, out)
}

/// The zoom buttons (disabled until the app, which moves the plan, takes over) and the
/// drawing, at the view the app starts from: the whole plan, or the chosen stand or room
/// brought to the middle.
fn drawing(edition: &Edition, plan: &Plan, target: Option<&Target>, out: &mut String) {
    let stage = Stage::new(plan, INITIAL);
    let rect = target.and_then(|t| match t {
        Target::Stand(id) => plan
            .stands
            .iter()
            .find(|s| &s.stand == id)
            .map(|s| (s.rect, STAND_FILL)),
        Target::Place(id) => plan.rooms.iter().find(|r| &r.place == id).map(|r| (r.rect, ROOM_FILL)),
    });
    let view = match rect {
        Some((rect, fill)) => View::centred_on(&stage, rect, fill),
        None => View::fit(&stage),
    };
    let scale = stage.fit_scale() * label_zoom(view.zoom);
    let labels = place_labels(edition, scale);
    let _ = write!(
        out,
        concat!(
            r#"<div class="plan-frame"><div class="plan-toolbar" role="group" aria-label="Zoom du plan">"#,
            r#"<button class="button secondary plan-zoom-in" type="button" disabled><span aria-hidden="true">+</span><span class="visually-hidden">Agrandir le plan</span></button>"#,
            r#"<button class="button secondary plan-zoom-out" type="button" disabled><span aria-hidden="true">−</span><span class="visually-hidden">Réduire le plan</span></button>"#,
            r#"<button class="button secondary plan-recentre" type="button" disabled>Recentrer</button></div>"#,
            r#"<div class="plan-viewport{zoomed}" tabindex="0" role="group" aria-label="Plan du village des solidarités" aria-describedby="plan-aide">"#,
            r#"<svg class="plan-svg" role="none" viewBox="{view_box}" preserveAspectRatio="xMidYMid meet"><defs>"#,
            r#"<pattern id="plan-hachures" patternUnits="userSpaceOnUse" width="{hatch}" height="{hatch}" patternTransform="rotate(45)">"#,
            r#"<rect class="hatch-line" x="0" y="0" width="{line}" height="{hatch}"></rect></pattern></defs>"#,
            r#"<g>{base}</g><g aria-hidden="true">{features}</g><g class="plan-labels" aria-hidden="true">{labels}</g></svg></div></div>"#
        ),
        zoomed = if view.is_zoomed_in() { " zoomed" } else { "" },
        view_box = svg::rect_attr(&view.view_box(&stage)),
        hatch = svg::num(8.0 / scale),
        line = svg::num(8.0 * 0.35 / scale),
        base = mark_chosen(svg::base(edition), target),
        features = svg::features(edition, scale),
        labels = svg::labels(&labels, scale),
    );
}

/// The chosen stand or room marked in the drawing as the app marks it (`mark_links`).
fn mark_chosen(base: String, target: Option<&Target>) -> String {
    let (from, to) = match target {
        None => return base,
        Some(Target::Stand(id)) => (
            format!(r#"class="plan-stand" data-stand="{id}""#),
            format!(r#"class="plan-stand selected" data-stand="{id}" aria-current="true""#),
        ),
        Some(Target::Place(id)) => (
            format!(r#"class="plan-room" data-place="{id}""#),
            format!(r#"class="plan-room selected" data-place="{id}" aria-current="true""#),
        ),
    };
    base.replacen(&from, &to, 1)
}

/// The sheet of the chosen stand or place (`pages/village/sheet.rs`), and what a link to
/// it shows in a preview card.
fn sheet(ctx: &Ctx, target: &Target, out: &mut String) -> Meta {
    out.push_str(r#"<section class="sheet" aria-labelledby="fiche-titre">"#);
    let meta = match target {
        Target::Stand(id) => stand_sheet(ctx, id, out),
        Target::Place(id) => place_sheet(ctx, id, out),
    };
    out.push_str(concat!(
        r#"<p class="sheet-close"><a href="/village" class="button secondary" data-noscroll="">Fermer la fiche</a></p>"#,
        "</section>"
    ));
    meta
}

/// A stand's number, name, theme, text, website, volunteering and sessions.
fn stand_sheet(ctx: &Ctx, id: &StandId, out: &mut String) -> Meta {
    let edition = ctx.edition;
    let stand = edition.stand(id).expect("checked by the caller");
    let number = edition.stand_number(id);
    let title = stand_heading(number, &stand.name);
    let _ = write!(out, r#"<h2 id="fiche-titre" tabindex="-1">{}"#, Esc(&title));
    if stand.example {
        out.push_str(r#" <span class="badge example">exemple</span>"#);
    }
    out.push_str("</h2>");
    if stand.example {
        out.push_str(
            r#"<p class="assumed">Stand donné en exemple&nbsp;: il n'était pas annoncé pour cette édition.</p>"#,
        );
    }
    let _ = write!(
        out,
        r#"<dl class="facts"><dt>Association</dt><dd>{}</dd><dt>Thème</dt><dd>{}</dd><dt>Numéro</dt><dd>{}</dd></dl>"#,
        Esc(&stand.name),
        Esc(&stand.theme),
        Esc(number.unwrap_or("Pas encore placé sur le plan"))
    );
    if let Some(d) = &stand.description {
        let _ = write!(out, r#"<p class="sheet-description">{}</p>"#, Esc(&typeset(d)));
    }
    // Only a web address is a link, as in the app: an edition stored before
    // validation refused the rest may still hold a `javascript:` one.
    if let Some(url) = stand.website.as_deref().and_then(agir_model::links::web_address) {
        let shown = agir_model::links::shown(url);
        let _ = write!(
            out,
            r#"<p class="sheet-website">Site internet&nbsp;: <a href="{}" rel="noopener noreferrer">{}</a></p>"#,
            Esc(url),
            Esc(shown)
        );
    }
    super::volunteering::volunteering_block(stand, ctx.path, out);
    out.push_str("<h3>Séances liées à ce stand</h3>");
    if !session_links(ctx, edition.sessions_of_stand(id), out) {
        out.push_str("<p>Aucune séance du programme n'est liée à ce stand.</p>");
    }
    let mut description = format!(
        "{title} ({}), au village des solidarités de {}",
        stand.theme, edition.event.name
    );
    if let Some(d) = &stand.description {
        let _ = write!(description, ". {d}");
    }
    Meta {
        title: format!("{} · Plan du village", stand.name),
        card_title: title,
        description: shorten(&description, 200),
        json_ld: Vec::new(),
    }
}

/// A place: whether the plan draws it, its accessibility and the sessions held there.
fn place_sheet(ctx: &Ctx, id: &PlaceId, out: &mut String) -> Meta {
    let edition = ctx.edition;
    let place = edition.place(id).expect("checked by the caller");
    let _ = write!(out, r#"<h2 id="fiche-titre" tabindex="-1">{}</h2>"#, Esc(&place.name));
    if place.assumed {
        out.push_str(r#"<p class="assumed">Lieu à confirmer.</p>"#);
    }
    let drawn = edition
        .plan
        .as_ref()
        .is_some_and(|p| p.rooms.iter().any(|r| &r.place == id));
    if !drawn {
        out.push_str("<p>Ce lieu n'est pas dessiné sur le plan.</p>");
    }
    if let Some(a) = &place.accessibility {
        let _ = write!(
            out,
            r#"<dl class="facts"><dt>Accessibilité</dt><dd>{}</dd></dl>"#,
            Esc(a)
        );
    }
    out.push_str("<h3>Séances dans ce lieu</h3>");
    let mut held: Vec<&Session> = edition
        .sessions
        .iter()
        .filter(|s| s.place.as_ref() == Some(id))
        .collect();
    agir_model::time::sort_sessions(&mut held);
    let titles: Vec<&str> = held.iter().take(5).map(|s| s.title.as_str()).collect();
    if !session_links(ctx, held, out) {
        out.push_str("<p>Aucune séance du programme n'a lieu ici.</p>");
    }
    Meta {
        title: format!("{} · Plan du village", place.name),
        card_title: place.name.clone(),
        description: shorten(
            &format!(
                "{}, {}\u{a0}: {}",
                place.name,
                edition.event.name,
                titles.join("\u{a0}; ")
            ),
            200,
        ),
        json_ld: Vec::new(),
    }
}

/// Links to sessions with their day and time; false when there are none.
fn session_links(ctx: &Ctx, sessions: Vec<&Session>, out: &mut String) -> bool {
    if sessions.is_empty() {
        return false;
    }
    out.push_str(r#"<ul class="plain-list sheet-sessions">"#);
    for s in sessions {
        let when = format!(
            "{}, {}",
            capitalize(&format_day(s.start.date_naive())),
            format_time_fr(&s.start)
        );
        out.push_str("<li>");
        link(out, &paths::session(&s.id), None, &typeset(&s.title), ctx.path);
        let _ = write!(out, r#"<span class="sheet-when">{}</span>"#, Esc(&when));
        if s.is_cancelled() {
            out.push_str(r#"<span class="badge status-cancelled">Annulée</span>"#);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    true
}

/// What the symbols on the plan mean (`PlanLegend`).
fn legend(plan: &Plan, out: &mut String) {
    out.push_str(concat!(
        r#"<details class="plan-legend"><summary>Légende du plan</summary><ul>"#,
        r#"<li><svg class="legend-symbol" viewBox="0 0 28 28" aria-hidden="true"><rect class="stand-shape" x="2" y="6" width="24" height="16"></rect></svg><span>Stand, avec son numéro</span></li>"#,
        r#"<li><svg class="legend-symbol" viewBox="0 0 28 28" aria-hidden="true"><rect class="room-shape" x="2" y="4" width="24" height="20"></rect></svg><span>Salle ou espace du programme</span></li>"#
    ));
    let mut kinds: Vec<FeatureKind> = Vec::new();
    for f in &plan.features {
        if !kinds.contains(&f.kind) {
            kinds.push(f.kind);
        }
    }
    for kind in kinds {
        out.push_str(r#"<li><svg class="legend-symbol" viewBox="0 0 28 28" aria-hidden="true">"#);
        if kind == FeatureKind::StepFreeRoute {
            out.push_str(r#"<line class="plan-route" x1="2" y1="14" x2="26" y2="14"></line>"#);
        } else {
            let _ = write!(
                out,
                r#"<g class="plan-feature feature-{}"><rect x="0" y="0" width="28" height="28" rx="5.6"></rect><text x="14" y="19" font-size="14" text-anchor="middle">{}</text></g>"#,
                svg::feature_code(kind),
                Esc(svg::feature_glyph(kind))
            );
        }
        let _ = write!(out, "</svg><span>{}</span></li>", Esc(kind.label()));
    }
    out.push_str("</ul></details>");
}

/// The list of stands (`pages/village/stand_list.rs`): links that open each sheet. Its
/// search answers once the app takes over.
fn stand_list(edition: &Edition, target: Option<&Target>, out: &mut String) {
    let index = StandIndex::new(edition);
    let _ = write!(
        out,
        concat!(
            r#"<section class="stand-directory" aria-labelledby="liste-stands"><h2 id="liste-stands">Les stands du village</h2>"#,
            r#"<form class="filters" role="search"><div class="field field-search">"#,
            r#"<label for="recherche-stand">Rechercher un stand, une association, un thème</label>"#,
            r#"<input id="recherche-stand" type="search" autocomplete="off"></div>"#,
            r#"<div class="field"><label for="filtre-theme-stand">Thème</label><select id="filtre-theme-stand"><option value="">Tous les thèmes</option>"#
        )
    );
    for theme in index.themes() {
        let _ = write!(out, r#"<option value="{0}">{0}</option>"#, Esc(&theme));
    }
    let _ = write!(
        out,
        r#"</select></div></form><p class="result-count" role="status" aria-live="polite">{} stands au village.</p><ul class="stand-list">"#,
        index.entries().len()
    );
    for entry in index.entries() {
        let stand = &edition.stands[entry.stand];
        let chosen = matches!(target, Some(Target::Stand(id)) if id == &entry.id);
        let _ = write!(
            out,
            r#"<li class="stand-item{}"><a id="stand-{id}" href="{href}" data-noscroll=""{current}><span class="stand-number">"#,
            if chosen { " selected" } else { "" },
            id = Esc(entry.id.as_str()),
            href = Esc(&paths::stand(&entry.id)),
            current = if chosen { r#" aria-current="true""# } else { "" },
        );
        match &entry.number {
            Some(n) => {
                let _ = write!(out, r#"<span class="visually-hidden">Stand </span>{}"#, Esc(n));
            }
            None => out.push_str(r#"<span class="visually-hidden">Stand sans numéro</span>"#),
        }
        let _ = write!(
            out,
            r#"</span><span class="stand-text"><span class="stand-name">{}</span><span class="stand-theme">{}</span></span>"#,
            Esc(&stand.name),
            Esc(&stand.theme)
        );
        if stand.example {
            out.push_str(r#"<span class="badge example">exemple</span>"#);
        }
        out.push_str("</a></li>");
    }
    out.push_str("</ul></section>");
}

/// The facilities and the rooms, each with where it is (`pages/village/services.rs`).
fn services_and_rooms(edition: &Edition, target: Option<&Target>, out: &mut String) {
    let services = facilities(edition);
    if !services.is_empty() {
        open_list(out, "liste-services", "Services et accès");
        for f in services {
            let _ = write!(
                out,
                concat!(
                    r#"<li class="place-item"><span class="place-symbol feature-{}" aria-hidden="true">{}</span>"#,
                    r#"<span class="place-text"><span class="place-name">{}</span><span class="place-where">{}</span></span></li>"#
                ),
                svg::feature_code(f.kind),
                Esc(svg::feature_glyph(f.kind)),
                Esc(&f.label),
                Esc(&f.whereabouts)
            );
        }
        out.push_str("</ul></section>");
    }
    let rooms = rooms(edition);
    if !rooms.is_empty() {
        open_list(out, "liste-salles", "Salles et espaces");
        for room in rooms {
            let chosen = matches!(target, Some(Target::Place(id)) if id == &room.place);
            let _ = write!(
                out,
                concat!(
                    r#"<li class="place-item{}"><a id="lieu-{}" href="{}" data-noscroll=""{}>"#,
                    r#"<span class="place-text"><span class="place-name">{}</span><span class="place-where">{}</span></span></a></li>"#
                ),
                if chosen { " selected" } else { "" },
                Esc(room.place.as_str()),
                Esc(&paths::place(&room.place)),
                if chosen { r#" aria-current="true""# } else { "" },
                Esc(&room.name),
                Esc(&room.whereabouts)
            );
        }
        out.push_str("</ul></section>");
    }
}

/// The start of one of the lists of [`services_and_rooms`], under its heading.
fn open_list(out: &mut String, id: &str, heading: &str) {
    let _ = write!(
        out,
        r#"<section class="place-directory" aria-labelledby="{id}"><h2 id="{id}">{heading}</h2><ul class="place-list">"#
    );
}
