//! `/programme`: every session in time order, grouped by part of day, with search and
//! filters kept in the URL query so a filtered view can be shared (`filters`).

use std::sync::Arc;

use agir_model::filter::{count_sentence, Filter};
use agir_model::rows::{self, Reach, RowPage};
use agir_model::time::PartOfDay;
use agir_model::ChangeKind;
use agir_ui::dom::Pause;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::components::layout::use_page_title;
use crate::components::session_row::{group_heading, row_parts, SessionRow};
use crate::components::states::WithProgramme;
use crate::state::programme::{use_programme, Snapshot};

mod filters;

use filters::Filters;

/// A group of the list: the local day and the part of it.
type GroupKey = (chrono::NaiveDate, PartOfDay);

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

/// What the list shows: the filter in the URL, the text being typed, and what they keep.
#[derive(Clone)]
struct Search {
    in_url: Memo<Filter>,
    /// The text being typed answers at once; it reaches the URL after a pause (see
    /// `Filters`), so a keystroke does not also pay for rewriting the address.
    typed: RwSignal<Option<String>>,
    filter: Memo<Filter>,
    /// Every session in time order: sorted once, so a search only picks from it.
    order: Arc<[usize]>,
    found: Memo<Vec<usize>>,
}

impl Search {
    fn new(snapshot: &Arc<Snapshot>) -> Self {
        let query = use_query_map();
        let in_url = Memo::new(move |_| query.with(|q| Filter::from_pairs(|k| q.get_str(k))));
        let typed = RwSignal::new(None::<String>);
        let filter = Memo::new(move |_| {
            let mut f = in_url.get();
            if let Some(text) = typed.get() {
                f.text = text;
            }
            f
        });
        let data = snapshot.clone();
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
        Self {
            in_url,
            typed,
            filter,
            order,
            found,
        }
    }
}

/// How many rows are shown ("Afficher les séances suivantes" adds a page). It survives a new
/// revision of the programme (the page is drawn again) for the same search; a new search
/// starts again from the first page.
fn pages_shown(filter: Memo<Filter>) -> RwSignal<usize> {
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
    shown
}

#[component]
fn ProgrammeList(snapshot: Arc<Snapshot>) -> impl IntoView {
    let search = Search::new(&snapshot);
    let (filter, found) = (search.filter, search.found);
    let shown = pages_shown(filter);
    let more = move |_| {
        shown.update(|n| *n += PAGE);
        SHOWN.with_borrow_mut(|kept| kept.1 = shown.get_untracked());
    };
    // The rows in the page (`agir_model::rows`): those of the sessions found, up to the
    // page limit, and, hidden, rows drawn for an earlier search; a keystroke builds at most
    // the top row (see `Pacing`). `cargo xtask bench --only scale` measures a keystroke.
    let pacing = Pacing::new();
    let order = search.order.clone();
    let page = Memo::new(move |before: Option<&RowPage>| {
        let reach = Reach {
            limit: shown.get(),
            settled: pacing.settled.get(),
            first_frame: FIRST_FRAME,
        };
        found.with(|found| RowPage::next(before, &order, found, reach))
    });
    let list = day_parts(&snapshot, &search.order, page);
    let total = snapshot.edition.sessions.len();
    let count = move || count_sentence(found.with(Vec::len), total, filter.with(Filter::is_active));
    let remaining = move || found.with(Vec::len).saturating_sub(shown.get());
    // Memos and closures: what `<Show>` does, without its generic children.
    let nothing_found = Memo::new(move |_| found.with(Vec::is_empty) && filter.with(Filter::is_active));
    let more_left = Memo::new(move |_| remaining() > 0);

    view! {
        <Filters snapshot=snapshot.clone() in_url=search.in_url filter typed=search.typed pacing />
        <p class="result-count" role="status" aria-live="polite">{count}</p>
        {move || nothing_found.get().then(|| view! {
            <p class="state state-empty">
                <A href="/programme">"Effacer la recherche et les filtres"</A>
            </p>
        })}
        {list}
        {move || more_left.get().then(|| view! {
            <button type="button" class="button more" on:click=more>
                {move || format!("Afficher les séances suivantes ({} restantes)", remaining())}
            </button>
        })}
    }
}

/// Every part of the day, drawn once and hidden while none of its rows is on screen: a
/// keystroke never draws the groups again.
fn day_parts(snapshot: &Arc<Snapshot>, order: &[usize], page: Memo<RowPage>) -> impl IntoView {
    let edition = &snapshot.edition;
    let (parts, part_of) = rows::groups(order, |i| group_of(&edition.sessions[i].start));
    let part_of: Arc<[usize]> = part_of.into();
    let several_days = edition.event.start_date != edition.event.end_date;
    let list_class = if edition.sessions.len() > PAGE {
        "session-list long"
    } else {
        "session-list"
    };
    let programme = use_programme();
    let data = snapshot.clone();
    let group = move |(part, (day, time_of_day)): (usize, GroupKey)| {
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
            let s = &data.edition.sessions[i];
            let (place, speakers) = row_parts(&data.edition, s);
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
    parts.into_iter().enumerate().map(group).collect_view()
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
