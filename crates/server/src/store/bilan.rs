//! What attendees send for the bilan: their answers to the questionnaire (stored whole, with
//! the version they were given to, once per idempotency key) and the sessions each device
//! bookmarked (a set per device and edition, replaced whole or withdrawn).

use std::collections::HashMap;

use serde::Serialize;
use sqlx::Row;

use super::{Store, StoreError};

/// One attendee's answers as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseRow {
    pub key: String,
    pub edition: String,
    /// The questionnaire version the answers were given to.
    pub version: u32,
    /// The answers as a JSON object (question id → answer), as checked when received.
    pub answers: String,
    #[serde(skip)]
    pub body_hash: String,
    pub received_at: String,
}

/// What inserting answers found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponseInserted {
    New,
    /// The key was already there: the stored row, to tell a retry from a reuse.
    Existing(ResponseRow),
}

const RESPONSE_COLUMNS: &str =
    "SELECT idempotency_key, edition, version, answers, body_hash, received_at FROM responses";

impl Store {
    /// Records answers unless their key is known; a known key returns the stored row.
    pub async fn insert_response(&self, row: &ResponseRow) -> Result<ResponseInserted, StoreError> {
        let result = sqlx::query(
            "INSERT INTO responses (idempotency_key, edition, version, answers, body_hash, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&row.key)
        .bind(&row.edition)
        .bind(i64::from(row.version))
        .bind(&row.answers)
        .bind(&row.body_hash)
        .bind(&row.received_at)
        .execute(&self.pool)
        .await?;
        if result.rows_affected() == 1 {
            return Ok(ResponseInserted::New);
        }
        let stored = sqlx::query(&format!("{RESPONSE_COLUMNS} WHERE idempotency_key = $1"))
            .bind(&row.key)
            .fetch_optional(&self.pool)
            .await?;
        match stored.as_ref().map(response_row).transpose()? {
            Some(existing) => Ok(ResponseInserted::Existing(existing)),
            None => Err(StoreError::Corrupt(format!(
                "réponses {} introuvables après conflit",
                row.key
            ))),
        }
    }

    /// Every set of answers to one edition's questionnaire, in the order received.
    pub async fn responses(&self, edition: &str) -> Result<Vec<ResponseRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{RESPONSE_COLUMNS} WHERE edition = $1 ORDER BY received_at, idempotency_key"
        ))
        .bind(edition)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(response_row).collect()
    }

    /// Replaces the sessions `device` bookmarked in `edition` with `sessions`, in one
    /// transaction: a reader sees the old set or the new one, never half of each.
    pub async fn replace_interest(&self, edition: &str, device: &str, sessions: &[String]) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM interest WHERE edition = $1 AND device = $2")
            .bind(edition)
            .bind(device)
            .execute(&mut *tx)
            .await?;
        for session in sessions {
            sqlx::query("INSERT INTO interest (edition, device, session) VALUES ($1, $2, $3)")
                .bind(edition)
                .bind(device)
                .bind(session)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets what `device` bookmarked, in one edition or in all of them.
    pub async fn withdraw_interest(&self, device: &str, edition: Option<&str>) -> Result<(), StoreError> {
        // Two statements rather than `$2 IS NULL OR …`, which PostgreSQL cannot type.
        match edition {
            Some(edition) => {
                sqlx::query("DELETE FROM interest WHERE device = $1 AND edition = $2")
                    .bind(device)
                    .bind(edition)
                    .execute(&self.pool)
                    .await?
            }
            None => {
                sqlx::query("DELETE FROM interest WHERE device = $1")
                    .bind(device)
                    .execute(&self.pool)
                    .await?
            }
        };
        Ok(())
    }

    /// How many devices bookmarked each session of `edition`.
    pub async fn interest_counts(&self, edition: &str) -> Result<HashMap<String, usize>, StoreError> {
        let rows = sqlx::query("SELECT session, COUNT(*) FROM interest WHERE edition = $1 GROUP BY session")
            .bind(edition)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let count: i64 = r.try_get(1)?;
                let count = usize::try_from(count).map_err(|_| StoreError::Corrupt(format!("compte {count}")))?;
                Ok((r.try_get::<String, _>(0)?, count))
            })
            .collect()
    }
}

fn response_row(r: &sqlx::sqlite::SqliteRow) -> Result<ResponseRow, StoreError> {
    let version: i64 = r.try_get(2)?;
    Ok(ResponseRow {
        key: r.try_get(0)?,
        edition: r.try_get(1)?,
        version: u32::try_from(version).map_err(|_| StoreError::Corrupt(format!("version {version}")))?,
        answers: r.try_get(3)?,
        body_hash: r.try_get(4)?,
        received_at: r.try_get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::now_text;

    #[tokio::test]
    async fn answers_keys_are_unique() {
        let (_dir, store) = Store::temporary().await;
        let row = ResponseRow {
            key: "k".into(),
            edition: "2013".into(),
            version: 1,
            answers: r#"{"journee":5}"#.into(),
            body_hash: "h".into(),
            received_at: now_text(),
        };
        assert_eq!(store.insert_response(&row).await.unwrap(), ResponseInserted::New);
        let reuse = ResponseRow {
            answers: r#"{"journee":1}"#.into(),
            ..row.clone()
        };
        assert_eq!(
            store.insert_response(&reuse).await.unwrap(),
            ResponseInserted::Existing(row.clone())
        );
        assert_eq!(store.responses("2013").await.unwrap(), [row]);
        assert!(store.responses("2014").await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn interest_is_a_set_per_device_replaced_or_withdrawn() {
        let (_dir, store) = Store::temporary().await;
        let set = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        store
            .replace_interest("2013", "appareil-a-0123456789", &set(&["a", "b"]))
            .await
            .unwrap();
        store
            .replace_interest("2013", "appareil-b-0123456789", &set(&["a"]))
            .await
            .unwrap();
        store
            .replace_interest("2014", "appareil-a-0123456789", &set(&["c"]))
            .await
            .unwrap();
        let counts = store.interest_counts("2013").await.unwrap();
        assert_eq!((counts["a"], counts["b"]), (2, 1));
        store
            .replace_interest("2013", "appareil-a-0123456789", &set(&["b"]))
            .await
            .unwrap();
        let counts = store.interest_counts("2013").await.unwrap();
        assert_eq!((counts["a"], counts["b"]), (1, 1), "replaced, not added");
        store
            .withdraw_interest("appareil-a-0123456789", Some("2013"))
            .await
            .unwrap();
        assert_eq!(
            store.interest_counts("2014").await.unwrap()["c"],
            1,
            "another edition stays"
        );
        store.withdraw_interest("appareil-a-0123456789", None).await.unwrap();
        store.withdraw_interest("appareil-a-0123456789", None).await.unwrap();
        assert!(store.interest_counts("2014").await.unwrap().is_empty());
        assert_eq!(
            store.interest_counts("2013").await.unwrap(),
            HashMap::from([("a".to_owned(), 1)])
        );
    }
}
