//! « Je veux m'engager » on this phone: a request to be contacted goes through the outbox
//! (kept offline, sent once), and the phone keeps a receipt of it: which association, when,
//! and the request's key, the secret that withdraws it. Nothing else about the person stays
//! here once the request is sent.

use agir_model::engagement::NewContactRequest;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::clock::real_now_ms;
use super::interest::device_id;
use super::outbox::{new_key, use_outbox, Contact, Delivery, Outbox, Withdrawal};
use super::storage;

const KEY: &str = "agir.engagement.v1";
/// Where a damaged list of receipts is set aside, for a person to recover.
const UNREADABLE: &str = "agir.engagement.unreadable";
/// The device's random id for contact requests: only the server's rate limit reads it.
const DEVICE_KEY: &str = "agir.appareil.engagement.v1";

/// What the phone remembers of one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// The request's key: it withdraws the request.
    pub cle: String,
    pub edition: String,
    pub stand: String,
    /// The association's name when the request was made.
    pub association: String,
    /// When it was made on the phone, in milliseconds since 1970.
    pub le: i64,
    /// When the person withdrew it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retiree_le: Option<i64>,
}

/// Where a request stands, as the receipt says it.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Kept on the phone until the network allows.
    Waiting,
    /// Stored by the server.
    Received,
    /// Refused by the server, with its reason.
    Refused(String),
    Withdrawn,
}

#[derive(Debug, Clone, Copy)]
pub struct Engagement {
    receipts: RwSignal<Vec<Receipt>>,
    outbox: Outbox,
    /// Why the stored receipts could not be read, if they could not.
    pub damaged: RwSignal<bool>,
}

impl Engagement {
    /// Every receipt, newest first (tracked).
    pub fn receipts(&self) -> Vec<Receipt> {
        let mut all = self.receipts.get();
        all.reverse();
        all
    }

    /// Where the request with key `cle` stands (tracked).
    pub fn state(&self, receipt: &Receipt) -> State {
        if receipt.retiree_le.is_some() {
            return State::Withdrawn;
        }
        match self.outbox.delivery(&receipt.cle) {
            Some(Delivery::Waiting { .. }) => State::Waiting,
            Some(Delivery::Refused { reason }) => State::Refused(reason),
            // Sent, or sent long ago and pruned from the outbox.
            Some(Delivery::Sent) | None => State::Received,
        }
    }

    /// A request filled in on this phone, without its device id and key (given here).
    pub fn send(&self, mut request: NewContactRequest, association: String) -> String {
        let cle = new_key();
        request.cle = cle.clone();
        request.appareil = device_id(DEVICE_KEY);
        let receipt = Receipt {
            cle: cle.clone(),
            edition: request.edition.clone(),
            stand: request.stand.clone(),
            association,
            le: real_now_ms(),
            retiree_le: None,
        };
        // The receipt first: a phone that dies between the two keeps a receipt that
        // withdraws nothing, never a request it cannot withdraw.
        self.receipts.update(|r| r.push(receipt));
        self.save();
        self.outbox.push(Contact::new(&request));
        cle
    }

    /// Withdraws the request with key `cle`: a request still on the phone never leaves it;
    /// one already sent is deleted on the server (now or when the network allows).
    pub fn withdraw(&self, cle: &str) {
        self.receipts.update(|r| {
            if let Some(receipt) = r.iter_mut().find(|r| r.cle == cle) {
                receipt.retiree_le = Some(real_now_ms());
            }
        });
        self.save();
        self.outbox.push(Withdrawal {
            key: new_key(),
            retrait: cle.to_owned(),
        });
    }

    fn save(&self) {
        if self.damaged.get_untracked() {
            // Keep the damaged text where `load` set it aside; from now on the list is new.
            self.damaged.set(false);
        }
        storage::write_json(KEY, &self.receipts.get_untracked());
    }
}

/// Reads the stored receipts; damaged storage is set aside and said, never fatal.
fn load() -> (Vec<Receipt>, bool) {
    match storage::read_json::<Vec<Receipt>>(KEY) {
        Ok(found) => (found.unwrap_or_default(), false),
        Err(raw) => {
            storage::set_local(UNREADABLE, &raw);
            (Vec::new(), true)
        }
    }
}

pub fn provide_engagement() -> Engagement {
    let (receipts, damaged) = load();
    let engagement = Engagement {
        receipts: RwSignal::new(receipts),
        outbox: use_outbox(),
        damaged: RwSignal::new(damaged),
    };
    provide_context(engagement);
    engagement
}

pub fn use_engagement() -> Engagement {
    expect_context::<Engagement>()
}
