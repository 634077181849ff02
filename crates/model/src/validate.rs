//! Checking an edition document before it is served: every problem at once, each with the
//! JSON path it concerns and a French sentence an organizer can act on.

use std::collections::{HashMap, HashSet};

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::edition::{Announcement, Edition, Plan, Point, Rect};
use crate::time::overlaps;

/// "9 h 30", or "9 h 30 le mercredi 9 octobre" when `other` is on another day.
fn moment(t: &chrono::DateTime<chrono::FixedOffset>, other: &chrono::DateTime<chrono::FixedOffset>) -> String {
    if t.date_naive() == other.date_naive() {
        crate::time::format_time_fr(t)
    } else {
        format!(
            "{} le {}",
            crate::time::format_time_fr(t),
            crate::time::format_day(t.date_naive())
        )
    }
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// JSON pointer into the document, such as `/sessions/3/place`.
    pub path: String,
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Errors block publication; warnings are reported and do not.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Report {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(Issue::new(path, message));
    }

    fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Issue::new(path, message));
    }
}

impl Edition {
    /// Every error and warning of the document.
    pub fn validate(&self) -> Report {
        let mut r = Report::default();
        self.check_event(&mut r);
        let places = unique_ids(&mut r, "places", "lieu", self.places.iter().map(|p| &p.id));
        let speakers = unique_ids(&mut r, "speakers", "intervenant", self.speakers.iter().map(|s| &s.id));
        let stands = unique_ids(&mut r, "stands", "stand", self.stands.iter().map(|s| &s.id));
        unique_ids(&mut r, "sessions", "séance", self.sessions.iter().map(|s| &s.id));

        for (i, p) in self.places.iter().enumerate() {
            non_empty(&mut r, format!("/places/{i}/name"), &p.name, "Le nom du lieu");
        }
        for (i, s) in self.speakers.iter().enumerate() {
            non_empty(
                &mut r,
                format!("/speakers/{i}/name"),
                &s.name,
                "Le nom de l'intervenant",
            );
        }
        for (i, s) in self.stands.iter().enumerate() {
            non_empty(&mut r, format!("/stands/{i}/name"), &s.name, "Le nom de l'association");
            web_address(&mut r, format!("/stands/{i}/website"), s.website.as_deref());
            if let Some(v) = &s.volunteering {
                v.check(&format!("/stands/{i}/volunteering"), &mut r);
            }
        }
        self.check_sessions(&mut r, &places, &speakers, &stands);
        if let Some(q) = &self.questionnaire {
            q.check("/questionnaire", &mut r);
        }
        for (i, a) in self.announcements.iter().enumerate() {
            let path = format!("/announcements/{i}/text");
            non_empty(&mut r, path.clone(), &a.text, "Le texte de l'annonce");
            let chars = a.text.chars().count();
            if chars > Announcement::MAX_CHARS {
                r.error(
                    path,
                    format!(
                        "L'annonce compte {chars} caractères : {} au plus, pour qu'elle se lise d'un coup d'œil.",
                        Announcement::MAX_CHARS
                    ),
                );
            }
        }
        if let Some(plan) = &self.plan {
            check_plan(&mut r, plan, &places, &stands);
        }
        r
    }

    fn check_event(&self, r: &mut Report) {
        let e = &self.event;
        non_empty(r, "/event/name", &e.name, "Le nom de l'événement");
        non_empty(r, "/event/venue/name", &e.venue.name, "Le nom du lieu de l'événement");
        let site = e.contact.as_ref().and_then(|c| c.website.as_deref());
        web_address(r, "/event/contact/website", site);
        for (i, day) in e.earlier.iter().enumerate() {
            if day.year >= e.start_date.year() {
                r.error(
                    format!("/event/earlier/{i}/year"),
                    format!(
                        "Une édition précédente ({}) doit avoir eu lieu avant celle-ci ({}).",
                        day.year,
                        e.start_date.year()
                    ),
                );
            }
        }
        if e.end_date < e.start_date {
            r.error(
                "/event/end_date",
                format!(
                    "Le dernier jour ({}) est avant le premier ({}).",
                    e.end_date, e.start_date
                ),
            );
        }
        #[cfg(feature = "tz")]
        self.check_time_zone(r);
        #[cfg(not(feature = "tz"))]
        if e.time_zone.trim().is_empty() {
            r.error(
                "/event/time_zone",
                "Le fuseau horaire est vide (par exemple « Europe/Paris »).",
            );
        }
    }

    #[cfg(feature = "tz")]
    fn check_time_zone(&self, r: &mut Report) {
        use chrono::Offset;
        let Ok(tz) = self.event.time_zone.parse::<chrono_tz::Tz>() else {
            r.error(
                "/event/time_zone",
                format!(
                    "Le fuseau horaire « {} » est inconnu (par exemple « Europe/Paris »).",
                    self.event.time_zone
                ),
            );
            return;
        };
        for (i, s) in self.sessions.iter().enumerate() {
            for (field, t) in [("start", &s.start), ("end", &s.end)] {
                let expected = t.with_timezone(&tz).offset().fix();
                if *t.offset() != expected {
                    r.warn(
                        format!("/sessions/{i}/{field}"),
                        format!(
                            "L'heure {t} n'a pas le décalage de {} à cette date ({expected}) : elle s'affichera décalée.",
                            self.event.time_zone
                        ),
                    );
                }
            }
        }
    }

    fn check_sessions(&self, r: &mut Report, places: &HashSet<&str>, speakers: &HashSet<&str>, stands: &HashSet<&str>) {
        let e = &self.event;
        for (i, s) in self.sessions.iter().enumerate() {
            let at = format!("/sessions/{i}");
            non_empty(r, format!("{at}/title"), &s.title, "Le titre de la séance");
            if s.end < s.start {
                r.error(
                    format!("{at}/end"),
                    format!(
                        "La séance « {} » finit à {}, avant de commencer ({}) : mettez une fin après le début.",
                        s.title,
                        moment(&s.end, &s.start),
                        moment(&s.start, &s.end)
                    ),
                );
            } else if s.end == s.start {
                r.warn(
                    format!("{at}/end"),
                    format!("La séance « {} » dure zéro minute.", s.title),
                );
            }
            if let Some(p) = &s.place {
                if !places.contains(p.as_str()) {
                    r.error(
                        format!("{at}/place"),
                        format!("Le lieu « {p} » n'existe pas dans la liste des lieux."),
                    );
                }
            }
            for (j, sp) in s.speakers.iter().enumerate() {
                if !speakers.contains(sp.speaker.as_str()) {
                    r.error(
                        format!("{at}/speakers/{j}/speaker"),
                        format!(
                            "L'intervenant « {} » n'existe pas dans la liste des intervenants.",
                            sp.speaker
                        ),
                    );
                }
            }
            for (j, st) in s.stands.iter().enumerate() {
                if !stands.contains(st.as_str()) {
                    r.error(
                        format!("{at}/stands/{j}"),
                        format!("Le stand « {st} » n'existe pas dans la liste des stands."),
                    );
                }
            }
            if s.start.date_naive() < e.start_date || s.end.date_naive() > e.end_date {
                r.warn(
                    format!("{at}/start"),
                    format!(
                        "La séance « {} » a lieu en dehors des jours de l'événement ({} au {}).",
                        s.title, e.start_date, e.end_date
                    ),
                );
            }
        }
        self.check_place_overlaps(r);
    }

    /// Two scheduled sessions in one place at once. Sorting per place keeps this close to
    /// linear for the 1,000-session conferences we import.
    fn check_place_overlaps(&self, r: &mut Report) {
        let mut by_place: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, s) in self.sessions.iter().enumerate() {
            if let (Some(p), false) = (&s.place, s.is_cancelled()) {
                by_place.entry(p.as_str()).or_default().push(i);
            }
        }
        let mut found = Vec::new();
        for (place, mut idx) in by_place {
            idx.sort_by_key(|&i| (self.sessions[i].start, self.sessions[i].end));
            // The running session that ends last: anything starting before its end overlaps it.
            let mut longest: Option<usize> = None;
            for &i in &idx {
                if let Some(prev) = longest {
                    if overlaps(&self.sessions[prev], &self.sessions[i]) {
                        found.push((i, prev, place));
                    }
                    if self.sessions[i].end > self.sessions[prev].end {
                        longest = Some(i);
                    }
                } else {
                    longest = Some(i);
                }
            }
        }
        found.sort_unstable();
        for (i, prev, place) in found {
            r.warn(
                format!("/sessions/{i}/place"),
                format!(
                    "« {} » et « {} » ont lieu en même temps au même endroit ({place}).",
                    self.sessions[i].title, self.sessions[prev].title
                ),
            );
        }
    }
}

/// A name or title must show something: white space and control characters alone (a
/// pasted NUL, an escape sequence) show nothing, and the calendar and XML exports, which
/// cannot carry control characters, would write it empty.
fn non_empty(r: &mut Report, path: impl Into<String>, value: &str, what: &str) {
    if value.chars().all(|c| c.is_whitespace() || c.is_control()) {
        r.error(path, format!("{what} est vide."));
    }
}

/// An address shown as a link: `http://` or `https://` only (see [`crate::links`]).
fn web_address(r: &mut Report, path: impl Into<String>, value: Option<&str>) {
    if let Some(why) = value.and_then(crate::links::refusal) {
        r.error(path, why);
    }
}

/// Reports duplicated ids of one collection and returns the set of ids it holds.
fn unique_ids<'a, T, I>(r: &mut Report, collection: &str, what: &str, ids: I) -> HashSet<&'a str>
where
    T: AsRef<str> + 'a,
    I: Iterator<Item = &'a T>,
{
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        let id = id.as_ref();
        if let Some(first) = seen.get(id) {
            r.error(
                format!("/{collection}/{i}/id"),
                format!("L'identifiant de {what} « {id} » est déjà utilisé (/{collection}/{first})."),
            );
        } else {
            seen.insert(id, i);
        }
    }
    seen.into_keys().collect()
}

/// A length as a person reads it: to the centimetre, with a decimal comma ("12,5"). `{}`
/// would write a tiny width with 300 zeros.
fn metres(v: f64) -> String {
    if v.abs() >= 1e9 {
        return format!("{v:e}");
    }
    let fixed = format!("{v:.2}");
    let fixed = fixed.trim_end_matches('0').trim_end_matches('.');
    match fixed {
        "-0" => "0".to_owned(),
        other => other.replace('.', ","),
    }
}

fn check_plan(r: &mut Report, plan: &Plan, places: &HashSet<&str>, stands: &HashSet<&str>) {
    if !(plan.width > 0.0 && plan.height > 0.0 && plan.width.is_finite() && plan.height.is_finite()) {
        r.error(
            "/plan/width",
            "Le plan doit avoir une largeur et une hauteur positives (en mètres).",
        );
        return;
    }
    let inside = |p: &Point| p.x >= 0.0 && p.y >= 0.0 && p.x <= plan.width && p.y <= plan.height;
    let rect_inside = |rc: &Rect| {
        rc.w > 0.0
            && rc.h > 0.0
            && inside(&Point { x: rc.x, y: rc.y })
            && inside(&Point {
                x: rc.x + rc.w,
                y: rc.y + rc.h,
            })
    };
    let outside = |what: &str| {
        format!(
            "{what} sort du plan ({} m × {} m) ou a une taille nulle.",
            metres(plan.width),
            metres(plan.height)
        )
    };
    for (i, p) in plan.outline.iter().enumerate() {
        if !inside(p) {
            r.error(format!("/plan/outline/{i}"), outside("Ce point du contour"));
        }
    }
    let mut drawn = HashSet::new();
    for (i, s) in plan.stands.iter().enumerate() {
        let at = format!("/plan/stands/{i}");
        if !stands.contains(s.stand.as_str()) {
            r.error(
                format!("{at}/stand"),
                format!("Le stand « {} » n'existe pas dans la liste des stands.", s.stand),
            );
        }
        if !drawn.insert(s.stand.as_str()) {
            r.error(
                format!("{at}/stand"),
                format!("Le stand « {} » est dessiné deux fois sur le plan.", s.stand),
            );
        }
        if !rect_inside(&s.rect) {
            r.error(format!("{at}/rect"), outside(&format!("Le stand « {} »", s.stand)));
        }
        for (j, p) in s.polygon.iter().flatten().enumerate() {
            if !inside(p) {
                r.error(
                    format!("{at}/polygon/{j}"),
                    outside(&format!("Le contour du stand « {} »", s.stand)),
                );
            }
        }
    }
    for (i, room) in plan.rooms.iter().enumerate() {
        let at = format!("/plan/rooms/{i}");
        if !places.contains(room.place.as_str()) {
            r.error(
                format!("{at}/place"),
                format!("Le lieu « {} » n'existe pas dans la liste des lieux.", room.place),
            );
        }
        if !rect_inside(&room.rect) {
            r.error(format!("{at}/rect"), outside(&format!("La salle « {} »", room.place)));
        }
        for (j, p) in room.polygon.iter().flatten().enumerate() {
            if !inside(p) {
                r.error(
                    format!("{at}/polygon/{j}"),
                    outside(&format!("Le contour de la salle « {} »", room.place)),
                );
            }
        }
    }
    for (i, f) in plan.features.iter().enumerate() {
        if f.points.is_empty() {
            r.error(
                format!("/plan/features/{i}/points"),
                format!("« {} » n'a aucun point sur le plan.", f.kind.label()),
            );
        }
        for (j, p) in f.points.iter().enumerate() {
            if !inside(p) {
                r.error(format!("/plan/features/{i}/points/{j}"), outside(f.kind.label()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::{PlanStand, SpeakerRole, Status};
    use crate::ids::{PlaceId, SpeakerId, StandId};
    use crate::test_support::{edition, session};

    fn paths(issues: &[Issue]) -> Vec<&str> {
        issues.iter().map(|i| i.path.as_str()).collect()
    }

    #[test]
    fn a_clean_document_has_no_issue() {
        let report = edition().validate();
        assert_eq!(report, Report::default());
    }

    #[test]
    fn every_error_is_reported_at_once_with_its_path() {
        let mut e = edition();
        e.sessions[0].place = Some(PlaceId::parse("nulle-part").unwrap());
        e.sessions[1].title = "  ".into();
        e.sessions[1].speakers.push(SpeakerRole {
            speaker: SpeakerId::parse("inconnu").unwrap(),
            role: None,
        });
        let mut late = session("retard", "15:00", "14:00");
        late.place = None;
        e.sessions.push(late);
        e.sessions.push(session("debat", "16:00", "17:00")); // same id as /sessions/0
        e.stands.push(e.stands[0].clone());

        let report = e.validate();
        assert!(!report.is_ok());
        assert_eq!(
            paths(&report.errors),
            [
                "/stands/1/id",
                "/sessions/3/id",
                "/sessions/0/place",
                "/sessions/1/title",
                "/sessions/1/speakers/1/speaker",
                "/sessions/2/end",
            ]
        );
        assert!(report.errors[2].message.contains("nulle-part"));
        assert!(report.errors[5].message.contains("avant de commencer"));
    }

    /// Found by the property tests (`tests/props_interop/exports.rs`): a place named "\u{1b}"
    /// passed, and came back from schedule.xml without a name, so without its place.
    #[test]
    fn names_of_control_characters_only_are_blank() {
        let mut e = edition();
        e.places[0].name = "\u{1b}\u{0}".into();
        e.sessions[1].title = " \u{7}\r\n".into();
        let report = e.validate();
        assert_eq!(paths(&report.errors), ["/places/0/name", "/sessions/1/title"]);
    }

    #[test]
    fn an_address_that_is_not_http_is_refused_with_its_path() {
        let mut e = edition();
        e.stands[0].website = Some("javascript:alert(4)".into());
        e.event.contact = Some(crate::edition::Contact {
            name: "CCAS".into(),
            phone: None,
            email: None,
            website: Some("data:text/html,<b>".into()),
            assumed: false,
        });
        let report = e.validate();
        assert_eq!(paths(&report.errors), ["/event/contact/website", "/stands/0/website"]);
        assert_eq!(
            report.errors[1].message,
            "Adresse refusée « javascript:alert(4) » : seule une adresse qui commence par https:// ou http:// est acceptée."
        );
        e.stands[0].website = Some("https://www.una.fr".into());
        e.event.contact = None;
        assert!(e.validate().is_ok());
    }

    #[test]
    fn earlier_days_come_before_this_one() {
        let mut e = edition();
        e.event.earlier = vec![
            crate::EarlierDay {
                year: 2011,
                attendance: 322,
            },
            crate::EarlierDay {
                year: 2013,
                attendance: 1,
            },
        ];
        let report = e.validate();
        let paths: Vec<&str> = report.errors.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["/event/earlier/1/year"]);
    }

    #[test]
    fn announcements_are_short_have_a_text_and_end_when_said() {
        let mut e = edition();
        let until = crate::test_support::at("15:00");
        e.announcements = vec![
            Announcement {
                text: "La table ronde commence avec 10 minutes de retard.".into(),
                until: Some(until),
            },
            Announcement {
                text: "  ".into(),
                until: None,
            },
            Announcement {
                text: "x".repeat(Announcement::MAX_CHARS + 1),
                until: None,
            },
        ];
        let report = e.validate();
        assert_eq!(
            paths(&report.errors),
            ["/announcements/1/text", "/announcements/2/text"]
        );
        assert!(
            report.errors[1].message.contains("281 caractères"),
            "{}",
            report.errors[1].message
        );
        let first = &e.announcements[0];
        assert!(first.is_shown(crate::test_support::at("14:59").to_utc()));
        assert!(!first.is_shown(until.to_utc()));
        // Kept through the document, `until` and all; an edition without any writes none.
        let text = serde_json::to_string(&e).unwrap();
        assert!(text.contains(r#""until":"2013-10-08T15:00:00+02:00""#), "{text}");
        assert_eq!(crate::Edition::from_json(&text).unwrap().announcements, e.announcements);
        assert!(!serde_json::to_string(&edition()).unwrap().contains("announcements"));
    }

    #[test]
    fn shapes_outside_the_plan_are_errors() {
        let mut e = edition();
        let plan = e.plan.as_mut().unwrap();
        plan.stands.push(PlanStand {
            stand: StandId::parse("restos").unwrap(),
            number: "2".into(),
            rect: Rect {
                x: 38.0,
                y: 1.0,
                w: 4.0,
                h: 2.0,
            },
            polygon: None,
        });
        let report = e.validate();
        assert_eq!(paths(&report.errors), ["/plan/stands/1/stand", "/plan/stands/1/rect"]);
        assert_eq!(
            report.errors[1].message,
            "Le stand « restos » sort du plan (40 m × 30 m) ou a une taille nulle."
        );
    }

    /// Found by the property tests (`tests/props/validation.rs`): a plan 1e-308 m wide
    /// was said with 300 zeros.
    #[test]
    fn plan_sizes_are_said_to_the_centimetre() {
        assert_eq!(metres(40.0), "40");
        assert_eq!(metres(12.5), "12,5");
        assert_eq!(metres(33.333), "33,33");
        assert_eq!(metres(1.069e-308), "0");
        assert_eq!(metres(-0.001), "0");
        assert_eq!(metres(1e300), "1e300");
    }

    #[test]
    fn overlaps_zero_length_and_days_outside_are_warnings() {
        let mut e = edition();
        let mut clash = session("clash", "10:30", "11:00");
        clash.place = e.sessions[0].place.clone();
        e.sessions.push(clash);
        e.sessions.push(session("instant", "18:00", "18:00"));
        let mut cancelled = session("annule", "10:00", "11:00");
        cancelled.place = e.sessions[0].place.clone();
        cancelled.status = Status::Cancelled;
        e.sessions.push(cancelled);
        let mut next_day = session("lendemain", "10:00", "11:00");
        next_day.start += chrono::Duration::days(1);
        next_day.end += chrono::Duration::days(1);
        e.sessions.push(next_day);

        let report = e.validate();
        assert!(report.is_ok(), "{:?}", report.errors);
        assert_eq!(
            paths(&report.warnings),
            ["/sessions/3/end", "/sessions/5/start", "/sessions/2/place"]
        );
    }
}
