//! The neutral form both schedule readers fill ([`Programme`]), and its mapping to an
//! [`Edition`]: times moved into the conference's zone, ids made URL-safe and unique, rooms
//! and persons deduplicated into places and speakers.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, TimeZone};
use chrono_tz::Tz;

use super::text::{
    language_name, parse_clock, parse_date, parse_duration, parse_stamp, plain_text, session_kind, Stamp,
};
use super::{Format, ImportError, Imported};
use crate::edition::{Edition, Event, Place, PlaceKind, Session, Speaker, SpeakerRole, Status, Venue};
use crate::ids::{slugify, EditionSlug, PlaceId, SessionId, SpeakerId};
use crate::validate::Issue;

/// Text read from a feed: borrowed from the input when it can be.
pub(crate) type Text<'a> = Cow<'a, str>;

/// What a schedule says, before any interpretation. Readers only check the shape of the
/// file (and, for JSON, the types); every value is interpreted here, once for both formats.
#[derive(Debug, Default)]
pub(crate) struct Programme<'a> {
    pub title: Option<Text<'a>>,
    pub acronym: Option<Text<'a>>,
    pub description: Option<Text<'a>>,
    pub start: Option<Text<'a>>,
    pub end: Option<Text<'a>>,
    pub days_count: Option<Text<'a>>,
    pub time_zone: Option<Text<'a>>,
    pub base_url: Option<Text<'a>>,
    /// Room names in the order the file declares them (room lists, then day containers).
    pub rooms: Vec<Text<'a>>,
    pub days: Vec<Day<'a>>,
    pub events: Vec<RawEvent<'a>>,
}

#[derive(Debug, Default)]
pub(crate) struct Day<'a> {
    pub date: Option<Text<'a>>,
    /// When the day starts (`day_start`): events listed under a day and timed before it
    /// belong to the next calendar date.
    pub start: Option<Text<'a>>,
}

#[derive(Debug, Default)]
pub(crate) struct RawEvent<'a> {
    /// Where the event is in the file: a JSON pointer or an XPath-like location.
    pub loc: String,
    /// Line of the event in an XML file.
    pub line: Option<u32>,
    pub day: Option<usize>,
    pub room: Option<Text<'a>>,
    pub id: Option<Text<'a>>,
    pub guid: Option<Text<'a>>,
    pub slug: Option<Text<'a>>,
    pub title: Option<Text<'a>>,
    pub subtitle: Option<Text<'a>>,
    pub date: Option<Text<'a>>,
    pub start: Option<Text<'a>>,
    pub end: Option<Text<'a>>,
    pub duration: Option<Text<'a>>,
    pub track: Option<Text<'a>>,
    pub kind: Option<Text<'a>>,
    pub language: Option<Text<'a>>,
    pub abstract_: Option<Text<'a>>,
    pub description: Option<Text<'a>>,
    pub persons: Vec<RawPerson<'a>>,
}

impl RawEvent<'_> {
    fn path(&self, field: &str) -> String {
        format!("{}/{field}", self.loc)
    }

    /// " (ligne 12)" for XML, so the organizer can open the file where it is.
    fn line_hint(&self) -> String {
        self.line.map(|l| format!(" (ligne {l})")).unwrap_or_default()
    }
}

#[derive(Debug, Default)]
pub(crate) struct RawPerson<'a> {
    pub id: Option<Text<'a>>,
    pub guid: Option<Text<'a>>,
    pub name: Option<Text<'a>>,
}

/// Errors and warnings met on the way. A hostile file could produce one per event: past
/// [`MAX_ISSUES`] of a kind, they are counted and summed up in one last issue.
#[derive(Debug, Default)]
pub(crate) struct Notes {
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
    more_errors: usize,
    more_warnings: usize,
}

const MAX_ISSUES: usize = 100;

impl Notes {
    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.errors.len() < MAX_ISSUES {
            self.errors.push(Issue::new(path, message));
        } else {
            self.more_errors += 1;
        }
    }

    pub fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        if self.warnings.len() < MAX_ISSUES {
            self.warnings.push(Issue::new(path, message));
        } else {
            self.more_warnings += 1;
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// A reader already reported this field (a wrong JSON type): "missing" would repeat it.
    fn has_error_at(&self, path: &str) -> bool {
        self.errors.iter().any(|e| e.path == path)
    }

    /// Reports that a field is missing, unless a reader already said what is wrong with it.
    fn missing(&mut self, path: String, message: String) {
        if !self.has_error_at(&path) {
            self.error(path, message);
        }
    }

    pub fn into_error(mut self, format: Format) -> ImportError {
        if self.more_errors > 0 {
            self.errors.push(Issue::new(
                "/",
                format!("… et {} autres erreurs du même genre.", self.more_errors),
            ));
        }
        ImportError {
            format: Some(format),
            issues: self.errors,
        }
    }

    fn into_warnings(mut self) -> Vec<Issue> {
        if self.more_warnings > 0 {
            self.warnings.push(Issue::new(
                "/",
                format!("… et {} autres avertissements du même genre.", self.more_warnings),
            ));
        }
        self.warnings
    }
}

/// The trimmed text, or `None` when blank.
fn clean<'t>(text: &'t Option<Text<'_>>) -> Option<&'t str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

const CONFERENCE: &str = "/schedule/conference";
const VENUE_TO_COMPLETE: &str = "Lieu à préciser";

/// When a session ends, as the feed says it.
enum End {
    At(Stamp),
    After(TimeDelta),
}

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
        },
        places,
        sessions,
        speakers,
        stands: Vec::new(),
        plan: None,
    };
    Ok(Imported {
        format,
        edition,
        warnings: notes.into_warnings(),
    })
}

/// The conference title; a blank one falls back to the acronym.
fn conference_name(p: &Programme<'_>, notes: &mut Notes) -> Option<String> {
    let path = format!("{CONFERENCE}/title");
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
        format!("{CONFERENCE}/acronym"),
        "Ni l'acronyme ni le titre ne donnent un identifiant d'édition utilisable : « programme » est utilisé.",
    );
    EditionSlug::parse("programme").expect("a literal valid slug")
}

/// Each event's start and end as the feed writes them (`None` where they cannot be read).
fn read_times(p: &Programme<'_>, notes: &mut Notes) -> Vec<Option<(Stamp, End)>> {
    let mut rebuilt: Option<(usize, String)> = None;
    let times = p
        .events
        .iter()
        .map(|ev| {
            let start = event_start(p, ev, notes, &mut rebuilt);
            let end = event_end(ev, notes);
            Some((start?, end?))
        })
        .collect();
    if let Some((count, first)) = rebuilt {
        notes.warn(
            first,
            format!("{count} séance(s) sans « date » : l'heure de début a été reconstituée à partir du jour et de « start »."),
        );
    }
    times
}

fn event_start(
    p: &Programme<'_>,
    ev: &RawEvent<'_>,
    notes: &mut Notes,
    rebuilt: &mut Option<(usize, String)>,
) -> Option<Stamp> {
    if let Some(raw) = clean(&ev.date) {
        let stamp = parse_stamp(raw);
        if stamp.is_none() {
            notes.error(
                ev.path("date"),
                format!(
                    "« {raw} » n'est pas une date et heure lisible (attendu par exemple « 2019-12-27T11:00:00+01:00 »){}.",
                    ev.line_hint()
                ),
            );
        }
        return stamp;
    }
    // Old frab files only give the day and a wall-clock `start`.
    let day = ev.day.and_then(|d| p.days.get(d));
    let date = day.and_then(|d| clean(&d.date)).and_then(parse_date);
    let clock = clean(&ev.start).and_then(parse_clock);
    let (Some(date), Some(clock)) = (date, clock) else {
        notes.missing(
            ev.path("date"),
            format!(
                "L'heure de début de la séance manque (ni « date », ni jour et « start »){}.",
                ev.line_hint()
            ),
        );
        return None;
    };
    let day_starts_at = day
        .and_then(|d| clean(&d.start))
        .and_then(parse_stamp)
        .map(|s| match s {
            Stamp::Fixed(t) => t.time(),
            Stamp::Local(t) => t.time(),
        });
    let date = match day_starts_at {
        Some(day_start) if clock < day_start => date.succ_opt().unwrap_or(date),
        _ => date,
    };
    let entry = rebuilt.get_or_insert_with(|| (0, ev.path("date")));
    entry.0 += 1;
    Some(Stamp::Local(date.and_time(clock)))
}

fn event_end(ev: &RawEvent<'_>, notes: &mut Notes) -> Option<End> {
    let duration = clean(&ev.duration).map(|raw| (raw, parse_duration(raw)));
    if let Some(raw) = clean(&ev.end) {
        match (parse_stamp(raw), duration) {
            (Some(end), _) => return Some(End::At(end)),
            (None, Some((_, Some(d)))) => {
                notes.warn(
                    ev.path("end"),
                    format!(
                        "La fin « {raw} » est illisible : la durée a été utilisée{}.",
                        ev.line_hint()
                    ),
                );
                return Some(End::After(d));
            }
            (None, _) => {
                notes.error(
                    ev.path("end"),
                    format!(
                        "« {raw} » n'est pas une date et heure de fin lisible{}.",
                        ev.line_hint()
                    ),
                );
                return None;
            }
        }
    }
    match duration {
        Some((_, Some(d))) => Some(End::After(d)),
        Some((raw, None)) => {
            notes.error(
                ev.path("duration"),
                format!(
                    "« {raw} » n'est pas une durée lisible (attendu « HH:MM », par exemple « 01:30 »){}.",
                    ev.line_hint()
                ),
            );
            None
        }
        None => {
            notes.missing(
                ev.path("duration"),
                format!("La durée de la séance manque{}.", ev.line_hint()),
            );
            None
        }
    }
}

/// The declared zone; when it is missing or unknown, the zone of the one UTC offset the
/// times use (`Etc/GMT-1` for +01:00), else UTC. Either way the organizer is told.
fn time_zone(p: &Programme<'_>, times: &[Option<(Stamp, End)>], notes: &mut Notes) -> Tz {
    let path = format!("{CONFERENCE}/time_zone_name");
    let declared = clean(&p.time_zone);
    if let Some(name) = declared {
        if let Ok(tz) = name.parse::<Tz>() {
            return tz;
        }
        if name.eq_ignore_ascii_case("utc") || name.eq_ignore_ascii_case("gmt") {
            return Tz::UTC;
        }
    }
    let mut offsets = times.iter().flatten().filter_map(|(start, _)| match start {
        Stamp::Fixed(t) => Some(t.offset().local_minus_utc()),
        Stamp::Local(_) => None,
    });
    let single = offsets.next().filter(|&first| offsets.all(|o| o == first));
    let inferred = single.and_then(zone_of_offset);
    let chosen = inferred.unwrap_or(Tz::UTC);
    let why = match declared {
        Some(name) => format!("Le fuseau horaire « {name} » est inconnu"),
        None => "Le programme ne donne pas de fuseau horaire".to_owned(),
    };
    let what = match (inferred, single) {
        (Some(tz), Some(offset)) => format!(
            "« {} » (UTC{}) a été déduit des heures des séances. Remplacez-le par le fuseau réel (par exemple « Europe/Paris ») pour que les changements d'heure soient justes.",
            tz.name(),
            FixedOffset::east_opt(offset).map(|o| o.to_string()).unwrap_or_default()
        ),
        _ => "les heures sont données en UTC. Indiquez le fuseau réel (par exemple « Europe/Paris »).".to_owned(),
    };
    notes.warn(path, format!("{why} : {what}"));
    chosen
}

/// `Etc/GMT-1` is UTC+01:00 (the IANA names count the other way).
fn zone_of_offset(seconds: i32) -> Option<Tz> {
    if seconds == 0 {
        return Some(Tz::UTC);
    }
    if seconds % 3600 != 0 {
        return None;
    }
    let hours = seconds / 3600;
    let name = format!("Etc/GMT{}{}", if hours > 0 { '-' } else { '+' }, hours.abs());
    name.parse().ok()
}

/// Moves a feed's time into the conference's zone.
fn in_zone(stamp: Stamp, tz: Tz) -> Option<DateTime<FixedOffset>> {
    match stamp {
        Stamp::Fixed(t) => Some(t.with_timezone(&tz).fixed_offset()),
        // A wall-clock time in a spring-forward gap does not exist: the hour after does.
        Stamp::Local(t) => tz
            .from_local_datetime(&t)
            .earliest()
            .or_else(|| {
                let later = t.checked_add_signed(TimeDelta::hours(1))?;
                tz.from_local_datetime(&later).earliest()
            })
            .map(|t| t.fixed_offset()),
    }
}

/// True when `raw` follows the id grammar shared by every id type.
fn valid_id(raw: &str) -> bool {
    SessionId::parse(raw).is_ok()
}

/// Hands out ids that follow the id grammar and are unique in one collection.
#[derive(Default)]
struct IdPool {
    used: HashSet<String>,
}

impl IdPool {
    /// `raw` itself when it is a valid id, else its slug, else `fallback`.
    fn base(raw: &str, fallback: &str) -> String {
        if valid_id(raw) {
            raw.to_owned()
        } else {
            Some(slugify(raw))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| fallback.to_owned())
        }
    }

    /// `base` when unused, else `base-2`, `base-3`… `base` must be a valid id.
    fn unique(&mut self, base: &str) -> String {
        if self.used.insert(base.to_owned()) {
            return base.to_owned();
        }
        // Room for the suffix within the 80-character limit (valid ids are ASCII).
        let stem = &base[..base.len().min(70)];
        (2..)
            .map(|n| format!("{stem}-{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .unwrap_or_default()
    }

    fn take(&mut self, raw: &str, fallback: &str) -> String {
        self.unique(&Self::base(raw, fallback))
    }
}

struct Built {
    sessions: Vec<Session>,
    places: Vec<Place>,
    speakers: Vec<Speaker>,
}

/// Places by room name, in the order the file declares them.
struct Places {
    pool: IdPool,
    by_name: HashMap<String, PlaceId>,
    list: Vec<Place>,
}

impl Places {
    fn get(&mut self, name: &str) -> Option<PlaceId> {
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if let Some(id) = self.by_name.get(name) {
            return Some(id.clone());
        }
        let id = PlaceId::parse(self.pool.take(&slugify(name), "salle")).ok()?;
        self.by_name.insert(name.to_owned(), id.clone());
        self.list.push(Place {
            id: id.clone(),
            name: name.to_owned(),
            kind: PlaceKind::Room,
            accessibility: None,
            assumed: false,
        });
        Some(id)
    }
}

/// Speakers by name: merged schedules reuse person ids across their sources (36C3 has 437
/// ids for 878 names), so the name, folded into a slug, is what identifies a person; the
/// slug is also the speaker's id, as in our own documents (`serge-paugam`).
struct Speakers {
    pool: IdPool,
    by_key: HashMap<String, SpeakerId>,
    list: Vec<Speaker>,
}

impl Speakers {
    fn get(&mut self, person: &RawPerson<'_>) -> Option<SpeakerId> {
        let name = clean(&person.name)?;
        let slug = slugify(name);
        // A name without any Latin letter has no slug: the exact name identifies the person
        // and their own id, if any, names them.
        let (key, base) = if slug.is_empty() {
            let own = clean(&person.id)
                .or(clean(&person.guid))
                .map(slugify)
                .filter(|s| !s.is_empty());
            let base = own.map_or_else(
                || "intervenant".to_owned(),
                |own| IdPool::base(&format!("intervenant-{own}"), "intervenant"),
            );
            (format!("\u{0}{name}"), base)
        } else {
            (slug.clone(), slug)
        };
        if let Some(id) = self.by_key.get(&key) {
            return Some(id.clone());
        }
        let id = SpeakerId::parse(self.pool.unique(&base)).ok()?;
        self.by_key.insert(key, id.clone());
        self.list.push(Speaker {
            id: id.clone(),
            name: name.to_owned(),
            title: None,
            organisation: None,
        });
        Some(id)
    }
}

/// The sessions, with the places and speakers they use.
fn sessions(p: &Programme<'_>, times: &[Option<(Stamp, End)>], tz: Tz, notes: &mut Notes) -> Built {
    let mut places = Places {
        pool: IdPool::default(),
        by_name: HashMap::new(),
        list: Vec::new(),
    };
    for room in &p.rooms {
        places.get(room);
    }
    let mut speakers = Speakers {
        pool: IdPool::default(),
        by_key: HashMap::new(),
        list: Vec::new(),
    };
    let mut ids = IdPool::default();
    let mut first_with_id: HashMap<String, usize> = HashMap::new();
    let mut sessions = Vec::with_capacity(p.events.len());
    // How many feed times carried another offset than UTC's or the zone's, and one example.
    let mut shifted: Option<(usize, DateTime<FixedOffset>, DateTime<FixedOffset>)> = None;

    for (n, (ev, time)) in p.events.iter().zip(times).enumerate() {
        let title = match (clean(&ev.title), &ev.title) {
            (Some(t), _) => t.to_owned(),
            (None, Some(_)) => {
                notes.warn(
                    ev.path("title"),
                    format!(
                        "La séance n'a pas de titre : « Séance sans titre » en attendant{}.",
                        ev.line_hint()
                    ),
                );
                "Séance sans titre".to_owned()
            }
            (None, None) => {
                notes.missing(
                    ev.path("title"),
                    format!("Le titre de la séance manque{}.", ev.line_hint()),
                );
                continue;
            }
        };
        let Some((start_stamp, end)) = time else {
            continue;
        };
        let Some(start) = in_zone(*start_stamp, tz) else {
            notes.error(
                ev.path("date"),
                format!(
                    "Cette heure n'existe pas dans le fuseau {}{}.",
                    tz.name(),
                    ev.line_hint()
                ),
            );
            continue;
        };
        // Times written in UTC are a normal way to give instants (Wafer does); another
        // offset than the zone's is a sign the declared zone may be wrong.
        if let Stamp::Fixed(original) = start_stamp {
            let offset = original.offset().local_minus_utc();
            if offset != 0 && offset != start.offset().local_minus_utc() {
                shifted.get_or_insert((0, *original, start)).0 += 1;
            }
        }
        let end = match end {
            End::After(d) => start
                .checked_add_signed(*d)
                .map(|t| t.with_timezone(&tz).fixed_offset()),
            End::At(stamp) => in_zone(*stamp, tz),
        };
        let Some(end) = end.filter(|e| *e >= start) else {
            notes.error(
                ev.path("end"),
                format!("La séance « {title} » finit avant de commencer{}.", ev.line_hint()),
            );
            continue;
        };

        let raw_id = [&ev.id, &ev.guid, &ev.slug]
            .into_iter()
            .find_map(|c| clean(c))
            .map_or_else(|| slugify(&title), str::to_owned);
        let base = IdPool::base(&raw_id, &format!("seance-{}", n + 1));
        let Ok(id) = SessionId::parse(ids.unique(&base)) else {
            continue;
        };
        if id.as_str() == base {
            first_with_id.insert(base, n);
        } else {
            let by = first_with_id
                .get(&base)
                .map(|&first| &p.events[first])
                .map_or_else(String::new, |other| {
                    format!(" par « {} » ({})", clean(&other.title).unwrap_or("?"), other.loc)
                });
            notes.warn(
                ev.loc.clone(),
                format!(
                    "L'identifiant « {base} » est déjà pris{by} : cette séance{} devient « {id} ».",
                    ev.line_hint()
                ),
            );
        }

        let place = ev.room.as_deref().and_then(|r| places.get(r));
        let mut roles: Vec<SpeakerRole> = Vec::with_capacity(ev.persons.len());
        for (j, person) in ev.persons.iter().enumerate() {
            match speakers.get(person) {
                Some(speaker) if !roles.iter().any(|r| r.speaker == speaker) => {
                    roles.push(SpeakerRole { speaker, role: None })
                }
                Some(_) => {}
                None => notes.warn(
                    format!("{}/persons/{j}", ev.loc),
                    format!("Une personne sans nom est ignorée{}.", ev.line_hint()),
                ),
            }
        }
        sessions.push(Session {
            id,
            kind: session_kind(ev.kind.as_deref(), &title),
            description: description(ev, &title),
            title,
            start,
            end,
            place,
            speakers: roles,
            themes: clean(&ev.track).map(|t| vec![t.to_owned()]).unwrap_or_default(),
            audience: Vec::new(),
            stands: Vec::new(),
            status: Status::Scheduled,
            assumed: Vec::new(),
        });
    }
    if let Some((count, original, moved)) = shifted {
        notes.warn(
            format!("{CONFERENCE}/time_zone_name"),
            format!(
                "{count} heure(s) du programme ont un autre décalage que le fuseau déclaré, {} : elles ont été converties dans ce fuseau (par exemple {} devient {}). Vérifiez le fuseau.",
                tz.name(),
                original.to_rfc3339(),
                moved.to_rfc3339()
            ),
        );
    }
    Built {
        sessions,
        places: places.list,
        speakers: speakers.list,
    }
}

/// The subtitle, then the abstract (else the description), then the language when it is not
/// French.
fn description(ev: &RawEvent<'_>, title: &str) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(subtitle) = clean(&ev.subtitle).filter(|s| *s != title) {
        parts.push(subtitle.to_owned());
    }
    if let Some(text) = ev
        .abstract_
        .as_deref()
        .and_then(plain_text)
        .or_else(|| ev.description.as_deref().and_then(plain_text))
    {
        parts.push(text);
    }
    if let Some(language) = clean(&ev.language).and_then(language_name) {
        parts.push(format!("Langue : {language}"));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
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
                format!("{CONFERENCE}/{field}"),
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
            format!("{CONFERENCE}/start"),
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
            format!("{CONFERENCE}/end"),
            format!("Le dernier jour ({end}) est avant le premier ({start}) : le {repaired} est retenu."),
        );
        return (Some(start), Some(repaired));
    }
    (Some(start), Some(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_safe_and_unique() {
        let mut pool = IdPool::default();
        assert_eq!(pool.take("885", "x"), "885");
        assert_eq!(pool.take("885", "x"), "885-2");
        assert_eq!(pool.take("885", "x"), "885-3");
        assert_eq!(pool.take("Saal 1/Ost", "x"), "saal-1-ost");
        assert_eq!(pool.take("日本", "seance-4"), "seance-4");
        let long = "a".repeat(80);
        assert_eq!(pool.take(&long, "x"), long);
        let again = pool.take(&long, "x");
        assert!(again.len() <= 80 && again.ends_with("-2"), "{again}");
    }

    #[test]
    fn offsets_name_etc_zones() {
        assert_eq!(zone_of_offset(3600).map(|t| t.name()), Some("Etc/GMT-1"));
        assert_eq!(zone_of_offset(-5 * 3600).map(|t| t.name()), Some("Etc/GMT+5"));
        assert_eq!(zone_of_offset(0), Some(Tz::UTC));
        assert_eq!(zone_of_offset(5 * 3600 + 1800), None);
    }

    #[test]
    fn notes_are_capped() {
        let mut notes = Notes::default();
        for i in 0..250 {
            notes.error(format!("/{i}"), "x");
        }
        let err = notes.into_error(Format::FrabXml);
        assert_eq!(err.issues.len(), MAX_ISSUES + 1);
        assert!(err.issues.last().unwrap().message.contains("150 autres"));
    }
}
