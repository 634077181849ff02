//! Writing frab `schedule.xml` (the C3VOC XSD): the conference, then each day's rooms and
//! their events. The XSD allows no element of ours, so what the format lacks (places' and
//! speakers' ids, kinds beyond its `type`, audiences, stands, the plan, assumptions) is
//! left out; a cancelled session keeps its place with the subtitle [`CANCELLED`].

use std::fmt::Write;

use super::c3voc_json::http_url;
use super::{abstract_of, acronym, days, duration, guid, kind_type, numbers, persons};
use crate::edition::{Edition, Session};
use crate::interop::{CANCELLED, GENERATOR};

/// The edition as a frab `schedule.xml`; `public_url` as for
/// [`schedule_json`](super::schedule_json).
pub fn schedule_xml(edition: &Edition, public_url: &str) -> String {
    let numbers = numbers(&edition.sessions);
    let uuid = |what: &str, id: &str| guid(public_url, &edition.edition, what, id);
    let http = http_url(public_url);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n");
    let _ = writeln!(
        out,
        "  <generator name=\"{}\" version=\"{}\"/>",
        Esc(GENERATOR),
        env!("CARGO_PKG_VERSION")
    );
    if let Some(url) = http {
        let path = crate::paths::edition_file(&edition.edition, "schedule.xml");
        let _ = writeln!(out, "  <url>{}</url>", Esc(&format!("{url}{path}")));
    }
    let _ = writeln!(out, "  <version>révision {}</version>", edition.revision);
    let days = days(edition);
    let event = &edition.event;
    out.push_str("  <conference>\n");
    element(&mut out, 4, "acronym", &acronym(&edition.edition));
    element(&mut out, 4, "title", &event.name);
    element(&mut out, 4, "start", &event.start_date.to_string());
    element(&mut out, 4, "end", &event.end_date.to_string());
    element(&mut out, 4, "days", &days.len().to_string());
    element(&mut out, 4, "timeslot_duration", "00:15");
    if let Some(url) = http {
        element(&mut out, 4, "base_url", &format!("{url}/"));
        element(&mut out, 4, "url", url);
    }
    element(&mut out, 4, "time_zone_name", &event.time_zone);
    for theme in edition.themes() {
        let _ = writeln!(out, "    <track name=\"{}\"/>", Attr(theme));
    }
    out.push_str("  </conference>\n");
    for (i, day) in days.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <day index=\"{}\" date=\"{}\" start=\"{}\" end=\"{}\">",
            i + 1,
            day.date,
            day.start.to_rfc3339(),
            day.end.to_rfc3339()
        );
        for (room, sessions) in &day.rooms {
            let room_guid = edition
                .places
                .iter()
                .find(|p| p.name == *room)
                .map(|p| format!(" guid=\"{}\"", uuid("place", p.id.as_str())))
                .unwrap_or_default();
            let _ = writeln!(out, "    <room name=\"{}\"{room_guid}>", Attr(room));
            for &(n, s) in sessions {
                let _ = writeln!(
                    out,
                    "      <event id=\"{}\" guid=\"{}\">",
                    numbers[n],
                    uuid("session", s.id.as_str())
                );
                event_fields(&mut out, edition, s, room, http, &uuid);
                out.push_str("      </event>\n");
            }
            out.push_str("    </room>\n");
        }
        out.push_str("  </day>\n");
    }
    out.push_str("</schedule>\n");
    out
}

fn event_fields(
    out: &mut String,
    edition: &Edition,
    s: &Session,
    room: &str,
    http: Option<&str>,
    uuid: &dyn Fn(&str, &str) -> String,
) {
    const AT: usize = 8;
    element(out, AT, "room", room);
    element(out, AT, "title", &s.title);
    if s.is_cancelled() {
        element(out, AT, "subtitle", CANCELLED);
    }
    element(out, AT, "type", kind_type(s.kind));
    element(out, AT, "date", &s.start.to_rfc3339());
    element(out, AT, "start", &s.start.format("%H:%M").to_string());
    element(out, AT, "duration", &duration(s));
    element(out, AT, "abstract", abstract_of(s));
    element(out, AT, "track", s.themes.first().map_or("", String::as_str));
    element(out, AT, "language", "fr");
    let speakers = persons(edition, s);
    if !speakers.is_empty() {
        let _ = writeln!(out, "{:AT$}<persons>", "");
        for p in speakers {
            let number = edition.speakers.iter().position(|x| x.id == p.id).unwrap_or(0) + 1;
            let _ = writeln!(
                out,
                "{:AT$}  <person id=\"{number}\" guid=\"{}\">{}</person>",
                "",
                uuid("speaker", p.id.as_str()),
                Esc(&p.name)
            );
        }
        let _ = writeln!(out, "{:AT$}</persons>", "");
    }
    if let Some(url) = http {
        element(out, AT, "url", &crate::ics::session_url(url, s));
    }
}

/// `<name>text</name>` on its own line, indented.
fn element(out: &mut String, indent: usize, name: &str, text: &str) {
    let _ = writeln!(out, "{:indent$}<{name}>{}</{name}>", "", Esc(text));
}

/// Text escaped for XML content; characters XML 1.0 forbids (C0 control characters other
/// than tab and line breaks, U+FFFE, U+FFFF) are left out. A carriage return is written
/// `&#13;`: a parser turns a raw one into a line feed.
pub struct Esc<'a>(pub &'a str);

/// Text escaped for an attribute's value: as [`Esc`], and tabs and line feeds as character
/// references, which a parser would otherwise read as spaces ("attribute-value
/// normalization"), so a room named on two lines keeps its name.
pub struct Attr<'a>(pub &'a str);

fn escape(f: &mut std::fmt::Formatter<'_>, text: &str, attribute: bool) -> std::fmt::Result {
    for c in text.chars() {
        match c {
            '&' => f.write_str("&amp;")?,
            '<' => f.write_str("&lt;")?,
            '>' => f.write_str("&gt;")?,
            '"' => f.write_str("&quot;")?,
            '\r' => f.write_str("&#13;")?,
            '\t' if attribute => f.write_str("&#9;")?,
            '\n' if attribute => f.write_str("&#10;")?,
            '\t' | '\n' => f.write_char(c)?,
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => f.write_char(c)?,
        }
    }
    Ok(())
}

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape(f, self.0, false)
    }
}

impl std::fmt::Display for Attr<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        escape(f, self.0, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            Esc("a & b <c> \"d\"\u{7}\te").to_string(),
            "a &amp; b &lt;c&gt; &quot;d&quot;\te"
        );
    }

    /// Found by the property tests (`tests/props_interop/exports.rs`): a line break in a
    /// room's name came back a space, and a carriage return in a title a line feed.
    #[test]
    fn line_breaks_survive_attributes_and_carriage_returns_content() {
        assert_eq!(Attr("a\tb\nc\rd").to_string(), "a&#9;b&#10;c&#13;d");
        assert_eq!(Esc("a\tb\nc\rd").to_string(), "a\tb\nc&#13;d");
        let xml = format!("<room name=\"{}\">{}</room>", Attr("Salle\n1"), Esc("x\r\ny"));
        let doc = roxmltree::Document::parse(&xml).unwrap();
        assert_eq!(doc.root_element().attribute("name"), Some("Salle\n1"));
        assert_eq!(doc.root_element().text(), Some("x\r\ny"));
    }
}
