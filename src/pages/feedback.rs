//! `/avis`: the satisfaction questionnaire for the whole day.

use leptos::prelude::*;

use crate::components::feedback_form::FeedbackForm;
use crate::components::layout::use_page_title;

/// "Votre avis" on the day.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    use_page_title(|| "Votre avis".into());
    view! {
        <section class="page feedback">
            <h1>"Votre avis"</h1>
            <p>
                "Les organisateurs veulent améliorer la rencontre de l'an prochain. "
                "Dites-leur ce que vous avez pensé de la journée : cela prend une minute."
            </p>
            <FeedbackForm target="day" question="Êtes-vous satisfait de la journée ?" />
        </section>
    }
}
