//! The sessions of an imported edition, one per event of the feed: titled, timed in the
//! conference's zone, given a unique id, and linked to their place and speakers.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::directory::{Places, Speakers};
use super::ids::IdPool;
use super::times::{span, End, Shifted};
use super::{clean, Notes, Programme, RawEvent};
use crate::edition::{Place, Session, Speaker, Status};
use crate::ids::{slugify, SessionId};
use crate::import::text::{language_name, plain_text, session_kind, Stamp};
use crate::interop::{session_id_in_url, CANCELLED};

pub(super) struct Built {
    pub sessions: Vec<Session>,
    pub places: Vec<Place>,
    pub speakers: Vec<Speaker>,
}

/// The sessions, with the places and speakers they use.
pub(super) fn sessions(p: &Programme<'_>, times: &[Option<(Stamp, End)>], tz: Tz, notes: &mut Notes) -> Built {
    let mut places = Places::default();
    for room in &p.rooms {
        places.get(room);
    }
    let mut speakers = Speakers::default();
    let mut ids = SessionIds::default();
    let mut sessions = Vec::with_capacity(p.events.len());
    let mut shifted = Shifted::default();

    for (n, (ev, time)) in p.events.iter().zip(times).enumerate() {
        let Some(title) = title(ev, notes) else {
            continue;
        };
        let Some(time) = time else {
            continue;
        };
        let Some((start, end)) = span(ev, time, &title, tz, &mut shifted, notes) else {
            continue;
        };
        let Some(id) = ids.assign(p, n, &title, notes) else {
            continue;
        };
        let place = ev.room.as_deref().and_then(|r| places.get(r));
        let roles = speakers.roles(ev, notes);
        let cancelled = ev.cancelled || (p.ours && clean(&ev.subtitle) == Some(CANCELLED));
        sessions.push(Session {
            id,
            kind: session_kind(ev.kind.as_deref(), &title),
            description: description(ev, &title, p.ours),
            themes: themes(ev),
            title,
            start,
            end,
            place,
            speakers: roles,
            audience: Vec::new(),
            stands: Vec::new(),
            status: if cancelled {
                Status::Cancelled
            } else {
                Status::Scheduled
            },
            assumed: Vec::new(),
            questions: None,
        });
    }
    shifted.report(tz, p.conference("time_zone_name"), notes);
    Built {
        sessions,
        places: places.list,
        speakers: speakers.list,
    }
}

/// The event's title; a blank one becomes "Séance sans titre", a missing one leaves the
/// event out.
fn title(ev: &RawEvent<'_>, notes: &mut Notes) -> Option<String> {
    match (clean(&ev.title), &ev.title) {
        (Some(t), _) => Some(t.to_owned()),
        (None, Some(_)) => {
            notes.warn(
                ev.path("title"),
                format!(
                    "La séance n'a pas de titre : « Séance sans titre » en attendant{}.",
                    ev.line_hint()
                ),
            );
            Some("Séance sans titre".to_owned())
        }
        (None, None) => {
            notes.missing(
                ev.path("title"),
                format!("Le titre de la séance manque{}.", ev.line_hint()),
            );
            None
        }
    }
}

/// Session ids: the feed's own (id, guid or slug, else the title's slug) when it is free,
/// else re-keyed (`885-2`) with a warning that names the event holding it.
#[derive(Default)]
struct SessionIds {
    pool: IdPool,
    /// The event that got each id first, by its index in the programme.
    first_with_id: HashMap<String, usize>,
}

impl SessionIds {
    fn assign(&mut self, p: &Programme<'_>, n: usize, title: &str, notes: &mut Notes) -> Option<SessionId> {
        let ev = &p.events[n];
        // Our own exports keep the session's id in its address; the formats' ids are
        // numbers and UUIDs made up for them.
        let ours = p.ours.then(|| clean(&ev.url).and_then(session_id_in_url)).flatten();
        let raw_id = ours
            .into_iter()
            .chain([&ev.id, &ev.guid, &ev.slug].into_iter().filter_map(|c| clean(c)))
            .next()
            .map_or_else(|| slugify(title), str::to_owned);
        let base = IdPool::base(&raw_id, &format!("seance-{}", n + 1));
        let id = SessionId::parse(self.pool.unique(&base)).ok()?;
        if id.as_str() == base {
            self.first_with_id.insert(base, n);
        } else {
            let by = self
                .first_with_id
                .get(&base)
                .map(|&first| &p.events[first])
                .map_or_else(String::new, |other| {
                    format!(" par « {} » ({})", clean(&other.title).unwrap_or("?"), other.loc)
                });
            notes.warn(
                ev.loc.clone(),
                format!(
                    "L'identifiant « {base} » est déjà pris{by} : cette séance{} devient « {id} ».",
                    ev.line_hint()
                ),
            );
        }
        Some(id)
    }
}

/// The track, then the other categories, each once.
fn themes(ev: &RawEvent<'_>) -> Vec<String> {
    let mut themes: Vec<String> = Vec::new();
    for theme in std::iter::once(&ev.track)
        .filter_map(clean)
        .chain(ev.categories.iter().map(|c| c.trim()))
    {
        if !theme.is_empty() && !themes.iter().any(|t| t == theme) {
            themes.push(theme.to_owned());
        }
    }
    themes
}

/// The subtitle (not our mark of a cancelled session), then the abstract (else the
/// description), then the language when it is not French.
fn description(ev: &RawEvent<'_>, title: &str, ours: bool) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(subtitle) = clean(&ev.subtitle).filter(|s| *s != title && !(ours && *s == CANCELLED)) {
        parts.push(subtitle.to_owned());
    }
    if let Some(text) = ev
        .abstract_
        .as_deref()
        .and_then(plain_text)
        .or_else(|| ev.description.as_deref().and_then(plain_text))
    {
        parts.push(text);
    }
    if let Some(language) = clean(&ev.language).and_then(language_name) {
        parts.push(format!("Langue : {language}"));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
