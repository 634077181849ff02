//! `/organisateurs/importer`: a programme published elsewhere (a frab `schedule.xml`, a
//! C3VOC `schedule.json`) or kept in a calendar (`.ics`) read by the server, its warnings shown before anything is
//! published, then opened in the editor as a draft to check and publish.

use agir_model::french::{capitalize, plural, typeset};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::account::RequireAccount;
use crate::api::{self, ImportPreview};
use crate::draft;
use crate::editor::links::editor_base;

/// The import page.
#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <section class="page import-page">
            <h1>"Importer un programme"</h1>
            <RequireAccount>
                <Import />
            </RequireAccount>
        </section>
    }
}

#[component]
fn Import() -> impl IntoView {
    let slug = RwSignal::new(String::new());
    let preview = RwSignal::new(None::<ImportPreview>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(file) = chosen_file() else {
            problem.set(Some("Choisissez d'abord le fichier du programme.".into()));
            return;
        };
        busy.set(true);
        problem.set(None);
        preview.set(None);
        spawn_local(async move {
            match api::import_preview(slug.get_untracked().trim(), file).await {
                Ok(p) => preview.set(Some(p)),
                Err(e) => problem.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <p>"Le fichier est lu et vérifié\u{a0}; rien n'est publié à cette étape. Vous pourrez ensuite le relire dans l'éditeur, puis le publier."</p>
        <form class="form" on:submit=submit novalidate=true>
            <div class="field">
                <label for="fichier">"Fichier du programme\u{a0}: frab (schedule.xml), C3VOC (schedule.json) ou agenda (.ics)"</label>
                <input id="fichier" type="file" accept=".xml,.json,.ics,application/xml,text/xml,application/json,text/calendar" />
            </div>
            <div class="field">
                <label for="nom-court">"Nom court de l'édition (dans les adresses), par exemple 2014"</label>
                <p id="nom-court-aide" class="hint">"Lettres sans accent, chiffres et tirets. Laissé vide, le nom vient du fichier."</p>
                <input id="nom-court" type="text" aria-describedby="nom-court-aide"
                    prop:value=move || slug.get() on:input=move |ev| slug.set(event_target_value(&ev)) />
            </div>
            {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() { "Lecture du fichier…" } else { "Lire le fichier" }}
            </button>
        </form>
        {move || preview.get().map(|p| view! { <Preview preview=p /> })}
    }
}

/// The file chosen in the form, if any.
fn chosen_file() -> Option<web_sys::File> {
    let input: web_sys::HtmlInputElement = document().get_element_by_id("fichier")?.dyn_into().ok()?;
    input.files()?.get(0)
}

/// What the server read: counts, warnings, errors, and the way on.
#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let navigate = use_navigate();
    let problem = RwSignal::new(None::<String>);
    let e = &preview.edition;
    let slug = e.edition.to_string();
    let summary = format!(
        "{}\u{a0}: «\u{a0}{}\u{a0}», {}, {}, {}.",
        capitalize(&preview.format),
        e.event.name,
        plural(e.sessions.len(), "séance", "séances"),
        plural(e.places.len(), "lieu", "lieux"),
        plural(e.speakers.len(), "intervenant", "intervenants")
    );
    let exists = preview.exists;
    let edition = preview.edition.clone();
    let open = move |_| {
        let (navigate, edition) = (navigate.clone(), edition.clone());
        spawn_local(async move {
            let slug = edition.edition.to_string();
            let base = if exists {
                match api::edition(&slug).await {
                    Ok(base) => Some(base),
                    Err(e) => return problem.set(Some(e.to_string())),
                }
            } else {
                None
            };
            let mut edition = edition;
            if let Some(base) = &base {
                edition.revision = base.edition.revision;
            }
            if draft::start(&edition, base) {
                navigate(&format!("{}/publier", editor_base(&slug)), Default::default());
            } else {
                problem.set(Some(
                    "La mémoire du navigateur est pleine\u{a0}: le brouillon n'a pas pu être créé.".into(),
                ));
            }
        });
    };
    view! {
        <h2>"Ce que contient le fichier"</h2>
        <p>{summary}</p>
        {exists.then(|| view! {
            <p class="notice">{format!("Une édition «\u{a0}{slug}\u{a0}» existe déjà\u{a0}: l'importer la remplacera à la publication, après votre vérification.")}</p>
        })}
        {issues("Erreurs à corriger avant de publier", preview.errors.clone(), "issues-errors")}
        {issues("Remarques de l'import (sans empêcher la publication)", preview.warnings.clone(), "")}
        {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
        <button type="button" class="button big" on:click=open>"Ouvrir dans l'éditeur pour vérifier et publier"</button>
    }
}

/// A titled list of issues (the first hundred), or nothing.
fn issues(title: &'static str, list: Vec<agir_model::Issue>, class: &'static str) -> Option<impl IntoView> {
    (!list.is_empty()).then(|| {
        let more = list.len().saturating_sub(100);
        let open = list.len() <= 10;
        view! {
            <details class="import-issues" open=open>
                <summary>{format!("{title}\u{a0}({})", list.len())}</summary>
                <ul class=format!("issues {class}")>
                    {list.into_iter().take(100).map(|i| view! { <li><code>{i.path}</code>"\u{a0}: "{typeset(&i.message)}</li> }).collect_view()}
                </ul>
                {(more > 0).then(|| view! { <p class="hint">{format!("Et {}.", plural(more, "autre", "autres"))}</p> })}
            </details>
        }
    })
}
