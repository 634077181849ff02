//! What the attendee app and the organizers' console share: browser glue (`dom`, `storage`),
//! the clock that a `?now=` can start at any instant of the day (`clock`), and small
//! components with no page or route of their own (`qr`).

pub mod clock;
pub mod dom;
pub mod qr;
pub mod storage;

/// The address people reach the app at, for the links it makes (QR codes, share links,
/// calendar files): the server's `--public-url` when set (a `<meta name="agir-public-url">`
/// the server adds to each page), else the one this page was opened with.
pub fn public_url() -> String {
    leptos::prelude::document()
        .query_selector("meta[name=agir-public-url]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| leptos::prelude::window().location().origin().unwrap_or_default())
}

/// Mounts `app` in place of the static shell of `index.html` (painted before the wasm
/// arrives), in the same `#app` element so nothing jumps; in the body when there is none.
pub fn mount<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView,
{
    use wasm_bindgen::JsCast;
    let root = leptos::prelude::document()
        .get_element_by_id("app")
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => {
            root.set_inner_html("");
            leptos::mount::mount_to(root, app).forget();
        }
        None => leptos::mount::mount_to_body(app),
    }
}
