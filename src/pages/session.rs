//! `/programme/:id`: one session: when, how long, where (with the way to it on the plan),
//! who speaks, what it is about, the stands linked to it, and its status, loudly.

use std::sync::Arc;

use agir_model::french::typeset;
use agir_model::paths;
use agir_model::time::{format_day, format_duration, format_span, format_time_fr};
use agir_model::{Edition, Session};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::bookmark::{BookmarkToggle, CalendarButton};
use crate::components::feedback_form::FeedbackForm;
use crate::components::layout::use_page_title;
use crate::components::questions::QuestionsPanel;
use crate::components::states::WithProgramme;
use crate::pages::not_found::NotFound;
use crate::state::clock::use_clock;
use crate::state::programme::{use_programme, Snapshot};

/// The session page.
#[component]
pub fn SessionPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let programme = use_programme();
    use_page_title(move || {
        programme
            .snapshot()
            .and_then(|s| s.edition.session_by_str(&id.get()).map(|x| x.title.clone()))
            .unwrap_or_else(|| "Séance".into())
    });
    view! {
        <WithProgramme let:snapshot>
            {move || view! { <SessionDetail snapshot=snapshot.clone() id=id.get() /> }}
        </WithProgramme>
    }
}

#[component]
fn SessionDetail(snapshot: Arc<Snapshot>, id: String) -> impl IntoView {
    let edition = &snapshot.edition;
    let Some(session) = edition.session_by_str(&id) else {
        return view! { <NotFound what=format!("La séance «\u{a0}{id}\u{a0}» n'est pas au programme.") /> }.into_any();
    };
    let speakers = speaker_items(edition, session);
    let stands = stand_items(edition, session);
    let has_speakers = !session.speakers.is_empty();
    let has_stands = !session.stands.is_empty();
    let cancelled = session.is_cancelled();
    // The changes arrive after the programme (and again with each revision): follow them.
    let programme = use_programme();
    let (data, session_id) = (snapshot.clone(), session.id.to_string());
    let moved_notice = move || moved_notice(&data.edition, &programme.changes_of(&session_id));
    // The quick rating opens once a talk has started (by the app's clock).
    let clock = use_clock();
    let (start, offset) = (session.start, edition.offset());
    // Meals, breaks, the welcome and the cocktail are moments, not talks to rate.
    let rated = session.kind.is_talk();
    let started = Memo::new(move |_| rated && clock.now(offset) >= start && !cancelled);
    let session_id = session.id.to_string();
    // Questions from the floor, on the published programme only (not on a draft's preview).
    // Live (a stream) from half an hour before the session to half an hour after it.
    let questions = session.questions_setting();
    let margin = chrono::Duration::minutes(30);
    let now = clock.now(offset);
    let live = now >= start - margin && now <= session.end + margin;
    // The panel is the page's largest part: on the first screen, drawn a task later, so
    // that a slow phone starts the app in shorter tasks (the server's page stays on screen
    // meanwhile); after a link, with the page, so that what follows it never moves.
    let floor = (questions.enabled && !programme.is_preview()).then(|| {
        let (edition, session) = (edition.edition.to_string(), session.id.to_string());
        agir_ui::in_next_task_while_behind(move || {
            view! {
                <QuestionsPanel edition=edition.clone() session=session.clone()
                    moderation=questions.moderation open=!cancelled live=live />
            }
        })
    });

    view! {
        <article class="page session-page" class:cancelled=cancelled>
            <p class="breadcrumb"><A href="/programme">"← Tout le programme"</A></p>
            {move || moved_notice().map(|text| view! {
                <p class="status-banner moved" role="status"><strong>{text}</strong></p>
            })}
            {cancelled.then(|| view! {
                <p class="status-banner cancelled" role="status">
                    <strong>"Séance annulée."</strong>
                    " Elle n'aura pas lieu à l'horaire prévu."
                </p>
            })}
            <h1>{typeset(&session.title)}</h1>
            <p class="session-kind"><span class="badge kind">{session.kind.label()}</span></p>
            <p class="session-page-actions">
                <BookmarkToggle id=session.id.clone() title=session.title.clone() />
                <CalendarButton ids=vec![session.id.clone()] label="Ajouter à mon agenda (.ics)" />
            </p>
            {facts(edition, session)}
            {session.description.as_deref().map(|d| view! {
                <h2>"Présentation"</h2>
                <p class="description">{typeset(d)}</p>
            })}
            {has_speakers.then(|| view! {
                <h2>"Intervenants"</h2>
                <ul class="plain-list">{speakers}</ul>
            })}
            {has_stands.then(|| view! {
                <h2>"Stands liés au village des solidarités"</h2>
                <ul class="plain-list">{stands}</ul>
            })}
            {floor}
            {move || started.get().then(|| view! {
                <section class="session-feedback" aria-labelledby="avis-seance">
                    <h2 id="avis-seance">"Votre avis sur cette séance"</h2>
                    <FeedbackForm target=session_id.clone() question="Êtes-vous satisfait de cette séance\u{a0}?" />
                </section>
            })}
        </article>
    }
    .into_any()
}

/// When, where, for whom and on which themes; what the organizers have not confirmed yet
/// is said so.
fn facts(edition: &Edition, session: &Session) -> impl IntoView {
    let place = session.place.as_ref().and_then(|p| edition.place(p));
    let when = format_span(&session.start, &session.end);
    let duration = format_duration(session.duration_minutes());
    let end_assumed = session.is_assumed("end");
    let place_assumed = session.is_assumed("place") || place.is_some_and(|p| p.assumed);
    view! {
        <dl class="facts">
            <dt>"Quand"</dt>
            <dd>
                <time datetime=session.start.to_rfc3339()>{when}</time>
                {format!(" ({duration})")}
                {end_assumed.then(|| view! { <span class="assumed">" Heure de fin à confirmer."</span> })}
            </dd>
            <dt>"Où"</dt>
            <dd>
                {match place {
                    Some(p) => view! {
                        <span>{p.name.clone()}</span>
                        {place_assumed.then(|| view! { <span class="assumed">" Salle à confirmer."</span> })}
                        " "
                        <A href=paths::place(&p.id) attr:class="inline-link">"Voir sur le plan"</A>
                        {p.accessibility.clone().map(|a| view! { <span class="place-access">{a}</span> })}
                    }
                    .into_any(),
                    None => view! { <span>"Lieu à confirmer."</span> }.into_any(),
                }}
            </dd>
            {(!session.audience.is_empty()).then(|| view! {
                <dt>"Pour qui"</dt>
                <dd>{session.audience.join(", ")}</dd>
            })}
            {(!session.themes.is_empty()).then(|| view! {
                <dt>"Thèmes"</dt>
                <dd>{session.themes.join(", ")}</dd>
            })}
        </dl>
    }
}

/// The speakers, each with their title and organisation, and their role when it says more.
fn speaker_items(edition: &Edition, session: &Session) -> impl IntoView {
    session
        .speakers
        .iter()
        .filter_map(|r| edition.speaker(&r.speaker).map(|s| (s.clone(), r.role.clone())))
        .map(|(s, role)| {
            let detail = [s.title.clone(), s.organisation.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let name = s.name.clone();
            // A role that only repeats the speaker's title says nothing more.
            let role = role.filter(|r| !detail.contains(r.as_str()));
            view! {
                <li>
                    <A href=paths::speaker(&s.id)>{name}</A>
                    {(!detail.is_empty()).then(|| view! { <span class="speaker-detail">{format!(", {detail}")}</span> })}
                    {role.map(|r| view! { <span class="speaker-role">{format!(" ({r})")}</span> })}
                </li>
            }
        })
        .collect_view()
}

/// The stands of the village linked to the session, with their theme.
fn stand_items(edition: &Edition, session: &Session) -> impl IntoView {
    session
        .stands
        .iter()
        .filter_map(|id| edition.stand(id))
        .map(|st| {
            let name = st.name.clone();
            view! {
                <li>
                    <A href=paths::stand(&st.id)>{name}</A>
                    <span class="stand-theme">{format!(" · {}", st.theme)}</span>
                </li>
            }
        })
        .collect_view()
}

/// "Horaire modifié (initialement mardi 8 octobre à 14 h 15). Lieu modifié (initialement :
/// Salle du conseil)." from the changes since the first programme.
fn moved_notice(edition: &agir_model::Edition, changes: &[agir_model::Change]) -> Option<String> {
    use agir_model::ChangeKind;
    let mut parts = Vec::new();
    for c in changes {
        match c.kind {
            ChangeKind::Time => {
                let planned = c
                    .before
                    .as_deref()
                    .and_then(|span| span.split_once('/'))
                    .and_then(|(start, _)| chrono::DateTime::parse_from_rfc3339(start).ok())
                    .map(|t| {
                        format!(
                            " (initialement {} à {})",
                            format_day(t.date_naive()),
                            format_time_fr(&t)
                        )
                    })
                    .unwrap_or_default();
                parts.push(format!("Horaire modifié{planned}."));
            }
            ChangeKind::Place => {
                let planned = c
                    .before
                    .as_deref()
                    .and_then(|id| edition.places.iter().find(|p| p.id.as_str() == id))
                    .map(|p| format!(" (initialement\u{a0}: {})", p.name))
                    .unwrap_or_default();
                parts.push(format!("Lieu modifié{planned}."));
            }
            _ => {}
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}
