//! What the app's browser tests share.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// A fresh `<div>` in the page's body, to mount a component into.
pub fn container() -> web_sys::HtmlElement {
    let doc = document();
    let el = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}
