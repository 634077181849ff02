//! The plan's text equivalent, beside the list of stands: its facilities (« Services et
//! accès ») and its rooms (« Salles et espaces »), each with where it is in words.

use crate::edition::{Edition, FeatureKind};
use crate::ids::PlaceId;

use super::whereabouts::Whereabouts;

/// The kinds of facility, in the order the list gives them.
const KINDS: [FeatureKind; 6] = [
    FeatureKind::Entrance,
    FeatureKind::InfoDesk,
    FeatureKind::Toilets,
    FeatureKind::Lift,
    FeatureKind::StepFreeRoute,
    FeatureKind::Exit,
];

/// A facility of the plan (entrance, toilets, route…) and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Facility {
    pub kind: FeatureKind,
    /// Its label on the plan, or the name of its kind.
    pub label: String,
    /// Where it is, as a line that starts with a capital: « Au fond à gauche en entrant ».
    pub whereabouts: String,
}

/// A room of the plan, linked to a place of the programme, and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Room {
    pub place: PlaceId,
    pub name: String,
    /// Where it is, as a line that starts with a capital.
    pub whereabouts: String,
}

/// The plan's facilities with where each is: entrances first, then the information desk,
/// toilets, lifts, step-free routes and exits, each kind in the plan's order. A facility
/// without a point is not drawn, and not listed.
pub fn facilities(edition: &Edition) -> Vec<Facility> {
    let (Some(plan), Some(words)) = (&edition.plan, Whereabouts::new(edition)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for kind in KINDS {
        for f in plan.features.iter().filter(|f| f.kind == kind && !f.points.is_empty()) {
            let whereabouts = if kind == FeatureKind::StepFreeRoute {
                words.route(&f.points)
            } else if words.is_main_entrance(f) {
                words.main_entrance()
            } else {
                words.point(f.points[0])
            };
            out.push(Facility {
                kind,
                label: f.label.clone().unwrap_or_else(|| kind.label().to_owned()),
                whereabouts: crate::french::capitalize(&whereabouts),
            });
        }
    }
    out
}

/// The plan's rooms that are places of the programme, in the plan's order, with where each
/// is.
pub fn rooms(edition: &Edition) -> Vec<Room> {
    let (Some(plan), Some(words)) = (&edition.plan, Whereabouts::new(edition)) else {
        return Vec::new();
    };
    plan.rooms
        .iter()
        .filter_map(|r| {
            let place = edition.place(&r.place)?;
            Some(Room {
                place: r.place.clone(),
                name: place.name.clone(),
                whereabouts: crate::french::capitalize(&words.room(&r.rect)),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::{Feature, PlanRoom, Point, Rect};
    use crate::plan::test_stages::{demo, facility_lines as lines};

    #[test]
    fn the_2013_facilities_are_placed_from_the_main_entrance() {
        assert_eq!(
            lines(&demo()),
            [
                "Entrée principale : Sur le côté droit du plan, près du stand 12",
                // 6.5 m from stand 12: too far to help.
                "Accueil du CCAS : Droit devant en entrant",
                "Toilettes : Au fond, droit devant en entrant, près du stand 1",
                "Ascenseur : Au fond à droite en entrant, près du stand 1",
                "Cheminement sans marche de l'entrée aux salles : De l'entrée principale jusqu'à l'Auditorium",
                "Sortie de secours : Au milieu, à gauche en entrant, près du stand 10",
                "Sortie de secours : Au fond à gauche en entrant, près du stand 7",
            ]
        );
    }

    #[test]
    fn the_2013_rooms_are_placed_and_the_hall_opens_at_the_entrance() {
        let rooms: Vec<String> = rooms(&demo())
            .into_iter()
            .map(|r| format!("{} ({}) : {}", r.name, r.place, r.whereabouts))
            .collect();
        assert_eq!(
            rooms,
            [
                "Auditorium (auditorium) : Au fond à droite en entrant",
                "Salle du conseil (salle-du-conseil) : Au milieu, à droite en entrant",
                "Salon du déjeuner (salon-dejeuner) : À droite en entrant",
                "Hall – Village des solidarités (hall-village) : Dès l'entrée principale",
            ]
        );
    }

    #[test]
    fn nothing_is_listed_without_a_plan_or_without_a_point() {
        let mut e = demo();
        let plan = e.plan.as_mut().unwrap();
        plan.features.push(Feature {
            kind: FeatureKind::Toilets,
            label: Some("Sans point".into()),
            points: Vec::<Point>::new(),
        });
        plan.rooms.push(PlanRoom {
            place: PlaceId::parse("salle-inconnue").unwrap(),
            rect: Rect {
                x: 0.0,
                y: 0.0,
                w: 1.0,
                h: 1.0,
            },
            polygon: None,
        });
        assert_eq!(facilities(&e).len(), 7);
        assert_eq!(rooms(&e).len(), 4);
        e.plan = None;
        assert!(facilities(&e).is_empty());
        assert!(rooms(&e).is_empty());
    }
}
