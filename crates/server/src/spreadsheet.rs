//! The CSV files organizers open in a spreadsheet (the opinions, the answers to the
//! questionnaire): French headers, times in the event's local time, a UTF-8 byte order mark
//! so the accents show right, semicolons between fields, and never a formula.
//!
//! Semicolons rather than RFC 4180's commas: a spreadsheet set up in French (Excel on the
//! CCAS's computers) splits a double-clicked CSV file on `;`, its list separator, and shows a
//! comma-separated file as one column. Everything else is RFC 4180: CRLF line ends, quotes
//! around a field holding a separator, quote or line end, quotes doubled inside.

use axum::{
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
};

/// The field separator.
pub const SEPARATOR: char = ';';

/// A CSV text being written, its header line first.
#[derive(Debug)]
pub struct Sheet {
    text: String,
}

impl Sheet {
    /// A sheet with a byte order mark and its header line.
    pub fn new<S: AsRef<str>>(headers: impl IntoIterator<Item = S>) -> Self {
        let mut sheet = Self {
            text: String::from("\u{feff}"),
        };
        sheet.row(headers);
        sheet
    }

    /// Adds a line; each value is defused and quoted as needed.
    pub fn row<S: AsRef<str>>(&mut self, values: impl IntoIterator<Item = S>) {
        let fields: Vec<String> = values.into_iter().map(|v| field(v.as_ref())).collect();
        self.text.push_str(&fields.join(&SEPARATOR.to_string()));
        self.text.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.text
    }
}

/// One CSV field. A value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab
/// or carriage return before one) gets a leading apostrophe: text an attendee typed must never
/// become a formula on an organizer's computer.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([SEPARATOR, ',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A stored time (RFC 3339, UTC) as the organizers read it: local time in `zone`
/// (`2013-10-08 16:05:09`, which spreadsheets read as a date and time). Left as stored when
/// either cannot be read.
pub fn local_time(stored: &str, zone: &str) -> String {
    match (
        chrono::DateTime::parse_from_rfc3339(stored),
        zone.parse::<chrono_tz::Tz>(),
    ) {
        (Ok(t), Ok(tz)) => t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string(),
        _ => stored.to_owned(),
    }
}

/// Whether `Accept` names `text/csv` (with a non-zero q).
pub fn wants_csv(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|range| {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            media.eq_ignore_ascii_case("text/csv") && !refused
        })
}

/// The answer carrying a CSV file to download as `name`.
pub fn download(name: &str, csv: String) -> Response {
    let disposition = format!("attachment; filename=\"{name}\"");
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        csv,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("simple"), "simple");
        assert_eq!(field("a; b"), "\"a; b\"");
        assert_eq!(field("a, b"), "\"a, b\"", "commas too: a reader may split on them");
        assert_eq!(field("il a dit \"bravo\""), "\"il a dit \"\"bravo\"\"\"");
        assert_eq!(field("ligne 1\nligne 2"), "\"ligne 1\nligne 2\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-2+3"), "'-2+3");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn a_sheet_starts_with_a_byte_order_mark_and_ends_lines_with_crlf() {
        let mut sheet = Sheet::new(["Reçu le", "Note"]);
        sheet.row(["2013-10-08 18:00:00", "5"]);
        assert_eq!(sheet.finish(), "\u{feff}Reçu le;Note\r\n2013-10-08 18:00:00;5\r\n");
    }

    #[test]
    fn times_are_shown_in_the_event_zone() {
        assert_eq!(
            local_time("2013-10-08T16:05:09.120Z", "Europe/Paris"),
            "2013-10-08 18:05:09"
        );
        assert_eq!(
            local_time("2013-12-08T16:05:09.120Z", "Europe/Paris"),
            "2013-12-08 17:05:09"
        );
        assert_eq!(local_time("hier", "Europe/Paris"), "hier");
        assert_eq!(local_time("2013-10-08T16:05:09Z", "Nulle/Part"), "2013-10-08T16:05:09Z");
    }

    #[test]
    fn csv_is_chosen_by_accept() {
        let mut h = HeaderMap::new();
        assert!(!wants_csv(&h));
        h.insert(header::ACCEPT, HeaderValue::from_static("text/csv"));
        assert!(wants_csv(&h));
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/json, text/csv;q=0"),
        );
        assert!(!wants_csv(&h));
    }
}
