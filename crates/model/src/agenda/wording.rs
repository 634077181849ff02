//! The agenda's words in French: counts and the note on dropped bookmarks.

/// "1 séance", "3 séances".
pub fn sessions_count(n: usize) -> String {
    match n {
        1 => "1 séance".to_owned(),
        n => format!("{n} séances"),
    }
}

/// The note shown when stored bookmarks had to be dropped.
pub fn dropped_note(n: usize) -> Option<String> {
    match n {
        0 => None,
        1 => Some("1 séance enregistrée n'existe plus et a été retirée.".to_owned()),
        n => Some(format!("{n} séances enregistrées n'existent plus et ont été retirées.")),
    }
}
