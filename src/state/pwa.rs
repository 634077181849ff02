//! The installable app: registers the service worker, offers "Nouvelle version :
//! recharger" when a new build has installed in the background (code is never swapped
//! under the person's feet), and asks the browser to keep our storage.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorker, ServiceWorkerRegistration, ServiceWorkerState};

use agir_ui::dom;

/// What the interface needs to know about the service worker.
#[derive(Debug, Clone, Copy)]
pub struct Pwa {
    /// A new version is installed and waits for the person's go-ahead.
    pub update_ready: RwSignal<bool>,
    waiting: StoredValue<Option<SendWorker>>,
}

/// `ServiceWorker` is a JS handle and not `Send`; the app has one thread.
#[derive(Debug, Clone)]
struct SendWorker(send_wrapper::SendWrapper<ServiceWorker>);

impl Pwa {
    /// Activates the waiting version; the page reloads once it has taken over.
    pub fn accept_update(&self) {
        if let Some(worker) = self.waiting.get_value() {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
            let _ = worker.0.post_message(&message);
        }
    }
}

/// Registers `/sw.js` and watches for updates.
pub fn provide_pwa() -> Pwa {
    let pwa = Pwa {
        update_ready: RwSignal::new(false),
        waiting: StoredValue::new(None),
    };
    provide_context(pwa);
    let navigator = window().navigator();
    // Service workers run on localhost and HTTPS only; elsewhere the app still works online.
    if js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        spawn_local(async move {
            if let Err(e) = register(pwa).await {
                leptos::logging::warn!("service worker non enregistré\u{a0}: {e:?}");
            }
        });
    }
    persist_storage();
    pwa
}

pub fn use_pwa() -> Pwa {
    expect_context::<Pwa>()
}

async fn register(pwa: Pwa) -> Result<(), JsValue> {
    let container = window().navigator().service_worker();
    let registration: ServiceWorkerRegistration = JsFuture::from(container.register("/sw.js")).await?.dyn_into()?;

    // Once the person accepted, the new worker takes control: load the new build.
    container.set_oncontrollerchange(Some(&dom::js_handler(move || {
        if pwa.update_ready.get_untracked() {
            let _ = window().location().reload();
        }
    })));

    // A worker that is already waiting, or one installing now, or one found later.
    let check = {
        let registration = registration.clone();
        move || offer_if_waiting(pwa, &registration)
    };
    check();
    if let Some(installing) = registration.installing() {
        watch_installing(pwa, &registration, &installing);
    }
    let on_update = {
        let registration = registration.clone();
        dom::js_handler(move || {
            if let Some(installing) = registration.installing() {
                watch_installing(pwa, &registration, &installing);
            }
        })
    };
    registration.set_onupdatefound(Some(&on_update));

    // The browser looks for a new version at each navigation, which an app left open all
    // day never makes: ask when the screen comes back, and every half hour.
    let ask = move || {
        if let Ok(promise) = registration.update() {
            // Offline, the check fails: it is asked again later.
            spawn_local(async move {
                let _ = JsFuture::from(promise).await;
            });
        }
    };
    let again = ask.clone();
    dom::on_document("visibilitychange", move || {
        if document().visibility_state() == web_sys::VisibilityState::Visible {
            again();
        }
    });
    let _ = set_interval_with_handle(ask, UPDATE_CHECK);
    Ok(())
}

const UPDATE_CHECK: std::time::Duration = std::time::Duration::from_secs(30 * 60);

fn watch_installing(pwa: Pwa, registration: &ServiceWorkerRegistration, worker: &ServiceWorker) {
    let registration = registration.clone();
    let watched = worker.clone();
    worker.set_onstatechange(Some(&dom::js_handler(move || {
        if watched.state() == ServiceWorkerState::Installed {
            offer_if_waiting(pwa, &registration);
        }
    })));
}

/// Offers the update only when an older version controls the page: the very first
/// install has nothing to replace.
fn offer_if_waiting(pwa: Pwa, registration: &ServiceWorkerRegistration) {
    let controlled = window().navigator().service_worker().controller().is_some();
    if let (Some(waiting), true) = (registration.waiting(), controlled) {
        pwa.waiting
            .set_value(Some(SendWorker(send_wrapper::SendWrapper::new(waiting))));
        pwa.update_ready.set(true);
    }
}

/// Asks the browser not to evict our offline copy under storage pressure. Browsers decide
/// by themselves (an installed app usually gets it); a refusal changes nothing else.
fn persist_storage() {
    let storage = window().navigator().storage();
    if let Ok(promise) = storage.persist() {
        spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// iPhone and iPad browsers have no install prompt and wipe a site's storage after some
/// days unused, unless the app is added to the home screen.
pub fn is_ios_browser() -> bool {
    let navigator = window().navigator();
    let ua = navigator.user_agent().unwrap_or_default();
    // iPads ask for the desktop site and say "Macintosh": a Mac has no touch screen.
    let ipad = ua.contains("Macintosh") && navigator.max_touch_points() > 1;
    let ios = ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod") || ipad;
    let standalone = js_sys::Reflect::get(&navigator, &"standalone".into())
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    ios && !standalone
}
