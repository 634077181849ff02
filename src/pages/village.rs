//! `/village`, `/village/:stand`, `/village/lieu/:place`: the plan of the village des
//! solidarités, the sheet of what is chosen (`sheet`), and the lists of stands
//! (`stand_list`), facilities and rooms (`services`), the plan's text equivalent.

use std::sync::Arc;

use agir_model::plan::StandIndex;
use agir_model::search::Query;
use agir_model::{Edition, PlaceId, StandId};
use agir_ui::dom::{focus_without_scroll, html_element};
use leptos::ev::MouseEvent;
use leptos::prelude::*;
use leptos_router::components::Outlet;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::components::layout::use_page_title;
use crate::components::plan::{PlanHelp, PlanLegend, Target, VillagePlan};
use crate::components::states::WithProgramme;
use crate::pages::not_found::NotFound;
use crate::state::programme::{use_programme, Snapshot};

mod services;
mod sheet;
mod stand_list;
mod volunteering;

use services::services_and_rooms;
use sheet::Sheet;
use stand_list::StandList;

/// What the address asks for, before it is checked against the edition.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Asked {
    Plan,
    Stand(String),
    Place(String),
}

impl Asked {
    fn from_path(path: &str) -> Self {
        let rest = path.strip_prefix("/village").unwrap_or_default().trim_matches('/');
        match rest.split('/').collect::<Vec<_>>().as_slice() {
            [""] => Self::Plan,
            ["lieu", place] => Self::Place((*place).to_owned()),
            [stand] => Self::Stand((*stand).to_owned()),
            _ => Self::Plan,
        }
    }

    /// The target it names in `edition`, or the sentence saying what is unknown.
    fn resolve(&self, edition: &Edition) -> Result<Option<Target>, String> {
        match self {
            Self::Plan => Ok(None),
            Self::Stand(id) => StandId::parse(id.as_str())
                .ok()
                .filter(|id| edition.stand(id).is_some())
                .map(|id| Some(Target::Stand(id)))
                .ok_or_else(|| format!("Le stand «\u{a0}{id}\u{a0}» n'est pas au village des solidarités.")),
            Self::Place(id) => PlaceId::parse(id.as_str())
                .ok()
                .filter(|id| edition.place(id).is_some())
                .map(|id| Some(Target::Place(id)))
                .ok_or_else(|| format!("Le lieu «\u{a0}{id}\u{a0}» n'est pas au programme.")),
        }
    }
}

/// Where the last choice was made, to decide where focus and scroll go after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A tap or a click on the plan: the sheet under the plan takes focus.
    Plan,
    /// The list: the plan scrolls into view, the sheet takes focus.
    List,
    /// The sheet's close button: focus returns to the stand or room in the list.
    Close,
}

/// What a link of the lists does before the router follows it: the choice comes from a
/// list, and the first one pushes a history entry (Back closes the sheet).
fn chosen_in_list(
    origin: StoredValue<Option<Origin>>,
    has_selection: Memo<bool>,
    pushed: StoredValue<bool>,
) -> impl Fn(MouseEvent) + Copy + 'static {
    move |_| {
        origin.set_value(Some(Origin::List));
        if !has_selection.get_untracked() {
            pushed.set_value(true);
        }
    }
}

/// The village plan and its stands.
#[component]
pub fn VillagePage() -> impl IntoView {
    let location = use_location();
    let asked = Memo::new(move |_| Asked::from_path(&location.pathname.get()));
    let programme = use_programme();
    use_page_title(move || {
        let edition = programme.snapshot();
        let chosen = edition.and_then(|s| match asked.get().resolve(&s.edition) {
            Ok(Some(Target::Stand(id))) => s.edition.stand(&id).map(|st| st.name.clone()),
            Ok(Some(Target::Place(id))) => s.edition.place(&id).map(|p| p.name.clone()),
            _ => None,
        });
        match chosen {
            Some(c) => format!("{c} · Plan du village"),
            None => "Plan du village".into(),
        }
    });
    view! {
        <WithProgramme let:snapshot>
            <Village snapshot asked />
        </WithProgramme>
        // The child routes draw nothing, but the router completes a link's navigation
        // (the address bar) only once their outlet is mounted.
        <Outlet />
    }
}

/// The plan screen for what the address asks, or "Page introuvable" for an unknown id.
#[component]
fn Village(
    /// The loaded programme.
    snapshot: Arc<Snapshot>,
    /// What the address asks for.
    asked: Memo<Asked>,
) -> impl IntoView {
    let data = snapshot.clone();
    let resolved = Memo::new(move |_| asked.with(|a| a.resolve(&data.edition)));
    let unknown = Memo::new(move |_| resolved.with(|r| r.clone().err()));
    let selected = Signal::derive(move || resolved.with(|r| r.clone().ok().flatten()));
    // Only a change between known and unknown (or between two unknowns) redraws the page:
    // choosing another stand keeps the plan, its zoom and the list's search.
    move || match unknown.get() {
        Some(what) => view! { <NotFound what /> }.into_any(),
        None => view! { <VillageScreen snapshot=snapshot.clone() selected /> }.into_any(),
    }
}

/// The plan, the sheet of what is chosen, the legend and the list of stands.
#[component]
fn VillageScreen(
    /// The loaded programme.
    snapshot: Arc<Snapshot>,
    /// The chosen stand or place, from the address.
    selected: Signal<Option<Target>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let origin = StoredValue::new(None::<Origin>);
    // True while the sheet's history entry was pushed from the bare plan by this page, so
    // that closing it goes back instead of stacking another entry.
    let pushed = StoredValue::new(false);
    let has_selection = Memo::new(move |_| selected.with(Option::is_some));
    // Opened on a stand (the address its QR code prints): its sheet comes first, above the
    // plan, so that a phone shows the stand's number and name at once. It keeps that place
    // until another choice, whose sheet comes under the plan, where the person is looking.
    let opened_on = selected.get_untracked().filter(|t| matches!(t, Target::Stand(_)));
    let sheet_first = {
        let opened_on = opened_on.clone();
        Memo::new(move |before: Option<&bool>| {
            before.is_none_or(|b| *b) && opened_on.is_some() && selected.with(|s| s == &opened_on)
        })
    };
    // Where the plan was on screen when it was tapped: it stays there when the sheet
    // above it moves under it.
    let plan_top = StoredValue::new(None::<f64>);

    // A choice on the plan: the first one pushes an entry (Back closes the sheet), the
    // next ones replace it (Back does not walk through every stand looked at).
    let choose = Callback::new(move |target: Target| {
        let replace = has_selection.get_untracked();
        if !replace {
            pushed.set_value(true);
        }
        origin.set_value(Some(Origin::Plan));
        plan_top.set_value(plan_frame_top());
        navigate(
            &target.href(),
            NavigateOptions {
                replace,
                scroll: false,
                ..Default::default()
            },
        );
    });

    // After a choice, focus goes to the sheet (or back to the list after closing), once
    // the new sheet is drawn.
    let last = StoredValue::new(selected.get_untracked());
    Effect::new(move |_| {
        let now = selected.get();
        let before = last.get_value();
        last.set_value(now.clone());
        if now.is_none() {
            pushed.set_value(false);
        }
        let Some(from) = origin.get_value() else { return };
        origin.set_value(None);
        let top = plan_top.get_value();
        plan_top.set_value(None);
        request_animation_frame(move || after_choice(from, before, top));
    });

    let edition = &snapshot.edition;
    // The list's search, shared with the plan, which outlines what the list keeps.
    let index = Arc::new(StandIndex::new(edition));
    let text = RwSignal::new(String::new());
    let theme = RwSignal::new(String::new());
    let matching = {
        let index = index.clone();
        Memo::new(move |_| index.search(&Query::parse(&text.get()), &theme.get()))
    };
    let assumption = edition.plan.as_ref().and_then(|p| p.assumption.clone());
    let has_plan = edition.plan.is_some();
    let plan = edition.plan.clone().map(Arc::new);
    let sheet_data = snapshot.clone();
    let first_data = snapshot.clone();
    let lists_data = snapshot.clone();
    let services_data = snapshot.clone();
    // One place draws a sheet, wherever it goes: each `<Sheet>` written in a view compiles
    // its own copy of the sheet's whole view code.
    let sheet = move |snapshot: Arc<Snapshot>, target: Target| view! { <Sheet snapshot target pushed origin /> };
    view! {
        <section class="page village">
            <h1>"Plan du village des solidarités"</h1>
            {move || opened_on.clone().filter(|_| sheet_first.get()).map(|t| sheet(first_data.clone(), t))}
            {assumption.map(|a| view! { <p class="plan-assumption">{a}</p> })}
            {if has_plan {
                // The plan, the lists and the services each in a task of their own: the
                // whole screen in one task keeps a slow phone from answering a tap for too
                // long. The server's page stays on screen until the last is drawn; after a
                // link, the plan, in sight, is drawn with the page.
                agir_ui::in_next_task_while_behind(move || view! {
                    <VillagePlan snapshot=snapshot.clone() selected matching=matching on_choose=choose />
                })
                .into_any()
            } else {
                view! {
                    <p class="state">"Le plan du village n'est pas encore disponible. La liste des stands est ci-dessous."</p>
                }
                .into_any()
            }}
            <div class="sheet-slot">
                {move || {
                    selected
                        .get()
                        .filter(|_| !sheet_first.get())
                        .map(|target| sheet(sheet_data.clone(), target))
                }}
            </div>
            {plan.map(|plan| view! {
                <PlanHelp />
                <PlanLegend plan />
            })}
            {agir_ui::in_next_task(move || view! {
                <StandList snapshot=lists_data.clone() index=index.clone() selected has_selection text theme matching origin pushed />
            })}
            {agir_ui::in_next_task(move || services_and_rooms(services_data.clone(), selected, has_selection, origin, pushed))}
        </section>
    }
}

/// The top of the plan's frame in the window, if it is drawn.
fn plan_frame_top() -> Option<f64> {
    let frame = document().query_selector(".plan-frame").ok().flatten()?;
    Some(frame.get_bounding_client_rect().top())
}

/// Where focus and scroll go once a choice is drawn; `plan_top` is where the plan was when
/// it was tapped.
fn after_choice(from: Origin, before: Option<Target>, plan_top: Option<f64>) {
    let heading = html_element("fiche-titre");
    match from {
        Origin::Plan => {
            // The sheet that was above the plan went under it: the plan moved up by its
            // height, and scrolling back puts it under the finger again.
            if let (Some(was), Some(now)) = (plan_top, plan_frame_top()) {
                window().scroll_by_with_x_and_y(0.0, now - was);
            }
            if let Some(h) = heading {
                focus_without_scroll(&h);
                // Just enough scroll to read the sheet's title under the plan: the plan
                // the person just tapped stays in view.
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                h.scroll_into_view_with_scroll_into_view_options(&options);
            }
        }
        Origin::List => {
            if let Some(frame) = document().query_selector(".plan-frame").ok().flatten() {
                frame.scroll_into_view();
            }
            if let Some(h) = heading {
                focus_without_scroll(&h);
            }
        }
        Origin::Close => {
            let link = match before {
                Some(Target::Stand(id)) => html_element(&format!("stand-{id}")),
                Some(Target::Place(id)) => html_element(&format!("lieu-{id}")),
                None => None,
            }
            .or_else(|| html_element("plan-vue"));
            if let Some(el) = link {
                focus_without_scroll(&el);
            }
        }
    }
}
