//! Settings kept on this device: larger text, and whether the bookmarks are shared
//! anonymously with the organizers. Light and dark themes follow the system through CSS
//! (`prefers-color-scheme`), so there is nothing to store for them.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::storage;

const KEY: &str = "agir.settings.v1";

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Stored {
    #[serde(default)]
    large_text: bool,
    #[serde(default = "yes")]
    share_interest: bool,
}

fn yes() -> bool {
    true
}

impl Default for Stored {
    fn default() -> Self {
        Self {
            large_text: false,
            share_interest: true,
        }
    }
}

/// The settings, readable and writable from any component.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub large_text: RwSignal<bool>,
    /// Tell the organizers, anonymously, which sessions are in "Mon programme".
    pub share_interest: RwSignal<bool>,
}

/// Reads the stored settings (a corrupted value counts as the defaults) and keeps the
/// `<html data-text>` attribute and the storage in step with them.
pub fn provide_settings() -> Settings {
    let stored: Stored = storage::read_json(KEY).ok().flatten().unwrap_or_default();
    let settings = Settings {
        large_text: RwSignal::new(stored.large_text),
        share_interest: RwSignal::new(stored.share_interest),
    };
    Effect::new(move |_| {
        let large = settings.large_text.get();
        let share_interest = settings.share_interest.get();
        if let Some(root) = document().document_element() {
            let _ = if large {
                root.set_attribute("data-text", "large")
            } else {
                root.remove_attribute("data-text")
            };
        }
        storage::write_json(
            KEY,
            &Stored {
                large_text: large,
                share_interest,
            },
        );
    });
    provide_context(settings);
    settings
}

pub fn use_settings() -> Settings {
    expect_context::<Settings>()
}
