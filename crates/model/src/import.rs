//! Imports of published programmes: our own edition JSON, frab `schedule.xml` and C3VOC
//! `schedule.json` (what pretalx, frab and Wafer export). The format is detected from the
//! content. Structural problems are errors; what real feeds get wrong and we can repair
//! (duplicate ids, overlaps, events past the end) becomes warnings.

use crate::edition::Edition;
use crate::ids::EditionSlug;
use crate::validate::Issue;

/// The formats we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Our own edition document (`data/2013.json`).
    Edition,
    /// frab / C3VOC `schedule.xml`.
    FrabXml,
    /// C3VOC `schedule.json` (pretalx, frab).
    C3vocJson,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Self::Edition => "document d'édition Agir ensemble (JSON)",
            Self::FrabXml => "programme frab (schedule.xml)",
            Self::C3vocJson => "programme C3VOC (schedule.json)",
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

/// Reads `text` in whichever format it is. `slug` names the edition when the file does not
/// (imports); an edition document keeps its own slug unless `slug` is given.
pub fn import(text: &str, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    let format = detect(text).ok_or_else(|| ImportError {
        format: None,
        issues: vec![Issue::new(
            "/",
            "Ce fichier n'est ni un document d'édition, ni un programme frab (schedule.xml), ni un programme C3VOC (schedule.json).",
        )],
    })?;
    match format {
        Format::Edition => {
            let mut edition = Edition::from_json(text).map_err(|e| ImportError {
                format: Some(format),
                issues: vec![Issue::new(e.path, e.message)],
            })?;
            if let Some(slug) = slug {
                edition.edition = slug.clone();
            }
            Ok(Imported {
                format,
                edition,
                warnings: Vec::new(),
            })
        }
        Format::FrabXml | Format::C3vocJson => Err(ImportError {
            format: Some(format),
            issues: vec![Issue::new("/", "Ce format n'est pas encore pris en charge.")],
        }),
    }
}

/// Guesses the format from the first significant characters and top-level keys.
pub fn detect(text: &str) -> Option<Format> {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        return head.contains("<schedule").then_some(Format::FrabXml);
    }
    if !head.starts_with('{') {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(head).ok()?;
    if value.get("schedule").is_some() {
        Some(Format::C3vocJson)
    } else if value.get("edition").is_some() && value.get("event").is_some() {
        Some(Format::Edition)
    } else {
        None
    }
}
