//! The list of the village's stands, searchable and filterable by theme.

use std::sync::Arc;

use agir_model::paths;
use agir_model::plan::StandIndex;
use agir_model::StandId;
use leptos::prelude::*;

use super::{chosen_in_list, Origin};
use crate::components::plan::Target;
use crate::state::programme::Snapshot;

/// The stands, searchable and filterable by theme: the plan's accessible equivalent.
#[component]
pub(super) fn StandList(
    /// The loaded programme.
    snapshot: Arc<Snapshot>,
    /// The stands in list order, with their search text.
    index: Arc<StandIndex>,
    /// The chosen stand or place.
    selected: Signal<Option<Target>>,
    /// Whether something is chosen (a new choice then replaces the history entry).
    has_selection: Memo<bool>,
    /// The search box's text.
    text: RwSignal<String>,
    /// The chosen theme ("" for all).
    theme: RwSignal<String>,
    /// The stands the search and the theme keep (`None`: no search).
    matching: Memo<Option<Vec<StandId>>>,
    /// Set to `List` when a stand is chosen here.
    origin: StoredValue<Option<Origin>>,
    /// Set when a choice pushes a history entry.
    pushed: StoredValue<bool>,
) -> impl IntoView {
    let edition = &snapshot.edition;
    let total = index.entries().len();
    let items = index
        .entries()
        .iter()
        .map(|entry| {
            let stand = &edition.stands[entry.stand];
            let id = entry.id.clone();
            let shown = {
                let id = id.clone();
                move || matching.with(|k| k.as_ref().is_none_or(|k| k.contains(&id)))
            };
            let is_selected = {
                let id = id.clone();
                move || selected.with(|s| matches!(s, Some(Target::Stand(x)) if x == &id))
            };
            let current = {
                let is_selected = is_selected.clone();
                move || is_selected().then_some("true")
            };
            let on_click = chosen_in_list(origin, has_selection, pushed);
            let number = match entry.number.clone() {
                Some(n) => view! { <span class="visually-hidden">"Stand "</span>{n} }.into_any(),
                None => view! { <span class="visually-hidden">"Stand sans numéro"</span> }.into_any(),
            };
            view! {
                <li class="stand-item" class:selected=is_selected style:display=move || (!shown()).then_some("none")>
                    <a
                        id=format!("stand-{id}")
                        href=paths::stand(&id)
                        data-noscroll=""
                        prop:replace=move || has_selection.get()
                        aria-current=current
                        on:click=on_click
                    >
                        <span class="stand-number">{number}</span>
                        <span class="stand-text">
                            <span class="stand-name">{stand.name.clone()}</span>
                            <span class="stand-theme">{stand.theme.clone()}</span>
                        </span>
                        {stand.example.then(|| view! { <span class="badge example">"exemple"</span> })}
                    </a>
                </li>
            }
        })
        .collect_view();

    let count = move || match matching.get() {
        None => format!("{total} stands au village."),
        Some(k) => match k.len() {
            0 => "Aucun stand ne correspond à votre recherche.".to_owned(),
            1 => format!("1 stand sur {total} correspond à votre recherche."),
            n => format!("{n} stands sur {total} correspondent à votre recherche."),
        },
    };
    let theme_options = index
        .themes()
        .into_iter()
        .map(|t| view! { <option value=t.clone()>{t.clone()}</option> })
        .collect_view();

    view! {
        <section class="stand-directory" aria-labelledby="liste-stands">
            <h2 id="liste-stands">"Les stands du village"</h2>
            <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
                <div class="field field-search">
                    <label for="recherche-stand">"Rechercher un stand, une association, un thème"</label>
                    <input
                        id="recherche-stand"
                        type="search"
                        autocomplete="off"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="filtre-theme-stand">"Thème"</label>
                    <select id="filtre-theme-stand" on:change=move |ev| theme.set(event_target_value(&ev))>
                        <option value="">"Tous les thèmes"</option>
                        {theme_options}
                    </select>
                </div>
            </form>
            <p class="result-count" role="status" aria-live="polite">{count}</p>
            <ul class="stand-list">{items}</ul>
        </section>
    }
}
