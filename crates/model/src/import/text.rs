//! Reading the loosely typed values of schedule feeds: durations, timestamps, dates, session
//! types and the HTML that some exporters leave in descriptions.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use crate::edition::SessionKind;
use crate::search::fold;

/// The longest duration we accept: anything longer is a typo, not a session.
const MAX_DURATION_MINUTES: i64 = 366 * 24 * 60;

/// Reads a session duration as feeds write it.
///
/// - `HH:MM` (frab, pretalx, Wafer; hours may exceed 24: `25:00`);
/// - `D:HH:MM` (multi-day events, as the Fahrplan apps read three parts) when the first part
///   has one digit and the hours are below 24, `HH:MM:SS` otherwise (`01:30:00`, `0:45:00`);
/// - `MM` alone (minutes);
/// - ISO 8601 `PT1H30M` / `P1DT2H`.
///
/// Returns `None` for anything else, negative values or more than a year.
pub fn parse_duration(text: &str) -> Option<TimeDelta> {
    let text = text.trim();
    let minutes = if let Some(iso) = text.strip_prefix('P').or_else(|| text.strip_prefix('p')) {
        iso_minutes(iso)?
    } else {
        clock_minutes(text)?
    };
    (minutes <= MAX_DURATION_MINUTES).then(|| TimeDelta::minutes(minutes))
}

fn number(part: &str) -> Option<i64> {
    if part.is_empty() || part.len() > 6 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

fn clock_minutes(text: &str) -> Option<i64> {
    let parts: Vec<&str> = text.split(':').collect();
    let n: Vec<i64> = parts.iter().map(|p| number(p)).collect::<Option<_>>()?;
    match (parts.as_slice(), n.as_slice()) {
        ([_], [m]) => Some(*m),
        ([_, mm], [h, m]) if mm.len() == 2 && *m < 60 => Some(h * 60 + m),
        ([d, _, mm], [days, h, m]) if d.len() == 1 && mm.len() == 2 && *h < 24 && *m < 60 => {
            Some(days * 24 * 60 + h * 60 + m)
        }
        // HH:MM:SS: seconds round to the nearest minute.
        ([_, mm, _], [h, m, s]) if mm.len() == 2 && *m < 60 && *s < 60 => Some(h * 60 + m + (s + 30) / 60),
        _ => None,
    }
}

/// `nDTnHnMnS` after the `P`.
fn iso_minutes(text: &str) -> Option<i64> {
    let mut minutes = 0i64;
    let mut in_time = false;
    let mut digits = String::new();
    let mut any = false;
    for c in text.chars() {
        match c.to_ascii_uppercase() {
            'T' if !in_time && digits.is_empty() => in_time = true,
            d if d.is_ascii_digit() => digits.push(d),
            unit => {
                let n = number(&digits)?;
                digits.clear();
                any = true;
                minutes += match (unit, in_time) {
                    ('W', false) => n * 7 * 24 * 60,
                    ('D', false) => n * 24 * 60,
                    ('H', true) => n * 60,
                    ('M', true) => n,
                    ('S', true) => (n + 30) / 60,
                    _ => return None,
                };
            }
        }
    }
    (any && digits.is_empty()).then_some(minutes)
}

/// A timestamp from a feed: with its UTC offset, or a wall-clock time of the conference's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stamp {
    Fixed(DateTime<FixedOffset>),
    Local(NaiveDateTime),
}

/// Reads `2019-12-27T11:00:00+01:00` and its common variants (no seconds, a space instead of
/// `T`, `Z`, no offset at all).
pub(crate) fn parse_stamp(text: &str) -> Option<Stamp> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(Stamp::Fixed(t));
    }
    for format in ["%Y-%m-%dT%H:%M%#z", "%Y-%m-%d %H:%M%#z", "%Y-%m-%d %H:%M:%S%#z"] {
        if let Ok(t) = DateTime::parse_from_str(text, format) {
            return Some(Stamp::Fixed(t));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(Stamp::Local(t));
        }
    }
    None
}

/// Reads a calendar date, also from the start of a timestamp (`2019-12-27T10:00:00+01:00`:
/// the date in the timestamp's own offset, which is the conference's local date).
pub(crate) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let head = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// Reads a wall-clock time, `09:30` or `09:30:00`.
pub(crate) fn parse_clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// What kind of moment a session is, from the feed's free-text `type`, else from its title.
///
/// Types are free text in real feeds ("Long talk (45 minutes)", "BoF", "Vortrag 60min",
/// "lightning_talk"), so whole words are matched, accent- and case-insensitively. The title
/// is only looked at when the type says nothing we know, and only for the moments of the day
/// (meals, breaks, welcome, ceremonies): Wafer leaves the type of "Lunch" empty.
pub(crate) fn session_kind(kind: Option<&str>, title: &str) -> SessionKind {
    kind.and_then(|k| kind_from_words(k, false))
        .or_else(|| kind_from_words(title, true))
        .unwrap_or(SessionKind::Other)
}

fn kind_from_words(text: &str, moments_only: bool) -> Option<SessionKind> {
    let folded = fold(text);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let phrase = |a: &str, b: &str| words.windows(2).any(|w| w[0] == a && w[1] == b);

    if has(&["break", "pause", "coffee", "cafe", "kaffeepause"]) {
        return Some(SessionKind::Break);
    }
    if has(&[
        "meal",
        "lunch",
        "dinner",
        "breakfast",
        "brunch",
        "repas",
        "dejeuner",
        "diner",
        "buffet",
        "mittagessen",
        "abendessen",
        "fruhstuck",
    ]) {
        return Some(SessionKind::Meal);
    }
    if has(&["welcome", "accueil", "registration", "inscriptions", "checkin"]) || phrase("check", "in") {
        return Some(SessionKind::Welcome);
    }
    if has(&[
        "opening",
        "closing",
        "ceremony",
        "ceremonie",
        "ouverture",
        "cloture",
        "eroffnung",
    ]) {
        return Some(SessionKind::Ceremony);
    }
    if moments_only {
        return None;
    }
    talk_kind(&has, &phrase)
}

/// The kinds only a feed's type names (a title saying "panel" may be a talk about one).
fn talk_kind(has: &dyn Fn(&[&str]) -> bool, phrase: &dyn Fn(&str, &str) -> bool) -> Option<SessionKind> {
    if has(&["panel", "podium", "podiumsdiskussion", "roundtable"])
        || phrase("round", "table")
        || phrase("table", "ronde")
    {
        return Some(SessionKind::RoundTable);
    }
    if has(&[
        "debate",
        "debat",
        "debats",
        "discussion",
        "diskussion",
        "bof",
        "fishbowl",
    ]) {
        return Some(SessionKind::Debate);
    }
    if has(&[
        "talk",
        "talks",
        "lecture",
        "vortrag",
        "keynote",
        "conference",
        "presentation",
        "expose",
        "lightning",
    ]) {
        return Some(SessionKind::Conference);
    }
    if has(&["village", "exhibition", "exposition", "stands"]) {
        return Some(SessionKind::Village);
    }
    if has(&[
        "workshop", "atelier", "hands", "tutorial", "meeting", "meetup", "other", "autre",
    ]) {
        return Some(SessionKind::Other);
    }
    None
}

/// French name of a talk's language, for the line added to its description.
pub(crate) fn language_name(code: &str) -> Option<String> {
    let code = code.trim();
    let lower = code.to_ascii_lowercase();
    if lower.is_empty() || lower == "fr" || lower.starts_with("fr-") || lower.starts_with("fr_") {
        return None;
    }
    let name = match lower.as_str() {
        "en" | "en-us" | "en-gb" | "english" => "anglais",
        "de" | "de-de" | "deutsch" | "german" => "allemand",
        "es" => "espagnol",
        "it" => "italien",
        "nl" => "néerlandais",
        "pt" | "pt-br" | "pt-pt" => "portugais",
        "pl" => "polonais",
        "cs" => "tchèque",
        "ru" => "russe",
        "ar" => "arabe",
        "zh" => "chinois",
        "ja" => "japonais",
        "de-en" | "en-de" => "allemand et anglais",
        _ => return Some(code.to_owned()),
    };
    Some(name.to_owned())
}

/// Plain text from a feed's description: line endings normalised, simple HTML (`<br />`,
/// `<p>`, `<li>`) turned into line breaks, other tags dropped, common entities decoded, runs
/// of blank lines collapsed. `None` when nothing is left.
pub(crate) fn plain_text(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find(['<', '&', '\r']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("\r\n") {
            out.push('\n');
            rest = after;
        } else if let Some(after) = rest.strip_prefix('\r') {
            out.push('\n');
            rest = after;
        } else if rest.starts_with('<') {
            match tag(rest) {
                Some((len, replacement)) => {
                    out.push_str(replacement);
                    rest = &rest[len..];
                }
                None => {
                    out.push('<');
                    rest = &rest[1..];
                }
            }
        } else {
            match entity(rest) {
                Some((len, c)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    tidy_lines(&out)
}

/// A tag at the start of `text`: its length and what replaces it.
fn tag(text: &str) -> Option<(usize, &'static str)> {
    if let Some(comment) = text.strip_prefix("<!--") {
        return comment.find("-->").map(|end| (4 + end + 3, ""));
    }
    let second = text[1..].chars().next()?;
    if !(second.is_ascii_alphabetic() || second == '/' || second == '!') {
        return None;
    }
    let end = text
        .char_indices()
        .take(300)
        .skip(1)
        .find(|&(_, c)| c == '>' || c == '<')?;
    if end.1 != '>' {
        return None;
    }
    let inner = &text[1..end.0];
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let replacement = match name.as_str() {
        "br" | "tr" => "\n",
        "p" | "div" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "pre" | "table" => "\n\n",
        "li" if !inner.starts_with('/') => "\n- ",
        _ => "",
    };
    Some((end.0 + 1, replacement))
}

/// An entity at the start of `text`: its length and the character it stands for.
fn entity(text: &str) -> Option<(usize, char)> {
    let end = text.char_indices().take(12).find(|&(_, c)| c == ';')?.0;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok()?
            } else {
                name.strip_prefix('#')?.parse().ok()?
            };
            char::from_u32(code)?
        }
    };
    Some((end + 1, c))
}

/// Trims each line's end, keeps at most one blank line in a row, trims the whole.
fn tidy_lines(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(line);
    }
    let trimmed = out.trim_start();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == out.len() {
        Some(out)
    } else {
        Some(trimmed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minutes(text: &str) -> Option<i64> {
        parse_duration(text).map(|d| d.num_minutes())
    }

    #[test]
    fn durations_in_every_shape_feeds_use() {
        assert_eq!(minutes("00:30"), Some(30));
        assert_eq!(minutes(" 01:30 "), Some(90));
        assert_eq!(minutes("25:00"), Some(1500));
        assert_eq!(minutes("1:02:30"), Some(24 * 60 + 150), "D:HH:MM");
        assert_eq!(minutes("01:30:00"), Some(90), "HH:MM:SS");
        assert_eq!(minutes("0:45:00"), Some(45), "hours above 23: seconds");
        assert_eq!(minutes("00:44:40"), Some(45), "seconds round");
        assert_eq!(minutes("1:02:3"), Some(62), "the XSD allows one-digit seconds");
        assert_eq!(minutes("90"), Some(90));
        assert_eq!(minutes("PT1H30M"), Some(90));
        assert_eq!(minutes("P1DT2H"), Some(26 * 60));
    }

    #[test]
    fn bad_durations_are_refused() {
        for bad in [
            "",
            "1h30",
            "00:60",
            "1:5",
            "-00:30",
            "00:30:00:00",
            "abc",
            "P",
            "PT",
            "PT1X",
            "99999999:00",
        ] {
            assert_eq!(minutes(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn stamps_with_and_without_offset() {
        let fixed = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
        assert_eq!(
            parse_stamp("2019-12-27T11:00:00+01:00"),
            Some(Stamp::Fixed(fixed("2019-12-27T11:00:00+01:00")))
        );
        assert_eq!(
            parse_stamp("2019-12-27T10:00:00Z"),
            Some(Stamp::Fixed(fixed("2019-12-27T10:00:00Z")))
        );
        assert_eq!(
            parse_stamp("2019-12-27T11:00+01:00"),
            Some(Stamp::Fixed(fixed("2019-12-27T11:00:00+01:00")))
        );
        assert!(matches!(parse_stamp("2019-12-27 11:00"), Some(Stamp::Local(_))));
        assert_eq!(parse_stamp("27/12/2019 11h"), None);
        assert_eq!(
            parse_date("2019-12-27T11:00:00+01:00"),
            NaiveDate::from_ymd_opt(2019, 12, 27)
        );
        assert_eq!(parse_date("2019-12-27x"), None);
        assert_eq!(parse_date("2019-1"), None);
    }

    #[test]
    fn kinds_from_free_text_types() {
        use SessionKind::*;
        let k = |t: &str| session_kind(Some(t), "Quelque chose");
        assert_eq!(k("lecture"), Conference);
        assert_eq!(k("Long talk (45 minutes)"), Conference);
        assert_eq!(k("lightning_talk"), Conference);
        assert_eq!(k("Workshop (2h)"), Other);
        assert_eq!(k("BoF (45 minutes)"), Debate);
        assert_eq!(k("discussion"), Debate);
        assert_eq!(k("Podium"), RoundTable);
        assert_eq!(k("table ronde"), RoundTable);
        assert_eq!(k("meeting"), Other);
        assert_eq!(k("Pause"), Break);
        assert_eq!(k("Lunch"), Meal);
        assert_eq!(k("Welcome"), Welcome);
        assert_eq!(k("opening"), Ceremony);
        assert_eq!(k("djset"), Other);
        assert_eq!(k("village"), Village);
        // No type: the title names the moments of the day, and nothing else.
        assert_eq!(session_kind(Some(""), "Afternoon break"), Break);
        assert_eq!(session_kind(None, "Lunch"), Meal);
        assert_eq!(session_kind(None, "Breaking the web"), Other);
        assert_eq!(session_kind(None, "A talk about talks"), Other);
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            plain_text("Intro<br /><br />* one<br />* two &amp; three<br />").as_deref(),
            Some("Intro\n\n* one\n* two & three")
        );
        assert_eq!(
            plain_text("<p>A</p><p>B <b>bold</b></p>").as_deref(),
            Some("A\n\nB bold")
        );
        assert_eq!(
            plain_text("a < b and c > d, 1&2").as_deref(),
            Some("a < b and c > d, 1&2")
        );
        assert_eq!(
            plain_text("line&#13;\r\nnext\r\n\r\n\r\n\r\nlast").as_deref(),
            Some("line\nnext\n\nlast")
        );
        assert_eq!(plain_text("  <br/> "), None);
        assert_eq!(
            plain_text("A<!-- a long comment, <b>hidden</b> -->B").as_deref(),
            Some("AB")
        );
        assert_eq!(plain_text("émoji 🎉 <unclosed"), Some("émoji 🎉 <unclosed".to_owned()));
    }

    #[test]
    fn languages_in_french() {
        assert_eq!(language_name("en").as_deref(), Some("anglais"));
        assert_eq!(language_name("fr"), None);
        assert_eq!(language_name(""), None);
        assert_eq!(language_name("tlh").as_deref(), Some("tlh"));
    }
}
