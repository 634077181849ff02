//! A live stream of Server-Sent Events for a screen: the browser's `EventSource`, which
//! reconnects by itself and sends `Last-Event-ID` so the server resumes where the stream
//! was cut; when the stream is refused or keeps failing, the screen is told to poll
//! instead. The stream closes with the component that opened it.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// What the screen hears from the stream.
pub enum Heard {
    /// An event: its name, its id (`0` without one) and its data.
    Event { name: String, id: i64, data: String },
    /// The stream is open (again).
    Open,
    /// The stream dropped; the browser tries again by itself.
    Retrying,
    /// The browser gave up (the server refused the stream, or streams are cut on this
    /// network): poll instead.
    Closed,
}

/// Opens `url` and hands each event named in `names`, and each change of the connection,
/// to `on`. Closed when the calling component is cleaned up. `None` where the browser has
/// no `EventSource`: poll.
pub fn open(url: &str, names: &[&str], on: impl Fn(Heard) + 'static) -> Option<()> {
    let source = EventSource::new(url).ok()?;
    listen(&source, names, Box::new(on));
    let source = StoredValue::new_local(Some(source));
    on_cleanup(move || {
        if let Some(s) = source.try_update_value(|s| s.take()).flatten() {
            s.close();
        }
    });
    Some(())
}

// One copy for every caller, whatever its closure.
#[inline(never)]
fn listen(source: &EventSource, names: &[&str], on: Box<dyn Fn(Heard)>) {
    let on = std::rc::Rc::new(on);
    for name in names {
        let (on, name_owned) = (on.clone(), (*name).to_owned());
        let handler = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let id = e.last_event_id().parse().unwrap_or(0);
            let data = e.data().as_string().unwrap_or_default();
            on(Heard::Event {
                name: name_owned.clone(),
                id,
                data,
            });
        });
        let _ = source.add_event_listener_with_callback(name, handler.as_ref().unchecked_ref());
        // Freed with the page: a stream lives as long as its screen, and a few closures
        // per screen opened are no leak worth the bookkeeping.
        handler.forget();
    }
    let opened = on.clone();
    let open = Closure::<dyn Fn()>::new(move || opened(Heard::Open));
    source.set_onopen(Some(open.as_ref().unchecked_ref()));
    open.forget();
    let target = source.clone();
    let error = Closure::<dyn Fn()>::new(move || {
        on(if target.ready_state() == EventSource::CLOSED {
            Heard::Closed
        } else {
            Heard::Retrying
        })
    });
    source.set_onerror(Some(error.as_ref().unchecked_ref()));
    error.forget();
}
