//! A per-client token bucket for attendees' writes (feedback, answers, interest): generous
//! enough for a room full of people behind one venue Wi-Fi address, tight enough that one
//! script cannot flood a table. Who the client is (`ClientAddress`), for every limit that
//! counts clients; and `Throttled`, the extractor that counts a write before its body is read.

use std::{
    collections::HashMap,
    convert::Infallible,
    hash::Hash,
    marker::PhantomData,
    net::{IpAddr, SocketAddr},
    sync::Mutex,
    time::{Duration, Instant},
};

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};

use crate::{AppState, Error};

/// Beyond this many tracked clients, full buckets (idle clients) are forgotten.
const MAX_TRACKED: usize = 10_000;

/// Token buckets by client: an address (the default) or a device id.
#[derive(Debug)]
pub struct RateLimiter<K = IpAddr> {
    /// Requests allowed per window (and burst size); 0 turns the limit off.
    capacity: u32,
    /// The time an empty bucket takes to refill.
    window: Duration,
    buckets: Mutex<Buckets<K>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// The window of the limits given per minute.
const MINUTE: Duration = Duration::from_secs(60);

/// The clients tracked, and when to look for idle ones among them. A sweep scans them all,
/// so it must not run at every request once the table is full of active clients (it then
/// frees nothing): the next one waits until the table has doubled what the last one kept,
/// or until a minute has passed (everything idle then has refilled), so each costs about
/// as many requests as it scans. Only idle clients are forgotten, never active ones: that
/// would hand them a new burst.
#[derive(Debug)]
struct Buckets<K> {
    clients: HashMap<K, Bucket>,
    max_tracked: usize,
    /// The size at which the next sweep happens: `max_tracked`, or twice what the last kept.
    sweep_at: usize,
    last_sweep: Option<Instant>,
    /// Sweeps so far.
    sweeps: usize,
}

impl<K: Hash + Eq> Buckets<K> {
    fn new(max_tracked: usize) -> Self {
        Self {
            clients: HashMap::new(),
            max_tracked,
            sweep_at: max_tracked,
            last_sweep: None,
            sweeps: 0,
        }
    }

    fn sweep_due(&self, now: Instant, window: Duration) -> bool {
        let len = self.clients.len();
        len >= self.sweep_at
            || (len > self.max_tracked
                && self
                    .last_sweep
                    .is_some_and(|last| now.saturating_duration_since(last) >= window))
    }

    /// Forgets the clients whose bucket has refilled: one coming back gets a full bucket anyway.
    fn sweep(&mut self, now: Instant, capacity: f64, per_second: f64) {
        self.clients
            .retain(|_, b| b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * per_second < capacity);
        self.sweeps += 1;
        self.sweep_at = self.max_tracked.max(2 * self.clients.len());
        self.last_sweep = Some(now);
    }
}

impl<K: Hash + Eq> RateLimiter<K> {
    pub fn new(per_minute: u32) -> Self {
        Self::per(per_minute, MINUTE)
    }

    /// `capacity` requests per `window`, as a burst or spread out.
    pub fn per(capacity: u32, window: Duration) -> Self {
        Self::tracking(capacity, window, MAX_TRACKED)
    }

    fn tracking(capacity: u32, window: Duration, max_tracked: usize) -> Self {
        Self {
            capacity,
            window,
            buckets: Mutex::new(Buckets::new(max_tracked)),
        }
    }

    /// Requests allowed per minute, on average.
    pub fn per_minute(&self) -> u32 {
        (f64::from(self.capacity) * 60.0 / self.window.as_secs_f64()).round() as u32
    }

    /// Takes one token for `key`, or says how long until one is available.
    pub fn take(&self, key: K, now: Instant) -> Result<(), Duration> {
        if self.capacity == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.capacity);
        let per_second = capacity / self.window.as_secs_f64();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.sweep_due(now, self.window) {
            buckets.sweep(now, capacity, per_second);
        }
        let bucket = buckets.clients.entry(key).or_insert(Bucket {
            tokens: capacity,
            last: now,
        });
        let elapsed = now.saturating_duration_since(bucket.last).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

impl RateLimiter<IpAddr> {
    /// Takes one token for the client at `ip` (an IPv6 client counts by its /64).
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        self.take(client_key(ip), now)
    }
}

/// The address a request comes from, as every limit counts clients: the connection's peer
/// or, behind a trusted reverse proxy (`trust_proxy`), the address that proxy appended last
/// to `X-Forwarded-For` (the ones before it are whatever the client claimed, and count for
/// nothing). `None` for a router driven in-process, which has no connection.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(ConnectInfo(peer)) = parts.extensions.get::<ConnectInfo<SocketAddr>>() else {
            return Ok(Self(None));
        };
        let forwarded = || {
            parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .next_back()
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|ip| ip.trim().parse().ok())
        };
        let proxied = if state.trust_proxy { forwarded() } else { None };
        Ok(Self(Some(proxied.unwrap_or(peer.ip()))))
    }
}

/// The limits of attendees' writes: each kind has its own buckets at the same rate
/// (`--feedback-rate`), so a room sending its bookmarks does not use up what it may send of
/// its answers or opinions.
#[derive(Debug)]
pub struct Limits {
    pub feedback: RateLimiter,
    pub responses: RateLimiter,
    pub interest: RateLimiter,
    /// Questions and supports together, per address: ten times the rate of the other
    /// writes, for a whole hall behind one venue address.
    pub questions: RateLimiter,
    /// Questions per device: a person asks a few, not dozens.
    pub asks_per_device: RateLimiter<String>,
    /// Supports given or withdrawn per device.
    pub supports_per_device: RateLimiter<String>,
    /// Contact requests sent and withdrawn, per address (`CONTACTS_PER_ADDRESS`).
    pub contacts: RateLimiter,
    /// Contact requests per device (`CONTACTS_PER_DEVICE`).
    pub contacts_per_device: RateLimiter<String>,
}

/// Questions one device may ask in `ASKS_WINDOW`.
pub const ASKS_PER_DEVICE: u32 = 5;
pub const ASKS_WINDOW: Duration = Duration::from_secs(600);
/// Supports one device may give or withdraw per minute.
pub const SUPPORTS_PER_DEVICE: u32 = 60;
/// Contact requests one device may send in `CONTACTS_WINDOW`: a visitor asks a few
/// associations, not every stand of the village.
pub const CONTACTS_PER_DEVICE: u32 = 5;
/// Contact requests (and withdrawals) one address may send in `CONTACTS_WINDOW`: the whole
/// hall may share the venue's address, so more than one device's share; a script filling
/// the associations' pages with junk is held to one a minute once its burst is spent. A
/// visitor refused here keeps the request in the phone's outbox, sent after `Retry-After`.
pub const CONTACTS_PER_ADDRESS: u32 = 60;
pub const CONTACTS_WINDOW: Duration = Duration::from_secs(3600);

impl Limits {
    pub fn new(per_minute: u32) -> Self {
        Self {
            feedback: RateLimiter::new(per_minute),
            responses: RateLimiter::new(per_minute),
            interest: RateLimiter::new(per_minute),
            questions: RateLimiter::new(per_minute.saturating_mul(10)),
            asks_per_device: RateLimiter::per(ASKS_PER_DEVICE, ASKS_WINDOW),
            supports_per_device: RateLimiter::new(SUPPORTS_PER_DEVICE),
            // `--feedback-rate 0` lifts the limits per address, this one too.
            contacts: RateLimiter::per(if per_minute == 0 { 0 } else { CONTACTS_PER_ADDRESS }, CONTACTS_WINDOW),
            contacts_per_device: RateLimiter::per(CONTACTS_PER_DEVICE, CONTACTS_WINDOW),
        }
    }
}

/// A kind of attendee write, and the limiter that counts it.
pub trait Writes: Send + Sync + 'static {
    fn limiter(limits: &Limits) -> &RateLimiter;
}

/// Opinions (`POST /api/feedback`).
pub enum FeedbackWrites {}
/// Answers to the questionnaire (`POST /api/reponses`).
pub enum ResponseWrites {}
/// Bookmarked sessions (`PUT|DELETE /api/interet/{device}`).
pub enum InterestWrites {}
/// Questions and supports (`POST /api/sessions/{id}/questions`, `PUT|DELETE …/soutiens/…`).
pub enum QuestionWrites {}

/// Contact requests and their withdrawal (`POST|DELETE /api/engagement/demandes…`).
pub enum ContactWrites {}

impl Writes for ContactWrites {
    fn limiter(limits: &Limits) -> &RateLimiter {
        &limits.contacts
    }
}

impl Writes for QuestionWrites {
    fn limiter(limits: &Limits) -> &RateLimiter {
        &limits.questions
    }
}

impl Writes for FeedbackWrites {
    fn limiter(limits: &Limits) -> &RateLimiter {
        &limits.feedback
    }
}

impl Writes for ResponseWrites {
    fn limiter(limits: &Limits) -> &RateLimiter {
        &limits.responses
    }
}

impl Writes for InterestWrites {
    fn limiter(limits: &Limits) -> &RateLimiter {
        &limits.interest
    }
}

/// A client within its rate limit for writes of kind `W`. Counted per address, before the
/// body is read.
#[derive(Debug, Clone, Copy)]
pub struct Throttled<W>(PhantomData<W>);

impl<W: Writes> FromRequestParts<AppState> for Throttled<W> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        // Without connection info (a router driven in-process) there is no client to count.
        let Ok(ClientAddress(Some(ip))) = ClientAddress::from_request_parts(parts, state).await else {
            return Ok(Self(PhantomData));
        };
        W::limiter(&state.limits)
            .check(ip, Instant::now())
            .map(|()| Self(PhantomData))
            .map_err(|wait| Error::RateLimited {
                retry_after_secs: retry_after_secs(wait),
            })
    }
}

/// IPv6 clients usually hold a whole /64: count the prefix, or one client gets 2^64 buckets.
pub(crate) fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Whole seconds for `Retry-After`, never 0 (a client would retry at once).
pub fn retry_after_secs(wait: Duration) -> u64 {
    (wait.as_secs_f64().ceil() as u64).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bursts_up_to_the_limit_then_refills() {
        let limiter = RateLimiter::new(3);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(ip, t0).is_ok());
        }
        let wait = limiter.check(ip, t0).unwrap_err();
        assert_eq!(retry_after_secs(wait), 20, "3 per minute: one every 20 s");
        assert!(
            limiter.check("192.0.2.2".parse().unwrap(), t0).is_ok(),
            "others are not affected"
        );
        assert!(limiter.check(ip, t0 + Duration::from_secs(20)).is_ok());
    }

    #[test]
    fn devices_have_their_own_window() {
        let limiter: RateLimiter<String> = RateLimiter::per(5, Duration::from_secs(600));
        let t0 = Instant::now();
        for _ in 0..5 {
            assert!(limiter.take("appareil-a".into(), t0).is_ok());
        }
        let wait = limiter.take("appareil-a".into(), t0).unwrap_err();
        assert_eq!(retry_after_secs(wait), 120, "5 per 10 minutes: one every 2 minutes");
        assert!(limiter.take("appareil-b".into(), t0).is_ok());
    }

    #[test]
    fn ipv6_clients_share_their_64() {
        let limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        assert!(limiter.check("2001:db8::1".parse().unwrap(), t0).is_ok());
        assert!(limiter.check("2001:db8::2".parse().unwrap(), t0).is_err());
    }

    #[test]
    fn zero_means_unlimited_and_retry_after_is_never_zero() {
        let limiter = RateLimiter::new(0);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert!((0..1000).all(|_| limiter.check(ip, Instant::now()).is_ok()));
        assert_eq!(retry_after_secs(Duration::from_millis(10)), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(1500)), 2);
        assert_eq!(retry_after_secs(Duration::from_secs(2)), 2);
    }

    /// `count` clients of 192.0.2.0/16 from `first`, one request each at `at`.
    fn one_request_each(limiter: &RateLimiter, first: u32, count: u32, at: Instant) {
        for n in first..first + count {
            let ip = IpAddr::V4(std::net::Ipv4Addr::from(0xC000_0000 + n));
            let _ = limiter.check(ip, at);
        }
    }

    fn tracked(limiter: &RateLimiter) -> (usize, usize) {
        let buckets = limiter.buckets.lock().unwrap();
        (buckets.clients.len(), buckets.sweeps)
    }

    #[test]
    fn a_full_table_of_active_clients_is_not_swept_at_every_request() {
        // Arrange: 100 clients tracked at most, all of them active.
        let limiter = RateLimiter::tracking(10, MINUTE, 100);
        let t0 = Instant::now();
        one_request_each(&limiter, 0, 100, t0);
        // Act: 50 more clients, and the first 100 again.
        one_request_each(&limiter, 100, 50, t0);
        one_request_each(&limiter, 0, 100, t0);
        // Assert: one sweep (which found no idle client), not one per request.
        assert_eq!(tracked(&limiter), (150, 1));
        // A minute later all of them have refilled: the next request sweeps them away.
        one_request_each(&limiter, 150, 1, t0 + MINUTE);
        assert_eq!(tracked(&limiter), (1, 2));
    }

    #[test]
    fn idle_clients_are_forgotten_and_active_ones_kept() {
        // Arrange: one request a minute; 60 clients seen at t0, 40 at t0 + 30 s.
        let limiter = RateLimiter::tracking(1, MINUTE, 100);
        let t0 = Instant::now();
        one_request_each(&limiter, 0, 60, t0);
        one_request_each(&limiter, 60, 40, t0 + Duration::from_secs(30));
        // Act: a new client a minute after t0 fills the table.
        let later = t0 + Duration::from_secs(61);
        one_request_each(&limiter, 100, 1, later);
        // Assert: the 60 refilled buckets are gone, the 40 half-empty ones stay.
        assert_eq!(tracked(&limiter), (41, 1));
        let active = IpAddr::V4(std::net::Ipv4Addr::from(0xC000_0000 + 60));
        assert!(
            limiter.check(active, later).is_err(),
            "an active client keeps its bucket"
        );
    }
}
