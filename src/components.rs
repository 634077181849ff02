//! Reusable pieces of the screens.

pub mod announcements;
pub mod bookmark;
pub mod changes_banner;
pub mod feedback_form;
pub mod layout;
pub mod plan;
pub mod questions;
pub mod session_row;
pub mod states;
pub mod status_banner;
