//! Validation never panics, names each problem at a path that exists in the document, and
//! a valid document comes back equal (and valid) from its JSON.

use agir_model::Edition;
use proptest::prelude::*;

use crate::support::{config, damage, edition, first_difference};

/// The JSON pointer of the error each damage must cause, when it must cause one.
fn expected(before: &Edition, damage: &damage::Damage) -> Option<String> {
    use damage::Damage as D;
    let n = before.sessions.len();
    match damage {
        D::BlankTitle(i) if n > 0 => Some(format!("/sessions/{}/title", i.index(n))),
        D::EndBeforeStart(i) if n > 0 => Some(format!("/sessions/{}/end", i.index(n))),
        D::DanglingPlace(i) if n > 0 => Some(format!("/sessions/{}/place", i.index(n))),
        D::DuplicateSession(_) if n > 0 => Some(format!("/sessions/{n}/id")),
        D::DaysReversed => Some("/event/end_date".into()),
        D::LongAnnouncement => Some(format!("/announcements/{}/text", before.announcements.len())),
        D::LateEarlierDay => Some(format!("/event/earlier/{}/year", before.event.earlier.len())),
        _ => None,
    }
}

/// The plan as the document reads it: every length to the millimetre.
fn to_the_millimetre(e: &mut Edition) {
    let Some(plan) = &mut e.plan else { return };
    let mm = agir_model::serde_metres::round;
    plan.width = mm(plan.width);
    plan.height = mm(plan.height);
    let point = |p: &mut agir_model::Point| {
        p.x = mm(p.x);
        p.y = mm(p.y);
    };
    let rect = |r: &mut agir_model::Rect| {
        for v in [&mut r.x, &mut r.y, &mut r.w, &mut r.h] {
            *v = mm(*v);
        }
    };
    plan.outline.iter_mut().for_each(point);
    plan.features.iter_mut().flat_map(|f| &mut f.points).for_each(point);
    for s in &mut plan.stands {
        rect(&mut s.rect);
        s.polygon.iter_mut().flatten().for_each(point);
    }
    for r in &mut plan.rooms {
        rect(&mut r.rect);
        r.polygon.iter_mut().flatten().for_each(point);
    }
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn plausible_editions_are_valid(e in edition::edition(8)) {
        let report = e.validate();
        prop_assert!(report.errors.is_empty(), "{:#?}", report.errors);
    }

    #[test]
    fn validation_names_every_damage_at_a_path_of_the_document(
        (e, damages) in edition::edition(6).prop_flat_map(|e| {
            (Just(e), proptest::collection::vec(damage::damage(), 0..4))
        })
    ) {
        // Arrange: the damages one after the other, each with the error it must cause.
        let mut damaged = e;
        let mut paths = Vec::new();
        for d in damages {
            paths.extend(expected(&damaged, &d));
            damage::apply(&mut damaged, d);
        }
        // Act
        let report = damaged.validate();
        // Assert
        let doc = serde_json::to_value(&damaged).expect("any edition serializes");
        for issue in report.errors.iter().chain(&report.warnings) {
            prop_assert!(!issue.message.trim().is_empty());
            prop_assert!(
                doc.pointer(&issue.path).is_some(),
                "{} names no place of the document ({})", issue.path, issue.message
            );
        }
        // A later size replaces an earlier one: the plan's last width decides.
        if damaged.plan.as_ref().is_some_and(|p| !(p.width > 0.0 && p.width.is_finite())) {
            paths.push("/plan/width".into());
        }
        for path in paths {
            prop_assert!(
                report.errors.iter().any(|i| i.path == path),
                "no error at {path}: {:#?}", report.errors
            );
        }
    }

    #[test]
    fn a_valid_document_round_trips_through_json(e in edition::edition(8)) {
        prop_assume!(e.validate().is_ok());
        let read = |e: &Edition| {
            let text = serde_json::to_string(e).expect("serializes");
            (Edition::from_json(&text).expect("reads back"), text)
        };
        // Act
        let (once, _) = read(&e);
        let (twice, text) = read(&once);
        // Assert: all comes back, the plan's lengths to the millimetre; then exactly.
        let mut rounded = e.clone();
        to_the_millimetre(&mut rounded);
        prop_assert!(once == rounded, "{}", first_difference(&rounded, &once).unwrap_or_default());
        prop_assert!(twice == once, "{}", first_difference(&once, &twice).unwrap_or_default());
        prop_assert_eq!(serde_json::to_string(&twice).expect("serializes"), text);
        prop_assert!(twice.validate().is_ok());
    }
}
