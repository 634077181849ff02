//! « Je veux m'engager » as stored: the requests held (one per idempotency key, known by
//! its hash), the keys withdrawn, the count of requests per stand that the bilan keeps
//! after they expire, and the associations' private links. Each write is one transaction
//! whose first statement writes, so it holds SQLite's write lock from its start and never
//! has to upgrade a read.

use agir_model::engagement::{ContactRequest, Moment};
use sqlx::{sqlite::SqliteRow, Row};

use super::{time_text, Store, StoreError};

/// A checked request, ready to store.
#[derive(Debug, Clone)]
pub struct NewContact {
    pub edition: String,
    pub stand: String,
    /// SHA-256 of the idempotency key, in hex.
    pub key_hash: String,
    /// SHA-256 of the normalized request, to tell a retry from a reuse of the key.
    pub body_hash: String,
    pub first_name: String,
    pub contact: String,
    pub moments: Vec<Moment>,
    pub missions: Vec<String>,
    pub message: String,
}

/// What storing a request did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// A new request, received at that time.
    New(String),
    /// The key was already stored: `same` says whether for the same request.
    Retry { same: bool, received_at: String },
    /// The key was withdrawn: nothing stored.
    Withdrawn,
}

/// An association's private link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssociationLink {
    pub edition: String,
    pub stand: String,
    pub token: String,
    pub created_at: String,
}

/// A stand's requests held now (received after `since`) and received since the start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StandCounts {
    pub held: u32,
    pub received: u32,
}

const REQUEST_COLUMNS: &str = "SELECT id, stand, first_name, contact, moments, missions, message, received_at, \
     contacted_at FROM contact_requests";

fn request_row(r: &SqliteRow) -> Result<ContactRequest, StoreError> {
    let id: i64 = r.try_get(0)?;
    let json = |at: usize| -> Result<String, StoreError> { Ok(r.try_get(at)?) };
    let corrupt = |what: &str| StoreError::Corrupt(format!("{what} de la demande {id}"));
    Ok(ContactRequest {
        id,
        stand: r.try_get(1)?,
        prenom: r.try_get(2)?,
        contact: r.try_get(3)?,
        disponibilites: serde_json::from_str(&json(4)?).map_err(|_| corrupt("disponibilités"))?,
        missions: serde_json::from_str(&json(5)?).map_err(|_| corrupt("missions"))?,
        message: r.try_get(6)?,
        recue_le: r.try_get(7)?,
        contactee_le: r.try_get(8)?,
    })
}

fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

impl Store {
    /// Stores a request unless its key was withdrawn or is already stored; a new one
    /// counts for its stand's bilan.
    pub async fn contact_request_insert(
        &self,
        new: &NewContact,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Received, StoreError> {
        let at = time_text(now);
        let moments = serde_json::to_string(&new.moments).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let missions = serde_json::to_string(&new.missions).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO contact_requests (edition, stand, key_hash, body_hash, first_name, contact, moments, \
             missions, message, received_at) SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 \
             WHERE NOT EXISTS (SELECT 1 FROM contact_withdrawals WHERE key_hash = $3) \
             ON CONFLICT (key_hash) DO NOTHING",
        )
        .bind(&new.edition)
        .bind(&new.stand)
        .bind(&new.key_hash)
        .bind(&new.body_hash)
        .bind(&new.first_name)
        .bind(&new.contact)
        .bind(&moments)
        .bind(&missions)
        .bind(&new.message)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 1 {
            sqlx::query(
                "INSERT INTO contact_counts (edition, stand, received) VALUES ($1, $2, 1) \
                 ON CONFLICT (edition, stand) DO UPDATE SET received = contact_counts.received + 1",
            )
            .bind(&new.edition)
            .bind(&new.stand)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            return Ok(Received::New(at));
        }
        let stored = sqlx::query("SELECT body_hash, received_at FROM contact_requests WHERE key_hash = $1")
            .bind(&new.key_hash)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(match stored {
            Some(row) => Received::Retry {
                same: row.try_get::<String, _>(0)? == new.body_hash,
                received_at: row.try_get(1)?,
            },
            None => Received::Withdrawn,
        })
    }

    /// Whether a request with this key is stored or was withdrawn.
    pub async fn contact_key_known(&self, key_hash: &str) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT 1 FROM contact_requests WHERE key_hash = $1 \
             UNION ALL SELECT 1 FROM contact_withdrawals WHERE key_hash = $1",
        )
        .bind(key_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.is_some())
    }

    /// Withdraws the request with this key, if stored (its stand's count goes down), and
    /// remembers the key so that the request, arriving later, stores nothing. Idempotent.
    pub async fn contact_request_withdraw(
        &self,
        key_hash: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query("DELETE FROM contact_requests WHERE key_hash = $1 RETURNING edition, stand")
            .bind(key_hash)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = deleted {
            sqlx::query(
                "UPDATE contact_counts SET received = received - 1 \
                 WHERE edition = $1 AND stand = $2 AND received > 0",
            )
            .bind(row.try_get::<String, _>(0)?)
            .bind(row.try_get::<String, _>(1)?)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO contact_withdrawals (key_hash, withdrawn_at) VALUES ($1, $2) \
             ON CONFLICT (key_hash) DO NOTHING",
        )
        .bind(key_hash)
        .bind(time_text(now))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A stand's requests received after `since` (RFC 3339, UTC), the newest first.
    pub async fn contact_requests(
        &self,
        edition: &str,
        stand: &str,
        since: &str,
    ) -> Result<Vec<ContactRequest>, StoreError> {
        let rows = sqlx::query(&format!(
            "{REQUEST_COLUMNS} WHERE edition = $1 AND stand = $2 AND received_at >= $3 \
             ORDER BY received_at DESC, id DESC"
        ))
        .bind(edition)
        .bind(stand)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(request_row).collect()
    }

    /// Marks request `id` of the stand contacted, unless it already is; false when the
    /// stand holds no such request (received after `since`).
    pub async fn contact_request_mark(
        &self,
        edition: &str,
        stand: &str,
        id: i64,
        since: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<bool, StoreError> {
        let held = "edition = $1 AND stand = $2 AND id = $3 AND received_at >= $4";
        let marked = sqlx::query(&format!(
            "UPDATE contact_requests SET contacted_at = $5 WHERE {held} AND contacted_at IS NULL"
        ))
        .bind(edition)
        .bind(stand)
        .bind(id)
        .bind(since)
        .bind(time_text(now))
        .execute(&self.pool)
        .await?;
        if marked.rows_affected() == 1 {
            return Ok(true);
        }
        let found = sqlx::query(&format!("SELECT 1 FROM contact_requests WHERE {held}"))
            .bind(edition)
            .bind(stand)
            .bind(id)
            .bind(since)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    /// Per stand of an edition: the requests held (received after `since`) and the count
    /// kept for the bilan.
    pub async fn contact_counts(
        &self,
        edition: &str,
        since: &str,
    ) -> Result<std::collections::HashMap<String, StandCounts>, StoreError> {
        let mut counts = std::collections::HashMap::<String, StandCounts>::new();
        let held = sqlx::query(
            "SELECT stand, COUNT(*) FROM contact_requests WHERE edition = $1 AND received_at >= $2 GROUP BY stand",
        )
        .bind(edition)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        for row in held {
            counts.entry(row.try_get(0)?).or_default().held = count(row.try_get(1)?);
        }
        let received = sqlx::query("SELECT stand, received FROM contact_counts WHERE edition = $1")
            .bind(edition)
            .fetch_all(&self.pool)
            .await?;
        for row in received {
            counts.entry(row.try_get(0)?).or_default().received = count(row.try_get(1)?);
        }
        Ok(counts)
    }

    /// Deletes an edition's requests received before `before`; says how many went.
    pub async fn contact_requests_purge(&self, edition: &str, before: &str) -> Result<u64, StoreError> {
        // Read first: most rounds find nothing, and then write nothing.
        let due = sqlx::query("SELECT 1 FROM contact_requests WHERE edition = $1 AND received_at < $2 LIMIT 1")
            .bind(edition)
            .bind(before)
            .fetch_optional(&self.pool)
            .await?;
        if due.is_none() {
            return Ok(0);
        }
        let done = sqlx::query("DELETE FROM contact_requests WHERE edition = $1 AND received_at < $2")
            .bind(edition)
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Forgets the keys withdrawn before `before`.
    pub async fn contact_withdrawals_purge(&self, before: &str) -> Result<u64, StoreError> {
        let due = sqlx::query("SELECT 1 FROM contact_withdrawals WHERE withdrawn_at < $1 LIMIT 1")
            .bind(before)
            .fetch_optional(&self.pool)
            .await?;
        if due.is_none() {
            return Ok(0);
        }
        let done = sqlx::query("DELETE FROM contact_withdrawals WHERE withdrawn_at < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Every association link, of every edition.
    pub async fn association_links(&self) -> Result<Vec<AssociationLink>, StoreError> {
        let rows = sqlx::query("SELECT edition, stand, token, created_at FROM association_links")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AssociationLink {
                    edition: r.try_get(0)?,
                    stand: r.try_get(1)?,
                    token: r.try_get(2)?,
                    created_at: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// Makes `token` the stand's link, replacing the one it had.
    pub async fn association_link_make(
        &self,
        edition: &str,
        stand: &str,
        token: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO association_links (edition, stand, token, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (edition, stand) DO UPDATE SET token = excluded.token, created_at = excluded.created_at",
        )
        .bind(edition)
        .bind(stand)
        .bind(token)
        .bind(time_text(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Revokes the stand's link, if it has one.
    pub async fn association_link_revoke(&self, edition: &str, stand: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM association_links WHERE edition = $1 AND stand = $2")
            .bind(edition)
            .bind(stand)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A request to Resto Troc whose key hashes to `key_hash`.
    pub(crate) fn contact(key_hash: &str) -> NewContact {
        NewContact {
            edition: "2013".into(),
            stand: "resto-troc".into(),
            key_hash: key_hash.into(),
            body_hash: "b".repeat(64),
            first_name: "Marie".into(),
            contact: "marie@exemple.fr".into(),
            moments: vec![Moment::Weekends],
            missions: vec!["Trier les dons".into()],
            message: "Bonjour".into(),
        }
    }

    const EVER: &str = "2000-01-01T00:00:00.000Z";

    #[tokio::test]
    async fn a_key_stores_once_and_a_withdrawn_key_never() {
        let (_dir, store) = Store::temporary().await;
        let now = chrono::Utc::now();
        let first = contact(&"1".repeat(64));
        let Received::New(at) = store.contact_request_insert(&first, now).await.unwrap() else {
            panic!("a new request");
        };
        let retry = store.contact_request_insert(&first, now).await.unwrap();
        assert_eq!(
            retry,
            Received::Retry {
                same: true,
                received_at: at.clone()
            }
        );
        let reuse = NewContact {
            body_hash: "c".repeat(64),
            ..first.clone()
        };
        assert!(matches!(
            store.contact_request_insert(&reuse, now).await.unwrap(),
            Received::Retry { same: false, .. }
        ));
        store.contact_request_withdraw(&first.key_hash, now).await.unwrap();
        store.contact_request_withdraw(&first.key_hash, now).await.unwrap();
        assert_eq!(
            store.contact_request_insert(&first, now).await.unwrap(),
            Received::Withdrawn
        );
        let early = contact(&"2".repeat(64));
        store.contact_request_withdraw(&early.key_hash, now).await.unwrap();
        assert_eq!(
            store.contact_request_insert(&early, now).await.unwrap(),
            Received::Withdrawn,
            "withdrawn before it arrived"
        );
        assert!(store
            .contact_requests("2013", "resto-troc", EVER)
            .await
            .unwrap()
            .is_empty());
        let counts = store.contact_counts("2013", EVER).await.unwrap();
        assert_eq!(counts["resto-troc"], StandCounts { held: 0, received: 0 });
    }

    #[tokio::test]
    async fn marking_contacted_is_idempotent_and_stays_in_its_stand() {
        let (_dir, store) = Store::temporary().await;
        let now = chrono::Utc::now();
        store
            .contact_request_insert(&contact(&"1".repeat(64)), now)
            .await
            .unwrap();
        let id = store.contact_requests("2013", "resto-troc", EVER).await.unwrap()[0].id;
        assert!(store
            .contact_request_mark("2013", "resto-troc", id, EVER, now)
            .await
            .unwrap());
        let later = now + chrono::Duration::hours(1);
        assert!(store
            .contact_request_mark("2013", "resto-troc", id, EVER, later)
            .await
            .unwrap());
        assert!(!store.contact_request_mark("2013", "una", id, EVER, now).await.unwrap());
        let held = store.contact_requests("2013", "resto-troc", EVER).await.unwrap();
        assert_eq!(held[0].contactee_le, Some(time_text(now)), "the first mark stays");
    }
}
