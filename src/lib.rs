//! Agir ensemble: the companion app of the CCAS of Angers' yearly social-action day.

pub mod api;
mod app;
pub mod components;
mod pages;
pub mod state;

pub use app::App;

/// Replaces the static shell of `index.html` (painted before the wasm arrives) with the
/// app, in the same `#app` element so nothing jumps.
pub fn mount() {
    use wasm_bindgen::JsCast;
    let root = leptos::prelude::document()
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            root.set_inner_html("");
            leptos::mount::mount_to(root, App).forget();
        }
        None => leptos::mount::mount_to_body(App),
    }
}
