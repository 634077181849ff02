//! Moderators' writes on questions: each one changes a question, records the events the
//! stream sends and a line of the moderation log (who, when, what), in one transaction.
//! Also the organizers' retention setting, kept in `settings`.

use agir_model::questions::{QuestionEvent, QuestionStatus};
use serde::Serialize;
use sqlx::Row;

use super::{
    question_events::{change_events, count_event, record_events, Audience, StoredEvent},
    questions::{question_in, QuestionRow, SessionKey},
    time_text, Store, StoreError,
};

/// What a moderator does to a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Shows it to everyone, with its text corrected if given.
    Accept {
        text: Option<(String, String)>,
    },
    /// Does not keep it; the reason stays with the moderators.
    Reject {
        reason: Option<String>,
    },
    /// Corrects its text (text, fold key), whatever its status.
    Edit {
        text: String,
        fold_key: String,
    },
    /// Merges it into another question of the session, which takes its supports.
    Merge {
        into: i64,
    },
    Pin,
    Unpin,
    /// Marks it asked on stage.
    Answer,
}

impl Action {
    /// The word the moderation log keeps.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Accept { .. } => "accepter",
            Self::Reject { .. } => "ecarter",
            Self::Edit { .. } => "modifier",
            Self::Merge { .. } => "fusionner",
            Self::Pin => "epingler",
            Self::Unpin => "desepingler",
            Self::Answer => "repondre",
        }
    }
}

/// Why a moderation action was refused.
#[derive(Debug, thiserror::Error)]
pub enum ModerationError {
    #[error("question inconnue")]
    NotFound,
    /// The action makes no sense in the question's state; the French sentence says why.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A moderation action done: the question after it, and the events to broadcast.
#[derive(Debug, Clone)]
pub struct Moderated {
    pub question: QuestionRow,
    pub events: Vec<StoredEvent>,
}

/// One line of the moderation log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    pub id: i64,
    pub question: Option<i64>,
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub par: String,
    pub le: String,
}

/// The `settings` row of the retention period, in days after an edition's last day.
const RETENTION: &str = "questions_retention_days";

type Tx<'a> = sqlx::Transaction<'a, sqlx::Sqlite>;

impl Store {
    /// Applies `action` to question `id` as `by`, logged at `now`.
    pub async fn question_moderate(
        &self,
        id: i64,
        action: Action,
        by: &str,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Moderated, ModerationError> {
        let mut tx = self.begin_write().await.map_err(StoreError::from)?;
        let before = question_in(&mut tx, id).await?.ok_or(ModerationError::NotFound)?;
        let key = &before.key.clone();
        if before.status == QuestionStatus::Fusionnee {
            return Err(ModerationError::Refused(
                "Cette question a été regroupée avec une autre : agissez sur celle-ci.".into(),
            ));
        }
        let at = time_text(now);
        let (detail, mut events) = apply(&mut tx, &before, &action, &at).await?;
        let after = question_in(&mut tx, id).await?.ok_or(ModerationError::NotFound)?;
        if after.status != before.status || after.text != before.text || after.reason != before.reason {
            let mut changed = change_events(before.status.is_public(), &after);
            changed.append(&mut events);
            events = changed;
        }
        sqlx::query(
            "INSERT INTO question_actions (edition, session, question_id, action, detail, done_by, done_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&key.edition)
        .bind(&key.session)
        .bind(id)
        .bind(action.code())
        .bind(detail)
        .bind(by)
        .bind(&at)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        let events = record_events(&mut tx, key, events).await?;
        tx.commit().await.map_err(StoreError::from)?;
        Ok(Moderated {
            question: after,
            events,
        })
    }

    /// The moderation log of a session, oldest first.
    pub async fn question_log(&self, key: &SessionKey) -> Result<Vec<LogEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, question_id, action, detail, done_by, done_at FROM question_actions \
             WHERE edition = $1 AND session = $2 ORDER BY id",
        )
        .bind(&key.edition)
        .bind(&key.session)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LogEntry {
                    id: r.try_get(0)?,
                    question: r.try_get(1)?,
                    action: r.try_get(2)?,
                    detail: r.try_get(3)?,
                    par: r.try_get(4)?,
                    le: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// The retention period the organizers set, in days after an edition's last day.
    pub async fn questions_retention(&self) -> Result<Option<(u32, String, Option<String>)>, StoreError> {
        let row = sqlx::query("SELECT value, updated_at, updated_by FROM settings WHERE name = $1")
            .bind(RETENTION)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let value: String = row.try_get(0)?;
        let days = value
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("durée de conservation {value}")))?;
        Ok(Some((days, row.try_get(1)?, row.try_get(2)?)))
    }

    /// Sets (or, `None`, removes) the retention period.
    pub async fn set_questions_retention(&self, days: Option<u32>, by: &str) -> Result<(), StoreError> {
        match days {
            Some(days) => {
                sqlx::query(
                    "INSERT INTO settings (name, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, \
                     updated_by = excluded.updated_by",
                )
                .bind(RETENTION)
                .bind(days.to_string())
                .bind(super::now_text())
                .bind(by)
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM settings WHERE name = $1")
                    .bind(RETENTION)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }
}

/// Makes the change of `action`; returns the log's detail and the events beyond the
/// question's own change (pins, the counts of a merge).
async fn apply(
    tx: &mut Tx<'_>,
    q: &QuestionRow,
    action: &Action,
    at: &str,
) -> Result<(Option<String>, Vec<(Audience, QuestionEvent)>), ModerationError> {
    let mut events = Vec::new();
    let detail = match action {
        Action::Accept { text } => {
            if let Some((text, fold_key)) = text {
                set_text(tx, q.id, text, fold_key).await?;
            }
            set(
                tx,
                "UPDATE questions SET status = 'acceptee', reason = NULL, answered_at = NULL WHERE id = $1",
                q.id,
            )
            .await?;
            text.as_ref().map(|(t, _)| format!("texte corrigé : {t}"))
        }
        Action::Reject { reason } => {
            sqlx::query("UPDATE questions SET status = 'non_retenue', reason = $2 WHERE id = $1")
                .bind(q.id)
                .bind(reason)
                .execute(&mut **tx)
                .await
                .map_err(StoreError::from)?;
            events.extend(unpin(tx, q).await?);
            reason.clone()
        }
        Action::Edit { text, fold_key } => {
            set_text(tx, q.id, text, fold_key).await?;
            Some(format!("avant : {}", q.text))
        }
        Action::Merge { into } => {
            events.extend(merge(tx, q, *into, at).await?);
            Some(format!("dans la question {into}"))
        }
        Action::Pin => {
            if q.status != QuestionStatus::Acceptee {
                return Err(ModerationError::Refused(
                    "Seule une question acceptée, pas encore répondue, peut être épinglée.".into(),
                ));
            }
            sqlx::query("UPDATE questions SET pinned = 0 WHERE edition = $1 AND session = $2 AND pinned = 1")
                .bind(&q.key.edition)
                .bind(&q.key.session)
                .execute(&mut **tx)
                .await
                .map_err(StoreError::from)?;
            set(tx, "UPDATE questions SET pinned = 1 WHERE id = $1", q.id).await?;
            events.push((Audience::Public, QuestionEvent::Epinglee { question: Some(q.id) }));
            None
        }
        Action::Unpin => {
            events.extend(unpin(tx, q).await?);
            None
        }
        Action::Answer => {
            if !matches!(q.status, QuestionStatus::Acceptee | QuestionStatus::EnAttente) {
                return Err(ModerationError::Refused(format!(
                    "Cette question est « {} » : elle ne peut pas être marquée répondue.",
                    q.status.label()
                )));
            }
            sqlx::query("UPDATE questions SET status = 'repondue', answered_at = $2 WHERE id = $1")
                .bind(q.id)
                .bind(at)
                .execute(&mut **tx)
                .await
                .map_err(StoreError::from)?;
            events.extend(unpin(tx, q).await?);
            None
        }
    };
    Ok((detail, events))
}

async fn set(tx: &mut Tx<'_>, sql: &str, id: i64) -> Result<(), StoreError> {
    sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    Ok(())
}

async fn set_text(tx: &mut Tx<'_>, id: i64, text: &str, fold_key: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE questions SET text = $2, fold_key = $3 WHERE id = $1")
        .bind(id)
        .bind(text)
        .bind(fold_key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Unpins `q` if it was pinned: the session then has no pinned question.
async fn unpin(tx: &mut Tx<'_>, q: &QuestionRow) -> Result<Vec<(Audience, QuestionEvent)>, StoreError> {
    if !q.pinned {
        return Ok(Vec::new());
    }
    set(tx, "UPDATE questions SET pinned = 0 WHERE id = $1", q.id).await?;
    Ok(vec![(Audience::Public, QuestionEvent::Epinglee { question: None })])
}

/// Merges `q` into `into`: its supports move there (a device supporting both counts
/// once), and it points to `into`.
async fn merge(
    tx: &mut Tx<'_>,
    q: &QuestionRow,
    into: i64,
    at: &str,
) -> Result<Vec<(Audience, QuestionEvent)>, ModerationError> {
    let target = question_in(tx, into).await?.filter(|t| t.key == q.key).ok_or_else(|| {
        ModerationError::Refused(format!("La question {into} n'est pas une question de cette séance."))
    })?;
    if target.id == q.id {
        return Err(ModerationError::Refused(
            "Une question ne peut pas être regroupée avec elle-même.".into(),
        ));
    }
    if matches!(target.status, QuestionStatus::Fusionnee | QuestionStatus::NonRetenue) {
        return Err(ModerationError::Refused(format!(
            "La question {into} est « {} » : choisissez une question gardée.",
            target.status.label()
        )));
    }
    for sql in [
        "INSERT INTO question_supports (question_id, device, supported_at) \
         SELECT $2, device, $3 FROM question_supports WHERE question_id = $1 \
         ON CONFLICT (question_id, device) DO NOTHING",
        "DELETE FROM question_supports WHERE question_id = $1",
    ] {
        sqlx::query(sql)
            .bind(q.id)
            .bind(into)
            .bind(at)
            .execute(&mut **tx)
            .await
            .map_err(StoreError::from)?;
    }
    sqlx::query("UPDATE questions SET status = 'fusionnee', merged_into = $2 WHERE id = $1")
        .bind(q.id)
        .bind(into)
        .execute(&mut **tx)
        .await
        .map_err(StoreError::from)?;
    let mut events = unpin(tx, q).await?;
    let target = question_in(tx, into).await?.ok_or(ModerationError::NotFound)?;
    events.push(count_event(&target));
    Ok(events)
}
