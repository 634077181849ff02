//! Reusable pieces of the screens.

pub mod bookmark;
pub mod changes_banner;
pub mod layout;
pub mod qr;
pub mod session_row;
pub mod states;
