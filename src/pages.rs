//! One module per route.

pub mod agenda;
pub mod archives;
pub mod engagement;
pub mod feedback;
pub mod home;
pub mod infos;
pub mod not_found;
pub mod programme;
pub mod session;
pub mod speakers;
pub mod village;
