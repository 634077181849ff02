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
pub use write::{Answer, Ask, Contact, Interest, Responses, Support, Withdrawal, Write};

mod write;

use super::clock::real_now_ms;
use super::storage;

const KEY: &str = "agir.outbox.v1";
const VERSION: u32 = 1;

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
        let mut dropped = Vec::new();
        self.items.update(|items| {
            items.retain(|i| {
                let pointless = i.delivery.is_waiting() && i.write.superseded_by(&answer);
                if pointless {
                    dropped.push(i.write.key().to_owned());
                }
                !pointless
            });
            items.push(Item {
                write: answer,
                delivery: Delivery::NEW,
            })
        });
        self.save_without(&dropped);
        self.flush();
    }

    fn save(&self) {
        self.save_without(&[]);
    }

    /// Stores the outbox; the writes keyed in `dropped` were just made pointless here and
    /// must not come back from the stored copy.
    fn save_without(&self, dropped: &[String]) {
        // Another tab may have stored answers since this one read them: keep them too (and
        // an unreadable value is set aside by `load`, not overwritten).
        let mut theirs = load();
        theirs.retain(|i| !dropped.iter().any(|k| k == i.write.key()));
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
                    .map(|r| agir_model::french::typeset(&r.message))
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
        Err(raw) => {
            // Keep the unreadable text for a person to recover, out of the app's way.
            storage::set_local("agir.outbox.unreadable", &raw);
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
