//! What search engines and messaging apps read in `<head>`: schema.org `Event` data for
//! the day and for each session, and the dates said in French.

use agir_model::time::format_day_with_year;
use agir_model::{paths, Edition, Session};
use serde_json::{json, Map, Value};

use super::Ctx;

/// "mardi 8 octobre 2013", or "du … au …" over several days.
pub fn dates(edition: &Edition) -> String {
    let event = &edition.event;
    if event.start_date == event.end_date {
        format_day_with_year(event.start_date)
    } else {
        format!(
            "du {} au {}",
            format_day_with_year(event.start_date),
            format_day_with_year(event.end_date)
        )
    }
}

/// The venue as a schema.org `Place`.
fn venue(edition: &Edition, room: Option<&str>) -> Value {
    let venue = &edition.event.venue;
    let mut place = Map::new();
    place.insert("@type".into(), "Place".into());
    place.insert(
        "name".into(),
        match room {
            Some(room) => format!("{room}, {}", venue.name),
            None => venue.name.clone(),
        }
        .into(),
    );
    if let Some(address) = &venue.address {
        place.insert("address".into(), address.clone().into());
    }
    Value::Object(place)
}

/// What a schema.org `Event` of the day or of one session says.
struct Event<'a> {
    name: &'a str,
    description: Option<&'a str>,
    start: String,
    end: String,
    cancelled: bool,
    room: Option<&'a str>,
    url: String,
}

impl Event<'_> {
    fn json(self, edition: &Edition) -> Map<String, Value> {
        let status = if self.cancelled {
            "https://schema.org/EventCancelled"
        } else {
            "https://schema.org/EventScheduled"
        };
        let mut out = Map::new();
        out.insert("@context".into(), "https://schema.org".into());
        out.insert("@type".into(), "Event".into());
        out.insert("name".into(), self.name.into());
        if let Some(d) = self.description {
            out.insert("description".into(), d.into());
        }
        out.insert("startDate".into(), self.start.into());
        out.insert("endDate".into(), self.end.into());
        out.insert("eventStatus".into(), status.into());
        out.insert(
            "eventAttendanceMode".into(),
            "https://schema.org/OfflineEventAttendanceMode".into(),
        );
        out.insert("location".into(), venue(edition, self.room));
        if let Some(name) = &edition.event.organizer {
            out.insert("organizer".into(), json!({ "@type": "Organization", "name": name }));
        }
        out.insert("inLanguage".into(), "fr".into());
        out.insert("url".into(), self.url.into());
        out
    }
}

/// The day as an `Event`: from its first session's start to its last session's end (its
/// dates alone when it has no sessions), at the venue.
pub fn day_event(ctx: &Ctx) -> Value {
    let edition = ctx.edition;
    let event = &edition.event;
    let live = edition.sessions.iter().filter(|s| !s.is_cancelled());
    let start = live.clone().map(|s| s.start).min();
    let end = live.map(|s| s.end).max();
    Value::Object(
        Event {
            name: &event.name,
            description: event.description.as_deref().or(event.subtitle.as_deref()),
            start: start.map_or_else(|| event.start_date.to_string(), |s| s.to_rfc3339()),
            end: end.map_or_else(|| event.end_date.to_string(), |e| e.to_rfc3339()),
            cancelled: false,
            room: None,
            url: ctx.url(paths::PROGRAMME),
        }
        .json(edition),
    )
}

/// One session as an `Event`, part of the day.
pub fn session_event(ctx: &Ctx, session: &Session) -> Value {
    let edition = ctx.edition;
    let mut out = Event {
        name: &session.title,
        description: session.description.as_deref(),
        start: session.start.to_rfc3339(),
        end: session.end.to_rfc3339(),
        cancelled: session.is_cancelled(),
        room: session
            .place
            .as_ref()
            .and_then(|p| edition.place(p))
            .map(|p| p.name.as_str()),
        url: ctx.url(&paths::session(&session.id)),
    }
    .json(edition);
    out.insert(
        "superEvent".into(),
        json!({
            "@type": "Event",
            "name": edition.event.name,
            "url": ctx.url(paths::PROGRAMME),
        }),
    );
    Value::Object(out)
}
