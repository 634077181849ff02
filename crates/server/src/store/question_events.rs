//! The events of the questions' live stream, as stored: written in the same transaction as
//! the change they describe, so an event exists exactly when its change does; read back
//! for a client that resumes, pruned per session past a bound; and the deletion of a whole
//! edition's questions when their retention period is over.

use agir_model::questions::QuestionEvent;
use sqlx::{Row, Sqlite, Transaction};

use super::{
    questions::{QuestionRow, SessionKey},
    Store, StoreError,
};

/// Who may receive an event: everyone, or moderators only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    Moderation,
}

impl Audience {
    fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Moderation => "moderation",
        }
    }
}

/// An event as committed: its id orders it in the session's stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub audience: Audience,
    /// The SSE event name.
    pub name: String,
    /// The event's JSON object, without its commit time.
    pub data: String,
    /// When it was committed, RFC 3339 with microseconds.
    pub committed_at: String,
}

impl StoredEvent {
    /// The JSON sent on the stream: the event with `enregistre_le`, its commit time.
    pub fn payload(&self) -> String {
        let rest = self.data.strip_prefix('{').unwrap_or("}");
        let sep = if rest.starts_with('}') { "" } else { "," };
        format!("{{\"enregistre_le\":\"{}\"{sep}{rest}", self.committed_at)
    }
}

/// The events telling the stream that `after` is a question's new state, given whether
/// everyone saw it before. Moderators see every state; everyone else sees public
/// questions, and a `retiree` when one stops being public.
pub fn change_events(was_public: bool, after: &QuestionRow) -> Vec<(Audience, QuestionEvent)> {
    let mut events = Vec::new();
    if after.status.is_public() {
        // Public statuses carry no reason: one event serves both audiences.
        events.push((
            Audience::Public,
            QuestionEvent::Question {
                question: after.question(false),
            },
        ));
        return events;
    }
    if was_public {
        events.push((
            Audience::Public,
            QuestionEvent::Retiree {
                question: after.id,
                fusionnee_dans: after.merged_into,
            },
        ));
    }
    events.push((
        Audience::Moderation,
        QuestionEvent::Question {
            question: after.question(true),
        },
    ));
    events
}

/// The event of a new count of supports, for whoever sees the question.
pub fn count_event(question: &QuestionRow) -> (Audience, QuestionEvent) {
    let audience = if question.status.is_public() {
        Audience::Public
    } else {
        Audience::Moderation
    };
    (
        audience,
        QuestionEvent::Soutiens {
            question: question.id,
            soutiens: question.supports,
        },
    )
}

/// Writes `events` of session `key` in the transaction; returns them as stored.
pub(super) async fn record_events(
    tx: &mut Transaction<'_, Sqlite>,
    key: &SessionKey,
    events: Vec<(Audience, QuestionEvent)>,
) -> Result<Vec<StoredEvent>, StoreError> {
    let committed_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let mut stored = Vec::with_capacity(events.len());
    for (audience, event) in events {
        let data = serde_json::to_string(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let row = sqlx::query(
            "INSERT INTO question_events (edition, session, audience, data, committed_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&key.edition)
        .bind(&key.session)
        .bind(audience.as_str())
        .bind(&data)
        .bind(&committed_at)
        .fetch_one(&mut **tx)
        .await?;
        stored.push(StoredEvent {
            id: row.try_get(0)?,
            audience,
            name: event.name().to_owned(),
            data,
            committed_at: committed_at.clone(),
        });
    }
    Ok(stored)
}

impl Store {
    /// A session's events after `after`, in order: the public ones, or all for moderators.
    pub async fn question_events(
        &self,
        key: &SessionKey,
        after: i64,
        moderation: bool,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let audience = if moderation { "" } else { "AND audience = 'public'" };
        let rows = sqlx::query(&format!(
            "SELECT id, audience, data, committed_at FROM question_events \
             WHERE edition = $1 AND session = $2 AND id > $3 {audience} ORDER BY id"
        ))
        .bind(&key.edition)
        .bind(&key.session)
        .bind(after)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let data: String = r.try_get(2)?;
                let name = serde_json::from_str::<QuestionEvent>(&data)
                    .map_err(|e| StoreError::Corrupt(format!("événement de question : {e}")))?
                    .name()
                    .to_owned();
                let audience: String = r.try_get(1)?;
                Ok(StoredEvent {
                    id: r.try_get(0)?,
                    audience: if audience == "public" {
                        Audience::Public
                    } else {
                        Audience::Moderation
                    },
                    name,
                    data,
                    committed_at: r.try_get(3)?,
                })
            })
            .collect()
    }

    /// The last event id of a session (0 without any), and the id below which its events
    /// were pruned: a resume from before that cannot be served event by event.
    pub async fn question_feed(&self, key: &SessionKey) -> Result<(i64, i64), StoreError> {
        let last = sqlx::query("SELECT MAX(id) FROM question_events WHERE edition = $1 AND session = $2")
            .bind(&key.edition)
            .bind(&key.session)
            .fetch_one(&self.pool)
            .await?
            .try_get::<Option<i64>, _>(0)?
            .unwrap_or(0);
        let pruned = sqlx::query("SELECT pruned_upto FROM question_feeds WHERE edition = $1 AND session = $2")
            .bind(&key.edition)
            .bind(&key.session)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get::<i64, _>(0))
            .transpose()?
            .unwrap_or(0);
        Ok((last, pruned))
    }

    /// Keeps the last `keep` events of every session; the others go, and the session's feed
    /// remembers up to where. Returns how many were deleted.
    pub async fn question_events_prune(&self, keep: i64) -> Result<u64, StoreError> {
        // Read first: most rounds find nothing to cut and write nothing.
        let long =
            sqlx::query("SELECT edition, session FROM question_events GROUP BY edition, session HAVING COUNT(*) > $1")
                .bind(keep)
                .fetch_all(&self.pool)
                .await?;
        if long.is_empty() {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        let mut deleted = 0;
        for feed in &long {
            let (edition, session): (String, String) = (feed.try_get(0)?, feed.try_get(1)?);
            // Ids are shared by every session: the cut is this session's `keep`-th newest.
            let upto: i64 = sqlx::query(
                "SELECT id FROM question_events WHERE edition = $1 AND session = $2 ORDER BY id DESC LIMIT 1 OFFSET $3",
            )
            .bind(&edition)
            .bind(&session)
            .bind(keep)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            deleted += sqlx::query("DELETE FROM question_events WHERE edition = $1 AND session = $2 AND id <= $3")
                .bind(&edition)
                .bind(&session)
                .bind(upto)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query(
                "INSERT INTO question_feeds (edition, session, pruned_upto) VALUES ($1, $2, $3) \
                 ON CONFLICT (edition, session) DO UPDATE SET pruned_upto = excluded.pruned_upto",
            )
            .bind(&edition)
            .bind(&session)
            .bind(upto)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }

    /// Deletes every question of an edition, its asks, supports, events and moderation log
    /// (the retention period is over). Returns how many questions went.
    pub async fn questions_purge(&self, edition: &str) -> Result<u64, StoreError> {
        // Read first: once an edition is purged, later rounds write nothing.
        let left: i64 = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM questions WHERE edition = $1) \
             + (SELECT COUNT(*) FROM question_events WHERE edition = $1) \
             + (SELECT COUNT(*) FROM question_actions WHERE edition = $1)",
        )
        .bind(edition)
        .fetch_one(&self.pool)
        .await?
        .try_get(0)?;
        if left == 0 {
            return Ok(0);
        }
        let mut tx = self.begin_write().await?;
        for table in ["question_events", "question_feeds", "question_actions"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE edition = $1"))
                .bind(edition)
                .execute(&mut *tx)
                .await?;
        }
        for sql in [
            "DELETE FROM question_supports WHERE question_id IN (SELECT id FROM questions WHERE edition = $1)",
            "DELETE FROM question_asks WHERE question_id IN (SELECT id FROM questions WHERE edition = $1)",
            "UPDATE questions SET merged_into = NULL WHERE edition = $1",
        ] {
            sqlx::query(sql).bind(edition).execute(&mut *tx).await?;
        }
        let gone = sqlx::query("DELETE FROM questions WHERE edition = $1")
            .bind(edition)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(gone)
    }
}

#[cfg(test)]
mod tests {
    use agir_model::questions::Moderation;

    use super::*;
    use crate::store::questions::NewAsk;

    fn key(session: &str) -> SessionKey {
        SessionKey {
            edition: "2013".into(),
            session: session.into(),
        }
    }

    async fn ask(store: &Store, session: &str, n: usize) {
        let ask = NewAsk {
            idempotency_key: format!("{session}-{n}"),
            device: format!("appareil-{n:012}"),
            text: format!("Question {n}"),
            first_name: None,
            fold_key: format!("question {n}"),
            body_hash: String::new(),
        };
        store
            .question_ask(&key(session), &ask, Moderation::Post, chrono::Utc::now())
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn pruning_keeps_each_sessions_newest_events_and_remembers_the_cut() {
        // Arrange: interleaved events of two sessions, 6 and 2.
        let (_dir, store) = Store::temporary().await;
        for n in 0..6 {
            ask(&store, "a", n).await;
            if n < 2 {
                ask(&store, "b", n).await;
            }
        }
        let (newest_a, _) = store.question_feed(&key("a")).await.unwrap();
        // Act
        let deleted = store.question_events_prune(3).await.unwrap();
        let again = store.question_events_prune(3).await.unwrap();
        // Assert
        assert_eq!((deleted, again), (3, 0));
        let kept = store.question_events(&key("a"), 0, true).await.unwrap();
        assert_eq!(kept.len(), 3);
        assert_eq!(kept.last().unwrap().id, newest_a);
        let (_, pruned) = store.question_feed(&key("a")).await.unwrap();
        assert!(pruned < kept[0].id, "a resume from the cut finds every later event");
        assert_eq!(store.question_events(&key("b"), 0, true).await.unwrap().len(), 2);
        assert_eq!(store.question_feed(&key("b")).await.unwrap().1, 0, "b untouched");
    }

    #[tokio::test]
    async fn a_purge_deletes_an_editions_questions_once() {
        // Arrange
        let (_dir, store) = Store::temporary().await;
        ask(&store, "a", 0).await;
        // Act
        let gone = store.questions_purge("2013").await.unwrap();
        let again = store.questions_purge("2013").await.unwrap();
        // Assert
        assert_eq!((gone, again), (1, 0));
        assert!(store.session_questions(&key("a")).await.unwrap().is_empty());
        assert_eq!(store.question_feed(&key("a")).await.unwrap().0, 0);
    }
}
