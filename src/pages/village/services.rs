//! The plan's facilities and rooms as lists, each with where it is in words: with the list
//! of stands, the plan's text equivalent.

use std::sync::Arc;

use agir_model::paths;
use agir_model::plan::directory::{facilities, rooms};
use agir_model::plan::svg::{feature_code, feature_glyph};
use leptos::prelude::*;

use super::{chosen_in_list, Origin};
use crate::components::plan::Target;
use crate::state::programme::Snapshot;

/// « Services et accès » (entrances, toilets, lift, route, exits) and « Salles et espaces »,
/// whose rooms open their sheet as the list of stands does: `selected` marks the chosen
/// room; a choice here sets `origin` to `List`, and `pushed` when it pushes a history entry
/// (`has_selection`: it replaces the entry instead). A function rather than a component:
/// it has no state of its own, and a component's wrapping weighs on the wasm (the budget
/// step of `cargo xtask test` measures it).
pub(super) fn services_and_rooms(
    snapshot: Arc<Snapshot>,
    selected: Signal<Option<Target>>,
    has_selection: Memo<bool>,
    origin: StoredValue<Option<Origin>>,
    pushed: StoredValue<bool>,
) -> impl IntoView {
    let edition = &snapshot.edition;
    let services = facilities(edition);
    let services = (!services.is_empty()).then(|| {
        let items = services
            .into_iter()
            .map(|f| {
                view! {
                    <li class="place-item">
                        <span class=format!("place-symbol feature-{}", feature_code(f.kind)) aria-hidden="true">
                            {feature_glyph(f.kind)}
                        </span>
                        <span class="place-text">
                            <span class="place-name">{f.label}</span>
                            <span class="place-where">{f.whereabouts}</span>
                        </span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="place-directory" aria-labelledby="liste-services">
                <h2 id="liste-services">"Services et accès"</h2>
                <ul class="place-list">{items}</ul>
            </section>
        }
    });
    let rooms = rooms(edition);
    let rooms = (!rooms.is_empty()).then(|| {
        let items = rooms
            .into_iter()
            .map(|room| {
                let id = room.place;
                let is_selected = {
                    let id = id.clone();
                    move || selected.with(|s| matches!(s, Some(Target::Place(x)) if x == &id))
                };
                let current = {
                    let is_selected = is_selected.clone();
                    move || is_selected().then_some("true")
                };
                view! {
                    <li class="place-item" class:selected=is_selected>
                        <a
                            id=format!("lieu-{id}")
                            href=paths::place(&id)
                            data-noscroll=""
                            prop:replace=move || has_selection.get()
                            aria-current=current
                            on:click=chosen_in_list(origin, has_selection, pushed)
                        >
                            <span class="place-text">
                                <span class="place-name">{room.name}</span>
                                <span class="place-where">{room.whereabouts}</span>
                            </span>
                        </a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="place-directory" aria-labelledby="liste-salles">
                <h2 id="liste-salles">"Salles et espaces"</h2>
                <ul class="place-list">{items}</ul>
            </section>
        }
    });
    view! { {services} {rooms} }
}
