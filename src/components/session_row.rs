//! One session in a list: time, title (a link to its page), kind, place, status.

use agir_model::french::typeset;
use agir_model::paths;
use agir_model::time::{format_hm, PartOfDay};
use agir_model::{Edition, Session};
use leptos::prelude::*;

use crate::components::bookmark::BookmarkToggle;

/// A row of the programme. Moments of the day (meals, welcome, breaks, the village) are
/// shown as such, not as talks.
#[component]
pub fn SessionRow(
    /// The session to show.
    session: Session,
    /// The place's name, if the session has one.
    #[prop(optional, into)]
    place: Option<String>,
    /// Speakers' names, shown for talks.
    #[prop(optional)]
    speakers: Vec<String>,
    /// Show the title as text, without a link (read-only archives).
    #[prop(optional)]
    plain: bool,
    /// The session was moved or changed place since the programme was first published.
    #[prop(optional, into)]
    moved: Signal<bool>,
    /// The row is kept in the list but out of the results (see the programme page).
    #[prop(optional, into)]
    hidden: Signal<bool>,
) -> impl IntoView {
    let href = paths::session(&session.id);
    let cancelled = session.is_cancelled();
    let talk = session.kind.is_talk();
    let class = format!(
        "session-row kind-{}{}{}",
        session.kind.code(),
        if talk { "" } else { " moment" },
        if cancelled { " cancelled" } else { "" }
    );
    let time = format!("{} – {}", format_hm(&session.start), format_hm(&session.end));
    let (id, title) = (session.id.clone(), session.title.clone());
    // French spacing on screen; the bookmark button's label keeps the title as written.
    let shown = typeset(&session.title);
    view! {
        <li class=class hidden=move || hidden.get()>
            <p class="session-time">
                <time datetime=session.start.to_rfc3339()>{time}</time>
            </p>
            <div class="session-body">
                <h3 class="session-title">
                    {if plain {
                        view! { <span>{shown}</span> }.into_any()
                    } else {
                        // A plain link: the router handles its click all the same, and a row
                        // is built faster without the bookkeeping of `<A>` (current page).
                        view! { <a href=href>{shown}</a> }.into_any()
                    }}
                </h3>
                <p class="session-meta">
                    <span class="badge kind">{session.kind.label()}</span>
                    {move || {
                        if cancelled {
                            Some(view! { <span class="badge status-cancelled">"Annulée"</span> }.into_any())
                        } else if moved.get() {
                            Some(view! { <span class="badge status-moved">"Modifiée"</span> }.into_any())
                        } else {
                            None
                        }
                    }}
                    {place.map(|p| view! { <span class="session-place">{p}</span> })}
                </p>
                {(talk && !speakers.is_empty())
                    .then(|| view! { <p class="session-speakers">{speakers.join(", ")}</p> })}
                {(!plain).then(|| view! {
                    <p class="session-actions"><BookmarkToggle id title /></p>
                })}
            </div>
        </li>
    }
}

/// The row's props, computed from the edition.
pub fn row_parts(edition: &Edition, s: &Session) -> (Option<String>, Vec<String>) {
    let place = s.place.as_ref().and_then(|p| edition.place(p)).map(|p| p.name.clone());
    let speakers = s
        .speakers
        .iter()
        .filter_map(|r| edition.speaker(&r.speaker))
        .map(|sp| sp.name.clone())
        .collect();
    (place, speakers)
}

/// Heading of a group of the programme: "Matinée", or "mardi 8 octobre · Matinée" when
/// the programme spans several days.
pub fn group_heading(day: chrono::NaiveDate, part: PartOfDay, several_days: bool) -> String {
    if several_days {
        let day = agir_model::time::capitalize(&agir_model::time::format_day(day));
        format!("{day} · {}", part.label())
    } else {
        part.label().to_owned()
    }
}
