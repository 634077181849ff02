//! The app's clock. It runs in real time, or from an instant chosen with `?now=` (demos and
//! tests): `/?now=2013-10-08T14:20` starts it at 14:20 event time, then it runs on, and
//! the choice holds for the tab (sessionStorage) while the person navigates.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use leptos::prelude::*;

use crate::storage;

const KEY: &str = "agir.now";
const TICK_MS: u64 = 5_000;

/// A chosen starting instant in event-local time, and the real time it was chosen at.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Pin {
    local: NaiveDateTime,
    real_ms: i64,
}

impl Pin {
    fn encode(&self) -> String {
        format!("{}|{}", self.local, self.real_ms)
    }

    fn decode(raw: &str) -> Option<Self> {
        let (local, real) = raw.split_once('|')?;
        Some(Self {
            local: parse_local(local)?,
            real_ms: real.parse().ok()?,
        })
    }
}

fn parse_local(raw: &str) -> Option<NaiveDateTime> {
    agir_model::time::parse_local_datetime(raw)
}

/// Milliseconds since the epoch. Times are kept as integers throughout the app: printing
/// and parsing floats would pull kilobytes of conversion tables into the wasm.
pub fn real_now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The clock handle.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    tick_ms: RwSignal<i64>,
    pin: StoredValue<Option<Pin>>,
}

impl Clock {
    /// The current instant (tracked: it moves every few seconds). `offset` is the event's
    /// UTC offset, needed to read a `?now=` given in event-local time.
    pub fn now(&self, offset: FixedOffset) -> DateTime<Utc> {
        let tick = self.tick_ms.get();
        let ms = match self.pin.get_value() {
            Some(pin) => {
                let start = offset
                    .from_local_datetime(&pin.local)
                    .single()
                    .map(|t| t.timestamp_millis())
                    .unwrap_or(pin.real_ms);
                start + (tick - pin.real_ms)
            }
            None => tick,
        };
        DateTime::from_timestamp_millis(ms).unwrap_or_default()
    }

    pub fn is_pinned(&self) -> bool {
        self.pin.get_value().is_some()
    }
}

/// Reads `?now=` from the address the app was opened at (or the tab's earlier choice) and
/// starts the tick.
pub fn provide_clock() -> Clock {
    let from_url = window()
        .location()
        .search()
        .ok()
        .and_then(|search| {
            search
                .trim_start_matches('?')
                .split('&')
                .find_map(|pair| pair.strip_prefix("now=").map(str::to_owned))
        })
        .and_then(|raw| parse_local(&js_sys::decode_uri_component(&raw).ok()?.as_string()?))
        .map(|local| Pin {
            local,
            real_ms: real_now_ms(),
        });
    if let Some(pin) = from_url {
        storage::set_session(KEY, &pin.encode());
    }
    let pin = from_url.or_else(|| storage::get_session(KEY).and_then(|raw| Pin::decode(&raw)));
    let clock = Clock {
        tick_ms: RwSignal::new(real_now_ms()),
        pin: StoredValue::new(pin),
    };
    let tick = clock.tick_ms;
    let _ = set_interval_with_handle(
        move || tick.set(real_now_ms()),
        std::time::Duration::from_millis(TICK_MS),
    );
    provide_context(clock);
    clock
}

pub fn use_clock() -> Clock {
    expect_context::<Clock>()
}

/// An instant in the device's own time zone: when *this device* did something (fetched a
/// copy, sent a request). The event's offset would be wrong outside its season: Angers is
/// +02:00 in October only.
pub fn phone_time(ms: i64) -> Option<DateTime<FixedOffset>> {
    let date = js_sys::Date::new(&(ms as f64).into());
    // getTimezoneOffset is minutes *behind* UTC.
    let offset = FixedOffset::west_opt((date.get_timezone_offset() * 60.0) as i32)?;
    DateTime::from_timestamp_millis(ms).map(|t| t.with_timezone(&offset))
}
