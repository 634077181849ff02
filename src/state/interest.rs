//! Telling the organizers which sessions draw people: this device's bookmarks, under a
//! random id made here and nothing else, sent through the outbox a moment after they
//! change. A person can stop sharing (Infos page); that also withdraws what was sent.

use agir_ui::dom::Pause;
use leptos::prelude::*;

use super::bookmarks::use_bookmarks;
use super::outbox::{new_key, use_outbox, Interest};
use super::programme::use_programme;
use super::settings::use_settings;
use super::storage;

/// The device's random id.
const DEVICE_KEY: &str = "agir.appareil.v1";
/// What was last told, so a page load does not tell it again.
const TOLD_KEY: &str = "agir.interet.v1";
/// Bookmarks settle for this long before they are told.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);

fn device() -> String {
    device_id(DEVICE_KEY)
}

/// The random id this device keeps under `key` (made at first use): one for interest,
/// another for questions, so the two are never linked.
pub fn device_id(key: &str) -> String {
    // A damaged id (edited storage) would have every write refused: make a new one.
    let usable = |d: &String| (16..=64).contains(&d.len()) && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    match storage::get_local(key).filter(usable) {
        Some(id) => id,
        None => {
            let id = new_key();
            storage::set_local(key, &id);
            id
        }
    }
}

/// Starts telling the bookmarks of the current edition as they change, or withdrawing
/// them when sharing is turned off.
pub fn share_interest() {
    let (bookmarks, programme, settings, outbox) = (use_bookmarks(), use_programme(), use_settings(), use_outbox());
    let pause = Pause::new();
    Effect::new(move |_| {
        let Some(snapshot) = programme.snapshot() else {
            return;
        };
        let edition = snapshot.edition.edition.to_string();
        // A preview tab shows a draft: nothing of it is told.
        if programme.is_preview() {
            return;
        }
        let sessions = settings.share_interest.get().then(|| {
            // A bookmark of a session no longer in the programme would have the whole
            // list refused.
            bookmarks
                .ids()
                .iter()
                .filter(|id| snapshot.edition.sessions.iter().any(|s| s.id == **id))
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        });
        let told = format!(
            "{edition} {}",
            sessions.as_ref().map_or("-".to_owned(), |s| s.join(","))
        );
        let before = storage::get_local(TOLD_KEY);
        // Nothing told yet and nothing to tell (no bookmark, or sharing off): no request.
        let nothing = sessions.as_ref().is_none_or(Vec::is_empty);
        if before.as_deref() == Some(told.as_str()) || (before.is_none() && nothing) {
            return;
        }
        pause.restart(
            SETTLE,
            Box::new(move || {
                outbox.push(Interest {
                    key: new_key(),
                    device: device(),
                    edition,
                    sessions,
                });
                storage::set_local(TOLD_KEY, &told);
            }),
        );
    });
}
