//! Hostile text in the files and pages the server writes: the shared corpus
//! (`tests/hostile/corpus.json`) typed by attendees and pasted by an organizer, read back
//! as a spreadsheet, a calendar, a QR label and a browser would read it. Spreadsheet cells
//! stay text, the calendar keeps one event per session, labels stay well-formed SVG, and
//! the page's tags hold the title as text. The browser side is `hostile.spec.ts`.

use std::sync::OnceLock;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::engagement_helpers::{request, RESTO};
use crate::helpers::{cli, key, read_csv, run, spawn_app};

/// Every string of the corpus, its long ones (10 KB) built as its comment says.
fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/hostile/corpus.json"));
        let json: Value = serde_json::from_str(text).expect("corpus.json is JSON");
        let strings = json["strings"].as_array().expect("a list of strings").iter();
        let mut all: Vec<String> = strings.map(|s| s.as_str().unwrap().to_owned()).collect();
        for long in json["long"].as_array().expect("a list of long strings") {
            let unit = long["unit"].as_str().unwrap();
            all.push(unit.repeat((long["bytes"].as_u64().unwrap() as usize).div_ceil(unit.len())));
        }
        all
    })
}

/// What a spreadsheet cell must hold for `typed`: the text without its surrounding spaces
/// (the server trims what people type), an apostrophe first where a spreadsheet would
/// otherwise read a formula.
fn as_cell(typed: &str) -> String {
    let typed = typed.trim();
    if typed.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{typed}")
    } else {
        typed.to_owned()
    }
}

/// A cell a spreadsheet would run.
fn is_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@'])
}

/// A character XML 1.0 cannot hold, which a label leaves out.
fn xml_forbids(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
}

fn column(sheet: &crate::helpers::Sheet, name: &str) -> Vec<String> {
    let at = sheet
        .headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{name} in {:?}", sheet.headers));
    sheet.rows.iter().map(|r| r[at].clone()).collect()
}

#[tokio::test]
async fn opinions_typed_by_attendees_stay_text_in_the_spreadsheet() {
    // Arrange
    let app = spawn_app().await;
    let mut stored = Vec::new();
    // Act
    for text in corpus() {
        let response = app
            .feedback(&json!({"target": "day", "rating": 4, "comment": text, "key": key()}))
            .await;
        match response.status() {
            StatusCode::CREATED if !too_long_or_control(text, 2000) => stored.push(as_cell(text)),
            StatusCode::UNPROCESSABLE_ENTITY if too_long_or_control(text, 2000) => {
                let body: Value = response.json().await.unwrap();
                assert_eq!(body["details"][0]["path"], "/comment", "{body}");
            }
            other => panic!("{other} for {text:?}"),
        }
    }
    // Assert
    let sheet = app.admin_csv("/api/admin/feedback?edition=2013").await;
    let mut cells = column(&sheet, "Commentaire");
    cells.sort();
    stored.sort();
    assert_eq!(cells, stored);
    assert!(sheet.rows.iter().flatten().all(|c| !is_formula(c)));
}

/// What the forms refuse, naming the field: past `max` characters, or a control character
/// other than a tab or a line break.
fn too_long_or_control(text: &str, max: usize) -> bool {
    text.chars().count() > max || text.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

#[tokio::test]
async fn questions_and_requests_stay_text_in_their_spreadsheets() {
    // Arrange
    let app = spawn_app().await;
    let short: Vec<&String> = corpus()
        .iter()
        .filter(|t| t.chars().count() <= 280 && !t.trim().is_empty())
        .collect();
    let mut asked = Vec::new();
    let mut requested = Vec::new();
    // Act
    for (i, text) in short.iter().enumerate() {
        let device = format!("appareil-hostile-{i}");
        if app
            .ask_with("debat-public-engagement", &device, text, &key())
            .await
            .status()
            == StatusCode::CREATED
        {
            asked.push(text.to_string());
        }
        let mut body = request(RESTO, &key(), text);
        body["prenom"] = json!("Zoé");
        if app.send_request(&body).await.status() == StatusCode::CREATED {
            requested.push(as_cell(text));
        }
    }
    // Assert
    let questions = app.admin_csv("/api/admin/questions.csv?edition=2013").await;
    assert!(questions.rows.iter().flatten().all(|c| !is_formula(c)));
    assert!(
        asked.len() * 2 >= short.len(),
        "{} of {} asked",
        asked.len(),
        short.len()
    );
    let link = app.association(RESTO).await;
    let requests = read_csv(&app.get(&format!("{link}/demandes.csv")).await.text().await.unwrap());
    assert!(requests.rows.iter().flatten().all(|c| !is_formula(c)));
    let mut messages = column(&requests, "Message");
    messages.sort();
    requested.sort();
    assert_eq!(messages, requested);
}

/// The demo edition with every session title, speaker name and stand name from the corpus.
fn hostile_edition(mut doc: Value) -> Value {
    // A name must say something: the ones made of control characters alone are refused.
    let mut next = corpus()
        .iter()
        .filter(|t| t.chars().any(|c| !c.is_control() && !c.is_whitespace()))
        .cycle();
    for session in doc["sessions"].as_array_mut().unwrap() {
        session["title"] = json!(next.next().unwrap());
        session["description"] = json!(next.next().unwrap());
    }
    for speaker in doc["speakers"].as_array_mut().unwrap() {
        speaker["name"] = json!(next.next().unwrap());
    }
    for stand in doc["stands"].as_array_mut().unwrap() {
        stand["name"] = json!(next.next().unwrap());
    }
    doc
}

#[tokio::test]
async fn a_hostile_programme_keeps_its_calendar_its_labels_and_its_page_tags() {
    // Arrange
    let app = spawn_app().await;
    let (doc, etag) = app.edition().await;
    let published = app.put_edition(&etag, &hostile_edition(doc)).await;
    assert_eq!(
        published.status(),
        StatusCode::OK,
        "{}",
        published.text().await.unwrap()
    );
    let (doc, _) = app.edition().await;
    // Act
    let ics = app.get("/api/editions/2013/programme.ics").await.text().await.unwrap();
    let labels = tempfile::tempdir().unwrap();
    let qr = run(cli()
        .args(["qr", "--public-url", "https://agir.example.fr", "--out"])
        .arg(labels.path())
        .arg("--db")
        .arg(app.db()))
    .await;
    // Assert: one event per session, nothing injected, lines folded.
    let sessions = doc["sessions"].as_array().unwrap();
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .unwrap()
        .expect("the calendar parses");
    assert_eq!(calendar.events.len(), sessions.len());
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{}", line.len());
        assert!(!line.starts_with("Set-Cookie") && line != "SUMMARY:injecté", "{line:?}");
    }
    // Each label is well-formed SVG and names its stand.
    assert_eq!(qr.code, 0, "{}", qr.stderr);
    for stand in doc["stands"].as_array().unwrap() {
        let svg =
            std::fs::read_to_string(labels.path().join(format!("{}.svg", stand["id"].as_str().unwrap()))).unwrap();
        let label = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{}: {e}", stand["id"]));
        let shown: String = label
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        let name = stand["name"].as_str().unwrap();
        let readable = |text: &str| -> String {
            text.chars()
                .filter(|c| !xml_forbids(*c) && !c.is_whitespace())
                .collect()
        };
        let expected: String = readable(name).chars().take(20).collect();
        assert!(readable(&shown).contains(&expected), "{}", stand["id"]);
    }
    // Each session's page: the title escaped in the heading, the preview tags and JSON-LD.
    for session in sessions {
        let html = app
            .get(&format!("/programme/{}", session["id"].as_str().unwrap()))
            .await
            .text()
            .await
            .unwrap();
        let title = session["title"].as_str().unwrap();
        if title.contains('<') {
            assert!(!html.contains(title), "{} : the title written raw", session["id"]);
        }
        for ld in html.split(r#"<script type="application/ld+json">"#).skip(1) {
            let body = &ld[..ld.find("</script>").expect("the script ends")];
            assert!(!body.contains('<'), "{} : `<` in the JSON-LD", session["id"]);
            serde_json::from_str::<Value>(body).unwrap_or_else(|e| panic!("{} : {e}", session["id"]));
        }
    }
}
