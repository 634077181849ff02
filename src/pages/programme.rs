//! `/programme`: every session in time order, grouped by part of day, with search and
//! filters kept in the URL query so a filtered view can be shared.

use std::sync::Arc;

use agir_model::filter::Filter;
use agir_model::time::PartOfDay;
use agir_model::{ChangeKind, SessionKind};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::components::layout::use_page_title;
use crate::components::session_row::{group_heading, row_parts, SessionRow};
use crate::components::states::WithProgramme;
use crate::state::programme::{use_programme, Snapshot};

/// A group of the list: the local day and the part of it.
type GroupKey = (chrono::NaiveDate, PartOfDay);

/// The rows of the list (see `ProgrammeList`).
#[derive(Clone, PartialEq)]
struct Page {
    /// Sessions with a row, shown or hidden, in time order.
    rows: Vec<usize>,
    /// Whether each session's row is on screen.
    on_screen: Vec<bool>,
}

/// The group a session starts in.
fn group_of(start: &chrono::DateTime<chrono::FixedOffset>) -> GroupKey {
    (start.date_naive(), PartOfDay::of(start))
}

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
    let in_url = Memo::new(move |_| query.with(|q| Filter::from_pairs(|k| q.get_str(k))));
    // The text being typed answers at once; it reaches the URL after a pause (see
    // `Filters`), so a keystroke does not also pay for rewriting the address.
    let typed = RwSignal::new(None::<String>);
    let filter = Memo::new(move |_| {
        let mut f = in_url.get();
        if let Some(text) = typed.get() {
            f.text = text;
        }
        f
    });
    let data = snapshot.clone();
    // Every session in time order: sorted once, so a search only picks from it.
    let order: Arc<[usize]> = Filter::default().apply(&data.edition, || data.index(), None).into();
    let everything = order.clone();
    // While a word is typed, each keystroke only searches what the previous one found.
    let searched = StoredValue::new(Filter::default());
    let found = Memo::new(move |before: Option<&Vec<usize>>| {
        filter.with(|f| {
            let narrowed = before.filter(|_| searched.with_value(|b| f.narrows(b)));
            let among = narrowed.map_or(&everything[..], Vec::as_slice);
            searched.set_value(f.clone());
            f.apply(&data.edition, || data.index(), Some(among))
        })
    });
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
        // Notify only when it changes: the page of rows is computed once per keystroke.
        if drawn.is_some() {
            shown.maybe_update(|n| std::mem::replace(n, PAGE) != PAGE);
        }
        SHOWN.set((f, shown.get_untracked()));
    });
    let more = move |_| {
        shown.update(|n| *n += PAGE);
        SHOWN.with_borrow_mut(|kept| kept.1 = shown.get_untracked());
    };
    let total = snapshot.edition.sessions.len();
    let several_days = snapshot.edition.event.start_date != snapshot.edition.event.end_date;
    let list_class = if total > PAGE {
        "session-list long"
    } else {
        "session-list"
    };

    // The rows in the page: those of the sessions found, up to the page limit, and,
    // hidden, rows drawn for an earlier search. Rows are keyed by session, and a row that
    // leaves the results is hidden rather than taken down: the next letters or a cleared
    // search often bring it back, for free. So a keystroke builds at most the top row (see
    // `Pacing`): on a 1,000-session programme, each costs well under a frame of script on a
    // slow phone (figures in the README).
    let edition = &snapshot.edition;
    // Parts of the day in time order, and the one each session starts in.
    let mut parts: Vec<GroupKey> = Vec::new();
    let mut part_of = vec![0; order.len()];
    for &i in order.iter() {
        let key = group_of(&edition.sessions[i].start);
        if parts.last() != Some(&key) {
            parts.push(key);
        }
        part_of[i] = parts.len() - 1;
    }
    let part_of = Arc::new(part_of);
    let pacing = Pacing::new();
    let page = Memo::new(move |before: Option<&Page>| {
        let limit = shown.get();
        let settled = pacing.settled.get();
        // How far down the results rows not drawn yet are built: only the top while typing.
        let build_up_to = if settled { limit } else { FIRST_FRAME };
        found.with(|found| {
            let mut drawn = vec![false; order.len()];
            for &i in before.map_or(&[][..], |p| p.rows.as_slice()) {
                drawn[i] = true;
            }
            let mut on_screen = vec![false; order.len()];
            for (at, &i) in found.iter().take(limit).enumerate() {
                // A row already drawn shows wherever it is, for free; one not drawn yet is built
                // only above `build_up_to`.
                if !drawn[i] && at >= build_up_to {
                    continue;
                }
                drawn[i] = true;
                on_screen[i] = true;
            }
            // Once typing pauses, hidden rows go but those of the whole programme's first
            // page, which a cleared search shows again.
            let rows = (order.iter().enumerate())
                .filter(|&(at, &i)| on_screen[i] || (drawn[i] && (!settled || at < limit)))
                .map(|(_, &i)| i)
                .collect();
            Page { rows, on_screen }
        })
    });
    let data = snapshot.clone();
    let programme = use_programme();
    let group = move |(part, key): (usize, GroupKey)| {
        let (day, time_of_day) = key;
        let part_of = part_of.clone();
        let rows = Memo::new(move |_| {
            page.with(|p| {
                p.rows
                    .iter()
                    .copied()
                    .filter(|&i| part_of[i] == part)
                    .collect::<Vec<_>>()
            })
        });
        let empty = move || page.with(|p| rows.with(|rows| rows.iter().all(|&i| !p.on_screen[i])));
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
            let hidden = Signal::derive(move || page.with(|p| !p.on_screen[i]));
            view! { <SessionRow session=s.clone() place=place.unwrap_or_default() speakers moved hidden /> }
        };
        let heading_id = format!("part-{day}-{}", time_of_day.code());
        let labelled_by = heading_id.clone();
        view! {
            <section class="day-part" aria-labelledby=labelled_by hidden=empty>
                <h2 id=heading_id>{group_heading(day, time_of_day, several_days)}</h2>
                <ul class=list_class>
                    <For each=move || rows.get() key=|i| *i children=row.clone() />
                </ul>
            </section>
        }
    };
    // Every part of the day is drawn once and hidden while none of its rows is on
    // screen: a keystroke never draws the groups again.
    let list = parts.into_iter().enumerate().map(group).collect_view();
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
        <Filters snapshot=snapshot.clone() in_url filter typed pacing />
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

/// Results at the top of the list whose rows a keystroke builds if they are not drawn yet:
/// above its keyboard, a phone shows the top of the first row at most (the box and the
/// count come first).
const FIRST_FRAME: usize = 1;

/// The pause in typing after which the rest of the page of rows is drawn.
const REST_AFTER: std::time::Duration = std::time::Duration::from_millis(150);

/// How the list draws the rows a search brings: in the frame of the keystroke, only those of
/// the first `FIRST_FRAME` results (rows already drawn stay), the rest of the page once
/// typing pauses. So a keystroke stays light, and a person typing a word does not pay
/// for rows out of sight that the next letter changes again.
#[derive(Clone, Copy)]
struct Pacing {
    settled: RwSignal<bool>,
    pause: Pause,
}

impl Pacing {
    fn new() -> Self {
        Self {
            settled: RwSignal::new(true),
            pause: Pause::new(),
        }
    }

    /// Called as the search or a filter changes.
    fn changed(self) {
        let settled = self.settled;
        settled.maybe_update(|s| std::mem::replace(s, false)); // notifies only if it was settled
        self.pause.restart(REST_AFTER, Box::new(move || settled.set(true)));
    }
}

/// Runs something once a pause has lasted long enough: each restart (or cancel) takes a new
/// number, and the pending run goes ahead only if its number is still the latest. Nothing
/// runs once the component is gone.
#[derive(Clone, Copy)]
struct Pause(StoredValue<u32>);

impl Pause {
    fn new() -> Self {
        Self(StoredValue::new(0))
    }

    fn cancel(self) {
        self.0.update_value(|n| *n += 1);
    }

    fn restart(self, after: std::time::Duration, run: Box<dyn FnOnce()>) {
        self.cancel();
        let latest = self.0;
        let this = latest.get_value();
        set_timeout(
            move || {
                if latest.try_get_value() == Some(this) {
                    run();
                }
            },
            after,
        );
    }
}

/// How long the search text waits, once typing pauses, before it goes into the URL.
const URL_PAUSE: std::time::Duration = std::time::Duration::from_millis(300);

/// The search box and the four filters, drawn from `in_url`, which typing leaves alone. Each
/// change rewrites the URL: at once for a filter, after a pause in typing (or on blur) for text.
#[component]
fn Filters(
    snapshot: Arc<Snapshot>,
    in_url: Memo<Filter>,
    filter: Memo<Filter>,
    typed: RwSignal<Option<String>>,
    pacing: Pacing,
) -> impl IntoView {
    let navigate = use_navigate();
    let location = use_location();
    let warm = snapshot.clone();
    let apply = move |change: &dyn Fn(&mut Filter)| {
        // After the list is gone (see `on_cleanup` below), there is nothing to write.
        let Some(mut next) = filter.try_get_untracked() else {
            return;
        };
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
        typed.set(None);
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

    // The URL follows the typing after a pause; writing it now (on blur, or when the page is
    // drawn again for a new revision) cancels the pending write.
    let typing = Pause::new();
    let write_text = {
        let apply = apply.clone();
        move || {
            typing.cancel();
            if typed.try_with_untracked(Option::is_some) == Some(true) {
                apply(&|_: &mut Filter| {});
            }
        }
    };
    on_cleanup({
        let write_text = write_text.clone();
        move || {
            if location.pathname.with_untracked(|p| p == "/programme") {
                write_text();
            }
        }
    });
    let on_text = {
        let write_text = write_text.clone();
        move |ev| {
            pacing.changed();
            typed.set(Some(event_target_value(&ev)));
            typing.restart(URL_PAUSE, Box::new(write_text.clone()));
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
                    prop:value=move || in_url.with(value).unwrap_or_default()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let value = (!value.is_empty()).then_some(value);
                        pacing.changed();
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
        let text = in_url.with(|f| f.text.clone());
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
                    on:blur=move |_| write_text()
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
