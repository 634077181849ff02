//! The SQLite store: revisions of every edition, the feedback received and the organizers'
//! choice of the current edition (the accounts' tables are read and written in
//! `accounts::store`, the answers and interest of the bilan in `store::bilan`, the contact
//! requests of « Je veux m'engager » in `store::engagement`). Plain SQL with `$n`
//! placeholders (no SQLite-only syntax) so that PostgreSQL could take over; an insert
//! returns only once committed, so whatever the API acknowledges survives a crash.

mod bilan;
pub mod engagement;
pub mod moderation;
pub mod question_events;
pub mod questions;

use std::{path::Path, time::Duration};

use serde::Serialize;
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous},
    Row,
};

pub use bilan::{ResponseInserted, ResponseRow};

/// What can go wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("base de données : {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration de la base de données : {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The (edition, revision) pair is taken: someone else published first.
    #[error("cette révision a déjà été publiée")]
    Conflict,
    #[error("valeur inattendue dans la base : {0}")]
    Corrupt(String),
}

/// A handle on the database; cheap to clone (it is a connection pool).
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: SqlitePool,
}

/// One revision's metadata, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionInfo {
    pub edition: String,
    pub revision: u32,
    pub published_at: String,
    pub note: Option<String>,
    /// An account's name, "jeton" or "ligne de commande"; none for a seeded edition.
    pub published_by: Option<String>,
}

/// One opinion as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackRow {
    pub key: String,
    pub edition: String,
    pub target: String,
    pub rating: u8,
    pub comment: Option<String>,
    #[serde(skip)]
    pub body_hash: String,
    pub received_at: String,
}

/// The edition the organizers chose to show attendees, and who chose it when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub edition: String,
    pub chosen_at: String,
    /// An account's name or "jeton".
    pub chosen_by: Option<String>,
}

/// The `settings` row of the current edition.
const CURRENT_EDITION: &str = "current_edition";

/// What inserting an opinion found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// A new row.
    New,
    /// The key was already there: the stored row, to compare with.
    Existing(FeedbackRow),
}

/// Now, as stored: RFC 3339, UTC, milliseconds.
pub fn now_text() -> String {
    time_text(chrono::Utc::now())
}

/// A time as the database keeps it: RFC 3339 in UTC with milliseconds, which sorts as text.
pub fn time_text(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn revision_of(value: i64) -> Result<u32, StoreError> {
    u32::try_from(value).map_err(|_| StoreError::Corrupt(format!("numéro de révision {value}")))
}

impl Store {
    /// Opens (creating if needed) the database file: WAL so readers never wait for the
    /// writer, `synchronous=FULL` so a commit is on disk before we acknowledge it.
    pub async fn open(path: &Path) -> Result<Self, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    /// A transaction that will write. SQLite starts a plain `BEGIN` as a reader and makes it
    /// a writer at its first write; if another connection committed in between, or holds
    /// the write lock then, SQLite answers « database is locked » at once, without waiting
    /// `busy_timeout`: an attendee's write came back as a 500 under concurrent writes (seen
    /// by `cargo xtask soak`). `BEGIN IMMEDIATE` takes the write lock first, waiting its
    /// turn. (The one SQLite-only statement here; PostgreSQL would take a plain `BEGIN`.)
    pub(crate) async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// Closes every connection (checkpointing the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A pragma's value as text, as the pool's connections see it (tests check the settings).
    pub async fn pragma(&self, name: &str) -> Result<String, StoreError> {
        if !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Err(StoreError::Corrupt(format!("pragma {name}")));
        }
        let row = sqlx::query(&format!("PRAGMA {name}")).fetch_one(&self.pool).await?;
        // Pragmas answer either a number or a word.
        Ok(match row.try_get::<i64, _>(0) {
            Ok(n) => n.to_string(),
            Err(_) => row.try_get::<String, _>(0)?,
        })
    }

    /// Whether no edition was ever published.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) FROM revisions")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<i64, _>(0)? == 0)
    }

    /// The latest revision of each edition. Cheap enough to poll every second: it is how a
    /// running server notices what the CLI published.
    pub async fn latest_revisions(&self) -> Result<Vec<(String, u32)>, StoreError> {
        let rows =
            sqlx::query("SELECT edition, MAX(revision) AS latest FROM revisions GROUP BY edition ORDER BY edition")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| Ok((r.try_get::<String, _>(0)?, revision_of(r.try_get::<i64, _>(1)?)?)))
            .collect()
    }

    /// The latest revision number of one edition, if it has any.
    pub async fn latest_revision(&self, edition: &str) -> Result<Option<u32>, StoreError> {
        let row = sqlx::query("SELECT MAX(revision) FROM revisions WHERE edition = $1")
            .bind(edition)
            .fetch_one(&self.pool)
            .await?;
        row.try_get::<Option<i64>, _>(0)?.map(revision_of).transpose()
    }

    /// The JSON text of one revision.
    pub async fn document(&self, edition: &str, revision: u32) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT document FROM revisions WHERE edition = $1 AND revision = $2")
            .bind(edition)
            .bind(i64::from(revision))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get::<String, _>(0)).transpose()?)
    }

    /// Every revision of one edition, oldest first.
    pub async fn revisions(&self, edition: &str) -> Result<Vec<RevisionInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT edition, revision, published_at, note, published_by FROM revisions WHERE edition = $1 ORDER BY revision",
        )
        .bind(edition)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(RevisionInfo {
                    edition: r.try_get(0)?,
                    revision: revision_of(r.try_get::<i64, _>(1)?)?,
                    published_at: r.try_get(2)?,
                    note: r.try_get(3)?,
                    published_by: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Records a revision. The primary key makes this the arbiter between concurrent
    /// publishers, in this process or another: the loser gets `Conflict`.
    pub async fn insert_revision(
        &self,
        edition: &str,
        revision: u32,
        document: &str,
        note: Option<&str>,
        published_by: Option<&str>,
    ) -> Result<(), StoreError> {
        let result = sqlx::query(
            "INSERT INTO revisions (edition, revision, document, published_at, note, published_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(edition)
        .bind(i64::from(revision))
        .bind(document)
        .bind(now_text())
        .bind(note)
        .bind(published_by)
        .execute(&self.pool)
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::Conflict),
            Err(e) => Err(e.into()),
        }
    }

    /// The edition the organizers chose as current, if they ever chose one.
    pub async fn current_choice(&self) -> Result<Option<Choice>, StoreError> {
        let row = sqlx::query("SELECT value, updated_at, updated_by FROM settings WHERE name = $1")
            .bind(CURRENT_EDITION)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(Choice {
                edition: r.try_get(0)?,
                chosen_at: r.try_get(1)?,
                chosen_by: r.try_get(2)?,
            })
        })
        .transpose()
    }

    /// Records the edition to serve as current, replacing any earlier choice: choosing the
    /// same edition twice leaves one row.
    pub async fn choose_current(&self, edition: &str, by: Option<&str>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (name, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by",
        )
        .bind(CURRENT_EDITION)
        .bind(edition)
        .bind(now_text())
        .bind(by)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records an opinion unless its key is known; a known key returns the stored row so the
    /// caller can tell a retry (same body) from a reuse (different body).
    pub async fn insert_feedback(&self, row: &FeedbackRow) -> Result<Inserted, StoreError> {
        let result = sqlx::query(
            "INSERT INTO feedback (idempotency_key, edition, target, rating, comment, body_hash, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&row.key)
        .bind(&row.edition)
        .bind(&row.target)
        .bind(i64::from(row.rating))
        .bind(&row.comment)
        .bind(&row.body_hash)
        .bind(&row.received_at)
        .execute(&self.pool)
        .await?;
        if result.rows_affected() == 1 {
            return Ok(Inserted::New);
        }
        match self.feedback(&row.key).await? {
            Some(existing) => Ok(Inserted::Existing(existing)),
            None => Err(StoreError::Corrupt(format!(
                "avis {} introuvable après conflit",
                row.key
            ))),
        }
    }

    /// One opinion by key.
    pub async fn feedback(&self, key: &str) -> Result<Option<FeedbackRow>, StoreError> {
        let row = sqlx::query(
            "SELECT idempotency_key, edition, target, rating, comment, body_hash, received_at FROM feedback WHERE idempotency_key = $1",
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(feedback_row).transpose()
    }

    /// Every opinion, of one edition or of all, in the order received.
    pub async fn feedback_list(&self, edition: Option<&str>) -> Result<Vec<FeedbackRow>, StoreError> {
        const COLUMNS: &str =
            "SELECT idempotency_key, edition, target, rating, comment, body_hash, received_at FROM feedback";
        // Two statements rather than `$1 IS NULL OR …`, which PostgreSQL cannot type.
        let rows = match edition {
            Some(edition) => {
                sqlx::query(&format!(
                    "{COLUMNS} WHERE edition = $1 ORDER BY received_at, idempotency_key"
                ))
                .bind(edition)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!("{COLUMNS} ORDER BY received_at, idempotency_key"))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter().map(feedback_row).collect()
    }
}

fn feedback_row(r: &sqlx::sqlite::SqliteRow) -> Result<FeedbackRow, StoreError> {
    let rating: i64 = r.try_get(3)?;
    Ok(FeedbackRow {
        key: r.try_get(0)?,
        edition: r.try_get(1)?,
        target: r.try_get(2)?,
        rating: u8::try_from(rating).map_err(|_| StoreError::Corrupt(format!("note {rating}")))?,
        comment: r.try_get(4)?,
        body_hash: r.try_get(5)?,
        received_at: r.try_get(6)?,
    })
}

#[cfg(test)]
impl Store {
    /// A new database in a temporary folder, for unit tests; the folder goes with the guard.
    pub(crate) async fn temporary() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).await.unwrap();
        (dir, store)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store() -> (tempfile::TempDir, Store) {
        Store::temporary().await
    }

    #[tokio::test]
    async fn revisions_are_numbered_once() {
        let (_dir, store) = store().await;
        assert!(store.is_empty().await.unwrap());
        store.insert_revision("2013", 1, "{}", None, None).await.unwrap();
        let again = store.insert_revision("2013", 1, "{}", Some("bis"), None).await;
        assert!(matches!(again, Err(StoreError::Conflict)));
        store
            .insert_revision("2013", 2, "{\"a\":1}", Some("note"), Some("Claire Martin"))
            .await
            .unwrap();
        store.insert_revision("2014", 1, "{}", None, None).await.unwrap();
        assert_eq!(
            store.latest_revisions().await.unwrap(),
            [("2013".to_owned(), 2), ("2014".to_owned(), 1)]
        );
        assert_eq!(store.latest_revision("2015").await.unwrap(), None);
        assert_eq!(store.document("2013", 2).await.unwrap().as_deref(), Some("{\"a\":1}"));
        let listed = store.revisions("2013").await.unwrap();
        assert_eq!(listed[1].note.as_deref(), Some("note"));
        assert_eq!(listed[1].published_by.as_deref(), Some("Claire Martin"));
        assert_eq!(listed[0].published_by, None);
    }

    #[tokio::test]
    async fn feedback_keys_are_unique() {
        let (_dir, store) = store().await;
        let row = FeedbackRow {
            key: "k".into(),
            edition: "2013".into(),
            target: "day".into(),
            rating: 4,
            comment: None,
            body_hash: "h".into(),
            received_at: now_text(),
        };
        assert_eq!(store.insert_feedback(&row).await.unwrap(), Inserted::New);
        let retry = FeedbackRow {
            rating: 2,
            ..row.clone()
        };
        assert_eq!(
            store.insert_feedback(&retry).await.unwrap(),
            Inserted::Existing(row.clone())
        );
        assert_eq!(store.feedback_list(Some("2013")).await.unwrap(), [row]);
        assert!(store.feedback_list(Some("2014")).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_current_edition_is_chosen_once_and_replaced() {
        let (_dir, store) = store().await;
        assert_eq!(store.current_choice().await.unwrap(), None);
        store.choose_current("2013", Some("Claire Martin")).await.unwrap();
        store.choose_current("2013", Some("Claire Martin")).await.unwrap();
        store.choose_current("2014", Some("jeton")).await.unwrap();
        let choice = store.current_choice().await.unwrap().unwrap();
        assert_eq!(choice.edition, "2014");
        assert_eq!(choice.chosen_by.as_deref(), Some("jeton"));
        let rows = sqlx::query("SELECT COUNT(*) FROM settings")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(rows.try_get::<i64, _>(0).unwrap(), 1);
    }

    #[tokio::test]
    async fn durability_settings_are_applied() {
        let (_dir, store) = store().await;
        assert_eq!(store.pragma("synchronous").await.unwrap(), "2");
        assert_eq!(store.pragma("journal_mode").await.unwrap(), "wal");
    }
}
