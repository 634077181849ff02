//! Serde readers for what the OpenAPI description promises of a parameter or a field and
//! plain serde would let through: an empty `?edition=`, a negative `?depuis=`, a missing
//! field that may be `null`. A refusal here is the extractor's (400 for the query, 422 for
//! the body), with the rule in French.

/// An `?edition=` parameter: absent means the current edition (or every edition, for the
/// exports), but a present one must be a slug. Without this an empty `?edition=` silently
/// filtered on nothing, though the OpenAPI description promises the `Id` pattern.
pub fn edition_param<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw = <Option<String> as serde::Deserialize>::deserialize(deserializer)?;
    match raw {
        None => Ok(None),
        Some(slug) => agir_model::ids::EditionSlug::parse(slug.clone())
            .map(|_| Some(slug))
            .map_err(|e| serde::de::Error::custom(format!("édition : {e}"))),
    }
}

/// `?depuis=`: an event id, never negative.
pub fn event_id_param<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    match <Option<i64> as serde::Deserialize>::deserialize(deserializer)? {
        Some(id) if id < 0 => Err(serde::de::Error::custom(format!(
            "depuis : {id} n'est pas un numéro d'événement (un entier à partir de 0)"
        ))),
        id => Ok(id),
    }
}

/// A field that must be present but may be `null` (serde takes a missing `Option` for
/// `None` unless it is read through a function like this one).
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer)
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct Query {
        #[serde(default, deserialize_with = "super::edition_param")]
        edition: Option<String>,
        #[serde(default, deserialize_with = "super::event_id_param")]
        depuis: Option<i64>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::present")]
        jours: Option<u32>,
    }

    #[test]
    fn an_edition_parameter_is_absent_or_a_slug() {
        let absent: Query = serde_json::from_str("{}").unwrap();
        assert_eq!((absent.edition, absent.depuis), (None, None));
        let given: Query = serde_json::from_str(r#"{"edition": "2013", "depuis": 0}"#).unwrap();
        assert_eq!((given.edition.as_deref(), given.depuis), (Some("2013"), Some(0)));
        let empty = serde_json::from_str::<Query>(r#"{"edition": ""}"#).unwrap_err();
        assert!(
            empty.to_string().contains("édition : l'identifiant est vide"),
            "{empty}"
        );
        assert!(serde_json::from_str::<Query>(r#"{"depuis": -1}"#).is_err());
    }

    #[test]
    fn a_present_field_may_be_null_but_not_missing() {
        assert_eq!(serde_json::from_str::<Body>(r#"{"jours": null}"#).unwrap().jours, None);
        assert_eq!(
            serde_json::from_str::<Body>(r#"{"jours": 30}"#).unwrap().jours,
            Some(30)
        );
        assert!(serde_json::from_str::<Body>("{}").is_err());
    }
}
