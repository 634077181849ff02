//! From a [`Programme`] to an imported edition: the conference's name, slug and dates, and
//! the edition assembled around its sessions.

use chrono::NaiveDate;

use super::sessions::{sessions, Built};
use super::times::{read_times, time_zone};
use super::{clean, Notes, Programme, Text};
use crate::edition::{Edition, Event, Session, Venue};
use crate::ids::{slugify, EditionSlug};
use crate::import::text::{parse_date, plain_text};
use crate::import::{Format, ImportError, Imported};

const VENUE_TO_COMPLETE: &str = "Lieu à préciser";

/// Maps a programme to an edition. `notes` carries what the reader already found; any error
/// (theirs or ours) fails the import with every error at once.
pub(crate) fn build(
    p: Programme<'_>,
    format: Format,
    slug: Option<&EditionSlug>,
    mut notes: Notes,
) -> Result<Imported, ImportError> {
    let name = conference_name(&p, &mut notes);
    let times = read_times(&p, &mut notes);
    let tz = time_zone(&p, &times, &mut notes);
    let sessions = sessions(&p, &times, tz, &mut notes);
    let (start_date, end_date) = dates(&p, &sessions.sessions, &mut notes);
    if notes.has_errors() {
        return Err(notes.into_error(format));
    }
    let (Some(name), Some(start_date)) = (name, start_date) else {
        return Err(notes.into_error(format));
    };
    let end_date = end_date.unwrap_or(start_date);
    let edition_slug = edition_slug(slug, &p, &name, &mut notes);
    notes.warn(
        "/event/venue/name",
        format!("Le programme ne dit pas où a lieu l'événement : le lieu est « {VENUE_TO_COMPLETE} », à compléter."),
    );
    let base_url = clean(&p.base_url);
    let Built {
        mut sessions,
        places,
        speakers,
    } = sessions;
    sessions.sort_by(crate::time::chronological);
    let edition = Edition {
        edition: edition_slug,
        revision: 0,
        event: Event {
            name,
            subtitle: None,
            organizer: None,
            start_date,
            end_date,
            time_zone: tz.name().to_owned(),
            venue: Venue {
                name: VENUE_TO_COMPLETE.to_owned(),
                address: None,
                access: Vec::new(),
                assumed: vec!["name".to_owned()],
            },
            description: p.description.as_deref().and_then(plain_text),
            contact: None,
            attendance: None,
            source: Some(match base_url {
                Some(url) => format!("Importé d'un {} : {url}", format.label()),
                None => format!("Importé d'un {}", format.label()),
            }),
            earlier: Vec::new(),
        },
        places,
        sessions,
        speakers,
        stands: Vec::new(),
        plan: None,
        announcements: Vec::new(),
        questionnaire: None,
        contact_requests: None,
    };
    Ok(Imported {
        format,
        edition,
        warnings: notes.into_warnings(),
    })
}

/// The conference title; a blank one falls back to the acronym.
fn conference_name(p: &Programme<'_>, notes: &mut Notes) -> Option<String> {
    let path = p.conference("title");
    match (clean(&p.title), clean(&p.acronym)) {
        (Some(title), _) => Some(title.to_owned()),
        (None, Some(acronym)) => {
            notes.warn(
                path,
                format!("Le titre de la conférence est vide : son acronyme « {acronym} » le remplace."),
            );
            Some(acronym.to_owned())
        }
        (None, None) if p.title.is_some() => {
            notes.error(
                path,
                "Le titre de la conférence est vide et aucun acronyme ne peut le remplacer.",
            );
            None
        }
        (None, None) => {
            notes.missing(path, "Le titre de la conférence manque.".to_owned());
            None
        }
    }
}

/// The caller's slug, else the acronym's or the title's, made URL-safe.
fn edition_slug(forced: Option<&EditionSlug>, p: &Programme<'_>, name: &str, notes: &mut Notes) -> EditionSlug {
    if let Some(slug) = forced {
        return slug.clone();
    }
    let from_feed = clean(&p.acronym)
        .map(slugify)
        .filter(|s| !s.is_empty())
        .or_else(|| Some(slugify(name)).filter(|s| !s.is_empty()));
    if let Some(slug) = from_feed.and_then(|s| EditionSlug::parse(s).ok()) {
        return slug;
    }
    notes.warn(
        p.conference("acronym"),
        "Ni l'acronyme ni le titre ne donnent un identifiant d'édition utilisable : « programme » est utilisé.",
    );
    EditionSlug::parse("programme").expect("a literal valid slug")
}

/// First and last day: `start`, else the first day, else the first session; `end`, else
/// `start` plus the number of days, else the last day, else the last session.
fn dates(p: &Programme<'_>, sessions: &[Session], notes: &mut Notes) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let day_dates = || p.days.iter().filter_map(|d| clean(&d.date).and_then(parse_date));
    let declared = |field: &str, raw: &Option<Text<'_>>, notes: &mut Notes| {
        let raw = clean(raw)?;
        let date = parse_date(raw);
        if date.is_none() {
            notes.warn(
                p.conference(field),
                format!("« {raw} » n'est pas une date lisible (attendu « AAAA-MM-JJ ») : elle est déduite des jours du programme."),
            );
        }
        date
    };
    let start = declared("start", &p.start, notes)
        .or_else(|| day_dates().min())
        .or_else(|| sessions.iter().map(|s| s.start.date_naive()).min());
    let Some(start) = start else {
        notes.error(
            p.conference("start"),
            "La date de début de la conférence manque et aucun jour ni aucune séance ne permet de la déduire.",
        );
        return (None, None);
    };
    let days_count = clean(&p.days_count)
        .and_then(|d| d.parse::<u32>().ok())
        .filter(|&d| (1..=366).contains(&d));
    let end = declared("end", &p.end, notes)
        .or_else(|| days_count.and_then(|d| start.checked_add_days(chrono::Days::new(u64::from(d) - 1))))
        .or_else(|| day_dates().max())
        .or_else(|| sessions.iter().map(|s| s.start.date_naive()).max())
        .unwrap_or(start);
    if end < start {
        let repaired = day_dates().max().filter(|&d| d >= start).unwrap_or(start);
        notes.warn(
            p.conference("end"),
            format!("Le dernier jour ({end}) est avant le premier ({start}) : le {repaired} est retenu."),
        );
        return (Some(start), Some(repaired));
    }
    (Some(start), Some(end))
}
