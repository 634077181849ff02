//! Global state, each piece with its `provide_x()` (called once, in `App`) and `use_x()`.

pub mod bookmarks;
pub mod clock;
pub mod programme;
pub mod settings;
pub mod storage;
