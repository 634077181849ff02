//! Small typed access to `localStorage` and `sessionStorage`. Storage can be missing
//! (private mode), full, or hand-edited: every read falls back instead of failing.

use serde::{de::DeserializeOwned, Serialize};

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The raw string under `key` in localStorage.
pub fn get_local(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Writes `value`; false when the browser refused (quota, private mode).
pub fn set_local(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn get_session(key: &str) -> Option<String> {
    session()?.get_item(key).ok().flatten()
}

pub fn set_session(key: &str, value: &str) {
    if let Some(s) = session() {
        let _ = s.set_item(key, value);
    }
}

/// Reads JSON under `key`: `Ok(None)` when absent, `Err(raw)` when present but unreadable,
/// so the caller can say what it dropped.
pub fn read_json<T: DeserializeOwned>(key: &str) -> Result<Option<T>, String> {
    match get_local(key) {
        None => Ok(None),
        Some(raw) => serde_json::from_str(&raw).map(Some).map_err(|_| raw),
    }
}

pub fn write_json<T: Serialize>(key: &str, value: &T) -> bool {
    serde_json::to_string(value).is_ok_and(|text| set_local(key, &text))
}

pub fn remove_local(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}
