//! A live stream of Server-Sent Events for a screen: the browser's `EventSource`, which
//! reconnects by itself and sends `Last-Event-ID` so the server resumes where the stream
//! was cut. When the browser gives up (the stream was refused, or a reconnection failed
//! other than by a network error), the screen is told to poll, and the stream is opened
//! again after a pause that doubles up to a minute, from where the screen stands. The
//! stream closes with the component that opened it.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{EventSource, MessageEvent};

/// The first pause before opening a stream the browser gave up; it doubles each time.
const FIRST_PAUSE: Duration = Duration::from_secs(2);
const LONGEST_PAUSE: Duration = Duration::from_secs(60);

/// What the screen hears from the stream.
pub enum Heard {
    /// An event: its name, its id (`0` without one) and its data.
    Event { name: String, id: i64, data: String },
    /// The stream is open (again).
    Open,
    /// The stream dropped; the browser tries again by itself.
    Retrying,
    /// The browser gave up: poll until the stream is open again.
    Closed,
}

/// Opens the stream at `url()` and hands each event named in `names`, and each change of
/// the connection, to `on`. `url` is asked again at each reopening, so that it resumes
/// from the screen's last event. Closed when the calling component is cleaned up. `None`
/// where the browser has no `EventSource`: poll.
pub fn open(
    url: impl Fn() -> String + 'static,
    names: &'static [&'static str],
    on: impl Fn(Heard) + 'static,
) -> Option<()> {
    let stream = Rc::new(Stream {
        url: Box::new(url),
        names,
        on: Box::new(on),
        source: RefCell::new(None),
        handlers: RefCell::new(Vec::new()),
        pause: Cell::new(FIRST_PAUSE),
    });
    if !stream.connect() {
        return None;
    }
    // The screen owns the stream; the browser's handlers and the timer only see it.
    let owner = StoredValue::new_local(Some(stream));
    on_cleanup(move || drop(owner.try_update_value(Option::take)));
    Some(())
}

/// Calls `poll` every 10 seconds while `cut()` says the stream is cut, until the calling
/// component is cleaned up.
pub fn poll_while(cut: impl Fn() -> bool + 'static, poll: impl Fn() + 'static) {
    let timer = set_interval_with_handle(
        move || {
            if cut() {
                poll();
            }
        },
        Duration::from_secs(10),
    )
    .ok();
    on_cleanup(move || timer.into_iter().for_each(|t| t.clear()));
}

/// What the browser calls on an event, an opening or an error.
type Handler = Closure<dyn Fn(JsValue)>;

/// One stream, whatever its screen: one copy of this code in the wasm.
struct Stream {
    url: Box<dyn Fn() -> String>,
    names: &'static [&'static str],
    on: Box<dyn Fn(Heard)>,
    source: RefCell<Option<EventSource>>,
    /// The current source's handlers, dropped with it.
    handlers: RefCell<Vec<Handler>>,
    pause: Cell<Duration>,
}

impl Stream {
    /// Opens a new source, or says the browser has none.
    fn connect(self: &Rc<Self>) -> bool {
        let Ok(source) = EventSource::new(&(self.url)()) else {
            return false;
        };
        let handler = |stream: Weak<Self>, act: fn(&Rc<Self>, JsValue)| {
            Handler::new(move |e: JsValue| {
                if let Some(stream) = stream.upgrade() {
                    act(&stream, e);
                }
            })
        };
        let mut handlers = Vec::with_capacity(self.names.len() + 2);
        for name in self.names {
            let h = handler(Rc::downgrade(self), Self::event);
            let _ = source.add_event_listener_with_callback(name, h.as_ref().unchecked_ref());
            handlers.push(h);
        }
        let open = handler(Rc::downgrade(self), Self::opened);
        source.set_onopen(Some(open.as_ref().unchecked_ref()));
        let error = handler(Rc::downgrade(self), Self::failed);
        source.set_onerror(Some(error.as_ref().unchecked_ref()));
        handlers.extend([open, error]);
        self.close();
        *self.source.borrow_mut() = Some(source);
        *self.handlers.borrow_mut() = handlers;
        true
    }

    fn event(self: &Rc<Self>, e: JsValue) {
        let e: MessageEvent = e.unchecked_into();
        (self.on)(Heard::Event {
            name: e.type_(),
            id: e.last_event_id().parse().unwrap_or(0),
            data: e.data().as_string().unwrap_or_default(),
        });
    }

    fn opened(self: &Rc<Self>, _: JsValue) {
        self.pause.set(FIRST_PAUSE);
        (self.on)(Heard::Open);
    }

    fn failed(self: &Rc<Self>, _: JsValue) {
        let given_up = self
            .source
            .borrow()
            .as_ref()
            .is_some_and(|s| s.ready_state() == EventSource::CLOSED);
        if !given_up {
            return (self.on)(Heard::Retrying);
        }
        (self.on)(Heard::Closed);
        let pause = self.pause.get();
        self.pause.set((pause * 2).min(LONGEST_PAUSE));
        let stream = Rc::downgrade(self);
        set_timeout(
            move || {
                if let Some(stream) = stream.upgrade() {
                    stream.connect();
                }
            },
            pause,
        );
    }

    /// Closes the current source; its handlers stay until the next one replaces them, as
    /// one of them may be running now.
    fn close(&self) {
        if let Some(source) = self.source.borrow_mut().take() {
            source.close();
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.close();
    }
}
