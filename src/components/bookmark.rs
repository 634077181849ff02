//! A person's own actions on sessions: the bookmark toggle that adds a session to "Mon
//! programme" or takes it out, and the button that downloads sessions for a calendar app.

use agir_model::{Session, SessionId};
use agir_ui::dom;
use leptos::prelude::*;

use crate::state::bookmarks::try_use_bookmarks;
use crate::state::programme::use_programme;

/// A real toggle button (`aria-pressed`) whose name says which session it adds:
/// "Ajouter à mon programme : « Repenser la solidarité »". Renders
/// nothing where the bookmarks are not provided (a component mounted on its own).
#[component]
pub fn BookmarkToggle(
    /// The session to add or remove.
    id: SessionId,
    /// Its title, for the button's accessible name.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    let bookmarks = try_use_bookmarks()?;
    let pressed = {
        let id = id.clone();
        move || bookmarks.is_bookmarked(&id).to_string()
    };
    Some(view! {
        <button
            type="button"
            class="bookmark-toggle"
            aria-pressed=pressed
            aria-label=format!("Ajouter à mon programme\u{a0}: «\u{a0}{title}\u{a0}»")
            on:click=move |_| bookmarks.toggle(&id)
        >
            // The name stays the same and `aria-pressed` says the state. What is shown is part
            // of the name (WCAG 2.5.3: a voice user says what they see): "Ajouter à mon
            // programme", then, once added, "Mon programme" with a check mark. Both are drawn
            // once and the style shows the one for the state, so a long list of sessions
            // builds fast.
            <span class="bookmark-off"><span class="bookmark-icon" aria-hidden="true">"+"</span>" Ajouter à mon programme"</span>
            <span class="bookmark-on"><span class="bookmark-icon" aria-hidden="true">"✓"</span>" Mon programme"</span>
        </button>
    })
}

/// Downloads sessions as an `.ics` file (one event each) for the person's calendar app.
/// The file is made here, from the programme already loaded, so it works offline.
#[component]
pub fn CalendarButton(
    /// The sessions to export (in any order: the file lists them in time order).
    #[prop(into)]
    ids: Signal<Vec<SessionId>>,
    /// The button's text.
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let programme = use_programme();
    let (said, set_said) = signal(None::<String>);
    let export = move |_| {
        let Some(snapshot) = programme.snapshot() else { return };
        let edition = &snapshot.edition;
        let mut sessions: Vec<&Session> = ids.with(|ids| ids.iter().filter_map(|id| edition.session(id)).collect());
        agir_model::time::sort_sessions(&mut sessions);
        let origin = agir_ui::public_url();
        let stamp = chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
        let text = agir_model::ics::calendar(edition, &sessions, &origin, stamp);
        let name = agir_model::ics::file_name(edition);
        set_said.set(Some(match dom::download(&name, "text/calendar;charset=utf-8", &text) {
            Ok(()) => format!(
                "Le fichier «\u{a0}{name}\u{a0}» est téléchargé\u{a0}: ouvrez-le pour l'ajouter à votre agenda."
            ),
            Err(_) => "Le téléchargement n'a pas pu commencer. Réessayez.".to_owned(),
        }));
    };
    view! {
        <button type="button" class="button secondary calendar-button" on:click=export>
            {label}
        </button>
        <span class="calendar-said" role="status">{move || said.get()}</span>
    }
}
