//! Agir ensemble: the companion app of the CCAS of Angers' yearly social-action day.

pub mod api;
mod app;
pub mod components;
mod pages;
pub mod state;

pub use app::App;

/// Replaces the static shell of `index.html` with the app, in the same `#app` element.
pub fn mount() {
    agir_ui::mount(App);
}
