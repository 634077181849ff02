//! `/organisateurs/questions`: the sessions that take questions from the floor, each with
//! its moderation queue (`pages/moderation.rs`) and its room screen; after the day, every
//! question as a spreadsheet, and how long questions are kept.

use agir_model::french::{plural, typeset};
use agir_model::time::format_time_fr;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::account::{use_account, AccountState, RequireAccount};
use crate::api::questions::{self as api, Retention};
use crate::api::{self as server, Current};

/// The list of sessions taking questions.
#[component]
pub fn QuestionsPage() -> impl IntoView {
    view! {
        <section class="page questions-page">
            <h1>"Questions de la salle"</h1>
            <RequireAccount>
                <SessionsTakingQuestions />
            </RequireAccount>
        </section>
    }
}

#[component]
fn SessionsTakingQuestions() -> impl IntoView {
    let current = RwSignal::new(None::<Result<Current, String>>);
    spawn_local(async move { current.set(Some(server::current().await.map_err(|e| e.to_string()))) });
    let account = use_account();
    let organizer = move || matches!(account.get(), AccountState::SignedIn(a) if a.role != "moderation");
    let said = RwSignal::new(None::<String>);
    move || match current.get() {
        None => view! { <p class="state state-loading" role="status">"Chargement du programme…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="state state-error" role="alert">{e}</p> }.into_any(),
        Some(Ok(c)) => {
            let slug = c.edition.edition.to_string();
            let items = c
                .edition
                .sessions
                .iter()
                .filter(|s| s.questions_setting().enabled && !s.is_cancelled())
                .map(|s| {
                    let when = format_time_fr(&s.start);
                    view! {
                        <li class="question-session">
                            <A href=format!("/organisateurs/questions/{}", s.id)>{format!("{when} · {}", typeset(&s.title))}</A>
                            " "
                            <a class="inline-link" href=format!("/organisateurs/salle/{}", s.id) target="_blank" rel="noopener">
                                "Écran de salle (nouvel onglet)"
                            </a>
                        </li>
                    }
                })
                .collect_view();
            let download = move |_| {
                let slug = slug.clone();
                spawn_local(async move {
                    match api::csv(&slug).await {
                        Ok(text) => {
                            let _ = agir_ui::dom::download(
                                &format!("questions-{slug}.csv"),
                                "text/csv;charset=utf-8",
                                &text,
                            );
                        }
                        Err(e) => said.set(Some(e.to_string())),
                    }
                });
            };
            view! {
                <p>"Choisissez la séance à modérer. Une question n'est visible par la salle qu'après votre accord (sauf si la séance est réglée autrement dans l'éditeur)."</p>
                <ul class="plain-list question-sessions">{items}</ul>
                {move || organizer().then(|| view! {
                    <h2>"Après la journée"</h2>
                    <p>"Toutes les questions de l'édition, avec leur statut et leurs soutiens, pour le bilan."</p>
                    <button type="button" class="button secondary" on:click=download.clone()>"Télécharger les questions (tableur CSV)"</button>
                    <RetentionForm />
                })}
                <div class="said" role="status">{move || said.get().map(|s| view! { <p>{s}</p> })}</div>
            }
            .into_any()
        }
    }
}

/// How long the questions stay after the day, set by an organizer.
#[component]
fn RetentionForm() -> impl IntoView {
    let days = RwSignal::new(String::new());
    let said = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::retention().await {
            Ok(r) => days.set(r.jours.map(|d| d.to_string()).unwrap_or_default()),
            Err(e) => said.set(Some(e.to_string())),
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = days.get_untracked();
        let chosen = match typed.trim() {
            "" => None,
            t => match t.parse::<u32>() {
                Ok(d) => Some(d),
                Err(_) => return said.set(Some("Indiquez un nombre de jours, ou laissez vide.".into())),
            },
        };
        spawn_local(async move {
            said.set(Some(match api::set_retention(chosen).await {
                Ok(Retention { jours: Some(d), .. }) => {
                    format!(
                        "Enregistré\u{a0}: les questions disparaissent {} après la journée, puis sont supprimées.",
                        plural(d as usize, "jour", "jours")
                    )
                }
                Ok(_) => "Enregistré\u{a0}: les questions sont gardées jusqu'à ce que vous fixiez une durée.".into(),
                Err(e) => e.to_string(),
            }));
        });
    };
    view! {
        <form class="form retention-form" on:submit=save novalidate=true>
            <div class="field">
                <label for="conservation">"Conserver les questions pendant (jours après la journée)"</label>
                <input id="conservation" type="number" min="0" max="3650" inputmode="numeric" aria-describedby="conservation-aide"
                    prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev)) />
                <p class="hint" id="conservation-aide">"Passé ce délai, elles ne sont plus visibles et sont supprimées. Vide\u{a0}: gardées."</p>
            </div>
            <button type="submit" class="button">"Enregistrer la durée"</button>
            <div class="said" role="status">{move || said.get().map(|s| view! { <p>{s}</p> })}</div>
        </form>
    }
}
