//! The places and speakers of an imported edition: rooms and persons deduplicated by name,
//! each given a unique id.

use std::collections::HashMap;

use super::ids::IdPool;
use super::{clean, Notes, RawEvent, RawPerson};
use crate::edition::{Place, PlaceKind, Speaker, SpeakerRole};
use crate::ids::{slugify, PlaceId, SpeakerId};

/// Entries found by a key (a room's name, a person's), each with a unique id, in the order
/// they were first met.
pub(super) struct Directory<Id, T> {
    pool: IdPool,
    by_key: HashMap<String, Id>,
    pub list: Vec<T>,
}

impl<Id, T> Default for Directory<Id, T> {
    fn default() -> Self {
        Self {
            pool: IdPool::default(),
            by_key: HashMap::new(),
            list: Vec::new(),
        }
    }
}

impl<Id: Clone, T> Directory<Id, T> {
    /// The id of the entry under `key`; else a new entry, made by `make` from the id that
    /// `new_id` takes from the pool (none when that id is not valid).
    fn entry(
        &mut self,
        key: &str,
        new_id: impl FnOnce(&mut IdPool) -> Option<Id>,
        make: impl FnOnce(Id) -> T,
    ) -> Option<Id> {
        if let Some(id) = self.by_key.get(key) {
            return Some(id.clone());
        }
        let id = new_id(&mut self.pool)?;
        self.by_key.insert(key.to_owned(), id.clone());
        self.list.push(make(id.clone()));
        Some(id)
    }
}

/// Places by room name, in the order the file declares them.
pub(super) type Places = Directory<PlaceId, Place>;

impl Places {
    pub(super) fn get(&mut self, name: &str) -> Option<PlaceId> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        self.entry(
            name,
            |pool| PlaceId::parse(pool.take(&slugify(name), "salle")).ok(),
            |id| Place {
                id,
                name: name.to_owned(),
                kind: PlaceKind::Room,
                accessibility: None,
                assumed: false,
            },
        )
    }
}

/// Speakers by name: merged schedules reuse person ids across their sources (36C3 has 437
/// ids for 878 names), so the name, folded into a slug, is what identifies a person; the
/// slug is also the speaker's id, as in our own documents (`serge-paugam`).
pub(super) type Speakers = Directory<SpeakerId, Speaker>;

impl Speakers {
    fn get(&mut self, person: &RawPerson<'_>) -> Option<SpeakerId> {
        let name = clean(&person.name)?;
        let slug = slugify(name);
        // A name without any Latin letter has no slug: the exact name identifies the person
        // and their own id, if any, names them.
        let (key, base) = if slug.is_empty() {
            let own = clean(&person.id)
                .or(clean(&person.guid))
                .map(slugify)
                .filter(|s| !s.is_empty());
            let base = own.map_or_else(
                || "intervenant".to_owned(),
                |own| IdPool::base(&format!("intervenant-{own}"), "intervenant"),
            );
            (format!("\u{0}{name}"), base)
        } else {
            (slug.clone(), slug)
        };
        self.entry(
            &key,
            |pool| SpeakerId::parse(pool.unique(&base)).ok(),
            |id| Speaker {
                id,
                name: name.to_owned(),
                title: None,
                organisation: None,
            },
        )
    }

    /// The event's speakers, each once; a person without a name is left out with a warning.
    pub(super) fn roles(&mut self, ev: &RawEvent<'_>, notes: &mut Notes) -> Vec<SpeakerRole> {
        let mut roles: Vec<SpeakerRole> = Vec::with_capacity(ev.persons.len());
        for (j, person) in ev.persons.iter().enumerate() {
            match self.get(person) {
                Some(speaker) if !roles.iter().any(|r| r.speaker == speaker) => {
                    roles.push(SpeakerRole { speaker, role: None })
                }
                Some(_) => {}
                None => notes.warn(
                    format!("{}/persons/{j}", ev.loc),
                    format!("Une personne sans nom est ignorée{}.", ev.line_hint()),
                ),
            }
        }
        roles
    }
}
