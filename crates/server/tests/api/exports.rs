//! The programme in open formats (`/api/editions/{slug}/schedule.json`, `schedule.xml`,
//! `programme.ics`): each checked by a reader that is not our writer (the `jsonschema`
//! crate against the upstream C3VOC schema, Debian's `xmllint` against the upstream XSD, the
//! `ical` crate as a subscribed calendar), revalidated with its ETag, and written the same
//! by `agir-server export`.

use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_error, cli, fixture, header_of, run, spawn_app, TestApp, FIRST_SESSION};

/// The body of a GET that must answer 200, and its ETag.
async fn fetched(app: &TestApp, path: &str, content_type: &str) -> (String, String) {
    let response = app.get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(header_of(&response, "content-type"), content_type, "{path}");
    let etag = header_of(&response, "etag");
    (response.text().await.unwrap(), etag)
}

/// Publishes the 36C3 programme as edition `36c3`, read by the import preview.
async fn publish_36c3(app: &TestApp) {
    let preview = app
        .admin(Method::POST, "/api/admin/import?edition=36c3")
        .body(std::fs::read(fixture("36c3_merged.xml")).unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(preview.status(), StatusCode::OK);
    let preview: Value = preview.json().await.unwrap();
    let created = app.create_edition(&preview["edition"]).await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

/// Every error of `document` against the upstream schema, formats included.
fn schema_errors(document: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(fixture("schema.json")).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the C3VOC schema compiles");
    validator
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect()
}

/// Debian's xmllint against the upstream XSD. A missing xmllint fails the test: `cargo
/// xtask test` installs it (libxml2-utils).
fn xsd_errors(xml: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(fixture("schedule.xml.xsd"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!("xmllint manque ({e}) : `apt-get install libxml2-utils`, ce que fait `cargo xtask test`")
        });
    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned())
}

#[tokio::test]
async fn schedule_json_follows_the_c3voc_schema_for_the_2013_day_and_the_36c3() {
    // Arrange: the 36C3 programme beside the 2013 day.
    let app = spawn_app().await;
    publish_36c3(&app).await;
    for slug in ["2013", "36c3"] {
        // Act
        let (body, etag) = fetched(
            &app,
            &format!("/api/editions/{slug}/schedule.json"),
            "application/json; charset=utf-8",
        )
        .await;
        // Assert
        let document: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(schema_errors(&document), Vec::<String>::new(), "{slug}");
        assert_eq!(document["generator"]["name"], "Agir ensemble");
        let again = app
            .revalidate(&format!("/api/editions/{slug}/schedule.json"), &etag)
            .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    let document: Value = app.get("/api/editions/2013/schedule.json").await.json().await.unwrap();
    let extension = &document["schedule"]["x-agir-ensemble"];
    assert_eq!(
        extension["sessions"][FIRST_SESSION]["audience"],
        json!(["Bénévoles retraités"])
    );
    assert!(
        extension["plan"]["stands"].as_array().is_some_and(|s| !s.is_empty()),
        "the plan travels"
    );
}

#[test]
fn the_schema_check_is_not_vacuous() {
    // An event id as text, as in the upstream's own invalid example.
    let invalid: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("invalid-example.json")).unwrap()).unwrap();
    assert!(!schema_errors(&invalid).is_empty());
    assert!(xsd_errors("<schedule><version>1</version></schedule>").is_some());
}

#[tokio::test]
async fn schedule_xml_follows_the_frab_xsd_for_the_2013_day_and_the_36c3() {
    let app = spawn_app().await;
    publish_36c3(&app).await;
    for slug in ["2013", "36c3"] {
        let (body, etag) = fetched(
            &app,
            &format!("/api/editions/{slug}/schedule.xml"),
            "application/xml; charset=utf-8",
        )
        .await;

        assert_eq!(xsd_errors(&body), None, "{slug}");
        assert_eq!(etag, format!("\"sx.{slug}-1\""));
        let again = app
            .revalidate(&format!("/api/editions/{slug}/schedule.xml"), &etag)
            .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    }
    assert_error(
        app.get("/api/editions/1999/schedule.xml").await,
        StatusCode::NOT_FOUND,
        "edition_not_found",
    )
    .await;
}

/// A calendar's reading of `programme.ics`: each event's properties by name.
fn subscribe(text: &str) -> Vec<Vec<(String, String)>> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendar = calendars.next().expect("one calendar").expect("a calendar that parses");
    assert!(calendars.next().is_none());
    assert_eq!(calendar.timezones.len(), 1, "the event's zone");
    calendar
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| {
                    let params: String = p
                        .params
                        .iter()
                        .flatten()
                        .map(|(k, v)| format!(";{k}={}", v.join(",")))
                        .collect();
                    (format!("{}{params}", p.name), p.value.clone().unwrap_or_default())
                })
                .collect()
        })
        .collect()
}

/// The value of the property `name` (with its parameters) in the event with `uid`.
fn property<'a>(events: &'a [Vec<(String, String)>], uid: &str, name: &str) -> &'a str {
    let event = events
        .iter()
        .find(|e| e.iter().any(|(n, v)| n == "UID" && v == uid))
        .unwrap_or_else(|| panic!("no event {uid}"));
    event
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {uid}: {event:?}"))
}

#[tokio::test]
async fn a_subscribed_calendar_sees_a_moved_then_cancelled_session_under_the_same_uid() {
    // Arrange: the calendar subscribes.
    let app = spawn_app().await;
    let path = "/api/editions/2013/programme.ics";
    let (first, first_etag) = fetched(&app, path, "text/calendar; charset=utf-8").await;
    let events = subscribe(&first);
    let uid = format!("2013-{FIRST_SESSION}@127.0.0.1");
    assert_eq!(events.len(), 10);
    assert_eq!(property(&events, &uid, "SEQUENCE"), "0");
    assert_eq!(property(&events, &uid, "DTSTART;TZID=Europe/Paris"), "20131008T100000");
    assert_eq!(property(&events, &uid, "STATUS"), "CONFIRMED");
    let unchanged = app.revalidate(path, &first_etag).await;
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);

    // Act: an organizer moves the session through the admin API, then cancels it.
    let (_, etag) = app.edition().await;
    let moved = app
        .patch_session(FIRST_SESSION, &etag, json!({"start": "2013-10-08T10:30:00+02:00"}))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    let refreshed = app.revalidate(path, &first_etag).await;
    assert_eq!(refreshed.status(), StatusCode::OK, "the calendar gets the new file");
    let after_move = subscribe(&refreshed.text().await.unwrap());
    let cancelled = app
        .patch_session(
            FIRST_SESSION,
            &header_of(&moved, "etag"),
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(cancelled.status(), StatusCode::OK);
    let (last, _) = fetched(&app, path, "text/calendar; charset=utf-8").await;
    let after_cancel = subscribe(&last);

    // Assert: the same event, a higher sequence each time, the new time, then cancelled.
    assert_eq!(property(&after_move, &uid, "SEQUENCE"), "1");
    assert_eq!(
        property(&after_move, &uid, "DTSTART;TZID=Europe/Paris"),
        "20131008T103000"
    );
    assert_eq!(
        property(&after_move, &uid, "DTEND;TZID=Europe/Paris"),
        "20131008T123000"
    );
    assert_eq!(property(&after_cancel, &uid, "SEQUENCE"), "2");
    assert_eq!(property(&after_cancel, &uid, "STATUS"), "CANCELLED");
    let other = "2013-ouverture@127.0.0.1";
    assert_eq!(
        property(&after_cancel, other, "SEQUENCE"),
        "0",
        "untouched sessions keep theirs"
    );
    assert_eq!(
        property(&after_cancel, other, "LAST-MODIFIED"),
        property(&events, other, "LAST-MODIFIED")
    );
}

#[tokio::test]
async fn the_command_line_writes_the_files_the_server_sends() {
    // Arrange: a revision past the first, so the calendar has a history to read.
    let app = spawn_app().await;
    let (_, etag) = app.edition().await;
    let moved = app
        .patch_session(FIRST_SESSION, &etag, json!({"start": "2013-10-08T10:30:00+02:00"}))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    for (format, file) in [
        ("json", "schedule.json"),
        ("xml", "schedule.xml"),
        ("ics", "programme.ics"),
    ] {
        // Act
        let out = run(cli()
            .args([
                "export",
                "--format",
                format,
                "--edition",
                "2013",
                "--public-url",
                &app.base,
                "--db",
            ])
            .arg(app.db()))
        .await;
        // Assert
        assert_eq!(out.code, 0, "{}", out.stderr);
        let served = app
            .get(&format!("/api/editions/2013/{file}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(out.stdout == served, "{format}: the command line and the server differ");
    }
    let without_url = run(cli().args(["export", "--format", "ics", "--db"]).arg(app.db())).await;
    assert_eq!(without_url.code, 2);
    assert!(without_url.stderr.contains("--public-url"), "{}", without_url.stderr);
}

#[tokio::test]
async fn the_infos_page_offers_to_subscribe_and_the_links_answer() {
    // Arrange
    let app = spawn_app().await;
    let host = app.base.trim_start_matches("http://");
    // Act: the page as the server draws it, before the app.
    let page = app.get("/infos").await.text().await.unwrap();
    // Assert: the webcal link and the https one, and each file they name answers.
    let feed = format!("{}/api/editions/2013/programme.ics", app.base);
    assert!(
        page.contains(&format!(
            r#"<a href="webcal://{host}/api/editions/2013/programme.ics" rel="external">S'abonner à l'agenda</a>"#
        )),
        "{page}"
    );
    assert!(page.contains(&format!(r#"<a href="{feed}" rel="external">{feed}</a>"#)));
    for file in ["programme.ics", "schedule.json", "schedule.xml"] {
        assert!(page.contains(&format!("/api/editions/2013/{file}\"")), "{file}");
        let response = app.get(&format!("/api/editions/2013/{file}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{file}");
    }
}
