//! The app's public addresses. They end up printed on QR codes and flyers, written into
//! calendar files and sent in share links: a code printed this year must still open next
//! year, so every one is built here and their printed forms are pinned by a test.

use crate::ids::{PlaceId, SessionId, SpeakerId, StandId};

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
}
