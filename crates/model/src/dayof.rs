//! The day itself: the organizers' quick changes from a phone (a delay, another room, a
//! cancellation, putting a session back, an announcement) applied to an edition, each with
//! the sentence that says what changed, for the revision's note and the undo button. Notes
//! are stored with plain spaces; screens typeset them.

use chrono::Duration;

use crate::edition::{Edition, Session, Status};
use crate::ids::{PlaceId, SessionId};
use crate::time::format_time_fr;

/// Why a change cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DayOfError {
    #[error("La séance « {0} » n'est plus au programme : rechargez la page.")]
    UnknownSession(String),
    #[error("Le lieu « {0} » n'existe pas dans cette édition.")]
    UnknownPlace(String),
    #[error("La séance est déjà dans ce lieu.")]
    SamePlace,
    #[error("La séance est déjà {0}.")]
    SameStatus(&'static str),
}

/// A changed edition and what changed, in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct DayOfChange {
    pub edition: Edition,
    pub note: String,
}

fn session<'a>(edition: &'a Edition, id: &SessionId) -> Result<&'a Session, DayOfError> {
    edition
        .session(id)
        .ok_or_else(|| DayOfError::UnknownSession(id.to_string()))
}

/// `id` starts and ends `minutes` later. With `following`, so do the sessions after it in the
/// same place on the same day, which would otherwise overlap it.
pub fn delay(edition: &Edition, id: &SessionId, minutes: i64, following: bool) -> Result<DayOfChange, DayOfError> {
    let moved = session(edition, id)?;
    let (place, day, start) = (moved.place.clone(), moved.start.date_naive(), moved.start);
    let shift = Duration::minutes(minutes);
    let mut next = edition.clone();
    let mut others = 0;
    for s in &mut next.sessions {
        let later_here = following && &s.id != id && s.place.is_some() && s.place == place;
        if &s.id == id || (later_here && s.start.date_naive() == day && s.start >= start) {
            others += usize::from(&s.id != id);
            s.start += shift;
            s.end += shift;
        }
    }
    let after = session(&next, id)?;
    let mut note = format!(
        "Retard de {minutes} min : « {} » ({} – {})",
        after.title,
        format_time_fr(&after.start),
        format_time_fr(&after.end)
    );
    match others {
        0 => {}
        1 => note.push_str(", et la séance suivante dans le même lieu"),
        n => note.push_str(&format!(", et les {n} séances suivantes dans le même lieu")),
    }
    note.push('.');
    Ok(DayOfChange { edition: next, note })
}

/// `id` takes place in `place` instead.
pub fn move_to(edition: &Edition, id: &SessionId, place: &PlaceId) -> Result<DayOfChange, DayOfError> {
    let current = session(edition, id)?;
    let name = edition
        .place(place)
        .ok_or_else(|| DayOfError::UnknownPlace(place.to_string()))?
        .name
        .clone();
    if current.place.as_ref() == Some(place) {
        return Err(DayOfError::SamePlace);
    }
    let mut next = edition.clone();
    let note = format!("Changement de lieu : « {} » a lieu en {name}.", current.title);
    if let Some(s) = next.sessions.iter_mut().find(|s| &s.id == id) {
        s.place = Some(place.clone());
    }
    Ok(DayOfChange { edition: next, note })
}

/// `id` is cancelled (`Status::Cancelled`) or put back (`Status::Scheduled`).
pub fn set_status(edition: &Edition, id: &SessionId, status: Status) -> Result<DayOfChange, DayOfError> {
    let current = session(edition, id)?;
    let (word, sentence) = match status {
        Status::Cancelled => ("annulée", "Séance annulée"),
        Status::Scheduled => ("au programme", "Séance rétablie"),
    };
    if current.status == status {
        return Err(DayOfError::SameStatus(word));
    }
    let note = format!("{sentence} : « {} ».", current.title);
    let mut next = edition.clone();
    if let Some(s) = next.sessions.iter_mut().find(|s| &s.id == id) {
        s.status = status;
    }
    Ok(DayOfChange { edition: next, note })
}

/// The revision's note when an announcement is put up.
pub fn announcement_note(text: &str) -> String {
    format!("Annonce : « {text} »")
}

/// The revision's note when an announcement is taken down.
pub fn withdrawal_note(text: &str) -> String {
    format!("Annonce retirée : « {text} »")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, edition, session};

    fn id(raw: &str) -> SessionId {
        SessionId::parse(raw).unwrap()
    }

    /// The tiny edition with a third session after the second, in the same room.
    fn day() -> Edition {
        let mut e = edition();
        let mut third = session("cloture", "16:30", "17:00");
        third.place = e.sessions[1].place.clone();
        e.sessions.push(third);
        e
    }

    #[test]
    fn a_delay_moves_the_session_and_says_so() {
        let e = day();
        let change = delay(&e, &e.sessions[1].id.clone(), 15, false).unwrap();
        let (before, after) = (&e.sessions[1], &change.edition.sessions[1]);
        assert_eq!(after.start - before.start, Duration::minutes(15));
        assert_eq!(after.end - before.end, Duration::minutes(15));
        assert_eq!(change.edition.sessions[2], e.sessions[2], "the next one stays");
        assert!(
            change
                .note
                .starts_with(&format!("Retard de 15 min : « {} » (", before.title)),
            "{}",
            change.note
        );
    }

    #[test]
    fn a_delay_can_carry_the_following_sessions_of_the_same_place() {
        let e = day();
        let change = delay(&e, &e.sessions[1].id.clone(), 5, true).unwrap();
        assert_eq!(change.edition.sessions[2].start, at("16:35"));
        assert_eq!(change.edition.sessions[0], e.sessions[0], "earlier sessions stay");
        assert!(
            change.note.ends_with(", et la séance suivante dans le même lieu."),
            "{}",
            change.note
        );
    }

    #[test]
    fn a_room_change_and_a_cancellation_name_what_changed() {
        let e = day();
        let first = e.sessions[0].id.clone();
        let other = e
            .places
            .iter()
            .find(|p| e.sessions[0].place.as_ref() != Some(&p.id))
            .unwrap();
        let moved = move_to(&e, &first, &other.id).unwrap();
        assert_eq!(moved.edition.sessions[0].place.as_ref(), Some(&other.id));
        assert!(moved.note.contains(&other.name));
        assert_eq!(move_to(&moved.edition, &first, &other.id), Err(DayOfError::SamePlace));

        let cancelled = set_status(&e, &first, Status::Cancelled).unwrap();
        assert!(cancelled.edition.sessions[0].is_cancelled());
        assert!(cancelled.note.starts_with("Séance annulée : « "));
        let back = set_status(&cancelled.edition, &first, Status::Scheduled).unwrap();
        assert_eq!(back.edition, e);
        assert_eq!(
            set_status(&e, &first, Status::Scheduled),
            Err(DayOfError::SameStatus("au programme"))
        );
    }

    #[test]
    fn a_session_gone_meanwhile_is_refused_in_words() {
        let e = day();
        let err = delay(&e, &id("fantome"), 5, false).unwrap_err();
        assert_eq!(
            err.to_string(),
            "La séance « fantome » n'est plus au programme : rechargez la page."
        );
        assert!(move_to(&e, &e.sessions[0].id.clone(), &PlaceId::parse("nulle-part").unwrap()).is_err());
    }

    #[test]
    fn announcement_notes_quote_the_text_with_plain_spaces() {
        assert_eq!(announcement_note("Pause prolongée"), "Annonce : « Pause prolongée »");
        assert_eq!(
            withdrawal_note("Pause prolongée"),
            "Annonce retirée : « Pause prolongée »"
        );
    }
}
