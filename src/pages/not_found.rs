//! The page for unknown addresses and unknown ids, with the way back.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::layout::use_page_title;

/// "Page introuvable", for unknown routes.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_page_title(|| "Page introuvable".into());
    view! { <NotFound what="Cette page n'existe pas." /> }
}

/// The body of a "not found" answer; also used for unknown session or speaker ids.
#[component]
pub fn NotFound(
    /// One sentence saying what was not found.
    #[prop(into)]
    what: String,
) -> impl IntoView {
    view! {
        <section class="page not-found">
            <h1>"Page introuvable"</h1>
            <p>{what}</p>
            <p>"L'adresse est peut-être incomplète, ou la page a été retirée du programme."</p>
            <ul class="link-list">
                <li><A href="/programme">"Voir tout le programme"</A></li>
                <li><A href="/">"Revenir à l'accueil"</A></li>
            </ul>
        </section>
    }
}
