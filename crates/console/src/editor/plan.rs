//! The village plan: placing the stands and the features (entrances, toilets, lift, exits)
//! on the hall's plan. A stand is dragged with a finger or the mouse, moved with the arrow
//! keys, or typed in metres; every change goes to the draft at once, so it is kept on the
//! device as it happens. The rules (snapping, free spots, French numbers) live in
//! `agir_model::plan::edit`.

mod drawing;
mod lists;
mod metres;
mod panel;

use agir_model::plan::edit;
use agir_model::{Edition, Plan, Point, Rect, StandId};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::draft::{use_draft, Draft};

/// What is chosen on the plan: its fields show under it.
#[derive(Debug, Clone, PartialEq)]
pub enum Chosen {
    Stand(StandId),
    /// A feature, by its index in `plan.features`.
    Feature(usize),
}

/// The plan editor's state, shared by its parts; `Copy`, so views capture it freely.
#[derive(Clone, Copy)]
pub struct PlanUi {
    pub draft: Draft,
    pub chosen: RwSignal<Option<Chosen>>,
    /// The last move or change, said by the live region.
    pub said: RwSignal<String>,
    /// Pixels per metre of the drawing as it is shown.
    pub scale: RwSignal<f64>,
}

impl PlanUi {
    fn new(draft: Draft) -> Self {
        Self {
            draft,
            chosen: RwSignal::new(None),
            said: RwSignal::new(String::new()),
            scale: RwSignal::new(10.0),
        }
    }

    /// Chooses what the fields show (without redrawing them when it already is).
    pub fn choose(self, what: Chosen) {
        if self.chosen.with_untracked(|c| c.as_ref() != Some(&what)) {
            self.chosen.set(Some(what));
        }
    }

    /// Changes the plan, if there is one, in the draft.
    pub fn edit_plan(self, change: impl FnOnce(&mut Plan)) {
        self.draft.update(|e| {
            if let Some(plan) = &mut e.plan {
                change(plan);
            }
        });
    }

    /// Reads the plan (untracked).
    pub fn plan_now<R>(self, read: impl FnOnce(&Plan) -> R) -> Option<R> {
        self.draft
            .edition
            .with_untracked(|e| e.as_ref().and_then(|e| e.plan.as_ref()).map(read))
    }

    /// Where `what` is: a stand's rectangle, or a feature's first point as an empty one.
    pub fn anchor(self, what: &Chosen) -> Option<Rect> {
        self.plan_now(|plan| match what {
            Chosen::Stand(id) => plan.stands.iter().find(|s| &s.stand == id).map(|s| s.rect),
            Chosen::Feature(i) => plan.features.get(*i)?.points.first().map(|p| Rect {
                x: p.x,
                y: p.y,
                w: 0.0,
                h: 0.0,
            }),
        })
        .flatten()
    }

    /// Moves `what` so that its anchor is `to` (a feature's other points follow).
    pub fn put(self, what: &Chosen, to: Rect) {
        self.edit_plan(|plan| match what {
            Chosen::Stand(id) => {
                if let Some(s) = plan.stands.iter_mut().find(|s| &s.stand == id) {
                    edit::set_rect(s, to);
                }
            }
            Chosen::Feature(i) => {
                if let Some(first) = plan.features.get(*i).and_then(|f| f.points.first().copied()) {
                    let (dx, dy) = (to.x - first.x, to.y - first.y);
                    for p in &mut plan.features[*i].points {
                        *p = Point {
                            x: p.x + dx,
                            y: p.y + dy,
                        };
                    }
                }
            }
        });
    }

    /// What `what` is called in sentences: "Stand 12", "Repère « Toilettes »".
    pub fn name(self, what: &Chosen) -> String {
        self.plan_now(|plan| match what {
            Chosen::Stand(id) => plan
                .stands
                .iter()
                .find(|s| &s.stand == id)
                .map(|s| format!("Stand {}", s.number)),
            Chosen::Feature(i) => plan
                .features
                .get(*i)
                .map(|f| format!("Repère «\u{a0}{}\u{a0}»", edit::feature_title(f))),
        })
        .flatten()
        .unwrap_or_default()
    }

    /// Deletes feature `i` (the fields of what was chosen go: indices have moved).
    pub fn remove_feature(self, i: usize) {
        let name = self.name(&Chosen::Feature(i));
        self.edit_plan(|plan| {
            if i < plan.features.len() {
                plan.features.remove(i);
            }
        });
        self.chosen.set(None);
        self.said.set(format!("{name} supprimé."));
    }

    /// Says where `what` now is.
    pub fn say_moved(self, what: &Chosen) {
        if let Some(at) = self.anchor(what) {
            self.said.set(edit::moved_sentence(&self.name(what), at.x, at.y));
        }
    }
}

/// Puts the keyboard on the element `id` once the page has drawn it.
pub fn focus_soon(id: &'static str) {
    request_animation_frame(move || {
        let el = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = el {
            let _ = el.focus();
        }
    });
}

/// `/organisateurs/editer/{edition}/plan`.
#[component]
pub fn PlanEditor() -> impl IntoView {
    let draft = use_draft();
    let has_plan = Memo::new(move |_| draft.edition.with(|e| e.as_ref().is_some_and(|e| e.plan.is_some())));
    view! {
        <div class="plan-editor">
            <h1>"Plan du village"</h1>
            {move || if has_plan.get() { editor(PlanUi::new(draft)).into_any() } else { new_plan(draft).into_any() }}
        </div>
    }
}

/// The plan, what is chosen on it, and the lists of stands and features.
fn editor(ui: PlanUi) -> impl IntoView {
    view! {
        <p id="plan-editeur-aide" class="hint plan-edit-help">
            "Faites glisser un stand ou un repère avec la souris ou le doigt. Au clavier\u{a0}: "
            "touche Tab jusqu'au stand, puis les flèches (0,5 m par appui, 2 m avec la touche Maj)\u{a0}; "
            "Entrée mène à ses champs."
        </p>
        <div class="plan-workspace">
            <div class="plan-edit-main">
                {drawing::drawing(ui)}
                <p class="hint plan-edit-scroll-hint">
                    "Le plan est plus large que l'écran\u{a0}: faites-le défiler de côté en posant le doigt hors des stands."
                </p>
                <p class="plan-said" role="status">{move || ui.said.get()}</p>
            </div>
            <div class="plan-edit-side">{panel::chosen_panel(ui)}</div>
        </div>
        {lists::unplaced_stands(ui)}
        {lists::placed_stands(ui)}
        {lists::features(ui)}
        {panel::dimensions(ui)}
    }
}

/// An edition without a plan: its hall's size, then "Créer un plan".
fn new_plan(draft: Draft) -> impl IntoView {
    let width = RwSignal::new(edit::metres(edit::NEW_PLAN.0));
    let height = RwSignal::new(edit::metres(edit::NEW_PLAN.1));
    let tried = RwSignal::new(false);
    let read = |text: RwSignal<String>| text.with(|t| edit::parse_metres(t)).filter(|v| *v > 0.0);
    let create = move |_| {
        tried.set(true);
        if let (Some(w), Some(h)) = (read(width), read(height)) {
            draft.update(|e: &mut Edition| e.plan = Some(edit::new_plan(w, h)));
        }
    };
    let size_field = move |id: &'static str, label: &'static str, text: RwSignal<String>| {
        let error_id = format!("{id}-erreur");
        let bad = move || tried.get() && read(text).is_none();
        view! {
            <div class="field" class:field-invalid=bad>
                <label for=id>{label}</label>
                <input id=id type="text" inputmode="decimal" autocomplete="off" aria-describedby=error_id.clone()
                    aria-invalid=move || bad().then_some("true")
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                <div id=error_id class="field-issues" aria-live="polite">
                    {move || bad().then(|| view! {
                        <p class="field-error">"Écrivez un nombre de mètres plus grand que zéro, par exemple 40 ou 32,5."</p>
                    })}
                </div>
            </div>
        }
    };
    view! {
        <p>
            "Ce programme n'a pas encore de plan du village. Indiquez la taille de la salle, en mètres\u{a0}: "
            "vous placerez ensuite les stands et les repères (entrées, toilettes, ascenseur, sorties)."
        </p>
        <form class="form plan-new" novalidate=true on:submit=|ev| ev.prevent_default()>
            {size_field("plan-nouveau-largeur", "Largeur de la salle (m)", width)}
            {size_field("plan-nouveau-profondeur", "Profondeur de la salle (m)", height)}
            <button type="submit" class="button" on:click=create>"Créer un plan"</button>
        </form>
    }
}
