//! `/`: the day at a glance. Before the day: what to expect and a link to plan. During the
//! day: what is on now and next, live. After: thanks, the programme, past editions.

use std::sync::Arc;

use agir_model::french::typeset;
use agir_model::paths;
use agir_model::time::{capitalize, format_day_with_year, format_time_fr, now_next, phase, Phase};
use agir_model::Session;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::layout::use_page_title;
use crate::components::states::WithProgramme;
use crate::state::clock::use_clock;
use crate::state::fetch::Fetch;
use crate::state::programme::Snapshot;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    use_page_title(|| "Accueil".into());
    view! {
        <WithProgramme let:snapshot>
            <Home snapshot />
        </WithProgramme>
    }
}

#[component]
fn Home(snapshot: Arc<Snapshot>) -> impl IntoView {
    let clock = use_clock();
    let edition = &snapshot.edition;
    let event = &edition.event;
    let offset = edition.offset();
    let (start, end) = (event.start_date, event.end_date);
    let when = Memo::new(move |_| phase(start, end, offset, clock.now(offset)));
    let date = if start == end {
        capitalize(&format_day_with_year(start))
    } else {
        format!("Du {} au {}", format_day_with_year(start), format_day_with_year(end))
    };
    let venue_assumed = !event.venue.assumed.is_empty();
    let data = snapshot.clone();

    view! {
        <section class="page home">
            <header class="home-hero">
                <h1>{event.name.clone()}</h1>
                {event.subtitle.clone().map(|s| view! { <p class="subtitle">{s}</p> })}
                <p class="home-when"><strong>{date}</strong></p>
                <p class="home-where">
                    {event.venue.name.clone()}
                    {event.venue.address.clone().map(|a| format!(", {a}"))}
                    {venue_assumed.then(|| view! { <span class="assumed">" (lieu à confirmer)"</span> })}
                </p>
            </header>
            {clock.is_pinned().then(|| view! {
                <p class="demo-clock">
                    "Démonstration\u{a0}: l'application fait comme si nous étions le jour de la rencontre."
                </p>
            })}
            {move || match when.get() {
                Phase::Before => view! { <Before snapshot=data.clone() /> }.into_any(),
                Phase::During => view! { <During snapshot=data.clone() /> }.into_any(),
                Phase::After => view! { <After snapshot=data.clone() /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Before(snapshot: Arc<Snapshot>) -> impl IntoView {
    let event = &snapshot.edition.event;
    view! {
        <h2>"Ce qui vous attend"</h2>
        {event.description.clone().map(|d| view! { <p>{d}</p> })}
        <p class="cta">
            <A href="/programme" attr:class="button">"Préparer ma journée\u{a0}: voir le programme"</A>
        </p>
        <p><A href="/infos">"Adresse et accès"</A></p>
    }
}

#[component]
fn During(snapshot: Arc<Snapshot>) -> impl IntoView {
    let clock = use_clock();
    let offset = snapshot.edition.offset();
    let data = snapshot.clone();
    // Only the ids: the lists re-render when a session starts or ends, not at every tick.
    let current = Memo::new(move |_| {
        let nn = now_next(&data.edition.sessions, clock.now(offset));
        let ids = |v: Vec<&Session>| v.into_iter().map(|s| s.id.to_string()).collect::<Vec<_>>();
        (ids(nn.now), ids(nn.next))
    });
    let data = snapshot.clone();
    let cards = move |ids: Vec<String>, now: bool| {
        ids.into_iter()
            .filter_map(|id| data.edition.session_by_str(&id).cloned())
            .map(|s| {
                let place = s
                    .place
                    .as_ref()
                    .and_then(|p| data.edition.place(p))
                    .map(|p| p.name.clone());
                let time = if now {
                    format!("Jusqu'à {}", format_time_fr(&s.end))
                } else {
                    format!("À {}", format_time_fr(&s.start))
                };
                view! {
                    <li class="now-card">
                        <p class="now-time">{time}</p>
                        <h3><A href=paths::session(&s.id)>{typeset(&s.title)}</A></h3>
                        <p class="session-meta">
                            <span class="badge kind">{s.kind.label()}</span>
                            {place.map(|p| view! { <span>{p}</span> })}
                        </p>
                    </li>
                }
            })
            .collect_view()
    };
    let cards_next = cards.clone();
    view! {
        <section class="now-next" aria-labelledby="maintenant">
            <h2 id="maintenant">"En ce moment"</h2>
            {move || {
                let (now, _) = current.get();
                if now.is_empty() {
                    view! { <p class="state">"Aucune séance en ce moment."</p> }.into_any()
                } else {
                    view! { <ul class="now-list" data-testid="now">{cards(now, true)}</ul> }.into_any()
                }
            }}
            <h2 id="ensuite">"Ensuite"</h2>
            {move || {
                let (_, next) = current.get();
                if next.is_empty() {
                    view! { <p class="state">"Le programme de la journée est terminé. Merci de votre venue\u{a0}!"</p> }.into_any()
                } else {
                    view! { <ul class="now-list" data-testid="next">{cards_next(next, false)}</ul> }.into_any()
                }
            }}
            <p class="cta"><A href="/programme" attr:class="button">"Tout le programme"</A></p>
        </section>
    }
}

#[component]
fn After(snapshot: Arc<Snapshot>) -> impl IntoView {
    let event = &snapshot.edition.event;
    let current = StoredValue::new(snapshot.edition.edition.to_string());
    let thanks = match event.attendance {
        Some(n) => format!(
            "Merci à toutes et à tous\u{a0}: vous étiez {} à cette rencontre.",
            agir_model::french::group_thousands(n.into())
        ),
        None => "Merci à toutes et à tous d'être venus.".to_owned(),
    };
    let editions = Fetch::new(api::fetch_editions);
    view! {
        <h2>"La rencontre a eu lieu"</h2>
        <p>{thanks}</p>
        <p class="cta"><A href="/programme" attr:class="button">"Revoir le programme"</A></p>
        {move || {
            // Past editions are a bonus: until the list arrives, or if it cannot be read,
            // say nothing.
            let past: Vec<_> = editions
                .get()
                .and_then(Result::ok)
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.edition != current.get_value())
                .collect();
            (!past.is_empty()).then(|| view! {
                <h2>"Les éditions précédentes"</h2>
                <ul class="link-list">
                    {past.into_iter().map(|e| view! {
                        <li><A href=format!("/archives/{}", e.edition)>
                            {format!("{} {} ({})", e.name, e.edition, format_day_with_year(e.start_date))}
                        </A></li>
                    }).collect_view()}
                </ul>
            })
        }}
    }
}
