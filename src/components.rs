//! Reusable pieces of the screens.

pub mod feedback_form;
pub mod layout;
pub mod session_row;
pub mod states;
pub mod status_banner;
