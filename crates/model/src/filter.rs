//! Filtering the programme: search words, theme, audience, kind and place. The app keeps
//! a filter in the URL query (`?q=…&theme=…&public=…&type=…&lieu=…`) so a filtered view
//! can be shared.

use crate::edition::{Edition, Session, SessionKind};
use crate::search::{Query, SessionIndex};
use crate::time::chronological;

/// A filter on the programme; the default shows everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub text: String,
    pub theme: Option<String>,
    pub audience: Option<String>,
    pub kind: Option<SessionKind>,
    pub place: Option<String>,
}

impl Filter {
    /// The URL query keys, in the order they are written.
    pub const KEYS: [&'static str; 5] = ["q", "theme", "public", "type", "lieu"];

    /// Builds a filter from URL query pairs; unknown kinds are ignored rather than
    /// emptying the list.
    pub fn from_pairs<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        let some = |k: &str| get(k).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        Self {
            text: some("q").unwrap_or_default(),
            theme: some("theme"),
            audience: some("public"),
            kind: some("type").and_then(|k| SessionKind::from_code(&k)),
            place: some("lieu"),
        }
    }

    /// The `(key, value)` pairs of the URL query, empty values left out.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.text.trim().is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        let optional = [
            ("theme", self.theme.clone()),
            ("public", self.audience.clone()),
            ("type", self.kind.map(|k| k.code().to_owned())),
            ("lieu", self.place.clone()),
        ];
        pairs.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
        pairs
    }

    pub fn is_active(&self) -> bool {
        !self.to_pairs().is_empty()
    }

    /// Indices of the matching sessions, in time order. The search index is only asked
    /// for when there are words to search: building it folds the text of every session,
    /// which a 1,000-session programme should not pay for at first paint.
    ///
    /// `among`: earlier results (in time order) known to hold every session this filter
    /// keeps (see [`Filter::narrows`]); only those are looked at. While a word is typed,
    /// each keystroke then searches the sessions the previous one found, not all of them.
    pub fn apply<'a>(
        &self,
        edition: &Edition,
        index: impl FnOnce() -> &'a SessionIndex,
        among: Option<&[usize]>,
    ) -> Vec<usize> {
        let query = Query::parse(&self.text);
        let index = (!query.is_empty()).then(index);
        let keeps = |&i: &usize| self.keeps(&edition.sessions[i]) && index.is_none_or(|index| index.matches(i, &query));
        if let Some(among) = among {
            return among.iter().copied().filter(keeps).collect();
        }
        let mut found: Vec<usize> = (0..edition.sessions.len()).filter(keeps).collect();
        crate::sort::positions(&mut found, &|a, b| {
            chronological(&edition.sessions[a], &edition.sessions[b])
        });
        found
    }

    /// True when every session this filter keeps is also kept by `before`: the same theme,
    /// audience, kind and place, and each word searched before is part of a word searched
    /// now ("solid", then "solidarite"; "aide", then "aide logement").
    pub fn narrows(&self, before: &Filter) -> bool {
        self.theme == before.theme
            && self.audience == before.audience
            && self.kind == before.kind
            && self.place == before.place
            && Query::parse(&self.text).refines(&Query::parse(&before.text))
    }

    fn keeps(&self, s: &Session) -> bool {
        self.theme.as_ref().is_none_or(|t| s.themes.contains(t))
            && self.audience.as_ref().is_none_or(|a| s.audience.contains(a))
            && self.kind.is_none_or(|k| s.kind == k)
            && self
                .place
                .as_ref()
                .is_none_or(|p| s.place.as_ref().is_some_and(|sp| sp.as_str() == p))
    }
}

/// What each filter of the programme page offers, as (value in the URL, label shown):
/// only what the edition has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    pub themes: Vec<(String, String)>,
    pub audiences: Vec<(String, String)>,
    pub kinds: Vec<(String, String)>,
    pub places: Vec<(String, String)>,
}

impl Choices {
    pub fn of(edition: &Edition) -> Self {
        let same = |values: Vec<&str>| values.into_iter().map(|t| (t.to_owned(), t.to_owned())).collect();
        Self {
            themes: same(edition.themes()),
            audiences: same(edition.audiences()),
            kinds: SessionKind::ALL
                .into_iter()
                .filter(|k| edition.sessions.iter().any(|s| s.kind == *k))
                .map(|k| (k.code().to_owned(), k.label().to_owned()))
                .collect(),
            places: edition
                .places
                .iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect(),
        }
    }
}

/// The sentence above the list: how many sessions the search keeps out of `total`.
pub fn count_sentence(found: usize, total: usize, active: bool) -> String {
    if !active {
        return format!("{found} séances au programme.");
    }
    match found {
        0 => "Aucune séance ne correspond à votre recherche.".to_owned(),
        1 => format!("1 séance sur {total} correspond à votre recherche."),
        n => format!("{n} séances sur {total} correspondent à votre recherche."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_says_how_many_sessions_the_search_keeps() {
        assert_eq!(count_sentence(12, 12, false), "12 séances au programme.");
        assert_eq!(
            count_sentence(0, 12, true),
            "Aucune séance ne correspond à votre recherche."
        );
        assert_eq!(
            count_sentence(1, 12, true),
            "1 séance sur 12 correspond à votre recherche."
        );
        assert_eq!(
            count_sentence(3, 12, true),
            "3 séances sur 12 correspondent à votre recherche."
        );
    }

    #[test]
    fn the_choices_are_only_what_the_edition_has() {
        let e = crate::test_support::edition();
        let choices = Choices::of(&e);
        assert_eq!(choices.places.len(), e.places.len());
        assert!(choices
            .kinds
            .iter()
            .all(|(code, _)| e.sessions.iter().any(|s| s.kind.code() == code)));
        assert_eq!(
            choices.themes,
            e.themes()
                .into_iter()
                .map(|t| (t.to_owned(), t.to_owned()))
                .collect::<Vec<_>>()
        );
    }
    use crate::test_support::edition;

    fn ids(e: &Edition, found: &[usize]) -> Vec<String> {
        found.iter().map(|&i| e.sessions[i].id.to_string()).collect()
    }

    #[test]
    fn words_and_fields_narrow_the_list() {
        let e = edition();
        let index = SessionIndex::new(&e);
        let all = Filter::default().apply(&e, || &index, None);
        assert_eq!(ids(&e, &all), ["debat", "conf"]);

        let by_speaker = Filter {
            text: "PAUGAM".into(),
            ..Filter::default()
        };
        assert_eq!(ids(&e, &by_speaker.apply(&e, || &index, None)), ["conf"]);

        let by_place = Filter {
            place: Some("salle-du-conseil".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&e, &by_place.apply(&e, || &index, None)), ["debat"]);

        let nothing = Filter {
            kind: Some(SessionKind::Meal),
            ..Filter::default()
        };
        assert!(nothing.apply(&e, || &index, None).is_empty());
    }

    #[test]
    fn typing_on_narrows_the_search_and_other_changes_do_not() {
        let typed = |text: &str| Filter {
            text: text.into(),
            ..Filter::default()
        };
        assert!(typed("solid").narrows(&typed("")));
        assert!(typed("solidarité").narrows(&typed("solid")));
        assert!(typed("Aide logement").narrows(&typed("aide")));
        assert!(typed("logement aide").narrows(&typed("aide")));
        assert!(typed("solid").narrows(&typed("solid")));
        // A letter taken back, another word, or a filter changed: search everything again.
        assert!(!typed("soli").narrows(&typed("solid")));
        assert!(!typed("aide").narrows(&typed("aide logement")));
        assert!(!typed("santé").narrows(&typed("solid")));
        let themed = Filter {
            theme: Some("Logement".into()),
            ..typed("solidarité")
        };
        assert!(!themed.narrows(&typed("solid")));
        assert!(!typed("solidarité").narrows(&Filter {
            theme: Some("Logement".into()),
            ..typed("solid")
        }));
    }

    #[test]
    fn searching_among_earlier_results_finds_the_same_sessions() {
        let e = edition();
        let index = SessionIndex::new(&e);
        let mut before = Filter::default();
        let mut found = before.apply(&e, || &index, None);
        for text in ["p", "pa", "pau", "paugam", "paugam s"] {
            let now = Filter {
                text: text.into(),
                ..Filter::default()
            };
            assert!(now.narrows(&before), "{text}");
            let among = now.apply(&e, || &index, Some(&found));
            assert_eq!(among, now.apply(&e, || &index, None), "{text}");
            (before, found) = (now, among);
        }
        assert_eq!(ids(&e, &found), ["conf"]);
    }

    #[test]
    fn every_session_in_time_order_holds_what_any_filter_keeps() {
        // The programme page sorts once and gives that order to searches that do not narrow.
        let e = edition();
        let index = SessionIndex::new(&e);
        let everything = Filter::default().apply(&e, || &index, None);
        assert_eq!(everything.len(), e.sessions.len());
        let filters = [
            Filter::default(),
            Filter::from_pairs(|k| (k == "q").then_some("paugam")),
            Filter {
                kind: Some(SessionKind::Debate),
                ..Filter::default()
            },
            Filter::from_pairs(|k| (k == "q").then_some("xyz")),
        ];
        for f in filters {
            let found = f.apply(&e, || &index, None);
            assert_eq!(f.apply(&e, || &index, Some(&everything)), found, "{f:?}");
            assert_eq!(found.is_empty(), f.text == "xyz", "{f:?}");
        }
    }

    #[test]
    fn url_pairs_round_trip() {
        let f = Filter {
            text: "bénévoles".into(),
            theme: Some("Logement".into()),
            audience: None,
            kind: Some(SessionKind::RoundTable),
            place: None,
        };
        let pairs = f.to_pairs();
        assert_eq!(
            pairs,
            [
                ("q", "bénévoles".to_owned()),
                ("theme", "Logement".into()),
                ("type", "round-table".into())
            ]
        );
        let back = Filter::from_pairs(|k| pairs.iter().find(|(pk, _)| *pk == k).map(|(_, v)| v.as_str()));
        assert_eq!(back, f);
        assert!(back.is_active());
        assert!(!Filter::default().is_active());
        assert_eq!(
            Filter::from_pairs(|k| (k == "type").then_some("concert")),
            Filter::default()
        );
    }
}
