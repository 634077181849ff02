//! Imports of real published programmes (frab `schedule.xml`, C3VOC `schedule.json`, kept as
//! published in `fixtures/interop/`) and of hostile files, which must give errors, never panics.
//!
//! Needs the `import` feature: `cargo test -p agir-model --all-features`. The workspace run
//! gets it through the server, which enables `agir-model/import`.

use agir_model::import::{detect, import, parse_duration, Format, ImportError, Imported};
use agir_model::{Edition, EditionSlug, Issue, SessionKind};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/interop/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path} : {e}"))
}

/// Imports a fixture that must import, and checks the result publishes (no validate error).
fn imported(name: &str) -> Imported {
    let result = import(&fixture(name), None).unwrap_or_else(|e| panic!("{name} : {e}"));
    let report = result.edition.validate();
    assert!(report.errors.is_empty(), "{name} : {:#?}", report.errors);
    result
}

fn failed(text: &str) -> ImportError {
    match import(text, None) {
        Ok(i) => panic!("import should fail, got {} sessions", i.edition.sessions.len()),
        Err(e) => e,
    }
}

fn paths(issues: &[Issue]) -> Vec<&str> {
    issues.iter().map(|i| i.path.as_str()).collect()
}

fn count_at(issues: &[Issue], suffix: &str) -> usize {
    issues.iter().filter(|i| i.path.ends_with(suffix)).count()
}

fn session<'a>(edition: &'a Edition, id: &str) -> &'a agir_model::Session {
    edition.session_by_str(id).unwrap_or_else(|| panic!("no session {id}"))
}

#[test]
fn pretalx_democon_json() {
    // Act
    let result = imported("pretalx-democon.json");

    // Assert
    let e = &result.edition;
    assert_eq!(result.format, Format::C3vocJson);
    assert_eq!(e.edition.as_str(), "democon");
    assert_eq!(e.event.name, "DemoCon");
    assert_eq!(
        (e.event.start_date.to_string(), e.event.end_date.to_string()),
        ("2020-12-14".into(), "2020-12-16".into())
    );
    assert_eq!(e.event.time_zone, "UTC");
    assert_eq!((e.sessions.len(), e.places.len(), e.speakers.len()), (36, 2, 27));
    let s = session(e, "25");
    assert_eq!(s.title, "Focused 5thgeneration hardware");
    assert_eq!(s.kind, SessionKind::Conference);
    // The feed says 09:00+01:00 but declares UTC: the instant is kept, in the declared zone.
    assert_eq!(s.start.to_rfc3339(), "2020-12-14T08:00:00+00:00");
    assert_eq!(s.end.to_rfc3339(), "2020-12-14T08:30:00+00:00");
    assert_eq!(s.place.as_ref().unwrap().as_str(), "gray-room");
    assert_eq!(s.speakers[0].speaker.as_str(), "brian-robinson");
    assert_eq!(s.themes, ["Phased"]);
    assert_eq!(
        s.description.as_deref(),
        Some("Brand back-end models!\n\nLangue : anglais")
    );
    assert_eq!(
        paths(&result.warnings),
        ["/schedule/conference/time_zone_name", "/event/venue/name"]
    );
    assert!(
        result.warnings[0].message.starts_with("36 heure(s)"),
        "{}",
        result.warnings[0].message
    );
}

#[test]
fn frab_camp2019_json() {
    let result = imported("frab-camp2019.json");

    let e = &result.edition;
    assert_eq!(e.edition.as_str(), "camp2019", "acronym Camp2019, slugified");
    assert_eq!(e.event.name, "Chaos Communication Camp 2019");
    assert_eq!(e.event.time_zone, "Europe/Berlin");
    assert_eq!(
        (e.event.start_date.to_string(), e.event.end_date.to_string()),
        ("2019-08-21".into(), "2019-08-26".into())
    );
    assert_eq!((e.sessions.len(), e.places.len(), e.speakers.len()), (79, 2, 89));
    let s = session(e, "10386");
    assert_eq!(s.title, "Opening Ceremony");
    assert_eq!(s.start.to_rfc3339(), "2019-08-21T11:00:00+02:00");
    assert_eq!(s.duration_minutes(), 30);
    assert_eq!(
        paths(&result.warnings),
        ["/event/venue/name"],
        "the schema's slug patterns are tolerated"
    );
    assert!(e.validate().warnings.is_empty());
}

#[test]
fn wafer_debconf23_xml() {
    let result = imported("debconf23.xml");

    let e = &result.edition;
    assert_eq!(result.format, Format::FrabXml);
    assert_eq!(e.edition.as_str(), "debconf23");
    assert_eq!(e.event.time_zone, "Asia/Kolkata");
    assert_eq!((e.sessions.len(), e.places.len(), e.speakers.len()), (117, 5, 87));
    let s = session(e, "35");
    assert_eq!(s.title, "Opening Ceremony");
    // Wafer writes UTC; the document keeps the conference's offset.
    assert_eq!(s.start.to_rfc3339(), "2023-09-10T10:30:00+05:30");
    assert_eq!(s.end.to_rfc3339(), "2023-09-10T10:50:00+05:30");
    assert_eq!(s.speakers[0].speaker.as_str(), "sruthi-chandran");
    let kinds = |k: SessionKind| e.sessions.iter().filter(|s| s.kind == k).count();
    assert_eq!(
        kinds(SessionKind::Meal),
        24,
        "Breakfast, Lunch, Dinner have no type: the title tells"
    );
    assert_eq!(kinds(SessionKind::Debate), 25, "BoF");
    assert_eq!(paths(&result.warnings), ["/event/venue/name"]);
    assert!(e.validate().warnings.is_empty());
}

#[test]
fn merged_36c3_xml() {
    // Act
    let result = imported("36c3_merged.xml");

    // Assert: counts, the time zone deduced from the offsets, the duplicates re-keyed.
    let e = &result.edition;
    assert_eq!(e.edition.as_str(), "36c3");
    assert_eq!(e.event.name, "36th Chaos Communication Congress");
    assert_eq!((e.sessions.len(), e.places.len(), e.speakers.len()), (1351, 92, 861));
    assert_eq!(e.event.time_zone, "Etc/GMT-1");
    let s = session(e, "11223");
    assert_eq!(s.title, "Opening Ceremony");
    assert_eq!(s.start.to_rfc3339(), "2019-12-27T11:00:00+01:00");
    assert_eq!(s.end.to_rfc3339(), "2019-12-27T11:30:00+01:00");
    assert_eq!(s.speakers.len(), 2);
    assert_eq!(
        session(e, "11220").description.as_deref().unwrap().lines().next(),
        Some("Security Track Keynote"),
        "the subtitle opens the description"
    );
    // Merged schedules prefix room names: the <room name> container wins over <room>.
    assert!(e.places.iter().any(|p| p.name == "1Komona headnut"));

    let rekeyed: Vec<&Issue> = result
        .warnings
        .iter()
        .filter(|w| w.message.contains("est déjà pris"))
        .collect();
    assert_eq!(rekeyed.len(), 13);
    assert_eq!(rekeyed[0].path, "/schedule/day[1]/room[OIO Workshop Dome]/event[2]");
    assert!(
        rekeyed[0].message.contains("devient « 367-2 »"),
        "{}",
        rekeyed[0].message
    );
    assert!(rekeyed[0].message.contains("(ligne 4774)"), "{}", rekeyed[0].message);
    assert_eq!(session(e, "367").title, session(e, "367-2").title);
    assert!(result
        .warnings
        .iter()
        .any(|w| w.path == "/schedule/conference/time_zone_name" && w.message.contains("« Etc/GMT-1 » (UTC+01:00)")));
    assert_eq!(result.warnings.len(), 15, "13 re-keyed, the zone, the venue");

    // Overlaps and nights past the last day are the document's warnings, not errors. The
    // README counts 117 overlaps between consecutive sessions of a room; validate reports each
    // session starting before the end of any running one in its place, which is more.
    let report = e.validate();
    assert!(
        count_at(&report.warnings, "/place") >= 117,
        "{}",
        count_at(&report.warnings, "/place")
    );
    let past_end: Vec<&str> = report
        .warnings
        .iter()
        .filter(|w| w.path.ends_with("/start"))
        .map(|w| w.message.as_str())
        .collect();
    for title in ["Iron Curtis", "gießen offline live", "Marko Morelle"] {
        assert!(past_end.iter().any(|m| m.contains(title)), "{title} : {past_end:#?}");
    }
}

#[test]
fn invalid_example_is_refused_with_paths() {
    let err = failed(&fixture("invalid-example.json"));

    // The ids are strings where the schema wants integers; the rest would import.
    assert_eq!(err.format, Some(Format::C3vocJson));
    assert_eq!(
        paths(&err.issues),
        [
            "/schedule/conference/days/0/rooms/Winterchaos/0/id",
            "/schedule/conference/days/0/rooms/Winterchaos/0/persons/0/id",
        ]
    );
    assert_eq!(
        err.issues[0].message,
        "« id » doit être un nombre entier, pas du texte (« 2814 »)."
    );
    assert!(err
        .to_string()
        .contains("/persons/0/id : « id » doit être un nombre entier"));
}

#[test]
fn the_caller_can_force_the_slug() {
    let slug = EditionSlug::parse("congres-2019").unwrap();
    let result = import(&fixture("debconf23.xml"), Some(&slug)).unwrap();
    assert_eq!(result.edition.edition, slug);
}

#[test]
fn our_own_edition_document_still_imports() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/2013.json")).unwrap();
    assert_eq!(detect(&text), Some(Format::Edition));
    let result = import(&text, None).unwrap();
    assert_eq!(result.format, Format::Edition);
    assert_eq!(result.edition.edition.as_str(), "2013");
    assert!(result.warnings.is_empty());
}

#[test]
fn detection_by_content() {
    assert_eq!(detect(&fixture("36c3_merged.xml")), Some(Format::FrabXml));
    assert_eq!(detect(&fixture("debconf23.xml")), Some(Format::FrabXml));
    assert_eq!(detect(&fixture("pretalx-democon.json")), Some(Format::C3vocJson));
    assert_eq!(
        detect("\u{feff}\n  <?xml version='1.0'?><!-- x --><schedule/>"),
        Some(Format::FrabXml)
    );
    assert_eq!(detect(r#"{"edition": "2014", "event": {}}"#), Some(Format::Edition));
    assert_eq!(detect("BEGIN:VCALENDAR\r\nEND:VCALENDAR"), Some(Format::ICalendar));
    assert_eq!(detect("begin:vcalendar\n"), Some(Format::ICalendar));
    for other in [
        "",
        "   ",
        "<html><body/></html>",
        "{\"a\": 1}",
        "[1, 2]",
        "{\"schedule\": ",
        "\u{0}\u{1}\u{2}PK\u{3}\u{4}",
    ] {
        assert_eq!(detect(other), None, "{other:?}");
    }
}

#[test]
fn durations() {
    let minutes = |t: &str| parse_duration(t).map(|d| d.num_minutes());
    assert_eq!(minutes("00:30"), Some(30));
    assert_eq!(minutes("01:30"), Some(90));
    assert_eq!(minutes("1:02:30"), Some(24 * 60 + 150), "D:HH:MM");
    assert_eq!(minutes("01:30:00"), Some(90), "HH:MM:SS");
    assert_eq!(minutes("PT45M"), Some(45));
    assert_eq!(minutes("an hour"), None);
    assert_eq!(minutes("00:75"), None);
}

/// A small feed to break in every way.
const SMALL_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference>
    <acronym>petit</acronym>
    <title>Petit congrès</title>
    <start>2024-05-04</start>
    <end>2024-05-04</end>
    <time_zone_name>Europe/Paris</time_zone_name>
  </conference>
  <day index="1" date="2024-05-04" start="2024-05-04T09:00:00+02:00" end="2024-05-04T23:00:00+02:00">
    <room name="Saal 1">
      <event id="1" guid="a1"><date>2024-05-04T10:00:00+02:00</date><duration>00:45</duration>
        <title>Ouverture</title><type>opening</type><persons><person id="1">Anne Dupré</person></persons></event>
      <event id="2"><date>2024-05-04T11:00:00+02:00</date><duration>01:00</duration>
        <title>Table ronde &amp; débat</title><type>panel</type><persons><person id="1">Anne Dupré</person><person id="2">Bruno</person></persons></event>
    </room>
  </day>
</schedule>
"#;

#[test]
fn a_small_feed_maps_every_field() {
    let result = import(SMALL_XML, None).unwrap();
    let e = &result.edition;
    assert_eq!(e.event.time_zone, "Europe/Paris");
    assert_eq!(e.sessions[0].kind, SessionKind::Ceremony);
    assert_eq!(e.sessions[1].kind, SessionKind::RoundTable);
    assert_eq!(e.sessions[1].title, "Table ronde & débat");
    assert_eq!(e.sessions[1].end.to_rfc3339(), "2024-05-04T12:00:00+02:00");
    assert_eq!(e.speakers.len(), 2, "Anne Dupré is one speaker");
    assert_eq!(e.speakers[0].id.as_str(), "anne-dupre");
    assert_eq!(paths(&result.warnings), ["/event/venue/name"]);
}

#[test]
fn xml_problems_name_their_location_and_line() {
    let broken = SMALL_XML
        .replace("<date>2024-05-04T11:00:00+02:00</date>", "<date>demain matin</date>")
        .replace(
            "<duration>00:45</duration>",
            "<duration>trois quarts d'heure</duration>",
        )
        .replace("<title>Ouverture</title>", "");
    let err = failed(&broken);
    assert_eq!(err.format, Some(Format::FrabXml));
    assert_eq!(
        paths(&err.issues),
        [
            "/schedule/day[1]/room[Saal 1]/event[1]/duration",
            "/schedule/day[1]/room[Saal 1]/event[2]/date",
            "/schedule/day[1]/room[Saal 1]/event[1]/title",
        ]
    );
    assert!(err.issues[0].message.contains("trois quarts d'heure") && err.issues[0].message.contains("(ligne 12)"));
    assert!(
        err.issues[1].message.contains("« demain matin » n'est pas une date"),
        "{}",
        err.issues[1].message
    );
    assert!(err.issues[2].message.contains("manque"));
}

#[test]
fn repairs_are_warnings() {
    // A blank title, a duplicate id, no time zone, and old frab's day + start instead of date.
    let text = SMALL_XML
        .replace("<title>Ouverture</title>", "<title>  </title>")
        .replace("id=\"2\"", "id=\"1\"")
        .replace("<time_zone_name>Europe/Paris</time_zone_name>", "")
        .replace("<date>2024-05-04T11:00:00+02:00</date>", "<start>11:00</start>");
    let result = import(&text, None).unwrap();
    let e = &result.edition;
    assert!(e.validate().errors.is_empty(), "{:#?}", e.validate().errors);
    assert_eq!(e.sessions[0].title, "Séance sans titre");
    assert_eq!(e.sessions[1].id.as_str(), "1-2");
    assert_eq!(e.event.time_zone, "Etc/GMT-2");
    assert_eq!(e.sessions[1].start.to_rfc3339(), "2024-05-04T11:00:00+02:00");
    assert_eq!(
        paths(&result.warnings),
        [
            "/schedule/day[1]/room[Saal 1]/event[2]/date",
            "/schedule/conference/time_zone_name",
            "/schedule/day[1]/room[Saal 1]/event[1]/title",
            "/schedule/day[1]/room[Saal 1]/event[2]",
            "/event/venue/name",
        ]
    );
}

#[test]
fn json_problems_name_their_pointer() {
    let text = r#"{"schedule": {"version": "1", "conference": {"acronym": "x", "title": "X", "start": "2024-05-04",
        "time_zone_name": "Europe/Paris", "days": [{"date": "2024-05-04", "rooms": {"Saal 1": [
            {"id": 1, "title": "Ok", "date": "2024-05-04T10:00:00+02:00", "duration": "00:30"},
            {"id": 2, "title": "Bad", "date": "2024-05-04T25:00:00+02:00", "duration": "00:30"},
            {"id": 3, "date": "2024-05-04T10:00:00+02:00", "duration": 30}
        ]}}]}}}"#;
    let err = failed(text);
    assert_eq!(
        paths(&err.issues),
        [
            "/schedule/conference/days/0/rooms/Saal 1/2/duration",
            "/schedule/conference/days/0/rooms/Saal 1/1/date",
            "/schedule/conference/days/0/rooms/Saal 1/2/title",
        ]
    );
    assert!(
        err.issues[0].message.contains("du texte, pas un nombre (30)"),
        "{}",
        err.issues[0].message
    );
}

#[test]
fn hostile_files_are_errors_not_panics() {
    let cases: Vec<(&str, String)> = vec![
        ("0 octet", String::new()),
        ("binaire", "\u{0}\u{1}PK\u{3}\u{4}\u{0}\u{0}".into()),
        ("XML tronqué", SMALL_XML[..SMALL_XML.len() / 2].to_owned()),
        ("JSON tronqué", fixture("pretalx-democon.json")[..5000].to_owned()),
        ("JSON très imbriqué", format!("{{\"schedule\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000))),
        ("XML très imbriqué", format!("<schedule>{}{}</schedule>", "<a>".repeat(100_000), "</a>".repeat(100_000))),
        (
            "entités en cascade",
            "<?xml version=\"1.0\"?><!DOCTYPE schedule [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><schedule>&b;</schedule>".into(),
        ),
        ("pas un programme", "<html><body>Bonjour</body></html>".into()),
        ("schedule vide", "<schedule/>".into()),
        ("schedule JSON vide", "{\"schedule\": {}}".into()),
        ("schedule JSON faux", "{\"schedule\": \"oui\"}".into()),
        ("jours faux", r#"{"schedule": {"conference": {"title": "T", "days": {"a": 1}}}}"#.into()),
        ("durée absurde", SMALL_XML.replace("00:45", "999999:00")),
        (
            "dates aux limites",
            SMALL_XML
                .replace("2024-05-04T10:00:00+02:00", "+262142-12-31T23:59:59-14:00")
                .replace("2024-05-04T11:00:00+02:00", "-262143-01-01T00:00:00+14:00")
                .replace("<title>Ouverture</title>", ""),
        ),
    ];
    for (what, text) in &cases {
        let err = failed(text);
        assert!(!err.issues.is_empty(), "{what}");
        assert!(
            err.issues.iter().all(|i| !i.message.is_empty() && !i.path.is_empty()),
            "{what} : {err:?}"
        );
    }
    let nested = failed(&cases[4].1);
    assert!(
        nested.issues[0].message.contains("trop profondément"),
        "{}",
        nested.issues[0].message
    );
    let truncated = failed(&cases[2].1);
    assert!(
        truncated.issues[0].message.contains("incomplet"),
        "{}",
        truncated.issues[0].message
    );
}

#[test]
fn every_truncation_of_a_feed_is_handled() {
    let json = r#"{"schedule": {"conference": {"title": "T", "start": "2024-05-04", "days": [{"date": "2024-05-04", "rooms": {"S": [{"id": 1, "title": "A", "date": "2024-05-04T10:00:00+02:00", "duration": "00:30", "persons": [{"id": 1, "public_name": "Anne"}]}]}}]}}}"#;
    for text in [SMALL_XML, json] {
        for (cut, _) in text.char_indices() {
            // Any outcome but a panic; the whole text must import.
            let _ = import(&text[..cut], None);
        }
        assert!(import(text, None).is_ok());
    }
}

#[test]
fn a_flood_of_errors_is_summed_up() {
    let event = r#"<event id="1"><date>x</date><duration>00:30</duration><title>T</title></event>"#;
    let text = format!(
        "<schedule><conference><title>T</title><start>2024-05-04</start></conference><day date=\"2024-05-04\"><room name=\"S\">{}</room></day></schedule>",
        event.repeat(5000)
    );
    let err = failed(&text);
    assert_eq!(err.issues.len(), 101);
    assert!(
        err.issues[100].message.contains("4900 autres erreurs"),
        "{}",
        err.issues[100].message
    );
}

#[test]
fn newer_json_fields_end_days_count_and_plain_names() {
    let text = r#"{"schedule": {"version": "1", "conference": {"acronym": "neuf", "title": "Neuf", "start": "2024-05-04",
        "daysCount": 2, "time_zone_name": "Europe/Paris", "days": [{"date": "2024-05-04", "rooms": {"": [
            {"guid": "0b6e1c5a-2f3d-4e6f-8a9b-1c2d3e4f5a6b", "room": "Grande salle", "title": "Débat",
             "date": "2024-05-04T10:00:00+02:00", "end": "2024-05-04T11:15:00+02:00", "type": "discussion",
             "persons": ["Anne Dupré", {"guid": "p1", "name": "Bruno"}], "abstract": "", "description": "<p>Texte</p>"}
        ]}}]}}}"#;
    let result = import(text, None).unwrap();
    let e = &result.edition;
    assert_eq!(e.event.end_date.to_string(), "2024-05-05", "start plus daysCount");
    let s = &e.sessions[0];
    assert_eq!(
        s.id.as_str(),
        "0b6e1c5a-2f3d-4e6f-8a9b-1c2d3e4f5a6b",
        "the guid when there is no id"
    );
    assert_eq!(s.duration_minutes(), 75);
    assert_eq!(s.kind, SessionKind::Debate);
    assert_eq!(s.place.as_ref().unwrap().as_str(), "grande-salle");
    assert_eq!(
        s.description.as_deref(),
        Some("Texte"),
        "an empty abstract falls back to the description"
    );
    let names: Vec<&str> = e.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Anne Dupré", "Bruno"]);
    assert!(e.validate().errors.is_empty());
}

#[test]
fn searching_as_one_types_finds_what_a_full_search_finds_in_a_big_programme() {
    use agir_model::filter::Filter;
    use agir_model::search::SessionIndex;

    let e = imported("36c3_merged.xml").edition;
    let index = SessionIndex::new(&e);
    for query in ["security", "Keynote", "a b", "éthique", "xyz"] {
        let mut before = Filter::default();
        let mut found = before.apply(&e, || &index, None);
        let mut text = String::new();
        for c in query.chars() {
            text.push(c);
            let now = Filter {
                text: text.clone(),
                ..Filter::default()
            };
            let among = now.narrows(&before).then_some(found.as_slice());
            let typed = now.apply(&e, || &index, among);
            assert_eq!(typed, now.apply(&e, || &index, None), "« {text} »");
            (before, found) = (now, typed);
        }
    }
}
