//! The attendee's calendar ("Mon programme", `ics::calendar`) for generated editions with
//! hostile texts: another parser (the `ical` crate) reads the same events, UIDs, summaries
//! and locations, escaped as RFC 5545 §3.3.11 says; every line is CRLF-ended and at most
//! 75 octets.

use agir_model::{ics, Session};
use chrono::{DateTime, Utc};
use proptest::prelude::*;

use crate::support::ics::{as_read, escaped, events, location, summary, value, well_formed_lines};
use crate::support::{config, edition};

fn stamp() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2013-10-01T08:00:00Z")
        .expect("a time")
        .to_utc()
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn another_parser_reads_back_every_event(e in edition::edition(6)) {
        // Act
        let sessions: Vec<&Session> = e.sessions.iter().collect();
        let text = ics::calendar(&e, &sessions, "https://agir.example.fr/", stamp());

        // Assert
        well_formed_lines(&text)?;
        let events = events(&text)?;
        prop_assert_eq!(events.len(), e.sessions.len());
        for (event, s) in events.iter().zip(&e.sessions) {
            prop_assert_eq!(value(event, "UID"), Some(ics::uid(&e, s)));
            prop_assert_eq!(value(event, "SUMMARY"), as_read(&escaped(&summary(s))));
            prop_assert_eq!(value(event, "LOCATION"), as_read(&escaped(&location(&e, s))));
        }
    }
}
