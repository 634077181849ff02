//! Editing the village plan in the organizers' console: moving a stand or a feature by
//! pointer, key or typed number (snapped to half a metre, kept inside the hall), placing a
//! stand at a free spot, numbering it, and the French words said about positions. The
//! console's components only read pointers and keys and call these.

use super::{overlaps, svg, FIT_MARGIN};
use crate::edition::{Edition, Feature, FeatureKind, Plan, PlanStand, Point, Rect, Stand};
use crate::french::lowercase;
use crate::ids::StandId;

/// What a drag snaps to, and what an arrow key moves by, in metres.
pub const STEP: f64 = 0.5;
/// What an arrow key moves by with Shift held, in metres.
pub const BIG_STEP: f64 = 2.0;
/// The size of a stand placed on a plan that has none to copy, in metres.
pub const DEFAULT_STAND: (f64, f64) = (3.0, 2.0);
/// The hall a new plan starts with, in metres: changed afterwards.
pub const NEW_PLAN: (f64, f64) = (40.0, 30.0);
/// Space kept between a newly placed stand and the others, in metres.
const GAP: f64 = 0.5;
/// Most positions tried per axis when looking for a free spot.
const MAX_TRIES: f64 = 120.0;

/// `value` to the nearest half metre (0 for nonsense).
pub fn snap(value: f64) -> f64 {
    if value.is_finite() {
        (value / STEP).round() * STEP
    } else {
        0.0
    }
}

/// `value` between `lo` and `hi` (`lo` when the range is empty). Not `f64::clamp`, whose
/// check of its bounds would bring float formatting into the wasm.
fn within(value: f64, lo: f64, hi: f64) -> f64 {
    value.min(hi).max(lo)
}

/// `rect` moved to (`x`, `y`) snapped to half a metre, kept inside the plan (at its left
/// or top edge when it is larger than the plan).
pub fn moved_to(rect: Rect, x: f64, y: f64, plan: &Plan) -> Rect {
    Rect {
        x: within(snap(x), 0.0, snap_down(plan.width - rect.w)),
        y: within(snap(y), 0.0, snap_down(plan.height - rect.h)),
        ..rect
    }
}

/// The last half metre at or below `value`, so a snapped rectangle never crosses the edge.
fn snap_down(value: f64) -> f64 {
    if value.is_finite() {
        (value / STEP).floor() * STEP
    } else {
        0.0
    }
}

/// `rect` moved by (`dx`, `dy`) metres: an arrow key.
pub fn nudged(rect: Rect, dx: f64, dy: f64, plan: &Plan) -> Rect {
    moved_to(rect, rect.x + dx, rect.y + dy, plan)
}

/// Where a rectangle dragged from `start` by (`dx`, `dy`) pixels goes, at `scale` pixels
/// per metre.
pub fn dragged(start: Rect, dx: f64, dy: f64, scale: f64, plan: &Plan) -> Rect {
    let scale = if scale > 0.0 { scale } else { 1.0 };
    moved_to(start, start.x + dx / scale, start.y + dy / scale, plan)
}

/// `point` moved to (`x`, `y`) snapped to half a metre, kept inside the plan.
pub fn point_moved_to(x: f64, y: f64, plan: &Plan) -> Point {
    Point {
        x: within(snap(x), 0.0, snap_down(plan.width)),
        y: within(snap(y), 0.0, snap_down(plan.height)),
    }
}

/// The move of an arrow key, in metres (2 m with Shift); `None` for any other key.
pub fn key_step(key: &str, shift: bool) -> Option<(f64, f64)> {
    let d = if shift { BIG_STEP } else { STEP };
    match key {
        "ArrowLeft" => Some((-d, 0.0)),
        "ArrowRight" => Some((d, 0.0)),
        "ArrowUp" => Some((0.0, -d)),
        "ArrowDown" => Some((0.0, d)),
        _ => None,
    }
}

/// Gives a stand its new rectangle; its outline, if it has one, moves with it.
pub fn set_rect(stand: &mut PlanStand, rect: Rect) {
    let (dx, dy) = (rect.x - stand.rect.x, rect.y - stand.rect.y);
    if let Some(polygon) = &mut stand.polygon {
        for p in polygon {
            p.x += dx;
            p.y += dy;
        }
    }
    stand.rect = rect;
}

/// A number of metres as typed by a person: "10,5", "10.5", "4 m", "-1". `None` when it
/// is not one. Read digit by digit, without the float parser, to keep it out of the wasm.
pub fn parse_metres(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = text.strip_suffix('m').unwrap_or(text).trim_end();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = match digits.find([',', '.']) {
        Some(at) => (&digits[..at], &digits[at + 1..]),
        None => (digits, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || int.len() > 6 || frac.len() > 6 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    let whole = int.bytes().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    let mut value = whole as f64;
    let mut unit = 1.0;
    for b in frac.bytes() {
        unit /= 10.0;
        value += f64::from(b - b'0') * unit;
    }
    Some(if negative { -value } else { value })
}

/// Metres written the French way: "10,5", "4", "-0,25".
pub fn metres(value: f64) -> String {
    svg::num(value).replace('.', ",")
}

/// The accessible name of a stand in the editor, with where it is:
/// "Stand 12 : Nom de l'association, x 10,5 m, y 4 m".
pub fn stand_name(number: &str, name: &str, rect: &Rect) -> String {
    format!(
        "{}, {}",
        svg::stand_label(number, name, false),
        position(rect.x, rect.y)
    )
}

/// What a feature is called in lists: its kind, and its own label when it says more
/// ("Toilettes : Près de l'auditorium"); the label alone when it starts with the kind
/// ("Cheminement sans marche de l'entrée aux salles").
pub fn feature_title(feature: &Feature) -> String {
    let kind = feature.kind.label();
    match feature.label.as_deref().map(str::trim) {
        Some(label) if lowercase(label).starts_with(&lowercase(kind)) => label.to_owned(),
        Some(label) if !label.is_empty() => format!("{kind} : {label}"),
        _ => kind.to_owned(),
    }
}

/// The accessible name of a feature in the editor: "Toilettes WC, x 3 m, y 27 m". A sign
/// of the icon made of letters that the kind's name does not hold ("WC") is said after
/// it, so a person who reads it on the icon can say it to voice control (not in
/// parentheses, which such tools and axe leave out).
pub fn feature_name(feature: &Feature) -> String {
    let kind = feature.kind.label();
    let glyph = svg::feature_glyph(feature.kind);
    let lettered = !glyph.is_empty() && glyph.chars().all(char::is_alphanumeric);
    let mut name = if lettered && !lowercase(kind).contains(&lowercase(glyph)) {
        format!("{kind} {glyph}")
    } else {
        kind.to_owned()
    };
    let title = feature_title(feature);
    if let Some(more) = title.strip_prefix(kind) {
        name.push_str(more);
    } else {
        name = format!("{name} : {title}");
    }
    match feature.points.first() {
        Some(p) => format!("{name}, {}", position(p.x, p.y)),
        None => name,
    }
}

/// "x 10,5 m, y 4 m".
pub fn position(x: f64, y: f64) -> String {
    format!("x {} m, y {} m", metres(x), metres(y))
}

/// What is said after a move: "Stand 12 déplacé : 11 m, 4 m".
pub fn moved_sentence(what: &str, x: f64, y: f64) -> String {
    format!("{what} déplacé : {} m, {} m", metres(x), metres(y))
}

/// Where to scroll a drawing shown `width` pixels wide from `left`, at `scale`, so that
/// the plan's abscissa `x` (metres) is in view: `None` when it already is.
pub fn reveal(x: f64, scale: f64, left: f64, width: f64) -> Option<f64> {
    let at = (x + FIT_MARGIN) * scale;
    let margin = (width / 8.0).min(48.0);
    let seen = at >= left + margin && at <= left + width - margin;
    (!seen).then(|| (at - width / 2.0).max(0.0))
}

/// The SVG `viewBox` of the editor: the whole plan with a margin around it.
pub fn view_box(plan: &Plan) -> Rect {
    Rect {
        x: -FIT_MARGIN,
        y: -FIT_MARGIN,
        w: plan.width.max(1.0) + 2.0 * FIT_MARGIN,
        h: plan.height.max(1.0) + 2.0 * FIT_MARGIN,
    }
}

/// Pixels per metre of the editor's drawing when it is `width_px` wide.
pub fn scale(plan: &Plan, width_px: f64) -> f64 {
    let s = width_px / view_box(plan).w;
    if s.is_finite() && s > 0.0 {
        s
    } else {
        1.0
    }
}

/// The stands of the edition that are not drawn on its plan yet, in the list's order.
pub fn unplaced(edition: &Edition) -> Vec<&Stand> {
    let Some(plan) = &edition.plan else {
        return edition.stands.iter().collect();
    };
    edition
        .stands
        .iter()
        .filter(|s| !plan.stands.iter().any(|p| p.stand == s.id))
        .collect()
}

/// The size most stands of the plan have, so a new one looks like its neighbours.
pub fn usual_size(plan: &Plan) -> (f64, f64) {
    let sizes: Vec<(f64, f64)> = plan.stands.iter().map(|s| (s.rect.w, s.rect.h)).collect();
    sizes
        .iter()
        .max_by_key(|size| sizes.iter().filter(|other| other == size).count())
        .copied()
        .filter(|(w, h)| *w > 0.0 && *h > 0.0)
        .unwrap_or(DEFAULT_STAND)
}

/// The number a new stand gets: one more than the highest number on the plan.
pub fn next_number(plan: &Plan) -> String {
    let highest = plan
        .stands
        .iter()
        .filter_map(|s| s.number.trim().parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    (highest.max(plan.stands.len() as u32) + 1).to_string()
}

/// Where a `w` × `h` stand fits nearest the middle of the hall without touching another
/// stand (half a metre apart); the middle itself when nothing is free.
pub fn free_spot(plan: &Plan, w: f64, h: f64) -> Rect {
    let centre = Point {
        x: plan.width / 2.0,
        y: plan.height / 2.0,
    };
    let middle = moved_to(
        Rect { x: 0.0, y: 0.0, w, h },
        centre.x - w / 2.0,
        centre.y - h / 2.0,
        plan,
    );
    let span = (plan.width - w).max(plan.height - h).max(0.0);
    let step = STEP.max(snap_down(span / MAX_TRIES));
    let taken: Vec<Rect> = plan
        .stands
        .iter()
        .map(|s| Rect {
            x: s.rect.x - GAP,
            y: s.rect.y - GAP,
            w: s.rect.w + 2.0 * GAP,
            h: s.rect.h + 2.0 * GAP,
        })
        .collect();
    let mut best: Option<(f64, Rect)> = None;
    let mut y = 0.0;
    while y + h <= plan.height + 1e-9 {
        let mut x = 0.0;
        while x + w <= plan.width + 1e-9 {
            let rect = Rect { x, y, w, h };
            let c = rect.center();
            let d = (c.x - centre.x).powi(2) + (c.y - centre.y).powi(2);
            if best.is_none_or(|(bd, _)| d < bd) && !taken.iter().any(|t| overlaps(t, &rect)) {
                best = Some((d, rect));
            }
            x += step;
        }
        y += step;
    }
    best.map_or(middle, |(_, rect)| rect)
}

/// Draws stand `id` on the plan at a free spot, numbered after the others; its index in
/// `plan.stands`. `None` when there is no plan, no such stand, or it is already drawn.
pub fn place_stand(edition: &mut Edition, id: &StandId) -> Option<usize> {
    edition.stand(id)?;
    let plan = edition.plan.as_mut()?;
    if plan.stands.iter().any(|s| &s.stand == id) {
        return None;
    }
    let (w, h) = usual_size(plan);
    let rect = free_spot(plan, w.min(plan.width), h.min(plan.height));
    let number = next_number(plan);
    plan.stands.push(PlanStand {
        stand: id.clone(),
        number,
        rect,
        polygon: None,
    });
    Some(plan.stands.len() - 1)
}

/// Adds a feature of `kind` in the middle of the hall (a route: a first stretch of 5 m);
/// its index in `plan.features`.
pub fn add_feature(plan: &mut Plan, kind: FeatureKind) -> usize {
    let centre = point_moved_to(plan.width / 2.0, plan.height / 2.0, plan);
    let mut points = vec![centre];
    if kind == FeatureKind::StepFreeRoute {
        points.push(point_moved_to(centre.x + 5.0, centre.y, plan));
    }
    plan.features.push(Feature {
        kind,
        label: None,
        points,
    });
    plan.features.len() - 1
}

/// Adds a point at the end of a route, 2 m past its last one.
pub fn extend_route(feature: &mut Feature, plan: &Plan) {
    let last = feature.points.last().copied().unwrap_or(Point {
        x: plan.width / 2.0,
        y: plan.height / 2.0,
    });
    feature.points.push(point_moved_to(last.x + BIG_STEP, last.y, plan));
}

/// An empty plan of a hall `width` × `height` metres.
pub fn new_plan(width: f64, height: f64) -> Plan {
    Plan {
        width,
        height,
        outline: Vec::new(),
        stands: Vec::new(),
        features: Vec::new(),
        rooms: Vec::new(),
        assumption: None,
    }
}

/// What the editor draws under the stands, as SVG markup: the hall's outline, the rooms
/// and the step-free routes of [`svg::base`], with nothing to follow or focus (the rooms
/// are links in the attendee app, plain shapes here).
pub fn backdrop(edition: &Edition) -> String {
    let mut bare = edition.clone();
    if let Some(plan) = &mut bare.plan {
        plan.stands.clear();
    }
    without_links(&svg::base(&bare))
}

/// `markup` with each `<a …>` turned into a `<g>` that keeps only its class.
fn without_links(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(at) = rest.find("<a ") {
        out.push_str(&rest[..at]);
        let Some(end) = rest[at..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[at..at + end];
        let class = tag
            .split_once(r#"class=""#)
            .and_then(|(_, after)| after.split_once('"'))
            .map_or("", |(class, _)| class);
        out.push_str(&format!(r#"<g class="{class}">"#));
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out.replace("</a>", "</g>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::test_stages::demo;

    fn hall() -> Plan {
        new_plan(60.0, 40.0)
    }

    fn rect(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }

    #[test]
    fn moves_snap_to_half_a_metre_and_stay_in_the_hall() {
        let plan = hall();
        let r = rect(7.0, 20.0, 6.0, 4.0);
        assert_eq!(moved_to(r, 10.26, 3.74, &plan), rect(10.5, 3.5, 6.0, 4.0));
        assert_eq!(moved_to(r, -3.0, 100.0, &plan), rect(0.0, 36.0, 6.0, 4.0));
        assert_eq!(moved_to(r, 59.0, f64::NAN, &plan), rect(54.0, 0.0, 6.0, 4.0));
        // Larger than the hall: at its edge, never at a negative position.
        assert_eq!(moved_to(rect(0.0, 0.0, 80.0, 4.0), 5.0, 1.0, &plan).x, 0.0);
        // An odd-sized hall: the far edge is never crossed by snapping.
        let odd = new_plan(10.3, 10.0);
        let moved = moved_to(rect(0.0, 0.0, 2.0, 2.0), 9.0, 0.0, &odd);
        assert!(moved.x + moved.w <= 10.3, "{moved:?}");
    }

    #[test]
    fn arrow_keys_move_by_half_a_metre_or_two_with_shift() {
        let plan = hall();
        let r = rect(7.0, 20.0, 6.0, 4.0);
        let (dx, dy) = key_step("ArrowRight", false).unwrap();
        let twice = nudged(nudged(r, dx, dy, &plan), dx, dy, &plan);
        assert_eq!(twice.x, 8.0);
        assert_eq!(key_step("ArrowUp", true), Some((0.0, -2.0)));
        assert_eq!(key_step("ArrowLeft", false), Some((-0.5, 0.0)));
        assert_eq!(key_step("ArrowDown", true), Some((0.0, 2.0)));
        assert_eq!(key_step("Enter", false), None);
        assert_eq!(nudged(rect(0.0, 0.0, 6.0, 4.0), -0.5, 0.0, &plan).x, 0.0);
    }

    #[test]
    fn a_drag_converts_pixels_to_metres_at_the_scale() {
        let plan = hall();
        let start = rect(7.0, 20.0, 6.0, 4.0);
        // 10 px per metre: 43 px right is 4.3 m, snapped to 4.5.
        assert_eq!(dragged(start, 43.0, -20.0, 10.0, &plan), rect(11.5, 18.0, 6.0, 4.0));
        assert_eq!(dragged(start, 43.0, 0.0, 0.0, &plan).x, 50.0);
        // 620 px wide for 60 m and a metre of margin each side: 10 px per metre.
        assert_eq!(scale(&plan, 620.0), 10.0);
        assert_eq!(scale(&plan, 0.0), 1.0);
        assert_eq!(view_box(&plan), rect(-1.0, -1.0, 62.0, 42.0));
    }

    #[test]
    fn a_chosen_thing_out_of_a_narrow_view_is_scrolled_to() {
        // 10 px per metre, 358 px shown from the left: 40 m is out of view, 10 m in it.
        assert_eq!(reveal(40.0, 10.0, 0.0, 358.0), Some(410.0 - 179.0));
        assert_eq!(reveal(10.0, 10.0, 0.0, 358.0), None);
        // Near the left edge the scroll stops at 0.
        assert_eq!(reveal(0.0, 10.0, 200.0, 358.0), Some(0.0));
    }

    #[test]
    fn a_stands_outline_moves_with_it() {
        let mut ps = PlanStand {
            stand: StandId::parse("una").unwrap(),
            number: "2".into(),
            rect: rect(1.0, 1.0, 2.0, 2.0),
            polygon: Some(vec![
                Point { x: 1.0, y: 1.0 },
                Point { x: 3.0, y: 1.0 },
                Point { x: 2.0, y: 3.0 },
            ]),
        };
        set_rect(&mut ps, rect(5.0, 0.5, 2.0, 2.0));
        assert_eq!(ps.polygon.unwrap()[2], Point { x: 6.0, y: 2.5 });
    }

    #[test]
    fn typed_metres_accept_the_french_comma() {
        assert_eq!(parse_metres("10,5"), Some(10.5));
        assert_eq!(parse_metres(" 10.25 "), Some(10.25));
        assert_eq!(parse_metres("4 m"), Some(4.0));
        assert_eq!(parse_metres("4m"), Some(4.0));
        assert_eq!(parse_metres(",5"), Some(0.5));
        assert_eq!(parse_metres("10,"), Some(10.0));
        assert_eq!(parse_metres("-1,5"), Some(-1.5));
        for bad in ["", " ", ",", "dix", "1,2,3", "1 2", "1e3", "--1", "1234567"] {
            assert_eq!(parse_metres(bad), None, "{bad}");
        }
        assert_eq!(metres(10.5), "10,5");
        assert_eq!(metres(4.0), "4");
        assert_eq!(metres(-0.25), "-0,25");
    }

    #[test]
    fn names_and_sentences_say_the_position_in_french() {
        assert_eq!(
            stand_name("12", "Accueil du CCAS", &rect(10.5, 4.0, 6.0, 5.0)),
            "Stand 12 : Accueil du CCAS, x 10,5 m, y 4 m"
        );
        assert_eq!(moved_sentence("Stand 12", 11.0, 4.0), "Stand 12 déplacé : 11 m, 4 m");
        let mut toilets = Feature {
            kind: FeatureKind::Toilets,
            label: Some("Toilettes".into()),
            points: vec![Point { x: 3.0, y: 27.0 }],
        };
        assert_eq!(feature_name(&toilets), "Toilettes WC, x 3 m, y 27 m");
        toilets.label = Some("Toilettes du hall".into());
        assert_eq!(feature_title(&toilets), "Toilettes du hall");
        toilets.points.clear();
        assert_eq!(feature_name(&toilets), "Toilettes WC du hall");
        toilets.label = Some("Près de l'auditorium".into());
        assert_eq!(feature_title(&toilets), "Toilettes : Près de l'auditorium");
        assert_eq!(feature_name(&toilets), "Toilettes WC : Près de l'auditorium");
        let route = Feature {
            kind: FeatureKind::StepFreeRoute,
            label: Some("Cheminement sans marche de l'entrée aux salles".into()),
            points: vec![],
        };
        assert_eq!(feature_title(&route), "Cheminement sans marche de l'entrée aux salles");
        assert_eq!(feature_name(&route), "Cheminement sans marche de l'entrée aux salles");
        let lift = Feature {
            kind: FeatureKind::Lift,
            label: Some("Toilettes".into()),
            points: vec![],
        };
        assert_eq!(feature_name(&lift), "Ascenseur : Toilettes");
        // Signs the name already holds, or that are not letters, are not repeated.
        for (kind, name) in [
            (FeatureKind::Entrance, "Entrée, x 1 m, y 2 m"),
            (FeatureKind::Exit, "Sortie de secours, x 1 m, y 2 m"),
            (FeatureKind::Lift, "Ascenseur, x 1 m, y 2 m"),
            (FeatureKind::InfoDesk, "Accueil et informations, x 1 m, y 2 m"),
        ] {
            let f = Feature {
                kind,
                label: None,
                points: vec![Point { x: 1.0, y: 2.0 }],
            };
            assert_eq!(feature_name(&f), name);
        }
    }

    #[test]
    fn a_placed_stand_gets_a_free_spot_and_the_next_number() {
        let mut e = demo();
        let plan = e.plan.as_mut().unwrap();
        let removed = plan.stands.remove(4);
        assert_eq!(unplaced(&e).len(), 1);
        assert_eq!(unplaced(&e)[0].id, removed.stand);
        let i = place_stand(&mut e, &removed.stand).unwrap();
        let plan = e.plan.as_ref().unwrap();
        let placed = &plan.stands[i];
        assert_eq!(placed.number, "13");
        assert_eq!((placed.rect.w, placed.rect.h), (6.0, 4.0));
        for other in &plan.stands[..i] {
            assert!(!overlaps(&other.rect, &placed.rect), "{other:?} {placed:?}");
        }
        assert!(placed.rect.x >= 0.0 && placed.rect.x + placed.rect.w <= plan.width);
        assert!(e.validate().errors.is_empty(), "{:?}", e.validate().errors);
        // Once only, and only a stand that exists.
        assert_eq!(place_stand(&mut e, &removed.stand), None);
        assert_eq!(place_stand(&mut e, &StandId::parse("inconnu").unwrap()), None);
        assert!(unplaced(&e).is_empty());
    }

    #[test]
    fn an_empty_or_full_hall_still_gets_its_stand_in_the_middle() {
        let plan = hall();
        assert_eq!(usual_size(&plan), DEFAULT_STAND);
        assert_eq!(next_number(&plan), "1");
        assert_eq!(free_spot(&plan, 3.0, 2.0), rect(28.5, 19.0, 3.0, 2.0));
        let mut full = new_plan(4.0, 4.0);
        full.stands.push(PlanStand {
            stand: StandId::parse("una").unwrap(),
            number: "A".into(),
            rect: rect(0.0, 0.0, 4.0, 4.0),
            polygon: None,
        });
        assert_eq!(free_spot(&full, 2.0, 2.0), rect(1.0, 1.0, 2.0, 2.0));
        assert_eq!(next_number(&full), "2");
    }

    #[test]
    fn features_start_in_the_middle_and_routes_grow() {
        let mut plan = hall();
        let i = add_feature(&mut plan, FeatureKind::Toilets);
        assert_eq!(plan.features[i].points, [Point { x: 30.0, y: 20.0 }]);
        let r = add_feature(&mut plan, FeatureKind::StepFreeRoute);
        assert_eq!(plan.features[r].points.len(), 2);
        let mut route = plan.features[r].clone();
        extend_route(&mut route, &plan);
        assert_eq!(route.points[2], Point { x: 37.0, y: 20.0 });
        assert_eq!(point_moved_to(70.0, -2.0, &plan), Point { x: 60.0, y: 0.0 });
    }

    #[test]
    fn the_backdrop_has_the_hall_and_rooms_but_no_links_nor_stands() {
        let e = demo();
        let markup = backdrop(&e);
        assert!(markup.contains(r#"class="plan-outline""#));
        assert!(
            markup.contains(r#"<g class="plan-room"><rect class="room-shape""#),
            "{markup}"
        );
        assert!(markup.contains(r#"class="plan-route""#));
        assert!(!markup.contains("<a"), "{markup}");
        assert!(!markup.contains("aria-label"));
        assert!(!markup.contains("stand-shape"));
        assert_eq!(markup.matches("<g ").count(), markup.matches("</g>").count());
    }
}
