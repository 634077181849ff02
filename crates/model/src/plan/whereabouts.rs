//! Where a point, a room or a route of the village plan is, in words: « au fond à droite en
//! entrant, près du stand 1 ». The lines of the plan's text equivalent
//! ([`super::directory`]) are made of them.
//!
//! Directions are those of a person who comes in through the main entrance and faces the
//! hall: the wall the entrance is on decides what "left" and "at the back" mean. A plan
//! without an entrance is described as it is drawn (« en haut à gauche du plan »).

use crate::edition::{Edition, Feature, FeatureKind, Place, PlaceKind, Plan, Point, Rect};
use crate::search::fold;

/// A stand whose edge is closer than this to a point (metres) is named after the words:
/// « près du stand 7 ». Farther, it would say little about where the point is.
pub const NEAR_STAND_M: f64 = 6.0;

/// Closer than this to the main entrance (metres), a point is « juste à gauche de l'entrée
/// principale »; a large hall widens it to 8 % of its depth.
const AT_DOOR_M: f64 = 3.0;

/// The wall of the plan's rectangle an entrance is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wall {
    Left,
    Right,
    Top,
    Bottom,
}

/// Which side of the entrance's axis a point is on, for a person coming in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Ahead,
    Right,
}

/// The main entrance, and the way a person faces coming in through it.
#[derive(Debug, Clone, Copy)]
struct Door {
    at: Point,
    wall: Wall,
    /// Unit vector from the entrance into the plan.
    inward: Point,
    /// Metres from the entrance to the opposite wall.
    reach: f64,
    /// Metres along the entrance's wall.
    across: f64,
}

impl Door {
    fn new(plan: &Plan, at: Point) -> Self {
        let (w, h) = (plan.width.max(1.0), plan.height.max(1.0));
        let gaps = [
            (Wall::Left, at.x),
            (Wall::Right, w - at.x),
            (Wall::Top, at.y),
            (Wall::Bottom, h - at.y),
        ];
        let mut wall = gaps[0];
        for g in &gaps[1..] {
            if g.1 < wall.1 {
                wall = *g;
            }
        }
        let (inward, reach, across) = match wall.0 {
            Wall::Left => ((1.0, 0.0), w - at.x, h),
            Wall::Right => ((-1.0, 0.0), at.x, h),
            Wall::Top => ((0.0, 1.0), h - at.y, w),
            Wall::Bottom => ((0.0, -1.0), at.y, w),
        };
        Self {
            at,
            wall: wall.0,
            inward: Point {
                x: inward.0,
                y: inward.1,
            },
            reach: reach.max(1.0),
            across,
        }
    }

    /// How far into the plan `p` is, and how far to the left of the entrance's axis
    /// (negative: to the right), for a person facing into the plan (y grows downwards).
    fn frame(&self, p: Point) -> (f64, f64) {
        let (dx, dy) = (p.x - self.at.x, p.y - self.at.y);
        let depth = dx * self.inward.x + dy * self.inward.y;
        let left = dx * self.inward.y - dy * self.inward.x;
        (depth, left)
    }

    /// Whether `p` is right at the entrance: within [`AT_DOOR_M`], or 8 % of the depth of
    /// a large hall.
    fn is_at(&self, p: Point) -> bool {
        (p.x - self.at.x).hypot(p.y - self.at.y) <= AT_DOOR_M.max(self.reach * 0.08)
    }

    /// Where `p` is from the entrance: « au fond à gauche en entrant ».
    fn words(&self, p: Point) -> String {
        let (depth, left) = self.frame(p);
        let at_door = self.is_at(p);
        // Within a tenth of the wall's length from the axis, a point is straight ahead;
        // beside the entrance, a metre to one side already counts.
        let band = if at_door { 1.0 } else { (self.across * 0.1).max(1.0) };
        let side = if left.abs() < band {
            Side::Ahead
        } else if left > 0.0 {
            Side::Left
        } else {
            Side::Right
        };
        // By thirds of the way from the entrance to the opposite wall.
        let [left, ahead, right] = if at_door {
            [
                "juste à gauche de l'entrée principale",
                "à l'entrée principale",
                "juste à droite de l'entrée principale",
            ]
        } else if depth < self.reach / 3.0 {
            ["à gauche en entrant", "droit devant en entrant", "à droite en entrant"]
        } else if depth < self.reach * 2.0 / 3.0 {
            [
                "au milieu, à gauche en entrant",
                "au milieu, droit devant en entrant",
                "au milieu, à droite en entrant",
            ]
        } else {
            [
                "au fond à gauche en entrant",
                "au fond, droit devant en entrant",
                "au fond à droite en entrant",
            ]
        };
        match side {
            Side::Left => left,
            Side::Ahead => ahead,
            Side::Right => right,
        }
        .to_owned()
    }
}

/// Where `p` is on the drawing, by thirds of the plan: « en haut à gauche du plan ».
fn on_drawing(plan: &Plan, p: Point) -> String {
    let third = |v: f64, size: f64| {
        if v < size / 3.0 {
            0
        } else if v > size * 2.0 / 3.0 {
            2
        } else {
            1
        }
    };
    let text = match (third(p.y, plan.height.max(1.0)), third(p.x, plan.width.max(1.0))) {
        (0, 0) => "en haut à gauche du plan",
        (0, 1) => "en haut du plan",
        (0, _) => "en haut à droite du plan",
        (1, 0) => "à gauche du plan",
        (1, 1) => "au centre du plan",
        (1, _) => "à droite du plan",
        (_, 0) => "en bas à gauche du plan",
        (_, 1) => "en bas du plan",
        _ => "en bas à droite du plan",
    };
    text.to_owned()
}

/// Metres from `p` to the nearest edge of `r` (0 inside).
fn gap(p: Point, r: &Rect) -> f64 {
    let dx = (r.x - p.x).max(p.x - (r.x + r.w)).max(0.0);
    let dy = (r.y - p.y).max(p.y - (r.y + r.h)).max(0.0);
    dx.hypot(dy)
}

/// Whether `p` is in `r` or on its edge, give or take half a metre (a route ends at a door).
fn touches(p: Point, r: &Rect) -> bool {
    gap(p, r) <= 0.5
}

/// A place as the object of a sentence, with its article: « la Salle du conseil »,
/// « l'Auditorium », « la salle Molière ».
fn with_article(place: &Place) -> String {
    let folded = fold(&place.name);
    let named = [
        ("salle", "la "),
        ("salon", "le "),
        ("hall", "le "),
        ("auditorium", "l'"),
        ("amphitheatre", "l'"),
        ("espace", "l'"),
        ("cour", "la "),
        ("jardin", "le "),
    ];
    if let Some((_, article)) = named.iter().find(|(word, _)| folded.starts_with(word)) {
        return format!("{article}{}", place.name);
    }
    let noun = match place.kind {
        PlaceKind::Room => "la salle ",
        PlaceKind::Hall => "le hall ",
        PlaceKind::Zone => "l'espace ",
        PlaceKind::Outdoor => "l'espace extérieur ",
    };
    format!("{noun}{}", place.name)
}

/// `de` or `jusqu'à` before a noun phrase, with the contractions French makes.
fn after(preposition: &str, phrase: &str) -> String {
    match (preposition, phrase.strip_prefix("le ")) {
        ("de", Some(rest)) => format!("du {rest}"),
        ("jusqu'à", Some(rest)) => format!("jusqu'au {rest}"),
        _ => format!("{preposition} {phrase}"),
    }
}

/// Where things are on one plan, in words.
pub struct Whereabouts<'a> {
    edition: &'a Edition,
    plan: &'a Plan,
    /// The main entrance: the first entrance whose label says « principale », else the
    /// first entrance.
    main: Option<&'a Feature>,
    door: Option<Door>,
}

impl<'a> Whereabouts<'a> {
    /// The words for `edition`'s plan; `None` without a plan.
    pub fn new(edition: &'a Edition) -> Option<Self> {
        let plan = edition.plan.as_ref()?;
        let entrances = || {
            plan.features
                .iter()
                .filter(|f| f.kind == FeatureKind::Entrance && !f.points.is_empty())
        };
        let main = entrances()
            .find(|f| f.label.as_deref().is_some_and(|l| fold(l).contains("principal")))
            .or_else(|| entrances().next());
        Some(Self {
            edition,
            plan,
            main,
            door: main.map(|f| Door::new(plan, f.points[0])),
        })
    }

    /// Whether `f` is the main entrance, which the others are placed from.
    pub fn is_main_entrance(&self, f: &Feature) -> bool {
        self.main.is_some_and(|m| std::ptr::eq(m, f))
    }

    /// Where `p` is, from the main entrance or on the drawing.
    fn bare(&self, p: Point) -> String {
        match &self.door {
            Some(door) => door.words(p),
            None => on_drawing(self.plan, p),
        }
    }

    /// The number of the stand nearest to `p`, if it is close enough to help (the first in
    /// the plan's order when two are as close).
    fn nearest_stand(&self, p: Point) -> Option<&'a str> {
        let mut best: Option<(f64, &str)> = None;
        for s in &self.plan.stands {
            let d = gap(p, &s.rect);
            if d <= NEAR_STAND_M && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, &s.number));
            }
        }
        best.map(|(_, n)| n)
    }

    /// « près du stand 7 », for the stand nearest to `p`.
    fn near_stand(&self, p: Point) -> Option<String> {
        self.nearest_stand(p).map(|n| format!("près du stand {n}"))
    }

    /// The room (not the hall, which holds everything) that `p` is inside, if any.
    fn room_around(&self, p: Point) -> Option<&'a Place> {
        self.plan
            .rooms
            .iter()
            .filter(|r| gap(p, &r.rect) == 0.0)
            .filter_map(|r| self.edition.place(&r.place))
            .find(|place| place.kind != PlaceKind::Hall)
    }

    /// A facility at `p`: the room it is in, where it is, the stand next to it.
    pub fn point(&self, p: Point) -> String {
        let mut parts = Vec::new();
        if let Some(place) = self.room_around(p) {
            parts.push(format!("dans {}", with_article(place)));
        }
        parts.push(self.bare(p));
        parts.extend(self.near_stand(p));
        parts.join(", ")
    }

    /// The main entrance itself: the side of the plan it is on, the stand next to it.
    pub fn main_entrance(&self) -> String {
        let Some(door) = &self.door else {
            return String::new();
        };
        let side = match door.wall {
            Wall::Left => "sur le côté gauche du plan",
            Wall::Right => "sur le côté droit du plan",
            Wall::Top => "en haut du plan",
            Wall::Bottom => "en bas du plan",
        };
        let mut parts = vec![side.to_owned()];
        parts.extend(self.near_stand(door.at));
        parts.join(", ")
    }

    /// A room: the way to it from the entrance (the room the entrance opens into says so).
    pub fn room(&self, r: &Rect) -> String {
        match &self.door {
            Some(door) if touches(door.at, r) => "dès l'entrée principale".to_owned(),
            _ => self.bare(r.center()),
        }
    }

    /// One end of a route, as a noun phrase: the main entrance, a room, a stand, else a
    /// spot.
    fn end(&self, p: Point) -> String {
        if self.door.is_some_and(|door| door.is_at(p)) {
            return "l'entrée principale".to_owned();
        }
        let room = self
            .plan
            .rooms
            .iter()
            .filter(|r| touches(p, &r.rect))
            .filter_map(|r| self.edition.place(&r.place))
            .min_by_key(|place| place.kind == PlaceKind::Hall);
        if let Some(place) = room {
            return with_article(place);
        }
        if let Some(number) = self.nearest_stand(p) {
            return format!("le stand {number}");
        }
        format!("l'endroit situé {}", self.bare(p))
    }

    /// A route: where it starts and where it ends (a route of one point is that point; of
    /// none, nowhere).
    pub fn route(&self, points: &[Point]) -> String {
        let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
            return String::new();
        };
        if points.len() < 2 {
            return self.point(first);
        }
        format!(
            "{} {}",
            after("de", &self.end(first)),
            after("jusqu'à", &self.end(last))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::{PlanStand, Rect};
    use crate::ids::{PlaceId, StandId};
    use crate::plan::directory::{facilities, rooms};
    use crate::plan::test_stages::{demo, facility_lines as lines};

    fn at(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    fn feature(kind: FeatureKind, label: &str, points: &[(f64, f64)]) -> Feature {
        Feature {
            kind,
            label: (!label.is_empty()).then(|| label.to_owned()),
            points: points.iter().map(|&(x, y)| at(x, y)).collect(),
        }
    }

    fn stand(number: &str, x: f64, y: f64) -> PlanStand {
        PlanStand {
            stand: StandId::parse(format!("stand-{number}")).unwrap(),
            number: number.to_owned(),
            rect: Rect { x, y, w: 2.0, h: 2.0 },
            polygon: None,
        }
    }

    /// The 2013 edition with another plan, of `width` × `height` metres.
    fn with_plan(width: f64, height: f64, features: Vec<Feature>, stands: Vec<PlanStand>) -> Edition {
        let mut e = demo();
        e.plan = Some(Plan {
            width,
            height,
            outline: Vec::new(),
            stands,
            features,
            rooms: Vec::new(),
            assumption: None,
        });
        e
    }

    /// `edition`'s plan turned a quarter clockwise: what is on the bottom wall goes to the
    /// left wall, and so on.
    fn turned(edition: &Edition) -> Edition {
        let mut e = edition.clone();
        let plan = e.plan.as_mut().unwrap();
        let h = plan.height;
        let turn = |p: &mut Point| *p = at(h - p.y, p.x);
        let turn_rect = |r: &mut Rect| {
            *r = Rect {
                x: h - r.y - r.h,
                y: r.x,
                w: r.h,
                h: r.w,
            }
        };
        std::mem::swap(&mut plan.width, &mut plan.height);
        plan.features
            .iter_mut()
            .flat_map(|f| f.points.iter_mut())
            .for_each(turn);
        plan.stands.iter_mut().for_each(|s| turn_rect(&mut s.rect));
        plan.rooms.iter_mut().for_each(|r| turn_rect(&mut r.rect));
        e
    }

    #[test]
    fn the_words_follow_the_entrance_whichever_wall_it_is_on() {
        // A 30 × 20 hall entered from the middle of its bottom wall.
        let e = with_plan(
            30.0,
            20.0,
            vec![
                feature(FeatureKind::Entrance, "Entrée principale", &[(15.0, 20.0)]),
                feature(FeatureKind::Toilets, "", &[(3.0, 2.0)]),
                feature(FeatureKind::Lift, "", &[(27.0, 2.0)]),
                feature(FeatureKind::InfoDesk, "", &[(15.0, 2.0)]),
                feature(FeatureKind::Exit, "Sortie A", &[(5.0, 14.0)]),
                feature(FeatureKind::Exit, "Sortie B", &[(25.0, 14.0)]),
                feature(FeatureKind::Exit, "Sortie C", &[(15.0, 10.0)]),
                feature(FeatureKind::Exit, "Sortie D", &[(4.0, 9.0)]),
                feature(FeatureKind::Exit, "Sortie E", &[(15.5, 19.0)]),
                feature(FeatureKind::Exit, "Sortie F", &[(17.5, 19.0)]),
            ],
            vec![stand("7", 5.0, 5.0)],
        );
        let expected = [
            "Entrée principale : En bas du plan",
            "Accueil et informations : Au fond, droit devant en entrant",
            "Toilettes : Au fond à gauche en entrant, près du stand 7",
            "Ascenseur : Au fond à droite en entrant",
            "Sortie A : À gauche en entrant",
            "Sortie B : À droite en entrant",
            "Sortie C : Au milieu, droit devant en entrant",
            "Sortie D : Au milieu, à gauche en entrant, près du stand 7",
            "Sortie E : À l'entrée principale",
            "Sortie F : Juste à droite de l'entrée principale",
        ];
        assert_eq!(lines(&e), expected);
        // Turned a quarter at a time, the entrance goes round the walls; a person coming
        // in finds everything in the same place.
        let left = turned(&e);
        let top = turned(&left);
        let right = turned(&top);
        assert_eq!(turned(&right).plan, e.plan);
        for (plan, side) in [
            (left, "Sur le côté gauche du plan"),
            (top, "En haut du plan"),
            (right, "Sur le côté droit du plan"),
        ] {
            let mut expected = expected.map(str::to_owned);
            expected[0] = format!("Entrée principale : {side}");
            assert_eq!(lines(&plan), expected);
        }
    }

    #[test]
    fn a_plan_without_an_entrance_is_described_as_drawn() {
        let thirds = [
            (1.0, 1.0),
            (15.0, 1.0),
            (29.0, 1.0),
            (1.0, 10.0),
            (15.0, 10.0),
            (29.0, 10.0),
            (1.0, 19.0),
            (15.0, 19.0),
            (29.0, 19.0),
        ];
        let e = with_plan(
            30.0,
            20.0,
            thirds.iter().map(|&p| feature(FeatureKind::Exit, "", &[p])).collect(),
            vec![stand("3", 17.0, 11.0)],
        );
        let words: Vec<String> = facilities(&e).into_iter().map(|f| f.whereabouts).collect();
        assert_eq!(
            words,
            [
                "En haut à gauche du plan",
                "En haut du plan",
                "En haut à droite du plan",
                "À gauche du plan",
                "Au centre du plan, près du stand 3",
                "À droite du plan",
                "En bas à gauche du plan",
                "En bas du plan",
                "En bas à droite du plan",
            ]
        );
        // The rooms too, by their middle.
        let mut e = demo();
        e.plan
            .as_mut()
            .unwrap()
            .features
            .retain(|f| f.kind != FeatureKind::Entrance);
        let words: Vec<String> = rooms(&e).into_iter().map(|r| r.whereabouts).collect();
        assert_eq!(
            words,
            [
                "En haut à gauche du plan",
                "En haut du plan",
                "En haut à droite du plan",
                "En bas du plan"
            ]
        );
        // Without the entrance, the route runs from the hall it starts in.
        let route = facilities(&e)
            .into_iter()
            .find(|f| f.kind == FeatureKind::StepFreeRoute)
            .unwrap();
        assert_eq!(
            route.whereabouts,
            "Du Hall – Village des solidarités jusqu'à l'Auditorium"
        );
    }

    #[test]
    fn the_main_entrance_is_the_one_that_says_so_else_the_first() {
        let side = feature(FeatureKind::Entrance, "Entrée du parking", &[(0.0, 10.0)]);
        let main = feature(FeatureKind::Entrance, "Entrée Principale", &[(30.0, 10.0)]);
        let e = with_plan(30.0, 20.0, vec![side.clone(), main.clone()], Vec::new());
        assert_eq!(
            lines(&e),
            [
                "Entrée du parking : Au fond, droit devant en entrant",
                "Entrée Principale : Sur le côté droit du plan"
            ]
        );
        let mut plain = main;
        plain.label = None;
        let e = with_plan(30.0, 20.0, vec![side, plain], Vec::new());
        assert_eq!(
            lines(&e),
            [
                "Entrée du parking : Sur le côté gauche du plan",
                "Entrée : Au fond, droit devant en entrant"
            ]
        );
    }

    #[test]
    fn the_nearest_stand_is_named_when_it_is_close_enough() {
        let e = with_plan(
            40.0,
            20.0,
            vec![
                feature(FeatureKind::Entrance, "", &[(0.0, 10.0)]),
                feature(FeatureKind::Toilets, "", &[(20.0, 10.0)]),
                feature(FeatureKind::Lift, "", &[(33.5, 11.0)]),
            ],
            // Stand 4 is 5 m from the toilets, stand 2 is 3 m, and so is stand 9, listed
            // after it; the lift is 6.5 m from stand 4.
            vec![stand("4", 25.0, 9.0), stand("2", 15.0, 9.0), stand("9", 23.0, 10.0)],
        );
        let words: Vec<String> = facilities(&e).into_iter().map(|f| f.whereabouts).collect();
        assert_eq!(
            words,
            [
                "Sur le côté gauche du plan",
                "Au milieu, droit devant en entrant, près du stand 2",
                "Au fond, droit devant en entrant",
            ]
        );
    }

    #[test]
    fn a_facility_inside_a_room_names_the_room() {
        let mut e = demo();
        let plan = e.plan.as_mut().unwrap();
        plan.features
            .push(feature(FeatureKind::Toilets, "Toilettes du conseil", &[(30.0, 5.0)]));
        // In the hall: the hall is not named, it holds almost everything.
        plan.features
            .push(feature(FeatureKind::Lift, "Ascenseur du hall", &[(45.0, 38.0)]));
        let found = facilities(&e);
        let line = |label: &str| found.iter().find(|f| f.label == label).unwrap().whereabouts.clone();
        assert_eq!(
            line("Toilettes du conseil"),
            "Dans la Salle du conseil, au milieu, à droite en entrant"
        );
        assert_eq!(line("Ascenseur du hall"), "À gauche en entrant, près du stand 11");
    }

    #[test]
    fn places_get_their_article() {
        let place = |name: &str, kind: PlaceKind| Place {
            id: PlaceId::parse("lieu").unwrap(),
            name: name.to_owned(),
            kind,
            accessibility: None,
            assumed: false,
        };
        let cases = [
            ("Auditorium", PlaceKind::Room, "l'Auditorium"),
            ("Salle du conseil", PlaceKind::Room, "la Salle du conseil"),
            ("Salon du déjeuner", PlaceKind::Room, "le Salon du déjeuner"),
            ("Espace enfants", PlaceKind::Zone, "l'Espace enfants"),
            ("Molière", PlaceKind::Room, "la salle Molière"),
            ("Loire", PlaceKind::Hall, "le hall Loire"),
            ("Ados", PlaceKind::Zone, "l'espace Ados"),
            ("Parvis", PlaceKind::Outdoor, "l'espace extérieur Parvis"),
        ];
        for (name, kind, expected) in cases {
            assert_eq!(with_article(&place(name, kind)), expected);
        }
        assert_eq!(after("de", "le hall Loire"), "du hall Loire");
        assert_eq!(after("jusqu'à", "le stand 4"), "jusqu'au stand 4");
        assert_eq!(after("jusqu'à", "la salle Molière"), "jusqu'à la salle Molière");
    }

    #[test]
    fn a_route_runs_from_one_end_to_the_other() {
        let e = with_plan(
            30.0,
            20.0,
            vec![
                feature(FeatureKind::Entrance, "", &[(15.0, 20.0)]),
                feature(
                    FeatureKind::StepFreeRoute,
                    "Vers le stand",
                    &[(15.0, 19.0), (15.0, 12.0), (6.0, 4.0)],
                ),
                feature(FeatureKind::StepFreeRoute, "Vers le fond", &[(15.0, 19.0), (28.0, 1.0)]),
                feature(FeatureKind::StepFreeRoute, "Un point", &[(28.0, 1.0)]),
            ],
            vec![stand("4", 5.0, 1.0)],
        );
        assert_eq!(
            lines(&e)[1..],
            [
                "Vers le stand : De l'entrée principale jusqu'au stand 4",
                "Vers le fond : De l'entrée principale jusqu'à l'endroit situé au fond à droite en entrant",
                "Un point : Au fond à droite en entrant",
            ]
        );
        assert_eq!(Whereabouts::new(&e).unwrap().route(&[]), "");
    }
}
