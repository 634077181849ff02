//! The lists beside the drawing: stands still to place, stands on the plan (a way to choose
//! one without aiming at it), and the features, with the choice of a new one to add.

use agir_model::plan::{edit, svg};
use agir_model::{FeatureKind, StandId};
use leptos::prelude::*;

use super::panel::{kind_of, KINDS};
use super::{focus_soon, Chosen, PlanUi};

/// A stand's name, or what stands for it while it has none.
fn display_name(name: &str) -> String {
    if name.trim().is_empty() {
        "Stand sans nom".into()
    } else {
        name.to_owned()
    }
}

/// The edition's stands that are not on the plan, each with "Placer sur le plan".
pub fn unplaced_stands(ui: PlanUi) -> impl IntoView {
    let draft = ui.draft;
    let waiting = Memo::new(move |_| {
        draft.edition.with(|e| {
            let Some(e) = e else { return Vec::new() };
            edit::unplaced(e)
                .into_iter()
                .map(|s| (s.id.clone(), display_name(&s.name)))
                .collect::<Vec<_>>()
        })
    });
    let place = move |id: StandId| {
        let mut placed = None;
        draft.update(|e| placed = edit::place_stand(e, &id));
        if placed.is_some() {
            let what = Chosen::Stand(id);
            ui.choose(what.clone());
            let at = ui.anchor(&what).map(|r| edit::position(r.x, r.y)).unwrap_or_default();
            ui.said
                .set(format!("{} placé sur le plan\u{a0}: {at}.", ui.name(&what)));
            focus_soon("plan-x");
        }
    };
    view! {
        <section class="plan-edit-section" aria-labelledby="plan-a-placer-titre">
            <h2 id="plan-a-placer-titre">"Stands à placer"</h2>
            {move || waiting.with(Vec::is_empty).then(|| view! {
                <p class="hint">"Tous les stands de la liste sont sur le plan."</p>
            })}
            <ul class="plain-list plan-edit-list">
                {move || waiting.get().into_iter().map(|(id, name)| {
                    let label = name.clone();
                    view! {
                        <li>
                            <span class="plan-edit-item">{name}</span>
                            <button type="button" class="button" on:click=move |_| place(id.clone())>
                                "Placer sur le plan"<span class="plan-hidden">{format!("\u{a0}: {label}")}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// The stands on the plan, by number: choosing one goes to its fields.
pub fn placed_stands(ui: PlanUi) -> impl IntoView {
    let draft = ui.draft;
    let placed = Memo::new(move |_| {
        draft.edition.with(|e| {
            let Some(e) = e else { return Vec::new() };
            let stands = e.plan.iter().flat_map(|p| &p.stands);
            stands
                .map(|ps| {
                    let name = e.stand(&ps.stand).map(|s| display_name(&s.name)).unwrap_or_default();
                    let text = svg::stand_label(&ps.number, &name, false);
                    (ps.stand.clone(), text, edit::position(ps.rect.x, ps.rect.y))
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="plan-edit-section" aria-labelledby="plan-places-titre">
            <h2 id="plan-places-titre">"Stands sur le plan"</h2>
            <details class="plan-edit-details">
                <summary>{move || format!("Choisir un stand dans la liste\u{a0}({})", placed.with(Vec::len))}</summary>
                <ul class="plain-list plan-edit-choices">
                    {move || placed.get().into_iter().map(|(id, text, at)| view! {
                        <li>
                            <button type="button" class="button secondary plan-edit-choose"
                                on:click=move |_| { ui.choose(Chosen::Stand(id.clone())); focus_soon("plan-x"); }>
                                <span>{text}</span>
                                <span class="plan-edit-at">{at}</span>
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
            </details>
        </section>
    }
}

/// The features, each with "Modifier" and "Supprimer", and the choice of one to add.
pub fn features(ui: PlanUi) -> impl IntoView {
    let draft = ui.draft;
    let list = Memo::new(move |_| {
        draft.edition.with(|e| {
            let features = e.iter().flat_map(|e| &e.plan).flat_map(|p| &p.features);
            features
                .map(|f| {
                    let at = f.points.first().map(|p| edit::position(p.x, p.y)).unwrap_or_default();
                    (edit::feature_title(f), at)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="plan-edit-section" aria-labelledby="plan-reperes-titre">
            <h2 id="plan-reperes-titre">"Repères\u{a0}: entrées, accueil, toilettes, ascenseur, sorties"</h2>
            <ul class="plain-list plan-edit-list">
                {move || list.get().into_iter().enumerate().map(|(i, (title, at))| {
                    let hidden = format!("\u{a0}: {title}");
                    view! {
                        <li>
                            <span class="plan-edit-item">{title}<span class="plan-edit-at">{at}</span></span>
                            <span class="plan-edit-buttons">
                                <button type="button" class="button secondary"
                                    on:click=move |_| { ui.choose(Chosen::Feature(i)); focus_soon("plan-repere-type"); }>
                                    "Modifier"<span class="plan-hidden">{hidden.clone()}</span>
                                </button>
                                <button type="button" class="button secondary" on:click=move |_| ui.remove_feature(i)>
                                    "Supprimer"<span class="plan-hidden">{hidden}</span>
                                </button>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {add_feature(ui)}
        </section>
    }
}

/// Chooses a kind and adds a feature of it in the middle of the hall.
fn add_feature(ui: PlanUi) -> impl IntoView {
    let kind = RwSignal::new(FeatureKind::Toilets);
    let add = move |_| {
        let mut added = None;
        ui.edit_plan(|plan| added = Some(edit::add_feature(plan, kind.get_untracked())));
        if let Some(i) = added {
            let what = Chosen::Feature(i);
            ui.choose(what.clone());
            let at = ui.anchor(&what).map(|r| edit::position(r.x, r.y)).unwrap_or_default();
            ui.said.set(format!(
                "{} ajouté au milieu du plan ({at})\u{a0}: faites-le glisser ou donnez sa position.",
                ui.name(&what)
            ));
            focus_soon("plan-x");
        }
    };
    view! {
        <div class="plan-edit-add">
            <div class="field">
                <label for="plan-nouveau-repere">"Type de repère à ajouter"</label>
                <select id="plan-nouveau-repere"
                    prop:value=move || svg::feature_code(kind.get())
                    on:change=move |ev| if let Some(k) = kind_of(&event_target_value(&ev)) { kind.set(k) }>
                    {KINDS.iter().map(|k| view! {
                        <option value=svg::feature_code(*k)>{k.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="button" on:click=add>"Ajouter ce repère"</button>
        </div>
    }
}
