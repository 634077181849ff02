//! Generated editions: plausible ones (ids that resolve, times on the event's days in its
//! zone, a plan whose shapes fit) whose texts come from [`super::hostile::text`]. What can
//! be wrong with them is in [`super::damage`].

use agir_model::*;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use proptest::prelude::*;
use proptest::sample::{select, Index};

use super::hostile::{label, text};

/// An id of the shared grammar that is unique by construction: anything the grammar
/// allows, then `-{i}` (digits after the last `-` differ when `i` does).
fn id(i: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(format!("s{i}")),
        1 => "[A-Za-z0-9._-]{1,10}".prop_map(move |p| format!("{p}-{i}")),
    ]
}

fn opt<T: std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = Option<T>> {
    proptest::option::weighted(0.4, s)
}

/// The event's zone: summer in Paris (+02:00 from May to September) or UTC.
fn zone() -> impl Strategy<Value = (&'static str, i32)> {
    select(vec![("Europe/Paris", 2 * 3600), ("UTC", 0)])
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (2013..2031i32, 5..10u32, 1..29u32).prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("a date"))
}

/// A session before its place, speakers and stands are resolved: indices into those lists.
#[derive(Debug, Clone)]
pub struct Draft {
    title: String,
    kind: SessionKind,
    day: u32,
    start_minute: i64,
    minutes: i64,
    place: Option<Index>,
    speakers: Vec<(Index, Option<String>)>,
    themes: Vec<String>,
    audience: Vec<String>,
    description: Option<String>,
    stands: Vec<Index>,
    cancelled: bool,
    assumed: Vec<String>,
}

fn draft() -> impl Strategy<Value = Draft> {
    (
        (
            label(),
            select(SessionKind::ALL.to_vec()),
            0..3u32,
            0..(23 * 12) as i64,
            0..49i64,
        ),
        (
            opt(any::<Index>()),
            proptest::collection::vec((any::<Index>(), opt(text())), 0..3),
        ),
        (
            proptest::collection::vec(label(), 0..3),
            proptest::collection::vec(label(), 0..2),
            opt(text()),
        ),
        (
            proptest::collection::vec(any::<Index>(), 0..2),
            proptest::bool::weighted(0.2),
        ),
        proptest::sample::subsequence(vec!["end".to_owned(), "place".to_owned()], 0..=2),
    )
        .prop_map(
            |(
                (title, kind, day, start, len),
                (place, speakers),
                (themes, audience, description),
                (stands, cancelled),
                assumed,
            )| Draft {
                title,
                kind,
                day,
                start_minute: start * 5,
                minutes: len * 5,
                place,
                speakers,
                themes,
                audience,
                description,
                stands,
                cancelled,
                assumed,
            },
        )
}

fn place(i: usize) -> impl Strategy<Value = Place> {
    (
        id(i),
        label(),
        select(vec![
            PlaceKind::Room,
            PlaceKind::Hall,
            PlaceKind::Zone,
            PlaceKind::Outdoor,
        ]),
        opt(text()),
        any::<bool>(),
    )
        .prop_map(|(id, name, kind, accessibility, assumed)| Place {
            id: PlaceId::parse(id).expect("a valid id"),
            name,
            kind,
            accessibility,
            assumed,
        })
}

fn speaker(i: usize) -> impl Strategy<Value = Speaker> {
    (id(i), label(), opt(text()), opt(text())).prop_map(|(id, name, title, organisation)| Speaker {
        id: SpeakerId::parse(id).expect("a valid id"),
        name,
        title,
        organisation,
    })
}

fn stand(i: usize) -> impl Strategy<Value = Stand> {
    (id(i), label(), label(), opt(text()), opt(website()), any::<bool>()).prop_map(
        |(id, name, theme, description, website, example)| Stand {
            id: StandId::parse(id).expect("a valid id"),
            name,
            theme,
            description,
            website,
            example,
            volunteering: None,
        },
    )
}

/// `n` items made by `item(i)`, each with its index.
/// A website validation accepts: `http(s)://`, a host, maybe a path (`agir_model::links`).
fn website() -> impl Strategy<Value = String> {
    "https?://[a-z0-9-]{1,12}\\.fr(/[a-zA-Z0-9_-]{0,10})?"
}

fn indexed<T: std::fmt::Debug, S: Strategy<Value = T>>(n: usize, item: impl Fn(usize) -> S) -> Vec<S> {
    (0..n).map(item).collect()
}

fn event() -> impl Strategy<Value = (Event, (&'static str, i32))> {
    (
        (label(), opt(text()), opt(text()), day(), 0..3i64, zone()),
        (label(), opt(text()), opt(text()), opt(any::<u32>()), opt(text())),
        proptest::collection::vec(
            (
                select(vec![AccessKind::Tram, AccessKind::Bus, AccessKind::StepFree]),
                label(),
                any::<bool>(),
            ),
            0..2,
        ),
    )
        .prop_map(
            |(
                (name, subtitle, organizer, start, days, zone),
                (venue, address, description, attendance, source),
                access,
            )| {
                let event = Event {
                    name,
                    subtitle,
                    organizer,
                    start_date: start,
                    end_date: start + Duration::days(days),
                    time_zone: zone.0.to_owned(),
                    venue: Venue {
                        name: venue,
                        address,
                        access: access
                            .into_iter()
                            .map(|(kind, text, assumed)| Access { kind, text, assumed })
                            .collect(),
                        assumed: Vec::new(),
                    },
                    description,
                    contact: None,
                    attendance,
                    source,
                    earlier: vec![EarlierDay {
                        year: 2011,
                        attendance: 322,
                    }],
                };
                (event, zone)
            },
        )
}

/// A plan's width and height, then its shapes as fractions of them, so every shape fits
/// whatever its size: rectangles (x, y, w, h) and point features.
type PlanParts = (f64, f64, Vec<[f64; 4]>, Vec<(FeatureKind, f64, f64)>);

fn plan_parts() -> impl Strategy<Value = PlanParts> {
    (
        1.0..200.0f64,
        1.0..200.0f64,
        proptest::collection::vec([0.0..0.5f64, 0.0..0.5f64, 0.01..0.5f64, 0.01..0.5f64], 0..4),
        proptest::collection::vec(
            (
                select(vec![FeatureKind::Entrance, FeatureKind::Toilets, FeatureKind::Lift]),
                0.0..1.0f64,
                0.0..1.0f64,
            ),
            0..3,
        ),
    )
}

fn plan(stands: &[Stand], places: &[Place], (width, height, rects, features): PlanParts) -> Plan {
    let rect = |[x, y, w, h]: [f64; 4]| Rect {
        x: x * width,
        y: y * height,
        w: w * width,
        h: h * height,
    };
    Plan {
        width,
        height,
        outline: Vec::new(),
        stands: stands
            .iter()
            .zip(&rects)
            .enumerate()
            .map(|(n, (s, r))| PlanStand {
                stand: s.id.clone(),
                number: (n + 1).to_string(),
                rect: rect(*r),
                polygon: None,
            })
            .collect(),
        features: features
            .into_iter()
            .map(|(kind, x, y)| Feature {
                kind,
                label: None,
                points: vec![Point {
                    x: x * width,
                    y: y * height,
                }],
            })
            .collect(),
        rooms: places
            .iter()
            .zip(rects.iter().rev())
            .map(|(p, r)| PlanRoom {
                place: p.id.clone(),
                rect: rect(*r),
                polygon: None,
            })
            .collect(),
        assumption: None,
    }
}

fn at(day: NaiveDate, offset: i32, minute: i64) -> DateTime<FixedOffset> {
    let zone = FixedOffset::east_opt(offset).expect("an offset");
    zone.from_local_datetime(&day.and_hms_opt(0, 0, 0).expect("midnight"))
        .single()
        .expect("a fixed offset is never ambiguous")
        + Duration::minutes(minute)
}

fn session(
    id: String,
    d: Draft,
    event: &Event,
    offset: i32,
    places: &[Place],
    speakers: &[Speaker],
    stands: &[Stand],
) -> Session {
    let days = (event.end_date - event.start_date).num_days() as u32;
    let start = at(
        event.start_date + Duration::days(i64::from(d.day.min(days))),
        offset,
        d.start_minute,
    );
    let mut roles: Vec<SpeakerRole> = Vec::new();
    for (who, role) in d.speakers {
        if speakers.is_empty() {
            break;
        }
        let speaker = speakers[who.index(speakers.len())].id.clone();
        if roles.iter().all(|r| r.speaker != speaker) {
            roles.push(SpeakerRole { speaker, role });
        }
    }
    let mut linked: Vec<StandId> = Vec::new();
    for st in d.stands {
        if !stands.is_empty() {
            let id = stands[st.index(stands.len())].id.clone();
            if !linked.contains(&id) {
                linked.push(id);
            }
        }
    }
    Session {
        id: SessionId::parse(id).expect("a valid id"),
        title: d.title,
        kind: d.kind,
        start,
        end: start + Duration::minutes(d.minutes),
        place: d
            .place
            .filter(|_| !places.is_empty())
            .map(|p| places[p.index(places.len())].id.clone()),
        speakers: roles,
        themes: d.themes,
        audience: d.audience,
        description: d.description,
        stands: linked,
        status: if d.cancelled {
            Status::Cancelled
        } else {
            Status::Scheduled
        },
        assumed: d.assumed,
        questions: None,
    }
}

/// A plausible edition: up to `max_sessions` sessions over up to 3 days, up to 4 places,
/// 4 speakers and 3 stands, maybe a plan and announcements. Every reference resolves; the
/// texts are hostile. Places may overlap in time (a warning, not an error).
pub fn edition(max_sessions: usize) -> impl Strategy<Value = Edition> {
    (0..=max_sessions, 0..5usize, 0..5usize, 0..4usize)
        .prop_flat_map(|(n, np, nsp, nst)| {
            (
                ("[a-z0-9]{1,8}", 0..50u32, event()),
                indexed(np, place),
                indexed(nsp, speaker),
                indexed(nst, stand),
                (indexed(n, id), proptest::collection::vec(draft(), n)),
                opt(plan_parts()),
                proptest::collection::vec((label(), any::<bool>()), 0..3),
            )
        })
        .prop_map(
            |(
                (slug, revision, (event, (_, offset))),
                places,
                speakers,
                stands,
                (ids, drafts),
                plan_parts,
                announcements,
            )| {
                let sessions = ids
                    .into_iter()
                    .zip(drafts)
                    .map(|(id, d)| session(id, d, &event, offset, &places, &speakers, &stands))
                    .collect();
                let until = at(event.end_date, offset, 20 * 60);
                Edition {
                    edition: EditionSlug::parse(slug).expect("a valid slug"),
                    revision,
                    plan: plan_parts.map(|p| plan(&stands, &places, p)),
                    event,
                    places,
                    sessions,
                    speakers,
                    stands,
                    announcements: announcements
                        .into_iter()
                        .map(|(t, ends)| Announcement {
                            text: t.chars().take(Announcement::MAX_CHARS).collect(),
                            until: ends.then_some(until),
                        })
                        .filter(|a| !a.text.trim().is_empty())
                        .collect(),
                    questionnaire: None,
                    contact_requests: None,
                }
            },
        )
}
