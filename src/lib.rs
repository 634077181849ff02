//! Agir ensemble: the companion app of the CCAS of Angers' yearly social-action day.

pub mod api;
mod app;
pub mod components;
mod pages;
pub mod state;

pub use app::App;

/// Draws the app behind the page the server sent (or the static shell of `index.html`),
/// and shows it in its place once the programme is there (see `App`). In a task of its own:
/// instantiating the wasm is already a long task on a slow phone, and drawing the app in
/// the same one made a single task of ~230 ms under 4× CPU, counted whole against the
/// page's responsiveness (Lighthouse TBT).
pub fn mount() {
    leptos::prelude::set_timeout(|| agir_ui::mount_behind(App), std::time::Duration::ZERO);
}
