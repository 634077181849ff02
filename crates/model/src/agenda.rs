//! "Mon programme": the sessions a person bookmarked, as kept in their browser, laid out
//! as their day (conflicts, free time), and the changes of a newer revision that concern
//! them. No account: everything here lives on the person's device.

mod changes;
mod day;
mod store;
mod wording;

pub use changes::Flag;
pub use day::{conflict_count, plan, Conflict, Day, Entry};
pub use store::{Bookmarks, Loaded, Store, MAX_BOOKMARKS, STORE_KEY, STORE_VERSION};
pub use wording::{dropped_note, sessions_count, shared_added, shared_question, shared_unknown};

#[cfg(test)]
mod fixtures {
    //! What the agenda's tests share: ids, and one day of five sessions.
    use crate::edition::Edition;
    use crate::ids::SessionId;
    use crate::test_support::{edition, session};

    pub fn id(s: &str) -> SessionId {
        SessionId::parse(s).unwrap()
    }

    /// Five sessions on 8 October 2013: three overlap around noon, two touch in the afternoon.
    pub fn day_edition() -> Edition {
        let mut e = edition();
        e.sessions = vec![
            session("debat", "10:00", "12:00"),
            session("atelier", "11:30", "12:30"),
            session("dej", "12:00", "13:00"),
            session("conf", "14:15", "15:30"),
            session("table", "15:30", "16:30"),
        ];
        e
    }
}
