//! The app's public addresses. They end up printed on QR codes and flyers, written into
//! calendar files and sent in share links: a code printed this year must still open next
//! year, so every one is built here and their printed forms are pinned by a test.

use crate::ids::{EditionSlug, PlaceId, SessionId, SpeakerId, StandId};

/// The whole programme.
pub const PROGRAMME: &str = "/programme";
/// The speakers' list.
pub const SPEAKERS: &str = "/intervenants";
/// The village plan.
pub const VILLAGE: &str = "/village";
/// The person's own programme.
pub const MY_PROGRAMME: &str = "/mon-programme";

/// « Trouver où m'engager » and the requests sent from this phone.
pub const ENGAGE: &str = "/m-engager";

/// A session's page: `/programme/{id}`.
pub fn session(id: &SessionId) -> String {
    format!("{PROGRAMME}/{id}")
}

/// A speaker's page: `/intervenants/{id}`.
pub fn speaker(id: &SpeakerId) -> String {
    format!("{SPEAKERS}/{id}")
}

/// A stand's sheet on the village plan (its QR code opens it): `/village/{id}`.
pub fn stand(id: &StandId) -> String {
    format!("{VILLAGE}/{id}")
}

/// The form to be contacted by a stand's association: `/m-engager/{id}`.
pub fn engage(id: &StandId) -> String {
    format!("{ENGAGE}/{id}")
}

/// A room or a space of the programme on the village plan: `/village/lieu/{id}`.
pub fn place(id: &PlaceId) -> String {
    format!("{VILLAGE}/lieu/{id}")
}

/// The programme of an edition in one of the open formats the server publishes
/// (`schedule.json`, `schedule.xml`, `programme.ics`): `/api/editions/{slug}/{file}`.
pub fn edition_file(edition: &EditionSlug, file: &str) -> String {
    format!("/api/editions/{edition}/{file}")
}

/// The subscribable calendar of an edition's whole programme.
pub const PROGRAMME_ICS: &str = "programme.ics";

/// The same address for a calendar app to subscribe to: `webcal://` in place of
/// `https://` or `http://` (phones open their calendar on it).
pub fn webcal(url: &str) -> String {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    format!("webcal://{rest}")
}

/// `path` under the public address people reach (`https://agir.angers.fr`), whether or not
/// that address ends with a slash.
pub fn absolute(public_url: &str, path: &str) -> String {
    format!("{}{path}", public_url.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// These forms are on paper already: changing one breaks every code printed with it.
    #[test]
    fn printed_addresses_never_change() {
        let session = SessionId::parse("table-ronde-parcours").unwrap();
        let stand = StandId::parse("secours-populaire").unwrap();
        let place = PlaceId::parse("salle-du-conseil").unwrap();
        let speaker = SpeakerId::parse("martine-dupont").unwrap();
        assert_eq!(super::session(&session), "/programme/table-ronde-parcours");
        assert_eq!(super::stand(&stand), "/village/secours-populaire");
        assert_eq!(super::place(&place), "/village/lieu/salle-du-conseil");
        assert_eq!(super::speaker(&speaker), "/intervenants/martine-dupont");
        assert_eq!(super::engage(&stand), "/m-engager/secours-populaire");
        assert_eq!(
            absolute("https://agir.angers.fr/", &super::stand(&stand)),
            "https://agir.angers.fr/village/secours-populaire"
        );
        assert_eq!(
            absolute("https://agir.angers.fr", &super::session(&session)),
            "https://agir.angers.fr/programme/table-ronde-parcours"
        );
        assert_eq!(MY_PROGRAMME, "/mon-programme");
    }

    /// Calendars subscribed to these addresses poll them for years.
    #[test]
    fn feed_addresses_never_change() {
        let edition = EditionSlug::parse("2013").unwrap();
        let feed = absolute("https://agir.angers.fr", &edition_file(&edition, PROGRAMME_ICS));
        assert_eq!(feed, "https://agir.angers.fr/api/editions/2013/programme.ics");
        assert_eq!(webcal(&feed), "webcal://agir.angers.fr/api/editions/2013/programme.ics");
        assert_eq!(webcal("http://127.0.0.1:8080/a.ics"), "webcal://127.0.0.1:8080/a.ics");
    }
}
