//! The changes of a newer revision that concern a person's bookmarks, kept as flags until
//! they have seen them ("J'ai vu").

use serde::{Deserialize, Serialize};

use super::store::MAX_FLAGS;
use super::Bookmarks;
use crate::diff::{Change, ChangeKind};
use crate::edition::Edition;
use crate::french::typeset;
use crate::ids::SessionId;

/// A change to a bookmarked session, kept until the person has seen it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flag {
    pub change: Change,
    /// The session's title when the change was found (the old one for a removed session).
    pub title: String,
    /// The new place's name, for a change of place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

impl Flag {
    /// The sentence shown to people, typeset: "« Conférence » change d'horaire : mardi 8 octobre
    /// à 15 h."
    pub fn describe(&self) -> String {
        match (&self.change.kind, &self.place) {
            (ChangeKind::Place, Some(place)) => typeset(&format!("« {} » change de lieu : {place}.", self.title)),
            _ => self.change.describe(&self.title),
        }
    }

    pub fn session(&self) -> &SessionId {
        &self.change.session
    }
}

impl Bookmarks {
    /// Records the changes from `seen_revision` to `edition` (the newer revision) that
    /// concern bookmarked sessions, as flags to show until seen. A removed session leaves
    /// the bookmarks (its flag says why). Returns how many flags were added or updated.
    pub fn apply_changes(&mut self, changes: &[Change], edition: &Edition) -> usize {
        let mut count = 0;
        for change in changes {
            if !self.ids.contains(&change.session) {
                continue;
            }
            let session = edition.session(&change.session);
            let title = match (change.kind, session) {
                (ChangeKind::Added, _) => continue,
                (_, Some(s)) => s.title.clone(),
                (_, None) => change.before.clone().unwrap_or_else(|| change.session.to_string()),
            };
            let place = match change.kind {
                ChangeKind::Place => session
                    .and_then(|s| s.place.as_ref())
                    .and_then(|p| edition.place(p))
                    .map(|p| p.name.clone()),
                _ => None,
            };
            let flag = Flag {
                change: change.clone(),
                title,
                place,
            };
            // Moved twice: the latest change is the one that matters.
            match self
                .flags
                .iter_mut()
                .find(|f| f.change.session == change.session && f.change.kind == change.kind)
            {
                Some(old) => {
                    // A title changed twice still names the title the person knew.
                    let known = (change.kind == ChangeKind::Title).then(|| old.change.before.clone());
                    *old = flag;
                    if let Some(before) = known {
                        old.change.before = before;
                    }
                }
                None => self.flags.push(flag),
            }
            count += 1;
        }
        let removed: Vec<SessionId> = changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Removed)
            .map(|c| c.session.clone())
            .collect();
        self.ids.retain(|id| !removed.contains(id));
        // Titles of other flags of a retitled session follow its new title.
        for flag in &mut self.flags {
            if let Some(s) = edition.session(&flag.change.session) {
                flag.title = s.title.clone();
            }
        }
        self.flags.truncate(MAX_FLAGS);
        self.seen_revision = edition.revision;
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::fixtures::id;
    use crate::agenda::Store;
    use crate::diff::diff;
    use crate::test_support::{edition, session};

    #[test]
    fn changes_to_bookmarked_sessions_become_flags_until_seen() {
        let old = edition();
        let mut new = edition();
        new.revision = 2;
        new.sessions[1].start += chrono::Duration::minutes(45);
        new.sessions[1].end += chrono::Duration::minutes(45);
        new.sessions[1].place = Some(crate::ids::PlaceId::parse("salle-du-conseil").unwrap());
        new.sessions.remove(0);
        new.sessions.push(session("nouvelle", "17:00", "18:00"));
        let changes = diff(&old, &new);

        let mut b = Bookmarks {
            ids: vec![id("conf"), id("debat")],
            seen_revision: 1,
            flags: vec![],
        };
        assert_eq!(b.apply_changes(&changes, &new), 3);
        let said: Vec<String> = b.flags.iter().map(Flag::describe).collect();
        assert_eq!(
            said,
            [
                "«\u{a0}Séance conf\u{a0}» change d'horaire\u{a0}: mardi 8\u{a0}octobre à 15\u{a0}h.",
                "«\u{a0}Séance conf\u{a0}» change de lieu\u{a0}: Salle du conseil.",
                "«\u{a0}Séance debat\u{a0}» a été retirée du programme.",
            ]
        );
        assert_eq!(b.ids, [id("conf")]);
        assert_eq!(b.seen_revision, 2);

        // Moved again: still one flag, with the latest time.
        let mut newer = new.clone();
        newer.revision = 3;
        newer.sessions[0].start += chrono::Duration::minutes(15);
        b.apply_changes(&diff(&new, &newer), &newer);
        assert_eq!(b.flags.len(), 3);
        assert_eq!(
            b.flags[0].describe(),
            "«\u{a0}Séance conf\u{a0}» change d'horaire\u{a0}: mardi 8\u{a0}octobre à 15\u{a0}h\u{a0}15."
        );

        // Flags survive the stored round trip.
        let mut store = Store::new();
        *store.edition_mut("2013") = b.clone();
        assert_eq!(Store::load(&store.to_json(), "2013").store, store);
    }

    #[test]
    fn a_retitled_session_keeps_the_title_the_person_knew() {
        let old = edition();
        let mut new = edition();
        new.revision = 2;
        new.sessions[1].title = "Nouveau titre".into();
        let mut newer = new.clone();
        newer.revision = 3;
        newer.sessions[1].title = "Titre final".into();
        let mut b = Bookmarks {
            ids: vec![id("conf")],
            ..Default::default()
        };
        b.apply_changes(&diff(&old, &new), &new);
        b.apply_changes(&diff(&new, &newer), &newer);
        assert_eq!(
            b.flags.iter().map(Flag::describe).collect::<Vec<_>>(),
            ["«\u{a0}Séance conf\u{a0}» s'appelle désormais «\u{a0}Titre final\u{a0}»."]
        );
    }
}
