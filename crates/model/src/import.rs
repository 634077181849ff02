//! Imports of published programmes: our own edition JSON, frab `schedule.xml` and C3VOC
//! `schedule.json` (what pretalx, frab and Wafer export), and programmes kept in a calendar
//! (iCalendar `.ics`, in `icalendar`). The format is detected from the content; a file
//! that is not UTF-8 is refused by [`decode`] with a French sentence. Structural problems are errors; what real feeds get wrong and we can repair
//! (duplicate ids, overlaps, events past the end) becomes warnings.
//!
//! The frab, C3VOC and iCalendar readers need the `import` feature (an XML parser and the tz database,
//! for the server only); without it those formats are detected and refused with a message.
//!
//! What the importers decide, for the organizer who reads the warnings:
//! - errors: not a schedule at all, malformed XML or JSON, a JSON field of another type than
//!   the C3VOC schema gives it (`"id": "2814"` where a number is due), an unreadable date,
//!   time or duration, a missing title. Each names its JSON pointer
//!   (`/schedule/conference/days/0/rooms/Saal 1/3/date`) or XML location
//!   (`/schedule/day[2]/room[Saal 1]/event[5]/date`, with its line);
//! - repaired with a warning: duplicate session ids (re-keyed `885-2`), a blank title
//!   ("Séance sans titre"), a missing or unknown time zone (deduced from the offsets), times
//!   given in another offset than the zone's (converted), the venue, which feeds never give;
//! - tolerated silently: extra fields, slugs and acronyms that break the schema's patterns
//!   (we slugify what we use as ids).

use crate::edition::Edition;
use crate::ids::EditionSlug;
use crate::validate::Issue;

#[cfg(feature = "import")]
mod c3voc_json;
#[cfg(feature = "import")]
mod frab_xml;
#[cfg(feature = "import")]
mod ical;
#[cfg(feature = "import")]
mod icalendar;
#[cfg(feature = "import")]
mod programme;
#[cfg(feature = "import")]
mod restore;
#[cfg(feature = "import")]
mod text;

#[cfg(feature = "import")]
pub use text::parse_duration;

/// The formats we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Our own edition document (`data/2013.json`).
    Edition,
    /// frab / C3VOC `schedule.xml`.
    FrabXml,
    /// C3VOC `schedule.json` (pretalx, frab).
    C3vocJson,
    /// An iCalendar file (`.ics`) of the programme's events.
    ICalendar,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Self::Edition => "document d'édition Agir ensemble (JSON)",
            Self::FrabXml => "programme frab (schedule.xml)",
            Self::C3vocJson => "programme C3VOC (schedule.json)",
            Self::ICalendar => "agenda iCalendar (.ics)",
        }
    }
}

/// A programme read from a file, ready to validate and publish.
#[derive(Debug, Clone)]
pub struct Imported {
    pub format: Format,
    pub edition: Edition,
    /// What was repaired on the way in (re-keyed ids, guessed values).
    pub warnings: Vec<Issue>,
}

/// The file could not be read as a programme. Every issue names where it is.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", .issues.iter().map(|i| format!("{} : {}", i.path, i.message)).collect::<Vec<_>>().join("\n"))]
pub struct ImportError {
    pub format: Option<Format>,
    pub issues: Vec<Issue>,
}

impl ImportError {
    fn at_root(format: Option<Format>, message: impl Into<String>) -> Self {
        Self {
            format,
            issues: vec![Issue::new("/", message)],
        }
    }
}

const NOT_A_PROGRAMME: &str =
    "Ce fichier n'est ni un document d'édition, ni un programme frab (schedule.xml), ni un programme C3VOC (schedule.json), ni un agenda iCalendar (.ics).";

/// The text of a file to import: UTF-8, with or without a byte-order mark. Anything else
/// is refused with a French sentence that says what to do (never Rust's English error).
/// A calendar folded inside its multi-byte characters is unfolded first.
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, ImportError> {
    let error = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(std::borrow::Cow::Borrowed(text)),
        Err(e) => e,
    };
    #[cfg(feature = "import")]
    if bytes.len() >= 15 && bytes[..15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR") {
        if let Ok(text) = String::from_utf8(ical::unfold_bytes(bytes)) {
            return Ok(std::borrow::Cow::Owned(text));
        }
    }
    let message = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        "Le fichier est enregistré en UTF-16 : enregistrez-le en UTF-8 (dans un éditeur de texte, « Enregistrer sous », codage UTF-8), puis importez-le à nouveau.".to_owned()
    } else {
        let line = bytes[..error.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "Le fichier n'est pas du texte en UTF-8 (premier caractère illisible ligne {line}) : enregistrez-le en UTF-8, \
             ou vérifiez qu'il s'agit bien du programme (schedule.xml, schedule.json, agenda .ics ou document d'édition)."
        )
    };
    Err(ImportError::at_root(None, message))
}

/// Reads `text` in whichever format it is. `slug` names the edition when the file does not
/// (imports); an edition document keeps its own slug unless `slug` is given. Never panics,
/// whatever the text.
pub fn import(text: &str, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    let mut imported = read(text, slug)?;
    let dropped = crate::links::drop_unsafe(&mut imported.edition);
    imported.warnings.extend(dropped);
    Ok(imported)
}

fn read(text: &str, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    let (body, skipped_lines) = significant(text);
    match body.bytes().next() {
        None => Err(ImportError::at_root(None, "Le fichier est vide.")),
        Some(b'<') => import_xml(body, skipped_lines, slug),
        Some(b'{') => import_json(body, slug),
        Some(_) if is_calendar(body) => import_calendar(body, slug),
        Some(_) if looks_binary(body) => Err(ImportError::at_root(
            None,
            format!("Ce fichier n'est pas du texte (fichier binaire ?). {NOT_A_PROGRAMME}"),
        )),
        Some(_) => Err(ImportError::at_root(None, NOT_A_PROGRAMME)),
    }
}

/// Guesses the format from the first significant characters: the root element of XML, the
/// top-level keys of JSON.
pub fn detect(text: &str) -> Option<Format> {
    let (body, _) = significant(text);
    match body.bytes().next()? {
        b'<' => (xml_root(body)? == "schedule").then_some(Format::FrabXml),
        b'{' => json_format(&serde_json::from_str(body).ok()?),
        _ => is_calendar(body).then_some(Format::ICalendar),
    }
}

/// An iCalendar file starts with `BEGIN:VCALENDAR` (in any case).
fn is_calendar(body: &str) -> bool {
    body.get(..15)
        .is_some_and(|head| head.eq_ignore_ascii_case("BEGIN:VCALENDAR"))
}

fn import_calendar(body: &str, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    #[cfg(feature = "import")]
    {
        icalendar::import(body, slug)
    }
    #[cfg(not(feature = "import"))]
    {
        let _ = (body, slug);
        Err(not_built(Format::ICalendar))
    }
}

/// The text without its byte-order mark and leading blank space, and how many lines that
/// skipped (so XML line numbers stay those of the file).
fn significant(text: &str) -> (&str, u32) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let body = text.trim_start();
    let skipped = text[..text.len() - body.len()].bytes().filter(|&b| b == b'\n').count();
    (body, u32::try_from(skipped).unwrap_or(u32::MAX))
}

fn looks_binary(text: &str) -> bool {
    text.chars()
        .take(512)
        .any(|c| c == '\0' || (c.is_control() && !c.is_whitespace()))
}

/// The local name of the root element, past the declaration, comments and doctype.
fn xml_root(mut rest: &str) -> Option<&str> {
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix("<?") {
            rest = &r[r.find("?>")? + 2..];
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = &r[r.find("-->")? + 3..];
        } else if let Some(r) = rest.strip_prefix("<!") {
            let close = match (r.find('['), r.find('>')) {
                (Some(open), Some(gt)) if open < gt => open + r[open..].find("]>")? + 2,
                (_, Some(gt)) => gt + 1,
                _ => return None,
            };
            rest = &r[close..];
        } else {
            let r = rest.strip_prefix('<')?;
            let end = r
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(r.len());
            let name = &r[..end];
            return Some(name.rsplit(':').next().unwrap_or(name)).filter(|n| !n.is_empty());
        }
    }
}

fn json_format(value: &serde_json::Value) -> Option<Format> {
    if value.get("schedule").is_some() {
        Some(Format::C3vocJson)
    } else if value.get("edition").is_some() && value.get("event").is_some() {
        Some(Format::Edition)
    } else {
        None
    }
}

fn import_xml(body: &str, skipped_lines: u32, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    match xml_root(body) {
        Some("schedule") => {}
        Some(other) => {
            return Err(ImportError::at_root(
                None,
                format!(
                    "Ce fichier XML n'est pas un programme frab : son élément racine est <{other}>, pas <schedule>."
                ),
            ))
        }
        None => return Err(ImportError::at_root(None, "Ce fichier XML ne contient aucun élément.")),
    }
    #[cfg(feature = "import")]
    {
        frab_xml::import(body, skipped_lines, slug)
    }
    #[cfg(not(feature = "import"))]
    {
        let _ = (skipped_lines, slug);
        Err(not_built(Format::FrabXml))
    }
}

fn import_json(body: &str, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    let value: serde_json::Value = serde_json::from_str(body).map_err(|e| json_syntax_error(&e))?;
    match json_format(&value) {
        Some(Format::Edition) => {
            let mut edition = Edition::from_json(body).map_err(|e| ImportError {
                format: Some(Format::Edition),
                issues: vec![Issue::new(e.path, e.message)],
            })?;
            #[cfg(feature = "json-paths")]
            {
                let issues = edition.unknown_fields(&value);
                if !issues.is_empty() {
                    return Err(ImportError {
                        format: Some(Format::Edition),
                        issues,
                    });
                }
            }
            if let Some(slug) = slug {
                edition.edition = slug.clone();
            }
            Ok(Imported {
                format: Format::Edition,
                edition,
                warnings: Vec::new(),
            })
        }
        Some(format) => {
            #[cfg(feature = "import")]
            {
                c3voc_json::import(&value, format, slug)
            }
            #[cfg(not(feature = "import"))]
            {
                let _ = slug;
                Err(not_built(format))
            }
        }
        None => Err(ImportError::at_root(
            None,
            format!(
                "{NOT_A_PROGRAMME} Un programme C3VOC a une clé « schedule » ; un document d'édition, les clés « edition » et « event »."
            ),
        )),
    }
}

fn json_syntax_error(e: &serde_json::Error) -> ImportError {
    let raw = e.to_string();
    let detail = raw.split(" at line ").next().unwrap_or(&raw);
    let (line, column) = (e.line(), e.column());
    let message = if e.is_eof() {
        format!("Le fichier JSON est incomplet : il s'arrête ligne {line}, colonne {column}.")
    } else if detail.contains("recursion limit") {
        format!("Le JSON est imbriqué trop profondément (ligne {line}, colonne {column}).")
    } else {
        format!("Le JSON est mal formé ligne {line}, colonne {column} ({detail}).")
    };
    ImportError::at_root(None, message)
}

#[cfg(not(feature = "import"))]
fn not_built(format: Format) -> ImportError {
    ImportError::at_root(
        Some(format),
        format!(
            "Ce {} est reconnu, mais son import n'est pas inclus dans cette version (fonctionnalité « import » du modèle).",
            format.label()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_element_past_prolog() {
        assert_eq!(xml_root("<schedule>"), Some("schedule"));
        assert_eq!(
            xml_root("<?xml version=\"1.0\"?>\n<!-- frab -->\n<!DOCTYPE schedule>\n<schedule/>"),
            Some("schedule")
        );
        assert_eq!(
            xml_root("<!DOCTYPE s [ <!ENTITY a 'b'> ]><f:schedule xmlns:f='x'>"),
            Some("schedule")
        );
        assert_eq!(xml_root("<html><body>"), Some("html"));
        assert_eq!(xml_root("<?xml version=\"1.0\""), None);
        assert_eq!(xml_root("<"), None);
    }

    #[test]
    fn significant_text_skips_bom_and_blank_lines() {
        assert_eq!(significant("\u{feff}\n\n  <schedule/>"), ("<schedule/>", 2));
        assert_eq!(significant(""), ("", 0));
    }

    #[test]
    fn empty_and_binary_are_refused_at_the_root() {
        let err = import("", None).unwrap_err();
        assert_eq!(err.issues[0].message, "Le fichier est vide.");
        let err = import(" \n\t ", None).unwrap_err();
        assert_eq!(err.issues[0].message, "Le fichier est vide.");
        let err = import("\u{1}\u{0}\u{0}PK", None).unwrap_err();
        assert!(err.issues[0].message.contains("binaire"), "{err}");
    }

    #[test]
    fn files_not_in_utf8_are_refused_in_french() {
        assert_eq!(decode("Café".as_bytes()).unwrap(), "Café");
        let latin1 = b"BEGIN:VCALENDAR\r\nSUMMARY:Caf\xe9\r\n";
        let err = decode(latin1).unwrap_err();
        assert_eq!(err.issues[0].path, "/");
        assert!(
            err.issues[0]
                .message
                .starts_with("Le fichier n'est pas du texte en UTF-8 (premier caractère illisible ligne 2)"),
            "{err}"
        );
        let utf16 = [0xff, 0xfe, b'B', 0];
        assert!(decode(&utf16).unwrap_err().issues[0].message.contains("UTF-16"));
    }

    #[cfg(not(feature = "import"))]
    #[test]
    fn without_the_feature_feeds_are_recognised_and_refused() {
        let err = import("<schedule><conference/></schedule>", None).unwrap_err();
        assert_eq!(err.format, Some(Format::FrabXml));
        assert!(err.issues[0].message.contains("fonctionnalité « import »"));
    }
}
