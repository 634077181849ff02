//! One module per route.

pub mod archives;
pub mod home;
pub mod infos;
pub mod not_found;
pub mod programme;
pub mod session;
pub mod speakers;
