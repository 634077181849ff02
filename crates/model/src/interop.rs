//! The conventions our exports follow and our imports recognise, so that a programme
//! exported by one server and imported by another (or by the same, after a detour through
//! another tool) comes back the same.
//!
//! A file is ours when its generator says [`GENERATOR`] (`<generator name=…>` in
//! `schedule.xml`, `"generator": {"name": …}` in `schedule.json`, the `PRODID` of an
//! `.ics`). Then:
//! - each session's id is read back from its address (`…/programme/{id}`, the `url` of an
//!   event), since the formats' own ids are numbers or UUIDs;
//! - a session whose subtitle is [`CANCELLED`] is cancelled (frab and C3VOC have no status);
//! - in `schedule.json`, the [`Extension`] under `schedule["x-agir-ensemble"]` (the schema
//!   lets a schedule carry extra keys, not a conference, a room or an event) gives back what
//!   the format lacks: the event's venue, access and contact, each place's and speaker's id
//!   and details, each session's kind, status, themes, audiences, stands and assumptions,
//!   the stands and the village plan. `schedule.xml` has no room for any of it: it is left
//!   out there, without error.
//!
//! Announcements, the questionnaire and the contact rules are not part of a programme:
//! no export carries them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::edition::{Event, Place, Plan, Session, SessionKind, Speaker, SpeakerRole, Stand, Status};
use crate::ids::{EditionSlug, StandId};

/// The generator name our exports sign with.
pub const GENERATOR: &str = "Agir ensemble";

/// The key of the [`Extension`] in a `schedule.json`'s `schedule` object.
pub const EXTENSION: &str = "x-agir-ensemble";

/// The subtitle of a cancelled session in `schedule.json` and `schedule.xml`.
pub const CANCELLED: &str = "Séance annulée";

/// Whether a generator name is ours.
pub fn is_ours(generator: Option<&str>) -> bool {
    generator.is_some_and(|g| g.trim() == GENERATOR || g.contains("//Agir ensemble//"))
}

/// The session id in one of our session addresses (`https://…/programme/{id}`).
pub fn session_id_in_url(url: &str) -> Option<&str> {
    let (_, id) = url.trim().rsplit_once("/programme/")?;
    let id = id.split(['?', '#']).next()?.trim_end_matches('/');
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// What a `schedule.json` carries for us beside the C3VOC fields (documented in the
/// module's comment and in the README).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extension {
    /// The version of this extension: 1.
    pub version: u32,
    pub edition: EditionSlug,
    pub revision: u32,
    /// The whole event: venue, access, contact, source…
    pub event: Event,
    /// Every place with its id, kind and accessibility, in the document's order.
    pub places: Vec<Place>,
    /// Every speaker with their id, title and organisation.
    pub speakers: Vec<Speaker>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stands: Vec<Stand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// By session id.
    pub sessions: BTreeMap<String, SessionExtras>,
}

/// What a C3VOC event cannot say about a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionExtras {
    pub kind: SessionKind,
    #[serde(default)]
    pub status: Status,
    /// All of them: an event has one track.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stands: Vec<StandId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<String>,
    /// Speakers by id, with their role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<SpeakerRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<crate::questions::QuestionsSetting>,
    /// The description as written, when a feed reader (which takes a description for
    /// HTML and tidies its lines) would not read it back as it is: a "<b>" or "&amp;"
    /// typed as text, a tab at the end of a line. Given back only while the event's own
    /// abstract still says the same, so an edit made in another tool wins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Whether a feed reader reads `text` back as it is: nothing it takes for HTML, no line
/// breaks but `\n`, no white space it trims, no run of blank lines it collapses.
fn reads_back(text: &str) -> bool {
    let mut blank = 0;
    !text.contains(['<', '&', '\r'])
        && !text.is_empty()
        && text.trim() == text
        && text.split('\n').all(|line| {
            blank = if line.is_empty() { blank + 1 } else { 0 };
            line.trim_end() == line && (line.is_empty() || !line.trim().is_empty()) && blank < 2
        })
}

impl SessionExtras {
    pub fn of(session: &Session) -> Self {
        Self {
            kind: session.kind,
            status: session.status,
            themes: session.themes.clone(),
            audience: session.audience.clone(),
            stands: session.stands.clone(),
            assumed: session.assumed.clone(),
            speakers: session.speakers.clone(),
            questions: session.questions,
            description: session.description.clone().filter(|d| !reads_back(d)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_from_session_addresses() {
        assert_eq!(session_id_in_url("https://a.fr/programme/debat"), Some("debat"));
        assert_eq!(session_id_in_url("http://a.fr/x/programme/367-2/"), Some("367-2"));
        assert_eq!(session_id_in_url("https://a.fr/programme/a?b=c"), Some("a"));
        assert_eq!(session_id_in_url("https://a.fr/programme/"), None);
        assert_eq!(session_id_in_url("https://a.fr/events/12"), None);
    }

    #[test]
    fn descriptions_a_feed_reader_would_change_are_kept() {
        assert!(reads_back("Un débat.\n\nAvec des témoins, 10 h – 12 h."));
        for changed in [
            "a <b>gras</b>",
            "R&D",
            "ligne\t\nsuite",
            " marge",
            "a\r\nb",
            "a\n\n\nb",
            "a\n \nb",
            "",
        ] {
            assert!(!reads_back(changed), "{changed:?}");
        }
    }

    #[test]
    fn our_generator_is_recognised() {
        assert!(is_ours(Some("Agir ensemble")));
        assert!(is_ours(Some("-//CCAS d'Angers//Agir ensemble//FR")));
        assert!(!is_ours(Some("pretalx")));
        assert!(!is_ours(None));
    }
}
