//! What changed between two revisions of an edition, session by session. The server's
//! changes feed and the app's "changes to my sessions" both read this one diff.

use serde::{Deserialize, Serialize};

use crate::edition::{Edition, Session, Status};
use crate::ids::SessionId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Added,
    Removed,
    /// Cancelled, or back on the programme (`before` and `after` say which).
    Cancelled,
    Time,
    Place,
    Title,
}

/// One change of one session. `before` and `after` hold the values in their JSON form
/// (RFC 3339 times as `start/end`, place ids, titles, statuses).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub session: SessionId,
    pub kind: ChangeKind,
    #[serde(default)]
    pub before: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
}

impl Change {
    fn new(session: &SessionId, kind: ChangeKind, before: Option<String>, after: Option<String>) -> Self {
        Self {
            session: session.clone(),
            kind,
            before,
            after,
        }
    }

    /// A French sentence for people, typeset, with the session title it concerns.
    pub fn describe(&self, title: &str) -> String {
        crate::french::typeset(&self.sentence(title))
    }

    fn sentence(&self, title: &str) -> String {
        use crate::time::format_day_time;
        let when = |v: &Option<String>| {
            v.as_deref()
                .and_then(|s| s.split_once('/'))
                .and_then(|(start, _)| chrono::DateTime::parse_from_rfc3339(start).ok())
                .map(|t| format_day_time(&t))
                .unwrap_or_default()
        };
        match self.kind {
            ChangeKind::Added => format!("« {title} » a été ajoutée au programme."),
            ChangeKind::Removed => format!("« {title} » a été retirée du programme."),
            ChangeKind::Cancelled if self.after.as_deref() == Some("cancelled") => {
                format!("« {title} » est annulée.")
            }
            ChangeKind::Cancelled => format!("« {title} » est de nouveau au programme."),
            ChangeKind::Time => format!("« {title} » change d'horaire : {}.", when(&self.after)),
            ChangeKind::Place => format!("« {title} » change de lieu."),
            ChangeKind::Title => format!(
                "« {} » s'appelle désormais « {title} ».",
                self.before.as_deref().unwrap_or_default()
            ),
        }
    }
}

fn span(s: &Session) -> String {
    format!("{}/{}", s.start.to_rfc3339(), s.end.to_rfc3339())
}

fn status(s: Status) -> String {
    match s {
        Status::Scheduled => "scheduled".into(),
        Status::Cancelled => "cancelled".into(),
    }
}

/// Changes from `old` to `new`: sessions of `new` in document order, then removed ones.
pub fn diff(old: &Edition, new: &Edition) -> Vec<Change> {
    // Sorted lists rather than hash maps: the app has the sort compiled in already, while a
    // `HashMap` adds its hasher and table code to the wasm.
    let before = by_id(&old.sessions);
    let mut changes = Vec::new();
    for s in &new.sessions {
        let Some(o) = find(&before, &s.id) else {
            changes.push(Change::new(&s.id, ChangeKind::Added, None, Some(s.title.clone())));
            continue;
        };
        if o.status != s.status {
            changes.push(Change::new(
                &s.id,
                ChangeKind::Cancelled,
                Some(status(o.status)),
                Some(status(s.status)),
            ));
        }
        if o.start != s.start || o.end != s.end {
            changes.push(Change::new(&s.id, ChangeKind::Time, Some(span(o)), Some(span(s))));
        }
        if o.place != s.place {
            changes.push(Change::new(
                &s.id,
                ChangeKind::Place,
                o.place.as_ref().map(|p| p.to_string()),
                s.place.as_ref().map(|p| p.to_string()),
            ));
        }
        if o.title != s.title {
            changes.push(Change::new(
                &s.id,
                ChangeKind::Title,
                Some(o.title.clone()),
                Some(s.title.clone()),
            ));
        }
    }
    let kept = by_id(&new.sessions);
    for o in &old.sessions {
        if find(&kept, &o.id).is_none() {
            changes.push(Change::new(&o.id, ChangeKind::Removed, Some(o.title.clone()), None));
        }
    }
    changes
}

/// The sessions sorted by id (stable: of two with the same id, the later one comes last).
fn by_id(sessions: &[Session]) -> Vec<&Session> {
    let mut sorted: Vec<&Session> = sessions.iter().collect();
    crate::sort::by(&mut sorted, |a, b| a.id.cmp(&b.id));
    sorted
}

/// The last session of `sorted` with this id, as a map built in document order would hold.
fn find<'a>(sorted: &[&'a Session], id: &SessionId) -> Option<&'a Session> {
    let after = sorted.partition_point(|s| s.id <= *id);
    after.checked_sub(1).map(|i| sorted[i]).filter(|s| s.id == *id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::PlaceId;
    use crate::test_support::{edition, session};

    fn kinds(changes: &[Change]) -> Vec<(&str, ChangeKind)> {
        changes.iter().map(|c| (c.session.as_str(), c.kind)).collect()
    }

    #[test]
    fn same_document_has_no_change() {
        assert!(diff(&edition(), &edition()).is_empty());
    }

    #[test]
    fn every_kind_of_change_is_found() {
        let old = edition();
        let mut new = edition();
        new.sessions[1].title = "Repenser la solidarité (nouvelle version)".into();
        new.sessions[1].status = Status::Cancelled;
        new.sessions.push(session("nouvelle", "17:00", "18:00"));
        new.sessions.remove(0);
        let mut moved = old.sessions[0].clone();
        moved.start += chrono::Duration::minutes(30);
        moved.place = Some(PlaceId::parse("auditorium").unwrap());
        new.sessions.insert(0, moved);
        let mut gone = old.clone();
        gone.sessions.push(session("retiree", "09:00", "09:30"));

        let changes = diff(&gone, &new);
        assert_eq!(
            kinds(&changes),
            [
                ("debat", ChangeKind::Time),
                ("debat", ChangeKind::Place),
                ("conf", ChangeKind::Cancelled),
                ("conf", ChangeKind::Title),
                ("nouvelle", ChangeKind::Added),
                ("retiree", ChangeKind::Removed),
            ]
        );
        assert_eq!(
            changes[0].before.as_deref(),
            Some("2013-10-08T10:00:00+02:00/2013-10-08T12:00:00+02:00")
        );
        assert_eq!(changes[1].after.as_deref(), Some("auditorium"));
        assert_eq!(changes[2].after.as_deref(), Some("cancelled"));
        assert_eq!(
            changes[0].describe("Débat"),
            "«\u{a0}Débat\u{a0}» change d'horaire\u{a0}: mardi 8\u{a0}octobre à 10\u{a0}h\u{a0}30."
        );
        assert_eq!(
            changes[2].describe("Conférence"),
            "«\u{a0}Conférence\u{a0}» est annulée."
        );
    }
}
