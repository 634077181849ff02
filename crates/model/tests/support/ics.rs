//! Reading our calendars back with another parser (the `ical` crate) and the rules of
//! RFC 5545 they must follow, written here from the RFC, not taken from the writer.

use agir_model::{Edition, Session};
use proptest::prelude::*;

/// Text as the calendar documents it: line breaks as `\n`, other control characters
/// dropped, then `\`, `,` and `;` escaped with a backslash and line breaks written `\n`;
/// the white space it ends with dropped (readers trim it). Written here from RFC 5545, not
/// taken from the writer.
pub fn escaped(text: &str) -> String {
    let mut out = String::new();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for c in text.chars() {
        match c {
            '\\' | ',' | ';' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.trim_end().to_owned()
}

/// Every line ends with CRLF, holds no other CR or LF, and is at most 75 octets.
pub fn well_formed_lines(text: &str) -> Result<(), TestCaseError> {
    prop_assert!(text.ends_with("\r\n"));
    for line in text[..text.len() - 2].split("\r\n") {
        prop_assert!(!line.contains(['\r', '\n']), "a bare CR or LF in {:?}", line);
        prop_assert!(line.len() <= 75, "{} octets: {:?}", line.len(), line);
    }
    Ok(())
}

/// Each event's properties as another parser reads them: (name, raw value).
pub fn events(text: &str) -> Result<Vec<Vec<(String, String)>>, TestCaseError> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = match calendars.next() {
        Some(Ok(c)) => c,
        other => return Err(TestCaseError::fail(format!("no calendar: {other:?}"))),
    };
    prop_assert!(calendars.next().is_none(), "one calendar only");
    Ok(calendar
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
                .collect()
        })
        .collect())
}

/// The value of `name` in an event as read, and `expected` as that parser reads it: the
/// `ical` crate drops every `:` a value starts with (`trim_start_matches` after the
/// name), where RFC 5545 keeps all but the first; our writer cannot escape a colon.
pub fn value(event: &[(String, String)], name: &str) -> Option<String> {
    event.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
}

pub fn as_read(expected: &str) -> Option<String> {
    Some(expected.trim_start_matches(':').to_owned())
}

/// The location the calendar gives: the place's name, the venue's, its address.
pub fn location(e: &Edition, s: &Session) -> String {
    let place = s.place.as_ref().and_then(|p| e.place(p)).map(|p| p.name.as_str());
    place
        .into_iter()
        .chain([e.event.venue.name.as_str()])
        .chain(e.event.venue.address.as_deref())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn summary(s: &Session) -> String {
    if s.is_cancelled() {
        format!("Annulée : {}", s.title)
    } else {
        s.title.clone()
    }
}
