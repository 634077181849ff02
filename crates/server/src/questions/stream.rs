//! The live stream of a session's questions (Server-Sent Events). Changes are committed
//! with their events (`store::questions`), then handed to every open stream through one
//! broadcast channel per session; writes and their broadcast happen one at a time, so
//! events go out in the order of their ids. A client that reconnects with `Last-Event-ID`
//! gets what it missed from the database; one whose id is too old (pruned) or absent gets
//! a `reset` event with the whole state.

use std::{
    collections::{HashMap, VecDeque},
    convert::Infallible,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{
    http::HeaderMap,
    response::sse::{Event, KeepAlive, Sse},
};
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use crate::{
    store::questions::{Audience, SessionKey, StoredEvent},
    store::Store,
    Error,
};

/// Events a slow stream may fall behind by before it reads the rest from the database.
const CHANNEL: usize = 1024;
/// A comment line this often keeps proxies and phones from closing an idle stream.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// What a browser waits before reconnecting, in milliseconds.
const RETRY: Duration = Duration::from_millis(2000);

/// The channels of the sessions being watched, and the lock that orders writes.
#[derive(Debug, Default)]
pub struct Hub {
    channels: Mutex<HashMap<SessionKey, broadcast::Sender<Arc<StoredEvent>>>>,
    /// Held from a write's transaction to its broadcast.
    pub writes: tokio::sync::Mutex<()>,
}

impl Hub {
    fn sender(&self, key: &SessionKey) -> broadcast::Sender<Arc<StoredEvent>> {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        channels
            .entry(key.clone())
            .or_insert_with(|| broadcast::channel(CHANNEL).0)
            .clone()
    }

    /// Hands committed events to the open streams of their session.
    pub fn publish(&self, key: &SessionKey, events: Vec<StoredEvent>) {
        if events.is_empty() {
            return;
        }
        let sender = self.sender(key);
        for event in events {
            // No stream open is no error.
            let _ = sender.send(Arc::new(event));
        }
    }

    /// Ends every open stream (the server is stopping).
    pub fn close(&self) {
        self.channels.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// How many streams are open on a session.
    pub fn watchers(&self, key: &SessionKey) -> usize {
        self.sender(key).receiver_count()
    }
}

/// The id a reconnecting browser sends (`Last-Event-ID`), or `?depuis=` for a client that
/// cannot set headers.
pub fn last_event_id(headers: &HeaderMap, depuis: Option<i64>) -> Option<i64> {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .or(depuis)
        .filter(|id| *id >= 0)
}

/// What one stream is to send: moderators get every event, others the public ones.
struct Feed {
    rx: broadcast::Receiver<Arc<StoredEvent>>,
    queue: VecDeque<Event>,
    /// The last id sent or passed over: anything at or below it was dealt with.
    upto: i64,
    moderation: bool,
    store: Store,
    key: SessionKey,
}

impl Feed {
    fn visible(&self, event: &StoredEvent) -> bool {
        self.moderation || event.audience == Audience::Public
    }

    fn push(&mut self, event: &StoredEvent) {
        if event.id <= self.upto {
            return;
        }
        self.upto = event.id;
        if self.visible(event) {
            self.queue.push_back(sse_event(event));
        }
    }
}

fn sse_event(event: &StoredEvent) -> Event {
    Event::default()
        .id(event.id.to_string())
        .event(event.name.as_str())
        .data(event.payload())
}

/// Opens a stream on session `key`. `reset` makes the whole state as JSON, for a client
/// that cannot resume: it is called after the stream is subscribed, so no event falls
/// between the state and what follows.
pub async fn open<F, Fut>(
    hub: &Hub,
    store: &Store,
    key: SessionKey,
    last: Option<i64>,
    moderation: bool,
    reset: F,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>> + use<F, Fut>>, Error>
where
    F: FnOnce(i64) -> Fut,
    Fut: std::future::Future<Output = Result<String, Error>>,
{
    let rx = hub.sender(&key).subscribe();
    let (newest, pruned) = store.question_feed(&key).await?;
    let mut feed = Feed {
        rx,
        queue: VecDeque::new(),
        upto: 0,
        moderation,
        store: store.clone(),
        key,
    };
    match last.filter(|id| *id >= pruned && *id <= newest) {
        Some(id) => {
            feed.upto = id;
            for event in store.question_events(&feed.key, id, moderation).await? {
                feed.push(&event);
            }
        }
        None => {
            // Events after `newest` may already be in the state; sent again, they change
            // nothing (each carries whole values).
            let state = reset(newest).await?;
            feed.queue
                .push_back(Event::default().id(newest.to_string()).event("reset").data(state));
            feed.upto = newest;
        }
    }
    if let Some(first) = feed.queue.pop_front() {
        feed.queue.push_front(first.retry(RETRY));
    }
    let events = stream::unfold(feed, next);
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("")))
}

/// The stream's next event: queued ones first, then the channel's; a stream that fell
/// behind the channel reads what it missed from the database.
async fn next(mut feed: Feed) -> Option<(Result<Event, Infallible>, Feed)> {
    loop {
        if let Some(event) = feed.queue.pop_front() {
            return Some((Ok(event), feed));
        }
        match feed.rx.recv().await {
            Ok(event) => feed.push(&event),
            Err(broadcast::error::RecvError::Lagged(_)) => {
                match feed.store.question_events(&feed.key, feed.upto, feed.moderation).await {
                    Ok(missed) => missed.iter().for_each(|e| feed.push(e)),
                    Err(e) => {
                        // The client reconnects with its last id and gets them then.
                        tracing::warn!(error = %e, "flux de questions interrompu");
                        return None;
                    }
                }
            }
            Err(broadcast::error::RecvError::Closed) => return None,
        }
    }
}
