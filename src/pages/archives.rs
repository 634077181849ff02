//! `/archives/:edition`: a past edition's programme, read-only.

use agir_model::time::{capitalize, format_day_with_year, group_by_part_of_day};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiError};
use crate::components::layout::use_page_title;
use crate::components::session_row::{group_heading, row_parts, SessionRow};
use crate::components::states::{ErrorPanel, Loading};
use crate::pages::not_found::NotFound;
use crate::state::fetch::Fetch;

/// A past edition.
#[component]
pub fn ArchivePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.with(|p| p.get("edition").unwrap_or_default()));
    use_page_title(move || format!("Archives {}", slug.get()));
    let edition = Fetch::new(move || {
        let slug = slug.get();
        async move { api::fetch_edition_once(&slug).await }
    });
    // One loading state is all this page needs: no <Suspense>, whose machinery costs the
    // phone several kilobytes of wasm.
    move || match edition.get() {
        None => view! { <Loading what="l'édition" /> }.into_any(),
        Some(Ok(e)) => {
            let several_days = e.event.start_date != e.event.end_date;
            let groups = group_by_part_of_day(&e.sessions)
                            .into_iter()
                            .map(|g| {
                                let rows = g.sessions.iter().map(|s| {
                                    let (place, speakers) = row_parts(&e, s);
                                    view! { <SessionRow session=(*s).clone() place=place.unwrap_or_default() speakers plain=true /> }
                                }).collect_view();
                                view! {
                                    <h2>{group_heading(g.day, g.part, several_days)}</h2>
                                    <ul class="session-list">{rows}</ul>
                                }
                            })
                            .collect_view();
            view! {
                <section class="page archive">
                    <p class="breadcrumb"><A href="/">"← Accueil"</A></p>
                    <h1>{format!("{} {}", e.event.name, e.edition)}</h1>
                    <p class="lead">
                        {capitalize(&format_day_with_year(e.event.start_date))}
                        {format!(", {}", e.event.venue.name)}
                    </p>
                    <p class="notice">"Programme d'une édition passée, en lecture seule."</p>
                    {groups}
                </section>
            }
            .into_any()
        }
        Some(Err(ApiError::NotFound)) => view! {
            <NotFound what=format!("Aucune édition «\u{a0}{}\u{a0}» n'est archivée.", slug.get_untracked()) />
        }
        .into_any(),
        Some(Err(error)) => view! {
            <section class="page">
                <h1>"Archives"</h1>
                <ErrorPanel error retry=move |_| edition.refetch() />
            </section>
        }
        .into_any(),
    }
}
