//! iCalendar (RFC 5545) as written: content lines unfolded (a line that starts with a space
//! or a tab goes on the one before; CRLF or LF), split into name, parameters and value, and
//! gathered into their components (`VCALENDAR`, `VEVENT`, `VTIMEZONE`…). Values stay raw
//! here; [`unescape`] and [`split_list`] read TEXT values where they are meant as text.

/// One property: `DTSTART;TZID=Europe/Paris:20241015T093000`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prop {
    /// Upper case.
    pub name: String,
    /// Parameter names in upper case, values without their quotes.
    pub params: Vec<(String, String)>,
    pub value: String,
}

impl Prop {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A component and what it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Component {
    /// Upper case: `VEVENT`.
    pub name: String,
    /// The line of its `BEGIN`.
    pub line: u32,
    pub props: Vec<Prop>,
    pub children: Vec<Component>,
}

impl Component {
    /// The first property of that name.
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    /// Every property of that name (`CATEGORIES` and `EXDATE` may repeat).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }

    /// The value of the first property of that name, read as text.
    pub fn text(&self, name: &str) -> Option<String> {
        self.prop(name).map(|p| unescape(&p.value))
    }

    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Component> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Content lines with their folds undone, each with the line it starts on.
fn unfold(text: &str) -> Vec<(u32, String)> {
    let mut lines: Vec<(u32, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, previous))) => previous.push_str(rest),
            _ if raw.trim().is_empty() => {}
            _ => lines.push((number, raw.to_owned())),
        }
    }
    lines
}

/// `NAME;PARAM=a;Q="b:c":value`; `None` when there is no colon.
fn content_line(line: &str) -> Option<Prop> {
    let name_end = line.find([';', ':'])?;
    let name = line[..name_end].trim().to_ascii_uppercase();
    let mut params = Vec::new();
    let mut rest = &line[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=')?;
        let pname = after[..eq].trim().to_ascii_uppercase();
        let mut value = String::new();
        let mut tail = &after[eq + 1..];
        // Values separated by commas, each maybe quoted (quotes may hold ; : ,).
        loop {
            if let Some(quoted) = tail.strip_prefix('"') {
                let close = quoted.find('"')?;
                value.push_str(&quoted[..close]);
                tail = &quoted[close + 1..];
            } else {
                let end = tail.find([',', ';', ':']).unwrap_or(tail.len());
                value.push_str(&tail[..end]);
                tail = &tail[end..];
            }
            match tail.strip_prefix(',') {
                Some(next) => {
                    value.push(',');
                    tail = next;
                }
                None => break,
            }
        }
        params.push((pname, value));
        rest = tail;
    }
    let value = rest.strip_prefix(':')?;
    (!name.is_empty()).then(|| Prop {
        name,
        params,
        value: value.to_owned(),
    })
}

/// The components of `text`: those at the top (normally one `VCALENDAR`). A `BEGIN`
/// without its `END` closes at the end of the file; an `END` that closes nothing open is
/// passed over, and one that closes an outer component closes the inner ones too.
pub(crate) fn parse(text: &str) -> Vec<Component> {
    let mut top: Vec<Component> = Vec::new();
    let mut open: Vec<Component> = Vec::new();
    for (number, line) in unfold(text) {
        let Some(prop) = content_line(&line) else {
            continue;
        };
        match prop.name.as_str() {
            "BEGIN" => open.push(Component {
                name: prop.value.trim().to_ascii_uppercase(),
                line: number,
                ..Component::default()
            }),
            "END" => {
                let name = prop.value.trim().to_ascii_uppercase();
                if open.iter().any(|c| c.name == name) {
                    while let Some(done) = open.pop() {
                        let last = done.name == name;
                        close(done, &mut open, &mut top);
                        if last {
                            break;
                        }
                    }
                }
            }
            _ => {
                if let Some(current) = open.last_mut() {
                    current.props.push(prop);
                }
            }
        }
    }
    while let Some(done) = open.pop() {
        close(done, &mut open, &mut top);
    }
    top
}

fn close(done: Component, open: &mut [Component], top: &mut Vec<Component>) {
    match open.last_mut() {
        Some(parent) => parent.children.push(done),
        None => top.push(done),
    }
}

/// A TEXT value (§3.3.11): `\n` and `\N` are line breaks, `\,` `\;` `\\` the characters.
pub(crate) fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A list value (`CATEGORIES:Emploi\, insertion,Logement`): split at the commas that are
/// not escaped, each item read as text.
pub(crate) fn split_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut escaped = false;
    for c in value.chars() {
        match c {
            ',' if !escaped => items.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    items.push(current);
    items
        .iter()
        .map(|i| unescape(i).trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect()
}

/// Undoes folds at the byte level: some writers fold every 75 octets, even inside a
/// multi-byte character, which leaves each line alone invalid UTF-8 but not the whole.
pub(crate) fn unfold_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let fold = match &bytes[i..] {
            [b'\r', b'\n', b' ' | b'\t', ..] => 3,
            [b'\n', b' ' | b'\t', ..] => 2,
            _ => 0,
        };
        if fold > 0 {
            i += fold;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_lines_with_crlf_or_lf_come_back_whole() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Table ronde : l'engage\r\n ment des jeunes\r\nDESCRIPTION:a\n\tb\nEND:VEVENT\nEND:VCALENDAR\n";
        let top = parse(text);
        assert_eq!(top.len(), 1);
        let event = &top[0].children[0];
        assert_eq!((event.name.as_str(), event.line), ("VEVENT", 2));
        assert_eq!(
            event.text("SUMMARY").as_deref(),
            Some("Table ronde : l'engagement des jeunes")
        );
        assert_eq!(event.text("DESCRIPTION").as_deref(), Some("ab"));
    }

    #[test]
    fn parameters_quoted_or_not_and_lower_case_names() {
        let p = content_line("dtstart;tzid=\"Romance Standard Time\";value=DATE-TIME:20241015T093000").unwrap();
        assert_eq!(p.name, "DTSTART");
        assert_eq!(p.param("TZID"), Some("Romance Standard Time"));
        assert_eq!(p.param("VALUE"), Some("DATE-TIME"));
        assert_eq!(p.value, "20241015T093000");
        let q = content_line("ATTENDEE;DELEGATED-TO=\"mailto:a@b.fr\",\"mailto:c@d.fr\":mailto:e@f.fr").unwrap();
        assert_eq!(q.param("DELEGATED-TO"), Some("mailto:a@b.fr,mailto:c@d.fr"));
        assert_eq!(q.value, "mailto:e@f.fr");
        assert_eq!(content_line("pas une ligne"), None);
    }

    #[test]
    fn text_values_and_lists_are_unescaped() {
        assert_eq!(unescape("a\\, b\\; c\\\\d\\ne\\Nf"), "a, b; c\\d\ne\nf");
        assert_eq!(
            split_list("Emploi\\, insertion,Logement, ,Santé"),
            ["Emploi, insertion", "Logement", "Santé"]
        );
        assert_eq!(split_list("a\\\\,b"), ["a\\", "b"]);
    }

    #[test]
    fn unbalanced_components_close_where_they_can() {
        let top = parse(
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:A\nEND:VTODO\nBEGIN:VALARM\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:B",
        );
        let events: Vec<_> = top[0].children("VEVENT").collect();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].children[0].name, "VALARM");
        assert_eq!(events[1].text("SUMMARY").as_deref(), Some("B"));
    }

    #[test]
    fn folds_inside_a_character_are_undone_on_bytes() {
        let bytes = "SUMMARY:Caf\u{e9}".as_bytes();
        let mut folded = bytes[..12].to_vec();
        folded.extend_from_slice(b"\r\n ");
        folded.extend_from_slice(&bytes[12..]);
        assert!(std::str::from_utf8(&folded).is_err());
        assert_eq!(unfold_bytes(&folded), bytes);
    }
}
