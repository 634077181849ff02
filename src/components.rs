//! Reusable pieces of the screens.

pub mod layout;
pub mod plan;
pub mod session_row;
pub mod states;
