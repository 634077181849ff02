//! `/mon-programme`: the sessions a person bookmarked.

use leptos::prelude::*;

use crate::components::layout::use_page_title;

/// The bookmarked sessions.
#[component]
pub fn MyProgrammePage() -> impl IntoView {
    use_page_title(|| "Mon programme".into());
    view! {
        <section class="page agenda">
            <h1>"Mon programme"</h1>
        </section>
    }
}
