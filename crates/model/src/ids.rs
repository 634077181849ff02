//! Identifier newtypes: an id is parsed once, at the edge, and is valid everywhere after.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("l'identifiant est vide")]
    Empty,
    #[error("l'identifiant « {0} » dépasse 80 caractères")]
    TooLong(String),
    #[error(
        "l'identifiant « {0} » contient un caractère interdit (lettres, chiffres, « - », « _ » et « . » seulement)"
    )]
    BadChar(String),
}

/// Checks the shared id grammar: 1 to 80 ASCII letters, digits, `-`, `_` or `.`.
/// Ids appear in URLs (`/programme/:id`), so nothing that needs escaping is allowed.
fn check(raw: &str) -> Result<(), IdError> {
    if raw.is_empty() {
        return Err(IdError::Empty);
    }
    if raw.len() > 80 {
        return Err(IdError::TooLong(raw.chars().take(40).collect()));
    }
    if !raw
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Err(IdError::BadChar(raw.to_owned()));
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parses an identifier, refusing empty, over-long or URL-unsafe strings.
            pub fn parse(raw: impl Into<String>) -> Result<Self, IdError> {
                let raw = raw.into();
                check(&raw)?;
                Ok(Self(raw))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(raw: String) -> Result<Self, IdError> {
                Self::parse(raw)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// An edition's slug, such as `2013`.
    EditionSlug
);
id_type!(
    /// A session (talk, debate, meal…) of the programme.
    SessionId
);
id_type!(
    /// A place: a room or a zone of the hall.
    PlaceId
);
id_type!(
    /// A speaker, a person or an organisation that speaks.
    SpeakerId
);
id_type!(
    /// An association's stand in the village des solidarités.
    StandId
);

/// Turns any label into an id: lower case, accents folded, runs of other characters as `-`.
/// Used by the importers, whose feeds carry ids we cannot trust.
pub fn slugify(label: &str) -> String {
    let folded = crate::search::fold(label);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(60);
    out
}

/// A new id for something an organizer is naming in the editor: the slug of `name`
/// ("Table ronde : l'engagement" gives `table-ronde-l-engagement`), else the slug of
/// `fallback` (a name in another script has no Latin letter to keep), else `id`; then
/// `-2`, `-3`… until it is not among `taken`. The result parses as every id type.
pub fn fresh_id<'a>(taken: impl Iterator<Item = &'a str>, name: &str, fallback: &str) -> String {
    let taken: std::collections::HashSet<&str> = taken.collect();
    // `slugify` keeps 60 characters, which may end on a separator; the suffix fits in the
    // 20 left.
    let slug = |text: &str| slugify(text).trim_end_matches('-').to_owned();
    let stem = [slug(name), slug(fallback)]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "id".to_owned());
    if !taken.contains(stem.as_str()) {
        return stem;
    }
    // `taken` is finite, so one of the first `taken.len() + 1` suffixes is free.
    (2..)
        .map(|n: usize| format!("{stem}-{n}"))
        .find(|candidate| !taken.contains(candidate.as_str()))
        .unwrap_or(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_url_safe_ids() {
        assert_eq!(SessionId::parse("table-ronde_2.b").unwrap().as_str(), "table-ronde_2.b");
    }

    #[test]
    fn parse_refuses_empty_long_and_unsafe() {
        assert_eq!(SessionId::parse(""), Err(IdError::Empty));
        assert!(matches!(SessionId::parse("a".repeat(81)), Err(IdError::TooLong(_))));
        assert!(matches!(SessionId::parse("a/b"), Err(IdError::BadChar(_))));
        assert!(matches!(SessionId::parse("débat"), Err(IdError::BadChar(_))));
    }

    #[test]
    fn serde_goes_through_parse() {
        let id: StandId = serde_json::from_str("\"restos-du-coeur\"").unwrap();
        assert_eq!(id.as_str(), "restos-du-coeur");
        assert!(serde_json::from_str::<StandId>("\"a b\"").is_err());
    }

    #[test]
    fn slugify_folds_accents_and_punctuation() {
        assert_eq!(slugify("Restos du cœur !"), "restos-du-coeur");
        assert_eq!(slugify("  Solidar’Auto "), "solidar-auto");
    }

    #[test]
    fn fresh_id_slugs_a_french_name() {
        let none = std::iter::empty();
        assert_eq!(
            fresh_id(none, "Table ronde : l'engagement", "seance"),
            "table-ronde-l-engagement"
        );
        assert_eq!(
            fresh_id(std::iter::empty(), "Œuvre d’Été — 2e édition", "x"),
            "oeuvre-d-ete-2e-edition"
        );
    }

    #[test]
    fn fresh_id_counts_up_past_taken_ids() {
        let taken = ["pause", "pause-2", "pause-4", "Accueil"];
        assert_eq!(fresh_id(taken.into_iter(), "Pause", "seance"), "pause-3");
        assert_eq!(fresh_id(taken.into_iter(), "Pause café", "seance"), "pause-cafe");
        // Ids are compared exactly, as everywhere else.
        assert_eq!(fresh_id(taken.into_iter(), "Accueil", "seance"), "accueil");
    }

    #[test]
    fn fresh_id_falls_back_when_the_name_has_no_latin_letter() {
        assert_eq!(fresh_id(std::iter::empty(), " « » !? ", "seance"), "seance");
        assert_eq!(fresh_id(["seance"].into_iter(), "日本語", "seance"), "seance-2");
        // Even a fallback that is not an id itself gives one.
        assert_eq!(fresh_id(std::iter::empty(), "", "Séance"), "seance");
        assert_eq!(fresh_id(["id"].into_iter(), "", "…"), "id-2");
    }

    #[test]
    fn fresh_ids_parse_as_every_id_type_even_from_long_names() {
        // 60 characters of slug end on a separator here: "aide-" is five long.
        let long = "Aide ".repeat(20);
        let first = fresh_id(std::iter::empty(), &long, "seance");
        assert!(!first.ends_with('-'), "{first}");
        let mut taken = vec![first.clone()];
        for _ in 0..12 {
            let next = fresh_id(taken.iter().map(String::as_str), &long, "seance");
            assert!(!taken.contains(&next), "{next}");
            taken.push(next);
        }
        assert_eq!(taken.last().map(String::as_str), Some(format!("{first}-13").as_str()));
        for id in taken.iter().chain([&fresh_id(std::iter::empty(), "", "")]) {
            assert!(SessionId::parse(id.as_str()).is_ok(), "{id}");
            assert!(PlaceId::parse(id.as_str()).is_ok(), "{id}");
            assert!(SpeakerId::parse(id.as_str()).is_ok(), "{id}");
            assert!(StandId::parse(id.as_str()).is_ok(), "{id}");
        }
    }
}
