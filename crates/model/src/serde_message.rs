//! serde's errors as the organizers read them: in French, at a JSON pointer. The one place
//! both the model (reading an edition) and the server (reading a request body) turn them
//! into an [`Issue`](crate::Issue)'s path and message.

/// serde_json speaks English; the organizers read French. Keep serde's detail (which field,
/// which value), drop its line and column, and say what kind of problem it is.
pub fn french_serde_message(raw: &str) -> String {
    let raw = raw.split(" at line ").next().unwrap_or(raw);
    if let Some(field) = raw.strip_prefix("missing field ") {
        format!("champ obligatoire manquant : {field}")
    } else if let Some(field) = raw.strip_prefix("unknown field ") {
        format!("champ inconnu : {}", field.split(", expected").next().unwrap_or(field))
    } else if raw.starts_with("unknown variant") {
        format!("valeur inconnue ({raw})")
    } else if raw.starts_with("invalid type") {
        format!("type de valeur incorrect ({raw})")
    } else if raw.starts_with("premature end") || raw.starts_with("EOF") {
        "le fichier JSON est incomplet".to_owned()
    } else if raw.starts_with("expected") || raw.starts_with("trailing") || raw.starts_with("key must") {
        format!("le JSON est mal formé ({raw})")
    } else if let Some(field) = raw.strip_prefix("duplicate field ") {
        format!("champ donné deux fois : {field}")
    } else if raw.starts_with("invalid value") || raw.starts_with("invalid length") {
        format!("valeur incorrecte ({raw})")
    } else if raw.starts_with("number out of range") {
        format!("nombre trop grand ({raw})")
    } else if raw.starts_with("control character")
        || raw.starts_with("invalid escape")
        || raw.starts_with("invalid unicode")
        || raw.starts_with("lone leading surrogate")
        || raw.starts_with("unexpected end of hex escape")
    {
        format!("texte mal écrit dans le JSON ({raw})")
    } else if raw.starts_with("recursion limit") {
        format!("le JSON est imbriqué trop profondément ({raw})")
    } else if raw.starts_with("data did not match") {
        format!("valeur d'une forme inattendue ({raw})")
    } else {
        raw.to_owned()
    }
}

/// The JSON pointer (RFC 6901) of where serde_path_to_error stopped: `/sessions/3/place`,
/// `/` for the document itself. Built from the path's segments, each key escaped (`~` as
/// `~0`, `/` as `~1`), so a key holding `/`, `.` or `[` is named right; a segment serde could
/// not name is `?`.
#[cfg(feature = "json-paths")]
pub fn json_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } => out.push_str(&escape(key)),
            Segment::Enum { variant } => out.push_str(&escape(variant)),
            Segment::Unknown => out.push('?'),
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// One reference token of a JSON pointer: `~` as `~0`, `/` as `~1`.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_serde_error_is_said_in_french() {
        let cases = [
            (
                "missing field `end` at line 3 column 1",
                "champ obligatoire manquant : `end`",
            ),
            (
                "unknown field `salle`, expected one of `start`, `end` at line 1 column 9",
                "champ inconnu : `salle`",
            ),
            (
                "unknown variant `concert`, expected `talk` or `debate`",
                "valeur inconnue (unknown variant `concert`, expected `talk` or `debate`)",
            ),
            (
                "invalid type: string \"cinq\", expected u8 at line 1 column 30",
                "type de valeur incorrect (invalid type: string \"cinq\", expected u8)",
            ),
            (
                "EOF while parsing an object at line 1 column 19",
                "le fichier JSON est incomplet",
            ),
            ("premature end of input", "le fichier JSON est incomplet"),
            (
                "expected `:` at line 1 column 12",
                "le JSON est mal formé (expected `:`)",
            ),
            (
                "trailing characters at line 1 column 30",
                "le JSON est mal formé (trailing characters)",
            ),
            // Found by the property tests (`tests/props_interop/importers.rs`): a field
            // repeated in an edition document was refused in English.
            (
                "duplicate field `id` at line 4 column 9",
                "champ donné deux fois : `id`",
            ),
            (
                "number out of range at line 1 column 9",
                "nombre trop grand (number out of range)",
            ),
            (
                "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3",
                "texte mal écrit dans le JSON (control character (\\u0000-\\u001F) found while parsing a string)",
            ),
            (
                "key must be a string at line 1 column 2",
                "le JSON est mal formé (key must be a string)",
            ),
            (
                "« demain » n'est pas une date et heure RFC 3339 at line 4 column 2",
                "« demain » n'est pas une date et heure RFC 3339",
            ),
        ];
        for (raw, french) in cases {
            assert_eq!(french_serde_message(raw), french, "{raw}");
        }
    }

    #[cfg(feature = "json-paths")]
    mod pointers {
        use std::collections::BTreeMap;

        use super::super::json_pointer;

        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Shape {
            Circle { radius: u32 },
        }

        /// Where reading `json` as `T` fails, as a JSON pointer.
        fn pointer_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
            let de = &mut serde_json::Deserializer::from_str(json);
            let err = serde_path_to_error::deserialize::<_, T>(de).unwrap_err();
            json_pointer(err.path())
        }

        #[test]
        fn keys_with_slashes_dots_brackets_and_tildes_are_escaped_not_split() {
            type Doc = BTreeMap<String, Vec<BTreeMap<String, u32>>>;
            let cases = [
                (r#"{"a/b": [{"x": "?"}]}"#, "/a~1b/0/x"),
                (r#"{"a.b": [{"c.d": "?"}]}"#, "/a.b/0/c.d"),
                (r#"{"a[1]": [{"x": "?"}]}"#, "/a[1]/0/x"),
                (r#"{"~a~1": [{"x": "?"}]}"#, "/~0a~01/0/x"),
                (r#"{"salles": [{"x": 1}, {"": "?"}]}"#, "/salles/1/"),
            ];
            for (json, pointer) in cases {
                assert_eq!(pointer_of::<Doc>(json), pointer, "{json}");
            }
        }

        #[test]
        fn the_document_itself_is_slash_and_variants_are_segments() {
            assert_eq!(pointer_of::<Vec<u32>>(r#""pas une liste""#), "/");
            assert_eq!(pointer_of::<Vec<u32>>("[1, 2, -3]"), "/2");
            assert_eq!(
                pointer_of::<Shape>(r#"{"Circle": {"radius": "grand"}}"#),
                "/Circle/radius"
            );
        }
    }
}
