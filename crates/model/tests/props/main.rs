//! Property tests of the model's rules that need no feature: validation, the JSON document,
//! the diff and the rebase, the search folding and the attendee's calendar. Each property
//! runs on generated editions whose texts come from the hostile corpus
//! (`tests/hostile/corpus.json`); the case counts keep the whole binary near one second.
//! The importers and exporters are in `props_interop` (they need `--all-features`).

#[path = "../support/mod.rs"]
mod support;

mod calendar;
mod diff;
mod search;
mod validation;
