//! `/organisateurs/salle/:id`: the room's screen for a session, for the projector. Large
//! type, high contrast, nothing to click: the question being asked, the most supported
//! accepted ones, and how to join (a QR code and a short address). Live, from the same
//! public stream as the attendees' phones; only what the room may see.

use agir_model::french::typeset;
use agir_model::question_board::{Board, Order};
use agir_model::questions::{Question, STREAM_EVENTS};
use agir_ui::live;
use agir_ui::qr::QrCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{self as server, questions as api};

/// How many accepted questions the screen shows under the pinned one.
const SHOWN: usize = 5;

/// An address that wraps only after its separators (`/`, `-`, `.`, `:`), never inside a
/// word: read from the back of a room, "debat-pub" + "lic" would be misread.
fn breakable(address: &str) -> impl IntoView + use<> {
    address
        .split_inclusive(['/', '-', '.', ':'])
        .map(|part| view! { {part.to_owned()}<wbr /> })
        .collect_view()
}

/// The room screen.
#[component]
pub fn RoomScreenPage() -> impl IntoView {
    let params = use_params_map();
    let session = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let board = RwSignal::new(Board::default());
    let title = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let join = format!("{}/programme/{session}", agir_ui::public_url().trim_end_matches('/'));
    // The address in two lines a room can read: the site, then the page.
    let site = join.split_once("://").map_or(join.as_str(), |(_, rest)| rest);
    let (host, path) = site.split_once('/').map_or((site.to_owned(), String::new()), |(h, p)| {
        (h.to_owned(), format!("/{p}"))
    });
    let id = session.clone();
    spawn_local(async move {
        let current = match server::current().await {
            Ok(c) => c,
            Err(e) => return problem.set(Some(e.to_string())),
        };
        let slug = current.edition.edition.to_string();
        title.set(
            current
                .edition
                .sessions
                .iter()
                .find(|s| s.id.as_str() == id)
                .map(|s| typeset(&s.title))
                .unwrap_or_default(),
        );
        match api::board(&id, &slug).await {
            Ok(b) => {
                board.set(b);
                follow(board, id, slug);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    });
    view! {
        <section class="room-screen">
            <h1 class="room-title">{move || title.get()}</h1>
            {move || problem.get().map(|p| view! { <p class="room-problem" role="alert">{p}</p> })}
            <div class="room-body">
                <div class="room-questions">
                    {move || board.with(|b| b.pinned().cloned()).map(|q| view! {
                        <div class="room-pinned">
                            <p class="room-label">"Question posée en ce moment"</p>
                            <p class="room-pinned-text">{typeset(&q.texte)}</p>
                            <p class="room-meta">{meta(&q)}</p>
                        </div>
                    })}
                    <h2 class="room-label">"Les questions de la salle"</h2>
                    {move || {
                        let pinned = board.with(|b| b.epinglee);
                        let top: Vec<Question> = board.with(|b| b.listed(Order::Soutiens))
                            .into_iter()
                            .filter(|q| Some(q.id) != pinned)
                            .take(SHOWN)
                            .collect();
                        if top.is_empty() {
                            view! { <p class="room-empty">"Posez vos questions depuis votre téléphone."</p> }.into_any()
                        } else {
                            view! {
                                <ol class="room-list">
                                    {top.into_iter().map(|q| view! {
                                        <li><span class="room-text">{typeset(&q.texte)}</span>
                                            <span class="room-meta">{meta(&q)}</span></li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                    }}
                </div>
                <aside class="room-join" aria-label="Poser une question">
                    <QrCode text=join.clone() label="Code QR vers la page de la séance dans l'application" />
                    <p class="room-join-words">"Votre question, depuis votre téléphone\u{a0}:"</p>
                    <p class="room-join-url"><span>{breakable(&host)}</span><span class="room-join-path">{breakable(&path)}</span></p>
                </aside>
            </div>
        </section>
    }
}

/// « Zoé · 12 soutiens »
fn meta(q: &Question) -> String {
    let count = match q.soutiens {
        0 | 1 => format!("{} soutien", q.soutiens),
        n => format!("{n} soutiens"),
    };
    match &q.prenom {
        Some(name) => format!("{name} · {count}"),
        None => count,
    }
}

/// Keeps the board live; while the browser has given the stream up, the board is read
/// again every 10 seconds.
fn follow(board: RwSignal<Board>, session: String, edition: String) {
    let cut = StoredValue::new(false);
    let url = {
        let (session, edition) = (session.clone(), edition.clone());
        move || {
            let since = board.with_untracked(|b| b.dernier_evenement);
            api::board_stream_url(&session, &edition, since)
        }
    };
    let opened = live::open(url, &STREAM_EVENTS, move |heard| match heard {
        live::Heard::Event { name, data, .. } if name == "reset" => {
            if let Ok(fresh) = serde_json::from_str::<Board>(&data) {
                board.update(|b| b.reset(fresh));
            }
        }
        live::Heard::Event { name, id, data } => board.update(|b| {
            let _ = b.apply(id, &name, &data);
        }),
        live::Heard::Open => cut.set_value(false),
        live::Heard::Closed => cut.set_value(true),
        live::Heard::Retrying => {}
    });
    if opened.is_none() {
        cut.set_value(true);
    }
    let poll = move || {
        let (session, edition) = (session.clone(), edition.clone());
        spawn_local(async move {
            if let Ok(fresh) = api::board(&session, &edition).await {
                board.update(|b| b.reset(fresh));
            }
        });
    };
    live::poll_while(move || cut.get_value(), poll);
}
