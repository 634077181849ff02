//! Global state, each piece with its `provide_x()` (called once, in `App`) and `use_x()`.

pub mod bookmarks;
pub mod copy;
pub mod engagement;
pub mod fetch;
pub mod interest;
pub mod outbox;
pub mod programme;
pub mod pwa;
pub mod questions;
pub mod settings;

// Shared with the organizers' console.
pub use agir_ui::{clock, storage};
