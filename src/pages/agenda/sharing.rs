//! Sharing a programme: the panel that sends one's sessions as a link (and its QR code),
//! and the offer a share link opens, which adds someone else's sessions only if asked.

use std::sync::Arc;

use agir_model::agenda::{sessions_count, shared_added, shared_question, shared_unknown};
use agir_model::french::typeset;
use agir_model::share;
use agir_model::time::format_hm;
use agir_model::{Session, SessionId};
use agir_ui::qr::QrCode;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::state::bookmarks::use_bookmarks;
use crate::state::programme::Snapshot;

/// Someone else's sessions, from a share link: shown, then added only if the person says so.
#[component]
pub(super) fn SharedOffer(
    snapshot: Arc<Snapshot>,
    decoded: share::Decoded,
    merged: RwSignal<Option<String>>,
) -> impl IntoView {
    let bookmarks = use_bookmarks();
    let navigate = use_navigate();
    let edition = &snapshot.edition;
    let mut sessions: Vec<&Session> = decoded.ids.iter().filter_map(|id| edition.session(id)).collect();
    agir_model::time::sort_sessions(&mut sessions);
    let unknown = decoded.ids.len() - sessions.len() + decoded.refused;
    let shared_ids: Vec<SessionId> = sessions.iter().map(|s| s.id.clone()).collect();
    let fresh = {
        let shared_ids = shared_ids.clone();
        Memo::new(move |_| {
            shared_ids
                .iter()
                .filter(|id| !bookmarks.is_bookmarked(id))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let list = sessions
        .iter()
        .map(|s| {
            let id = s.id.clone();
            let when = format!("{} – {}", format_hm(&s.start), format_hm(&s.end));
            let title = typeset(&s.title);
            view! {
                <li>
                    <span class="shared-time">{when}</span>
                    " "
                    <span class="shared-title">{title}</span>
                    {move || bookmarks.is_bookmarked(&id).then(|| view! {
                        <span class="shared-mine">" (déjà dans votre programme)"</span>
                    })}
                </li>
            }
        })
        .collect_view();
    let close = {
        let navigate = navigate.clone();
        move || {
            navigate(
                "/mon-programme",
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            )
        }
    };
    let accept = {
        let close = close.clone();
        move |_| {
            let added = bookmarks.merge(&fresh.get_untracked());
            merged.set(Some(shared_added(added)));
            close();
        }
    };
    let decline = {
        let close = close.clone();
        move |_| {
            merged.set(Some("Votre programme n'a pas été modifié.".to_owned()));
            close();
        }
    };
    let question = move || {
        let n = fresh.with(Vec::len);
        match n {
            0 => view! {
                <p>"Ces séances sont déjà toutes dans votre programme."</p>
                <p><button type="button" class="button secondary" on:click=decline.clone()>"Fermer"</button></p>
            }
            .into_any(),
            n => {
                let (ask, yes) = shared_question(n);
                view! {
                    <p class="shared-question"><strong>{ask}</strong></p>
                    <p class="shared-buttons">
                        <button type="button" class="button" on:click=accept.clone()>{yes}</button>
                        <button type="button" class="button secondary" on:click=decline.clone()>"Non, merci"</button>
                    </p>
                }
                .into_any()
            }
        }
    };
    let total = sessions.len();
    view! {
        <section class="shared-offer" aria-labelledby="partage-titre">
            <h2 id="partage-titre">"Un programme partagé avec vous"</h2>
            {if total == 0 {
                view! { <p>"Ce lien ne contient aucune séance du programme actuel."</p> }.into_any()
            } else {
                view! {
                    <p>{format!("Ce lien contient {}\u{a0}:", sessions_count(total))}</p>
                    <ul class="shared-list">{list}</ul>
                    {question}
                }
                .into_any()
            }}
            {(unknown > 0).then(|| view! {
                <p class="notice">{shared_unknown(unknown)}</p>
            })}
            {(total == 0).then(|| view! {
                <p><button type="button" class="button secondary" on:click=move |_| close()>"Fermer"</button></p>
            })}
        </section>
    }
}

/// A link to one's programme, to send or to scan.
#[component]
pub(super) fn SharePanel(ids: Vec<SessionId>) -> impl IntoView {
    let origin = agir_ui::public_url();
    let url = format!("{origin}{}", share::path(&ids));
    let (said, set_said) = signal(None::<String>);
    let can_share = has_method("share");
    let can_copy = has_method("clipboard");
    let share_url = url.clone();
    let share = move |_| {
        let data = web_sys::ShareData::new();
        data.set_title("Mon programme Agir ensemble");
        data.set_url(&share_url);
        let promise = window().navigator().share_with_data(&data);
        let url = share_url.clone();
        leptos::task::spawn_local(async move {
            let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await else {
                return;
            };
            // Closing the share sheet is the person's choice: nothing to say then.
            if js_sys::Reflect::get(&error, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .as_deref()
                == Some("AbortError")
            {
                return;
            }
            set_said.set(Some(if can_copy && copy_link(&url).await {
                "Le partage n'a pas abouti\u{a0}: le lien est copié à la place, collez-le dans un message.".to_owned()
            } else {
                "Le partage n'a pas abouti\u{a0}: sélectionnez le lien ci-dessus et copiez-le.".to_owned()
            }));
        });
    };
    let copy_url = url.clone();
    let copy = move |_| {
        let url = copy_url.clone();
        leptos::task::spawn_local(async move {
            set_said.set(Some(if copy_link(&url).await {
                "Le lien est copié\u{a0}: collez-le dans un message.".to_owned()
            } else {
                "Le lien n'a pas pu être copié\u{a0}: sélectionnez-le et copiez-le.".to_owned()
            }));
        });
    };
    view! {
        <section class="share" aria-labelledby="partager-titre">
            <h2 id="partager-titre">"Partager mon programme"</h2>
            <p>
                "Envoyez ce lien à un proche, ou faites-lui scanner le code\u{a0}: il verra vos séances "
                "et pourra les ajouter à son propre programme."
            </p>
            <p class="share-link"><a href=url.clone()>{url.clone()}</a></p>
            <p class="share-buttons">
                {can_share.then(|| view! {
                    <button type="button" class="button" on:click=share>"Partager…"</button>
                })}
                {can_copy.then(|| view! {
                    <button type="button" class="button secondary" on:click=copy>"Copier le lien"</button>
                })}
            </p>
            <p class="share-said" role="status">{move || said.get()}</p>
            <QrCode text=url label="Code QR du lien vers votre programme" />
        </section>
    }
}

/// Puts `url` on the clipboard; false when the browser refused.
async fn copy_link(url: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(url);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Whether the browser's `navigator` has this member (Web Share, Clipboard): both are
/// missing outside secure contexts and in some browsers.
fn has_method(name: &str) -> bool {
    let navigator: wasm_bindgen::JsValue = window().navigator().unchecked_into();
    js_sys::Reflect::get(&navigator, &name.into()).is_ok_and(|v| !v.is_undefined() && !v.is_null())
}
