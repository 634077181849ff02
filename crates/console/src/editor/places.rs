//! The places of the programme: rooms, the hall, zones.

use agir_model::{Edition, Place, PlaceId, PlaceKind};
use leptos::prelude::*;

use super::parts::{Part, PartField, PartForm, PartList};
use crate::fields::{optional, Kind};

const KINDS: [(PlaceKind, &str, &str); 4] = [
    (PlaceKind::Room, "room", "Salle"),
    (PlaceKind::Hall, "hall", "Grande salle ou hall"),
    (PlaceKind::Zone, "zone", "Espace d'une salle"),
    (PlaceKind::Outdoor, "outdoor", "En plein air"),
];

fn kind_label(kind: PlaceKind) -> &'static str {
    KINDS.iter().find(|(k, ..)| *k == kind).map_or("", |(.., label)| label)
}

static PLACES: Part = Part {
    section: "places",
    page: "lieux",
    title: "Lieux",
    one: "Lieu",
    search_label: "Chercher un lieu",
    add_label: "Ajouter un lieu",
    remove_label: "Supprimer ce lieu",
    remove_question:
        "Supprimer ce lieu du brouillon\u{a0}? Les séances qui s'y tiennent devront changer de lieu avant la publication.",
    items: |e| {
        e.places
            .iter()
            .map(|p| (p.id.to_string(), p.name.clone(), kind_label(p.kind).to_owned()))
            .collect()
    },
    add: add_place,
    remove: |e, id| e.places.retain(|p| p.id.as_str() != id),
    fields: || {
        vec![
            PartField {
                key: "name",
                label: "Nom du lieu",
                kind: Kind::Text,
                get: |e, i| e.places.get(i).map(|p| p.name.clone()),
                set: |e, i, v| {
                    if let Some(p) = e.places.get_mut(i) {
                        p.name = v;
                    }
                },
            },
            PartField {
                key: "kind",
                label: "Type de lieu",
                kind: Kind::Choice(
                    KINDS
                        .iter()
                        .map(|(_, code, label)| (code.to_string(), label.to_string()))
                        .collect(),
                ),
                get: |e, i| {
                    let kind = e.places.get(i)?.kind;
                    KINDS
                        .iter()
                        .find(|(k, ..)| *k == kind)
                        .map(|(_, code, _)| code.to_string())
                },
                set: |e, i, v| {
                    if let (Some(p), Some((kind, ..))) =
                        (e.places.get_mut(i), KINDS.iter().find(|(_, code, _)| *code == v))
                    {
                        p.kind = *kind;
                    }
                },
            },
            PartField {
                key: "accessibility",
                label: "Accessibilité (facultatif), par exemple\u{a0}: de plain-pied, boucle magnétique",
                kind: Kind::Text,
                get: |e, i| e.places.get(i).map(|p| p.accessibility.clone().unwrap_or_default()),
                set: |e, i, v| {
                    if let Some(p) = e.places.get_mut(i) {
                        p.accessibility = optional(v);
                    }
                },
            },
        ]
    },
    more: None,
};

fn add_place(e: &mut Edition) -> String {
    let id = agir_model::ids::fresh_id(e.places.iter().map(|p| p.id.as_str()), "nouveau-lieu", "lieu");
    e.places.push(Place {
        id: PlaceId::parse(id.clone()).expect("fresh ids are valid"),
        name: String::new(),
        kind: PlaceKind::Room,
        accessibility: None,
        assumed: false,
    });
    id
}

/// `/organisateurs/editer/{edition}/lieux`.
#[component]
pub fn PlacesPage() -> impl IntoView {
    view! { <PartList part=&PLACES /> }
}

/// `/organisateurs/editer/{edition}/lieux/{id}`.
#[component]
pub fn PlaceForm() -> impl IntoView {
    view! { <PartForm part=&PLACES /> }
}
