//! The time the accounts go by (link and session expiry, slowing down sign-in) and the
//! retention periods are counted in: the system clock, which a test moves forward instead of
//! sleeping through a 12-hour session or six months. `every` runs a periodic task by it.

use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

use chrono::{DateTime, Utc};

/// The system clock plus a shift that only ever grows. Clones share the shift, so the
/// handle a test keeps moves the server's time too.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    shift_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::milliseconds(self.shift_ms.load(Ordering::Relaxed))
    }

    /// Runs `round` with this clock's time every `period`, the first at once, for as long
    /// as the task lives; a round that fails is logged (`failed` says what) and the next
    /// one tries again.
    pub async fn every<F, Fut, E>(&self, period: std::time::Duration, failed: &'static str, mut round: F)
    where
        F: FnMut(DateTime<Utc>) -> Fut,
        Fut: std::future::Future<Output = Result<(), E>>,
        E: std::fmt::Display,
    {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            tick.tick().await;
            if let Err(e) = round(self.now()).await {
                tracing::warn!(error = %e, "{failed}");
            }
        }
    }

    /// Moves this clock (and every clone) forward.
    pub fn advance(&self, by: std::time::Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.shift_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_move_together() {
        let clock = Clock::default();
        let server = clock.clone();
        let before = server.now();
        clock.advance(std::time::Duration::from_secs(3600));
        let moved = server.now() - before;
        assert!(moved >= chrono::Duration::seconds(3600), "{moved}");
        assert!(moved < chrono::Duration::seconds(3660), "{moved}");
    }
}
