//! Organizer edits of one session (move, change place, cancel, put back, open or close it
//! to questions), shared by
//! `PATCH /api/admin/sessions/{id}` and `agir-server session …`. Pure functions: the
//! result is validated and published by `publish`.

use agir_model::{questions::QuestionsSetting, Edition, PlaceId, SessionId, Status};
use chrono::{DateTime, FixedOffset, NaiveTime, Offset, TimeZone};
use serde::Deserialize;

/// What to change in a session; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionPatch {
    pub start: Option<DateTime<FixedOffset>>,
    /// When only `start` is given the session keeps its duration.
    pub end: Option<DateTime<FixedOffset>>,
    pub place: Option<PlaceId>,
    pub status: Option<Status>,
    /// Whether it takes questions from the floor, and how they are moderated.
    pub questions: Option<QuestionsSetting>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("La séance « {0} » n'existe pas dans cette édition.")]
    UnknownSession(String),
    #[error("Cette modification ne change rien à la séance.")]
    NothingToChange,
    #[error("« {0} » n'est pas une heure (attendu HH:MM, par exemple 14:30, ou une date RFC 3339).")]
    BadClock(String),
    #[error("{0} n'existe pas ce jour-là dans le fuseau {1} (changement d'heure).")]
    SkippedTime(String, String),
}

/// The edition with `patch` applied to session `id`.
pub fn patch_session(edition: &Edition, id: &SessionId, patch: &SessionPatch) -> Result<Edition, EditError> {
    let mut next = edition.clone();
    let session = next
        .sessions
        .iter_mut()
        .find(|s| &s.id == id)
        .ok_or_else(|| EditError::UnknownSession(id.to_string()))?;
    let before = session.clone();
    match (patch.start, patch.end) {
        (Some(start), None) => {
            let duration = session.end - session.start;
            session.start = start;
            session.end = start + duration;
        }
        (start, end) => {
            if let Some(start) = start {
                session.start = start;
            }
            if let Some(end) = end {
                session.end = end;
            }
        }
    }
    if let Some(place) = &patch.place {
        session.place = Some(place.clone());
    }
    if let Some(status) = patch.status {
        session.status = status;
    }
    if let Some(questions) = patch.questions {
        // Written out even when it is the kind's default: what the organizer chose stays.
        session.questions = Some(questions);
    }
    if *session == before {
        return Err(EditError::NothingToChange);
    }
    Ok(next)
}

/// Reads a time typed by an organizer: `14:30` (or `14h30`) on the session's own day in the
/// event's time zone, or a full RFC 3339 date-time.
pub fn clock_time(edition: &Edition, id: &SessionId, text: &str) -> Result<DateTime<FixedOffset>, EditError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t);
    }
    let session = edition
        .sessions
        .iter()
        .find(|s| &s.id == id)
        .ok_or_else(|| EditError::UnknownSession(id.to_string()))?;
    let normalized = text.trim().replace(['h', 'H'], ":");
    let normalized = if normalized.ends_with(':') {
        format!("{normalized}00")
    } else {
        normalized
    };
    let clock = NaiveTime::parse_from_str(&normalized, "%H:%M").map_err(|_| EditError::BadClock(text.to_owned()))?;
    let local = session.start.date_naive().and_time(clock);
    match edition.event.time_zone.parse::<chrono_tz::Tz>() {
        Ok(tz) => tz
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&t.offset().fix()))
            .ok_or_else(|| EditError::SkippedTime(text.to_owned(), edition.event.time_zone.clone())),
        // An unknown zone is a validation error elsewhere; keep the session's own offset.
        Err(_) => session
            .start
            .offset()
            .from_local_datetime(&local)
            .single()
            .ok_or_else(|| EditError::BadClock(text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::demo_edition as demo;

    fn id(s: &str) -> SessionId {
        SessionId::parse(s).unwrap()
    }

    #[test]
    fn moving_the_start_keeps_the_duration() {
        let e = demo();
        let s = &e.sessions[0];
        let start = clock_time(&e, &s.id, "10:30").unwrap();
        assert_eq!(start.to_rfc3339(), "2013-10-08T10:30:00+02:00");
        let patched = patch_session(
            &e,
            &s.id,
            &SessionPatch {
                start: Some(start),
                ..Default::default()
            },
        )
        .unwrap();
        let moved = &patched.sessions[0];
        assert_eq!(moved.end - moved.start, s.end - s.start);
        assert_eq!(moved.start, start);
    }

    #[test]
    fn cancel_and_place_and_unknown_session() {
        let e = demo();
        let s = &e.sessions[0];
        let patch = SessionPatch {
            status: Some(Status::Cancelled),
            place: Some(PlaceId::parse("auditorium").unwrap()),
            ..Default::default()
        };
        let patched = patch_session(&e, &s.id, &patch).unwrap();
        assert_eq!(patched.sessions[0].status, Status::Cancelled);
        assert_eq!(patched.sessions[0].place.as_ref().unwrap().as_str(), "auditorium");
        assert_eq!(
            patch_session(&e, &id("nope"), &patch),
            Err(EditError::UnknownSession("nope".into()))
        );
        let same = SessionPatch {
            status: Some(s.status),
            ..Default::default()
        };
        assert_eq!(patch_session(&e, &s.id, &same), Err(EditError::NothingToChange));
    }

    #[test]
    fn questions_are_switched_per_session() {
        let e = demo();
        let s = &e.sessions[0];
        let patch = SessionPatch {
            questions: Some(serde_json::from_str(r#"{"moderation": "post"}"#).unwrap()),
            ..Default::default()
        };
        let patched = patch_session(&e, &s.id, &patch).unwrap();
        let setting = patched.sessions[0].questions_setting();
        assert!(setting.enabled);
        assert_eq!(setting.moderation, agir_model::questions::Moderation::Post);
    }

    #[test]
    fn clock_accepts_french_and_rfc3339_and_uses_the_zone_offset() {
        let e = demo();
        let s = &e.sessions[0].id;
        assert_eq!(
            clock_time(&e, s, "14h").unwrap().to_rfc3339(),
            "2013-10-08T14:00:00+02:00"
        );
        assert_eq!(
            clock_time(&e, s, "9h05").unwrap().to_rfc3339(),
            "2013-10-08T09:05:00+02:00"
        );
        assert_eq!(
            clock_time(&e, s, "2013-10-08T16:00:00+02:00").unwrap().to_rfc3339(),
            "2013-10-08T16:00:00+02:00"
        );
        assert!(matches!(clock_time(&e, s, "midi"), Err(EditError::BadClock(_))));
    }
}
