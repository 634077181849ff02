//! The importers (frab XML, C3VOC/pretalx JSON, iCalendar, our own JSON) on arbitrary
//! bytes, on text shaped like each format, and on real documents mutated at random.

use agir_model::import::{decode, import, Format, ImportError, Imported};
use agir_model::{Edition, Issue};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::support::{config, first_difference, hostile};

/// Small real documents, one per format; `frab-small.xml` is `debconf23.xml` (Wafer) cut
/// to its first day's first two rooms (11 events).
const REAL: [(&str, &str); 4] = [
    (
        "pretalx-democon.json",
        include_str!("../fixtures/interop/pretalx-democon.json"),
    ),
    (
        "rencontres-ess-2024.ics",
        include_str!("../fixtures/ics/rencontres-ess-2024.ics"),
    ),
    ("frab-small.xml", include_str!("../fixtures/interop/frab-small.xml")),
    ("2013.json", include_str!("../../../../data/2013.json")),
];

/// The text outside what a message quotes, `« … »`, `( … )` and backquotes (the file's own
/// words, a parser's detail), lower-cased. A quoted title may hold guillemets and
/// parentheses of its own, so there are two readings: a `»` closes every `«`, or each
/// its own.
fn own_words(message: &str, nested: bool) -> String {
    let mut out = String::new();
    let (mut guillemets, mut parentheses, mut backquotes) = (0i32, 0i32, false);
    for c in message.chars() {
        match c {
            '«' if !backquotes => guillemets = if nested { guillemets + 1 } else { 1 },
            '»' if !backquotes => guillemets = (guillemets - 1).max(0),
            '`' if guillemets == 0 => backquotes = !backquotes,
            _ if guillemets > 0 || backquotes => {}
            '(' => parentheses += 1,
            ')' => parentheses = (parentheses - 1).max(0),
            c if parentheses == 0 => out.push(c),
            _ => {}
        }
    }
    out.to_lowercase()
}

const ENGLISH: [&str; 12] = [
    "expected",
    "invalid",
    "unexpected",
    "missing",
    "unknown",
    "error",
    "eof",
    "while",
    "failed",
    "found",
    "duplicate",
    "field",
];

const FRENCH: [&str; 23] = [
    "le", "la", "les", "est", "de", "du", "un", "une", "pas", "en", "à", "ne", "ce", "aucun", "aucune", "champ",
    "fichier", "valeur", "heure", "date", "manquant", "manque", "vide",
];

/// Whether `words` say something in French and nothing in English.
fn french_only(words: &str) -> bool {
    let mut all = words.split(|c: char| !c.is_alphanumeric() && c != '\'');
    let (mut french, mut english) = (false, false);
    for w in all.by_ref() {
        english |= ENGLISH.contains(&w);
        french |=
            FRENCH.contains(&w) || w.starts_with("l'") || w.starts_with("d'") || w.contains(['é', 'è', 'à', 'ê', 'ç']);
    }
    french && !english
}

/// An issue a person can act on: a place and a French sentence (a parser's English may
/// only be quoted, in parentheses).
pub fn in_french(issue: &Issue) -> Result<(), TestCaseError> {
    prop_assert!(!issue.path.is_empty(), "no path: {:?}", issue);
    prop_assert!(
        french_only(&own_words(&issue.message, false)) || french_only(&own_words(&issue.message, true)),
        "not said in French: {:?}",
        issue.message
    );
    Ok(())
}

/// What any import must give: a programme whose warnings are French, or a French error;
/// a programme that validates comes back equal from its own JSON, through the importer.
pub fn programme_or_french_error(result: Result<Imported, ImportError>) -> Result<(), TestCaseError> {
    match result {
        Err(e) => {
            prop_assert!(!e.issues.is_empty(), "an error that says nothing");
            for issue in &e.issues {
                in_french(issue)?;
            }
        }
        Ok(imported) => {
            for warning in &imported.warnings {
                in_french(warning)?;
            }
            if imported.edition.validate().is_ok() {
                let text = serde_json::to_string(&imported.edition).expect("serializes");
                let back = import(&text, None).map_err(|e| TestCaseError::fail(format!("its own JSON: {e}")))?;
                prop_assert_eq!(back.format, Format::Edition);
                prop_assert!(
                    back.edition == imported.edition,
                    "{}",
                    first_difference(&imported.edition, &back.edition).unwrap_or_default()
                );
                prop_assert_eq!(Edition::from_json(&text).ok(), Some(back.edition));
            }
        }
    }
    Ok(())
}

fn bytes_in(bytes: &[u8]) -> Result<(), TestCaseError> {
    match decode(bytes) {
        Ok(text) => programme_or_french_error(import(&text, None)),
        Err(e) => programme_or_french_error(Err(e)),
    }
}

/// A change to a document's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index, usize),
    Insert(Index, Vec<u8>),
    Duplicate(Index, usize),
    /// Another digit: times, dates, durations and ids change, the shape stays.
    Digit(Index, u8),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), 1..64usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        1 => (any::<Index>(), prop_oneof![hostile::text().prop_map(String::into_bytes), proptest::collection::vec(any::<u8>(), 1..8)])
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        1 => (any::<Index>(), 1..400usize).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
        4 => (any::<Index>(), 0..10u8).prop_map(|(i, d)| Mutation::Digit(i, d)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(doc: &mut Vec<u8>, m: &Mutation) {
    let at = |i: &Index, len: usize| i.index(len + 1);
    match m {
        Mutation::Delete(i, n) => {
            let from = at(i, doc.len());
            doc.drain(from..(from + n).min(doc.len()));
        }
        Mutation::Insert(i, bytes) => {
            let from = at(i, doc.len());
            doc.splice(from..from, bytes.iter().copied());
        }
        Mutation::Duplicate(i, n) => {
            let from = at(i, doc.len());
            let piece = doc[from..(from + n).min(doc.len())].to_vec();
            doc.splice(from..from, piece);
        }
        Mutation::Digit(i, d) => {
            let digits: Vec<usize> = (0..doc.len()).filter(|&k| doc[k].is_ascii_digit()).collect();
            if !digits.is_empty() {
                doc[digits[i.index(digits.len())]] = b'0' + d;
            }
        }
        Mutation::Truncate(i) => doc.truncate(at(i, doc.len())),
    }
}

/// The start of a file of each format, for bytes that get past the format's detection.
fn format_head() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "",
        "\u{feff}",
        "<?xml version=\"1.0\"?>\n<schedule><conference><title>x</title></conference><day date=\"2020-01-01\" index=\"1\">",
        "{\"schedule\": {\"conference\": {\"title\": \"x\", \"days\": [",
        "{\"edition\": \"2013\", \"event\": ",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n",
    ])
}

/// iCalendar lines a calendar may hold, right and wrong, to build calendars from.
fn ics_line() -> impl Strategy<Value = String> {
    let date = "20[0-9]{2}[01][0-9][0-3][0-9](T[0-2][0-9][0-5][0-9][0-5][0-9]Z?)?";
    prop_oneof![
        proptest::sample::select(vec![
            "BEGIN:VEVENT",
            "END:VEVENT",
            "BEGIN:VTIMEZONE",
            "END:VTIMEZONE",
            "BEGIN:STANDARD",
            "END:STANDARD",
            "TZID:Europe/Paris",
            "TZOFFSETTO:+0200",
            "TZOFFSETFROM:+0100",
            "STATUS:CANCELLED",
            "RRULE:FREQ=DAILY;COUNT=1000000000",
            "RRULE:FREQ=WEEKLY;UNTIL=99991231T000000Z;BYDAY=MO,TU,WE,TH,FR,SA,SU",
            "RRULE:FREQ=MINUTELY;INTERVAL=0",
            "RRULE:FREQ=YEARLY;BYMONTH=13",
            "EXDATE:",
            "X-WR-TIMEZONE:Nulle/Part",
            "X-WR-CALNAME:Rencontres",
            "DURATION:P9999999W",
            "DURATION:-PT1H",
            "CATEGORIES:Débat,,\\,",
        ])
        .prop_map(str::to_owned),
        (
            proptest::sample::select(vec![
                "DTSTART",
                "DTEND",
                "DTSTART;TZID=Europe/Paris",
                "DTSTART;VALUE=DATE",
                "RECURRENCE-ID",
                "EXDATE;TZID=W. Europe Standard Time",
                "DTEND;TZID=\"Nulle part\""
            ]),
            date
        )
            .prop_map(|(name, value)| format!("{name}:{value}")),
        (
            proptest::sample::select(vec!["SUMMARY", "LOCATION", "DESCRIPTION", "UID", "URL"]),
            hostile::text()
        )
            .prop_map(|(name, value)| format!("{name}:{value}")),
        hostile::any_text(),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn any_bytes_give_a_programme_or_a_french_error(
        head in format_head(),
        body in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = head.as_bytes().to_vec();
        bytes.extend(body);
        bytes_in(&bytes)?;
    }

    #[test]
    fn any_calendar_gives_a_programme_or_a_french_error(
        lines in proptest::collection::vec(ics_line(), 0..24),
        crlf in any::<bool>(),
    ) {
        let end = if crlf { "\r\n" } else { "\n" };
        let text = format!("BEGIN:VCALENDAR{end}{}{end}END:VCALENDAR{end}", lines.join(end));
        programme_or_french_error(import(&text, None))?;
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn mutated_real_programmes_give_a_programme_or_a_french_error(
        which in 0..REAL.len(),
        mutations in proptest::collection::vec(mutation(), 1..5),
    ) {
        let mut doc = REAL[which].1.as_bytes().to_vec();
        for m in &mutations {
            mutate(&mut doc, m);
        }
        bytes_in(&doc)?;
    }
}

#[test]
fn the_real_programmes_import_as_they_are() {
    for (name, text) in REAL {
        let imported = import(text, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(imported.edition.validate().is_ok(), "{name}");
        programme_or_french_error(Ok(imported)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// The French check refuses what the importers said before their fixes, and accepts a
/// message quoting a title with guillemets and parentheses of its own.
#[test]
fn the_french_check_can_fail() {
    let said = |message: &str| in_french(&Issue::new("/", message)).is_ok();
    assert!(!said(
        "Le XML est mal formé (ligne 121, colonne 32) : invalid name token."
    ));
    assert!(!said("duplicate field `id`"));
    assert!(!said("« x » : unknown variant"));
    assert!(said(
        "Le XML est mal formé ligne 2, colonne 2 : un nom de balise ou d'attribut est invalide."
    ));
    assert!(said("« A « b » (c < » n'a pas d'heure de fin (ligne 2)."));
    assert!(said("champ obligatoire manquant : `kind`"));
}
