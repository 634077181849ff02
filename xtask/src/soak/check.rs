//! The verdict, read from the SQLite file itself (opened read-only once the server is
//! stopped): every acknowledged write is there exactly once, no write is there twice.

use std::path::Path;

use rusqlite::{params, Connection, OpenFlags};

use super::client::{Outcome, Record};
use super::writes::{Mark, KINDS};

/// The figures of one kind of write, or of all.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    pub acknowledged: usize,
    /// Acknowledged and found exactly once.
    pub found: usize,
    /// Found more than once (acknowledged or not).
    pub duplicates: usize,
    /// Acknowledged and not found.
    pub lost: usize,
    /// Not acknowledged (refused, or its retry refused) yet stored once: allowed.
    pub unacknowledged_stored: usize,
    pub refused: usize,
}

impl Figures {
    fn add(&mut self, other: Figures) {
        self.acknowledged += other.acknowledged;
        self.found += other.found;
        self.duplicates += other.duplicates;
        self.lost += other.lost;
        self.unacknowledged_stored += other.unacknowledged_stored;
        self.refused += other.refused;
    }
}

/// The figures by kind (in the order of `KINDS`) and in total, and a line for each write
/// lost or doubled.
pub fn check(db: &Path, ledger: &[Record]) -> Result<(Vec<Figures>, Figures, Vec<String>), String> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| format!("{} ne s'ouvre pas en lecture : {e}", db.display()))?;
    let mut by_kind = vec![Figures::default(); KINDS.len()];
    let mut faults = Vec::new();
    for record in ledger {
        let copies = copies(&conn, &record.mark).map_err(|e| format!("lecture de la base : {e}"))?;
        let acknowledged = record.outcome == Outcome::Acknowledged;
        let f = &mut by_kind[record.mark.kind()];
        f.acknowledged += usize::from(acknowledged);
        f.refused += usize::from(matches!(record.outcome, Outcome::Refused(_)));
        match (acknowledged, copies) {
            (true, 1) => f.found += 1,
            (true, 0) => {
                f.lost += 1;
                faults.push(format!("perdue : {:?}", record.mark));
            }
            (false, 1) => f.unacknowledged_stored += 1,
            (_, 0) => {}
            (_, n) => {
                f.duplicates += 1;
                faults.push(format!("{n} exemplaires : {:?}", record.mark));
            }
        }
    }
    let mut total = Figures::default();
    for f in &by_kind {
        total.add(*f);
    }
    Ok((by_kind, total, faults))
}

/// How many times the write marked `mark` is in the database. An interest is there once
/// when the device's sessions are exactly those sent; a different set counts as a
/// duplicate (two writes mixed up).
fn copies(conn: &Connection, mark: &Mark) -> rusqlite::Result<usize> {
    let count = |sql: &str, value: &str| -> rusqlite::Result<usize> {
        conn.query_row(sql, params![value], |row| row.get::<_, i64>(0))
            .map(|n| n as usize)
    };
    match mark {
        Mark::Feedback { key } => count("SELECT COUNT(*) FROM feedback WHERE idempotency_key = ?1", key),
        Mark::Response { key } => count("SELECT COUNT(*) FROM responses WHERE idempotency_key = ?1", key),
        // An ask joined to an identical question has no question of its own: its key is
        // the mark; a question stored twice is a duplicate all the same.
        Mark::Ask { key, text } => {
            let questions = count("SELECT COUNT(*) FROM questions WHERE text = ?1", text)?;
            let asks = count("SELECT COUNT(*) FROM question_asks WHERE idempotency_key = ?1", key)?;
            Ok(if questions > 1 { questions } else { asks })
        }
        Mark::Support { device } => count("SELECT COUNT(*) FROM question_supports WHERE device = ?1", device),
        Mark::Interest { device, sessions } => {
            let mut stmt = conn.prepare("SELECT session FROM interest WHERE device = ?1 ORDER BY session")?;
            let stored = stmt
                .query_map(params![device], |row| row.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(match stored {
                s if s.is_empty() => 0,
                s if &s == sessions => 1,
                _ => 2,
            })
        }
        Mark::Contact { message } => count("SELECT COUNT(*) FROM contact_requests WHERE message = ?1", message),
        Mark::Publish { note } => count("SELECT COUNT(*) FROM revisions WHERE note = ?1", note),
    }
}
