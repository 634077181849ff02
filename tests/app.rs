//! The app's own tests, in a real browser (wasm-bindgen-test, run by `cargo xtask test`
//! in headless Chromium): components mounted with `mount_to`, storage gone bad.
#![cfg(target_arch = "wasm32")]

use agir_ensemble::components::session_row::SessionRow;
use agir_ensemble::state::{settings, storage};
use agir_model::{Session, SessionId, SessionKind, Status};
use leptos::prelude::*;
use leptos::task::tick;
use leptos_router::components::Router;
use wasm_bindgen_test::*;

mod support;
use support::container;

wasm_bindgen_test_configure!(run_in_browser);

fn session(kind: SessionKind, status: Status) -> Session {
    let at = |hm: &str| chrono::DateTime::parse_from_rfc3339(&format!("2013-10-08T{hm}:00+02:00")).unwrap();
    Session {
        id: SessionId::parse("conf").unwrap(),
        title: "Repenser la solidarité".into(),
        kind,
        start: at("14:15"),
        end: at("15:30"),
        place: None,
        speakers: vec![],
        themes: vec![],
        audience: vec![],
        description: None,
        stands: vec![],
        status,
        questions: None,
        assumed: vec![],
    }
}

#[wasm_bindgen_test]
async fn a_cancelled_session_says_so_in_words_not_only_colour() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        view! {
            <Router>
                <ul>
                    <SessionRow session=session(SessionKind::Conference, Status::Cancelled) place="Auditorium" />
                </ul>
            </Router>
        }
    });
    tick().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("14:15 – 15:30"), "{text}");
    assert!(text.contains("Annulée"), "{text}");
    assert!(text.contains("Auditorium"), "{text}");
    let row = root.query_selector("li").unwrap().unwrap();
    assert!(row.class_list().contains("cancelled"));
}

#[wasm_bindgen_test]
async fn a_meal_is_a_moment_of_the_day_not_a_talk() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        view! {
            <Router>
                <ul>
                    <SessionRow session=session(SessionKind::Meal, Status::Scheduled) />
                </ul>
            </Router>
        }
    });
    tick().await;
    let row = root.query_selector("li").unwrap().unwrap();
    assert!(row.class_list().contains("moment"));
    assert_eq!(
        root.query_selector(".badge.kind")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Repas"
    );
}

#[wasm_bindgen_test]
async fn corrupted_settings_fall_back_to_the_defaults_and_are_repaired() {
    storage::set_local("agir.settings.v1", "{pas du json");
    let root = container();
    let large = RwSignal::new(None);
    let _handle = leptos::mount::mount_to(root, move || {
        let s = settings::provide_settings();
        large.set(Some(s.large_text.get_untracked()));
    });
    tick().await;
    assert_eq!(large.get_untracked(), Some(false));
    assert_eq!(
        storage::get_local("agir.settings.v1").as_deref(),
        Some(r#"{"large_text":false,"share_interest":true}"#)
    );
}

#[wasm_bindgen_test]
fn storage_reads_report_what_they_could_not_read() {
    storage::set_local("agir.test", "[1, 2");
    assert_eq!(storage::read_json::<Vec<u32>>("agir.test"), Err("[1, 2".to_owned()));
    storage::set_local("agir.test", "[1, 2]");
    assert_eq!(storage::read_json::<Vec<u32>>("agir.test"), Ok(Some(vec![1, 2])));
    assert_eq!(storage::read_json::<Vec<u32>>("agir.absent"), Ok(None));
}
