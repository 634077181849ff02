//! `/programme`, as the app's `pages/programme.rs` draws it: the search box and filters
//! (a plain GET form: it works without the app), the count, and the first page of rows
//! grouped by part of the day; never more than one page, whatever the programme's size.
//! Without the app, `?page=N` shows the Nth page, linked from the "more" control.

use std::fmt::Write;

use agir_model::filter::{count_sentence, Choices, Filter};
use agir_model::french::typeset;
use agir_model::rows::{self, Reach, RowPage};
use agir_model::time::{format_hm, PartOfDay};
use agir_model::{paths, Edition, Session};
use chrono::NaiveDate;

use super::html::{link, Esc};
use super::{meta, Ctx, Meta, Page};

/// Rows drawn at once, as in the app (`PAGE` in `pages/programme.rs`).
const PAGE: usize = 40;

pub fn page(ctx: &Ctx) -> Page {
    let edition = ctx.edition;
    let filter = Filter::from_pairs(|k| ctx.param(k));
    let page_number = ctx
        .param("page")
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|&p| p >= 1)
        .unwrap_or(1);
    let mut out = String::new();
    out.push_str(r#"<section class="page programme"><h1>Programme</h1><p class="page-links">"#);
    link(
        &mut out,
        paths::SPEAKERS,
        None,
        "Voir la liste des intervenants",
        ctx.path,
    );
    out.push_str("</p>");
    filters(edition, &filter, &mut out);

    // The search index is asked for only when there are words to search.
    let index = || ctx.published.search_index();
    let order = Filter::default().apply(edition, index, None);
    let found = filter.apply(edition, index, None);
    let total = edition.sessions.len();
    let _ = write!(
        out,
        r#"<p class="result-count" role="status" aria-live="polite">{}</p>"#,
        Esc(&count_sentence(found.len(), total, filter.is_active()))
    );
    if found.is_empty() && filter.is_active() {
        out.push_str(r#"<p class="state state-empty">"#);
        link(
            &mut out,
            paths::PROGRAMME,
            None,
            "Effacer la recherche et les filtres",
            ctx.path,
        );
        out.push_str("</p>");
    }
    // The page asked for: the first is exactly what the app draws first.
    let skip = (page_number - 1).saturating_mul(PAGE).min(found.len());
    let shown = &found[skip..];
    let rows = RowPage::next(
        None,
        &order,
        shown,
        Reach {
            limit: PAGE,
            settled: true,
            first_frame: 1,
        },
    );
    day_parts(ctx, &order, &rows, &mut out);
    let remaining = shown.len().saturating_sub(PAGE);
    if remaining > 0 {
        // The app's button adds a page in place; without it, this link opens the next one.
        let mut next = filter
            .to_pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", query_escape(&v)))
            .collect::<Vec<_>>();
        next.push(format!("page={}", page_number + 1));
        let _ = write!(
            out,
            r#"<a class="button more" href="{}?{}">Afficher les séances suivantes ({} restantes)</a>"#,
            paths::PROGRAMME,
            Esc(&next.join("&")),
            remaining
        );
    }
    out.push_str("</section>");

    let event = &edition.event;
    let first: Vec<&str> = found
        .iter()
        .take(3)
        .map(|&i| edition.sessions[i].title.as_str())
        .collect();
    let description = format!(
        "Programme de {} ({})\u{a0}: {} séances. {}",
        event.name,
        meta::dates(edition),
        total,
        first.join("\u{a0}; ")
    );
    Page::ok(
        Meta {
            title: "Programme".into(),
            card_title: format!("Programme · {}", event.name),
            description: super::html::shorten(&description, 200),
            json_ld: vec![meta::day_event(ctx)],
        },
        out,
    )
}

/// `application/x-www-form-urlencoded`, as a form sends its fields.
fn query_escape(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The search box and the four filters (`pages/programme/filters.rs`).
fn filters(edition: &Edition, filter: &Filter, out: &mut String) {
    let choices = Choices::of(edition);
    let _ = write!(
        out,
        concat!(
            r#"<form class="filters" role="search"><div class="field field-search">"#,
            r#"<label for="recherche">Rechercher une séance, un intervenant, un thème</label>"#,
            r#"<input id="recherche" name="q" type="search" autocomplete="off" value="{}"></div>"#,
            r#"<details class="filter-more"{}><summary>Filtrer par thème, public, type ou lieu</summary>"#,
            r#"<div class="filter-grid">"#
        ),
        Esc(&filter.text),
        if filter.is_active() && filter.text.is_empty() {
            " open"
        } else {
            ""
        }
    );
    let kind = filter.kind.map(|k| k.code().to_owned());
    let selects = [
        (
            "theme",
            "Thème",
            "Tous les thèmes",
            choices.themes,
            filter.theme.as_deref(),
        ),
        (
            "public",
            "Public",
            "Tous les publics",
            choices.audiences,
            filter.audience.as_deref(),
        ),
        ("type", "Type", "Tous les types", choices.kinds, kind.as_deref()),
        (
            "lieu",
            "Lieu",
            "Tous les lieux",
            choices.places,
            filter.place.as_deref(),
        ),
    ];
    for (name, label, all, values, selected) in selects {
        let _ = write!(
            out,
            r#"<div class="field"><label for="filtre-{name}">{label}</label><select id="filtre-{name}" name="{name}"><option value="">{all}</option>"#
        );
        for (value, shown) in values {
            let mark = if selected == Some(value.as_str()) {
                " selected"
            } else {
                ""
            };
            let _ = write!(out, r#"<option value="{}"{mark}>{}</option>"#, Esc(&value), Esc(&shown));
        }
        out.push_str("</select></div>");
    }
    out.push_str("</div></details></form>");
}

/// Every part of the day, hidden while none of its rows is shown, as the app draws them.
fn day_parts(ctx: &Ctx, order: &[usize], page: &RowPage, out: &mut String) {
    let edition = ctx.edition;
    let group_of = |i: usize| {
        let start = &edition.sessions[i].start;
        (start.date_naive(), PartOfDay::of(start))
    };
    let (parts, part_of) = rows::groups(order, group_of);
    let several_days = edition.event.start_date != edition.event.end_date;
    let list_class = if edition.sessions.len() > PAGE {
        "session-list long"
    } else {
        "session-list"
    };
    for (part, (day, time_of_day)) in parts.into_iter().enumerate() {
        let rows: Vec<usize> = page.rows.iter().copied().filter(|&i| part_of[i] == part).collect();
        let hidden = rows.iter().all(|&i| !page.on_screen[i]);
        let id = format!("part-{day}-{}", time_of_day.code());
        let _ = write!(
            out,
            r#"<section class="day-part" aria-labelledby="{id}"{}><h2 id="{id}">{}</h2><ul class="{list_class}">"#,
            if hidden { r#" hidden="""# } else { "" },
            Esc(&group_heading(day, time_of_day, several_days))
        );
        for i in rows {
            session_row(edition, &edition.sessions[i], out);
        }
        out.push_str("</ul></section>");
    }
}

/// "Matinée", or "Mardi 8 octobre · Matinée" over several days (`components/session_row.rs`).
fn group_heading(day: NaiveDate, part: PartOfDay, several_days: bool) -> String {
    if several_days {
        let day = agir_model::time::capitalize(&agir_model::time::format_day(day));
        format!("{day} · {}", part.label())
    } else {
        part.label().to_owned()
    }
}

/// One row of a list of sessions (`components/session_row.rs`), with its bookmark button
/// disabled until the app, which keeps the bookmarks, takes over. A session moved since the
/// first programme is marked by the app once it has the changes, as it does on its own.
pub fn session_row(edition: &Edition, s: &Session, out: &mut String) {
    let talk = s.kind.is_talk();
    let cancelled = s.is_cancelled();
    let _ = write!(
        out,
        concat!(
            r#"<li class="session-row kind-{}{}{}"><p class="session-time"><time datetime="{}">{} – {}</time></p>"#,
            r#"<div class="session-body"><h3 class="session-title"><a href="{}">{}</a></h3>"#,
            r#"<p class="session-meta"><span class="badge kind">{}</span>"#
        ),
        s.kind.code(),
        if talk { "" } else { " moment" },
        if cancelled { " cancelled" } else { "" },
        s.start.to_rfc3339(),
        format_hm(&s.start),
        format_hm(&s.end),
        Esc(&paths::session(&s.id)),
        Esc(&typeset(&s.title)),
        Esc(s.kind.label()),
    );
    if cancelled {
        out.push_str(r#"<span class="badge status-cancelled">Annulée</span>"#);
    }
    if let Some(p) = s.place.as_ref().and_then(|p| edition.place(p)) {
        let _ = write!(out, r#"<span class="session-place">{}</span>"#, Esc(&p.name));
    }
    out.push_str("</p>");
    let speakers: Vec<&str> = s
        .speakers
        .iter()
        .filter_map(|r| edition.speaker(&r.speaker))
        .map(|sp| sp.name.as_str())
        .collect();
    if talk && !speakers.is_empty() {
        let _ = write!(out, r#"<p class="session-speakers">{}</p>"#, Esc(&speakers.join(", ")));
    }
    out.push_str(r#"<p class="session-actions">"#);
    bookmark_toggle(&s.title, out);
    out.push_str("</p></div></li>");
}

/// The "add to my programme" toggle (`components/bookmark.rs`), disabled: the bookmarks
/// live on the phone, and only the app can keep them.
pub fn bookmark_toggle(title: &str, out: &mut String) {
    let _ = write!(
        out,
        concat!(
            r#"<button class="bookmark-toggle" type="button" aria-pressed="false" aria-label="Ajouter à mon programme&nbsp;: «&nbsp;{}&nbsp;»" disabled>"#,
            r#"<span class="bookmark-off"><span class="bookmark-icon" aria-hidden="true">+</span> Ajouter à mon programme</span>"#,
            r#"<span class="bookmark-on"><span class="bookmark-icon" aria-hidden="true">✓</span> Mon programme</span></button>"#
        ),
        Esc(title)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_form_encoded() {
        assert_eq!(query_escape("aide logement"), "aide+logement");
        assert_eq!(query_escape("Expérimentation & co"), "Exp%C3%A9rimentation+%26+co");
    }
}
