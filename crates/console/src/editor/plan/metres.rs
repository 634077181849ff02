//! A number of metres typed in a field: the alternative to dragging. "10,5" and "10.5" are
//! both read; the draft changes as soon as the text reads as a number, and what does not
//! read is said next to the field, the draft left as it was.

use std::sync::Arc;

use agir_model::plan::edit;
use agir_model::Edition;
use leptos::prelude::*;

use crate::draft::Draft;

/// Reads the number from the draft (`None`: nothing to show).
pub type GetMetres = Arc<dyn Fn(&Edition) -> Option<f64> + Send + Sync>;
/// Writes the number into the draft.
pub type SetMetres = Arc<dyn Fn(&mut Edition, f64) + Send + Sync>;

/// One field of metres.
pub struct Metres {
    /// The input's DOM id.
    pub id: String,
    pub label: String,
    pub get: GetMetres,
    pub set: SetMetres,
}

impl Metres {
    pub fn new(
        id: impl Into<String>,
        label: impl Into<String>,
        get: impl Fn(&Edition) -> Option<f64> + Send + Sync + 'static,
        set: impl Fn(&mut Edition, f64) + Send + Sync + 'static,
    ) -> Self {
        Self {
            id: id.into(),
            label: label.into(),
            get: Arc::new(get),
            set: Arc::new(set),
        }
    }
}

/// The field. `group_issues` is the id of the validation messages of what the field belongs
/// to (a stand's rectangle is checked as a whole), `invalid` whether there are errors there.
pub fn metres_field(draft: Draft, field: Metres, group_issues: String, invalid: Signal<bool>) -> impl IntoView {
    let Metres { id, label, get, set } = field;
    let model = Memo::new({
        let get = get.clone();
        move |_| draft.edition.with(|e| e.as_ref().and_then(|e| get(e)))
    });
    // What was typed last, with the draft's number just after: shown as typed while the
    // draft still holds that number, so "10," is not rewritten "10" under the fingers; a
    // drag or a key changes the number, and the field shows the new one.
    let typed = RwSignal::new(None::<(String, Option<f64>)>);
    let kept = move || {
        typed.with(|t| match t {
            Some((text, at)) if *at == model.get() => Some(text.clone()),
            _ => None,
        })
    };
    let shown = move || kept().unwrap_or_else(|| model.get().map(edit::metres).unwrap_or_default());
    let unreadable = move || kept().is_some_and(|t| edit::parse_metres(&t).is_none());
    let input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(value) = edit::parse_metres(&text) {
            draft.update(|e| set(e, value));
        }
        let now = draft.edition.with_untracked(|e| e.as_ref().and_then(|e| get(e)));
        typed.set(Some((text, now)));
    };
    let error_id = format!("{id}-erreur");
    let described = format!("{error_id} {group_issues}");
    view! {
        <div class="field metres-field" class:field-invalid=move || unreadable() || invalid.get()>
            <label for=id.clone()>{label}</label>
            <input id=id type="text" inputmode="decimal" autocomplete="off" aria-describedby=described
                aria-invalid=move || (unreadable() || invalid.get()).then_some("true")
                prop:value=shown on:input=input />
            <div id=error_id class="field-issues" aria-live="polite">
                {move || unreadable().then(|| view! {
                    <p class="field-error">"Écrivez un nombre de mètres, par exemple 10,5."</p>
                })}
            </div>
        </div>
    }
}
