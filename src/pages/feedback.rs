//! `/avis`: the satisfaction questionnaire for the whole day.

use leptos::prelude::*;

use crate::components::layout::use_page_title;

/// "Votre avis" on the day.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    use_page_title(|| "Votre avis".into());
    view! {
        <section class="page feedback">
            <h1>"Votre avis"</h1>
        </section>
    }
}
