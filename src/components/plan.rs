//! The village plan as inline SVG, drawn from the edition's data: the hall, the rooms, the
//! stands, the entrances and other features. Pan and zoom by touch (pinch, drag), by mouse
//! (drag, Ctrl + wheel), by buttons and by keyboard. The maths and the label placement live
//! in `agir_model::plan`; this component reads pointers and draws.

use std::sync::Arc;

use agir_model::paths;
use agir_model::plan::gesture::{Gesture, PointerKind};
use agir_model::plan::{label_zoom, place_labels, svg, Size, Stage, View, ROOM_FILL, STAND_FILL};
use agir_model::{Edition, FeatureKind, PlaceId, Plan, Point, Rect, StandId};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::programme::Snapshot;
use crate::state::settings::use_settings;

/// Something a person can choose on the village plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stand(StandId),
    Place(PlaceId),
}

impl Target {
    /// The address of its sheet: printed on QR codes and linked from session pages.
    pub fn href(&self) -> String {
        match self {
            Self::Stand(id) => paths::stand(id),
            Self::Place(id) => paths::place(id),
        }
    }

    /// Where it is drawn on the plan, if it is.
    pub fn rect(&self, edition: &Edition) -> Option<Rect> {
        let plan = edition.plan.as_ref()?;
        match self {
            Self::Stand(id) => plan.stands.iter().find(|s| &s.stand == id).map(|s| s.rect),
            Self::Place(id) => plan.rooms.iter().find(|r| &r.place == id).map(|r| r.rect),
        }
    }
}

/// Zoom step of the buttons and the + and − keys.
const ZOOM_STEP: f64 = 1.5;
/// Share of the viewport an arrow key pans by.
const PAN_STEP: f64 = 0.15;
/// Size of the viewport before it is measured (a 390 px phone).
const INITIAL: Size = Size {
    width: 390.0,
    height: 292.5,
};

/// Where the plan's viewport looks, and its size once measured.
#[derive(Clone, Copy)]
struct Camera {
    container: NodeRef<leptos::html::Div>,
    viewport: RwSignal<Size>,
    /// The viewport was measured: a chosen stand can be brought to its middle.
    measured: RwSignal<bool>,
    stage: Memo<Stage>,
    view: RwSignal<View>,
}

impl Camera {
    fn new(plan: Arc<Plan>) -> Self {
        let viewport = RwSignal::new(INITIAL);
        let stage = Memo::new(move |_| Stage::new(&plan, viewport.get()));
        Self {
            container: NodeRef::new(),
            viewport,
            measured: RwSignal::new(false),
            stage,
            view: RwSignal::new(View::fit(&stage.get_untracked())),
        }
    }

    /// Reads the viewport's size (at first, and after a phone is turned sideways). Drawn
    /// behind the server's page (`agir_ui::mount_behind`), the plan has no size yet: the
    /// server's plan, laid out the same and already on screen, gives it. The app then shows
    /// the view it will keep, and the swap costs one layout instead of two (~40 ms each on
    /// a slow phone).
    fn measure(self) {
        let Some(el) = self.container.get_untracked() else {
            return;
        };
        let el: web_sys::Element = if el.is_connected() {
            el.into()
        } else {
            match document().query_selector(".plan-viewport") {
                Ok(Some(shown)) => shown,
                _ => return,
            }
        };
        let size = Size {
            width: f64::from(el.client_width()),
            height: f64::from(el.client_height()),
        };
        if size.width <= 0.0 || size.height <= 0.0 {
            return;
        }
        if self.viewport.get_untracked() != size {
            self.viewport.set(size);
            self.view.update(|v| *v = v.clamped(&self.stage.get_untracked()));
        }
        // Once only: a phone's address bar coming and going fires resize events, and the
        // view must not jump back to the chosen stand each time.
        if !self.measured.get_untracked() {
            self.measured.set(true);
        }
    }

    /// `f(view, stage)` becomes the view.
    fn change(self, f: impl FnOnce(View, &Stage) -> View) {
        let stage = self.stage.get_untracked();
        self.view.update(|v| *v = f(*v, &stage));
    }

    fn zoom_by(self, factor: f64) {
        self.change(|v, s| {
            let centre = Point {
                x: s.viewport.width / 2.0,
                y: s.viewport.height / 2.0,
            };
            v.zoomed_at(s, factor, centre)
        });
    }

    fn recentre(self) {
        self.change(|_, s| View::fit(s));
    }

    /// A point of the window (`clientX`, `clientY`) in viewport pixels.
    fn local(self, client_x: i32, client_y: i32) -> Point {
        let (left, top) = self
            .container
            .get_untracked()
            .map(|el| {
                let r = el.get_bounding_client_rect();
                (r.left(), r.top())
            })
            .unwrap_or_default();
        Point {
            x: f64::from(client_x) - left,
            y: f64::from(client_y) - top,
        }
    }

    /// Arrows pan, + and − zoom, 0 shows the whole plan; false for any other key.
    fn key(self, key: &str) -> bool {
        let s = self.stage.get_untracked();
        let (w, h) = (s.viewport.width * PAN_STEP, s.viewport.height * PAN_STEP);
        match key {
            "ArrowLeft" => self.change(|v, s| v.panned(s, w, 0.0)),
            "ArrowRight" => self.change(|v, s| v.panned(s, -w, 0.0)),
            "ArrowUp" => self.change(|v, s| v.panned(s, 0.0, h)),
            "ArrowDown" => self.change(|v, s| v.panned(s, 0.0, -h)),
            "+" | "=" => self.zoom_by(ZOOM_STEP),
            "-" | "_" => self.zoom_by(1.0 / ZOOM_STEP),
            "0" => self.recentre(),
            _ => return false,
        }
        true
    }

    /// Follows a pointer of the current gesture.
    fn pointer_moved(self, gesture: StoredValue<Gesture>, ev: &ev::PointerEvent) {
        let (at, s) = (self.local(ev.client_x(), ev.client_y()), self.stage.get_untracked());
        let Some(step) = gesture.try_update_value(|g| g.moved(ev.pointer_id(), at, &s)) else {
            return;
        };
        if step.capture {
            if let Some(el) = self.container.get_untracked() {
                let _ = el.set_pointer_capture(ev.pointer_id());
            }
        }
        if let Some(v) = step.view {
            ev.prevent_default();
            self.view.set(v);
        }
        if step.scroll != 0.0 {
            window().scroll_by_with_x_and_y(0.0, step.scroll);
        }
    }
}

/// The interactive plan: the zoom buttons and the drawing.
#[component]
pub fn VillagePlan(
    /// The loaded programme; its edition's plan is drawn.
    snapshot: Arc<Snapshot>,
    /// The chosen stand or room: highlighted, and brought to the middle unless it was just
    /// tapped on the plan (then the view stays where the person put it).
    #[prop(into)]
    selected: Signal<Option<Target>>,
    /// The stands that the list's search and filter keep (`None`: no search): outlined.
    #[prop(into)]
    matching: Signal<Option<Vec<StandId>>>,
    /// Called when a person chooses a stand or a room on the plan.
    on_choose: Callback<Target>,
) -> impl IntoView {
    let plan = Arc::new(snapshot.edition.plan.clone().unwrap_or_else(|| Plan {
        width: 1.0,
        height: 1.0,
        outline: vec![],
        stands: vec![],
        features: vec![],
        rooms: vec![],
        assumption: None,
    }));
    let camera = Camera::new(plan);
    Effect::new(move |_| {
        if camera.container.get().is_some() {
            camera.measure();
        }
    });
    let resize = window_event_listener(ev::resize, move |_| camera.measure());
    on_cleanup(move || resize.remove());
    let tapped = StoredValue::new(None::<Target>);
    follow_choice(camera, snapshot.clone(), selected, tapped);
    let zoomed_in = Memo::new(move |_| camera.view.get().is_zoomed_in());
    let choose = move |target: Target| {
        tapped.set_value(Some(target.clone()));
        on_choose.run(target);
    };

    view! {
        <div class="plan-frame">
            <div class="plan-toolbar" role="group" aria-label="Zoom du plan">
                <button type="button" class="button secondary plan-zoom-in" on:click=move |_| camera.zoom_by(ZOOM_STEP)>
                    <span aria-hidden="true">"+"</span>
                    <span class="visually-hidden">"Agrandir le plan"</span>
                </button>
                <button type="button" class="button secondary plan-zoom-out" on:click=move |_| camera.zoom_by(1.0 / ZOOM_STEP)>
                    <span aria-hidden="true">"−"</span>
                    <span class="visually-hidden">"Réduire le plan"</span>
                </button>
                <button type="button" class="button secondary plan-recentre" on:click=move |_| camera.recentre()>
                    "Recentrer"
                </button>
            </div>
            {plan_viewport(camera, snapshot, selected, matching, choose, zoomed_in)}
        </div>
    }
}

/// The view goes to what is chosen from elsewhere (the list, a deep link, Back), but stays
/// where the person put it when the choice is a tap on the plan itself.
fn follow_choice(
    camera: Camera,
    snapshot: Arc<Snapshot>,
    selected: Signal<Option<Target>>,
    tapped: StoredValue<Option<Target>>,
) {
    Effect::new(move |_| {
        let target = selected.get();
        if !camera.measured.get() {
            return;
        }
        let Some(target) = target else { return };
        if tapped.get_value().as_ref() == Some(&target) {
            tapped.set_value(None);
            return;
        }
        if let Some(rect) = target.rect(&snapshot.edition) {
            let fill = match target {
                Target::Stand(_) => STAND_FILL,
                Target::Place(_) => ROOM_FILL,
            };
            camera.change(|_, s| View::centred_on(s, rect, fill));
        }
    });
}

/// The plan's viewport: pointers, wheel, keys and clicks in (`choose` is called with what
/// is tapped), the SVG drawing out.
fn plan_viewport(
    camera: Camera,
    snapshot: Arc<Snapshot>,
    selected: Signal<Option<Target>>,
    matching: Signal<Option<Vec<StandId>>>,
    choose: impl Fn(Target) + 'static,
    zoomed_in: Memo<bool>,
) -> impl IntoView {
    let gesture = StoredValue::new(Gesture::default());
    let on_down = move |ev: ev::PointerEvent| {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let kind = PointerKind::parse(&ev.pointer_type());
        let (at, now) = (camera.local(ev.client_x(), ev.client_y()), camera.view.get_untracked());
        gesture.update_value(|g| g.down(ev.pointer_id(), kind, at, now));
    };
    let on_up = move |ev: ev::PointerEvent| {
        let now = camera.view.get_untracked();
        gesture.update_value(|g| g.up(ev.pointer_id(), now));
    };
    let on_wheel = move |ev: ev::WheelEvent| {
        // Ctrl + wheel (and a touchpad pinch, which the browser sends as such) zooms; the
        // plain wheel keeps scrolling the page.
        if ev.ctrl_key() {
            ev.prevent_default();
            let at = camera.local(ev.client_x(), ev.client_y());
            let factor = (-ev.delta_y() * 0.01).exp();
            camera.change(|v, s| v.zoomed_at(s, factor, at));
        }
    };
    let on_key = move |ev: ev::KeyboardEvent| {
        if !(ev.ctrl_key() || ev.meta_key() || ev.alt_key()) && camera.key(&ev.key()) {
            ev.prevent_default();
        }
    };
    // A click on a stand or a room (the links of the drawing) chooses it, unless it ends a
    // drag or a pinch.
    let on_click = {
        let snapshot = snapshot.clone();
        move |ev: ev::MouseEvent| {
            let Some(link) = link_of(&ev) else { return };
            ev.prevent_default();
            // A click from the keyboard (Enter on a focused stand) has no pointer behind it.
            if ev.detail() > 0 && gesture.with_value(Gesture::dragged) {
                return;
            }
            if let Some(target) = target_of(&link, &snapshot.edition) {
                choose(target);
            }
        }
    };
    // A stand reached with the Tab key comes into view.
    let on_focus = {
        let snapshot = snapshot.clone();
        move |ev: ev::FocusEvent| {
            let rect = link_of(&ev)
                .and_then(|link| target_of(&link, &snapshot.edition))
                .and_then(|t| t.rect(&snapshot.edition));
            if let Some(rect) = rect {
                camera.change(|v, s| v.revealing(s, rect));
            }
        }
    };
    view! {
        <div
            class="plan-viewport"
            class:zoomed=move || zoomed_in.get()
            node_ref=camera.container
            tabindex="0"
            role="group"
            aria-label="Plan du village des solidarités"
            aria-describedby="plan-aide"
            on:pointerdown=on_down
            on:pointermove=move |ev| camera.pointer_moved(gesture, &ev)
            on:pointerup=on_up
            on:pointercancel=on_up
            on:wheel=on_wheel
            on:keydown=on_key
            on:click=on_click
            on:focusin=on_focus
        >
            {plan_drawing(camera, snapshot, selected, matching)}
        </div>
    }
}

/// The drawing, set as markup layer by layer: the plan itself once, its features and labels
/// again when the zoom crosses a step; only the choice and the search's matches change
/// classes on it.
fn plan_drawing(
    camera: Camera,
    snapshot: Arc<Snapshot>,
    selected: Signal<Option<Target>>,
    matching: Signal<Option<Vec<StandId>>>,
) -> impl IntoView {
    // Labels are laid out again only when the zoom crosses a quarter-octave step. With
    // "Grand texte" they grow like the page's text (22 px instead of 18): laying them out
    // as if the plan were that much smaller keeps every guarantee of the layout.
    let settings = use_settings();
    let label_scale = Memo::new(move |_| {
        let text = if settings.large_text.get() { 22.0 / 18.0 } else { 1.0 };
        camera.stage.get().fit_scale() * label_zoom(camera.view.get().zoom) / text
    });
    let labels = {
        let snapshot = snapshot.clone();
        Memo::new(move |_| place_labels(&snapshot.edition, label_scale.get()))
    };
    let view_box = move || svg::rect_attr(&camera.view.get().view_box(&camera.stage.get()));
    let base = svg::base(&snapshot.edition);
    let drawing = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |_| {
        let (chosen, kept) = (selected.get(), matching.get());
        if let Some(g) = drawing.get() {
            mark_links(&g, chosen.as_ref(), kept.as_deref());
        }
    });
    let features = move || svg::features(&snapshot.edition, label_scale.get());
    let label_markup = move || labels.with(|l| svg::labels(l, label_scale.get()));
    let hatch = move || svg::num(8.0 / label_scale.get());
    let hatch_line = move || svg::num(8.0 * 0.35 / label_scale.get());
    view! {
        <svg class="plan-svg" role="none" viewBox=view_box preserveAspectRatio="xMidYMid meet">
            <defs>
                <pattern
                    id="plan-hachures"
                    patternUnits="userSpaceOnUse"
                    width=hatch
                    height=hatch
                    patternTransform="rotate(45)"
                >
                    <rect class="hatch-line" x="0" y="0" width=hatch_line height=hatch />
                </pattern>
            </defs>
            <g node_ref=drawing inner_html=base></g>
            <g aria-hidden="true" inner_html=features></g>
            <g class="plan-labels" aria-hidden="true" inner_html=label_markup></g>
        </svg>
    }
}

/// Marks the chosen stand or room (`selected`, `aria-current`) and the stands the search
/// keeps (`match`) among the links of the drawing.
fn mark_links(drawing: &web_sys::Element, chosen: Option<&Target>, kept: Option<&[StandId]>) {
    let Ok(links) = drawing.query_selector_all("a") else {
        return;
    };
    for i in 0..links.length() {
        let Some(link) = links.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
            continue;
        };
        let stand = link.get_attribute("data-stand");
        let place = link.get_attribute("data-place");
        let is_chosen = match chosen {
            Some(Target::Stand(id)) => stand.as_deref() == Some(id.as_str()),
            Some(Target::Place(id)) => place.as_deref() == Some(id.as_str()),
            None => false,
        };
        let is_kept = stand
            .as_deref()
            .is_some_and(|s| kept.is_some_and(|k| k.iter().any(|id| id.as_str() == s)));
        let classes = link.class_list();
        let _ = classes.toggle_with_force("selected", is_chosen);
        let _ = classes.toggle_with_force("match", is_kept);
        if is_chosen {
            let _ = link.set_attribute("aria-current", "true");
        } else {
            let _ = link.remove_attribute("aria-current");
        }
    }
}

/// The stand or room link an event happened in.
fn link_of(ev: &web_sys::Event) -> Option<web_sys::Element> {
    let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    el.closest("a[data-stand], a[data-place]").ok().flatten()
}

/// What a link of the drawing opens.
fn target_of(link: &web_sys::Element, edition: &Edition) -> Option<Target> {
    if let Some(id) = link.get_attribute("data-stand") {
        let id = StandId::parse(id).ok()?;
        edition.stand(&id)?;
        return Some(Target::Stand(id));
    }
    let id = PlaceId::parse(link.get_attribute("data-place")?).ok()?;
    edition.place(&id)?;
    Some(Target::Place(id))
}

/// How to use the plan: the description of the plan's viewport (`aria-describedby`).
#[component]
pub fn PlanHelp() -> impl IntoView {
    view! {
        <p id="plan-aide" class="plan-help">
            "Touchez un stand pour ouvrir sa fiche. Agrandissez avec deux doigts ou le bouton +. "
            "Au clavier, sur le plan\u{a0}: flèches pour vous déplacer, + et − pour agrandir ou réduire."
        </p>
    }
}

/// What the symbols on the plan mean.
#[component]
pub fn PlanLegend(
    /// The plan whose features are explained.
    plan: Arc<Plan>,
) -> impl IntoView {
    let mut kinds: Vec<FeatureKind> = Vec::new();
    for f in &plan.features {
        if !kinds.contains(&f.kind) {
            kinds.push(f.kind);
        }
    }
    let items = kinds
        .into_iter()
        .map(|kind| {
            let symbol = if kind == FeatureKind::StepFreeRoute {
                view! {
                    <svg class="legend-symbol" viewBox="0 0 28 28" aria-hidden="true">
                        <line class="plan-route" x1="2" y1="14" x2="26" y2="14" />
                    </svg>
                }
                .into_any()
            } else {
                let class = format!("plan-feature feature-{}", svg::feature_code(kind));
                view! {
                    <svg class="legend-symbol" viewBox="0 0 28 28" aria-hidden="true">
                        <g class=class>
                            <rect x="0" y="0" width="28" height="28" rx="5.6" />
                            <text x="14" y="19" font-size="14" text-anchor="middle">{svg::feature_glyph(kind)}</text>
                        </g>
                    </svg>
                }
                .into_any()
            };
            view! { <li>{symbol}<span>{kind.label()}</span></li> }
        })
        .collect_view();
    view! {
        <details class="plan-legend">
            <summary>"Légende du plan"</summary>
            <ul>
                <li>
                    <svg class="legend-symbol" viewBox="0 0 28 28" aria-hidden="true">
                        <rect class="stand-shape" x="2" y="6" width="24" height="16" />
                    </svg>
                    <span>"Stand, avec son numéro"</span>
                </li>
                <li>
                    <svg class="legend-symbol" viewBox="0 0 28 28" aria-hidden="true">
                        <rect class="room-shape" x="2" y="4" width="24" height="20" />
                    </svg>
                    <span>"Salle ou espace du programme"</span>
                </li>
                {items}
            </ul>
        </details>
    }
}
