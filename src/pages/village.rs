//! `/village`, `/village/:stand`, `/village/lieu/:place`: the plan of the village des
//! solidarités, the sheet of what is chosen, and the list of stands (the plan's accessible
//! equivalent); `/organisateurs/qr-codes`: the printable QR codes of the stands.

use std::sync::Arc;

use agir_model::plan::StandIndex;
use agir_model::qr::{encode, stand_url};
use agir_model::search::Query;
use agir_model::time::{capitalize, format_day, format_time_fr};
use agir_model::{Edition, PlaceId, Session, StandId};
use leptos::prelude::*;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::components::layout::use_page_title;
use crate::components::plan::{html_element, PlanHelp, PlanLegend, Target, VillagePlan};
use crate::components::states::WithProgramme;
use crate::pages::not_found::NotFound;
use crate::state::programme::{use_programme, Snapshot};

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
                .ok_or_else(|| format!("Le stand « {id} » n'est pas au village des solidarités.")),
            Self::Place(id) => PlaceId::parse(id.as_str())
                .ok()
                .filter(|id| edition.place(id).is_some())
                .map(|id| Some(Target::Place(id)))
                .ok_or_else(|| format!("Le lieu « {id} » n'est pas au programme.")),
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
    /// The sheet's close button: focus returns to the stand in the list.
    Close,
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

    // A choice on the plan: the first one pushes an entry (Back closes the sheet), the
    // next ones replace it (Back does not walk through every stand looked at).
    let choose = Callback::new(move |target: Target| {
        let replace = has_selection.get_untracked();
        if !replace {
            pushed.set_value(true);
        }
        origin.set_value(Some(Origin::Plan));
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
        request_animation_frame(move || after_choice(from, before));
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
    view! {
        <section class="page village">
            <h1>"Plan du village des solidarités"</h1>
            {assumption.map(|a| view! { <p class="plan-assumption">{a}</p> })}
            {if has_plan {
                view! {
                    <VillagePlan snapshot=snapshot.clone() selected matching=matching on_choose=choose />
                }
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
                        .map(|target| {
                            view! { <Sheet snapshot=sheet_data.clone() target pushed origin /> }
                        })
                }}
            </div>
            {plan.map(|plan| view! {
                <PlanHelp />
                <PlanLegend plan />
            })}
            <StandList snapshot=snapshot.clone() index selected has_selection text theme matching origin pushed />
        </section>
    }
}

/// Where focus and scroll go once a choice is drawn.
fn after_choice(from: Origin, before: Option<Target>) {
    let heading = html_element("fiche-titre");
    match from {
        Origin::Plan => {
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
                _ => None,
            }
            .or_else(|| html_element("plan-vue"));
            if let Some(el) = link {
                focus_without_scroll(&el);
            }
        }
    }
}

fn focus_without_scroll(el: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
}

/// The sheet of the chosen stand or place.
#[component]
fn Sheet(
    /// The loaded programme.
    snapshot: Arc<Snapshot>,
    /// What the sheet describes.
    target: Target,
    /// Whether the sheet's history entry was pushed by the page (closing goes back then).
    pushed: StoredValue<bool>,
    /// Set to `Close` when the person closes the sheet.
    origin: StoredValue<Option<Origin>>,
) -> impl IntoView {
    let edition = &snapshot.edition;
    let body = match &target {
        Target::Stand(id) => edition.stand(id).map(|stand| {
            let number = edition
                .plan
                .as_ref()
                .and_then(|p| p.stands.iter().find(|s| &s.stand == id))
                .map(|s| s.number.clone());
            let title = match &number {
                Some(n) => format!("Stand {n} : {}", stand.name),
                None => stand.name.clone(),
            };
            let sessions = session_links(edition.sessions_of_stand(id));
            let website = stand.website.clone().map(|url| {
                let shown = url
                    .trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .trim_end_matches('/')
                    .to_owned();
                view! {
                    <p class="sheet-website">
                        "Site internet : "
                        <a href=url rel="noopener noreferrer">{shown}</a>
                    </p>
                }
            });
            view! {
                <h2 id="fiche-titre" tabindex="-1">
                    {title}
                    {stand.example.then(|| view! { " " <span class="badge example">"exemple"</span> })}
                </h2>
                {stand.example.then(|| view! {
                    <p class="assumed">"Stand donné en exemple : il n'était pas annoncé pour cette édition."</p>
                })}
                <dl class="facts">
                    <dt>"Association"</dt>
                    <dd>{stand.name.clone()}</dd>
                    <dt>"Thème"</dt>
                    <dd>{stand.theme.clone()}</dd>
                    <dt>"Numéro"</dt>
                    <dd>{number.unwrap_or_else(|| "Pas encore placé sur le plan".into())}</dd>
                </dl>
                {stand.description.clone().map(|d| view! { <p class="sheet-description">{d}</p> })}
                {website}
                <h3>"Séances liées à ce stand"</h3>
                {sessions.unwrap_or_else(|| view! { <p>"Aucune séance du programme n'est liée à ce stand."</p> }.into_any())}
            }
            .into_any()
        }),
        Target::Place(id) => edition.place(id).map(|place| {
            let mut held: Vec<&Session> = edition.sessions.iter().filter(|s| s.place.as_ref() == Some(id)).collect();
            agir_model::time::sort_sessions(&mut held);
            let sessions = session_links(held);
            let drawn = edition.plan.as_ref().is_some_and(|p| p.rooms.iter().any(|r| &r.place == id));
            view! {
                <h2 id="fiche-titre" tabindex="-1">{place.name.clone()}</h2>
                {place.assumed.then(|| view! { <p class="assumed">"Lieu à confirmer."</p> })}
                {(!drawn).then(|| view! { <p>"Ce lieu n'est pas dessiné sur le plan."</p> })}
                {place.accessibility.clone().map(|a| view! {
                    <dl class="facts">
                        <dt>"Accessibilité"</dt>
                        <dd>{a}</dd>
                    </dl>
                })}
                <h3>"Séances dans ce lieu"</h3>
                {sessions.unwrap_or_else(|| view! { <p>"Aucune séance du programme n'a lieu ici."</p> }.into_any())}
            }
            .into_any()
        }),
    };
    let close = move |ev: leptos::ev::MouseEvent| {
        origin.set_value(Some(Origin::Close));
        if pushed.get_value() {
            // The sheet was opened from the bare plan: going back closes it and leaves no
            // extra entry behind.
            ev.prevent_default();
            let _ = window().history().and_then(|h| h.back());
        }
    };
    view! {
        <section class="sheet" aria-labelledby="fiche-titre">
            {body}
            <p class="sheet-close">
                <a href="/village" class="button secondary" data-noscroll="" prop:replace=true on:click=close>
                    "Fermer la fiche"
                </a>
            </p>
        </section>
    }
}

/// Links to sessions, with their day and time; `None` when there are none.
fn session_links(sessions: Vec<&Session>) -> Option<AnyView> {
    if sessions.is_empty() {
        return None;
    }
    let items = sessions
        .into_iter()
        .map(|s| {
            let when = format!(
                "{}, {}",
                capitalize(&format_day(s.start.date_naive())),
                format_time_fr(&s.start)
            );
            let title = s.title.clone();
            let cancelled = s.is_cancelled();
            view! {
                <li>
                    <A href=format!("/programme/{}", s.id)>{title}</A>
                    <span class="sheet-when">{when}</span>
                    {cancelled.then(|| view! { <span class="badge status-cancelled">"Annulée"</span> })}
                </li>
            }
        })
        .collect_view();
    Some(view! { <ul class="plain-list sheet-sessions">{items}</ul> }.into_any())
}

/// The stands, searchable and filterable by theme: the plan's accessible equivalent.
#[component]
fn StandList(
    /// The loaded programme.
    snapshot: Arc<Snapshot>,
    /// The stands in list order, with their search text.
    index: Arc<StandIndex>,
    /// The chosen stand or place.
    selected: Signal<Option<Target>>,
    /// Whether something is chosen (a new choice then replaces the history entry).
    has_selection: Memo<bool>,
    /// The search box's text.
    text: RwSignal<String>,
    /// The chosen theme ("" for all).
    theme: RwSignal<String>,
    /// The stands the search and the theme keep (`None`: no search).
    matching: Memo<Option<Vec<StandId>>>,
    /// Set to `List` when a stand is chosen here.
    origin: StoredValue<Option<Origin>>,
    /// Set when a choice pushes a history entry.
    pushed: StoredValue<bool>,
) -> impl IntoView {
    let edition = &snapshot.edition;
    let total = index.entries().len();
    let items = index
        .entries()
        .iter()
        .map(|entry| {
            let stand = &edition.stands[entry.stand];
            let id = entry.id.clone();
            let shown = {
                let id = id.clone();
                move || matching.with(|k| k.as_ref().is_none_or(|k| k.contains(&id)))
            };
            let is_selected = {
                let id = id.clone();
                move || selected.with(|s| matches!(s, Some(Target::Stand(x)) if x == &id))
            };
            let current = {
                let is_selected = is_selected.clone();
                move || is_selected().then_some("true")
            };
            let on_click = move |_| {
                origin.set_value(Some(Origin::List));
                if !has_selection.get_untracked() {
                    pushed.set_value(true);
                }
            };
            let number = match entry.number.clone() {
                Some(n) => view! { <span class="visually-hidden">"Stand "</span>{n} }.into_any(),
                None => view! { <span class="visually-hidden">"Stand sans numéro"</span> }.into_any(),
            };
            view! {
                <li class="stand-item" class:selected=is_selected style:display=move || (!shown()).then_some("none")>
                    <a
                        id=format!("stand-{id}")
                        href=format!("/village/{id}")
                        data-noscroll=""
                        prop:replace=move || has_selection.get()
                        aria-current=current
                        on:click=on_click
                    >
                        <span class="stand-number">{number}</span>
                        <span class="stand-text">
                            <span class="stand-name">{stand.name.clone()}</span>
                            <span class="stand-theme">{stand.theme.clone()}</span>
                        </span>
                        {stand.example.then(|| view! { <span class="badge example">"exemple"</span> })}
                    </a>
                </li>
            }
        })
        .collect_view();

    let count = move || match matching.get() {
        None => format!("{total} stands au village."),
        Some(k) => match k.len() {
            0 => "Aucun stand ne correspond à votre recherche.".to_owned(),
            1 => format!("1 stand sur {total} correspond à votre recherche."),
            n => format!("{n} stands sur {total} correspondent à votre recherche."),
        },
    };
    let theme_options = index
        .themes()
        .into_iter()
        .map(|t| view! { <option value=t.clone()>{t.clone()}</option> })
        .collect_view();

    view! {
        <section class="stand-directory" aria-labelledby="liste-stands">
            <h2 id="liste-stands">"Les stands du village"</h2>
            <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
                <div class="field field-search">
                    <label for="recherche-stand">"Rechercher un stand, une association, un thème"</label>
                    <input
                        id="recherche-stand"
                        type="search"
                        autocomplete="off"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="filtre-theme-stand">"Thème"</label>
                    <select id="filtre-theme-stand" on:change=move |ev| theme.set(event_target_value(&ev))>
                        <option value="">"Tous les thèmes"</option>
                        {theme_options}
                    </select>
                </div>
            </form>
            <p class="result-count" role="status" aria-live="polite">{count}</p>
            <ul class="stand-list">{items}</ul>
        </section>
    }
}

/// One QR code per stand, to print on A4 and stick on the stands.
#[component]
pub fn QrCodesPage() -> impl IntoView {
    use_page_title(|| "QR codes des stands".into());
    view! {
        <section class="page qr-codes">
            <h1>"QR codes des stands"</h1>
            <WithProgramme let:snapshot>
                <QrSheet snapshot />
            </WithProgramme>
        </section>
    }
}

/// The labels: one card per stand, with its number, QR code, name and address.
#[component]
fn QrSheet(
    /// The loaded programme.
    snapshot: Arc<Snapshot>,
) -> impl IntoView {
    let edition = &snapshot.edition;
    let origin = crate::api::public_url();
    let cards = StandIndex::new(edition)
        .entries()
        .iter()
        .map(|entry| {
            let (number, stand) = (&entry.number, &edition.stands[entry.stand]);
            let url = stand_url(&origin, &stand.id);
            let heading = match number {
                Some(n) => format!("Stand {n}"),
                None => "Stand".to_owned(),
            };
            let label = format!("QR code du {} : {}", heading.to_lowercase(), stand.name);
            let code = encode(&url).ok().map(|qr| {
                let side = qr.side();
                view! {
                    <svg
                        class="qr-code"
                        viewBox=format!("0 0 {side} {side}")
                        role="img"
                        aria-label=label
                        shape-rendering="crispEdges"
                        data-url=url.clone()
                    >
                        <rect width=side height=side fill="#fff" />
                        <path fill="#000" d=qr.path />
                    </svg>
                }
            });
            view! {
                <li class="qr-card" data-stand=stand.id.to_string()>
                    <p class="qr-number">{heading}</p>
                    {code}
                    <p class="qr-name">
                        {stand.name.clone()}
                        {stand.example.then(|| view! { " " <span class="badge example">"exemple"</span> })}
                    </p>
                    <p class="qr-url">{format!("{origin}/village/")}<wbr />{stand.id.to_string()}</p>
                </li>
            }
        })
        .collect_view();
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="qr-intro">
            <p>
                "Une étiquette par stand, à imprimer sur du papier A4 (six par page) et à poser sur le stand. "
                "Le QR code ouvre la fiche du stand sur le plan du village, à l'adresse "
                <strong>{format!("{origin}/village/…")}</strong>
                "."
            </p>
            <p>
                "Les mêmes étiquettes existent en fichiers SVG, pour un imprimeur : "
                <code>"agir-server qr --out DOSSIER"</code>
                "."
            </p>
            <p>
                <button type="button" class="button" on:click=print>
                    "Imprimer les étiquettes"
                </button>
            </p>
        </div>
        <ul class="qr-sheet">{cards}</ul>
    }
}
