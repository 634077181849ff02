//! An address that is not `http(s)://` never comes in through an import: a hostile
//! `javascript:` in a stand's website, in an edition document or in the Agir ensemble part
//! of a `schedule.json`, is dropped with a warning naming where it was, and an iCalendar
//! `URL` is not copied into the text visitors read.
//!
//! Needs the `import` and `export` features: `cargo test -p agir-model --all-features`.

use agir_model::export::schedule_json;
use agir_model::import::{import, Format};
use agir_model::Edition;

const HOSTILE: &str = "javascript:alert(4)";

fn demo() -> Edition {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/2013.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn hostile_demo() -> Edition {
    let mut edition = demo();
    edition.stands[3].website = Some(HOSTILE.into());
    edition.event.contact.as_mut().unwrap().website = Some(" JavaScript:alert(4)".into());
    edition
}

#[test]
fn an_edition_document_loses_its_hostile_addresses_with_a_warning() {
    // Arrange
    let text = serde_json::to_string(&hostile_demo()).unwrap();
    // Act
    let imported = import(&text, None).unwrap();
    // Assert
    assert_eq!(imported.format, Format::Edition);
    let paths: Vec<&str> = imported.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["/event/contact/website", "/stands/3/website"]);
    assert_eq!(
        imported.warnings[1].message,
        "Adresse refusée « javascript:alert(4) » : seule une adresse qui commence par https:// ou http:// est acceptée. Elle n'est pas reprise."
    );
    assert_eq!(imported.edition.stands[3].website, None);
    assert_eq!(imported.edition.event.contact.as_ref().unwrap().website, None);
    assert_eq!(
        imported.edition.stands[1].website.as_deref(),
        Some("https://www.petitsfreresdespauvres.fr"),
        "a web address is kept"
    );
    assert!(imported.edition.validate().is_ok(), "what is left publishes");
}

#[test]
fn a_schedule_json_loses_its_hostile_addresses_with_a_warning() {
    // Arrange: our own export carries the stands in its extension.
    let text = schedule_json(&hostile_demo(), "https://agir.example");
    assert!(text.contains(HOSTILE), "the extension carries the website");
    // Act
    let imported = import(&text, None).unwrap();
    // Assert
    assert_eq!(imported.format, Format::C3vocJson);
    assert!(
        imported.warnings.iter().any(|w| w.path == "/stands/3/website"),
        "{:#?}",
        imported.warnings
    );
    assert!(imported
        .edition
        .stands
        .iter()
        .all(|s| s.website.as_deref() != Some(HOSTILE)));
    assert!(
        imported.edition.validate().is_ok(),
        "{:#?}",
        imported.edition.validate().errors
    );
}

#[test]
fn a_calendar_url_that_is_not_a_web_address_is_not_copied() {
    // Arrange
    let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\nUID:a@test\r\n\
        DTSTAMP:20240101T000000Z\r\nDTSTART:20240312T090000Z\r\nDTEND:20240312T100000Z\r\nSUMMARY:Accueil\r\n\
        URL:javascript:alert(4)\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:b@test\r\nDTSTAMP:20240101T000000Z\r\n\
        DTSTART:20240312T110000Z\r\nDTEND:20240312T120000Z\r\nSUMMARY:Atelier\r\nURL:https://exemple.fr/atelier\r\n\
        END:VEVENT\r\nEND:VCALENDAR\r\n";
    // Act
    let imported = import(calendar, None).unwrap();
    // Assert
    let texts: Vec<String> = imported
        .edition
        .sessions
        .iter()
        .map(|s| format!("{} {}", s.title, s.description.clone().unwrap_or_default()))
        .collect();
    assert!(texts.iter().all(|t| !t.contains("javascript")), "{texts:#?}");
    assert!(
        texts.iter().any(|t| t.contains("https://exemple.fr/atelier")),
        "{texts:#?}"
    );
}
