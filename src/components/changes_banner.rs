//! The banner, on every page, that tells a person what changed in the sessions they
//! bookmarked, until they say they saw it; and the note about stored bookmarks that had to
//! be dropped.

use agir_model::paths;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::bookmarks::use_bookmarks;

/// Changes to bookmarked sessions and notes about the stored programme. The live region is
/// always in the page, so a change that arrives while the page is open is announced.
#[component]
pub fn ChangesBanner() -> impl IntoView {
    let bookmarks = use_bookmarks();
    let flags = Memo::new(move |_| bookmarks.flags());
    let changes = move || {
        let flags = flags.get();
        (!flags.is_empty()).then(|| {
            let lead = if flags.len() == 1 {
                "Changement dans votre programme\u{a0}:"
            } else {
                "Changements dans votre programme\u{a0}:"
            };
            let one = flags.len() == 1;
            let items = flags
                .into_iter()
                .map(|f| {
                    let text = f.describe();
                    let removed = f.change.kind == agir_model::ChangeKind::Removed;
                    let href = paths::session(f.session());
                    view! {
                        <li>
                            {text}
                            {(!removed).then(|| view! { " " <A href=href attr:class="inline-link">"Voir la séance"</A> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="changes-banner">
                    <p class="changes-lead"><strong>{lead}</strong></p>
                    <ul class:single=one>{items}</ul>
                    <button type="button" class="button" on:click=move |_| bookmarks.acknowledge()>
                        "J'ai vu"
                    </button>
                </div>
            }
        })
    };
    let notice = move || {
        bookmarks.notice().map(|text| {
            view! {
                <div class="agenda-notice">
                    <p>{text}</p>
                    <button type="button" class="button secondary" on:click=move |_| bookmarks.dismiss_notice()>
                        "J'ai compris"
                    </button>
                </div>
            }
        })
    };
    view! {
        <div class="agenda-notices" role="status">
            {changes}
            {notice}
        </div>
    }
}
