//! What the attendee app and the organizers' console share: browser glue (`dom`, `storage`),
//! the clock that a `?now=` can start at any instant of the day (`clock`), small
//! components with no page or route of their own (`qr`), and the ways an app replaces the
//! page it was loaded in (`mount`, `mount_behind`).

pub mod clock;
pub mod dom;
pub mod live;
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

thread_local! {
    /// The page the server sent, and the app drawn outside the document, until `reveal`.
    static BEHIND: std::cell::RefCell<Option<(web_sys::Element, web_sys::HtmlElement)>> =
        const { std::cell::RefCell::new(None) };
}

/// Mounts `app` behind the page the server sent (its `#app` element, the page's content
/// already readable), which stays on screen until [`reveal`]: the app first draws a
/// loading line where the server's page has the content, and a page that blinks to a
/// loading line and back is the jump a person sees. Until then the app is drawn in an
/// element outside the document, so the page never holds two of anything (headings, ids).
/// In the body when there is no `#app`.
pub fn mount_behind<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: leptos::prelude::IntoView,
{
    use wasm_bindgen::JsCast;
    let document = leptos::prelude::document();
    let Some(shell) = document.get_element_by_id("app") else {
        return leptos::mount::mount_to_body(app);
    };
    let Some(root) = document
        .create_element("div")
        .ok()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return mount(app);
    };
    root.set_id("app");
    BEHIND.with_borrow_mut(|b| *b = Some((shell, root.clone())));
    leptos::mount::mount_to(root, app).forget();
}

/// Puts the app mounted by [`mount_behind`] in place of the server's page, in the next
/// frame: by then the app has drawn what `ready` waited for, and the pages are swapped
/// before the browser paints; or, when parts of the page are still to be drawn
/// ([`in_next_task`]), once the last of them is. A search box someone was typing in keeps
/// its words and the focus. Components that measure themselves (the village plan) had
/// nothing to measure outside the document: a `resize` event has them measure now.
pub fn reveal() {
    use wasm_bindgen::JsCast;
    leptos::prelude::request_animation_frame(|| {
        if LATER.get() > 0 {
            WANTED.set(true);
            return;
        }
        let Some((shell, root)) = BEHIND.with_borrow_mut(Option::take) else {
            return;
        };
        let typing = leptos::prelude::document()
            .active_element()
            .filter(|el| shell.contains(Some(AsRef::<web_sys::Node>::as_ref(el))))
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
            .filter(|input| !input.id().is_empty())
            .map(|input| (input.id(), input.value()));
        if shell.replace_with_with_node_1(&root).is_err() {
            return;
        }
        if let Some((id, value)) = typing {
            carry_over(&id, &value);
        }
        dispatch(&leptos::prelude::window(), "resize");
    });
}

/// Puts `value` into the app's input `id` (as typed: its `input` listeners hear it) and
/// the focus on it.
fn carry_over(id: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let Some(input) = leptos::prelude::document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    if !value.is_empty() && input.value() != value {
        input.set_value(value);
        dispatch(&input, "input");
    }
    let _ = input.focus();
}

fn dispatch(target: &web_sys::EventTarget, name: &str) {
    if let Ok(event) = web_sys::Event::new(name) {
        let _ = target.dispatch_event(&event);
    }
}

thread_local! {
    /// How many views of [`in_next_task`] are still to be drawn.
    static LATER: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// [`reveal`] was asked while some were.
    static WANTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Draws `view` in a later task of the browser's than the page around it. Drawing a whole
/// screen at once can be one long task on a slow phone, which keeps a tap waiting (and
/// counts against Lighthouse's TBT): what is below the fold can wait one task. The server's
/// page stays on screen until it is drawn, so the swap never shows the page without it.
pub fn in_next_task<V>(view: impl Fn() -> V + Send + Sync + 'static) -> impl leptos::prelude::IntoView
where
    V: leptos::prelude::IntoView + 'static,
{
    use leptos::prelude::*;
    let drawn = RwSignal::new(false);
    LATER.set(LATER.get() + 1);
    leptos::task::spawn_local(async move {
        dom::next_task().await;
        drawn.try_set(true);
        // The view is drawn by the effects this set schedules, before the next frame,
        // when `reveal` swaps the pages.
        LATER.set(LATER.get() - 1);
        if LATER.get() == 0 && WANTED.replace(false) {
            reveal();
        }
    });
    // Drawn like a component's body: what the view reads when it is built is not a
    // reason to build it again.
    move || drawn.get().then(|| untrack(&view))
}

/// [`in_next_task`] while the app is drawn behind the page the server sent (its first
/// screen, that page on screen meanwhile); at once afterwards. For what is in sight: drawn
/// a task later after a link, the screen would show a frame without it, then jump.
pub fn in_next_task_while_behind<V>(view: impl Fn() -> V + Send + Sync + 'static) -> impl leptos::prelude::IntoView
where
    V: leptos::prelude::IntoView + 'static,
{
    use leptos::either::Either;
    if BEHIND.with_borrow(Option::is_some) {
        Either::Left(in_next_task(view))
    } else {
        Either::Right(view())
    }
}

/// Calls [`reveal`] once `ready` (tracked) is true: the app has what the page shows.
pub fn reveal_when(ready: impl Fn() -> bool + 'static) {
    leptos::prelude::Effect::new(move |_| {
        if ready() {
            reveal();
        }
    });
}
