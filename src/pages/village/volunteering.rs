//! « Devenir bénévole » on a stand's sheet: the missions the association offers, the time
//! it asks, and the way to ask to be contacted (`/m-engager/{stand}`).

use agir_model::engagement::Volunteering;
use agir_model::french::typeset;
use agir_model::{paths, Stand};
use leptos::prelude::*;
use leptos_router::components::A;

/// The stand's volunteering, if it says what volunteers it looks for.
pub(super) fn volunteering_block(stand: &Stand) -> Option<impl IntoView> {
    let v: &Volunteering = stand.volunteering.as_ref()?;
    let missions = v
        .missions
        .iter()
        .map(|m| {
            view! {
                <li>
                    <strong>{typeset(&m.title)}</strong>
                    {(!m.text.is_empty()).then(|| view! { "\u{a0}: " {typeset(&m.text)} })}
                </li>
            }
        })
        .collect_view();
    let action = v.accepts_contact.then(|| {
        view! {
            <p class="engage-actions">
                <A href=paths::engage(&stand.id) attr:class="button">"Je veux m'engager"</A>
            </p>
        }
    });
    Some(view! {
        <h3>"Devenir bénévole"</h3>
        {v.example.then(|| view! { <p class="assumed">"Missions données en exemple."</p> })}
        <ul class="sheet-missions">{missions}</ul>
        {crate::pages::engagement::volunteering_facts(v)}
        {action}
    })
}
