//! The search box and the four filters of the programme page, kept in the URL so a
//! filtered view can be shared.

use std::sync::Arc;

use agir_model::filter::{Choices, Filter};
use agir_model::paths;
use agir_model::SessionKind;
use agir_ui::dom::Pause;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use super::Pacing;
use crate::state::programme::Snapshot;

/// How long the search text waits, once typing pauses, before it goes into the URL.
const URL_PAUSE: std::time::Duration = std::time::Duration::from_millis(300);

/// The search box and the four filters, drawn from `in_url`, which typing leaves alone. Each
/// change rewrites the URL: at once for a filter, after a pause in typing (or on blur) for text.
#[component]
pub(super) fn Filters(
    snapshot: Arc<Snapshot>,
    in_url: Memo<Filter>,
    filter: Memo<Filter>,
    typed: RwSignal<Option<String>>,
    pacing: Pacing,
) -> impl IntoView {
    let navigate = use_navigate();
    let apply = move |change: &dyn Fn(&mut Filter)| {
        // After the list is gone (see `on_cleanup` below), there is nothing to write.
        let Some(mut next) = filter.try_get_untracked() else {
            return;
        };
        change(&mut next);
        let query: Vec<String> = next
            .to_pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(&v)))
            .collect();
        let url = if query.is_empty() {
            paths::PROGRAMME.to_owned()
        } else {
            format!("{}?{}", paths::PROGRAMME, query.join("&"))
        };
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
        typed.set(None);
    };
    let current = filter.get_untracked();
    let choices = Choices::of(&snapshot.edition);
    let select = Selects {
        in_url,
        pacing,
        apply: apply.clone(),
        current: current.clone(),
    };
    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            {search_box(snapshot, in_url, typed, pacing, apply.clone(), current.text.clone())}
            <details class="filter-more" open=current.is_active() && current.text.is_empty()>
                <summary>"Filtrer par thème, public, type ou lieu"</summary>
                <div class="filter-grid">
                    {select.one("theme", "Thème", "Tous les thèmes", choices.themes, |f| f.theme.clone(), |f, v| f.theme = v)}
                    {select.one("public", "Public", "Tous les publics", choices.audiences, |f| f.audience.clone(), |f, v| f.audience = v)}
                    {select.one("type", "Type", "Tous les types", choices.kinds, |f| f.kind.map(|k| k.code().to_owned()), |f, v| f.kind = v.and_then(|v| SessionKind::from_code(&v)))}
                    {select.one("lieu", "Lieu", "Tous les lieux", choices.places, |f| f.place.clone(), |f, v| f.place = v)}
                </div>
            </details>
        </form>
    }
}

/// The search box. The text answers at once; it goes into the URL after a pause in typing,
/// on blur, or when the list is drawn again for a new revision.
fn search_box(
    snapshot: Arc<Snapshot>,
    in_url: Memo<Filter>,
    typed: RwSignal<Option<String>>,
    pacing: Pacing,
    apply: impl Fn(&dyn Fn(&mut Filter)) + Clone + Send + Sync + 'static,
    text: String,
) -> impl IntoView {
    let location = use_location();
    let typing = Pause::new();
    // Writing the URL now cancels the pending write.
    let write_text = move || {
        typing.cancel();
        if typed.try_with_untracked(Option::is_some) == Some(true) {
            apply(&|_: &mut Filter| {});
        }
    };
    on_cleanup({
        let write_text = write_text.clone();
        move || {
            if location.pathname.with_untracked(|p| p == paths::PROGRAMME) {
                write_text();
            }
        }
    });
    let on_text = {
        let write_text = write_text.clone();
        move |ev| {
            pacing.changed();
            typed.set(Some(event_target_value(&ev)));
            typing.restart(URL_PAUSE, Box::new(write_text.clone()));
        }
    };
    // The box follows the URL (Back, a cleared search) unless the person is typing in it.
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let text = in_url.with(|f| f.text.clone());
        if let Some(input) = input.get() {
            let focused = document().active_element().is_some_and(|el| el == **input);
            if !focused && input.value() != text {
                input.set_value(&text);
            }
        }
    });
    view! {
        <div class="field field-search">
            <label for="recherche">"Rechercher une séance, un intervenant, un thème"</label>
            <input
                id="recherche"
                node_ref=input
                name="q"
                type="search"
                autocomplete="off"
                value=text
                on:input=on_text
                on:blur=move |_| write_text()
                // Index the programme's text when the person reaches for the search box,
                // so the first keystroke answers fast without weighing on the first paint.
                on:focus=move |_| {
                    snapshot.index();
                }
            />
        </div>
    }
}

/// What the four filters' `<select>`s share.
struct Selects<A> {
    in_url: Memo<Filter>,
    pacing: Pacing,
    apply: A,
    /// The filter when the list is drawn.
    current: Filter,
}

impl<A: Fn(&dyn Fn(&mut Filter)) + Clone + 'static> Selects<A> {
    /// One filter's `<select>`: its name in the URL, its label, the label of "any", the
    /// values (in the URL, shown) and how to read and set it on a filter. It follows the URL,
    /// also when a link elsewhere changes it, and a choice goes into the URL at once.
    fn one(
        &self,
        name: &'static str,
        label: &'static str,
        all: &'static str,
        values: Vec<(String, String)>,
        value: fn(&Filter) -> Option<String>,
        set: fn(&mut Filter, Option<String>),
    ) -> impl IntoView {
        let (in_url, pacing, apply) = (self.in_url, self.pacing, self.apply.clone());
        let selected = value(&self.current);
        let options = values
            .into_iter()
            .map(|(value, label)| {
                let is_selected = selected.as_deref() == Some(value.as_str());
                view! { <option value=value selected=is_selected>{label}</option> }
            })
            .collect_view();
        let id = format!("filtre-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select
                    id=id
                    name=name
                    prop:value=move || in_url.with(value).unwrap_or_default()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let value = (!value.is_empty()).then_some(value);
                        pacing.changed();
                        apply(&move |f: &mut Filter| set(f, value.clone()));
                    }
                >
                    <option value="">{all}</option>
                    {options}
                </select>
            </div>
        }
    }
}
