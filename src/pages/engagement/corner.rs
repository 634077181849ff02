//! « M'engager comme bénévole » on `/mon-programme`: the associations of the bookmarked
//! sessions that look for volunteers, each with « Je veux m'engager », the way to the
//! three questions, and the requests sent from this phone.

use std::sync::Arc;

use agir_model::{paths, Stand};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::bookmarks::use_bookmarks;
use crate::state::programme::Snapshot;

/// The corner of "Mon programme" about volunteering.
#[component]
pub fn EngageCorner(snapshot: Arc<Snapshot>) -> impl IntoView {
    let bookmarks = use_bookmarks();
    let stands = move || {
        let ids = bookmarks.ids();
        let edition = &snapshot.edition;
        let mut found: Vec<&Stand> = Vec::new();
        for session in edition.sessions.iter().filter(|s| ids.contains(&s.id)) {
            for id in &session.stands {
                if let Some((stand, _)) = edition.contactable(id) {
                    if !found.iter().any(|s| s.id == stand.id) {
                        found.push(stand);
                    }
                }
            }
        }
        if found.is_empty() {
            return None;
        }
        let items = found
            .into_iter()
            .map(|s| {
                view! {
                    <li class="engage-stand">
                        <span>{s.name.clone()}</span>
                        <A href=paths::engage(&s.id) attr:class="button"
                            attr:aria-label=format!("Je veux m'engager auprès de {}", s.name)>"Je veux m'engager"</A>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <p>"Les associations de vos séances cherchent des bénévoles\u{a0}:"</p>
            <ul class="engage-list engage-stands">{items}</ul>
        })
    };
    view! {
        <section class="engage-corner" aria-labelledby="m-engager">
            <h2 id="m-engager">"M'engager comme bénévole"</h2>
            {stands}
            <p>
                <A href=paths::ENGAGE attr:class="button secondary">"Trouver où m'engager"</A>
            </p>
            <super::Receipts />
        </section>
    }
}
