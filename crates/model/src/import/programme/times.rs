//! The times of a feed: each event's start and end read as the feed writes them, the
//! conference's time zone (declared or deduced), and the times moved into that zone.

use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone};
use chrono_tz::Tz;

use super::{clean, Notes, Programme, RawEvent};
use crate::import::text::{parse_clock, parse_date, parse_duration, parse_stamp, Stamp};

/// When a session ends, as the feed says it.
pub(super) enum End {
    At(Stamp),
    After(TimeDelta),
}

/// Each event's start and end as the feed writes them (`None` where they cannot be read).
pub(super) fn read_times(p: &Programme<'_>, notes: &mut Notes) -> Vec<Option<(Stamp, End)>> {
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
pub(super) fn time_zone(p: &Programme<'_>, times: &[Option<(Stamp, End)>], notes: &mut Notes) -> Tz {
    let path = p.conference("time_zone_name");
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

/// A session's start and end in the conference's zone; `None`, with an error, when the start
/// does not exist in the zone or the session ends before it starts.
pub(super) fn span(
    ev: &RawEvent<'_>,
    (start_stamp, end): &(Stamp, End),
    title: &str,
    tz: Tz,
    shifted: &mut Shifted,
    notes: &mut Notes,
) -> Option<(DateTime<FixedOffset>, DateTime<FixedOffset>)> {
    let Some(start) = in_zone(*start_stamp, tz) else {
        notes.error(
            ev.path("date"),
            format!(
                "Cette heure n'existe pas dans le fuseau {}{}.",
                tz.name(),
                ev.line_hint()
            ),
        );
        return None;
    };
    shifted.count(*start_stamp, start);
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
        return None;
    };
    Some((start, end))
}

/// How many feed times carried another offset than UTC's or the zone's, and one example.
#[derive(Default)]
pub(super) struct Shifted(Option<(usize, DateTime<FixedOffset>, DateTime<FixedOffset>)>);

impl Shifted {
    fn count(&mut self, stamp: Stamp, moved: DateTime<FixedOffset>) {
        // Times written in UTC are a normal way to give instants (Wafer does); another
        // offset than the zone's is a sign the declared zone may be wrong.
        if let Stamp::Fixed(original) = stamp {
            let offset = original.offset().local_minus_utc();
            if offset != 0 && offset != moved.offset().local_minus_utc() {
                self.0.get_or_insert((0, original, moved)).0 += 1;
            }
        }
    }

    /// One warning for all the converted times, with an example.
    pub(super) fn report(self, tz: Tz, path: String, notes: &mut Notes) {
        if let Some((count, original, moved)) = self.0 {
            notes.warn(
                path,
                format!(
                    "{count} heure(s) du programme ont un autre décalage que le fuseau déclaré, {} : elles ont été converties dans ce fuseau (par exemple {} devient {}). Vérifiez le fuseau.",
                    tz.name(),
                    original.to_rfc3339(),
                    moved.to_rfc3339()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_name_etc_zones() {
        assert_eq!(zone_of_offset(3600).map(|t| t.name()), Some("Etc/GMT-1"));
        assert_eq!(zone_of_offset(-5 * 3600).map(|t| t.name()), Some("Etc/GMT+5"));
        assert_eq!(zone_of_offset(0), Some(Tz::UTC));
        assert_eq!(zone_of_offset(5 * 3600 + 1800), None);
    }
}
