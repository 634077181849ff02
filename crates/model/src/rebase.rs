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
mod tests;
