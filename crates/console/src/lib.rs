//! The organizers' console of Agir ensemble: a second Leptos app with its own wasm, served
//! under `/organisateurs/`, so attendees never download it. The CCAS staff sign in with an
//! account, then prepare, publish and follow the day.

mod account;
mod api;
mod app;
mod draft;
mod editor;
mod fields;
mod layout;
mod pages;

pub use app::App;

/// Replaces the static shell of `index.html` with the app, in the same `#app` element.
pub fn mount() {
    agir_ui::mount(App);
}
