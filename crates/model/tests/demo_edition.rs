//! The demo edition shipped in `data/` must always be publishable as is.

use agir_model::Edition;

#[test]
fn the_2013_edition_is_valid_without_warnings() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/2013.json")).unwrap();
    let edition = Edition::from_json(&text).expect("data/2013.json se lit");
    let report = edition.validate();
    assert!(report.errors.is_empty(), "erreurs : {:#?}", report.errors);
    assert!(report.warnings.is_empty(), "avertissements : {:#?}", report.warnings);
    assert_eq!(edition.sessions.len(), 10);
    assert_eq!(edition.stands.len(), 12);
}

#[test]
fn the_2013_programme_follows_the_seed() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/2013.json")).unwrap();
    let edition = Edition::from_json(&text).unwrap();
    let mut sessions: Vec<_> = edition.sessions.iter().collect();
    agir_model::time::sort_sessions(&mut sessions);
    let starts: Vec<String> = sessions.iter().map(|s| agir_model::time::format_hm(&s.start)).collect();
    assert_eq!(
        starts,
        ["10:00", "12:00", "13:00", "14:00", "14:15", "15:30", "16:30", "18:00", "19:15", "19:30"]
    );
    let paugam = edition.session_by_str("conference-repenser-la-solidarite").unwrap();
    assert!(paugam.title.contains("Repenser la solidarité"));
    assert_eq!(paugam.speakers[0].speaker.as_str(), "serge-paugam");
}
