//! The list of one part of the edition (sessions, places, speakers, stands): a search
//! box, the things found as links to their page with how many errors each holds, and a
//! button that adds one.

use agir_model::french::typeset;
use agir_model::search::{fold, Query};
use leptos::prelude::*;
use leptos_router::components::A;

/// One thing of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub href: String,
    pub label: String,
    /// A second line: a time, a place, a theme.
    pub detail: String,
    pub errors: usize,
}

/// How many items are drawn at once; a search narrows the rest.
const SHOWN: usize = 100;

/// The list, filtered by what is typed in its search box.
#[component]
pub fn ItemList(
    /// `seances`, `lieux`…: the list's DOM ids start with it.
    part: &'static str,
    /// What the search box looks through, such as "Chercher une séance".
    search_label: &'static str,
    items: Signal<Vec<Item>>,
    add_label: &'static str,
    on_add: Callback<()>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let found = Memo::new(move |_| {
        let query = query.with(|q| Query::parse(q));
        items.with(|all| {
            all.iter()
                .filter(|i| query.matches_folded(&fold(&format!("{} {}", i.label, i.detail))))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let search_id = format!("{part}-recherche");
    view! {
        <div class="item-list-tools">
            <div class="field">
                <label for=search_id.clone()>{search_label}</label>
                <input id=search_id type="search" prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev)) />
            </div>
            <button type="button" class="button" on:click=move |_| on_add.run(())>{add_label}</button>
        </div>
        <p role="status" class="item-count">{move || count_sentence(found.with(Vec::len), items.with(Vec::len))}</p>
        <ul class="plain-list item-list">
            {move || found.get().into_iter().take(SHOWN).map(|i| view! {
                <li>
                    <A href=i.href>{typeset(&i.label)}</A>
                    <span class="item-detail">{i.detail}</span>
                    {(i.errors > 0).then(|| view! {
                        <span class="badge badge-error">{if i.errors == 1 { "1 erreur".to_owned() } else { format!("{} erreurs", i.errors) }}</span>
                    })}
                </li>
            }).collect_view()}
        </ul>
        {move || (found.with(Vec::len) > SHOWN).then(|| view! {
            <p class="hint">{format!("Les {SHOWN} premiers sont affichés\u{a0}: précisez la recherche pour trouver les autres.")}</p>
        })}
    }
}

fn count_sentence(found: usize, all: usize) -> String {
    match (found, all) {
        (_, 0) => "La liste est vide.".into(),
        (f, a) if f == a => format!("{a} en tout."),
        (0, _) => "Aucun résultat pour cette recherche.".into(),
        (f, a) => format!("{f} sur {a}."),
    }
}

/// How many errors the report holds under `/{section}/{index}`, for each index.
pub fn errors_by_index(report: &agir_model::Report, section: &str, len: usize) -> Vec<usize> {
    let mut counts = vec![0; len];
    let prefix = format!("/{section}/");
    for issue in &report.errors {
        let index = issue
            .path
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split('/').next())
            .and_then(|i| i.parse::<usize>().ok());
        if let Some(count) = index.and_then(|i| counts.get_mut(i)) {
            *count += 1;
        }
    }
    counts
}

/// The page of a thing that is not (or no longer) in the draft.
pub fn missing(what: &'static str, back: String) -> AnyView {
    view! {
        <h1>{format!("{what} introuvable")}</h1>
        <p>"Il n'existe pas dans ce brouillon, ou il a été supprimé."</p>
        <p><A href=back>"Retour à la liste"</A></p>
    }
    .into_any()
}

/// A button that removes a thing from the draft after a confirmation, then goes back to
/// the list.
#[component]
pub fn RemoveButton(label: &'static str, question: &'static str, back: String, remove: Callback<()>) -> impl IntoView {
    let navigate = leptos_router::hooks::use_navigate();
    let click = move |_| {
        if window().confirm_with_message(question).unwrap_or(false) {
            remove.run(());
            navigate(&back, Default::default());
        }
    };
    view! {
        <p class="danger-zone">
            <button type="button" class="button secondary" on:click=click>{label}</button>
        </p>
    }
}
