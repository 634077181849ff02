//! A `schedule.json` we wrote comes back whole: its [`Extension`] gives back what C3VOC
//! has no field for (see [`crate::interop`]). The C3VOC fields still win where both
//! speak (titles, times, rooms, persons), so a programme edited in another tool keeps
//! those edits.

use chrono_tz::Tz;
use serde_json::Value;

use super::Imported;
use crate::edition::{Edition, Event, Place, Speaker};
use crate::ids::{PlaceId, SpeakerId};
use crate::interop::{Extension, EXTENSION};
use crate::validate::Issue;

/// Applies the extension of `root` (a parsed `schedule.json`) to what was imported from it.
/// An extension that does not read is reported and left aside.
pub(super) fn restore(imported: &mut Imported, root: &Value, slug_forced: bool) {
    let Some(raw) = root.get("schedule").and_then(|s| s.get(EXTENSION)) else {
        return;
    };
    let ext: Extension = match serde_json::from_value(raw.clone()) {
        Ok(ext) => ext,
        Err(e) => {
            imported.warnings.push(Issue::new(
                format!("/schedule/{EXTENSION}"),
                format!("Les informations propres à Agir ensemble sont illisibles ({e}) : seuls les champs C3VOC sont repris."),
            ));
            return;
        }
    };
    let e = &mut imported.edition;
    if !slug_forced {
        e.edition = ext.edition.clone();
    }
    let (name, start_date, end_date) = (e.event.name.clone(), e.event.start_date, e.event.end_date);
    e.event = Event {
        name,
        start_date,
        end_date,
        ..ext.event
    };
    if let Ok(tz) = e.event.time_zone.parse::<Tz>() {
        for s in &mut e.sessions {
            s.start = s.start.with_timezone(&tz).fixed_offset();
            s.end = s.end.with_timezone(&tz).fixed_offset();
        }
    }
    places(e, ext.places);
    speakers(e, ext.speakers);
    for s in &mut e.sessions {
        let Some(x) = ext.sessions.get(s.id.as_str()) else {
            continue;
        };
        s.kind = x.kind;
        s.status = x.status;
        if !x.themes.is_empty() {
            s.themes = x.themes.clone();
        }
        s.audience = x.audience.clone();
        s.stands = x.stands.clone();
        s.assumed = x.assumed.clone();
        s.questions = x.questions;
        if let Some(written) = &x.description {
            if super::text::plain_text(written) == s.description {
                s.description = Some(written.clone());
            }
        }
        for role in &mut s.speakers {
            role.role = x
                .speakers
                .iter()
                .find(|r| r.speaker == role.speaker)
                .and_then(|r| r.role.clone());
        }
    }
    e.stands = ext.stands;
    e.plan = ext.plan;
    // The venue and the zone are known now: what the importer said about them no longer holds.
    imported
        .warnings
        .retain(|w| w.path != "/event/venue/name" && w.path != "/schedule/conference/time_zone_name");
}

/// `theirs`, in their order, in place of the entries of `mine` with the same name (the
/// others of `mine` follow); returns each renamed id, old and new. Names compare without
/// the white space around them, which the C3VOC reader trims and the extension keeps.
fn merge<T, Id: Clone>(
    mine: &mut Vec<T>,
    theirs: Vec<T>,
    name: impl Fn(&T) -> &str,
    id: impl Fn(&T) -> &Id,
) -> Vec<(Id, Id)> {
    let mut renamed = Vec::new();
    let mut extra = Vec::new();
    for entry in mine.drain(..) {
        match theirs.iter().find(|t| name(t).trim() == name(&entry).trim()) {
            Some(known) => renamed.push((id(&entry).clone(), id(known).clone())),
            None => extra.push(entry),
        }
    }
    *mine = theirs.into_iter().chain(extra).collect();
    renamed
}

/// The id `old` becomes, if renamed.
fn renamed<'a, Id: PartialEq>(renames: &'a [(Id, Id)], old: &Id) -> Option<&'a Id> {
    renames.iter().find(|(o, _)| o == old).map(|(_, new)| new)
}

/// The places of the extension, matched by name; sessions follow their place's id.
fn places(e: &mut Edition, theirs: Vec<Place>) {
    let renames: Vec<(PlaceId, PlaceId)> = merge(&mut e.places, theirs, |p| &p.name, |p| &p.id);
    for place in e.sessions.iter_mut().filter_map(|s| s.place.as_mut()) {
        if let Some(new) = renamed(&renames, place) {
            *place = new.clone();
        }
    }
}

/// The speakers of the extension, as for places.
fn speakers(e: &mut Edition, theirs: Vec<Speaker>) {
    let renames: Vec<(SpeakerId, SpeakerId)> = merge(&mut e.speakers, theirs, |p| &p.name, |p| &p.id);
    for role in e.sessions.iter_mut().flat_map(|s| s.speakers.iter_mut()) {
        if let Some(new) = renamed(&renames, &role.speaker) {
            role.speaker = new.clone();
        }
    }
}
