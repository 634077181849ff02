//! Mon programme's pieces in a real browser (wasm-bindgen-test in headless Chromium): the
//! QR code of a share link, and the toggle's absence where there is nothing to bookmark into.
#![cfg(target_arch = "wasm32")]

use agir_ensemble::components::bookmark::BookmarkToggle;
use agir_model::SessionId;
use agir_ui::qr::QrCode;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen_test::*;

mod support;
use support::container;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_share_link_is_drawn_as_a_labelled_qr_code_that_follows_the_link() {
    let root = container();
    let link = RwSignal::new("https://agir.example.fr/mon-programme?partage=ouverture".to_owned());
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <QrCode text=link label="Code QR du lien" /> }
    });
    tick().await;
    let svg = root.query_selector("svg").unwrap().expect("un svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(svg.get_attribute("aria-label").as_deref(), Some("Code QR du lien"));
    let first = root
        .query_selector("path")
        .unwrap()
        .unwrap()
        .get_attribute("d")
        .unwrap();
    assert!(first.starts_with('M') && first.len() > 100, "{first}");

    link.set(format!(
        "{}?partage={}",
        "https://agir.example.fr/mon-programme",
        "a,".repeat(100)
    ));
    tick().await;
    let second = root
        .query_selector("path")
        .unwrap()
        .unwrap()
        .get_attribute("d")
        .unwrap();
    assert_ne!(first, second);

    // Too long for any QR code: nothing drawn, nothing broken.
    link.set("x".repeat(10_000));
    tick().await;
    assert!(root.query_selector("svg").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn without_the_bookmarks_state_the_toggle_draws_nothing() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        view! { <BookmarkToggle id=SessionId::parse("conf").unwrap() title="Repenser la solidarité" /> }
    });
    tick().await;
    assert!(root.query_selector("button").unwrap().is_none());
}
