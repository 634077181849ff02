//! The sheet of the stand or place chosen on the village plan: what it is, its sessions,
//! and the way back to the plan.

use std::sync::Arc;

use agir_model::french::typeset;
use agir_model::paths;
use agir_model::plan::stand_heading;
use agir_model::time::{capitalize, format_day, format_time_fr};
use agir_model::Session;
use leptos::prelude::*;
use leptos_router::components::A;

use super::Origin;
use crate::components::plan::Target;
use crate::state::programme::Snapshot;

/// The sheet of the chosen stand or place.
#[component]
pub(super) fn Sheet(
    /// The loaded programme.
    snapshot: Arc<Snapshot>,
    /// What the sheet describes.
    target: Target,
    /// Whether the sheet's history entry was pushed by the page (closing goes back then).
    pushed: StoredValue<bool>,
    /// Set to `Close` when the person closes the sheet.
    origin: StoredValue<Option<Origin>>,
) -> impl IntoView {
    let edition = &snapshot.edition;
    let body = match &target {
        Target::Stand(id) => edition.stand(id).map(|stand| {
            let number = edition.stand_number(id).map(str::to_owned);
            let title = stand_heading(number.as_deref(), &stand.name);
            let sessions = session_links(edition.sessions_of_stand(id));
            // Only an http(s) address becomes a link (validation refuses the rest, but an
            // edition stored before that rule must not turn `javascript:` into a link).
            let website = stand.website.as_deref().and_then(agir_model::links::web_address).map(|url| {
                let shown = agir_model::links::shown(url).to_owned();
                let url = url.to_owned();
                view! {
                    <p class="sheet-website">
                        "Site internet\u{a0}: "
                        <a href=url rel="noopener noreferrer">{shown}</a>
                    </p>
                }
            });
            view! {
                <h2 id="fiche-titre" tabindex="-1">
                    {title}
                    {stand.example.then(|| view! { " " <span class="badge example">"exemple"</span> })}
                </h2>
                {stand.example.then(|| view! {
                    <p class="assumed">"Stand donné en exemple\u{a0}: il n'était pas annoncé pour cette édition."</p>
                })}
                <dl class="facts">
                    <dt>"Association"</dt>
                    <dd>{stand.name.clone()}</dd>
                    <dt>"Thème"</dt>
                    <dd>{stand.theme.clone()}</dd>
                    <dt>"Numéro"</dt>
                    <dd>{number.unwrap_or_else(|| "Pas encore placé sur le plan".into())}</dd>
                </dl>
                {stand.description.as_deref().map(|d| view! { <p class="sheet-description">{typeset(d)}</p> })}
                {website}
                {super::volunteering::volunteering_block(stand)}
                <h3>"Séances liées à ce stand"</h3>
                {sessions.unwrap_or_else(|| view! { <p>"Aucune séance du programme n'est liée à ce stand."</p> }.into_any())}
            }
            .into_any()
        }),
        Target::Place(id) => edition.place(id).map(|place| {
            let mut held: Vec<&Session> = edition.sessions.iter().filter(|s| s.place.as_ref() == Some(id)).collect();
            agir_model::time::sort_sessions(&mut held);
            let sessions = session_links(held);
            let drawn = edition.plan.as_ref().is_some_and(|p| p.rooms.iter().any(|r| &r.place == id));
            view! {
                <h2 id="fiche-titre" tabindex="-1">{place.name.clone()}</h2>
                {place.assumed.then(|| view! { <p class="assumed">"Lieu à confirmer."</p> })}
                {(!drawn).then(|| view! { <p>"Ce lieu n'est pas dessiné sur le plan."</p> })}
                {place.accessibility.clone().map(|a| view! {
                    <dl class="facts">
                        <dt>"Accessibilité"</dt>
                        <dd>{a}</dd>
                    </dl>
                })}
                <h3>"Séances dans ce lieu"</h3>
                {sessions.unwrap_or_else(|| view! { <p>"Aucune séance du programme n'a lieu ici."</p> }.into_any())}
            }
            .into_any()
        }),
    };
    let close = move |ev: leptos::ev::MouseEvent| {
        origin.set_value(Some(Origin::Close));
        if pushed.get_value() {
            // The sheet was opened from the bare plan: going back closes it and leaves no
            // extra entry behind.
            ev.prevent_default();
            let _ = window().history().and_then(|h| h.back());
        }
    };
    view! {
        <section class="sheet" aria-labelledby="fiche-titre">
            {body}
            <p class="sheet-close">
                <a href="/village" class="button secondary" data-noscroll="" prop:replace=true on:click=close>
                    "Fermer la fiche"
                </a>
            </p>
        </section>
    }
}

/// Links to sessions, with their day and time; `None` when there are none.
fn session_links(sessions: Vec<&Session>) -> Option<AnyView> {
    if sessions.is_empty() {
        return None;
    }
    let items = sessions
        .into_iter()
        .map(|s| {
            let when = format!(
                "{}, {}",
                capitalize(&format_day(s.start.date_naive())),
                format_time_fr(&s.start)
            );
            let title = typeset(&s.title);
            let cancelled = s.is_cancelled();
            view! {
                <li>
                    <A href=paths::session(&s.id)>{title}</A>
                    <span class="sheet-when">{when}</span>
                    {cancelled.then(|| view! { <span class="badge status-cancelled">"Annulée"</span> })}
                </li>
            }
        })
        .collect_view();
    Some(view! { <ul class="plain-list sheet-sessions">{items}</ul> }.into_any())
}
