//! `/intervenants` and `/intervenants/:id`: who speaks, and in which sessions.

use std::sync::Arc;

use agir_model::paths;
use agir_model::search::fold;
use agir_model::Speaker;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::layout::use_page_title;
use crate::components::session_row::{row_parts, SessionRow};
use crate::components::states::WithProgramme;
use crate::pages::not_found::NotFound;
use crate::state::programme::{use_programme, Snapshot};

/// Every speaker, in alphabetical order.
#[component]
pub fn SpeakersPage() -> impl IntoView {
    use_page_title(|| "Intervenants".into());
    view! {
        <section class="page speakers">
            <h1>"Intervenants"</h1>
            <WithProgramme let:snapshot>
                <SpeakerList snapshot />
            </WithProgramme>
        </section>
    }
}

#[component]
fn SpeakerList(snapshot: Arc<Snapshot>) -> impl IntoView {
    let edition = &snapshot.edition;
    let mut speakers: Vec<&Speaker> = edition.speakers.iter().collect();
    agir_model::sort::by_key(&mut speakers, |s| fold(&s.name));
    let items = speakers
        .into_iter()
        .map(|s| {
            let count = edition.sessions_of_speaker(&s.id).len();
            let detail = describe(s);
            let name = s.name.clone();
            view! {
                <li class="speaker-item">
                    <A href=paths::speaker(&s.id)>{name}</A>
                    {(!detail.is_empty()).then(|| view! { <span class="speaker-detail">{detail}</span> })}
                    <span class="speaker-count">
                        {match count {
                            0 => "Aucune séance".to_owned(),
                            1 => "1 séance".to_owned(),
                            n => format!("{n} séances"),
                        }}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <p>{format!("{} intervenants et organisations prennent la parole.", edition.speakers.len())}</p>
        <ul class="speaker-list">{items}</ul>
    }
}

fn describe(s: &Speaker) -> String {
    [s.title.clone(), s.organisation.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ")
}

/// One speaker and their sessions.
#[component]
pub fn SpeakerPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let programme = use_programme();
    use_page_title(move || {
        programme
            .snapshot()
            .and_then(|s| {
                s.edition
                    .speakers
                    .iter()
                    .find(|sp| sp.id.as_str() == id.get())
                    .map(|sp| sp.name.clone())
            })
            .unwrap_or_else(|| "Intervenant".into())
    });
    view! {
        <WithProgramme let:snapshot>
            {move || view! { <SpeakerDetail snapshot=snapshot.clone() id=id.get() /> }}
        </WithProgramme>
    }
}

#[component]
fn SpeakerDetail(snapshot: Arc<Snapshot>, id: String) -> impl IntoView {
    let edition = &snapshot.edition;
    let Some(speaker) = edition.speakers.iter().find(|s| s.id.as_str() == id) else {
        return view! { <NotFound what=format!("L'intervenant «\u{a0}{id}\u{a0}» n'est pas au programme.") /> }
            .into_any();
    };
    let rows = edition
        .sessions_of_speaker(&speaker.id)
        .into_iter()
        .map(|s| {
            let (place, speakers) = row_parts(edition, s);
            view! { <SessionRow session=s.clone() place=place.unwrap_or_default() speakers /> }
        })
        .collect_view();
    let detail = describe(speaker);
    view! {
        <article class="page speaker-page">
            <p class="breadcrumb"><A href="/intervenants">"← Tous les intervenants"</A></p>
            <h1>{speaker.name.clone()}</h1>
            {(!detail.is_empty()).then(|| view! { <p class="lead">{detail}</p> })}
            <h2>"Ses interventions"</h2>
            <ul class="session-list">{rows}</ul>
        </article>
    }
    .into_any()
}
