//! The edition document: everything the app shows about one year's day, as served by
//! `GET /api/edition` and stored as one JSON document per revision.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ids::{EditionSlug, PlaceId, SessionId, SpeakerId, StandId};

/// One edition of the event, at one revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edition {
    pub edition: EditionSlug,
    /// Set by the server on publish; 0 in a document that was never published.
    #[serde(default)]
    pub revision: u32,
    pub event: Event,
    #[serde(default)]
    pub places: Vec<Place>,
    #[serde(default)]
    pub sessions: Vec<Session>,
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    #[serde(default)]
    pub stands: Vec<Stand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<Plan>,
    /// Short messages the organizers send to every attendee on the day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub announcements: Vec<Announcement>,
    /// The satisfaction questionnaire attendees answer on `/avis`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questionnaire: Option<crate::questionnaire::Questionnaire>,
    /// How long visitors' contact requests to the stands are kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_requests: Option<crate::engagement::ContactRules>,
}

/// One line of `GET /api/editions`: an edition the server holds, and whether it is the one
/// the app shows (the current one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditionSummary {
    pub edition: String,
    pub name: String,
    #[serde(with = "crate::serde_time::date")]
    pub start_date: NaiveDate,
    #[serde(with = "crate::serde_time::date")]
    pub end_date: NaiveDate,
    pub revision: u32,
    #[serde(default)]
    pub current: bool,
}

/// A message to every attendee ("La table ronde commence avec 10 minutes de retard"),
/// shown as a banner until `until`, or as long as it is in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    pub text: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::serde_time::rfc3339_option"
    )]
    pub until: Option<DateTime<FixedOffset>>,
}

impl Announcement {
    /// The longest message: a banner on a phone, read in one go.
    pub const MAX_CHARS: usize = 280;

    /// Whether it is still shown at `now`.
    pub fn is_shown(&self, now: DateTime<chrono::Utc>) -> bool {
        self.until.is_none_or(|until| now < until)
    }
}

/// The event itself: name, days, venue and time zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organizer: Option<String>,
    /// First and last day, in the event's local calendar.
    #[serde(with = "crate::serde_time::date")]
    pub start_date: NaiveDate,
    #[serde(with = "crate::serde_time::date")]
    pub end_date: NaiveDate,
    /// IANA zone, such as `Europe/Paris`. Times in the document carry their UTC offset in
    /// that zone, so the app shows local times without a time-zone database.
    pub time_zone: String,
    pub venue: Venue,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// How many people came, once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance: Option<u32>,
    /// Where the facts come from, shown on the practical-information page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Attendance of the days held before the app, for the bilan's comparison across
    /// editions (the write-up gives 322 people in 2011).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier: Vec<EarlierDay>,
}

/// A day of the series held before this app, known by its attendance only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EarlierDay {
    pub year: i32,
    pub attendance: u32,
}

/// Where the event happens and how to get there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<Access>,
    /// Names of the fields above that are plausible guesses, shown "à confirmer".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<String>,
}

/// One way to reach the venue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Access {
    pub kind: AccessKind,
    pub text: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessKind {
    Tram,
    Bus,
    Train,
    Parking,
    Bike,
    StepFree,
    Other,
}

impl AccessKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Tram => "Tramway",
            Self::Bus => "Bus",
            Self::Train => "Train",
            Self::Parking => "Stationnement",
            Self::Bike => "Vélo",
            Self::StepFree => "Accès de plain-pied",
            Self::Other => "Autre",
        }
    }
}

/// Who to ask about the event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
}

/// A room or a zone of the hall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: PlaceId,
    pub name: String,
    #[serde(default)]
    pub kind: PlaceKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<String>,
    /// The place itself is a plausible guess ("à confirmer").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub assumed: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    #[default]
    Room,
    Hall,
    Zone,
    Outdoor,
}

/// What kind of moment a session is. Only talks have speakers to follow; meals, welcome,
/// breaks and the village are shown as moments of the day, not as talks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionKind {
    Debate,
    Conference,
    RoundTable,
    Meal,
    Welcome,
    Break,
    Village,
    Ceremony,
    Other,
}

impl SessionKind {
    pub const ALL: [SessionKind; 9] = [
        Self::Debate,
        Self::Conference,
        Self::RoundTable,
        Self::Meal,
        Self::Welcome,
        Self::Break,
        Self::Village,
        Self::Ceremony,
        Self::Other,
    ];

    /// French label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Debate => "Débat",
            Self::Conference => "Conférence",
            Self::RoundTable => "Table ronde",
            Self::Meal => "Repas",
            Self::Welcome => "Accueil",
            Self::Break => "Pause",
            Self::Village => "Village",
            Self::Ceremony => "Allocution",
            Self::Other => "Autre",
        }
    }

    /// The kebab-case name used in JSON and in URLs (`?type=table-ronde` is not used: the
    /// URL keeps the stable English code so shared links survive a relabelling).
    pub fn code(self) -> &'static str {
        match self {
            Self::Debate => "debate",
            Self::Conference => "conference",
            Self::RoundTable => "round-table",
            Self::Meal => "meal",
            Self::Welcome => "welcome",
            Self::Break => "break",
            Self::Village => "village",
            Self::Ceremony => "ceremony",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Talks have content and speakers; the rest are moments of the day.
    pub fn is_talk(self) -> bool {
        matches!(
            self,
            Self::Debate | Self::Conference | Self::RoundTable | Self::Ceremony | Self::Other
        )
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Scheduled,
    Cancelled,
}

/// A session of the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub title: String,
    pub kind: SessionKind,
    #[serde(with = "crate::serde_time::rfc3339")]
    pub start: DateTime<FixedOffset>,
    #[serde(with = "crate::serde_time::rfc3339")]
    pub end: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<SpeakerRole>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audience: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Stands of the village linked to this session (testimonies, partners).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stands: Vec<StandId>,
    #[serde(default)]
    pub status: Status,
    /// Names of fields that are plausible guesses (`end`, `place`), shown "à confirmer".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<String>,
    /// Whether attendees may ask questions, and how they are moderated; absent, the kind
    /// decides (`Session::questions_setting`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub questions: Option<crate::questions::QuestionsSetting>,
}

impl Session {
    pub fn is_cancelled(&self) -> bool {
        self.status == Status::Cancelled
    }

    pub fn is_assumed(&self, field: &str) -> bool {
        self.assumed.iter().any(|f| f == field)
    }

    pub fn duration_minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// A speaker of a session and what they do there ("témoignage", "animation"…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpeakerRole {
    pub speaker: SpeakerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// A person or an organisation that speaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Speaker {
    pub id: SpeakerId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
}

/// An association's stand in the village des solidarités.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stand {
    pub id: StandId,
    pub name: String,
    pub theme: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// Invented for the demonstration: shown with an "exemple" label.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
    /// The volunteers it looks for (« Je veux m'engager »).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volunteering: Option<crate::engagement::Volunteering>,
}

/// The village plan, drawn by the app from data. Units are metres, origin top-left; every
/// length is read to the millimetre (`serde_metres`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    #[serde(deserialize_with = "crate::serde_metres::deserialize")]
    pub width: f64,
    #[serde(deserialize_with = "crate::serde_metres::deserialize")]
    pub height: f64,
    /// The hall's outline; the plan's rectangle when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outline: Vec<Point>,
    #[serde(default)]
    pub stands: Vec<PlanStand>,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub rooms: Vec<PlanRoom>,
    /// Said on screen when the layout is not the real one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumption: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    #[serde(deserialize_with = "crate::serde_metres::deserialize")]
    pub x: f64,
    #[serde(deserialize_with = "crate::serde_metres::deserialize")]
    pub y: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    #[serde(deserialize_with = "crate::serde_metres::deserialize")]
    pub x: f64,
    #[serde(deserialize_with = "crate::serde_metres::deserialize")]
    pub y: f64,
    #[serde(deserialize_with = "crate::serde_metres::deserialize")]
    pub w: f64,
    #[serde(deserialize_with = "crate::serde_metres::deserialize")]
    pub h: f64,
}

impl Rect {
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
}

/// A stand drawn on the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStand {
    pub stand: StandId,
    pub number: String,
    pub rect: Rect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polygon: Option<Vec<Point>>,
}

/// A room drawn on the plan, linked to a place of the programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRoom {
    pub place: PlaceId,
    pub rect: Rect,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polygon: Option<Vec<Point>>,
}

/// Something useful on the plan: an entrance, the toilets, a step-free route…
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    pub kind: FeatureKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A point feature (entrance, toilets) uses one point; a route uses several.
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeatureKind {
    Entrance,
    InfoDesk,
    Toilets,
    Lift,
    StepFreeRoute,
    Exit,
}

impl FeatureKind {
    pub fn label(self) -> &'static str {
        match self {
            Self::Entrance => "Entrée",
            Self::InfoDesk => "Accueil et informations",
            Self::Toilets => "Toilettes",
            Self::Lift => "Ascenseur",
            Self::StepFreeRoute => "Cheminement sans marche",
            Self::Exit => "Sortie de secours",
        }
    }
}

impl Edition {
    /// The event's UTC offset on its days, read from its first session (UTC when the
    /// programme is empty). Used to read an event-local time typed by a person.
    pub fn offset(&self) -> FixedOffset {
        self.sessions
            .iter()
            .map(|s| s.start)
            .min()
            .map(|t| *t.offset())
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
    }

    /// The day of the event `at` falls on, in its time zone; its first day when `at` is
    /// before or after the event (the day the organizers are preparing).
    pub fn day_at(&self, at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
        let day = at.with_timezone(&self.offset()).date_naive();
        if (self.event.start_date..=self.event.end_date).contains(&day) {
            day
        } else {
            self.event.start_date
        }
    }

    pub fn session(&self, id: &SessionId) -> Option<&Session> {
        self.sessions.iter().find(|s| &s.id == id)
    }

    pub fn session_by_str(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id.as_str() == id)
    }

    pub fn place(&self, id: &PlaceId) -> Option<&Place> {
        self.places.iter().find(|p| &p.id == id)
    }

    pub fn speaker(&self, id: &SpeakerId) -> Option<&Speaker> {
        self.speakers.iter().find(|s| &s.id == id)
    }

    pub fn stand(&self, id: &StandId) -> Option<&Stand> {
        self.stands.iter().find(|s| &s.id == id)
    }

    /// The stand's number on the plan, if the plan draws it.
    pub fn stand_number(&self, id: &StandId) -> Option<&str> {
        let plan = self.plan.as_ref()?;
        plan.stands.iter().find(|s| &s.stand == id).map(|s| s.number.as_str())
    }

    /// Sessions where this speaker speaks, in time order.
    pub fn sessions_of_speaker(&self, id: &SpeakerId) -> Vec<&Session> {
        let mut found: Vec<&Session> = self
            .sessions
            .iter()
            .filter(|s| s.speakers.iter().any(|r| &r.speaker == id))
            .collect();
        crate::time::sort_sessions(&mut found);
        found
    }

    /// Sessions linked to this stand, in time order.
    pub fn sessions_of_stand(&self, id: &StandId) -> Vec<&Session> {
        let mut found: Vec<&Session> = self.sessions.iter().filter(|s| s.stands.contains(id)).collect();
        crate::time::sort_sessions(&mut found);
        found
    }

    /// Every theme used by a session, sorted, each once.
    pub fn themes(&self) -> Vec<&str> {
        sorted_unique(self.sessions.iter().flat_map(|s| s.themes.iter()))
    }

    /// Every audience named by a session, sorted, each once.
    pub fn audiences(&self) -> Vec<&str> {
        sorted_unique(self.sessions.iter().flat_map(|s| s.audience.iter()))
    }
}

fn sorted_unique<'a>(items: impl Iterator<Item = &'a String>) -> Vec<&'a str> {
    let mut all: Vec<&str> = items.map(String::as_str).collect();
    crate::sort::by_key(&mut all, |t| crate::search::fold(t));
    all.dedup();
    all
}
