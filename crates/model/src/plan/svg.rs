//! The plan as SVG markup: the layers that do not depend on the zoom (outline, rooms,
//! route, stands, as links with accessible names) and those that do (feature icons and
//! labels, sized in pixels). Built as text so that the app sets each layer in one go
//! instead of instantiating a component per shape (smaller wasm), and so that the markup
//! is tested here, natively.
//!
//! Numbers are written with integer arithmetic: float formatting would pull Rust's whole
//! float printer into the wasm for nothing.

use std::fmt::Write;

use super::{icon_box, Label, LabelTarget, LineKind};
use crate::edition::{Edition, FeatureKind, Point, Rect};

/// `value` with at most three decimals, without float formatting.
pub fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let thousandths = (value * 1000.0).round() as i64;
    let sign = if thousandths < 0 { "-" } else { "" };
    let abs = thousandths.unsigned_abs();
    let (int, frac) = (abs / 1000, abs % 1000);
    if frac == 0 {
        format!("{sign}{int}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{int}.{}", frac.trim_end_matches('0'))
    }
}

/// Escapes text for an XML attribute or element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A viewBox (or any four numbers) as an attribute value.
pub fn rect_attr(r: &Rect) -> String {
    format!("{} {} {} {}", num(r.x), num(r.y), num(r.w), num(r.h))
}

fn points(points: &[Point]) -> String {
    points
        .iter()
        .map(|p| format!("{},{}", num(p.x), num(p.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shape(out: &mut String, rect: &Rect, polygon: Option<&[Point]>, class: &str) {
    match polygon {
        Some(poly) if poly.len() >= 3 => {
            let _ = write!(out, r#"<polygon class="{class}" points="{}"/>"#, points(poly));
        }
        _ => {
            let _ = write!(
                out,
                r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"/>"#,
                num(rect.x),
                num(rect.y),
                num(rect.w),
                num(rect.h)
            );
        }
    }
}

/// The kebab-case name of a feature kind, for CSS classes.
pub fn feature_code(kind: FeatureKind) -> &'static str {
    match kind {
        FeatureKind::Entrance => "entrance",
        FeatureKind::InfoDesk => "info-desk",
        FeatureKind::Toilets => "toilets",
        FeatureKind::Lift => "lift",
        FeatureKind::StepFreeRoute => "step-free-route",
        FeatureKind::Exit => "exit",
    }
}

/// The short sign drawn in a feature's icon: a letter or a symbol the legend explains.
pub fn feature_glyph(kind: FeatureKind) -> &'static str {
    match kind {
        FeatureKind::Entrance => "E",
        FeatureKind::InfoDesk => "i",
        FeatureKind::Toilets => "WC",
        FeatureKind::Lift => "⇅",
        FeatureKind::StepFreeRoute => "",
        FeatureKind::Exit => "S",
    }
}

/// The accessible name of a stand on the plan: "Stand 5 : Les Restos du cœur".
pub fn stand_label(number: &str, name: &str, example: bool) -> String {
    format!("Stand {number} : {name}{}", if example { " (exemple)" } else { "" })
}

/// The layers that do not change with the zoom: the hall's outline, the rooms and the
/// stands as links (`data-place`, `data-stand` name what they open), the step-free route.
pub fn base(edition: &Edition) -> String {
    let Some(plan) = &edition.plan else {
        return String::new();
    };
    let mut out = String::new();
    let outline = if plan.outline.is_empty() {
        vec![
            Point { x: 0.0, y: 0.0 },
            Point { x: plan.width, y: 0.0 },
            Point {
                x: plan.width,
                y: plan.height,
            },
            Point { x: 0.0, y: plan.height },
        ]
    } else {
        plan.outline.clone()
    };
    let _ = write!(out, r#"<polygon class="plan-outline" points="{}"/>"#, points(&outline));
    for room in &plan.rooms {
        let Some(place) = edition.place(&room.place) else {
            continue;
        };
        let _ = write!(
            out,
            r#"<a href="{href}" class="plan-room" data-place="{id}" aria-label="Lieu : {name}">"#,
            href = crate::paths::place(&room.place),
            id = room.place,
            name = escape(&place.name)
        );
        shape(&mut out, &room.rect, room.polygon.as_deref(), "room-shape");
        out.push_str("</a>");
    }
    for route in plan.features.iter().filter(|f| f.kind == FeatureKind::StepFreeRoute) {
        if route.points.len() >= 2 {
            let _ = write!(
                out,
                r#"<polyline class="plan-route" points="{}"/>"#,
                points(&route.points)
            );
        }
    }
    for ps in &plan.stands {
        let stand = edition.stand(&ps.stand);
        let name = stand.map(|s| s.name.as_str()).unwrap_or_default();
        let example = stand.is_some_and(|s| s.example);
        let _ = write!(
            out,
            r#"<a href="{href}" class="plan-stand" data-stand="{id}" aria-label="{label}">"#,
            href = crate::paths::stand(&ps.stand),
            id = ps.stand,
            label = escape(&stand_label(&ps.number, name, example))
        );
        let r = &ps.rect;
        let _ = write!(
            out,
            r#"<rect class="stand-ring" x="{}" y="{}" width="{}" height="{}" rx="0.3"/>"#,
            num(r.x - 0.5),
            num(r.y - 0.5),
            num(r.w + 1.0),
            num(r.h + 1.0)
        );
        shape(&mut out, r, ps.polygon.as_deref(), "stand-shape");
        shape(&mut out, r, ps.polygon.as_deref(), "stand-hatch");
        out.push_str("</a>");
    }
    out
}

/// The feature icons at `scale` (pixels per metre): a square of [`super::ICON_PX`] pixels
/// with its sign, the same boxes the labels keep clear of.
pub fn features(edition: &Edition, scale: f64) -> String {
    let Some(plan) = &edition.plan else {
        return String::new();
    };
    let mut out = String::new();
    for f in &plan.features {
        let Some(point) = f.points.first() else { continue };
        let Some(b) = icon_box(f.kind, *point, scale) else {
            continue;
        };
        let _ = write!(
            out,
            concat!(
                r#"<g class="plan-feature feature-{code}">"#,
                r#"<rect x="{x}" y="{y}" width="{w}" height="{w}" rx="{rx}"/>"#,
                r#"<text x="{cx}" y="{ty}" font-size="{size}" text-anchor="middle">{glyph}</text></g>"#
            ),
            code = feature_code(f.kind),
            x = num(b.x),
            y = num(b.y),
            w = num(b.w),
            rx = num(b.w * 0.2),
            cx = num(point.x),
            ty = num(point.y + b.h * 0.18),
            size = num(b.h * 0.5),
            glyph = feature_glyph(f.kind)
        );
    }
    out
}

/// The labels laid out by [`super::place_labels`] at `scale`: one `<text>` each (class
/// `stand-label` or `room-label`), a `<tspan>` per line, and a halo of 3 pixels.
pub fn labels(labels: &[Label], scale: f64) -> String {
    let mut out = String::new();
    let halo = num(3.0 / scale.max(0.01));
    for l in labels {
        let class = match l.target {
            LabelTarget::Stand(_) => "plan-label stand-label",
            LabelTarget::Room(_) => "plan-label room-label",
        };
        let _ = write!(
            out,
            r#"<text class="{class}" text-anchor="middle" stroke-width="{halo}">"#
        );
        for line in &l.lines {
            let kind = match line.kind {
                LineKind::Number => "label-number",
                LineKind::Name => "label-name",
                LineKind::Example => "label-example",
                LineKind::Room => "label-room",
            };
            let _ = write!(
                out,
                r#"<tspan class="{kind}" x="{}" y="{}" font-size="{}">{}</tspan>"#,
                num(l.x),
                num(line.y),
                num(line.size),
                escape(&line.text)
            );
        }
        out.push_str("</text>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::place_labels;

    fn demo() -> Edition {
        Edition::from_json(include_str!("../../../../data/2013.json")).unwrap()
    }

    #[test]
    fn numbers_are_written_without_float_formatting() {
        assert_eq!(num(7.0), "7");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(12.3456), "12.346");
        assert_eq!(num(0.0004), "0");
        assert_eq!(num(-1.05), "-1.05");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(
            rect_attr(&Rect {
                x: -1.0,
                y: 2.5,
                w: 62.0,
                h: 42.125
            }),
            "-1 2.5 62 42.125"
        );
    }

    #[test]
    fn every_stand_and_room_is_a_named_link_to_its_sheet() {
        let e = demo();
        let svg = base(&e);
        for ps in &e.plan.as_ref().unwrap().stands {
            let stand = e.stand(&ps.stand).unwrap();
            let link = format!(
                r#"<a href="/village/{id}" class="plan-stand" data-stand="{id}" aria-label="Stand {n} : {name}{example}">"#,
                id = ps.stand,
                n = ps.number,
                name = escape(&stand.name),
                example = if stand.example { " (exemple)" } else { "" }
            );
            assert!(svg.contains(&link), "{link}");
        }
        assert!(svg.contains(r#"data-place="auditorium" aria-label="Lieu : Auditorium""#));
        assert!(svg.contains(r#"<polyline class="plan-route""#));
        assert_eq!(svg.matches("<a ").count(), svg.matches("</a>").count());
    }

    #[test]
    fn names_are_escaped_and_invented_stands_say_so() {
        let mut e = demo();
        e.stands[1].name = "A & <B> \"C\"".into();
        e.stands[1].example = true;
        let svg = base(&e);
        assert!(
            svg.contains("aria-label=\"Stand 1 : A &amp; &lt;B&gt; &quot;C&quot; (exemple)\""),
            "{svg}"
        );
        let labels = labels(&place_labels(&e, 40.0), 40.0);
        assert!(labels.contains("A &amp; &lt;B&gt;"), "{labels}");
        assert!(labels.contains(">exemple</tspan>"), "{labels}");
    }

    #[test]
    fn feature_icons_and_labels_are_drawn_at_their_pixel_size() {
        let e = demo();
        let icons = features(&e, 10.0);
        // 28 px at 10 px per metre: 2.8 m.
        assert!(icons.contains(r#"width="2.8" height="2.8""#), "{icons}");
        assert!(icons.contains(">WC</text>"));
        assert_eq!(icons.matches("<g ").count(), 6);
        let text = labels(&place_labels(&e, 10.0), 10.0);
        assert_eq!(text.matches("stand-label").count(), 12);
        assert!(text.contains(r#"stroke-width="0.3""#));
        assert!(text.contains(r#"<tspan class="label-number""#));
    }
}
