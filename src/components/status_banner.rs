//! Calm notices at the top of every page: the programme is an offline copy (and of
//! when), or a new version of the app is ready.

use agir_model::time::{format_day_short, format_time_fr};
use agir_ui::clock::phone_time;
use leptos::prelude::*;

use crate::state::programme::use_programme;
use crate::state::pwa::use_pwa;

/// "Hors ligne : programme du 8 oct. à 10 h 42", when the last attempt to reach the
/// server failed.
#[component]
pub fn OfflineBanner() -> impl IntoView {
    let programme = use_programme();
    let text = move || {
        let freshness = programme.freshness().filter(|f| f.offline)?;
        let when = (freshness.confirmed_at > 0)
            .then(|| phone_time(freshness.confirmed_at))
            .flatten()
            .map(|t| format!(" du {} à {}", format_day_short(t.date_naive()), format_time_fr(&t)))
            .unwrap_or_default();
        Some(format!(
            "Hors ligne\u{a0}: programme{when}. Il sera mis à jour dès que le réseau reviendra."
        ))
    };
    view! {
        <div class="banner-slot" role="status">
            {move || text().map(|t| view! { <p class="banner offline"><span aria-hidden="true">"⚠ "</span>{t}</p> })}
        </div>
    }
}

/// "Nouvelle version : recharger", when a new build waits in the background.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let pwa = use_pwa();
    // A memo and a closure: what `<Show>` does, without its generic children (README,
    // « Ce que coûte un motif, mesuré »).
    let ready = Memo::new(move |_| pwa.update_ready.get());
    move || {
        ready.get().then(|| {
            view! {
                <div class="banner update" role="status">
                    <p>"Nouvelle version de l'application disponible."</p>
                    <button type="button" class="button" on:click=move |_| pwa.accept_update()>
                        "Nouvelle version\u{a0}: recharger"
                    </button>
                </div>
            }
        })
    }
}

/// In a tab opened by the console's "Aperçu": the programme shown is a draft.
#[component]
pub fn PreviewBanner() -> impl IntoView {
    use_programme().is_preview().then(|| {
        view! {
            <p class="banner preview" role="status">
                "Aperçu du brouillon des organisateurs\u{a0}: ce programme n'est pas encore publié."
            </p>
        }
    })
}
