//! Damaged editions for validation: each damage is one thing organizers and imports get
//! wrong, applied to a plausible edition; validation must then name it without panicking.

use agir_model::*;
use chrono::{Duration, FixedOffset};
use proptest::prelude::*;
use proptest::sample::Index;

use super::hostile::text;

/// One thing wrong with a document, of the kinds organizers and imports get wrong.
#[derive(Debug, Clone)]
pub enum Damage {
    BlankTitle(Index),
    EndBeforeStart(Index),
    DanglingPlace(Index),
    DuplicateSession(Index),
    UnknownZone(String),
    DaysReversed,
    OddOffset(Index, i32),
    PlanSize(f64),
    ShapeOutside(f64),
    LongAnnouncement,
    LateEarlierDay,
}

pub fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<Index>().prop_map(Damage::BlankTitle),
        any::<Index>().prop_map(Damage::EndBeforeStart),
        any::<Index>().prop_map(Damage::DanglingPlace),
        any::<Index>().prop_map(Damage::DuplicateSession),
        text().prop_map(Damage::UnknownZone),
        Just(Damage::DaysReversed),
        (any::<Index>(), -86_399..86_400i32).prop_map(|(i, o)| Damage::OddOffset(i, o)),
        prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(-1.0), Just(0.0), any::<f64>()]
            .prop_map(Damage::PlanSize),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::NEG_INFINITY),
            Just(-5.0),
            Just(1e308),
            any::<f64>()
        ]
        .prop_map(Damage::ShapeOutside),
        Just(Damage::LongAnnouncement),
        Just(Damage::LateEarlierDay),
    ]
}

pub fn apply(e: &mut Edition, d: Damage) {
    let n = e.sessions.len();
    let pick = |i: &Index| i.index(n.max(1));
    match d {
        Damage::BlankTitle(i) if n > 0 => e.sessions[pick(&i)].title = " \t".into(),
        Damage::EndBeforeStart(i) if n > 0 => {
            let s = &mut e.sessions[pick(&i)];
            s.end = s.start - Duration::minutes(30);
        }
        Damage::DanglingPlace(i) if n > 0 => {
            e.sessions[pick(&i)].place = Some(PlaceId::parse("nulle-part").expect("an id"))
        }
        Damage::DuplicateSession(i) if n > 0 => e.sessions.push(e.sessions[pick(&i)].clone()),
        Damage::UnknownZone(z) => e.event.time_zone = z,
        Damage::DaysReversed => e.event.end_date = e.event.start_date - Duration::days(1),
        Damage::OddOffset(i, o) if n > 0 => {
            let s = &mut e.sessions[pick(&i)];
            s.start = s.start.with_timezone(&FixedOffset::east_opt(o).expect("within a day"));
        }
        Damage::PlanSize(w) => {
            if let Some(p) = &mut e.plan {
                p.width = w;
            }
        }
        Damage::ShapeOutside(x) => {
            if let Some(p) = &mut e.plan {
                p.outline.push(Point { x, y: x });
                if let Some(s) = p.stands.first_mut() {
                    s.rect.x = x;
                }
            }
        }
        Damage::LongAnnouncement => e.announcements.push(Announcement {
            text: "é".repeat(300),
            until: None,
        }),
        Damage::LateEarlierDay => e.event.earlier.push(EarlierDay {
            year: 9999,
            attendance: 1,
        }),
        _ => {}
    }
}
