//! One module per screen of the console.

pub mod announcements;
pub mod bilan;
pub mod day_of;
pub mod editions;
pub mod engagement;
pub mod history;
pub mod home;
pub mod import;
pub mod moderation;
pub mod not_found;
pub mod password;
pub mod qr_codes;
pub mod questions;
pub mod room_screen;
pub mod sign_in;
