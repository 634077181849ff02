//! Export then import: the 2013 day and the 36C3 programme written as C3VOC `schedule.json`
//! and frab `schedule.xml`, read back by our importers, give the same sessions, times,
//! places and speakers. `schedule.json` carries our extension and comes back whole;
//! `schedule.xml` has no room for it and keeps what the format can say.
//!
//! The files are checked against the upstream schema and XSD in the server's tests, with
//! validators that are not these writers. Needs `--all-features`.

use agir_model::export::{schedule_json, schedule_xml};
use agir_model::import::{import, Format, Imported};
use agir_model::{Edition, Session, Status};

const PUBLIC_URL: &str = "https://agir.example.fr";

fn demo() -> Edition {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/2013.json")).unwrap();
    Edition::from_json(&text).unwrap()
}

fn c3() -> Edition {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/interop/36c3_merged.xml");
    import(&std::fs::read_to_string(path).unwrap(), None).unwrap().edition
}

fn back(text: &str) -> Imported {
    let imported = import(text, None).unwrap_or_else(|e| panic!("{e}"));
    let report = imported.edition.validate();
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    imported
}

fn place_name<'a>(e: &'a Edition, s: &Session) -> Option<&'a str> {
    s.place
        .as_ref()
        .map(|p| e.place(p).expect("a known place").name.as_str())
}

fn speaker_names<'a>(e: &'a Edition, s: &Session) -> Vec<&'a str> {
    s.speakers
        .iter()
        .map(|r| e.speaker(&r.speaker).expect("a known speaker").name.as_str())
        .collect()
}

/// Every session of `before` is in `after` under the same id, with the same title, start
/// and end (instant and offset), status, place and speakers (by name).
fn same_sessions(before: &Edition, after: &Edition) {
    assert_eq!(after.sessions.len(), before.sessions.len());
    for s in &before.sessions {
        let t = after.session(&s.id).unwrap_or_else(|| panic!("session {} lost", s.id));
        assert_eq!(t.title, s.title, "{}", s.id);
        assert_eq!(t.start.to_rfc3339(), s.start.to_rfc3339(), "{}", s.id);
        assert_eq!(t.end.to_rfc3339(), s.end.to_rfc3339(), "{}", s.id);
        assert_eq!(t.status, s.status, "{}", s.id);
        assert_eq!(t.kind, s.kind, "{}", s.id);
        assert_eq!(place_name(after, t), place_name(before, s), "{}", s.id);
        assert_eq!(speaker_names(after, t), speaker_names(before, s), "{}", s.id);
        assert_eq!(t.description, s.description, "{}", s.id);
    }
    let names = |e: &Edition| {
        let mut all: Vec<String> = e.speakers.iter().map(|s| s.name.clone()).collect();
        all.sort();
        all
    };
    assert_eq!(names(after), names(before));
}

#[test]
fn the_2013_day_comes_back_whole_from_schedule_json() {
    // Arrange: one session cancelled, so the status travels too.
    let mut before = demo();
    before.sessions[3].status = Status::Cancelled;
    // Act
    let after = back(&schedule_json(&before, PUBLIC_URL));
    // Assert: everything a programme is, ids and details included.
    assert_eq!(after.format, Format::C3vocJson);
    assert!(after.warnings.is_empty(), "{:#?}", after.warnings);
    let e = after.edition;
    same_sessions(&before, &e);
    assert_eq!(e.sessions, before.sessions);
    assert_eq!(e.places, before.places);
    assert_eq!(e.speakers, before.speakers);
    assert_eq!(e.stands, before.stands);
    assert_eq!(e.plan, before.plan);
    assert_eq!(e.event, before.event);
    assert_eq!(e.edition, before.edition);
}

/// Found by the property tests (`tests/props_interop/exports.rs`): a place or a speaker
/// whose name ends with a space lost its id (`seance`) coming back from schedule.json, the
/// C3VOC reader trimming the name the extension kept.
#[test]
fn names_with_white_space_around_keep_their_ids_through_schedule_json() {
    let mut before = demo();
    before.places[0].name = format!("{} ", before.places[0].name);
    before.speakers[0].name = format!("\t{}", before.speakers[0].name);
    let after = back(&schedule_json(&before, PUBLIC_URL)).edition;
    assert_eq!(after.places, before.places);
    assert_eq!(after.speakers, before.speakers);
    assert_eq!(after.sessions, before.sessions);
}

/// Found by the property tests: schedule.json read a description as HTML, so text an
/// organizer typed ("<b>", "R&amp;D", a tab ending a line) came back changed. Our extension
/// now carries such a description, given back while the abstract still says the same.
#[test]
fn descriptions_come_back_as_typed_through_schedule_json() {
    let mut before = demo();
    before.sessions[0].description = Some("Balise <b> en texte, R&amp;D,\t\nfin.".into());
    before.sessions[1].description = Some("Texte simple.".into());
    let json = schedule_json(&before, PUBLIC_URL);
    let after = back(&json).edition;
    assert_eq!(after.sessions, before.sessions);
    assert_eq!(
        json.matches("Texte simple.").count(),
        1,
        "a plain description is written once"
    );

    // Edited in another tool, the abstract wins.
    fn edit(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => o.iter_mut().for_each(|(k, v)| match v {
                serde_json::Value::String(t) if k == "abstract" => {
                    *t = t.replace("Balise <b> en texte", "Balise modifiée")
                }
                _ => edit(v),
            }),
            serde_json::Value::Array(a) => a.iter_mut().for_each(edit),
            _ => {}
        }
    }
    let mut edited: serde_json::Value = serde_json::from_str(&json).unwrap();
    edit(&mut edited);
    let after = back(&edited.to_string()).edition;
    assert_eq!(
        after.sessions[0].description.as_deref(),
        Some("Balise modifiée, R&D,\nfin.")
    );
}

#[test]
fn the_2013_day_comes_back_from_schedule_xml() {
    let mut before = demo();
    before.sessions[3].status = Status::Cancelled;

    let after = back(&schedule_xml(&before, PUBLIC_URL));

    assert_eq!(after.format, Format::FrabXml);
    let e = &after.edition;
    same_sessions(&before, e);
    assert_eq!(e.event.time_zone, "Europe/Paris");
    assert_eq!(
        (e.event.start_date, e.event.end_date),
        (before.event.start_date, before.event.end_date)
    );
    // The first theme is the event's track; the format has room for no other.
    for s in &before.sessions {
        assert_eq!(e.session(&s.id).unwrap().themes, s.themes[..1], "{}", s.id);
    }
    assert_eq!(
        after.warnings.iter().map(|w| w.path.as_str()).collect::<Vec<_>>(),
        ["/event/venue/name"],
        "the venue is what frab cannot say"
    );
}

#[test]
fn the_36c3_programme_comes_back_from_both_formats() {
    let before = c3();
    assert_eq!(before.sessions.len(), 1351);

    let json = back(&schedule_json(&before, PUBLIC_URL)).edition;
    let xml = back(&schedule_xml(&before, PUBLIC_URL)).edition;

    same_sessions(&before, &json);
    assert_eq!(json.sessions, before.sessions);
    assert_eq!(json.places, before.places);
    same_sessions(&before, &xml);
    assert_eq!(
        xml.event.time_zone, "Etc/GMT-1",
        "a zone the JSON schema's pattern refuses travels in XML"
    );
    assert_eq!(json.event.time_zone, "Etc/GMT-1", "and in our extension");
}

#[test]
fn the_2013_day_comes_back_from_its_calendar_with_its_ids() {
    // Arrange: a calendar of the first revision, one session cancelled.
    let mut before = demo();
    before.sessions[3].status = Status::Cancelled;
    let published = chrono::DateTime::parse_from_rfc3339("2013-10-01T08:00:00Z")
        .unwrap()
        .to_utc();
    let history = agir_model::ics::History::first(&before, published);
    let feed = agir_model::ics::Feed {
        public_url: PUBLIC_URL,
        published,
        history: &history,
    };
    // Act
    let after = back(&agir_model::ics::programme(&before, &feed));
    // Assert: a calendar has no speakers; the rest comes back under the same ids.
    assert_eq!(after.format, Format::ICalendar);
    let e = &after.edition;
    assert_eq!(e.event.name, "Agir ensemble 2013");
    assert_eq!(e.sessions.len(), before.sessions.len());
    for s in &before.sessions {
        let t = e.session(&s.id).unwrap_or_else(|| panic!("session {} lost", s.id));
        assert_eq!((&t.title, t.kind, t.status), (&s.title, s.kind, s.status), "{}", s.id);
        assert_eq!(t.start.to_rfc3339(), s.start.to_rfc3339(), "{}", s.id);
        assert_eq!(t.end.to_rfc3339(), s.end.to_rfc3339(), "{}", s.id);
        assert_eq!(
            place_name(e, t),
            place_name(&before, s)
                .map(|p| format!(
                    "{p}, {}, {}",
                    before.event.venue.name,
                    before.event.venue.address.as_deref().unwrap()
                ))
                .as_deref(),
            "{}",
            s.id
        );
        assert_eq!(t.themes, s.themes, "{}", s.id);
    }
}

#[test]
fn exports_do_not_depend_on_anything_but_the_edition_and_the_address() {
    let e = demo();
    assert_eq!(
        schedule_json(&e, PUBLIC_URL),
        schedule_json(&e, &format!("{PUBLIC_URL}/"))
    );
    assert_eq!(schedule_xml(&e, PUBLIC_URL), schedule_xml(&e.clone(), PUBLIC_URL));
    assert_ne!(
        schedule_xml(&e, PUBLIC_URL),
        schedule_xml(&e, "https://autre.example.fr")
    );
}
