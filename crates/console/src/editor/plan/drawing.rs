//! The plan as SVG: the hall and its rooms drawn once from the model's markup, then each
//! stand and each feature as an element of its own that the keyboard reaches, a pointer
//! drags (mouse, finger or pen, captured so the drag survives leaving the shape) and the
//! arrow keys move.

use agir_model::plan::{edit, icon_box, svg, NUMBER_PX};
use agir_model::{FeatureKind, Point, Rect, StandId};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{focus_soon, Chosen, PlanUi};

/// Pixels a pointer travels before a press becomes a drag: a tap does not move anything.
const DRAG_SLOP_PX: i32 = 4;
/// Size of a room's name, in CSS pixels.
const ROOM_PX: f64 = 13.0;

/// The drawing, as wide as the page (and at least as wide as CSS says: it scrolls sideways
/// on a phone rather than shrinking the stands below a finger).
pub fn drawing(ui: PlanUi) -> impl IntoView {
    let draft = ui.draft;
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let measure = move || {
        let (Some(el), Some(plan)) = (svg_ref.get_untracked(), ui.plan_now(Clone::clone)) else {
            return;
        };
        let width = f64::from(el.client_width());
        if width > 0.0 {
            ui.scale.set(edit::scale(&plan, width));
        }
    };
    Effect::new(move |_| {
        if svg_ref.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let scroller = NodeRef::<leptos::html::Div>::new();
    // What is chosen from a list, or added, comes into view when the plan is wider than
    // the screen.
    Effect::new(move |_| {
        let Some(what) = ui.chosen.get() else { return };
        let (Some(el), Some(at)) = (scroller.get_untracked(), ui.anchor(&what)) else {
            return;
        };
        let (left, width) = (f64::from(el.scroll_left()), f64::from(el.client_width()));
        if let Some(to) = edit::reveal(at.center().x, ui.scale.get_untracked(), left, width) {
            el.set_scroll_left(to as i32);
        }
    });
    let view_box = move || {
        draft.edition.with(|e| {
            let plan = e.as_ref().and_then(|e| e.plan.as_ref());
            plan.map(|p| svg::rect_attr(&edit::view_box(p))).unwrap_or_default()
        })
    };
    let backdrop = Memo::new(move |_| {
        draft
            .edition
            .with(|e| e.as_ref().map(edit::backdrop).unwrap_or_default())
    });
    let stands = Memo::new(move |_| {
        draft.edition.with(|e| {
            let plan = e.as_ref().and_then(|e| e.plan.as_ref());
            plan.map(|p| p.stands.iter().map(|s| s.stand.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let features = Memo::new(move |_| {
        draft.edition.with(|e| {
            let plan = e.as_ref().and_then(|e| e.plan.as_ref());
            plan.map_or(0, |p| p.features.len())
        })
    });
    view! {
        <div class="plan-edit-scroll" node_ref=scroller>
            <svg node_ref=svg_ref class="plan-edit-svg" viewBox=view_box role="group"
                aria-label="Plan du village\u{a0}: stands et repères" aria-describedby="plan-editeur-aide">
                <g aria-hidden="true" inner_html=move || backdrop.get()></g>
                <g aria-hidden="true" class="plan-edit-rooms">{room_names(ui)}</g>
                <For each=move || stands.get() key=|id| id.clone() let:id>
                    {stand_shape(ui, id)}
                </For>
                <For each=move || 0..features.get() key=|i| *i let:i>
                    {feature_shape(ui, i)}
                </For>
            </svg>
        </div>
    }
}

/// The names of the rooms, in their top-left corner (the attendee app lays them out with
/// the stands' labels; here stands move, so they only carry their number).
fn room_names(ui: PlanUi) -> impl IntoView {
    move || {
        let size = ROOM_PX / ui.scale.get();
        ui.draft.edition.with(|e| {
            let Some(e) = e else { return Vec::new() };
            let rooms = e.plan.iter().flat_map(|p| &p.rooms);
            rooms
                .filter_map(|room| {
                    let name = e.place(&room.place)?.name.clone();
                    let (x, y) = (room.rect.x + size * 0.5, room.rect.y + size * 1.3);
                    Some(view! {
                        <text class="plan-edit-room" x=svg::num(x) y=svg::num(y) font-size=svg::num(size)>{name}</text>
                    })
                })
                .collect::<Vec<_>>()
        })
    }
}

/// One stand: its shape and number, named with its position for screen readers.
fn stand_shape(ui: PlanUi, id: StandId) -> impl IntoView {
    let what = Chosen::Stand(id.clone());
    let entry = Memo::new(move |_| {
        ui.draft.edition.with(|e| {
            let e = e.as_ref()?;
            let ps = e.plan.as_ref()?.stands.iter().find(|s| s.stand == id)?;
            let name = e.stand(&id).map(|s| s.name.clone()).unwrap_or_default();
            Some((ps.rect, ps.number.clone(), name))
        })
    });
    let rect = move || {
        entry.with(|x| x.as_ref().map(|(r, ..)| *r)).unwrap_or(Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        })
    };
    let label = move || entry.with(|x| x.as_ref().map(|(r, n, name)| edit::stand_name(n, name, r)));
    let number = move || entry.with(|x| x.as_ref().map(|(_, n, _)| n.clone()));
    let grip = Grip::new(ui, what.clone());
    let chosen = move || ui.chosen.with(|c| c.as_ref() == Some(&what));
    let font = move || NUMBER_PX / ui.scale.get();
    view! {
        <g class="edit-stand" class:chosen=chosen class:dragging=move || grip.dragging.get()
            tabindex="0" role="button" aria-label=label aria-describedby="plan-editeur-aide"
            on:pointerdown=move |ev| grip.down(&ev) on:pointermove=move |ev| grip.moved(&ev)
            on:pointerup=move |ev| grip.up(&ev) on:pointercancel=move |ev| grip.up(&ev)
            on:keydown=move |ev| grip.key(&ev) on:focus=move |_| grip.choose()>
            <rect class="edit-ring" x=move || svg::num(rect().x - 0.5) y=move || svg::num(rect().y - 0.5)
                width=move || svg::num(rect().w + 1.0) height=move || svg::num(rect().h + 1.0) rx="0.3" />
            <rect class="stand-shape" x=move || svg::num(rect().x) y=move || svg::num(rect().y)
                width=move || svg::num(rect().w) height=move || svg::num(rect().h) />
            <text class="edit-number" aria-hidden="true" text-anchor="middle" font-size=move || svg::num(font())
                x=move || svg::num(rect().center().x) y=move || svg::num(rect().center().y + font() * 0.35)>
                {number}
            </text>
        </g>
    }
}

/// One point feature (entrance, toilets…): its icon, the size it has in the attendee app.
/// A route is drawn with the hall and edited with its fields. The element stays while the
/// feature moves (a drag holds it); only a change of kind draws it again. Its sign (WC, E…)
/// is hidden from screen readers: the name already says it.
fn feature_shape(ui: PlanUi, index: usize) -> impl IntoView {
    let what = Chosen::Feature(index);
    let entry = Memo::new(move |_| {
        ui.draft.edition.with(|e| {
            let f = e.as_ref()?.plan.as_ref()?.features.get(index)?;
            let point = *f.points.first()?;
            (f.kind != FeatureKind::StepFreeRoute).then(|| (f.kind, point, edit::feature_name(f)))
        })
    });
    let kind = Memo::new(move |_| entry.with(|x| x.as_ref().map(|(k, ..)| *k)));
    let point = move || {
        entry
            .with(|x| x.as_ref().map(|(_, p, _)| *p))
            .unwrap_or(Point { x: 0.0, y: 0.0 })
    };
    let name = move || entry.with(|x| x.as_ref().map(|(.., n)| n.clone()));
    let icon = move |kind| {
        icon_box(kind, point(), ui.scale.get()).unwrap_or(Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        })
    };
    let grip = Grip::new(ui, what.clone());
    let chosen = move || ui.chosen.with(|c| c.as_ref() == Some(&what));
    move || {
        let kind = kind.get()?;
        let b = move || icon(kind);
        let class = format!("edit-feature feature-{}", svg::feature_code(kind));
        Some(view! {
            <g class=class class:chosen=chosen.clone() class:dragging=move || grip.dragging.get()
                tabindex="0" role="button" aria-label=name aria-describedby="plan-editeur-aide"
                on:pointerdown=move |ev| grip.down(&ev) on:pointermove=move |ev| grip.moved(&ev)
                on:pointerup=move |ev| grip.up(&ev) on:pointercancel=move |ev| grip.up(&ev)
                on:keydown=move |ev| grip.key(&ev) on:focus=move |_| grip.choose()>
                <rect class="edit-ring" x=move || svg::num(b().x - 0.4) y=move || svg::num(b().y - 0.4)
                    width=move || svg::num(b().w + 0.8) height=move || svg::num(b().h + 0.8)
                    rx=move || svg::num(b().w * 0.25) />
                <rect class="edit-icon" x=move || svg::num(b().x) y=move || svg::num(b().y)
                    width=move || svg::num(b().w) height=move || svg::num(b().h) rx=move || svg::num(b().w * 0.2) />
                <text aria-hidden="true" text-anchor="middle" x=move || svg::num(point().x) y=move || svg::num(point().y + b().h * 0.18)
                    font-size=move || svg::num(b().h * 0.5)>{svg::feature_glyph(kind)}</text>
            </g>
        })
    }
}

/// A drag under way: which pointer, where it went down, where the thing was.
#[derive(Debug, Clone, Copy)]
struct Drag {
    pointer: i32,
    from: (i32, i32),
    start: Rect,
    moved: bool,
}

/// What makes a stand or a feature movable: pointer and key handlers around its draft.
#[derive(Clone, Copy)]
struct Grip {
    ui: PlanUi,
    what: StoredValue<Chosen>,
    drag: StoredValue<Option<Drag>>,
    dragging: RwSignal<bool>,
}

impl Grip {
    fn new(ui: PlanUi, what: Chosen) -> Self {
        Self {
            ui,
            what: StoredValue::new(what),
            drag: StoredValue::new(None),
            dragging: RwSignal::new(false),
        }
    }

    fn choose(self) {
        self.ui.choose(self.what.get_value());
    }

    fn down(self, ev: &ev::PointerEvent) {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let Some(start) = self.ui.anchor(&self.what.get_value()) else {
            return;
        };
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::SvgElement>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
            let _ = el.focus();
        }
        self.choose();
        self.drag.set_value(Some(Drag {
            pointer: ev.pointer_id(),
            from: (ev.client_x(), ev.client_y()),
            start,
            moved: false,
        }));
    }

    fn moved(self, ev: &ev::PointerEvent) {
        let Some(mut drag) = self.drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else {
            return;
        };
        let (dx, dy) = (ev.client_x() - drag.from.0, ev.client_y() - drag.from.1);
        if !drag.moved && dx.abs() + dy.abs() < DRAG_SLOP_PX {
            return;
        }
        ev.prevent_default();
        if !drag.moved {
            drag.moved = true;
            self.drag.set_value(Some(drag));
            self.dragging.set(true);
        }
        let what = self.what.get_value();
        let scale = self.ui.scale.get_untracked();
        let to = self
            .ui
            .plan_now(|plan| edit::dragged(drag.start, f64::from(dx), f64::from(dy), scale, plan));
        if let Some(to) = to.filter(|to| self.ui.anchor(&what) != Some(*to)) {
            self.ui.put(&what, to);
        }
    }

    fn up(self, ev: &ev::PointerEvent) {
        let Some(drag) = self.drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else {
            return;
        };
        self.drag.set_value(None);
        self.dragging.set(false);
        if drag.moved {
            self.ui.say_moved(&self.what.get_value());
        }
    }

    /// Arrows move by half a metre (2 m with Shift); Enter goes to the fields.
    fn key(self, ev: &ev::KeyboardEvent) {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let what = self.what.get_value();
        if ev.key() == "Enter" || ev.key() == " " {
            ev.prevent_default();
            self.choose();
            focus_soon("plan-x");
            return;
        }
        let Some((dx, dy)) = edit::key_step(&ev.key(), ev.shift_key()) else {
            return;
        };
        ev.prevent_default();
        self.choose();
        let to = self
            .ui
            .anchor(&what)
            .and_then(|at| self.ui.plan_now(|plan| edit::nudged(at, dx, dy, plan)));
        if let Some(to) = to {
            self.ui.put(&what, to);
        }
        self.ui.say_moved(&what);
    }
}
