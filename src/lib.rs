//! Agir ensemble: the companion app of the CCAS of Angers' yearly social-action day.

pub mod api;
mod app;
pub mod components;
mod pages;
pub mod state;

pub use app::App;

/// Draws the app behind the page the server sent (or the static shell of `index.html`),
/// and shows it in its place once the programme is there (see `App`).
pub fn mount() {
    agir_ui::mount_behind(App);
}
