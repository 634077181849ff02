//! The speakers: their name, title and organisation.

use agir_model::{Edition, Speaker, SpeakerId};
use leptos::prelude::*;

use super::parts::{Part, PartField, PartForm, PartList};
use crate::fields::{optional, Kind};

static SPEAKERS: Part = Part {
    section: "speakers",
    page: "intervenants",
    title: "Intervenants",
    one: "Intervenant",
    search_label: "Chercher un intervenant",
    add_label: "Ajouter un intervenant",
    remove_label: "Supprimer cet intervenant",
    remove_question: "Supprimer cet intervenant du brouillon\u{a0}? Il sera aussi retiré des séances où il intervient.",
    items: |e| {
        e.speakers
            .iter()
            .map(|s| {
                let detail = [s.title.as_deref(), s.organisation.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(", ");
                (s.id.to_string(), s.name.clone(), detail)
            })
            .collect()
    },
    add: add_speaker,
    remove: |e, id| {
        e.speakers.retain(|s| s.id.as_str() != id);
        for session in &mut e.sessions {
            session.speakers.retain(|r| r.speaker.as_str() != id);
        }
    },
    fields: || {
        vec![
            PartField {
                key: "name",
                label: "Prénom et nom",
                kind: Kind::Text,
                get: |e, i| e.speakers.get(i).map(|s| s.name.clone()),
                set: |e, i, v| {
                    if let Some(s) = e.speakers.get_mut(i) {
                        s.name = v;
                    }
                },
            },
            PartField {
                key: "title",
                label: "Fonction (facultatif), par exemple\u{a0}: adjointe au maire",
                kind: Kind::Text,
                get: |e, i| e.speakers.get(i).map(|s| s.title.clone().unwrap_or_default()),
                set: |e, i, v| {
                    if let Some(s) = e.speakers.get_mut(i) {
                        s.title = optional(v);
                    }
                },
            },
            PartField {
                key: "organisation",
                label: "Organisme (facultatif)",
                kind: Kind::Text,
                get: |e, i| e.speakers.get(i).map(|s| s.organisation.clone().unwrap_or_default()),
                set: |e, i, v| {
                    if let Some(s) = e.speakers.get_mut(i) {
                        s.organisation = optional(v);
                    }
                },
            },
        ]
    },
    more: None,
};

fn add_speaker(e: &mut Edition) -> String {
    let id = agir_model::ids::fresh_id(
        e.speakers.iter().map(|s| s.id.as_str()),
        "nouvel-intervenant",
        "intervenant",
    );
    e.speakers.push(Speaker {
        id: SpeakerId::parse(id.clone()).expect("fresh ids are valid"),
        name: String::new(),
        title: None,
        organisation: None,
    });
    id
}

/// `/organisateurs/editer/{edition}/intervenants`.
#[component]
pub fn SpeakersPage() -> impl IntoView {
    view! { <PartList part=&SPEAKERS /> }
}

/// `/organisateurs/editer/{edition}/intervenants/{id}`.
#[component]
pub fn SpeakerForm() -> impl IntoView {
    view! { <PartForm part=&SPEAKERS /> }
}
