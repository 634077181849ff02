//! The hostile corpus, `tests/hostile/corpus.json` at the repository root (the end-to-end
//! specs read it too), and the text strategies built on it: what organizers paste and
//! what attackers type, mixed with ordinary French and any Unicode at all.

use std::sync::OnceLock;

use proptest::prelude::*;

/// Every string of the corpus, its long ones (10 KB) built.
pub fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/hostile/corpus.json"));
        let json: serde_json::Value = serde_json::from_str(text).expect("corpus.json is JSON");
        let mut all: Vec<String> = json["strings"]
            .as_array()
            .expect("a list of strings")
            .iter()
            .map(|s| s.as_str().expect("a string").to_owned())
            .collect();
        for long in json["long"].as_array().expect("a list of long strings") {
            let unit = long["unit"].as_str().expect("a unit");
            let bytes = long["bytes"].as_u64().expect("a size") as usize;
            all.push(unit.repeat(bytes.div_ceil(unit.len())));
        }
        all
    })
}

/// One string of the corpus.
pub fn hostile() -> impl Strategy<Value = String> {
    proptest::sample::select(corpus())
}

/// Ordinary French text, accents, ligatures and typographic punctuation included.
pub fn plain() -> impl Strategy<Value = String> {
    "[A-Za-zÀÂÉÈÊÎÔÙÇàâäéèêëîïôöùûüÿçœæŒÆ0-9][A-Za-zÀÂÉÈÊÎÔÙÇàâäéèêëîïôöùûüÿçœæŒÆ0-9 ',;:!?«»()’-]{0,40}"
}

/// Any Unicode scalar values at all (proptest favours the odd ones: controls, surrogate
/// neighbours, non-characters).
pub fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter)
}

/// What a text field of a document may hold: mostly French, often hostile, sometimes
/// anything, sometimes all three together.
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => plain(),
        3 => hostile(),
        2 => any_text(),
        1 => (plain(), hostile(), any_text()).prop_map(|(a, b, c)| format!("{a} {b}{c}")),
    ]
}

/// A text that shows something (titles, names): validation refuses those made of white
/// space and control characters only.
pub fn label() -> impl Strategy<Value = String> {
    text().prop_map(|t| {
        if t.chars().all(|c| c.is_whitespace() || c.is_control()) {
            format!("Séance {t}")
        } else {
            t
        }
    })
}
