//! Re-applying an organizer's draft on top of a colleague's newer revision, so that
//! nobody has to type their changes again: a three-way merge of places, sessions, speakers
//! and stands (by id, then field by field), of the event (field by field), the plan and the
//! announcements.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::edition::{Edition, Place, Plan, PlanStand, Session, Speaker, Stand};
use crate::french::capitalize;

/// The draft replayed on the newer revision, and what both people changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Rebased {
    /// The draft's changes on top of the newer revision, with its slug and revision number:
    /// what to publish next. It may refer to something the colleague removed (a session in
    /// a place that is gone): validation names it.
    pub edition: Edition,
    /// What both people changed, in the order of the document; empty when the changes did
    /// not meet.
    pub conflicts: Vec<Conflict>,
}

/// Something both the organizer and a colleague changed, each their own way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: Entity,
    /// The id of the place, session, speaker or stand (also of a stand drawn on the plan);
    /// none for the event, the plan's outline and the announcements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What happened and which version is kept, for the organizer.
    pub message: String,
}

/// What a conflict is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Entity {
    /// Name, dates, venue, contact… of the event, merged field by field (the venue as one
    /// field).
    Event,
    Place,
    Session,
    Speaker,
    Stand,
    /// The plan without its stands: size, outline, rooms, features.
    Plan,
    /// Where a stand is drawn on the plan.
    PlanStand,
    /// The announcements, as one whole.
    Announcements,
    /// The satisfaction questionnaire, merged field by field (its questions as one field).
    Questionnaire,
}

/// `mine` replayed on `theirs`, both made from `base`. What I changed or added (differs
/// from `base`) is mine; what I did not touch is theirs, their additions and removals
/// included; what I removed is gone. The items follow `theirs`' order, and what only I have
/// comes after the item it follows in my draft.
///
/// Where we both changed one thing (the event, a place, a session…), it merges field by
/// field: a field only one of us changed takes that change, a field we both changed to
/// different values keeps mine. Something I removed and they changed is kept as theirs, so
/// that no work of theirs disappears unseen. Each field or thing both changed is a
/// [`Conflict`].
pub fn rebase(base: &Edition, mine: &Edition, theirs: &Edition) -> Rebased {
    let mut conflicts = Vec::new();
    let mut noted = |kind: Entity, id: Option<&str>, name: &str, clash: Clash| {
        conflicts.push(Conflict::new(kind, id, name, clash));
    };
    let event = whole(Some(&base.event), &mine.event, &theirs.event, |clash| {
        noted(Entity::Event, None, "", clash);
    });
    let places = by_id(&base.places, &mine.places, &theirs.places, |place, clash| {
        noted(Entity::Place, Some(place.id.as_str()), &place.name, clash);
    });
    let sessions = by_id(&base.sessions, &mine.sessions, &theirs.sessions, |session, clash| {
        noted(Entity::Session, Some(session.id.as_str()), &session.title, clash);
    });
    let speakers = by_id(&base.speakers, &mine.speakers, &theirs.speakers, |speaker, clash| {
        noted(Entity::Speaker, Some(speaker.id.as_str()), &speaker.name, clash);
    });
    let stands = by_id(&base.stands, &mine.stands, &theirs.stands, |stand, clash| {
        noted(Entity::Stand, Some(stand.id.as_str()), &stand.name, clash);
    });
    let plan = merge_plan(
        base.plan.as_ref(),
        mine.plan.as_ref(),
        theirs.plan.as_ref(),
        |drawn, clash| match drawn {
            Some(drawn) => {
                let name = stands
                    .iter()
                    .find(|s| s.id == drawn.stand)
                    .map_or(drawn.stand.as_str(), |s| s.name.as_str());
                noted(Entity::PlanStand, Some(drawn.stand.as_str()), name, clash);
            }
            None => noted(Entity::Plan, None, "", clash),
        },
    );
    let announcements = whole(
        Some(&base.announcements),
        &mine.announcements,
        &theirs.announcements,
        |clash| {
            noted(Entity::Announcements, None, "", clash);
        },
    );
    let questionnaire = whole(
        Some(&base.questionnaire),
        &mine.questionnaire,
        &theirs.questionnaire,
        |clash| {
            noted(Entity::Questionnaire, None, "", clash);
        },
    );
    let contact_requests = whole(
        Some(&base.contact_requests),
        &mine.contact_requests,
        &theirs.contact_requests,
        |clash| {
            noted(Entity::Event, None, "", clash);
        },
    );
    Rebased {
        edition: Edition {
            edition: theirs.edition.clone(),
            revision: theirs.revision,
            event,
            places,
            sessions,
            speakers,
            stands,
            plan,
            announcements,
            questionnaire,
            contact_requests,
        },
        conflicts,
    }
}

/// How two changes of one thing met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clash {
    /// Both changed it, differently, and it could not be merged field by field (a list, or
    /// a merge its type refuses): mine is kept whole.
    BothChanged,
    /// Both changed this field of it, differently: my value is kept.
    BothChangedField(&'static Field),
    /// Both added it under the same id, differently: mine is kept.
    BothAdded,
    /// I removed it, they changed it: theirs is kept.
    TheyChangedWhatIRemoved,
    /// They removed it, I changed it: mine is kept.
    TheyRemovedWhatIChanged,
}

/// The three-way rule for one thing (`None`: absent): what to keep, and how the changes
/// met when both sides changed it.
fn three_way<'a, T: PartialEq>(
    base: Option<&'a T>,
    mine: Option<&'a T>,
    theirs: Option<&'a T>,
) -> (Option<&'a T>, Option<Clash>) {
    if mine == base {
        return (theirs, None);
    }
    if theirs == base || mine == theirs {
        return (mine, None);
    }
    let clash = match (base, mine, theirs) {
        (_, None, _) => Clash::TheyChangedWhatIRemoved,
        (_, _, None) => Clash::TheyRemovedWhatIChanged,
        (None, _, _) => Clash::BothAdded,
        _ => Clash::BothChanged,
    };
    (mine.or(theirs), Some(clash))
}

/// What the merge works on: a thing that can be taken apart into its JSON fields and put
/// back together.
trait Mergeable: PartialEq + Clone + Serialize + DeserializeOwned {}

impl<T: PartialEq + Clone + Serialize + DeserializeOwned> Mergeable for T {}

/// The three-way rule for one thing, then, when both sides changed it, field by field.
fn merge<T: Mergeable>(base: Option<&T>, mine: Option<&T>, theirs: Option<&T>) -> (Option<T>, Vec<Clash>) {
    let (kept, clash) = three_way(base, mine, theirs);
    if let (Some(Clash::BothChanged), Some(base), Some(mine), Some(theirs)) = (clash, base, mine, theirs) {
        let (merged, clashes) = by_field(base, mine, theirs);
        return (Some(merged), clashes);
    }
    (kept.cloned(), clash.into_iter().collect())
}

/// The three-way rule on each top-level field of the JSON objects: a field only one side
/// changed takes that change, a field both changed differently keeps mine. Working on JSON
/// keeps it the same for every type; when a type is not an object, or refuses the merged
/// fields, mine is kept whole rather than anything panicking.
fn by_field<T: Mergeable>(base: &T, mine: &T, theirs: &T) -> (T, Vec<Clash>) {
    let whole_mine = || (mine.clone(), vec![Clash::BothChanged]);
    let (Ok(Value::Object(base)), Ok(Value::Object(mine_fields)), Ok(Value::Object(theirs_fields))) = (
        serde_json::to_value(base),
        serde_json::to_value(mine),
        serde_json::to_value(theirs),
    ) else {
        return whole_mine();
    };
    let keys: BTreeSet<&String> = base
        .keys()
        .chain(mine_fields.keys())
        .chain(theirs_fields.keys())
        .collect();
    let mut merged = Map::new();
    let mut clashed: Vec<&'static Field> = Vec::new();
    for key in keys {
        // An absent key is a field left out for being empty: a value like any other here.
        let (was, mine, theirs) = (base.get(key), mine_fields.get(key), theirs_fields.get(key));
        let kept = if mine == was {
            theirs
        } else {
            if theirs != was && theirs != mine {
                clashed.push(Field::named(key));
            }
            mine
        };
        if let Some(value) = kept {
            merged.insert(key.clone(), value.clone());
        }
    }
    let Ok(merged) = serde_json::from_value(Value::Object(merged)) else {
        return whole_mine();
    };
    clashed.sort_by_key(|field| field.rank());
    (merged, clashed.into_iter().map(Clash::BothChangedField).collect())
}

/// A field as a conflict names it: « son titre » a aussi été modifié.
#[derive(Debug, PartialEq, Eq)]
struct Field {
    /// Its name in the JSON document.
    key: &'static str,
    /// How the organizer reads it, after the thing it belongs to.
    label: &'static str,
    /// The ending of « modifié » that agrees with it: "", "e", "s" or "es".
    ending: &'static str,
}

impl Field {
    const fn new(key: &'static str, label: &'static str, ending: &'static str) -> Self {
        Self { key, label, ending }
    }

    /// The field of that JSON name, or a generic one for a field without a label.
    fn named(key: &str) -> &'static Field {
        FIELDS.iter().find(|f| f.key == key).unwrap_or(&ANY_FIELD)
    }

    /// Its place among the fields, for conflicts in the order of a form.
    fn rank(&self) -> usize {
        FIELDS.iter().position(|f| f == self).unwrap_or(FIELDS.len())
    }
}

const ANY_FIELD: Field = Field::new("", "un de ses champs", "");

/// The fields of the event, places, sessions, speakers, stands and the plan, in the order
/// the forms show them. A key means the same on every type that has it.
const FIELDS: &[Field] = &[
    Field::new("name", "son nom", ""),
    Field::new("title", "son titre", ""),
    Field::new("subtitle", "son sous-titre", ""),
    Field::new("organizer", "son organisateur", ""),
    Field::new("kind", "son type", ""),
    Field::new("start", "son début", ""),
    Field::new("end", "sa fin", "e"),
    Field::new("start_date", "sa date de début", "e"),
    Field::new("end_date", "sa date de fin", "e"),
    Field::new("time_zone", "son fuseau horaire", ""),
    Field::new("place", "son lieu", ""),
    Field::new("venue", "son lieu", ""),
    Field::new("speakers", "ses intervenants", "s"),
    Field::new("organisation", "son organisation", "e"),
    Field::new("theme", "son thème", ""),
    Field::new("themes", "ses thèmes", "s"),
    Field::new("audience", "son public", ""),
    Field::new("description", "sa description", "e"),
    Field::new("accessibility", "son accessibilité", "e"),
    Field::new("website", "son site web", ""),
    Field::new("contact", "son contact", ""),
    Field::new("stands", "ses stands", "s"),
    Field::new("status", "son statut", ""),
    Field::new("attendance", "sa fréquentation", "e"),
    Field::new("source", "sa source", "e"),
    Field::new("example", "sa mention « exemple »", "e"),
    Field::new("assumed", "sa mention « à confirmer »", "e"),
    Field::new("number", "son numéro", ""),
    Field::new("rect", "sa position et sa taille", "es"),
    Field::new("polygon", "son contour", ""),
    Field::new("width", "sa largeur", "e"),
    Field::new("height", "sa hauteur", "e"),
    Field::new("outline", "son contour", ""),
    Field::new("rooms", "ses salles", "es"),
    Field::new("features", "ses repères", "s"),
    Field::new("assumption", "son avertissement", ""),
];

/// The three-way rule for a value both sides have (`base` may not).
fn whole<T: Mergeable>(base: Option<&T>, mine: &T, theirs: &T, mut clashed: impl FnMut(Clash)) -> T {
    let (kept, clashes) = merge(base, Some(mine), Some(theirs));
    clashes.into_iter().for_each(&mut clashed);
    kept.unwrap_or_else(|| theirs.clone())
}

/// Things of a list that have an id.
trait Keyed {
    fn id(&self) -> &str;
}

macro_rules! keyed_by {
    ($($item:ty => $field:ident),*) => {
        $(impl Keyed for $item {
            fn id(&self) -> &str {
                self.$field.as_str()
            }
        })*
    };
}

keyed_by!(Place => id, Session => id, Speaker => id, Stand => id, PlanStand => stand);

/// An item's id and how many items of the same id come before it: a document with a
/// duplicated id (which validation refuses) still merges item by item, losing none.
type Key<'a> = (&'a str, usize);

fn keyed<T: Keyed>(items: &[T]) -> Vec<(Key<'_>, &T)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    items
        .iter()
        .map(|item| {
            let count = seen.entry(item.id()).or_default();
            let key = (item.id(), *count);
            *count += 1;
            (key, item)
        })
        .collect()
}

/// The three-way rule item by item, field by field where both sides changed an item.
/// `clashed` hears of each item both sides changed, with the version kept.
fn by_id<T: Keyed + Mergeable>(base: &[T], mine: &[T], theirs: &[T], mut clashed: impl FnMut(&T, Clash)) -> Vec<T> {
    let base: HashMap<Key, &T> = keyed(base).into_iter().collect();
    let mine = keyed(mine);
    let mine_by_key: HashMap<Key, &T> = mine.iter().copied().collect();
    let theirs = keyed(theirs);
    let mut merged: Vec<(Key, T)> = Vec::with_capacity(theirs.len() + mine.len());
    for &(key, item) in &theirs {
        let (kept, clashes) = merge(base.get(&key).copied(), mine_by_key.get(&key).copied(), Some(item));
        for clash in clashes {
            clashed(kept.as_ref().unwrap_or(item), clash);
        }
        if let Some(kept) = kept {
            merged.push((key, kept));
        }
    }
    // What only my draft has (my additions, what I changed and they removed) goes right
    // after the item it follows in my draft, or first when nothing of mine comes before it.
    let in_theirs: HashSet<Key> = theirs.into_iter().map(|(key, _)| key).collect();
    let mut after: Option<Key> = None;
    for (key, item) in mine {
        if in_theirs.contains(&key) {
            after = Some(key);
            continue;
        }
        let (kept, clashes) = merge(base.get(&key).copied(), Some(item), None);
        for clash in clashes {
            clashed(item, clash);
        }
        if let Some(kept) = kept {
            let at = after
                .and_then(|before| merged.iter().position(|(k, _)| *k == before))
                .map_or(0, |i| i + 1);
            merged.insert(at, (key, kept));
            after = Some(key);
        }
    }
    merged.into_iter().map(|(_, item)| item).collect()
}

/// The plan: its outline, rooms and features field by field, its stands one by one, since
/// two organizers often place different stands. `clashed` hears of the stand concerned, or
/// of none for the rest of the plan.
fn merge_plan(
    base: Option<&Plan>,
    mine: Option<&Plan>,
    theirs: Option<&Plan>,
    mut clashed: impl FnMut(Option<&PlanStand>, Clash),
) -> Option<Plan> {
    let (Some(mine), Some(theirs)) = (mine, theirs) else {
        let (kept, clash) = three_way(base, mine, theirs);
        clash.into_iter().for_each(|clash| clashed(None, clash));
        return kept.cloned();
    };
    let without_stands = |plan: &Plan| Plan {
        stands: Vec::new(),
        ..plan.clone()
    };
    let base_frame = base.map(without_stands);
    let frame = whole(
        base_frame.as_ref(),
        &without_stands(mine),
        &without_stands(theirs),
        |clash| clashed(None, clash),
    );
    let base_stands = base.map_or(&[][..], |b| &b.stands[..]);
    let stands = by_id(base_stands, &mine.stands, &theirs.stands, |stand, clash| {
        clashed(Some(stand), clash)
    });
    Some(Plan { stands, ..frame })
}

impl Conflict {
    fn new(kind: Entity, id: Option<&str>, name: &str, clash: Clash) -> Self {
        let name = if name.trim().is_empty() {
            id.unwrap_or_default()
        } else {
            name
        };
        let (what, ending, plural) = match kind {
            Entity::Event if matches!(clash, Clash::BothChangedField(_)) => ("l'événement".to_owned(), "", false),
            Entity::Event => ("les informations de l'événement".to_owned(), "es", true),
            Entity::Place => (format!("le lieu « {name} »"), "", false),
            Entity::Session => (format!("la séance « {name} »"), "e", false),
            Entity::Speaker => (format!("l'intervenant « {name} »"), "", false),
            Entity::Stand => (format!("le stand « {name} »"), "", false),
            Entity::Plan => ("le plan".to_owned(), "", false),
            Entity::PlanStand => (format!("l'emplacement du stand « {name} » sur le plan"), "", false),
            Entity::Announcements => ("les annonces".to_owned(), "es", true),
            Entity::Questionnaire => ("le questionnaire".to_owned(), "", false),
        };
        let (has, it) = if plural { ("ont", "les ") } else { ("a", "l'") };
        let message = match clash {
            Clash::BothChanged => format!(
                "{} {has} aussi été modifié{ending} par votre collègue : votre version est gardée.",
                capitalize(&what)
            ),
            Clash::BothChangedField(field) => {
                let has = if field.ending.ends_with('s') { "ont" } else { "a" };
                format!(
                    "{} : {} {has} aussi été modifié{} par votre collègue ; votre version est gardée.",
                    capitalize(&what),
                    field.label,
                    field.ending
                )
            }
            Clash::BothAdded => format!("Votre collègue a aussi ajouté {what} : votre version est gardée."),
            Clash::TheyChangedWhatIRemoved => format!(
                "Vous aviez supprimé {what}, mais votre collègue {it}a modifié{ending} : sa version est gardée."
            ),
            Clash::TheyRemovedWhatIChanged => {
                format!("Votre collègue a supprimé {what}, que vous aviez modifié{ending} : votre version est gardée.")
            }
        };
        Self {
            kind,
            id: id.map(str::to_owned),
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use crate::edition::{Announcement, PlaceKind, Rect};
    use crate::ids::{PlaceId, StandId};
    use crate::test_support::{edition, session};

    fn conflict(kind: Entity, id: Option<&str>, message: &str) -> Conflict {
        Conflict {
            kind,
            id: id.map(str::to_owned),
            message: message.into(),
        }
    }

    fn ids<T: Keyed>(items: &[T]) -> Vec<&str> {
        items.iter().map(Keyed::id).collect()
    }

    fn place(id: &str) -> Place {
        Place {
            id: PlaceId::parse(id).unwrap(),
            name: format!("Lieu {id}"),
            kind: PlaceKind::Room,
            accessibility: None,
            assumed: false,
        }
    }

    fn stand(id: &str, name: &str) -> Stand {
        Stand {
            id: StandId::parse(id).unwrap(),
            name: name.into(),
            theme: "Santé".into(),
            description: None,
            website: None,
            example: false,
            volunteering: None,
        }
    }

    /// The published revision 1, with a second stand.
    fn base() -> Edition {
        let mut e = edition();
        e.stands.push(stand("secours", "Secours populaire"));
        e
    }

    /// The colleague's revision 2, published from `base`.
    fn published(change: impl FnOnce(&mut Edition)) -> Edition {
        let mut e = base();
        e.revision = 2;
        change(&mut e);
        e
    }

    fn plan(e: &mut Edition) -> &mut Plan {
        e.plan.as_mut().unwrap()
    }

    fn draft(change: impl FnOnce(&mut Edition)) -> Edition {
        let mut e = base();
        change(&mut e);
        e
    }

    #[test]
    fn changes_to_different_sessions_both_land_without_conflict() {
        // Arrange: the colleague retitles the debate, I make the conference end later.
        let theirs = published(|e| e.sessions[0].title = "Débat des bénévoles".into());
        let mine = draft(|e| e.sessions[1].end += TimeDelta::minutes(15));

        // Act
        let rebased = rebase(&base(), &mine, &theirs);

        // Assert
        assert_eq!(rebased.conflicts, Vec::new());
        let e = &rebased.edition;
        assert_eq!(e.sessions[0].title, "Débat des bénévoles");
        assert_eq!(e.sessions[1].end.to_rfc3339(), "2013-10-08T15:45:00+02:00");
        assert_eq!(
            (e.edition.as_str(), e.revision),
            ("2013", 2),
            "published on top of theirs"
        );
    }

    #[test]
    fn both_changing_one_title_keeps_mine_and_names_the_title() {
        let theirs = published(|e| e.sessions[0].title = "Grand débat".into());
        let mine = draft(|e| {
            e.sessions[0].title = "Table ronde".into();
            e.sessions[1].title = "Conférence".into();
        });

        let rebased = rebase(&base(), &mine, &theirs);

        assert_eq!(rebased.edition.sessions[0].title, "Table ronde");
        assert_eq!(rebased.edition.sessions[1].title, "Conférence");
        assert_eq!(
            rebased.conflicts,
            [conflict(
                Entity::Session,
                Some("debat"),
                "La séance « Table ronde » : son titre a aussi été modifié par votre collègue ; votre version est gardée."
            )]
        );
    }

    #[test]
    fn my_title_and_their_end_time_on_one_session_both_land() {
        // Arrange: I retitle the debate, the colleague makes it end later.
        let theirs = published(|e| e.sessions[0].end += TimeDelta::minutes(30));
        let mine = draft(|e| e.sessions[0].title = "Table ronde".into());

        // Act
        let rebased = rebase(&base(), &mine, &theirs);

        // Assert: nothing of theirs is lost, and nothing needs saying.
        assert_eq!(rebased.conflicts, Vec::new());
        let debat = &rebased.edition.sessions[0];
        assert_eq!(debat.title, "Table ronde");
        assert_eq!(debat.end, theirs.sessions[0].end);
        assert_eq!(debat.start, base().sessions[0].start);
    }

    #[test]
    fn a_field_changed_alike_on_both_sides_is_no_conflict() {
        let theirs = published(|e| {
            e.sessions[0].title = "Table ronde".into();
            e.sessions[0].status = crate::edition::Status::Cancelled;
        });
        let mine = draft(|e| {
            e.sessions[0].title = "Table ronde".into();
            e.sessions[0].description = Some("Avec les bénévoles.".into());
        });

        let rebased = rebase(&base(), &mine, &theirs);

        assert_eq!(rebased.conflicts, Vec::new());
        let debat = &rebased.edition.sessions[0];
        assert_eq!(debat.title, "Table ronde");
        assert!(debat.is_cancelled());
        assert_eq!(debat.description.as_deref(), Some("Avec les bénévoles."));
    }

    #[test]
    fn each_field_both_changed_is_said_in_the_order_of_the_form() {
        let theirs = published(|e| {
            e.speakers[0].name = "S. Paugam".into();
            e.speakers[0].title = Some("Sociologue".into());
            e.speakers[0].organisation = Some("EHESS".into());
        });
        let mine = draft(|e| {
            e.speakers[0].title = Some("Directeur de recherche".into());
            e.speakers[0].organisation = Some("CNRS".into());
        });

        let rebased = rebase(&base(), &mine, &theirs);

        let paugam = &rebased.edition.speakers[0];
        assert_eq!(paugam.name, "S. Paugam");
        assert_eq!(paugam.title.as_deref(), Some("Directeur de recherche"));
        assert_eq!(paugam.organisation.as_deref(), Some("CNRS"));
        let said: Vec<&str> = rebased.conflicts.iter().map(|c| c.message.as_str()).collect();
        assert_eq!(
            said,
            [
                "L'intervenant « S. Paugam » : son titre a aussi été modifié par votre collègue ; votre version est gardée.",
                "L'intervenant « S. Paugam » : son organisation a aussi été modifiée par votre collègue ; votre version est gardée.",
            ]
        );
    }

    #[test]
    fn a_field_i_emptied_and_they_changed_stays_empty_and_is_said() {
        let mut described = base();
        described.stands[0].description = Some("Aide alimentaire.".into());
        let mut theirs = described.clone();
        theirs.stands[0].description = Some("Aide alimentaire et accompagnement.".into());
        theirs.stands[0].theme = "Solidarité".into();
        let mut mine = described.clone();
        mine.stands[0].description = None;

        let rebased = rebase(&described, &mine, &theirs);

        assert_eq!(rebased.edition.stands[0].description, None);
        assert_eq!(rebased.edition.stands[0].theme, "Solidarité");
        assert_eq!(
            rebased.conflicts,
            [conflict(
                Entity::Stand,
                Some("restos"),
                "Le stand « Restos du cœur » : sa description a aussi été modifiée par votre collègue ; votre version est gardée."
            )]
        );
    }

    #[test]
    fn a_field_without_a_label_is_said_generically() {
        let clash = Clash::BothChangedField(Field::named("mystère"));
        assert_eq!(
            Conflict::new(Entity::Place, Some("hall"), "Hall", clash).message,
            "Le lieu « Hall » : un de ses champs a aussi été modifié par votre collègue ; votre version est gardée."
        );
    }

    #[test]
    fn a_merge_its_type_refuses_keeps_mine_whole_without_panicking() {
        // A width that is not a number becomes `null` in JSON, which a plan refuses back.
        let theirs = published(|e| plan(e).height = 32.0);
        let mine = draft(|e| plan(e).width = f64::NAN);

        let rebased = rebase(&base(), &mine, &theirs);

        let merged = rebased.edition.plan.as_ref().unwrap();
        assert!(merged.width.is_nan());
        assert_eq!(merged.height, 30.0, "mine, whole");
        assert_eq!(
            rebased.conflicts,
            [conflict(
                Entity::Plan,
                None,
                "Le plan a aussi été modifié par votre collègue : votre version est gardée."
            )]
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let theirs = published(|e| e.sessions[0].status = crate::edition::Status::Cancelled);
        let rebased = rebase(&base(), &theirs.clone(), &theirs);
        assert_eq!(rebased.conflicts, Vec::new());
        assert_eq!(rebased.edition, theirs);
    }

    #[test]
    fn what_i_did_not_touch_is_theirs_and_what_i_did_is_mine() {
        let theirs = published(|e| {
            e.speakers[0].title = Some("Sociologue".into());
            e.stands.retain(|s| s.id.as_str() != "restos");
        });
        // A draft that changes nothing gives their revision as is.
        assert_eq!(rebase(&base(), &base(), &theirs).edition, theirs);
        // A colleague who changed nothing gives my draft, with their revision number.
        let mine = draft(|e| e.places[1].name = "Grand auditorium".into());
        let rebased = rebase(&base(), &mine, &published(|_| {}));
        assert_eq!(rebased.edition.revision, 2);
        assert_eq!(rebased.edition.places, mine.places);
        assert_eq!(rebased.edition.sessions, mine.sessions);
    }

    #[test]
    fn a_stand_i_delete_is_gone_and_their_session_and_my_place_are_there() {
        let theirs = published(|e| e.sessions.push(session("atelier", "16:00", "17:00")));
        let mine = draft(|e| {
            e.stands.retain(|s| s.id.as_str() != "secours");
            e.places.push(place("jardin"));
        });

        let rebased = rebase(&base(), &mine, &theirs);

        let e = &rebased.edition;
        assert_eq!(ids(&e.stands), ["restos"]);
        assert_eq!(ids(&e.sessions), ["debat", "conf", "atelier"]);
        assert_eq!(ids(&e.places), ["salle-du-conseil", "auditorium", "jardin"]);
        assert_eq!(rebased.conflicts, Vec::new());
    }

    #[test]
    fn what_they_removed_and_i_did_not_touch_is_gone() {
        let theirs = published(|e| {
            e.sessions.remove(0);
        });
        let mine = draft(|e| e.sessions[1].title = "Conférence".into());
        let rebased = rebase(&base(), &mine, &theirs);
        assert_eq!(ids(&rebased.edition.sessions), ["conf"]);
        assert_eq!(rebased.edition.sessions[0].title, "Conférence");
    }

    #[test]
    fn my_additions_keep_their_place_among_their_neighbours() {
        // I insert a hall between the two rooms and a reception first; the colleague adds a
        // garden at the end and moves the auditorium first.
        let mine = draft(|e| {
            e.places.insert(1, place("hall"));
            e.places.insert(2, place("vestiaire"));
            e.places.insert(0, place("accueil"));
        });
        let theirs = published(|e| {
            e.places.reverse();
            e.places.push(place("jardin"));
        });

        let rebased = rebase(&base(), &mine, &theirs);

        assert_eq!(
            ids(&rebased.edition.places),
            [
                "accueil",
                "auditorium",
                "salle-du-conseil",
                "hall",
                "vestiaire",
                "jardin"
            ]
        );
    }

    #[test]
    fn what_i_removed_and_they_changed_is_kept_as_theirs() {
        let theirs = published(|e| e.stands[1].website = Some("https://www.secourspopulaire.fr".into()));
        let mine = draft(|e| e.stands.retain(|s| s.id.as_str() != "secours"));

        let rebased = rebase(&base(), &mine, &theirs);

        assert_eq!(rebased.edition.stands, theirs.stands);
        assert_eq!(
            rebased.conflicts,
            [conflict(Entity::Stand, Some("secours"), "Vous aviez supprimé le stand « Secours populaire », mais votre collègue l'a modifié : sa version est gardée.")]
        );
    }

    #[test]
    fn what_they_removed_and_i_changed_comes_back_as_mine() {
        let theirs = published(|e| {
            e.sessions.remove(0);
        });
        let mine = draft(|e| {
            e.sessions[0].title = "Débat des seniors".into();
            e.sessions.insert(0, session("accueil", "09:00", "10:00"));
        });

        let rebased = rebase(&base(), &mine, &theirs);

        assert_eq!(ids(&rebased.edition.sessions), ["accueil", "debat", "conf"]);
        assert_eq!(rebased.edition.sessions[1].title, "Débat des seniors");
        assert_eq!(
            rebased.conflicts.iter().map(|c| c.message.as_str()).collect::<Vec<_>>(),
            ["Votre collègue a supprimé la séance « Débat des seniors », que vous aviez modifiée : votre version est gardée."]
        );
    }

    #[test]
    fn the_same_id_added_on_both_sides_keeps_mine() {
        let theirs = published(|e| {
            e.speakers.push(Speaker {
                id: crate::ids::SpeakerId::parse("dupont").unwrap(),
                name: "Marie Dupont".into(),
                title: None,
                organisation: None,
            })
        });
        let mut mine = base();
        let mut mine_speaker = theirs.speakers[1].clone();
        mine_speaker.organisation = Some("CCAS".into());
        mine.speakers.push(mine_speaker.clone());

        let rebased = rebase(&base(), &mine, &theirs);

        assert_eq!(rebased.edition.speakers[1], mine_speaker);
        assert_eq!(rebased.edition.speakers.len(), 2);
        assert_eq!(
            rebased.conflicts[0].message,
            "Votre collègue a aussi ajouté l'intervenant « Marie Dupont » : votre version est gardée."
        );
    }

    #[test]
    fn the_event_merges_field_by_field_and_announcements_as_a_whole() {
        let theirs = published(|e| e.event.name = "Agir ensemble 2013".into());
        let mine = draft(|e| {
            e.announcements.push(Announcement {
                text: "Le déjeuner est servi dans le hall.".into(),
                until: None,
            })
        });
        let rebased = rebase(&base(), &mine, &theirs);
        assert_eq!(rebased.edition.event.name, "Agir ensemble 2013");
        assert_eq!(rebased.edition.announcements, mine.announcements);
        assert_eq!(rebased.conflicts, Vec::new());

        // The venue is one field: my address and their name both land.
        let mine = draft(|e| e.event.venue.address = Some("33 boulevard Carnot".into()));
        let rebased = rebase(&base(), &mine, &theirs);
        assert_eq!(rebased.edition.event.name, "Agir ensemble 2013");
        assert_eq!(rebased.edition.event.venue, mine.event.venue);
        assert_eq!(rebased.conflicts, Vec::new());

        // Both retitle the event and post an announcement: mine, each said.
        let mine = draft(|e| {
            e.event.name = "Agir ensemble, 2e édition".into();
            e.announcements.push(Announcement {
                text: "Le déjeuner est servi dans le hall.".into(),
                until: None,
            });
        });
        let theirs = published(|e| {
            e.event.name = "Agir ensemble 2013".into();
            e.announcements.push(Announcement {
                text: "La table ronde commence à 10 h 15.".into(),
                until: None,
            });
        });
        let rebased = rebase(&base(), &mine, &theirs);
        assert_eq!(rebased.edition.event, mine.event);
        assert_eq!(rebased.edition.announcements, mine.announcements);
        assert_eq!(
            rebased.conflicts,
            [
                conflict(
                    Entity::Event,
                    None,
                    "L'événement : son nom a aussi été modifié par votre collègue ; votre version est gardée."
                ),
                conflict(
                    Entity::Announcements,
                    None,
                    "Les annonces ont aussi été modifiées par votre collègue : votre version est gardée."
                ),
            ]
        );
    }

    #[test]
    fn my_event_name_and_their_end_date_both_land() {
        let theirs = published(|e| e.event.end_date = e.event.end_date.succ_opt().unwrap());
        let mine = draft(|e| e.event.name = "Agir ensemble 2013".into());

        let rebased = rebase(&base(), &mine, &theirs);

        assert_eq!(rebased.conflicts, Vec::new());
        let event = &rebased.edition.event;
        assert_eq!(event.name, "Agir ensemble 2013");
        assert_eq!(event.end_date.to_string(), "2013-10-09");
        assert_eq!(event.start_date.to_string(), "2013-10-08");
    }

    #[test]
    fn the_plan_merges_stand_by_stand() {
        let restos = StandId::parse("restos").unwrap();
        let secours = StandId::parse("secours").unwrap();
        let drawn = |stand: &StandId, x: f64| PlanStand {
            stand: stand.clone(),
            number: "2".into(),
            rect: Rect {
                x,
                y: 10.0,
                w: 4.0,
                h: 3.0,
            },
            polygon: None,
        };
        // They move the Restos' stand; I draw the Secours' and make the hall wider.
        let theirs = published(|e| plan(e).stands[0].rect.x = 20.0);
        let mine = draft(|e| {
            plan(e).stands.push(drawn(&secours, 10.0));
            plan(e).width = 50.0;
        });

        let rebased = rebase(&base(), &mine, &theirs);

        let merged = rebased.edition.plan.as_ref().unwrap();
        assert_eq!(merged.width, 50.0);
        assert_eq!(merged.stands[0].rect.x, 20.0);
        assert_eq!(merged.stands[1], drawn(&secours, 10.0));
        assert_eq!(rebased.conflicts, Vec::new());

        // Both move the Restos' stand, they renumber it, both resize the hall: my position
        // and height with their number, each field both changed said.
        let mine = draft(|e| {
            plan(e).stands[0].rect.x = 30.0;
            plan(e).height = 35.0;
        });
        let theirs = published(|e| {
            plan(e).stands[0] = drawn(&restos, 20.0);
            plan(e).height = 32.0;
        });
        let rebased = rebase(&base(), &mine, &theirs);
        let merged = rebased.edition.plan.as_ref().unwrap();
        assert_eq!(merged.height, 35.0);
        assert_eq!(merged.stands[0].rect, mine.plan.as_ref().unwrap().stands[0].rect);
        assert_eq!(merged.stands[0].number, "2");
        let said: Vec<(Entity, Option<&str>, &str)> = rebased
            .conflicts
            .iter()
            .map(|c| (c.kind, c.id.as_deref(), c.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (
                    Entity::Plan,
                    None,
                    "Le plan : sa hauteur a aussi été modifiée par votre collègue ; votre version est gardée."
                ),
                (
                    Entity::PlanStand,
                    Some("restos"),
                    "L'emplacement du stand « Restos du cœur » sur le plan : sa position et sa taille ont aussi été modifiées par votre collègue ; votre version est gardée."
                ),
            ]
        );
    }

    #[test]
    fn a_plan_i_removed_that_they_changed_stays() {
        let theirs = published(|e| e.plan.as_mut().unwrap().stands[0].number = "7".into());
        let mine = draft(|e| e.plan = None);
        let rebased = rebase(&base(), &mine, &theirs);
        assert_eq!(rebased.edition.plan, theirs.plan);
        assert_eq!(
            rebased.conflicts[0].message,
            "Vous aviez supprimé le plan, mais votre collègue l'a modifié : sa version est gardée."
        );
        // Untouched by them, it goes.
        assert_eq!(rebase(&base(), &mine, &published(|_| {})).edition.plan, None);
    }

    #[test]
    fn duplicated_ids_merge_item_by_item_without_losing_any() {
        // A document with the same id twice (validation refuses it) still merges.
        let mut twice = base();
        twice.sessions.push(session("debat", "17:00", "18:00"));
        let mut theirs = twice.clone();
        theirs.sessions[2].title = "Second débat".into();
        let mut mine = twice.clone();
        mine.sessions[0].title = "Premier débat".into();
        mine.sessions.push(session("debat", "19:00", "20:00"));

        let rebased = rebase(&twice, &mine, &theirs);

        let titles: Vec<&str> = rebased.edition.sessions.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Premier débat", "Séance conf", "Second débat", "Séance debat"]);
        assert_eq!(rebased.conflicts, Vec::new());
    }

    #[test]
    fn conflicts_travel_as_json_with_a_stable_kind() {
        let conflict = Conflict::new(Entity::PlanStand, Some("restos"), "", Clash::BothChanged);
        let json = serde_json::to_value(&conflict).unwrap();
        assert_eq!(json["kind"], "plan-stand");
        assert_eq!(json["id"], "restos");
        assert!(
            conflict.message.contains("« restos »"),
            "an empty name is said by its id"
        );
    }
}
