//! `/mon-programme`: the sessions a person bookmarked, as their day: in time order, with the
//! sessions that overlap said in words, the free time between them, the changes since they
//! last looked; a calendar file, a paper version, and a link (with its QR code) to share.
//! `/mon-programme?partage=id1,id2` shows someone else's sessions and asks before adding.

use std::sync::Arc;

use agir_model::agenda::{conflict_count, plan, sessions_count, Entry, Flag};
use agir_model::french::typeset;
use agir_model::paths;
use agir_model::share;
use agir_model::time::{capitalize, format_day, format_hm, format_time_fr};
use agir_model::{Edition, Session, SessionId};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

mod sharing;

use sharing::{SharePanel, SharedOffer};

use crate::components::bookmark::CalendarButton;
use crate::components::layout::use_page_title;
use crate::components::states::WithProgramme;
use crate::pages::engagement::EngageCorner;
use crate::state::bookmarks::use_bookmarks;
use crate::state::programme::Snapshot;

/// The person's programme.
#[component]
pub fn MyProgrammePage() -> impl IntoView {
    use_page_title(|| "Mon programme".into());
    view! {
        <section class="page agenda">
            <h1>"Mon programme"</h1>
            <WithProgramme let:snapshot>
                <Agenda snapshot=snapshot.clone() />
                <EngageCorner snapshot />
            </WithProgramme>
        </section>
    }
}

#[component]
fn Agenda(snapshot: Arc<Snapshot>) -> impl IntoView {
    let bookmarks = use_bookmarks();
    let query = use_query_map();
    let shared = Memo::new(move |_| query.with(|q| q.get_str(share::PARAM).map(share::decode)));
    // What a merge said, kept while the address loses its `?partage=`.
    let merged = RwSignal::new(None::<String>);
    let ids = Memo::new(move |_| bookmarks.ids());
    // Changes can be learnt after the list is on screen (the network came back).
    let flags = Memo::new(move |_| bookmarks.flags());
    let data = snapshot.clone();
    let offer = move || {
        shared
            .get()
            .map(|decoded| view! { <SharedOffer snapshot=data.clone() decoded merged /> })
    };
    let data = snapshot.clone();
    let programme = move || {
        let ids = ids.get();
        if ids.is_empty() {
            return (shared.with(Option::is_none)).then(|| view! { <EmptyAgenda /> }.into_any());
        }
        Some(view! { <DayList snapshot=data.clone() ids flags=flags.get() /> }.into_any())
    };
    view! {
        <p class="agenda-said" role="status">{move || merged.get()}</p>
        {offer}
        {programme}
    }
}

/// What to do when nothing is bookmarked yet.
#[component]
fn EmptyAgenda() -> impl IntoView {
    view! {
        <div class="state state-empty agenda-empty">
            <p><strong>"Votre programme est vide pour l'instant."</strong></p>
            <p>
                "Pour y ajouter une séance, ouvrez le programme et touchez le bouton "
                "«\u{a0}Ajouter à mon programme\u{a0}» sous la séance qui vous intéresse. "
                "Elle apparaîtra ici, avec son horaire et son lieu."
            </p>
            <p>"Votre programme reste sur cet appareil\u{a0}: aucun compte n'est nécessaire."</p>
            <p><A href="/programme" attr:class="button">"Voir le programme"</A></p>
        </div>
    }
}

/// The bookmarked sessions, day by day, and what can be done with them.
#[component]
fn DayList(snapshot: Arc<Snapshot>, ids: Vec<SessionId>, flags: Vec<Flag>) -> impl IntoView {
    let edition = &snapshot.edition;
    let days = plan(edition, &ids);
    let count = days
        .iter()
        .flat_map(|d| &d.entries)
        .filter(|e| matches!(e, Entry::Session { .. }))
        .count();
    let conflicts = conflict_count(&days);
    let summary = match conflicts {
        0 => format!("{} dans votre programme.", capitalize(&sessions_count(count))),
        n => format!(
            "{} dans votre programme, dont {} qui se chevauchent.",
            capitalize(&sessions_count(count)),
            n
        ),
    };
    let days_view = days
        .iter()
        .map(|day| {
            let heading = capitalize(&format_day(day.date));
            let id = format!("jour-{}", day.date);
            let labelled = id.clone();
            let entries = day
                .entries
                .iter()
                .map(|entry| match entry {
                    Entry::Session { session, conflicts } => {
                        let notes: Vec<String> = conflicts.iter().map(|c| capitalize(&c.describe()) + ".").collect();
                        let changes: Vec<String> = flags
                            .iter()
                            .filter(|f| f.session() == &session.id)
                            .map(|f| f.describe())
                            .collect();
                        view! { <AgendaItem edition session conflicts=notes changes /> }.into_any()
                    }
                    Entry::Free { from, to } => {
                        let label = Entry::free_label((*to - *from).num_minutes());
                        let range = format!(" (de {} à {})", format_time_fr(from), format_time_fr(to));
                        view! {
                            <li class="agenda-free">
                                <span aria-hidden="true">"☕ "</span>
                                <strong>{label}</strong>
                                {range}
                            </li>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! {
                <section class="agenda-day" aria-labelledby=labelled>
                    <h2 id=id>{heading}</h2>
                    <ol class="agenda-list">{entries}</ol>
                </section>
            }
        })
        .collect_view();
    let bookmarks = use_bookmarks();
    let all = Signal::derive(move || bookmarks.ids());
    let print = move |_| {
        let _ = window().print();
    };
    let event = &edition.event;
    let paper = format!(
        "{} {} · {} · {}",
        event.name,
        edition.edition,
        capitalize(&agir_model::time::format_day_with_year(event.start_date)),
        event.venue.name
    );
    view! {
        <p class="print-only">{paper}</p>
        <p class="agenda-summary" class:has-conflicts=conflicts != 0>{summary}</p>
        <div class="agenda-tools">
            <CalendarButton ids=all label="Tout ajouter à mon agenda (.ics)" />
            <button type="button" class="button secondary" on:click=print>
                "Imprimer mon programme"
            </button>
        </div>
        {days_view}
        <SharePanel ids />
    }
}

/// One bookmarked session of the list.
#[component]
fn AgendaItem<'a>(
    /// The programme it belongs to.
    edition: &'a Edition,
    /// The session.
    session: &'a Session,
    /// Sentences about the sessions it overlaps.
    conflicts: Vec<String>,
    /// Sentences about its changes not yet seen.
    changes: Vec<String>,
) -> impl IntoView {
    let place = session
        .place
        .as_ref()
        .and_then(|p| edition.place(p))
        .map(|p| p.name.clone());
    let time = format!("{} – {}", format_hm(&session.start), format_hm(&session.end));
    let cancelled = session.is_cancelled();
    let has_conflict = !conflicts.is_empty();
    let has_change = !changes.is_empty();
    let href = paths::session(&session.id);
    let title = typeset(&session.title);
    let id = session.id.clone();
    let bookmarks = use_bookmarks();
    view! {
        <li class="agenda-item" class:conflict=has_conflict class:cancelled=cancelled class:changed=has_change>
            <p class="session-time">
                <time datetime=session.start.to_rfc3339()>{time}</time>
            </p>
            <div class="session-body">
                <h3 class="session-title"><A href=href>{title}</A></h3>
                <p class="session-meta">
                    <span class="badge kind">{session.kind.label()}</span>
                    {cancelled.then(|| view! { <span class="badge status-cancelled">"Annulée"</span> })}
                    {place.map(|p| view! { <span class="session-place">{p}</span> })}
                </p>
                {changes
                    .into_iter()
                    .map(|c| view! {
                        <p class="change-note">
                            <strong>"Changement\u{a0}: "</strong>
                            {c}
                        </p>
                    })
                    .collect_view()}
                {conflicts
                    .into_iter()
                    .map(|c| view! {
                        <p class="conflict-note">
                            <span aria-hidden="true">"⚠ "</span>
                            <strong>"Conflit d'horaire\u{a0}: "</strong>
                            {c}
                        </p>
                    })
                    .collect_view()}
                <p class="session-actions">
                    <button
                        type="button"
                        class="bookmark-remove"
                        aria-label=format!("Retirer de mon programme\u{a0}: «\u{a0}{}\u{a0}»", session.title)
                        on:click=move |_| bookmarks.toggle(&id)
                    >
                        "Retirer de mon programme"
                    </button>
                </p>
            </div>
        </li>
    }
}
