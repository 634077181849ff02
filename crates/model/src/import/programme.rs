//! The neutral form both schedule readers fill ([`Programme`]): what a schedule says, before
//! any interpretation. Its mapping to an [`Edition`](crate::edition::Edition) lives in the
//! submodules: times moved into the conference's zone ([`times`]), ids made URL-safe and
//! unique ([`ids`]), rooms and persons deduplicated into places and speakers ([`directory`]),
//! the sessions ([`sessions`]) and the edition around them ([`build`](mod@build)).

use std::borrow::Cow;

mod build;
mod directory;
mod ids;
mod notes;
mod sessions;
mod times;

pub(crate) use build::build;
pub(crate) use notes::Notes;

/// Text read from a feed: borrowed from the input when it can be.
pub(crate) type Text<'a> = Cow<'a, str>;

/// What a schedule says, before any interpretation. Readers only check the shape of the
/// file (and, for JSON, the types); every value is interpreted here, once for both formats.
#[derive(Debug, Default)]
pub(crate) struct Programme<'a> {
    pub title: Option<Text<'a>>,
    pub acronym: Option<Text<'a>>,
    pub description: Option<Text<'a>>,
    pub start: Option<Text<'a>>,
    pub end: Option<Text<'a>>,
    pub days_count: Option<Text<'a>>,
    pub time_zone: Option<Text<'a>>,
    pub base_url: Option<Text<'a>>,
    /// Written by Agir ensemble ([`crate::interop`]): ids come back from the sessions'
    /// addresses, cancellations from their subtitle.
    pub ours: bool,
    /// How this format names the conference's fields in its locations.
    pub paths: Paths,
    /// Room names in the order the file declares them (room lists, then day containers).
    pub rooms: Vec<Text<'a>>,
    pub days: Vec<Day<'a>>,
    pub events: Vec<RawEvent<'a>>,
}

#[derive(Debug, Default)]
pub(crate) struct Day<'a> {
    pub date: Option<Text<'a>>,
    /// When the day starts (`day_start`): events listed under a day and timed before it
    /// belong to the next calendar date.
    pub start: Option<Text<'a>>,
}

#[derive(Debug, Default)]
pub(crate) struct RawEvent<'a> {
    /// Where the event is in the file: a JSON pointer or an XPath-like location.
    pub loc: String,
    /// Line of the event in an XML file.
    pub line: Option<u32>,
    pub day: Option<usize>,
    pub room: Option<Text<'a>>,
    pub id: Option<Text<'a>>,
    pub guid: Option<Text<'a>>,
    pub slug: Option<Text<'a>>,
    pub title: Option<Text<'a>>,
    pub subtitle: Option<Text<'a>>,
    pub date: Option<Text<'a>>,
    pub start: Option<Text<'a>>,
    pub end: Option<Text<'a>>,
    pub duration: Option<Text<'a>>,
    pub track: Option<Text<'a>>,
    pub kind: Option<Text<'a>>,
    pub language: Option<Text<'a>>,
    pub abstract_: Option<Text<'a>>,
    pub description: Option<Text<'a>>,
    pub persons: Vec<RawPerson<'a>>,
    /// The event's own address (`url`): where our exports keep the session's id.
    pub url: Option<Text<'a>>,
    /// Themes besides the track (an iCalendar event's `CATEGORIES`).
    pub categories: Vec<Text<'a>>,
    /// The feed says the event is cancelled (iCalendar `STATUS:CANCELLED`).
    pub cancelled: bool,
}

impl RawEvent<'_> {
    /// Where `field` (named as frab names it) is in the file.
    fn path(&self, field: &str) -> String {
        let field = if self.loc.starts_with("/VCALENDAR") {
            match field {
                "date" | "start" => "DTSTART",
                "end" => "DTEND",
                "duration" => "DURATION",
                "title" => "SUMMARY",
                other => other,
            }
        } else {
            field
        };
        format!("{}/{field}", self.loc)
    }

    /// " (ligne 12)" for XML, so the organizer can open the file where it is.
    fn line_hint(&self) -> String {
        self.line.map(|l| format!(" (ligne {l})")).unwrap_or_default()
    }
}

#[derive(Debug, Default)]
pub(crate) struct RawPerson<'a> {
    pub id: Option<Text<'a>>,
    pub guid: Option<Text<'a>>,
    pub name: Option<Text<'a>>,
}

/// The trimmed text, or `None` when blank.
fn clean<'t>(text: &'t Option<Text<'_>>) -> Option<&'t str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// How a format names the conference's fields in the locations of its problems.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Paths {
    /// frab and C3VOC: `/schedule/conference/time_zone_name`.
    #[default]
    Schedule,
    /// iCalendar: `/VCALENDAR/X-WR-TIMEZONE`.
    Calendar,
}

impl Programme<'_> {
    /// Where the conference's `field` (named as frab names it) is in the file.
    fn conference(&self, field: &str) -> String {
        match self.paths {
            Paths::Schedule => format!("/schedule/conference/{field}"),
            Paths::Calendar => match field {
                "title" | "acronym" => "/VCALENDAR/X-WR-CALNAME".to_owned(),
                "time_zone_name" => "/VCALENDAR/X-WR-TIMEZONE".to_owned(),
                _ => "/VCALENDAR".to_owned(),
            },
        }
    }
}
