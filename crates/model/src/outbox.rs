//! The rules of the phone's outbox: writes a person makes (an answer to "Votre avis" today)
//! wait on the phone until the server has them. Each carries an idempotency key, so sending
//! one twice is harmless; failures are retried with a growing delay; several tabs share one
//! stored outbox and none may drop what another holds. The app keeps the outbox in a signal
//! and in local storage; what happens to it is decided here.

use serde::{Deserialize, Serialize};

/// Sent writes kept a while, so the page can say "envoyé".
pub const KEEP_SENT: usize = 20;
/// The first retry comes after this delay, then twice as long each time…
pub const FIRST_RETRY_MS: i64 = 5_000;
/// …up to this delay.
pub const MAX_RETRY_MS: i64 = 5 * 60_000;

/// What can wait in the outbox: a write with its idempotency key.
pub trait Keyed {
    fn key(&self) -> &str;
}

/// Where a write stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Externally tagged (serde's default): an internally tagged enum costs the wasm a
// generic buffering deserializer.
#[serde(rename_all = "kebab-case")]
pub enum Delivery {
    /// Not sent yet: tried `attempts` times, due again at `next_at` (ms since the epoch).
    Waiting {
        attempts: u32,
        next_at: i64,
    },
    Sent,
    /// The server refused it for good (a message in French to show).
    Refused {
        reason: String,
    },
}

impl Delivery {
    /// A new write: due at once.
    pub const NEW: Self = Self::Waiting {
        attempts: 0,
        next_at: 0,
    };

    pub fn is_waiting(&self) -> bool {
        matches!(self, Self::Waiting { .. })
    }

    /// After a failed attempt number `attempts` (0 for the first) at `now`: due again after
    /// the server's `Retry-After` when it gave one, else after a delay that doubles.
    pub fn retry(attempts: u32, now: i64, retry_after_ms: Option<i64>) -> Self {
        let backoff = (FIRST_RETRY_MS << attempts.min(10)).min(MAX_RETRY_MS);
        Self::Waiting {
            attempts: attempts + 1,
            next_at: now + retry_after_ms.unwrap_or(backoff),
        }
    }
}

/// One write and where it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item<T> {
    /// The write. Stored as `answer`: the first kind of write, and the stored name since.
    #[serde(rename = "answer")]
    pub write: T,
    pub delivery: Delivery,
}

/// The first write due at `now`, oldest first, with its attempts so far.
pub fn due<T: Clone>(items: &[Item<T>], now: i64) -> Option<(T, u32)> {
    items.iter().find_map(|i| match i.delivery {
        Delivery::Waiting { attempts, next_at } if next_at <= now => Some((i.write.clone(), attempts)),
        _ => None,
    })
}

/// Adds the writes another tab holds that this one does not, and takes its word for those
/// it has delivered.
pub fn merge<T: Keyed>(mine: &mut Vec<Item<T>>, theirs: Vec<Item<T>>) {
    for item in theirs {
        match mine.iter_mut().find(|i| i.write.key() == item.write.key()) {
            Some(m) => {
                if m.delivery.is_waiting() && !item.delivery.is_waiting() {
                    m.delivery = item.delivery;
                }
            }
            None => mine.push(item),
        }
    }
}

/// Whether `mine` waits on a write that `theirs` (what another tab stored) lacks: that tab
/// saved without it, and it must be stored again.
pub fn left_out<T: Keyed>(mine: &[Item<T>], theirs: &[Item<T>]) -> bool {
    mine.iter()
        .any(|m| m.delivery.is_waiting() && !theirs.iter().any(|t| t.write.key() == m.write.key()))
}

/// Forgets the oldest sent writes beyond [`KEEP_SENT`]; waiting and refused ones stay.
pub fn prune<T>(items: &mut Vec<Item<T>>) {
    let sent = items.iter().filter(|i| i.delivery == Delivery::Sent).count();
    let mut extra = sent.saturating_sub(KEEP_SENT);
    items.retain(|i| {
        if extra > 0 && i.delivery == Delivery::Sent {
            extra -= 1;
            false
        } else {
            true
        }
    });
}

/// The network is back: every waiting write is due now.
pub fn wake<T>(items: &mut [Item<T>]) {
    for i in items.iter_mut() {
        if let Delivery::Waiting { next_at, .. } = &mut i.delivery {
            *next_at = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Write {
        key: String,
    }

    impl Keyed for Write {
        fn key(&self) -> &str {
            &self.key
        }
    }

    fn item(key: &str, delivery: Delivery) -> Item<Write> {
        Item {
            write: Write { key: key.into() },
            delivery,
        }
    }

    fn waiting(next_at: i64) -> Delivery {
        Delivery::Waiting { attempts: 1, next_at }
    }

    #[test]
    fn the_delay_doubles_up_to_five_minutes_unless_the_server_says() {
        let at = |attempts| match Delivery::retry(attempts, 1_000, None) {
            Delivery::Waiting { next_at, .. } => next_at - 1_000,
            other => panic!("{other:?}"),
        };
        assert_eq!([at(0), at(1), at(2), at(3)], [5_000, 10_000, 20_000, 40_000]);
        assert_eq!(at(6), MAX_RETRY_MS);
        assert_eq!(at(60), MAX_RETRY_MS, "no overflow after many failures");
        assert_eq!(
            Delivery::retry(2, 1_000, Some(30_000)),
            Delivery::Waiting {
                attempts: 3,
                next_at: 31_000
            }
        );
    }

    #[test]
    fn the_oldest_due_write_goes_first() {
        let items = [
            item("a", waiting(500)),
            item("b", Delivery::Sent),
            item("c", waiting(100)),
        ];
        assert_eq!(due(&items, 50), None);
        assert_eq!(due(&items, 200).map(|(w, n)| (w.key, n)), Some(("c".into(), 1)));
        assert_eq!(due(&items, 600).map(|(w, _)| w.key), Some("a".into()));
    }

    #[test]
    fn merging_keeps_every_write_of_both_tabs_and_their_deliveries() {
        let mut mine = vec![item("a", waiting(0)), item("b", waiting(0))];
        let theirs = vec![
            item("a", Delivery::Sent),
            item("c", waiting(0)),
            item("b", Delivery::Refused { reason: "non".into() }),
        ];
        merge(&mut mine, theirs);
        assert_eq!(
            mine,
            [
                item("a", Delivery::Sent),
                item("b", Delivery::Refused { reason: "non".into() }),
                item("c", waiting(0))
            ]
        );
        // A tab never takes back a delivery: "sent" here stays sent.
        merge(&mut mine, vec![item("a", waiting(9))]);
        assert_eq!(mine[0].delivery, Delivery::Sent);
    }

    #[test]
    fn a_tab_that_saved_without_a_waiting_write_is_noticed() {
        let mine = [item("a", waiting(0)), item("b", Delivery::Sent)];
        assert!(left_out(&mine, &[item("b", Delivery::Sent)]));
        assert!(!left_out(&mine, &[item("a", Delivery::Sent)]));
        assert!(!left_out(&[item("b", Delivery::Sent)], &[]), "a sent write may go");
    }

    #[test]
    fn pruning_forgets_only_the_oldest_sent_writes() {
        let mut items = vec![item("w", waiting(0))];
        items.extend((0..KEEP_SENT + 3).map(|i| item(&format!("s{i}"), Delivery::Sent)));
        items.push(item("r", Delivery::Refused { reason: "non".into() }));
        prune(&mut items);
        assert_eq!(items.len(), 1 + KEEP_SENT + 1);
        assert_eq!(items[0].write.key, "w");
        assert_eq!(items[1].write.key, "s3");
        assert_eq!(items.last().unwrap().write.key, "r");
    }

    #[test]
    fn waking_makes_every_waiting_write_due_and_the_stored_form_is_unchanged() {
        let mut items = vec![item("a", waiting(9_999)), item("b", Delivery::Sent)];
        wake(&mut items);
        assert_eq!(items[0].delivery, waiting(0));
        let json = serde_json::to_string(&items[0]).unwrap();
        assert_eq!(
            json,
            r#"{"answer":{"key":"a"},"delivery":{"waiting":{"attempts":1,"next_at":0}}}"#
        );
    }
}
