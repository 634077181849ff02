//! `/mon-programme`: the sessions a person bookmarked, as their day: in time order, with the
//! sessions that overlap said in words, the free time between them, the changes since they
//! last looked; a calendar file, a paper version, and a link (with its QR code) to share.
//! `/mon-programme?partage=id1,id2` shows someone else's sessions and asks before adding.

use std::sync::Arc;

use agir_model::agenda::{conflict_count, plan, sessions_count, Entry, Flag};
use agir_model::french::typeset;
use agir_model::paths;
use agir_model::share;
use agir_model::time::{capitalize, format_day, format_hm, format_time_fr};
use agir_model::{Edition, Session, SessionId};
use agir_ui::qr::QrCode;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

use crate::components::bookmark::CalendarButton;
use crate::components::layout::use_page_title;
use crate::components::states::WithProgramme;
use crate::pages::engagement::EngageCorner;
use crate::state::bookmarks::use_bookmarks;
use crate::state::programme::Snapshot;

/// The person's programme.
#[component]
pub fn MyProgrammePage() -> impl IntoView {
    use_page_title(|| "Mon programme".into());
    view! {
        <section class="page agenda">
            <h1>"Mon programme"</h1>
            <WithProgramme let:snapshot>
                <Agenda snapshot=snapshot.clone() />
                <EngageCorner snapshot />
            </WithProgramme>
        </section>
    }
}

#[component]
fn Agenda(snapshot: Arc<Snapshot>) -> impl IntoView {
    let bookmarks = use_bookmarks();
    let query = use_query_map();
    let shared = Memo::new(move |_| query.with(|q| q.get_str(share::PARAM).map(share::decode)));
    // What a merge said, kept while the address loses its `?partage=`.
    let merged = RwSignal::new(None::<String>);
    let ids = Memo::new(move |_| bookmarks.ids());
    // Changes can be learnt after the list is on screen (the network came back).
    let flags = Memo::new(move |_| bookmarks.flags());
    let data = snapshot.clone();
    let offer = move || {
        shared
            .get()
            .map(|decoded| view! { <SharedOffer snapshot=data.clone() decoded merged /> })
    };
    let data = snapshot.clone();
    let programme = move || {
        let ids = ids.get();
        if ids.is_empty() {
            return (shared.with(Option::is_none)).then(|| view! { <EmptyAgenda /> }.into_any());
        }
        Some(view! { <DayList snapshot=data.clone() ids flags=flags.get() /> }.into_any())
    };
    view! {
        <p class="agenda-said" role="status">{move || merged.get()}</p>
        {offer}
        {programme}
    }
}

/// What to do when nothing is bookmarked yet.
#[component]
fn EmptyAgenda() -> impl IntoView {
    view! {
        <div class="state state-empty agenda-empty">
            <p><strong>"Votre programme est vide pour l'instant."</strong></p>
            <p>
                "Pour y ajouter une séance, ouvrez le programme et touchez le bouton "
                "«\u{a0}Ajouter à mon programme\u{a0}» sous la séance qui vous intéresse. "
                "Elle apparaîtra ici, avec son horaire et son lieu."
            </p>
            <p>"Votre programme reste sur cet appareil\u{a0}: aucun compte n'est nécessaire."</p>
            <p><A href="/programme" attr:class="button">"Voir le programme"</A></p>
        </div>
    }
}

/// The bookmarked sessions, day by day, and what can be done with them.
#[component]
fn DayList(snapshot: Arc<Snapshot>, ids: Vec<SessionId>, flags: Vec<Flag>) -> impl IntoView {
    let edition = &snapshot.edition;
    let days = plan(edition, &ids);
    let count = days
        .iter()
        .flat_map(|d| &d.entries)
        .filter(|e| matches!(e, Entry::Session { .. }))
        .count();
    let conflicts = conflict_count(&days);
    let summary = match conflicts {
        0 => format!("{} dans votre programme.", capitalize(&sessions_count(count))),
        n => format!(
            "{} dans votre programme, dont {} qui se chevauchent.",
            capitalize(&sessions_count(count)),
            n
        ),
    };
    let days_view = days
        .iter()
        .map(|day| {
            let heading = capitalize(&format_day(day.date));
            let id = format!("jour-{}", day.date);
            let labelled = id.clone();
            let entries = day
                .entries
                .iter()
                .map(|entry| match entry {
                    Entry::Session { session, conflicts } => {
                        let notes: Vec<String> = conflicts.iter().map(|c| capitalize(&c.describe()) + ".").collect();
                        let changes: Vec<String> = flags
                            .iter()
                            .filter(|f| f.session() == &session.id)
                            .map(|f| f.describe())
                            .collect();
                        view! { <AgendaItem edition session conflicts=notes changes /> }.into_any()
                    }
                    Entry::Free { from, to } => {
                        let label = Entry::free_label((*to - *from).num_minutes());
                        let range = format!(" (de {} à {})", format_time_fr(from), format_time_fr(to));
                        view! {
                            <li class="agenda-free">
                                <span aria-hidden="true">"☕ "</span>
                                <strong>{label}</strong>
                                {range}
                            </li>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! {
                <section class="agenda-day" aria-labelledby=labelled>
                    <h2 id=id>{heading}</h2>
                    <ol class="agenda-list">{entries}</ol>
                </section>
            }
        })
        .collect_view();
    let bookmarks = use_bookmarks();
    let all = Signal::derive(move || bookmarks.ids());
    let print = move |_| {
        let _ = window().print();
    };
    let event = &edition.event;
    let paper = format!(
        "{} {} · {} · {}",
        event.name,
        edition.edition,
        capitalize(&agir_model::time::format_day_with_year(event.start_date)),
        event.venue.name
    );
    view! {
        <p class="print-only">{paper}</p>
        <p class="agenda-summary" class:has-conflicts=conflicts != 0>{summary}</p>
        <div class="agenda-tools">
            <CalendarButton ids=all label="Tout ajouter à mon agenda (.ics)" />
            <button type="button" class="button secondary" on:click=print>
                "Imprimer mon programme"
            </button>
        </div>
        {days_view}
        <SharePanel ids />
    }
}

/// One bookmarked session of the list.
#[component]
fn AgendaItem<'a>(
    /// The programme it belongs to.
    edition: &'a Edition,
    /// The session.
    session: &'a Session,
    /// Sentences about the sessions it overlaps.
    conflicts: Vec<String>,
    /// Sentences about its changes not yet seen.
    changes: Vec<String>,
) -> impl IntoView {
    let place = session
        .place
        .as_ref()
        .and_then(|p| edition.place(p))
        .map(|p| p.name.clone());
    let time = format!("{} – {}", format_hm(&session.start), format_hm(&session.end));
    let cancelled = session.is_cancelled();
    let has_conflict = !conflicts.is_empty();
    let has_change = !changes.is_empty();
    let href = paths::session(&session.id);
    let title = session.title.clone();
    let id = session.id.clone();
    let bookmarks = use_bookmarks();
    view! {
        <li class="agenda-item" class:conflict=has_conflict class:cancelled=cancelled class:changed=has_change>
            <p class="session-time">
                <time datetime=session.start.to_rfc3339()>{time}</time>
            </p>
            <div class="session-body">
                <h3 class="session-title"><A href=href>{title}</A></h3>
                <p class="session-meta">
                    <span class="badge kind">{session.kind.label()}</span>
                    {cancelled.then(|| view! { <span class="badge status-cancelled">"Annulée"</span> })}
                    {place.map(|p| view! { <span class="session-place">{p}</span> })}
                </p>
                {changes
                    .into_iter()
                    .map(|c| view! {
                        <p class="change-note">
                            <strong>"Changement\u{a0}: "</strong>
                            {c}
                        </p>
                    })
                    .collect_view()}
                {conflicts
                    .into_iter()
                    .map(|c| view! {
                        <p class="conflict-note">
                            <span aria-hidden="true">"⚠ "</span>
                            <strong>"Conflit d'horaire\u{a0}: "</strong>
                            {c}
                        </p>
                    })
                    .collect_view()}
                <p class="session-actions">
                    <button
                        type="button"
                        class="bookmark-remove"
                        aria-label=format!("Retirer de mon programme\u{a0}: «\u{a0}{}\u{a0}»", session.title)
                        on:click=move |_| bookmarks.toggle(&id)
                    >
                        "Retirer de mon programme"
                    </button>
                </p>
            </div>
        </li>
    }
}

/// Someone else's sessions, from a share link: shown, then added only if the person says so.
#[component]
fn SharedOffer(snapshot: Arc<Snapshot>, decoded: share::Decoded, merged: RwSignal<Option<String>>) -> impl IntoView {
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
            merged.set(Some(match added {
                1 => "1 séance a été ajoutée à votre programme.".to_owned(),
                n => format!("{n} séances ont été ajoutées à votre programme."),
            }));
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
                let (ask, yes) = if n == 1 {
                    (
                        "Ajouter cette séance à mon programme\u{a0}?".to_owned(),
                        "Oui, l'ajouter",
                    )
                } else {
                    (
                        format!("Ajouter ces {n} séances à mon programme\u{a0}?"),
                        "Oui, les ajouter",
                    )
                };
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
                <p class="notice">
                    {match unknown {
                        1 => "1 séance du lien n'existe pas (ou plus) dans le programme.".to_owned(),
                        n => format!("{n} séances du lien n'existent pas (ou plus) dans le programme."),
                    }}
                </p>
            })}
            {(total == 0).then(|| view! {
                <p><button type="button" class="button secondary" on:click=move |_| close()>"Fermer"</button></p>
            })}
        </section>
    }
}

/// A link to one's programme, to send or to scan.
#[component]
fn SharePanel(ids: Vec<SessionId>) -> impl IntoView {
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
