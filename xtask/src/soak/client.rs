//! The soak's clients: writer threads sending attendees' writes and one organizer
//! publishing, each write sent again unchanged (same key, same body) after a connection
//! error or a 5xx, as the app's outbox does, until the server answers. What each write
//! came to goes in the ledger the final check reads.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::rng::Rng;
use super::writes::{self, Mark, Write};
use crate::bench::http::{self, Response};

/// How long one request may wait for its answer.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// Past this without an answer, a write is given up (the server never came back).
const GIVE_UP: Duration = Duration::from_secs(120);
/// The first pause before sending again, doubled each time up to `MAX_PAUSE`.
const FIRST_PAUSE: Duration = Duration::from_millis(50);
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// What a write came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx: the server said it is stored.
    Acknowledged,
    /// Refused with this status (429 after the limits; 412 for a publish whose first try
    /// was committed): not acknowledged, so it may be absent, but never twice.
    Refused(u16),
    /// No answer within `GIVE_UP`.
    GivenUp,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub mark: Mark,
    pub outcome: Outcome,
}

/// What the clients share.
pub struct Shared {
    pub addr: String,
    pub stop: AtomicBool,
    pub ledger: Mutex<Vec<Record>>,
    /// Acknowledged questions, for supports.
    pub questions: Mutex<Vec<i64>>,
    pub sessions: Vec<String>,
    /// Requests sent again after a connection error or a 5xx.
    pub retries: AtomicU64,
    /// Answers 5xx: each one a write the server could not take although it was running.
    pub server_errors: AtomicU64,
    /// Resent creates the server recognised as already stored (the idempotency keys at work).
    pub already_stored: AtomicU64,
    /// Answers no client expects (a 409, a 422…): each one fails the soak.
    pub unexpected: Mutex<Vec<String>>,
}

impl Shared {
    pub fn new(addr: String, sessions: Vec<String>) -> Self {
        Self {
            addr,
            stop: AtomicBool::new(false),
            ledger: Mutex::new(Vec::new()),
            questions: Mutex::new(Vec::new()),
            sessions,
            retries: AtomicU64::new(0),
            server_errors: AtomicU64::new(0),
            already_stored: AtomicU64::new(0),
            unexpected: Mutex::new(Vec::new()),
        }
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Sends `write` until the server answers other than with a 5xx; returns that answer
    /// (`None` when given up). Resends of writes (`counted`), not of reads, are counted.
    pub fn send(&self, write: &Write, rng: &mut Rng, counted: bool) -> Option<Response> {
        let headers: Vec<(&str, &str)> = write.headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let started = Instant::now();
        let mut pause = FIRST_PAUSE;
        let mut resent = false;
        loop {
            let answer = http::request(
                &self.addr,
                write.method,
                &write.path,
                &headers,
                write.body.as_deref(),
                REQUEST_TIMEOUT,
            );
            match answer {
                Ok(r) if r.status < 500 => {
                    // A create answered 200 "already stored" after a resend: the first try
                    // was committed but its answer lost with the server.
                    if counted && resent && write.method == "POST" && r.status == 200 {
                        self.already_stored.fetch_add(1, Ordering::Relaxed);
                    }
                    return Some(r);
                }
                _ if started.elapsed() > GIVE_UP => return None,
                failed => {
                    if failed.is_ok() {
                        self.server_errors.fetch_add(1, Ordering::Relaxed);
                    }
                    if counted {
                        self.retries.fetch_add(1, Ordering::Relaxed);
                    }
                    resent = true;
                    let jitter = Duration::from_millis(rng.below(0..50));
                    std::thread::sleep(pause + jitter);
                    pause = (pause * 2).min(MAX_PAUSE);
                }
            }
        }
    }

    /// Sends `write` and notes what it came to; `expected` are the refusals this kind of
    /// write may meet. Returns the answer when acknowledged.
    fn settle(&self, write: Write, rng: &mut Rng, expected: &[u16]) -> Option<Response> {
        let answer = self.send(&write, rng, true);
        let outcome = match &answer {
            Some(r) if (200..300).contains(&r.status) => Outcome::Acknowledged,
            Some(r) => {
                if !expected.contains(&r.status) {
                    self.unexpected.lock().expect("refusals").push(format!(
                        "{} {} : {} {}",
                        write.method,
                        write.path,
                        r.status,
                        String::from_utf8_lossy(&r.body).chars().take(300).collect::<String>()
                    ));
                }
                Outcome::Refused(r.status)
            }
            None => Outcome::GivenUp,
        };
        let acknowledged = outcome == Outcome::Acknowledged;
        self.ledger.lock().expect("ledger").push(Record {
            mark: write.mark,
            outcome,
        });
        answer.filter(|_| acknowledged)
    }

    /// An attendee's phone: one write after another until the soak ends.
    pub fn attendee(&self, mut rng: Rng) {
        while !self.stopping() {
            let questions = self.questions.lock().expect("questions").clone();
            let write = writes::attendee(&mut rng, &questions, &self.sessions);
            let asked = matches!(write.mark, Mark::Ask { .. });
            let answer = self.settle(write, &mut rng, &[429]);
            if let Some(id) = answer.filter(|_| asked).and_then(|r| question_id(&r)) {
                self.questions.lock().expect("questions").push(id);
            }
        }
    }

    /// An organizer: reads the edition, publishes a change with `If-Match`, again.
    pub fn organizer(&self, mut rng: Rng) {
        let mut n = 0;
        while !self.stopping() {
            let Some((doc, etag)) = self.edition(&mut rng) else {
                return;
            };
            n += 1;
            // A 412 is expected only after a retry: the first try was committed.
            self.settle(writes::publish(&mut rng, n, &doc, &etag), &mut rng, &[412]);
            std::thread::sleep(Duration::from_millis(rng.below(50..250)));
        }
    }

    /// The current edition and its ETag, read until the server answers.
    pub fn edition(&self, rng: &mut Rng) -> Option<(Value, String)> {
        let read = Write {
            method: "GET",
            path: "/api/edition".into(),
            headers: Vec::new(),
            body: None,
            mark: Mark::Publish { note: String::new() },
        };
        let r = self.send(&read, rng, false).filter(|r| r.status == 200)?;
        let etag = r.header("etag")?.to_owned();
        Some((serde_json::from_slice(&r.body).ok()?, etag))
    }

    /// The figures of the refusals: (retries, 5xx answers, given up).
    pub fn counts(&self) -> (u64, u64, usize) {
        let ledger = self.ledger.lock().expect("ledger");
        let given_up = ledger.iter().filter(|r| r.outcome == Outcome::GivenUp).count();
        (
            self.retries.load(Ordering::Relaxed),
            self.server_errors.load(Ordering::Relaxed),
            given_up,
        )
    }
}

fn question_id(r: &Response) -> Option<i64> {
    serde_json::from_slice::<Value>(&r.body).ok()?["question"]["id"].as_i64()
}
