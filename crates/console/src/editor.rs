//! `/organisateurs/editer/{edition}/…`: editing everything the attendee app shows. The
//! pages share one draft (see [`crate::draft`]); this frame loads it, says where it stands
//! (kept on the device, errors left, changed or not) and leads to each part and to
//! publishing.

pub mod event;
pub mod links;
pub mod lists;
pub mod parts;
pub mod places;
pub mod plan;
pub mod publish;
pub mod questionnaire;
pub mod sessions;
pub mod speakers;
pub mod stands;
pub mod volunteering;

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::account::RequireAccount;
use crate::draft::{provide_draft, use_draft, Loading};

/// The frame of the editor's pages.
#[component]
pub fn EditorPage() -> impl IntoView {
    view! {
        <section class="page editor">
            <RequireAccount>
                <Editor />
            </RequireAccount>
        </section>
    }
}

#[component]
fn Editor() -> impl IntoView {
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("edition").unwrap_or_default());
    let draft = provide_draft(slug.clone());
    move || match draft.loading.get() {
        Loading::Pending => view! {
            <h1>"Modifier le programme"</h1>
            <p class="state state-loading" role="status">"Chargement du programme…"</p>
        }
        .into_any(),
        Loading::Failed(e) => view! {
            <h1>"Modifier le programme"</h1>
            <p class="state state-error" role="alert">{e.to_string()}</p>
        }
        .into_any(),
        Loading::Ready => view! {
            <Sections />
            <DraftStatus />
            <Outlet />
        }
        .into_any(),
    }
}

/// The parts of the edition, each a page.
#[component]
fn Sections() -> impl IntoView {
    let draft = use_draft();
    let base = links::editor_base(&draft.slug.get_value());
    let name = move || {
        draft
            .edition
            .with(|e| e.as_ref().map(|e| e.event.name.clone()).unwrap_or_default())
    };
    let link = |to: &str, label: &'static str| {
        let href = format!("{base}{to}");
        view! { <li><A href=href exact=to.is_empty()>{label}</A></li> }
    };
    view! {
        <p class="editor-edition">{name}</p>
        <nav class="editor-nav" aria-label="Parties du programme">
            <ul>
                {link("", "Événement")}
                {link("/lieux", "Lieux")}
                {link("/seances", "Séances")}
                {link("/intervenants", "Intervenants")}
                {link("/stands", "Stands")}
                {link("/plan", "Plan du village")}
                {link("/questionnaire", "Questionnaire")}
                {link("/publier", "Publier")}
            </ul>
        </nav>
    }
}

/// Where the draft stands, and what can be done with it as a whole.
#[component]
fn DraftStatus() -> impl IntoView {
    let draft = use_draft();
    let errors = move || draft.report.with(|r| r.errors.len());
    let preview = move |_| {
        if draft.write_preview() {
            let _ = window().open_with_url_and_target("/?apercu", "_blank");
        } else {
            draft.storage_problem.set(Some(
                "L'aperçu n'a pas pu être préparé\u{a0}: la mémoire du navigateur est pleine.".into(),
            ));
        }
    };
    let navigate = use_navigate();
    let discard = move |_| {
        let sure = window()
            .confirm_with_message("Abandonner toutes les modifications de ce brouillon\u{a0}?")
            .unwrap_or(false);
        if sure && !draft.discard() {
            navigate("/organisateurs", Default::default());
        }
    };
    view! {
        <div class="draft-status">
            <p role="status">
                {move || if draft.is_new() {
                    "Nouvelle édition, gardée sur cet appareil, pas encore publiée."
                } else if draft.is_changed() {
                    "Brouillon gardé sur cet appareil, pas encore publié."
                } else {
                    "Aucune modification depuis la version publiée."
                }}
                " "
                {move || match errors() {
                    0 => String::new(),
                    1 => "1 erreur à corriger avant de publier.".into(),
                    n => format!("{n} erreurs à corriger avant de publier."),
                }}
            </p>
            {move || draft.storage_problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
            <p class="draft-actions">
                <button type="button" class="button secondary" on:click=preview>"Aperçu"</button>
                {move || draft.is_changed().then(|| {
                    let discard = discard.clone();
                    view! { <button type="button" class="button secondary" on:click=discard>"Abandonner le brouillon"</button> }
                })}
            </p>
        </div>
    }
}
