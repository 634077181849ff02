//! Global state, each piece with its `provide_x()` (called once, in `App`) and `use_x()`.

pub mod bookmarks;
pub mod clock;
pub mod copy;
pub mod outbox;
pub mod programme;
pub mod pwa;
pub mod settings;
pub mod storage;
