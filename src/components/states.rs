//! Loading, error and empty states, and the gate that shows them until the programme is
//! there. A page never shows an empty screen without saying why.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::state::programme::{use_programme, LoadStatus, Snapshot};

/// A calm "loading" line, announced to screen readers.
#[component]
pub fn Loading(
    /// What is being loaded, e.g. "le programme".
    #[prop(into)]
    what: String,
) -> impl IntoView {
    view! {
        <p class="state state-loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {format!("Chargement de {what}…")}
        </p>
    }
}

/// A failed load: what happened, in French, and a button to try again.
#[component]
pub fn ErrorPanel(
    /// The error to explain.
    error: ApiError,
    /// Called when the person asks to try again.
    #[prop(into)]
    retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="state state-error" role="alert">
            <p><strong>"Le programme n'a pas pu être chargé."</strong></p>
            <p>{error.to_string()}</p>
            <button type="button" class="button" on:click=move |_| retry.run(())>
                "Réessayer"
            </button>
        </div>
    }
}

/// Renders `children` with the programme once it is loaded, and the loading or error
/// state before that.
#[component]
pub fn WithProgramme<F, IV>(
    /// The content, built from the loaded programme.
    children: F,
) -> impl IntoView
where
    F: Fn(Arc<Snapshot>) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let programme = use_programme();
    let drawn = StoredValue::new(false);
    // The status is only read while there is no data, so a background revalidation never
    // re-renders a page that already shows the programme.
    move || match programme.snapshot() {
        Some(s) => {
            // A new revision draws the page again: the focus goes back where it was.
            if drawn.get_value() {
                keep_focus();
            }
            drawn.set_value(true);
            children(s).into_any()
        }
        None => match programme.status() {
            LoadStatus::Failed(error) => view! {
                <ErrorPanel error retry=move |_| programme.reload() />
            }
            .into_any(),
            _ => view! { <Loading what="programme" /> }.into_any(),
        },
    }
}

/// Gives the focus back, after the next render, to the element of the same id as the one
/// focused now.
fn keep_focus() {
    use wasm_bindgen::JsCast;
    let Some(id) = document().active_element().map(|e| e.id()).filter(|id| !id.is_empty()) else {
        return;
    };
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id) {
            let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}
