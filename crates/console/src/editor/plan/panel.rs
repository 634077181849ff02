//! The fields of what is chosen on the plan (a stand's position and size, a feature's kind,
//! name and points), and the hall's own size: the numeric alternative to dragging.

use agir_model::plan::edit;
use agir_model::{Edition, Feature, FeatureKind, Plan, PlanStand, Rect, StandId};
use leptos::prelude::*;

use super::metres::{metres_field, Metres};
use super::{Chosen, PlanUi};
use crate::fields::{field, get, optional, set, text_of, Field, IssuesAt, Kind};

/// Every kind of feature, in the order they are offered.
pub const KINDS: [FeatureKind; 6] = [
    FeatureKind::Entrance,
    FeatureKind::Exit,
    FeatureKind::Toilets,
    FeatureKind::Lift,
    FeatureKind::InfoDesk,
    FeatureKind::StepFreeRoute,
];

/// The kind whose code (`toilets`, `lift`…) is `code`.
pub fn kind_of(code: &str) -> Option<FeatureKind> {
    KINDS
        .into_iter()
        .find(|k| agir_model::plan::svg::feature_code(*k) == code)
}

/// The fields of the chosen stand or feature, or how to choose one.
pub fn chosen_panel(ui: PlanUi) -> impl IntoView {
    move || {
        match ui.chosen.get() {
        None => view! {
            <p class="hint plan-edit-none">
                "Choisissez un stand ou un repère, sur le plan ou dans les listes plus bas, pour changer sa position au mètre près."
            </p>
        }
        .into_any(),
        Some(Chosen::Stand(id)) => stand_panel(ui, id).into_any(),
        Some(Chosen::Feature(i)) => feature_panel(ui, i).into_any(),
    }
    }
}

fn stand_of<'a>(e: &'a Edition, id: &StandId) -> Option<&'a PlanStand> {
    e.plan.as_ref()?.stands.iter().find(|s| &s.stand == id)
}

fn stand_mut<'a>(e: &'a mut Edition, id: &StandId) -> Option<&'a mut PlanStand> {
    e.plan.as_mut()?.stands.iter_mut().find(|s| &s.stand == id)
}

/// A stand's position and size, and "Retirer du plan".
fn stand_panel(ui: PlanUi, id: StandId) -> impl IntoView {
    let draft = ui.draft;
    let index = Memo::new({
        let id = id.clone();
        move |_| {
            draft
                .edition
                .with(|e| e.as_ref()?.plan.as_ref()?.stands.iter().position(|s| s.stand == id))
        }
    });
    let title = Memo::new({
        let id = id.clone();
        move |_| {
            draft.edition.with(|e| {
                let e = e.as_ref()?;
                let name = e.stand(&id).map(|s| s.name.clone()).unwrap_or_default();
                stand_of(e, &id).map(|ps| agir_model::plan::svg::stand_label(&ps.number, &name, false))
            })
        }
    });
    let issues = Memo::new(move |_| {
        index
            .get()
            .map(|i| draft.issues_at(&format!("/plan/stands/{i}")))
            .unwrap_or_default()
    });
    let invalid = Signal::derive(move || issues.with(|i| !i.errors.is_empty()));
    let side = |key: &'static str, label: &'static str, read: fn(&Rect) -> f64, write: fn(&mut Rect, f64)| {
        let (a, b) = (id.clone(), id.clone());
        let m = Metres::new(
            format!("plan-{key}"),
            label,
            move |e| stand_of(e, &a).map(|s| read(&s.rect)),
            move |e, v| {
                if let Some(s) = stand_mut(e, &b) {
                    let mut rect = s.rect;
                    write(&mut rect, v);
                    edit::set_rect(s, rect);
                }
            },
        );
        metres_field(draft, m, "plan-choisi-erreurs".into(), invalid)
    };
    let remove = {
        let id = id.clone();
        move |_| {
            let name = ui.name(&Chosen::Stand(id.clone()));
            ui.edit_plan(|plan| plan.stands.retain(|s| s.stand != id));
            ui.chosen.set(None);
            ui.said.set(format!(
                "{name} retiré du plan\u{a0}: il est dans la liste des stands à placer."
            ));
        }
    };
    view! {
        <section class="plan-chosen" aria-labelledby="plan-choisi-titre">
            <h2 id="plan-choisi-titre">{move || title.get()}</h2>
            <fieldset class="metres-grid">
                <legend>"Position et taille, en mètres"</legend>
                {side("x", "X\u{a0}: depuis le bord gauche", |r| r.x, |r, v| r.x = v)}
                {side("y", "Y\u{a0}: depuis le bord du haut", |r| r.y, |r, v| r.y = v)}
                {side("largeur", "Largeur", |r| r.w, |r, v| r.w = v)}
                {side("profondeur", "Profondeur", |r| r.h, |r, v| r.h = v)}
            </fieldset>
            <IssuesAt id="plan-choisi-erreurs".into() issues />
            <p class="plan-chosen-actions">
                <button type="button" class="button secondary" on:click=remove>"Retirer du plan"</button>
            </p>
        </section>
    }
}

fn feature_of(e: &Edition, i: usize) -> Option<&Feature> {
    e.plan.as_ref()?.features.get(i)
}

fn feature_mut(e: &mut Edition, i: usize) -> Option<&mut Feature> {
    e.plan.as_mut()?.features.get_mut(i)
}

/// A feature's kind, name and points, and "Supprimer ce repère".
fn feature_panel(ui: PlanUi, i: usize) -> impl IntoView {
    let draft = ui.draft;
    let title = Memo::new(move |_| {
        draft
            .edition
            .with(|e| e.as_ref().and_then(|e| feature_of(e, i)).map(edit::feature_title))
    });
    let is_route = Memo::new(move |_| {
        draft.edition.with(|e| {
            e.as_ref()
                .and_then(|e| feature_of(e, i))
                .is_some_and(|f| f.kind == FeatureKind::StepFreeRoute)
        })
    });
    let at = format!("/plan/features/{i}");
    let kinds = KINDS
        .iter()
        .map(|k| (agir_model::plan::svg::feature_code(*k).to_owned(), k.label().to_owned()))
        .collect();
    let kind = field(
        draft,
        Field::new("plan-repere-type", "Type de repère", format!("{at}/kind")).kind(Kind::Choice(kinds)),
        get(move |e| {
            feature_of(e, i)
                .map(|f| agir_model::plan::svg::feature_code(f.kind).to_owned())
                .unwrap_or_default()
        }),
        set(move |e, v| {
            if let (Some(f), Some(k)) = (feature_mut(e, i), kind_of(&v)) {
                f.kind = k;
            }
        }),
    );
    let label = field(
        draft,
        Field::new("plan-repere-nom", "Nom affiché (facultatif)", format!("{at}/label"))
            .hint("Par exemple\u{a0}: Toilettes du rez-de-chaussée."),
        get(move |e| feature_of(e, i).map(|f| text_of(&f.label)).unwrap_or_default()),
        set(move |e, v| {
            if let Some(f) = feature_mut(e, i) {
                f.label = optional(v);
            }
        }),
    );
    view! {
        <section class="plan-chosen" aria-labelledby="plan-choisi-titre">
            <h2 id="plan-choisi-titre">{move || title.get().map(|t| format!("Repère\u{a0}: {t}"))}</h2>
            {kind}
            {label}
            {move || if is_route.get() { route_points(ui, i).into_any() } else { feature_point(ui, i, 0).into_any() }}
            <p class="plan-chosen-actions">
                <button type="button" class="button secondary" on:click=move |_| ui.remove_feature(i)>"Supprimer ce repère"</button>
            </p>
        </section>
    }
}

/// The X and Y of point `j` of feature `i`, with the errors found at that point.
fn feature_point(ui: PlanUi, i: usize, j: usize) -> impl IntoView {
    let draft = ui.draft;
    let issues_id = format!("plan-point-{j}-erreurs");
    let issues = Memo::new(move |_| draft.issues_at(&format!("/plan/features/{i}/points/{j}")));
    let invalid = Signal::derive(move || issues.with(|i| !i.errors.is_empty()));
    let axis = |key: &str, label: &str, x_axis: bool| {
        let id = if j == 0 {
            format!("plan-{key}")
        } else {
            format!("plan-{key}-{j}")
        };
        let m = Metres::new(
            id,
            label,
            move |e| {
                let p = feature_of(e, i)?.points.get(j)?;
                Some(if x_axis { p.x } else { p.y })
            },
            move |e, v| {
                if let Some(p) = feature_mut(e, i).and_then(|f| f.points.get_mut(j)) {
                    if x_axis {
                        p.x = v;
                    } else {
                        p.y = v;
                    }
                }
            },
        );
        metres_field(draft, m, issues_id.clone(), invalid)
    };
    let legend = if j == 0 {
        "Position, en mètres".to_owned()
    } else {
        format!("Point {}, en mètres", j + 1)
    };
    view! {
        <fieldset class="metres-grid">
            <legend>{legend}</legend>
            {axis("x", "X\u{a0}: depuis le bord gauche", true)}
            {axis("y", "Y\u{a0}: depuis le bord du haut", false)}
        </fieldset>
        <IssuesAt id=issues_id.clone() issues />
    }
}

/// Every point of a route, and buttons to make it longer or shorter.
fn route_points(ui: PlanUi, i: usize) -> impl IntoView {
    let draft = ui.draft;
    let count = Memo::new(move |_| {
        draft
            .edition
            .with(|e| e.as_ref().and_then(|e| feature_of(e, i)).map_or(0, |f| f.points.len()))
    });
    let add = move |_| {
        ui.draft.update(|e| {
            let Some(plan) = e.plan.as_mut() else { return };
            let snapshot = plan.clone();
            if let Some(f) = plan.features.get_mut(i) {
                edit::extend_route(f, &snapshot);
            }
        });
        ui.said.set("Point ajouté au bout du cheminement.".into());
    };
    let drop_last = move |_| {
        ui.edit_plan(|plan| {
            if let Some(f) = plan.features.get_mut(i).filter(|f| f.points.len() > 2) {
                f.points.pop();
            }
        });
        ui.said.set("Dernier point du cheminement retiré.".into());
    };
    view! {
        <p class="hint">"Le cheminement relie ses points dans l'ordre, de l'entrée aux salles."</p>
        {move || (0..count.get()).map(|j| feature_point(ui, i, j)).collect_view()}
        <p class="plan-chosen-actions">
            <button type="button" class="button secondary" on:click=add>"Ajouter un point"</button>
            {move || (count.get() > 2).then(|| view! {
                <button type="button" class="button secondary" on:click=drop_last>"Retirer le dernier point"</button>
            })}
        </p>
    }
}

/// The hall's width and depth.
pub fn dimensions(ui: PlanUi) -> impl IntoView {
    let draft = ui.draft;
    let issues = Memo::new(move |_| draft.issues_at("/plan/width"));
    let invalid = Signal::derive(move || issues.with(|i| !i.errors.is_empty()));
    let side = |id: &str, label: &str, read: fn(&Plan) -> f64, write: fn(&mut Plan, f64)| {
        let m = Metres::new(
            id,
            label,
            move |e| e.plan.as_ref().map(read),
            move |e, v| {
                if let Some(p) = e.plan.as_mut() {
                    write(p, v);
                }
            },
        );
        metres_field(draft, m, "plan-salle-erreurs".into(), invalid)
    };
    view! {
        <section class="plan-edit-section" aria-labelledby="plan-salle-titre">
            <h2 id="plan-salle-titre">"Taille de la salle"</h2>
            <fieldset class="metres-grid">
                <legend>"En mètres"</legend>
                {side("plan-salle-largeur", "Largeur de la salle", |p| p.width, |p, v| p.width = v)}
                {side("plan-salle-profondeur", "Profondeur de la salle", |p| p.height, |p, v| p.height = v)}
            </fieldset>
            <IssuesAt id="plan-salle-erreurs".into() issues />
        </section>
    }
}
