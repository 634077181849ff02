//! Reading frab / C3VOC `schedule.xml` (frab, pretalx, Wafer): `schedule/day/room/event`.
//! Locations are XPath-like, `/schedule/day[2]/room[Saal 1]/event[5]/date`, with the line.

use std::borrow::Cow;

use roxmltree::{Document, Node, ParsingOptions};

use super::programme::{build, Day, Notes, Programme, RawEvent, RawPerson, Text};
use super::{Format, ImportError, Imported};
use crate::ids::EditionSlug;
use crate::interop::is_ours;
use crate::validate::Issue;

/// Far more nodes than any real programme (36C3: about 60,000) and a bound on memory.
const NODES_LIMIT: u32 = 5_000_000;

pub(super) fn import(body: &str, skipped_lines: u32, slug: Option<&EditionSlug>) -> Result<Imported, ImportError> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(body, options).map_err(|e| ImportError {
        format: Some(Format::FrabXml),
        issues: vec![syntax_error(&e, body, skipped_lines)],
    })?;
    let mut notes = Notes::default();
    let mut lines = Lines {
        text: body,
        pos: 0,
        line: 1 + skipped_lines,
    };
    let programme = read(&doc, &mut lines, &mut notes);
    build(programme, Format::FrabXml, slug, notes)
}

fn read<'a>(doc: &'a Document<'_>, lines: &mut Lines<'_>, notes: &mut Notes) -> Programme<'a> {
    let schedule = doc.root_element();
    let mut p = Programme {
        ours: is_ours(child(schedule, "generator").and_then(|g| g.attribute("name"))),
        ..Programme::default()
    };
    match child(schedule, "conference") {
        Some(conference) => {
            for field in elements(conference) {
                let value = || text(field);
                match field.tag_name().name() {
                    "title" => p.title = value(),
                    "acronym" => p.acronym = value(),
                    "description" => p.description = value(),
                    "start" => p.start = value(),
                    "end" => p.end = value(),
                    "days" => p.days_count = value(),
                    "time_zone_name" => p.time_zone = value(),
                    "base_url" => p.base_url = value(),
                    "rooms" => p
                        .rooms
                        .extend(elements(field).filter_map(|r| r.attribute("name").map(Cow::Borrowed))),
                    _ => {}
                }
            }
        }
        None => notes.error("/schedule/conference", "L'élément <conference> manque."),
    }
    for (i, day) in elements(schedule).filter(|n| n.has_tag_name("day")).enumerate() {
        p.days.push(Day {
            date: day.attribute("date").map(Cow::Borrowed),
            start: day.attribute("start").map(Cow::Borrowed),
        });
        for room in elements(day).filter(|n| n.has_tag_name("room")) {
            let name = room.attribute("name").filter(|n| !n.trim().is_empty());
            if let Some(name) = name {
                p.rooms.push(Cow::Borrowed(name));
            }
            for (j, event) in elements(room).filter(|n| n.has_tag_name("event")).enumerate() {
                let loc = format!("/schedule/day[{}]/room[{}]/event[{}]", i + 1, name.unwrap_or(""), j + 1);
                let line = lines.at(event.range().start);
                p.events.push(read_event(event, loc, line, i, name));
            }
        }
    }
    p
}

fn read_event<'a>(node: Node<'a, '_>, loc: String, line: u32, day: usize, room: Option<&'a str>) -> RawEvent<'a> {
    let mut e = RawEvent {
        loc,
        line: Some(line),
        day: Some(day),
        room: room.map(Cow::Borrowed),
        id: node.attribute("id").map(Cow::Borrowed),
        guid: node.attribute("guid").map(Cow::Borrowed),
        ..RawEvent::default()
    };
    for field in elements(node) {
        let value = text(field);
        match field.tag_name().name() {
            "date" => e.date = value,
            "start" => e.start = value,
            "end" => e.end = value,
            "duration" => e.duration = value,
            // The container's name wins: merged schedules prefix it ("1Komona headnut").
            "room" if e.room.is_none() => e.room = value,
            "slug" => e.slug = value,
            "url" => e.url = value,
            "title" => e.title = value,
            "subtitle" => e.subtitle = value,
            "track" => e.track = value,
            "type" => e.kind = value,
            "language" => e.language = value,
            "abstract" => e.abstract_ = value,
            "description" => e.description = value,
            "persons" => {
                e.persons = elements(field)
                    .filter(|n| n.has_tag_name("person"))
                    .map(|person| RawPerson {
                        id: person.attribute("id").map(Cow::Borrowed),
                        guid: person.attribute("guid").map(Cow::Borrowed),
                        name: text(person),
                    })
                    .collect();
            }
            _ => {}
        }
    }
    e
}

fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(Node::is_element)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    elements(node).find(|n| n.has_tag_name(name))
}

/// An element's text: `Some("")` for `<abstract/>` (present but empty), borrowed from the
/// file when it is one text node, joined when CDATA, comments or markup split it.
fn text<'a>(node: Node<'a, '_>) -> Option<Text<'a>> {
    let mut children = node.children();
    match (children.next(), children.next()) {
        (None, _) => Some(Cow::Borrowed("")),
        (Some(only), None) if only.is_text() => only.text().map(Cow::Borrowed),
        _ => Some(Cow::Owned(
            node.descendants()
                .filter(Node::is_text)
                .filter_map(|n| n.text())
                .collect(),
        )),
    }
}

/// Line numbers of byte offsets, counted forward once for offsets in document order.
struct Lines<'t> {
    text: &'t str,
    pos: usize,
    line: u32,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> u32 {
        let pos = pos.min(self.text.len());
        if pos < self.pos {
            let first = self.line - count_lines(&self.text.as_bytes()[..self.pos]);
            self.pos = 0;
            self.line = first;
        }
        self.line += count_lines(&self.text.as_bytes()[self.pos..pos]);
        self.pos = pos;
        self.line
    }
}

fn count_lines(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.iter().filter(|&&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

/// roxmltree speaks English; say what is wrong and where in French.
fn syntax_error(e: &roxmltree::Error, body: &str, skipped_lines: u32) -> Issue {
    use roxmltree::Error as E;
    let pos = e.pos();
    let at = |row: u32, col: u32| format!("ligne {}, colonne {col}", row.saturating_add(skipped_lines));
    let end_of_file = || {
        let lines = count_lines(body.as_bytes()) + 1;
        let col = body.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        at(lines, u32::try_from(col).unwrap_or(u32::MAX))
    };
    let message = match e {
        E::UnclosedRootNode | E::UnexpectedEndOfStream => {
            format!(
                "Le fichier XML est incomplet : il s'arrête ({}) avant la fin de <schedule>.",
                end_of_file()
            )
        }
        E::NoRootNode => "Le fichier XML ne contient aucun élément.".to_owned(),
        E::DtdDetected => "Les déclarations DTD (<!DOCTYPE … [ … ]>) ne sont pas acceptées.".to_owned(),
        E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => {
            "Le fichier XML a bien trop d'éléments pour un programme.".to_owned()
        }
        E::UnexpectedCloseTag(expected, actual, _) => format!(
            "La balise </{actual}> ferme <{expected}> ({}) : le XML est mal formé.",
            at(pos.row, pos.col)
        ),
        E::UnknownEntityReference(name, _) => {
            format!("L'entité « &{name}; » est inconnue ({}).", at(pos.row, pos.col))
        }
        other => match what_is_wrong(other) {
            Some(what) => format!("Le XML est mal formé {} : {what}.", at(pos.row, pos.col)),
            // The rare rest: roxmltree's English, quoted after our French.
            None => {
                let raw = other.to_string();
                let detail = raw.split(" at ").next().unwrap_or(&raw).to_owned();
                format!("Le XML est mal formé {} ({detail}).", at(pos.row, pos.col))
            }
        },
    };
    Issue::new("/", message)
}

/// The syntax errors a damaged or hand-edited file has, in French.
fn what_is_wrong(e: &roxmltree::Error) -> Option<String> {
    use roxmltree::Error as E;
    Some(match e {
        E::InvalidName(_) => "un nom de balise ou d'attribut est invalide".to_owned(),
        E::NonXmlChar(c, _) => format!("le caractère U+{:04X} est interdit en XML", u32::from(*c)),
        E::InvalidChar(..) | E::InvalidChar2(..) | E::InvalidString(..) | E::UnknownToken(_) => {
            "un caractère est à une place où le XML n'en attend pas".to_owned()
        }
        E::InvalidAttributeValue(_) => "la valeur d'un attribut contient un « < » non échappé".to_owned(),
        E::DuplicatedAttribute(name, _) => format!("l'attribut « {name} » est donné deux fois"),
        E::MalformedEntityReference(_) => "une entité (« &…; ») est mal écrite".to_owned(),
        E::InvalidComment(_) => "un commentaire contient « -- »".to_owned(),
        E::InvalidCharacterData(_) => "« ]]> » apparaît hors d'une section CDATA".to_owned(),
        E::UnknownNamespace(name, _) => format!("le préfixe « {name} » n'est pas déclaré"),
        E::UnexpectedDeclaration(_) => "une déclaration « <?xml … ?> » n'est pas en tête du fichier".to_owned(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the property tests (`tests/props_interop/importers.rs`): a damaged
    /// schedule.xml got roxmltree's English ("invalid name token") after our French.
    #[test]
    fn syntax_errors_are_said_in_french() {
        let said = |xml: &str| {
            let e = Document::parse(xml).unwrap_err();
            syntax_error(&e, xml, 0).message
        };
        assert_eq!(
            said("<schedule>\n<1day/></schedule>"),
            "Le XML est mal formé ligne 2, colonne 2 : un nom de balise ou d'attribut est invalide."
        );
        assert_eq!(
            said("<schedule a='1' a='2'/>"),
            "Le XML est mal formé ligne 1, colonne 17 : l'attribut « a » est donné deux fois."
        );
        assert!(said("<schedule>\u{1}</schedule>").contains("U+0001 est interdit"));
    }

    #[test]
    fn lines_count_forward_and_back() {
        let text = "a\nb\nc\nd";
        let mut lines = Lines { text, pos: 0, line: 1 };
        assert_eq!(lines.at(0), 1);
        assert_eq!(lines.at(4), 3);
        assert_eq!(lines.at(6), 4);
        assert_eq!(lines.at(2), 2);
        assert_eq!(lines.at(99), 4);
    }

    #[test]
    fn text_of_empty_split_and_plain_elements() {
        let doc = Document::parse("<e><a/><b>x</b><c>x<!-- y -->z<![CDATA[<w>]]></c><d><i>i</i>j</d></e>").unwrap();
        let got: Vec<String> = elements(doc.root_element())
            .map(|n| text(n).unwrap().into_owned())
            .collect();
        assert_eq!(got, ["", "x", "xz<w>", "ij"]);
    }

    #[test]
    fn truncated_xml_says_where_it_stops() {
        let err = import("<schedule>\n  <conference>\n    <title>T", 0, None).unwrap_err();
        assert_eq!(err.issues.len(), 1);
        assert!(err.issues[0].message.contains("incomplet"), "{}", err.issues[0].message);
        assert!(err.issues[0].message.contains("ligne 3"), "{}", err.issues[0].message);
    }
}
