//! The outbox: writes made by a person (a quick rating, the answers to the
//! questionnaire) are kept on the phone and sent when the network allows, once each thanks to the idempotency key the
//! backend honours. Retried with backoff, since a dead server can leave
//! `navigator.onLine` true; a 429 means "later", never "lost". The rules (merge between
//! tabs, pruning, backoff) are `agir_model::outbox`; this module stores and sends.

use agir_model::outbox::{self as rules, Keyed};
use agir_ui::dom;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

pub use agir_model::outbox::Delivery;

use super::clock::real_now_ms;
use super::storage;

const KEY: &str = "agir.outbox.v1";
const VERSION: u32 = 1;

/// An answer of the satisfaction questionnaire, as the backend takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// `day` or a session id.
    pub target: String,
    pub rating: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Made on the phone: the same answer sent twice is counted once.
    pub key: String,
}

/// One attendee's answers to the edition's questionnaire, as `POST /api/reponses` takes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Responses {
    pub key: String,
    pub edition: String,
    pub version: u32,
    pub answers: std::collections::BTreeMap<String, agir_model::questionnaire::Answer>,
}

/// Which sessions this device bookmarked, told anonymously to the organizers; `sessions`
/// is `None` to withdraw what was told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interest {
    pub key: String,
    /// A random id made on this device, nothing else about it.
    pub device: String,
    pub edition: String,
    pub sessions: Option<Vec<String>>,
}

/// A question asked from the floor of a session, as `POST /api/sessions/{id}/questions`
/// takes it (`key` is its idempotency key: a retry never asks twice).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ask {
    pub key: String,
    pub edition: String,
    pub seance: String,
    /// The device's random id for questions.
    pub device: String,
    pub texte: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prenom: Option<String>,
}

/// "Moi aussi" on a question, given (`soutien`) or withdrawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Support {
    pub key: String,
    pub question: i64,
    pub device: String,
    pub soutien: bool,
}

/// The body of `POST /api/sessions/{id}/questions`.
#[derive(Serialize)]
struct AskBody<'a> {
    cle: &'a str,
    appareil: &'a str,
    texte: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    prenom: Option<&'a str>,
}

/// The body of `PUT /api/interet/{device}`.
#[derive(Serialize)]
struct InterestBody<'a> {
    edition: &'a str,
    sessions: &'a [String],
}

/// A write the outbox keeps and sends. Untagged: an outbox stored before questionnaires
/// held only quick ratings, and still reads as such.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Write {
    Ask(Ask),
    Support(Support),
    Responses(Responses),
    Interest(Interest),
    Rating(Answer),
}

/// Reads a stored write as the untagged enum would (the first kind whose fields are there:
/// answers, then interest, then a quick rating), through one flat struct: serde's untagged
/// enums buffer the value in a generic `Content` first, which costs the wasm a deserializer
/// per variant (README, « Ce que coûte un motif, mesuré »). One difference, for damaged
/// storage only: a field of the wrong type makes the write unreadable even where a later
/// kind would not have read that field.
impl<'de> Deserialize<'de> for Write {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Fields {
            key: Option<String>,
            edition: Option<String>,
            version: Option<u32>,
            answers: Option<std::collections::BTreeMap<String, agir_model::questionnaire::Answer>>,
            device: Option<String>,
            sessions: Option<Vec<String>>,
            target: Option<String>,
            rating: Option<u8>,
            comment: Option<String>,
            seance: Option<String>,
            texte: Option<String>,
            prenom: Option<String>,
            question: Option<i64>,
            soutien: Option<bool>,
        }
        let f = Fields::deserialize(deserializer)?;
        let Some(key) = f.key else {
            return Err(serde::de::Error::missing_field("key"));
        };
        if let (Some(edition), Some(seance), Some(device), Some(texte)) = (&f.edition, &f.seance, &f.device, &f.texte) {
            return Ok(Self::Ask(Ask {
                key,
                edition: edition.clone(),
                seance: seance.clone(),
                device: device.clone(),
                texte: texte.clone(),
                prenom: f.prenom,
            }));
        }
        if let (Some(question), Some(device), Some(soutien)) = (f.question, &f.device, f.soutien) {
            return Ok(Self::Support(Support {
                key,
                question,
                device: device.clone(),
                soutien,
            }));
        }
        Ok(match (f.edition, f.version, f.answers, f.device, f.target, f.rating) {
            (Some(edition), Some(version), Some(answers), ..) => Self::Responses(Responses {
                key,
                edition,
                version,
                answers,
            }),
            (Some(edition), _, _, Some(device), ..) => Self::Interest(Interest {
                key,
                device,
                edition,
                sessions: f.sessions,
            }),
            (.., Some(target), Some(rating)) => Self::Rating(Answer {
                target,
                rating,
                comment: f.comment,
                key,
            }),
            _ => {
                return Err(serde::de::Error::custom(
                    "data did not match any variant of untagged enum Write",
                ))
            }
        })
    }
}

impl Keyed for Write {
    fn key(&self) -> &str {
        match self {
            Self::Ask(a) => &a.key,
            Self::Support(s) => &s.key,
            Self::Responses(r) => &r.key,
            Self::Interest(i) => &i.key,
            Self::Rating(a) => &a.key,
        }
    }
}

impl Write {
    /// The request that delivers this write.
    fn request(&self) -> Result<gloo_net::http::Request, gloo_net::Error> {
        use gloo_net::http::Request;
        match self {
            Self::Ask(a) => {
                Request::post(&format!("/api/sessions/{}/questions?edition={}", a.seance, a.edition)).json(&AskBody {
                    cle: &a.key,
                    appareil: &a.device,
                    texte: &a.texte,
                    prenom: a.prenom.as_deref(),
                })
            }
            Self::Support(s) => {
                let url = format!("/api/questions/{}/soutiens/{}", s.question, s.device);
                if s.soutien {
                    Request::put(&url).build()
                } else {
                    Request::delete(&url).build()
                }
            }
            Self::Responses(r) => Request::post("/api/reponses").json(r),
            Self::Rating(a) => Request::post("/api/feedback").json(a),
            Self::Interest(i) => {
                let url = format!("/api/interet/{}", i.device);
                match &i.sessions {
                    Some(sessions) => Request::put(&url).json(&InterestBody {
                        edition: &i.edition,
                        sessions,
                    }),
                    None => Request::delete(&format!("{url}?edition={}", i.edition)).build(),
                }
            }
        }
    }

    /// A newer write makes this one pointless: the device's interest told again, or "Moi
    /// aussi" on the same question tapped again.
    fn superseded_by(&self, newer: &Write) -> bool {
        match (self, newer) {
            (Self::Interest(a), Self::Interest(b)) => a.device == b.device && a.edition == b.edition,
            (Self::Support(a), Self::Support(b)) => a.device == b.device && a.question == b.question,
            _ => false,
        }
    }
}

/// A write waiting in the outbox, or sent.
pub type Item = rules::Item<Write>;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Stored {
    version: u32,
    items: Vec<Item>,
}

/// The outbox handle.
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    items: RwSignal<Vec<Item>>,
    sending: StoredValue<bool>,
}

impl Outbox {
    /// Every item, oldest first (tracked).
    pub fn items(&self) -> Vec<Item> {
        self.items.get()
    }

    /// The key of the last answer given about `target`, if the phone still holds it.
    pub fn last_for(&self, target: &str) -> Option<String> {
        self.items.with_untracked(|items| {
            items
                .iter()
                .rev()
                .find(|i| matches!(&i.write, Write::Rating(a) if a.target == target))
                .map(|i| i.write.key().to_owned())
        })
    }

    /// The delivery state of the answer with `key` (tracked).
    pub fn delivery(&self, key: &str) -> Option<Delivery> {
        self.items
            .with(|items| items.iter().find(|i| i.write.key() == key).map(|i| i.delivery.clone()))
    }

    /// Keeps `answer` and tries to send it now.
    pub fn push(self, answer: impl Into<Write>) {
        let answer = answer.into();
        self.items.update(|items| {
            items.retain(|i| !(i.delivery.is_waiting() && i.write.superseded_by(&answer)));
            items.push(Item {
                write: answer,
                delivery: Delivery::NEW,
            })
        });
        self.save();
        self.flush();
    }

    fn save(&self) {
        // Another tab may have stored answers since this one read them: keep them too (and
        // an unreadable value is set aside by `load`, not overwritten).
        let theirs = load();
        self.items.update(|mine| {
            rules::merge(mine, theirs);
            rules::prune(mine);
        });
        let items = self.items.get_untracked();
        storage::write_json(
            KEY,
            &Stored {
                version: VERSION,
                items,
            },
        );
    }

    /// Sends what is due, one at a time, in order.
    pub fn flush(self) {
        if self.sending.get_value() {
            return;
        }
        self.sending.set_value(true);
        spawn_local(async move {
            loop {
                let due = self.items.with_untracked(|items| rules::due(items, real_now_ms()));
                let Some((write, attempts)) = due else { break };
                let delivery = send(&write, attempts).await;
                let waiting = delivery.is_waiting();
                self.items.update(|items| {
                    if let Some(item) = items.iter_mut().find(|i| i.write.key() == write.key()) {
                        item.delivery = delivery;
                    }
                    rules::prune(items);
                });
                self.save();
                // One failure says the server is unreachable: try the rest later.
                if waiting {
                    break;
                }
            }
            self.sending.set_value(false);
        });
    }
}

impl From<Answer> for Write {
    fn from(answer: Answer) -> Self {
        Self::Rating(answer)
    }
}

impl From<Interest> for Write {
    fn from(interest: Interest) -> Self {
        Self::Interest(interest)
    }
}

impl From<Ask> for Write {
    fn from(ask: Ask) -> Self {
        Self::Ask(ask)
    }
}

impl From<Support> for Write {
    fn from(support: Support) -> Self {
        Self::Support(support)
    }
}

impl From<Responses> for Write {
    fn from(responses: Responses) -> Self {
        Self::Responses(responses)
    }
}

async fn send(write: &Write, attempts: u32) -> Delivery {
    let retry = |after_ms: Option<i64>| Delivery::retry(attempts, real_now_ms(), after_ms);
    let request = match write.request() {
        Ok(r) => r,
        Err(_) => {
            return Delivery::Refused {
                reason: "Réponse illisible.".into(),
            }
        }
    };
    match request.send().await {
        Err(_) => retry(None),
        Ok(response) => match response.status() {
            200..=299 => Delivery::Sent,
            429 => {
                let after = response
                    .headers()
                    .get("retry-after")
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .map(|s| i64::from(s) * 1000);
                retry(after)
            }
            400..=499 => {
                #[derive(Deserialize)]
                struct Refusal {
                    message: String,
                }
                let reason = response
                    .json::<Refusal>()
                    .await
                    .ok()
                    .map(|r| r.message)
                    .unwrap_or_else(|| format!("Le serveur a refusé cet envoi ({}).", response.status()));
                Delivery::Refused { reason }
            }
            // 5xx, or a proxy's error page: the server will come back.
            _ => retry(None),
        },
    }
}

/// Reads the stored outbox: an unreadable or foreign value is set aside, never fatal.
fn load() -> Vec<Item> {
    match storage::read_json::<Stored>(KEY) {
        Ok(Some(stored)) if stored.version == VERSION => stored.items,
        Ok(_) => Vec::new(),
        Err(_) => {
            // Keep the unreadable text for a person to recover, out of the app's way.
            if let Some(raw) = storage::get_local(KEY) {
                storage::set_local("agir.outbox.unreadable", &raw);
            }
            Vec::new()
        }
    }
}

/// Creates the outbox from storage and keeps sending: at start, every few seconds while
/// something waits, and when the network comes back.
pub fn provide_outbox() -> Outbox {
    let outbox = Outbox {
        items: RwSignal::new(load()),
        sending: StoredValue::new(false),
    };
    provide_context(outbox);
    outbox.flush();
    let _ = set_interval_with_handle(
        move || {
            if outbox
                .items
                .with_untracked(|i| i.iter().any(|i| i.delivery.is_waiting()))
            {
                outbox.flush();
            }
        },
        std::time::Duration::from_secs(5),
    );
    // What another tab stored shows here too, and is not overwritten by this one. Each tab
    // sees the others' writes a moment late, so a tab may save without an answer given in
    // another one: that tab puts its waiting answers back at once.
    let _ = dom::on_window("storage", move || {
        let theirs = load();
        let left_out = outbox.items.with_untracked(|mine| rules::left_out(mine, &theirs));
        outbox.items.update(|mine| rules::merge(mine, theirs));
        if left_out {
            outbox.save();
        }
    });
    let _ = dom::on_window("online", move || {
        // The network is back: whatever waited is due now.
        outbox.items.update(|items| rules::wake(items));
        outbox.flush();
    });
    outbox
}

pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}

/// A fresh idempotency key.
pub fn new_key() -> String {
    window().crypto().map(|c| c.random_uuid()).unwrap_or_else(|_| {
        // No Web Crypto (an old browser): a version-4 UUID from Math.random is enough to
        // tell one person's answers apart.
        let hex = |n: usize| {
            (0..n)
                .map(|_| format!("{:x}", (js_sys::Math::random() * 16.0) as u8))
                .collect::<String>()
        };
        let variant = ["8", "9", "a", "b"][(js_sys::Math::random() * 4.0) as usize % 4];
        format!("{}-{}-4{}-{variant}{}-{}", hex(8), hex(4), hex(3), hex(3), hex(12))
    })
}
