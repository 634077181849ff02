//! A request a page starts and shows the answer of: the part of `LocalResource` these pages
//! use. `LocalResource` brings async-derived signals, locks and their futures: two of them
//! (home, archives) cost the app's wasm 7.1 KB brotli, measured.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// The answer of the last request (`None` until the first arrives), asked again when a
/// signal `request` reads changes and on [`Fetch::refetch`]. Like `LocalResource`, the
/// previous answer stays until the next one arrives, and only the latest request's answer
/// is kept.
pub struct Fetch<T: Send + Sync + 'static> {
    answer: RwSignal<Option<T>>,
    again: Trigger,
}

impl<T: Send + Sync + 'static> Clone for Fetch<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Fetch<T> {}

impl<T: Clone + Send + Sync + 'static> Fetch<T> {
    pub fn new<Fut>(request: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        let answer = RwSignal::new(None);
        let again = Trigger::new();
        let latest = StoredValue::new(0u32);
        Effect::new(move |_| {
            again.track();
            let future = request();
            let asked = latest.try_get_value().unwrap_or_default().wrapping_add(1);
            latest.set_value(asked);
            spawn_local(async move {
                let value = future.await;
                if latest.try_get_value() == Some(asked) {
                    answer.set(Some(value));
                }
            });
        });
        Self { answer, again }
    }

    /// The last answer (tracked).
    pub fn get(&self) -> Option<T> {
        self.answer.get()
    }

    /// Asks again (a "Réessayer" button).
    pub fn refetch(&self) {
        self.again.notify();
    }
}
