//! The errors and warnings met while reading a schedule, capped so that a hostile file
//! cannot flood the organizer with one per event.

use crate::import::{Format, ImportError};
use crate::validate::Issue;

/// Errors and warnings met on the way. A hostile file could produce one per event: past
/// [`MAX_ISSUES`] of a kind, they are counted and summed up in one last issue.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
    more_errors: usize,
    more_warnings: usize,
}

const MAX_ISSUES: usize = 100;

impl Notes {
    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.errors.len() < MAX_ISSUES {
            self.errors.push(Issue::new(path, message));
        } else {
            self.more_errors += 1;
        }
    }

    pub fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.warnings.len() < MAX_ISSUES {
            self.warnings.push(Issue::new(path, message));
        } else {
            self.more_warnings += 1;
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// A reader already reported this field (a wrong JSON type): "missing" would repeat it.
    fn has_error_at(&self, path: &str) -> bool {
        self.errors.iter().any(|e| e.path == path)
    }

    /// Reports that a field is missing, unless a reader already said what is wrong with it.
    pub(super) fn missing(&mut self, path: String, message: String) {
        if !self.has_error_at(&path) {
            self.error(path, message);
        }
    }

    pub fn into_error(mut self, format: Format) -> ImportError {
        if self.more_errors > 0 {
            self.errors.push(Issue::new(
                "/",
                format!("… et {} autres erreurs du même genre.", self.more_errors),
            ));
        }
        ImportError {
            format: Some(format),
            issues: self.errors,
        }
    }

    pub(super) fn into_warnings(mut self) -> Vec<Issue> {
        if self.more_warnings > 0 {
            self.warnings.push(Issue::new(
                "/",
                format!("… et {} autres avertissements du même genre.", self.more_warnings),
            ));
        }
        self.warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_capped() {
        let mut notes = Notes::default();
        for i in 0..250 {
            notes.error(format!("/{i}"), "x");
        }
        let err = notes.into_error(Format::FrabXml);
        assert_eq!(err.issues.len(), MAX_ISSUES + 1);
        assert!(err.issues.last().unwrap().message.contains("150 autres"));
    }
}
