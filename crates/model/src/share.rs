//! Share links of a programme: `/mon-programme?partage=id1,id2`. Session ids are already
//! URL-safe (letters, digits, `-`, `_`, `.`), and a comma needs no escaping in a query, so
//! the link is the ids themselves: short, readable, and valid across revisions as long as
//! the sessions exist.
//!
//! A link comes from anyone: decoding accepts only valid ids, each once, a bounded number
//! of them, and says how many it refused.

use crate::ids::SessionId;

/// The query parameter that carries the ids.
pub const PARAM: &str = "partage";

/// No programme has more bookmarks than this; a longer link is not one of ours.
pub const MAX_IDS: usize = 200;

/// Longest value read: anything past it is ignored (and counted as refused).
pub const MAX_LEN: usize = 8 * 1024;

/// The value of the `partage` parameter for these ids, in their order.
pub fn encode<'a>(ids: impl IntoIterator<Item = &'a SessionId>) -> String {
    ids.into_iter().map(SessionId::as_str).collect::<Vec<_>>().join(",")
}

/// The path of a share link (`/mon-programme?partage=…`).
pub fn path<'a>(ids: impl IntoIterator<Item = &'a SessionId>) -> String {
    format!("{}?{PARAM}={}", crate::paths::MY_PROGRAMME, encode(ids))
}

/// What a share link carried.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decoded {
    /// Valid ids, each once, in the link's order.
    pub ids: Vec<SessionId>,
    /// Parts that were not ids (or came after the limits).
    pub refused: usize,
}

/// Reads the value of the `partage` parameter (already percent-decoded, or not: `%2C` is
/// read as a comma too). Empty parts (`a,,b`, a trailing comma) are not counted.
pub fn decode(raw: &str) -> Decoded {
    let mut out = Decoded::default();
    let mut text = raw;
    if text.len() > MAX_LEN {
        let mut end = MAX_LEN;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text = &text[..end];
        out.refused += 1;
    }
    let text = text.replace("%2C", ",").replace("%2c", ",");
    for part in text.split([',', ' ', '+']).map(str::trim).filter(|p| !p.is_empty()) {
        match SessionId::parse(part) {
            Ok(id) if out.ids.contains(&id) => {}
            Ok(id) if out.ids.len() < MAX_IDS => out.ids.push(id),
            _ => out.refused += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<SessionId> {
        list.iter().map(|s| SessionId::parse(*s).unwrap()).collect()
    }

    #[test]
    fn round_trip() {
        let list = ids(&["conference-repenser-la-solidarite", "debat_2", "a.b"]);
        let value = encode(&list);
        assert_eq!(value, "conference-repenser-la-solidarite,debat_2,a.b");
        assert_eq!(path(&list), format!("/mon-programme?partage={value}"));
        assert_eq!(decode(&value), Decoded { ids: list, refused: 0 });
        assert_eq!(decode(""), Decoded::default());
    }

    #[test]
    fn hostile_input_keeps_only_valid_ids_once() {
        let d = decode("a,,a, b ,<script>alert(1)</script>,../../etc,%2Cc%2cd,javascript:x,é,");
        assert_eq!(d.ids, ids(&["a", "b", "c", "d"]));
        assert_eq!(d.refused, 4);
        let d = decode(&"x".repeat(500));
        assert!(d.ids.is_empty());
        assert_eq!(d.refused, 1);
    }

    #[test]
    fn limits_hold() {
        let many: Vec<String> = (0..1000).map(|i| format!("s{i}")).collect();
        let d = decode(&many.join(","));
        assert_eq!(d.ids.len(), MAX_IDS);
        assert_eq!(d.refused, 1000 - MAX_IDS);

        let huge = "é".repeat(MAX_LEN); // cut on a character boundary, not inside "é"
        let d = decode(&huge);
        assert!(d.ids.is_empty());
        assert_eq!(d.refused, 2);
    }
}
