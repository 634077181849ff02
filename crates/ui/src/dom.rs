//! Browser glue that the screens and the app's state share: event listeners owned by
//! whoever installs them, element lookups, focus, file downloads, and a pause in typing.

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Calls `f` at each `name` event of the window until the handle is removed: a component
/// removes it in `on_cleanup`; the app's state drops it and listens for the page's life.
pub fn on_window(name: &str, f: impl Fn() + 'static) -> WindowListenerHandle {
    listen_window(name, Box::new(f))
}

// One copy of Leptos' listener code for every caller, instead of one per closure type.
#[inline(never)]
fn listen_window(name: &str, f: Box<dyn Fn()>) -> WindowListenerHandle {
    window_event_listener_untyped(name, move |_| f())
}

/// Calls `f` at each `name` event of the document (`visibilitychange`), for the page's life.
/// The listener belongs to the page's JavaScript, which frees it with the document.
pub fn on_document(name: &str, f: impl Fn() + 'static) {
    let _ = document().add_event_listener_with_callback(name, &js_handler(f));
}

/// A JavaScript function calling `f`, for a handler property (`onupdatefound`…) or a
/// listener; it belongs to JavaScript, which frees it when nothing refers to it any more.
pub fn js_handler(f: impl Fn() + 'static) -> js_sys::Function {
    let f: Box<dyn Fn()> = Box::new(f);
    Closure::wrap(f).into_js_value().unchecked_into()
}

/// Resolves in a later task of the browser's: what follows is not one long task with what
/// came before, and the browser may paint or answer a tap in between.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The element with this id, as an `HtmlElement`.
pub fn html_element(id: &str) -> Option<web_sys::HtmlElement> {
    document().get_element_by_id(id)?.dyn_into().ok()
}

/// Moves the focus to `el` without scrolling the page to it.
pub fn focus_without_scroll(el: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
}

/// Saves `text` as a file through a Blob and an `<a download>`. A spreadsheet (`text/csv`)
/// starts with the UTF-8 byte order mark, so that a spreadsheet program reads its accents
/// right: the server sends one, but decoding the response as text drops it.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let text = if mime.starts_with("text/csv") && !text.starts_with('\u{feff}') {
        format!("\u{feff}{text}")
    } else {
        text.to_owned()
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(&text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.set_hidden(true);
    let body = document().body().ok_or(JsValue::NULL)?;
    body.append_child(&link)?;
    link.click();
    link.remove();
    // Some browsers read the blob after the click returns.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        Duration::from_secs(10),
    );
    Ok(())
}

/// Runs something once a pause has lasted long enough: each restart (or cancel) takes a new
/// number, and the pending run goes ahead only if its number is still the latest. Nothing
/// runs once the component that made it is gone.
#[derive(Clone, Copy)]
pub struct Pause(StoredValue<u32>);

impl Pause {
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// Drops the pending run, if any.
    pub fn cancel(self) {
        self.0.update_value(|n| *n += 1);
    }

    /// Runs `run` after `after`, unless restarted or cancelled before.
    pub fn restart(self, after: Duration, run: Box<dyn FnOnce()>) {
        self.cancel();
        let latest = self.0;
        let this = latest.get_value();
        set_timeout(
            move || {
                if latest.try_get_value() == Some(this) {
                    run();
                }
            },
            after,
        );
    }
}

impl Default for Pause {
    fn default() -> Self {
        Self::new()
    }
}
