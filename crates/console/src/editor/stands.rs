//! The stands of the village des solidarités.

use agir_model::{Edition, Stand, StandId};
use leptos::prelude::*;

use super::parts::{Part, PartField, PartForm, PartList};
use super::volunteering::VolunteeringFields;
use crate::fields::{optional, Kind};

static STANDS: Part = Part {
    section: "stands",
    page: "stands",
    title: "Stands",
    one: "Stand",
    search_label: "Chercher un stand",
    add_label: "Ajouter un stand",
    remove_label: "Supprimer ce stand",
    remove_question:
        "Supprimer ce stand du brouillon\u{a0}? Il sera aussi retiré du plan et des séances qui le citent.",
    items: |e| {
        e.stands
            .iter()
            .map(|s| (s.id.to_string(), s.name.clone(), s.theme.clone()))
            .collect()
    },
    add: add_stand,
    remove: |e, id| {
        e.stands.retain(|s| s.id.as_str() != id);
        for session in &mut e.sessions {
            session.stands.retain(|s| s.as_str() != id);
        }
        if let Some(plan) = &mut e.plan {
            plan.stands.retain(|s| s.stand.as_str() != id);
        }
    },
    fields: || {
        vec![
            PartField {
                key: "name",
                label: "Nom de l'association ou du stand",
                kind: Kind::Text,
                get: |e, i| e.stands.get(i).map(|s| s.name.clone()),
                set: |e, i, v| {
                    if let Some(s) = e.stands.get_mut(i) {
                        s.name = v;
                    }
                },
            },
            PartField {
                key: "theme",
                label: "Thème, par exemple\u{a0}: Solidarité, Santé, Culture",
                kind: Kind::Text,
                get: |e, i| e.stands.get(i).map(|s| s.theme.clone()),
                set: |e, i, v| {
                    if let Some(s) = e.stands.get_mut(i) {
                        s.theme = v;
                    }
                },
            },
            PartField {
                key: "description",
                label: "Présentation (facultatif)",
                kind: Kind::LongText,
                get: |e, i| e.stands.get(i).map(|s| s.description.clone().unwrap_or_default()),
                set: |e, i, v| {
                    if let Some(s) = e.stands.get_mut(i) {
                        s.description = optional(v);
                    }
                },
            },
            PartField {
                key: "website",
                label: "Site internet (facultatif)",
                kind: Kind::Url,
                get: |e, i| e.stands.get(i).map(|s| s.website.clone().unwrap_or_default()),
                set: |e, i, v| {
                    if let Some(s) = e.stands.get_mut(i) {
                        s.website = optional(v);
                    }
                },
            },
        ]
    },
    more: Some(|id, at| view! { <VolunteeringFields id at /> }.into_any()),
};

fn add_stand(e: &mut Edition) -> String {
    let id = agir_model::ids::fresh_id(e.stands.iter().map(|s| s.id.as_str()), "nouveau-stand", "stand");
    e.stands.push(Stand {
        id: StandId::parse(id.clone()).expect("fresh ids are valid"),
        name: String::new(),
        theme: String::new(),
        description: None,
        website: None,
        example: false,
        volunteering: None,
    });
    id
}

/// `/organisateurs/editer/{edition}/stands`.
#[component]
pub fn StandsPage() -> impl IntoView {
    view! { <PartList part=&STANDS /> }
}

/// `/organisateurs/editer/{edition}/stands/{id}`.
#[component]
pub fn StandForm() -> impl IntoView {
    view! { <PartForm part=&STANDS /> }
}
