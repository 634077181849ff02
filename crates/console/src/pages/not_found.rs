//! The console's answer to an address it does not know.

use leptos::prelude::*;
use leptos_router::components::A;

/// "Page introuvable", with the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"Page introuvable"</h1>
            <p>"Cette page n'existe pas dans l'espace des organisateurs."</p>
            <p><A href="/organisateurs">"Retour à l'accueil des organisateurs"</A></p>
        </section>
    }
}
