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
}
