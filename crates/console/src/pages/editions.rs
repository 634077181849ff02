//! The editions the server holds, on the console's home: which one attendees see (and
//! choosing it), editing one, and preparing next year's from any of them.

use agir_model::time::format_day_with_year;
use agir_model::{EditionSlug, EditionSummary};
use chrono::Datelike;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::draft;
use crate::editor::links::editor_base;

/// The editions, newest first, each with what can be done with it.
#[component]
pub fn Editions() -> impl IntoView {
    let list = RwSignal::new(None::<Result<Vec<EditionSummary>, String>>);
    let said = RwSignal::new(None::<String>);
    let load = move || spawn_local(async move { list.set(Some(api::editions().await.map_err(|e| e.to_string()))) });
    load();
    let choose = move |slug: String| {
        spawn_local(async move {
            match api::choose_current(&slug).await {
                Ok(editions) => {
                    said.set(Some(format!(
                        "L'édition «\u{a0}{slug}\u{a0}» est maintenant celle que voient les participants."
                    )));
                    list.set(Some(Ok(editions)));
                }
                Err(e) => said.set(Some(e.to_string())),
            }
        })
    };
    view! {
        <h2>"Éditions"</h2>
        <p><A href="/organisateurs/importer">"Importer un programme (frab ou C3VOC)"</A></p>
        <div class="said" role="status">{move || said.get().map(|s| view! { <p>{s}</p> })}</div>
        {move || match list.get() {
            None => view! { <p class="state state-loading" role="status">"Chargement des éditions…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="state state-error" role="alert">{e}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>"Aucune édition n'est encore publiée."</p> }.into_any(),
            Some(Ok(list)) => view! {
                <ul class="plain-list editions">
                    {list.into_iter().map(|e| edition_item(e, choose)).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

fn edition_item(e: EditionSummary, choose: impl Fn(String) + Copy + Send + Sync + 'static) -> impl IntoView {
    let slug = e.edition.clone();
    let has_draft = agir_ui::storage::get_local(&draft::key(&slug)).is_some();
    let days = if e.start_date == e.end_date {
        format_day_with_year(e.start_date)
    } else {
        format!(
            "du {} au {}",
            format_day_with_year(e.start_date),
            format_day_with_year(e.end_date)
        )
    };
    let preparing = RwSignal::new(false);
    let choose_slug = slug.clone();
    view! {
        <li class="edition-item">
            <p>
                <strong>{e.name.clone()}</strong>
                {format!(" ({slug}), {days}, révision {}", e.revision)}
                {e.current.then(|| view! { " " <span class="badge">"affichée aux participants"</span> })}
                {has_draft.then(|| view! { " " <span class="badge badge-draft">"brouillon en cours sur cet appareil"</span> })}
            </p>
            <p class="edition-actions">
                <A href=editor_base(&slug) attr:class="button">"Modifier"</A>
                {(!e.current).then(|| view! {
                    <button type="button" class="button secondary" on:click=move |_| choose(choose_slug.clone())>
                        "Afficher aux participants"
                    </button>
                })}
                <button type="button" class="button secondary" aria-expanded=move || preparing.get().to_string()
                    on:click=move |_| preparing.update(|p| *p = !*p)>
                    "Préparer l'édition suivante"
                </button>
            </p>
            {move || preparing.get().then(|| view! { <NextEdition from=e.clone() /> })}
        </li>
    }
}

/// Next year's edition from this one: a name and a first day, then the editor opens on the
/// copy, not published until the organizer publishes it.
#[component]
fn NextEdition(from: EditionSummary) -> impl IntoView {
    let next_year = from
        .start_date
        .with_year(from.start_date.year() + 1)
        .unwrap_or(from.start_date);
    let slug = RwSignal::new(suggest_slug(&from.edition));
    let day = RwSignal::new(next_year.to_string());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let prefix = format!("suivante-{}", from.edition);
    let source = from.edition.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(new_slug) = EditionSlug::parse(slug.get_untracked().trim()) else {
            problem.set(Some("Le nom court ne peut contenir que des lettres sans accent, des chiffres et des tirets, par exemple 2014.".into()));
            return;
        };
        let Some(first) = crate::fields::parse_date(&day.get_untracked()) else {
            problem.set(Some("Choisissez le premier jour de la nouvelle édition.".into()));
            return;
        };
        busy.set(true);
        let (navigate, source) = (navigate.clone(), source.clone());
        spawn_local(async move {
            match api::edition(&source).await {
                Ok(current) => {
                    let next = current.edition.next_edition(new_slug.clone(), first);
                    if draft::start(&next, None) {
                        navigate(&editor_base(new_slug.as_str()), Default::default());
                    } else {
                        problem.set(Some(
                            "La mémoire du navigateur est pleine\u{a0}: le brouillon n'a pas pu être créé.".into(),
                        ));
                    }
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form next-edition" on:submit=submit novalidate=true>
            <p>"Une copie de cette édition\u{a0}: mêmes lieux, stands, intervenants et plan\u{a0}; les séances aux mêmes heures, décalées aux nouvelles dates\u{a0}; aucune séance annulée, aucune annonce. Rien n'est publié avant que vous le décidiez."</p>
            <div class="field">
                <label for=format!("{prefix}-nom")>"Nom court de la nouvelle édition (dans les adresses), par exemple 2014"</label>
                <input id=format!("{prefix}-nom") type="text" prop:value=move || slug.get() on:input=move |ev| slug.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for=format!("{prefix}-jour")>"Premier jour"</label>
                <input id=format!("{prefix}-jour") type="date" prop:value=move || day.get() on:input=move |ev| day.set(event_target_value(&ev)) />
            </div>
            {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
            <button type="submit" class="button" disabled=move || busy.get()>"Créer le brouillon"</button>
        </form>
    }
}

/// "2014" after "2013"; else the name with "-suivante".
fn suggest_slug(slug: &str) -> String {
    match slug.parse::<u32>() {
        Ok(year) => (year + 1).to_string(),
        Err(_) => format!("{slug}-suivante"),
    }
}
