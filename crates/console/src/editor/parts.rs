//! Places, speakers and stands share one shape: a list of things with a few text fields
//! each. A [`Part`] describes one of them; [`PartList`] and [`PartForm`] draw it.

use agir_model::Edition;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::links::{editor_base, item};
use super::lists::{errors_by_index, missing, Item, ItemList, RemoveButton};
use crate::draft::use_draft;
use crate::fields::{field, get, set, Field, Kind};

/// One part of the edition edited as a list of simple things.
pub struct Part {
    /// Its key in the document: `places`, `speakers`, `stands`.
    pub section: &'static str,
    /// Its page: `lieux`, `intervenants`, `stands`.
    pub page: &'static str,
    pub title: &'static str,
    /// "Lieu", for "Lieu introuvable".
    pub one: &'static str,
    pub search_label: &'static str,
    pub add_label: &'static str,
    pub remove_label: &'static str,
    pub remove_question: &'static str,
    /// Each thing's id, name and second line, in the document's order.
    pub items: fn(&Edition) -> Vec<(String, String, String)>,
    /// Adds a new thing; returns its id.
    pub add: fn(&mut Edition) -> String,
    pub remove: fn(&mut Edition, &str),
    pub fields: fn() -> Vec<PartField>,
    /// More of the form, below the fields, for a thing's id and path in the document.
    pub more: Option<fn(String, String) -> AnyView>,
}

/// One field of a thing, read and written by the thing's index.
pub struct PartField {
    /// The field's key in the document (`name`, `theme`…), also its DOM id's end.
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
    pub get: fn(&Edition, usize) -> Option<String>,
    pub set: fn(&mut Edition, usize, String),
}

/// The list page of a part.
#[component]
pub fn PartList(part: &'static Part) -> impl IntoView {
    let draft = use_draft();
    let navigate = use_navigate();
    let items = Signal::derive(move || {
        let slug = draft.slug.get_value();
        draft.edition.with(|e| {
            let Some(e) = e else { return Vec::new() };
            let things = (part.items)(e);
            let errors = draft.report.with(|r| errors_by_index(r, part.section, things.len()));
            things
                .into_iter()
                .zip(errors)
                .map(|((id, label, detail), errors)| Item {
                    href: item(&slug, part.page, &id),
                    label: if label.trim().is_empty() {
                        "(sans nom)".into()
                    } else {
                        label
                    },
                    detail,
                    errors,
                })
                .collect()
        })
    });
    let add = Callback::new(move |()| {
        let mut created = None;
        draft.update(|e| created = Some((part.add)(e)));
        if let Some(id) = created {
            navigate(&item(&draft.slug.get_value(), part.page, &id), Default::default());
        }
    });
    view! {
        <h1>{part.title}</h1>
        <ItemList part=part.page search_label=part.search_label items add_label=part.add_label on_add=add />
    }
}

/// The form of one thing of a part, `/organisateurs/editer/{edition}/{page}/{id}`.
#[component]
pub fn PartForm(part: &'static Part) -> impl IntoView {
    let draft = use_draft();
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let back = format!("{}/{}", editor_base(&draft.slug.get_value()), part.page);
        let index = draft.edition.with_untracked(|e| {
            e.as_ref()
                .and_then(|e| (part.items)(e).iter().position(|(i, ..)| *i == id))
        });
        let Some(index) = index else {
            return missing(part.one, back);
        };
        let name = move || {
            draft.edition.with(|e| {
                e.as_ref()
                    .and_then(|e| (part.items)(e).into_iter().nth(index))
                    .map(|(_, name, _)| {
                        if name.trim().is_empty() {
                            part.one.to_owned()
                        } else {
                            name
                        }
                    })
                    .unwrap_or_default()
            })
        };
        let fields = (part.fields)()
            .into_iter()
            .map(|f| {
                let (read, write) = (f.get, f.set);
                let spec = Field::new(
                    format!("{}-{}", part.page, f.key),
                    f.label,
                    format!("/{}/{index}/{}", part.section, f.key),
                )
                .kind(f.kind);
                field(
                    draft,
                    spec,
                    get(move |e| read(e, index).unwrap_or_default()),
                    set(move |e, v| write(e, index, v)),
                )
            })
            .collect_view();
        let more = part
            .more
            .map(|more| more(id.clone(), format!("/{}/{index}", part.section)));
        let remove = Callback::new(move |()| draft.update(|e| (part.remove)(e, &id)));
        view! {
            <h1>{name}</h1>
            <form class="form editor-form" on:submit=|ev| ev.prevent_default() novalidate=true>{fields}{more}</form>
            <RemoveButton label=part.remove_label question=part.remove_question back remove />
        }
        .into_any()
    }
}
