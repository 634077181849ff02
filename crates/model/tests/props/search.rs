//! The search folding: idempotent, blind to case and accents (whether the accents are
//! precomposed or typed as combining marks), safe on any text; and a session whose title
//! holds the query is found, however the query is cased or accented.

use agir_model::search::{fold, Query, SessionIndex};
use proptest::prelude::*;
use proptest::sample::Index;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::support::{config, edition, hostile};

/// The letters French (and the Latin names of imported conferences) are written with:
/// ASCII, Latin-1 and Latin Extended-A, whose case pairs are one letter each way.
fn latin() -> impl Strategy<Value = String> {
    let letter = prop_oneof![
        4 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        4 => proptest::char::range('\u{c0}', '\u{17f}')
            .prop_filter("a case pair of one letter each way", |c| single_case(*c)),
        1 => Just(' '),
        1 => proptest::sample::select(vec!['\'', '’', '-', '«', '»', ',', '0', '9']),
    ];
    proptest::collection::vec(letter, 0..30).prop_map(String::from_iter)
}

/// Letters whose upper and lower case are one letter each: not `ŉ` (ʼN), `İ` (i + dot),
/// `ß` (SS), nor `ſ`, whose capital is a plain `S`.
fn single_case(c: char) -> bool {
    c.is_alphabetic() && c.to_uppercase().count() == 1 && c.to_lowercase().count() == 1 && c != 'ſ'
}

/// The text as Unicode decomposes it (NFD) without its combining marks: "Été" is "Ete".
fn strip_accents(s: &str) -> String {
    s.nfd().filter(|c| !is_combining_mark(*c)).collect()
}

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![hostile::text(), hostile::any_text(), latin()]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn folding_is_idempotent(s in any_string()) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn folding_ignores_case(s in latin()) {
        prop_assert_eq!(fold(&s.to_uppercase()), fold(&s));
        prop_assert_eq!(fold(&s.to_lowercase()), fold(&s));
    }

    #[test]
    fn folding_ignores_accents_precomposed_or_combining(s in latin()) {
        prop_assert_eq!(fold(&strip_accents(&s)), fold(&s), "stripped");
        prop_assert_eq!(fold(&s.nfd().collect::<String>()), fold(&s), "decomposed");
    }

    #[test]
    fn searching_any_text_never_panics(s in any_string(), t in any_string()) {
        let q = Query::parse(&s);
        let _ = q.matches_folded(&fold(&t));
        let _ = q.refines(&Query::parse(&t));
    }

}

proptest! {
    // Each case generates a whole edition: fewer of them.
    #![proptest_config(config(96))]

    #[test]
    fn a_session_whose_title_holds_the_query_is_found(
        e in edition::edition(6),
        which in any::<Index>(),
        from in any::<Index>(),
        to in any::<Index>(),
    ) {
        prop_assume!(!e.sessions.is_empty());
        // Arrange: a piece of one session's title, cut on characters.
        let i = which.index(e.sessions.len());
        let chars: Vec<char> = e.sessions[i].title.chars().collect();
        let (a, b) = (from.index(chars.len() + 1), to.index(chars.len() + 1));
        let piece: String = chars[a.min(b)..a.max(b)].iter().collect();
        let index = SessionIndex::new(&e);
        // Act / Assert: the piece as is, and (for Latin letters) shouted or unaccented.
        let mut queries = vec![piece.clone()];
        if piece.chars().all(|c| c.is_ascii() || (('\u{c0}'..='\u{17f}').contains(&c) && single_case(c))) {
            queries.push(piece.to_uppercase());
            queries.push(strip_accents(&piece));
        }
        for raw in queries {
            let q = Query::parse(&raw);
            if !q.is_empty() {
                prop_assert!(index.search(&q).contains(&i), "{:?} not found in {:?}", raw, e.sessions[i].title);
                prop_assert!(index.matches(i, &q));
            }
        }
    }
}

#[test]
fn ete_is_ete_however_written() {
    assert_eq!(fold("Été"), fold("ete"));
    assert_eq!(fold("E\u{301}te\u{301}"), "ete");
}

#[test]
fn ten_kilobytes_of_anything_fold_and_search() {
    for s in crate::support::hostile::corpus() {
        let q = Query::parse(s);
        assert_eq!(fold(&fold(s)), fold(s));
        let _ = q.matches_folded(&fold(s));
    }
}
