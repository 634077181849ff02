//! Questions from the floor on a session's page: the board (`agir_model::question_board`)
//! loaded with this device's own questions, kept live by the session's stream (a poll
//! where streams are cut), and the person's writes, a question or "Moi aussi", kept in
//! the outbox until the server has stored them, once each.

use agir_model::question_board::{Board, Heard};
use agir_model::questions::{QuestionStatus, STREAM_EVENTS};
use agir_ui::live;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::interest::device_id;
use super::outbox::{new_key, use_outbox, Ask, Support, Write};

/// The device's random id for questions (not the one that tells interest).
const DEVICE_KEY: &str = "agir.appareil.questions.v1";
/// A poll this often when the stream is cut, or while one of this device's questions
/// waits for a moderator (its fate is not public).
const POLL: std::time::Duration = std::time::Duration::from_secs(10);
/// Changes are read out at most this often.
const SUMMARY_EVERY: std::time::Duration = std::time::Duration::from_secs(8);

/// How the board is kept up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Connecting,
    /// Read once: the session is not on now.
    Idle,
    Live,
    /// The stream is cut: the board is read again every few seconds.
    Polling,
}

/// The questions of one session, for its page.
#[derive(Debug, Clone, Copy)]
pub struct Floor {
    pub board: RwSignal<Board>,
    /// `None` while loading; `Some(Err)` when the board could not be read.
    pub loaded: RwSignal<Option<Result<(), String>>>,
    pub link: RwSignal<Link>,
    /// The last summary read to screen-reader users.
    pub heard: RwSignal<String>,
    pending: StoredValue<Heard>,
    edition: StoredValue<String>,
    session: StoredValue<String>,
    device: StoredValue<String>,
}

impl Floor {
    /// Starts following the questions of `session` in `edition`: live when `live`.
    pub fn follow(edition: String, session: String, live: bool) -> Self {
        let floor = Self {
            board: RwSignal::new(Board::default()),
            loaded: RwSignal::new(None),
            link: RwSignal::new(Link::Connecting),
            heard: RwSignal::new(String::new()),
            pending: StoredValue::new(Heard::default()),
            edition: StoredValue::new(edition),
            session: StoredValue::new(session),
            device: StoredValue::new(device_id(DEVICE_KEY)),
        };
        floor.reload(live);
        floor.watch_outbox();
        let timer = set_interval_with_handle(move || floor.tick(), POLL).ok();
        let summary = set_interval_with_handle(move || floor.read_out(), SUMMARY_EVERY).ok();
        on_cleanup(move || {
            timer.into_iter().chain(summary).for_each(|t| t.clear());
        });
        floor
    }

    fn base(&self) -> String {
        format!("/api/sessions/{}/questions", self.session.get_value())
    }

    /// Reads the board again (with this device's part); `then_stream` opens the stream
    /// after the first reading, from the event it includes.
    fn reload(self, then_stream: bool) {
        let url = format!(
            "{}?edition={}&appareil={}",
            self.base(),
            self.edition.get_value(),
            self.device.get_value()
        );
        spawn_local(async move {
            match fetch_board(&url).await {
                Ok(fresh) => {
                    self.board.update(|b| b.reset(fresh));
                    self.loaded.set(Some(Ok(())));
                    if then_stream {
                        self.stream();
                    } else if self.link.get_untracked() == Link::Connecting {
                        self.link.set(Link::Idle);
                    }
                }
                Err(e) => {
                    // Keep what is on screen; say so only when nothing is.
                    if self.loaded.get_untracked().is_none() {
                        self.loaded.set(Some(Err(e)));
                    }
                    self.link.set(Link::Polling);
                }
            }
        });
    }

    /// Follows the stream from the board's last event, at each (re)opening.
    fn stream(self) {
        let url = move || {
            format!(
                "{}/flux?edition={}&depuis={}",
                self.base(),
                self.edition.get_value(),
                self.board.with_untracked(|b| b.dernier_evenement)
            )
        };
        let opened = live::open(url, &STREAM_EVENTS, move |heard| match heard {
            live::Heard::Open => self.link.set(Link::Live),
            live::Heard::Retrying => self.link.set(Link::Connecting),
            live::Heard::Closed => self.link.set(Link::Polling),
            live::Heard::Event { name, id, data } => self.hear(&name, id, &data),
        });
        if opened.is_none() {
            self.link.set(Link::Polling);
        }
    }

    fn hear(self, name: &str, id: i64, data: &str) {
        if name == "reset" {
            if let Ok(fresh) = serde_json::from_str::<Board>(data) {
                self.board.update(|b| b.reset(fresh));
            }
            return;
        }
        let mut result = Ok(Heard::default());
        self.board.update(|b| result = b.apply(id, name, data));
        match result {
            Ok(heard) => self.pending.update_value(|p| p.add(heard)),
            // A damaged event: read the whole board again rather than guess.
            Err(_) => self.reload(false),
        }
    }

    /// Every few seconds: poll when the stream is cut, or while this device's question
    /// waits for a moderator.
    fn tick(self) {
        let waiting = self.board.with_untracked(|b| {
            b.appareil
                .as_ref()
                .is_some_and(|m| m.questions.iter().any(|q| q.statut == QuestionStatus::EnAttente))
        });
        if self.link.get_untracked() == Link::Polling || waiting {
            self.reload(false);
        }
    }

    /// Reads out what changed since the last summary, in one polite sentence.
    fn read_out(self) {
        let heard = self.pending.get_value();
        if let Some(sentence) = heard.sentence() {
            self.heard.set(sentence);
        }
        self.pending.set_value(Heard::default());
    }

    /// When the outbox delivers one of this session's questions, the board is read again
    /// to show it with its status.
    fn watch_outbox(self) {
        let outbox = use_outbox();
        let session = self.session.get_value();
        let delivered = Memo::new(move |_| {
            outbox
                .items()
                .iter()
                .filter(|i| matches!(&i.write, Write::Ask(a) if a.seance == session) && !i.delivery.is_waiting())
                .count()
        });
        Effect::new(move |before: Option<usize>| {
            let now = delivered.get();
            if before.is_some_and(|b| b != now) {
                self.reload(false);
            }
            now
        });
    }

    /// Keeps the question in the outbox and sends it.
    pub fn ask(self, texte: String, prenom: Option<String>) {
        use_outbox().push(Ask {
            key: new_key(),
            edition: self.edition.get_value(),
            seance: self.session.get_value(),
            device: self.device.get_value(),
            texte,
            prenom,
        });
    }

    /// "Moi aussi" on question `id`, or its withdrawal: counted on screen at once, sent
    /// through the outbox.
    pub fn support(self, id: i64, on: bool) {
        self.board.update(|b| {
            let count = b.questions.iter().find(|q| q.id == id).map_or(0, |q| q.soutiens);
            let count = if on { count + 1 } else { count.saturating_sub(1) };
            b.set_support(id, on, count);
        });
        use_outbox().push(Support {
            key: new_key(),
            question: id,
            device: self.device.get_value(),
            soutien: on,
        });
    }

    /// This session's questions still in the outbox (not stored yet, or refused), oldest
    /// first: the text and why it waits.
    pub fn unsent(self) -> Vec<(String, Option<String>)> {
        let session = self.session.get_value();
        use_outbox()
            .items()
            .into_iter()
            .filter_map(|i| match (&i.write, &i.delivery) {
                (Write::Ask(a), d) if a.seance == session && d.is_waiting() => Some((a.texte.clone(), None)),
                (Write::Ask(a), agir_model::outbox::Delivery::Refused { reason }) if a.seance == session => {
                    Some((a.texte.clone(), Some(reason.clone())))
                }
                _ => None,
            })
            .collect()
    }
}

async fn fetch_board(url: &str) -> Result<Board, String> {
    let unreachable = "Les questions ne sont pas joignables pour l'instant.";
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|_| unreachable.to_owned())?;
    if !response.ok() {
        return Err(format!("{unreachable} (erreur {})", response.status()));
    }
    let text = response.text().await.map_err(|_| unreachable.to_owned())?;
    serde_json::from_str(&text).map_err(|e| format!("Réponse illisible\u{a0}: {e}"))
}
