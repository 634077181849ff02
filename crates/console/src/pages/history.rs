//! `/organisateurs/historique`: every revision of the current edition, newest first: when,
//! who, their note and what changed for attendees. Any earlier revision can be published
//! again, after a confirmation that says what attendees will see change.

use agir_model::french::typeset;
use agir_model::time::format_day_time;
use agir_model::{Change, Edition};
use agir_ui::clock::phone_time;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account::RequireAccount;
use crate::api::{self, Current, Revision};

/// The history page.
#[component]
pub fn HistoryPage() -> impl IntoView {
    view! {
        <section class="page history">
            <h1>"Historique des publications"</h1>
            <RequireAccount>
                <History />
            </RequireAccount>
        </section>
    }
}

/// What the page shows, loaded again after a rollback.
#[derive(Clone)]
struct Loaded {
    current: Current,
    revisions: Vec<Revision>,
}

async fn load() -> Result<Loaded, api::ApiError> {
    let current = api::current().await?;
    let revisions = api::revisions(current.edition.edition.as_str()).await?;
    Ok(Loaded { current, revisions })
}

#[component]
fn History() -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<Loaded, String>>);
    let reload = move || spawn_local(async move { loaded.set(Some(load().await.map_err(|e| e.to_string()))) });
    reload();
    let asked = RwSignal::new(None::<u32>);
    let said = RwSignal::new(None::<String>);
    move || match loaded.get() {
        None => view! { <p class="state state-loading" role="status">"Chargement de l'historique…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="state state-error" role="alert">{e}</p> }.into_any(),
        Some(Ok(l)) => {
            let latest = l.current.edition.revision;
            let items = (l.revisions.iter())
                .map(|r| revision_item(&l.current.edition, r, latest, asked))
                .collect_view();
            view! {
                <p>{format!("{}\u{a0}: révision {latest} publiée.", l.current.edition.event.name)}</p>
                <div class="said" role="status">{move || said.get().map(|s| view! { <p>{s}</p> })}</div>
                {move || asked.get().map(|rev| confirm_rollback(&l, rev, asked, said, reload))}
                <ol class="revisions">{items}</ol>
            }
            .into_any()
        }
    }
}

/// One revision: its number, when, who, the note and the changes.
fn revision_item(edition: &Edition, r: &Revision, latest: u32, asked: RwSignal<Option<u32>>) -> impl IntoView {
    let rev = r.revision;
    let when = local_time(&r.published_at);
    // Revisions loaded when the server started have no author.
    let by = r
        .published_by
        .as_ref()
        .map(|b| format!(", par {b}"))
        .unwrap_or_default();
    let changes = describe(edition, &r.changes);
    view! {
        <li class="revision">
            <h2>{format!("Révision {rev}")}</h2>
            <p class="revision-meta">{format!("{when}{by}")}</p>
            {r.note.as_deref().map(|n| view! { <p class="revision-note">{typeset(n)}</p> })}
            {(!changes.is_empty()).then(|| view! {
                <ul class="revision-changes">{changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
            })}
            {(rev != latest).then(|| view! {
                <button type="button" class="button secondary" on:click=move |_| asked.set(Some(rev))>
                    {format!("Revenir à la révision {rev}")}
                </button>
            })}
        </li>
    }
}

/// The confirmation of a rollback: what attendees will see change, then the button.
fn confirm_rollback(
    l: &Loaded,
    rev: u32,
    asked: RwSignal<Option<u32>>,
    said: RwSignal<Option<String>>,
    reload: impl Fn() + Copy + 'static,
) -> impl IntoView {
    // The changes published after `rev` are undone.
    let undone: Vec<String> = (l.revisions.iter().filter(|r| r.revision > rev))
        .flat_map(|r| describe(&l.current.edition, &r.changes))
        .collect();
    let etag = l.current.etag.clone();
    let publish = move |_| {
        let etag = etag.clone();
        spawn_local(async move {
            let note = format!("Retour à la révision {rev}");
            match api::rollback(rev, &etag, &note).await {
                Ok(p) => said.set(Some(format!(
                    "La révision {rev} est de nouveau publiée (révision {}).",
                    p.revision
                ))),
                Err(e) => said.set(Some(e.to_string())),
            }
            asked.set(None);
            reload();
        });
    };
    view! {
        <div class="pending" role="alertdialog" aria-labelledby="retour-titre">
            <p id="retour-titre"><strong>{format!("Revenir à la révision {rev}\u{a0}?")}</strong></p>
            <p>"Les visiteurs verront ces changements défaits\u{a0}:"</p>
            <ul>{undone.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
            <p class="pending-buttons">
                <button type="button" class="button" on:click=publish>"Publier ce retour"</button>
                <button type="button" class="button secondary" on:click=move |_| asked.set(None)>"Ne rien changer"</button>
            </p>
        </div>
    }
}

/// Each change in a sentence, with the session's title as it is now (or its id).
fn describe(edition: &Edition, changes: &[Change]) -> Vec<String> {
    changes
        .iter()
        .map(|c| {
            let title = edition
                .session(&c.session)
                .map_or(c.session.as_str(), |s| s.title.as_str());
            c.describe(title)
        })
        .collect()
}

/// "mercredi 2 décembre à 10 h 15", in the device's time zone, like every moment this
/// console reports (never UTC on screen). The event's offset would be an hour off in winter:
/// Angers is at +02:00 on a day in October.
fn local_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| {
            let t = phone_time(t.timestamp_millis()).unwrap_or(t);
            format_day_time(&t)
        })
        .unwrap_or_else(|_| rfc3339.to_owned())
}
