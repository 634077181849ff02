//! `/programme`: every session in time order, grouped by part of day, with search and
//! filters kept in the URL query so a filtered view can be shared.

use std::sync::Arc;

use agir_model::filter::Filter;
use agir_model::time::PartOfDay;
use agir_model::{ChangeKind, SessionKind};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::components::layout::use_page_title;
use crate::components::session_row::{group_heading, row_parts, SessionRow};
use crate::components::states::WithProgramme;
use crate::state::programme::{use_programme, Snapshot};

/// A group of the list: the local day and the part of it.
type GroupKey = (chrono::NaiveDate, PartOfDay);

/// Rows rendered at once: a 1,000-session conference renders page by page, because
/// drawing every row in one go blocks a slow phone for close to half a second.
const PAGE: usize = 40;

thread_local! {
    /// The last search and how many of its rows were shown.
    static SHOWN: std::cell::RefCell<(Filter, usize)> = std::cell::RefCell::new((Filter::default(), PAGE));
}

/// The programme page.
#[component]
pub fn ProgrammePage() -> impl IntoView {
    use_page_title(|| "Programme".into());
    view! {
        <section class="page programme">
            <h1>"Programme"</h1>
            <p class="page-links"><A href="/intervenants">"Voir la liste des intervenants"</A></p>
            <WithProgramme let:snapshot>
                <ProgrammeList snapshot />
            </WithProgramme>
        </section>
    }
}

#[component]
fn ProgrammeList(snapshot: Arc<Snapshot>) -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| query.with(|q| Filter::from_pairs(|k| q.get_str(k))));
    let data = snapshot.clone();
    let found = Memo::new(move |_| filter.with(|f| f.apply(&data.edition, || data.index())));
    // How far the person scrolled through the pages survives a new revision of the
    // programme (the page is drawn again) for the same search; a new search starts again
    // from the first page.
    let shown = RwSignal::new(SHOWN.with_borrow(|(f, n)| {
        if filter.with_untracked(|now| now == f) {
            *n
        } else {
            PAGE
        }
    }));
    Effect::new(move |drawn: Option<()>| {
        let f = filter.get();
        if drawn.is_some() {
            shown.set(PAGE);
        }
        SHOWN.set((f, shown.get_untracked()));
    });
    let more = move |_| {
        shown.update(|n| *n += PAGE);
        SHOWN.with_borrow_mut(|kept| kept.1 = shown.get_untracked());
    };
    let total = snapshot.edition.sessions.len();
    let several_days = snapshot.edition.event.start_date != snapshot.edition.event.end_date;

    // The groups on screen and their sessions' indices. Rows are keyed by session, so a
    // keystroke only adds and removes the rows that change instead of drawing the page
    // again: the search must answer within a frame on a 1,000-session programme.
    let data = snapshot.clone();
    let visible = Memo::new(move |_| {
        let sessions = &data.edition.sessions;
        let limit = shown.get();
        found.with(|found| {
            let mut groups: Vec<(GroupKey, Vec<usize>)> = Vec::new();
            for &i in found.iter().take(limit) {
                let start = &sessions[i].start;
                let key = (start.date_naive(), PartOfDay::of(start));
                match groups.last_mut() {
                    Some((k, rows)) if *k == key => rows.push(i),
                    _ => groups.push((key, vec![i])),
                }
            }
            groups
        })
    });
    let data = snapshot.clone();
    let programme = use_programme();
    let group = move |key: GroupKey| {
        let (day, part) = key;
        let rows = Memo::new(move |_| {
            visible.with(|v| {
                v.iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, rows)| rows.clone())
                    .unwrap_or_default()
            })
        });
        let data = data.clone();
        let row = move |i: usize| {
            let edition = &data.edition;
            let s = &edition.sessions[i];
            let (place, speakers) = row_parts(edition, s);
            let id = s.id.to_string();
            let moved = Signal::derive(move || {
                programme
                    .changes_of(&id)
                    .iter()
                    .any(|c| matches!(c.kind, ChangeKind::Time | ChangeKind::Place))
            });
            view! { <SessionRow session=s.clone() place=place.unwrap_or_default() speakers moved /> }
        };
        let heading_id = format!("part-{day}-{}", part.code());
        let labelled_by = heading_id.clone();
        view! {
            <section class="day-part" aria-labelledby=labelled_by>
                <h2 id=heading_id>{group_heading(day, part, several_days)}</h2>
                <ul class="session-list">
                    <For each=move || rows.get() key=|i| *i children=row.clone() />
                </ul>
            </section>
        }
    };
    // Groups re-render only when the set of groups changes (rare while typing); inside a
    // group, rows are keyed.
    let keys = Memo::new(move |_| visible.with(|v| v.iter().map(|(k, _)| *k).collect::<Vec<_>>()));
    let list = move || keys.get().into_iter().map(group.clone()).collect_view();
    let count = move || {
        let n = found.with(Vec::len);
        if filter.with(Filter::is_active) {
            match n {
                0 => "Aucune séance ne correspond à votre recherche.".to_owned(),
                1 => format!("1 séance sur {total} correspond à votre recherche."),
                n => format!("{n} séances sur {total} correspondent à votre recherche."),
            }
        } else {
            format!("{n} séances au programme.")
        }
    };
    let remaining = move || found.with(Vec::len).saturating_sub(shown.get());

    view! {
        <Filters snapshot=snapshot.clone() filter />
        <p class="result-count" role="status" aria-live="polite">{count}</p>
        <Show when=move || found.with(Vec::is_empty) && filter.with(Filter::is_active)>
            <p class="state state-empty">
                <A href="/programme">"Effacer la recherche et les filtres"</A>
            </p>
        </Show>
        {list}
        <Show when=move || { remaining() > 0 }>
            <button type="button" class="button more" on:click=more>
                {move || format!("Afficher les séances suivantes ({} restantes)", remaining())}
            </button>
        </Show>
    }
}

/// The search box and the four filters. Each change rewrites the URL query.
#[component]
fn Filters(snapshot: Arc<Snapshot>, filter: Memo<Filter>) -> impl IntoView {
    let navigate = use_navigate();
    let warm = snapshot.clone();
    let apply = move |change: &dyn Fn(&mut Filter)| {
        let mut next = filter.get_untracked();
        change(&mut next);
        let query: Vec<String> = next
            .to_pairs()
            .into_iter()
            .map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(&v)))
            .collect();
        let url = if query.is_empty() {
            "/programme".to_owned()
        } else {
            format!("/programme?{}", query.join("&"))
        };
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let edition = &snapshot.edition;
    let option_list = |values: Vec<(String, String)>, selected: Option<String>| {
        values
            .into_iter()
            .map(|(value, label)| {
                let is_selected = selected.as_deref() == Some(value.as_str());
                view! { <option value=value selected=is_selected>{label}</option> }
            })
            .collect_view()
    };
    let current = filter.get_untracked();
    let themes = edition
        .themes()
        .into_iter()
        .map(|t| (t.to_owned(), t.to_owned()))
        .collect();
    let audiences = edition
        .audiences()
        .into_iter()
        .map(|t| (t.to_owned(), t.to_owned()))
        .collect();
    let kinds = SessionKind::ALL
        .into_iter()
        .filter(|k| edition.sessions.iter().any(|s| s.kind == *k))
        .map(|k| (k.code().to_owned(), k.label().to_owned()))
        .collect();
    let places = edition
        .places
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect();

    let on_text = {
        let apply = apply.clone();
        move |ev| {
            let value = event_target_value(&ev);
            apply(&move |f: &mut Filter| f.text = value.clone());
        }
    };
    // Filters follow the URL, also when a link elsewhere changes it.
    let select = |name: &'static str,
                  label: &'static str,
                  all: &'static str,
                  values: Vec<(String, String)>,
                  value: fn(&Filter) -> Option<String>,
                  set: fn(&mut Filter, Option<String>)| {
        let apply = apply.clone();
        let id = format!("filtre-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select
                    id=id
                    name=name
                    prop:value=move || filter.with(value).unwrap_or_default()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let value = (!value.is_empty()).then_some(value);
                        apply(&move |f: &mut Filter| set(f, value.clone()));
                    }
                >
                    <option value="">{all}</option>
                    {option_list(values, value(&current))}
                </select>
            </div>
        }
    };
    let search_box = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        let text = filter.with(|f| f.text.clone());
        if let Some(input) = search_box.get() {
            let focused = document().active_element().is_some_and(|el| el == **input);
            if !focused && input.value() != text {
                input.set_value(&text);
            }
        }
    });
    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="field field-search">
                <label for="recherche">"Rechercher une séance, un intervenant, un thème"</label>
                <input
                    id="recherche"
                    node_ref=search_box
                    name="q"
                    type="search"
                    autocomplete="off"
                    value=current.text.clone()
                    on:input=on_text
                    // Index the programme's text when the person reaches for the search box,
                    // so the first keystroke answers fast without weighing on the first paint.
                    on:focus=move |_| {
                        warm.index();
                    }
                />
            </div>
            <details class="filter-more" open=current.is_active() && current.text.is_empty()>
                <summary>"Filtrer par thème, public, type ou lieu"</summary>
                <div class="filter-grid">
                    {select("theme", "Thème", "Tous les thèmes", themes, |f| f.theme.clone(), |f, v| f.theme = v)}
                    {select("public", "Public", "Tous les publics", audiences, |f| f.audience.clone(), |f, v| f.audience = v)}
                    {select(
                        "type",
                        "Type",
                        "Tous les types",
                        kinds,
                        |f| f.kind.map(|k| k.code().to_owned()),
                        |f, v| f.kind = v.and_then(|v| SessionKind::from_code(&v)),
                    )}
                    {select("lieu", "Lieu", "Tous les lieux", places, |f| f.place.clone(), |f, v| f.place = v)}
                </div>
            </details>
        </form>
    }
}
