//! The organizers' announcements, on every page ("La table ronde commence avec 10 minutes de
//! retard"): part of the programme, so they arrive with a new revision, stay offline, and
//! leave at the end time the organizers gave.

use agir_model::french::typeset;
use leptos::prelude::*;

use crate::state::clock::use_clock;
use crate::state::programme::use_programme;

/// The announcements shown now. The live region is always in the page, so one that arrives
/// while the page is open is read out, politely, by screen readers.
#[component]
pub fn Announcements() -> impl IntoView {
    let programme = use_programme();
    let clock = use_clock();
    let shown = Memo::new(move |_| {
        let snapshot = programme.snapshot()?;
        let now = clock.now(snapshot.edition.offset());
        let texts: Vec<String> = (snapshot.edition.announcements.iter())
            .filter(|a| a.is_shown(now))
            .map(|a| typeset(&a.text))
            .collect();
        (!texts.is_empty()).then_some(texts)
    });
    view! {
        <div class="announcements" role="status">
            {move || shown.get().map(|texts| view! {
                <div class="announcement-banner">
                    <p class="announcement-lead"><strong>"Annonce des organisateurs"</strong></p>
                    {texts.into_iter().map(|t| view! { <p>{t}</p> }).collect_view()}
                </div>
            })}
        </div>
    }
}
