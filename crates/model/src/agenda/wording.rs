//! The agenda's words in French: counts, the note on dropped bookmarks, and what a share
//! link's offer says.

use crate::french::plural;

/// "1 séance", "3 séances".
pub fn sessions_count(n: usize) -> String {
    plural(n, "séance", "séances")
}

/// The note shown when stored bookmarks had to be dropped.
pub fn dropped_note(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some("1 séance enregistrée n'existe plus et a été retirée.".to_owned()),
        n => Some(format!("{n} séances enregistrées n'existent plus et ont été retirées.")),
    }
}

/// The question a share link asks about the `n` sessions that are not bookmarked yet
/// (`n` ≥ 1), and the words of the button that says yes.
pub fn shared_question(n: usize) -> (String, &'static str) {
    match n {
        1 => (
            "Ajouter cette séance à mon programme\u{a0}?".to_owned(),
            "Oui, l'ajouter",
        ),
        n => (
            format!("Ajouter ces {n} séances à mon programme\u{a0}?"),
            "Oui, les ajouter",
        ),
    }
}

/// What is said once the sessions of a share link were added.
pub fn shared_added(n: usize) -> String {
    match n {
        1 => "1 séance a été ajoutée à votre programme.".to_owned(),
        n => format!("{n} séances ont été ajoutées à votre programme."),
    }
}

/// The note on the sessions of a share link that the current programme does not hold
/// (`n` ≥ 1).
pub fn shared_unknown(n: usize) -> String {
    match n {
        1 => "1 séance du lien n'existe pas (ou plus) dans le programme.".to_owned(),
        n => format!("{n} séances du lien n'existent pas (ou plus) dans le programme."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_in_number() {
        assert_eq!(sessions_count(1), "1 séance");
        assert_eq!(sessions_count(4), "4 séances");
        assert_eq!(dropped_note(0), None);
        assert_eq!(
            dropped_note(2).as_deref(),
            Some("2 séances enregistrées n'existent plus et ont été retirées.")
        );
        assert_eq!(shared_added(1), "1 séance a été ajoutée à votre programme.");
        assert_eq!(shared_added(3), "3 séances ont été ajoutées à votre programme.");
        assert_eq!(
            shared_unknown(2),
            "2 séances du lien n'existent pas (ou plus) dans le programme."
        );
    }

    #[test]
    fn the_offer_asks_for_one_or_for_several() {
        assert_eq!(
            shared_question(1),
            (
                "Ajouter cette séance à mon programme\u{a0}?".to_owned(),
                "Oui, l'ajouter"
            )
        );
        assert_eq!(
            shared_question(5),
            (
                "Ajouter ces 5 séances à mon programme\u{a0}?".to_owned(),
                "Oui, les ajouter"
            )
        );
    }
}
