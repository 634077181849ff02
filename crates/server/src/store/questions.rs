//! Questions from the floor as stored: the questions, the asks that made or joined them
//! (one per idempotency key) and the supports (one per device). The events of the live
//! stream are in `store::question_events`, moderation's writes in `store::moderation`.

use agir_model::questions::{Moderation, Question, QuestionEvent, QuestionStatus};
use sqlx::{sqlite::SqliteRow, Row, Sqlite, Transaction};

pub use super::question_events::{change_events, count_event, Audience, StoredEvent};
use super::{question_events::record_events, time_text, Store, StoreError};

/// A session's questions are kept under its edition and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SessionKey {
    pub edition: String,
    pub session: String,
}

/// One question as stored, with its count of supports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRow {
    pub id: i64,
    pub key: SessionKey,
    pub device: String,
    pub text: String,
    pub first_name: Option<String>,
    pub fold_key: String,
    pub status: QuestionStatus,
    pub reason: Option<String>,
    pub pinned: bool,
    pub merged_into: Option<i64>,
    pub asked_at: String,
    pub answered_at: Option<String>,
    pub supports: u32,
}

impl QuestionRow {
    /// The question as shown: to moderators with the reason it was not kept, to anyone
    /// else without.
    pub fn question(&self, for_moderators: bool) -> Question {
        Question {
            id: self.id,
            seance: self.key.session.clone(),
            texte: self.text.clone(),
            prenom: self.first_name.clone(),
            statut: self.status,
            soutiens: self.supports,
            epinglee: self.pinned,
            posee_le: self.asked_at.clone(),
            repondue_le: self.answered_at.clone(),
            fusionnee_dans: self.merged_into,
            raison: if for_moderators { self.reason.clone() } else { None },
        }
    }
}

/// A new question as the attendee sent it, checked.
#[derive(Debug, Clone)]
pub struct NewAsk {
    pub idempotency_key: String,
    pub device: String,
    pub text: String,
    pub first_name: Option<String>,
    pub fold_key: String,
    pub body_hash: String,
}

/// What an ask did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AskOutcome {
    /// A new question.
    Created,
    /// The same question was already asked in this session: the ask joined it.
    Folded,
    /// This key was already acknowledged: `same` says whether for the same question.
    Retry { same: bool },
}

/// An ask's result: the question it made or joined, and the events to broadcast.
#[derive(Debug, Clone)]
pub struct Asked {
    pub outcome: AskOutcome,
    pub question: QuestionRow,
    pub events: Vec<StoredEvent>,
}

/// A support's result: the question it counts for (a merged question's supports go to
/// the one it was merged into), its count, and the events to broadcast.
#[derive(Debug, Clone)]
pub struct Supported {
    pub question: QuestionRow,
    pub supported: bool,
    pub events: Vec<StoredEvent>,
}

/// Why a support was refused.
#[derive(Debug, thiserror::Error)]
pub enum SupportError {
    /// No question by that id that this device may see.
    #[error("question inconnue")]
    NotFound,
    /// Answered or not kept: nothing more to support.
    #[error("question close")]
    Closed(QuestionStatus),
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub(super) const QUESTION_COLUMNS: &str = "SELECT q.id, q.edition, q.session, q.device, q.text, q.first_name, \
     q.fold_key, q.status, q.reason, q.pinned, q.merged_into, q.asked_at, q.answered_at, \
     (SELECT COUNT(*) FROM question_supports s WHERE s.question_id = q.id) FROM questions q";

pub(super) fn question_row(r: &SqliteRow) -> Result<QuestionRow, StoreError> {
    let status: String = r.try_get(7)?;
    let supports: i64 = r.try_get(13)?;
    Ok(QuestionRow {
        id: r.try_get(0)?,
        key: SessionKey {
            edition: r.try_get(1)?,
            session: r.try_get(2)?,
        },
        device: r.try_get(3)?,
        text: r.try_get(4)?,
        first_name: r.try_get(5)?,
        fold_key: r.try_get(6)?,
        status: QuestionStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("statut de question {status}")))?,
        reason: r.try_get(8)?,
        pinned: r.try_get::<i64, _>(9)? == 1,
        merged_into: r.try_get(10)?,
        asked_at: r.try_get(11)?,
        answered_at: r.try_get(12)?,
        supports: u32::try_from(supports).unwrap_or(u32::MAX),
    })
}

/// One question read inside a transaction.
pub(super) async fn question_in(tx: &mut Transaction<'_, Sqlite>, id: i64) -> Result<Option<QuestionRow>, StoreError> {
    let row = sqlx::query(&format!("{QUESTION_COLUMNS} WHERE q.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(question_row).transpose()
}

impl Store {
    /// Records an ask: a retry of a known key finds its question; the same question asked
    /// again in the session (same fold key, still waiting or accepted) is joined, its asker
    /// then counting as a support; otherwise a new question, waiting for a moderator
    /// (`pre`) or shown at once (`post`).
    pub async fn question_ask(
        &self,
        key: &SessionKey,
        ask: &NewAsk,
        moderation: Moderation,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Asked, StoreError> {
        let mut tx = self.begin_write().await?;
        let known = sqlx::query("SELECT question_id, body_hash FROM question_asks WHERE idempotency_key = $1")
            .bind(&ask.idempotency_key)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(known) = known {
            let id: i64 = known.try_get(0)?;
            let hash: String = known.try_get(1)?;
            let question = question_in(&mut tx, id)
                .await?
                .ok_or_else(|| StoreError::Corrupt(format!("question {id} introuvable")))?;
            return Ok(Asked {
                outcome: AskOutcome::Retry {
                    same: hash == ask.body_hash,
                },
                question,
                events: Vec::new(),
            });
        }
        let at = time_text(now);
        let (outcome, id, mut events) = join_or_create(&mut tx, key, ask, moderation, &at).await?;
        sqlx::query(
            "INSERT INTO question_asks (idempotency_key, question_id, device, body_hash, asked_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&ask.idempotency_key)
        .bind(id)
        .bind(&ask.device)
        .bind(&ask.body_hash)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let question = question_in(&mut tx, id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("question {id} introuvable")))?;
        if outcome == AskOutcome::Created {
            events = change_events(false, &question);
        }
        let events = record_events(&mut tx, key, events).await?;
        tx.commit().await?;
        Ok(Asked {
            outcome,
            question,
            events,
        })
    }

    /// Adds (`on`) or withdraws a device's support. Idempotent: supporting twice counts
    /// once, withdrawing what was never given changes nothing (and sends no event).
    pub async fn question_support(
        &self,
        id: i64,
        device: &str,
        on: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<Supported, SupportError> {
        let mut tx = self.begin_write().await.map_err(StoreError::from)?;
        let mut question = question_in(&mut tx, id).await?.ok_or(SupportError::NotFound)?;
        // A merged question's supports went to the one it was merged into: so do new ones.
        for _ in 0..8 {
            let Some(into) = question.merged_into else { break };
            question = question_in(&mut tx, into).await?.ok_or(SupportError::NotFound)?;
        }
        if !question.status.is_public() {
            return Err(SupportError::NotFound);
        }
        let changed = if on {
            if !question.status.takes_supports() {
                return Err(SupportError::Closed(question.status));
            }
            support_in(&mut tx, question.id, device, &time_text(now)).await?
        } else {
            sqlx::query("DELETE FROM question_supports WHERE question_id = $1 AND device = $2")
                .bind(question.id)
                .bind(device)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?
                .rows_affected()
                == 1
        };
        let mut events = Vec::new();
        if changed {
            question = question_in(&mut tx, question.id).await?.ok_or(SupportError::NotFound)?;
            events = record_events(&mut tx, &question.key, vec![count_event(&question)]).await?;
        }
        tx.commit().await.map_err(StoreError::from)?;
        Ok(Supported {
            question,
            supported: on,
            events,
        })
    }

    /// Whether an ask with this idempotency key was acknowledged.
    pub async fn question_ask_known(&self, idempotency_key: &str) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 FROM question_asks WHERE idempotency_key = $1")
            .bind(idempotency_key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// One question, whatever its session.
    pub async fn question(&self, id: i64) -> Result<Option<QuestionRow>, StoreError> {
        let row = sqlx::query(&format!("{QUESTION_COLUMNS} WHERE q.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(question_row).transpose()
    }

    /// Every question of a session, in the order asked.
    pub async fn session_questions(&self, key: &SessionKey) -> Result<Vec<QuestionRow>, StoreError> {
        let rows = sqlx::query(&format!(
            "{QUESTION_COLUMNS} WHERE q.edition = $1 AND q.session = $2 ORDER BY q.id"
        ))
        .bind(&key.edition)
        .bind(&key.session)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(question_row).collect()
    }

    /// Every question of an edition (or of all), for the export.
    pub async fn edition_questions(&self, edition: Option<&str>) -> Result<Vec<QuestionRow>, StoreError> {
        let rows = match edition {
            Some(edition) => {
                sqlx::query(&format!(
                    "{QUESTION_COLUMNS} WHERE q.edition = $1 ORDER BY q.session, q.id"
                ))
                .bind(edition)
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(&format!("{QUESTION_COLUMNS} ORDER BY q.edition, q.session, q.id"))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        rows.iter().map(question_row).collect()
    }

    /// The questions a device asked (or joined) in a session, and those it supports.
    pub async fn device_questions(&self, key: &SessionKey, device: &str) -> Result<(Vec<i64>, Vec<i64>), StoreError> {
        let ids = |sql: &'static str| {
            sqlx::query(sql)
                .bind(&key.edition)
                .bind(&key.session)
                .bind(device)
                .fetch_all(&self.pool)
        };
        let asked = ids(
            "SELECT DISTINCT a.question_id FROM question_asks a JOIN questions q ON q.id = a.question_id \
             WHERE q.edition = $1 AND q.session = $2 AND a.device = $3 ORDER BY a.question_id",
        )
        .await?;
        let supported = ids(
            "SELECT s.question_id FROM question_supports s JOIN questions q ON q.id = s.question_id \
             WHERE q.edition = $1 AND q.session = $2 AND s.device = $3 ORDER BY s.question_id",
        )
        .await?;
        let read = |rows: Vec<SqliteRow>| rows.iter().map(|r| r.try_get(0)).collect::<Result<Vec<i64>, _>>();
        Ok((read(asked)?, read(supported)?))
    }
}

/// Joins the same question if the session already has it (still waiting or accepted): its
/// asker then counts as a support, unless it is their own. Otherwise a new question,
/// waiting (`pre`) or shown at once (`post`). Returns the question's id and the events.
async fn join_or_create(
    tx: &mut Transaction<'_, Sqlite>,
    key: &SessionKey,
    ask: &NewAsk,
    moderation: Moderation,
    at: &str,
) -> Result<(AskOutcome, i64, Vec<(Audience, QuestionEvent)>), StoreError> {
    let existing = sqlx::query(&format!(
        "{QUESTION_COLUMNS} WHERE q.edition = $1 AND q.session = $2 AND q.fold_key = $3 \
         AND q.status IN ('en_attente', 'acceptee') ORDER BY q.id LIMIT 1"
    ))
    .bind(&key.edition)
    .bind(&key.session)
    .bind(&ask.fold_key)
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(joined) = existing.as_ref().map(question_row).transpose()? {
        let added = joined.device != ask.device && support_in(tx, joined.id, &ask.device, at).await?;
        let joined = question_in(tx, joined.id).await?.unwrap_or(joined);
        let events = if added { vec![count_event(&joined)] } else { Vec::new() };
        return Ok((AskOutcome::Folded, joined.id, events));
    }
    let status = match moderation {
        Moderation::Pre => QuestionStatus::EnAttente,
        Moderation::Post => QuestionStatus::Acceptee,
    };
    let row = sqlx::query(
        "INSERT INTO questions (edition, session, device, text, first_name, fold_key, status, asked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&key.edition)
    .bind(&key.session)
    .bind(&ask.device)
    .bind(&ask.text)
    .bind(&ask.first_name)
    .bind(&ask.fold_key)
    .bind(status.code())
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok((AskOutcome::Created, row.try_get(0)?, Vec::new()))
}

/// Adds a support unless the device already gave one; says whether it did.
pub(super) async fn support_in(
    tx: &mut Transaction<'_, Sqlite>,
    question: i64,
    device: &str,
    at: &str,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO question_supports (question_id, device, supported_at) VALUES ($1, $2, $3) \
         ON CONFLICT (question_id, device) DO NOTHING",
    )
    .bind(question)
    .bind(device)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
