//! Imports of programmes kept in a calendar (`.ics`): a two-day French conference as an
//! office suite exports it (`fixtures/ics/rencontres-ess-2024.ics`: Outlook's Windows zone
//! name, CRLF and folded lines, escaped text, categories, a recurring break with one moved
//! occurrence, an all-day event, a cancelled session), and the cases a calendar can hold
//! that a programme cannot, each a warning or an error that says where, never a panic.
//!
//! Needs the `import` feature: `cargo test -p agir-model --all-features`.

use agir_model::import::{import, Format, ImportError, Imported};
use agir_model::{Edition, Session, SessionKind, Status};

fn conference() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ics/rencontres-ess-2024.ics"
    );
    std::fs::read_to_string(path).unwrap()
}

fn imported(text: &str) -> Imported {
    let result = import(text, None).unwrap_or_else(|e| panic!("{e}"));
    let report = result.edition.validate();
    assert!(report.errors.is_empty(), "{:#?}", report.errors);
    result
}

fn failed(text: &str) -> ImportError {
    match import(text, None) {
        Ok(i) => panic!("the import should fail, it gave {} sessions", i.edition.sessions.len()),
        Err(e) => e,
    }
}

fn titled<'a>(e: &'a Edition, title: &str) -> Vec<&'a Session> {
    e.sessions.iter().filter(|s| s.title == title).collect()
}

fn one<'a>(e: &'a Edition, title: &str) -> &'a Session {
    let found = titled(e, title);
    assert_eq!(
        found.len(),
        1,
        "{title}: {:?}",
        e.sessions.iter().map(|s| &s.title).collect::<Vec<_>>()
    );
    found[0]
}

fn place<'a>(e: &'a Edition, s: &Session) -> &'a str {
    &e.place(s.place.as_ref().unwrap()).unwrap().name
}

/// The whole calendar: warnings only (asserted in the next test), and each field where a
/// programme keeps it.
#[test]
fn a_french_conference_calendar_imports_with_warnings_only() {
    // Act
    let result = imported(&conference());

    // Assert: the edition.
    let e = &result.edition;
    assert_eq!(result.format, Format::ICalendar);
    assert_eq!(
        e.event.name,
        "Rencontres régionales de l'économie sociale et solidaire 2024"
    );
    assert_eq!(
        e.edition.as_str(),
        "rencontres-regionales-de-l-economie-sociale-et-solidaire-202",
        "60 characters at most"
    );
    assert_eq!(e.event.time_zone, "Europe/Paris", "Outlook's « Romance Standard Time »");
    assert_eq!(
        (e.event.start_date.to_string(), e.event.end_date.to_string()),
        ("2024-10-15".into(), "2024-10-16".into())
    );
    assert!(e
        .event
        .description
        .as_deref()
        .unwrap()
        .starts_with("Deux jours d'ateliers, de tables rondes"));
    assert_eq!(
        e.sessions.len(),
        12,
        "11 events, the break twice, the all-day one left out"
    );

    // The sessions: times in their zone, escaped text, places, themes, kinds, links.
    let talk = one(e, "Conférence inaugurale : l'ESS face aux transitions, quels leviers ?");
    assert_eq!(talk.start.to_rfc3339(), "2024-10-15T09:45:00+02:00");
    assert_eq!(talk.end.to_rfc3339(), "2024-10-15T11:00:00+02:00");
    assert_eq!(place(e, talk), "Auditorium 800");
    assert_eq!(talk.kind, SessionKind::Conference);
    assert_eq!(talk.themes, ["Conférence", "Transition écologique"]);
    let text = talk.description.as_deref().unwrap();
    assert!(
        text.starts_with("Avec Hélène Marchand (économiste, université de Nantes).\n\nL'économie sociale"),
        "{text}"
    );
    assert!(
        text.ends_with("Plus d'informations : https://www.ess-pdl.example.org/rencontres-2024/conference-inaugurale")
    );
    let atelier = one(
        e,
        "Atelier 2 - Coopératives d'activité et d'emploi : entreprendre autrement",
    );
    assert_eq!(
        atelier.themes,
        ["Atelier", "Emploi, insertion"],
        "an escaped comma stays in its category"
    );
    let panel = one(e, "Table ronde : les tiers-lieux, moteurs de la revitalisation rurale");
    assert_eq!(
        (panel.kind, panel.duration_minutes()),
        (SessionKind::RoundTable, 90),
        "DURATION:PT1H30M"
    );
    assert_eq!(one(e, "Déjeuner").kind, SessionKind::Meal);
    assert_eq!(
        one(e, "Visite de la Cité des congrès accessible").status,
        Status::Cancelled
    );
    assert_eq!(one(e, "Ouverture des rencontres").kind, SessionKind::Ceremony);
}

#[test]
fn a_recurring_break_and_an_all_day_event_are_said_once_each() {
    let result = imported(&conference());
    let e = &result.edition;

    // The break every day, its second occurrence moved to 10:30 (RECURRENCE-ID).
    let breaks: Vec<String> = titled(e, "Pause café").iter().map(|s| s.start.to_rfc3339()).collect();
    assert_eq!(breaks, ["2024-10-15T11:00:00+02:00", "2024-10-16T10:30:00+02:00"]);
    let ids: Vec<&str> = titled(e, "Pause café").iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["pause-cafe", "pause-cafe-2"]);

    // What the calendar has and a programme has not, said once each.
    let said: Vec<(&str, &str)> = result
        .warnings
        .iter()
        .map(|w| (w.path.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(said.len(), 3, "{said:#?}");
    assert_eq!(said[0].0, "/VCALENDAR/VEVENT[4]/RRULE");
    assert!(
        said[0]
            .1
            .starts_with("« Pause café » se répète : 2 séance(s) importée(s), du 15/10/2024 au 16/10/2024"),
        "{}",
        said[0].1
    );
    assert_eq!(said[1].0, "/VCALENDAR/VEVENT[11]/DTSTART");
    assert!(said[1].1.contains("dure toute la journée"), "{}", said[1].1);
    assert_eq!(said[2].0, "/event/venue/name");
}

#[test]
fn line_endings_and_folds_do_not_change_the_programme() {
    let crlf = imported(&conference()).edition;
    let lf = imported(&conference().replace("\r\n", "\n")).edition;
    let unfolded = imported(&conference().replace("\r\n ", "")).edition;
    assert_eq!(lf, crlf);
    assert_eq!(unfolded, crlf);
}

/// A calendar of one event, with `lines` in its `VEVENT`.
fn calendar(lines: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:Journée test\nX-WR-TIMEZONE:Europe/Paris\n\
         BEGIN:VEVENT\nUID:1\nSUMMARY:Première\nDTSTART;TZID=Europe/Paris:20241015T100000\nDTEND;TZID=Europe/Paris:20241015T110000\nEND:VEVENT\n\
         BEGIN:VEVENT\nUID:2\n{lines}\nEND:VEVENT\nEND:VCALENDAR\n"
    )
}

#[test]
fn times_in_utc_floating_or_an_unknown_zone() {
    let utc = imported(&calendar("SUMMARY:B\nDTSTART:20241015T120000Z\nDTEND:20241015T130000Z")).edition;
    assert_eq!(utc.sessions[1].start.to_rfc3339(), "2024-10-15T14:00:00+02:00");
    let floating = imported(&calendar("SUMMARY:B\nDTSTART:20241015T140000\nDTEND:20241015T150000")).edition;
    assert_eq!(floating.sessions[1].start.to_rfc3339(), "2024-10-15T14:00:00+02:00");
    let unknown = imported(&calendar(
        "SUMMARY:B\nDTSTART;TZID=Heure de Paris:20241015T140000\nDTEND;TZID=Heure de Paris:20241015T150000",
    ));
    assert_eq!(
        unknown.edition.sessions[1].start.to_rfc3339(),
        "2024-10-15T14:00:00+02:00"
    );
    assert!(
        unknown
            .warnings
            .iter()
            .any(|w| w.message.contains("« Heure de Paris » (TZID) est inconnu")),
        "{:#?}",
        unknown.warnings
    );
}

#[test]
fn recurring_events_expand_or_say_why_not() {
    let weekly = imported(&calendar(
        "SUMMARY:Permanence\nDTSTART;TZID=Europe/Paris:20241015T140000\nDTEND;TZID=Europe/Paris:20241015T150000\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4\nEXDATE;TZID=Europe/Paris:20241017T140000",
    ));
    let starts: Vec<String> = weekly.edition.sessions[1..]
        .iter()
        .map(|s| s.start.format("%d %H:%M").to_string())
        .collect();
    assert_eq!(
        starts,
        ["15 14:00", "22 14:00", "24 14:00"],
        "EXDATE takes the 17th out"
    );
    let monthly = imported(&calendar(
        "SUMMARY:Mensuelle\nDTSTART;TZID=Europe/Paris:20241015T140000\nDURATION:PT1H\nRRULE:FREQ=MONTHLY;BYMONTHDAY=15",
    ));
    assert_eq!(monthly.edition.sessions.len(), 2, "the first only");
    assert!(monthly
        .warnings
        .iter()
        .any(|w| w.path == "/VCALENDAR/VEVENT[2]/RRULE" && w.message.contains("(BYMONTHDAY=15)")));
    let endless = imported(&calendar(
        "SUMMARY:Chaque jour\nDTSTART;TZID=Europe/Paris:20241014T090000\nDURATION:PT15M\nRRULE:FREQ=DAILY",
    ));
    assert_eq!(
        endless.edition.sessions.len(),
        3,
        "the 14th and 15th: up to the programme's last day"
    );
    assert!(endless.warnings.iter().any(|w| w.message.contains("sans fin")));
}

#[test]
fn problems_name_the_event_and_its_line() {
    let no_start = failed(&calendar("SUMMARY:Sans début\nDTEND:20241015T130000Z"));
    assert_eq!(no_start.format, Some(Format::ICalendar));
    assert_eq!(no_start.issues[0].path, "/VCALENDAR/VEVENT[2]/DTSTART");
    assert!(
        no_start.issues[0]
            .message
            .contains("« Sans début » n'a pas de début (DTSTART) (ligne 11)"),
        "{}",
        no_start.issues[0].message
    );
    let backwards = failed(&calendar(
        "SUMMARY:À l'envers\nDTSTART:20241015T130000Z\nDTEND:20241015T120000Z",
    ));
    assert_eq!(backwards.issues[0].path, "/VCALENDAR/VEVENT[2]/DTEND");
    let unreadable = failed(&calendar("SUMMARY:B\nDTSTART:demain\nDURATION:PT1H"));
    assert!(
        unreadable.issues[0].message.contains("« demain » n'est pas une date"),
        "{}",
        unreadable.issues[0].message
    );
    let untitled = imported(&calendar("DTSTART:20241015T120000Z\nDURATION:PT1H"));
    assert_eq!(untitled.edition.sessions[1].title, "Séance sans titre");
    assert!(untitled
        .warnings
        .iter()
        .any(|w| w.path == "/VCALENDAR/VEVENT[2]/SUMMARY"));
    let unnamed = imported(
        &calendar("SUMMARY:B\nDTSTART:20241015T120000Z\nDURATION:PT1H").replace("X-WR-CALNAME:Journée test\n", ""),
    );
    assert_eq!(unnamed.edition.event.name, "Programme importé");
    assert!(failed("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n").issues[0]
        .message
        .contains("date de début"));
}

#[test]
fn every_truncation_of_a_calendar_is_handled() {
    let text = conference();
    for (cut, _) in text.char_indices().step_by(7) {
        // Any outcome but a panic.
        let _ = import(&text[..cut], None);
    }
}
