//! Accent- and case-insensitive search, small enough for the wasm app.
//!
//! A full Unicode normalisation table would cost the phone a download; French and the
//! Latin names of imported conferences only need the Latin-1 and Latin Extended-A letters;
//! letters are lower-cased by [`lower`], which knows the Latin, Greek and Cyrillic alphabets.

use crate::edition::{Edition, Session};
use crate::french::lower;

/// Lower-cases and removes diacritics: "Bénévoles Retraités" becomes "benevoles retraites".
/// Typographic apostrophes become `'` so "Solidar’Auto" matches "solidar'auto". Accents
/// typed as combining marks (decomposed text, as macOS writes file names and some PDFs
/// copy) are dropped, so "E\u{301}te\u{301}" folds like "Été".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match lower(c) {
            // Combining Diacritical Marks: the accent of the letter before.
            '\u{300}'..='\u{36f}' => {}
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => out.push('g'),
            'ĥ' | 'ħ' => out.push('h'),
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => out.push('i'),
            'ĵ' => out.push('j'),
            'ķ' => out.push('k'),
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => out.push('l'),
            'ñ' | 'ń' | 'ņ' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => out.push('o'),
            'ŕ' | 'ŗ' | 'ř' => out.push('r'),
            'ś' | 'ŝ' | 'ş' | 'š' => out.push('s'),
            'ß' => out.push_str("ss"),
            'ţ' | 'ť' | 'ŧ' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'ŵ' => out.push('w'),
            'ý' | 'ÿ' | 'ŷ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            '’' | '‘' | 'ʼ' => out.push('\''),
            other => out.push(other),
        }
    }
    out
}

/// A parsed query: folded words that must all be found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<String>,
}

impl Query {
    pub fn parse(raw: &str) -> Self {
        Self {
            words: fold(raw).split_whitespace().map(str::to_owned).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when every text this query matches is also matched by `before`: each word of
    /// `before` is part of one of this query's words.
    pub fn refines(&self, before: &Query) -> bool {
        before
            .words
            .iter()
            .all(|w| self.words.iter().any(|now| now.contains(w.as_str())))
    }

    /// True when every word of the query occurs in the folded haystack.
    pub fn matches_folded(&self, haystack: &str) -> bool {
        self.words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

/// Precomputed folded text of every session, so a keystroke costs one pass of `contains`
/// over short strings instead of folding the whole programme again.
#[derive(Debug, Clone, Default)]
pub struct SessionIndex {
    entries: Vec<String>,
}

impl SessionIndex {
    /// Indexes the sessions of `edition` in document order: title, kind label, description,
    /// themes, audiences, place name, speakers (name and organisation) and linked stands.
    pub fn new(edition: &Edition) -> Self {
        let entries = edition
            .sessions
            .iter()
            .map(|s| fold(&searchable_text(edition, s)))
            .collect();
        Self { entries }
    }

    /// Indices (document order) of the sessions that match.
    pub fn search(&self, query: &Query) -> Vec<usize> {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, text)| query.matches_folded(text))
            .map(|(i, _)| i)
            .collect()
    }

    pub fn matches(&self, index: usize, query: &Query) -> bool {
        self.entries.get(index).is_some_and(|text| query.matches_folded(text))
    }
}

fn searchable_text(edition: &Edition, s: &Session) -> String {
    let mut text = format!("{}\n{}\n", s.title, s.kind.label());
    if let Some(d) = &s.description {
        text.push_str(d);
        text.push('\n');
    }
    for t in s.themes.iter().chain(&s.audience) {
        text.push_str(t);
        text.push('\n');
    }
    if let Some(place) = s.place.as_ref().and_then(|p| edition.place(p)) {
        text.push_str(&place.name);
        text.push('\n');
    }
    for sp in &s.speakers {
        if let Some(speaker) = edition.speaker(&sp.speaker) {
            text.push_str(&speaker.name);
            text.push('\n');
            if let Some(org) = &speaker.organisation {
                text.push_str(org);
                text.push('\n');
            }
        }
    }
    for id in &s.stands {
        if let Some(stand) = edition.stand(id) {
            text.push_str(&stand.name);
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_accents_and_case() {
        assert_eq!(fold("Bénévoles RETRAITÉS"), "benevoles retraites");
        assert_eq!(fold("Restos du Cœur"), "restos du coeur");
        assert_eq!(fold("Solidar’Auto"), "solidar'auto");
        assert_eq!(fold("Straße"), "strasse");
    }

    /// Found by the property tests (`tests/props/search.rs`): decomposed accents stayed,
    /// so a title pasted from a decomposed source was not found by "ete".
    #[test]
    fn fold_drops_combining_accents() {
        assert_eq!(fold("E\u{301}te\u{301} a\u{300} Ho\u{302}tel"), "ete a hotel");
    }

    /// Found by the property tests: a third of Latin Extended-A kept its accents
    /// (Esperanto, Latvian, Maltese, Turkish "ğ", Welsh "ŵ").
    #[test]
    fn fold_covers_latin_extended_a() {
        assert_eq!(
            fold("Ĉ Ċ Ĕ Ĝ Ğ Ġ Ģ Ĥ Ĩ Ĭ Ĵ Ķ Ĺ Ļ Ņ Ŏ Ŕ Ŗ Ŝ Ũ Ŭ Ų Ŵ Ŷ"),
            "c c e g g g g h i i j k l l n o r r s u u u w y"
        );
        assert_eq!(fold("Erdoğan"), fold("erdogan"));
    }

    #[test]
    fn query_needs_every_word() {
        let q = Query::parse("  Repenser  SOLIDARITÉ ");
        assert!(q.matches_folded(&fold("« Repenser la solidarité »")));
        assert!(!q.matches_folded(&fold("Repenser le monde")));
        assert!(Query::parse("   ").is_empty());
    }
}
