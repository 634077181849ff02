//! After the day: the questions as a spreadsheet for the bilan, and the retention period
//! the organizers set (days after an edition's last day), past which an edition's
//! questions leave every public view at once and are deleted by `purge_loop`.

use std::{sync::Arc, time::Duration};

use agir_model::Edition;
use axum::{extract::State, response::Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    admin::Organizer,
    catalog::Catalog,
    clock::Clock,
    error::{Json, Query},
    routing::Area,
    spreadsheet::{download, local_time, Sheet},
    store::{questions::QuestionRow, Store},
    AppState, Error,
};

/// The longest retention period organizers may set: ten years.
pub const MAX_DAYS: u32 = 3650;
/// Events kept per session for streams to resume from; older ones are pruned.
pub const EVENTS_KEPT: i64 = 5000;

pub fn router() -> Area {
    Area::new()
        .get("/api/admin/questions.csv", questions_export)
        .get("/api/admin/questions/conservation", retention_show)
        .put("/api/admin/questions/conservation", retention_update)
}

/// When an edition's questions expire, given the retention period: `days` after the end
/// of its last day (midnight UTC after it).
pub fn expiry(edition: &Edition, days: u32) -> DateTime<Utc> {
    let after = edition.event.end_date + chrono::Days::new(u64::from(days) + 1);
    after.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Whether the retention period of `edition`'s questions is over.
pub async fn expired(state: &AppState, edition: &Edition) -> Result<bool, Error> {
    Ok(is_expired(&state.store, edition, state.clock.now()).await?)
}

async fn is_expired(store: &Store, edition: &Edition, now: DateTime<Utc>) -> Result<bool, crate::store::StoreError> {
    let retention = store.questions_retention().await?;
    Ok(retention.is_some_and(|(days, _, _)| now >= expiry(edition, days)))
}

/// Deletes the questions of every edition whose retention period is over, and prunes the
/// oldest events of long streams; every `every`, for as long as the server runs.
pub async fn purge_loop(catalog: Arc<Catalog>, store: Store, clock: Clock, every: Duration) {
    let failed = "suppression des questions expirées impossible";
    clock
        .every(every, failed, |now| {
            let (catalog, store) = (catalog.clone(), store.clone());
            async move { purge(&catalog, &store, now).await }
        })
        .await;
}

/// One round of `purge_loop`.
pub async fn purge(catalog: &Catalog, store: &Store, now: DateTime<Utc>) -> Result<(), crate::store::StoreError> {
    let snapshot = catalog.snapshot();
    for published in snapshot.editions.values() {
        if is_expired(store, &published.edition, now).await? {
            let gone = store.questions_purge(published.slug().as_str()).await?;
            if gone > 0 {
                tracing::info!(edition = %published.slug(), gone, "questions supprimées (conservation échue)");
            }
        }
    }
    store.question_events_prune(EVENTS_KEPT).await?;
    Ok(())
}

/// The retention period as organizers read it.
#[derive(Debug, Serialize)]
struct Retention {
    /// Days after an edition's last day; `null`: kept until set.
    jours: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modifiee_le: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    par: Option<String>,
}

/// `GET /api/admin/questions/conservation`.
async fn retention_show(_: Organizer, State(state): State<AppState>) -> Result<Json<Retention>, Error> {
    let stored = state.store.questions_retention().await?;
    Ok(Json(match stored {
        Some((days, at, by)) => Retention {
            jours: Some(days),
            modifiee_le: Some(at),
            par: by,
        },
        None => Retention {
            jours: None,
            modifiee_le: None,
            par: None,
        },
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RetentionBody {
    /// Required, though it may be null: an empty body must not turn deletion off.
    #[serde(deserialize_with = "crate::params::present")]
    jours: Option<u32>,
}

/// `PUT /api/admin/questions/conservation`: `{"jours": 30}`, or `null` to keep them.
async fn retention_update(
    organizer: Organizer,
    State(state): State<AppState>,
    Json(body): Json<RetentionBody>,
) -> Result<Json<Retention>, Error> {
    if body.jours.is_some_and(|d| d > MAX_DAYS) {
        return Err(Error::Unprocessable {
            code: "invalid_retention",
            message: "La durée de conservation n'a pas été changée : vérifiez-la.".into(),
            details: vec![agir_model::Issue::new(
                "/jours",
                format!("De 0 à {MAX_DAYS} jours après le dernier jour de l'édition."),
            )],
        });
    }
    state
        .store
        .set_questions_retention(body.jours, organizer.name())
        .await?;
    retention_show(organizer, State(state)).await
}

#[derive(Debug, Deserialize)]
struct ExportParam {
    #[serde(default, deserialize_with = "crate::params::edition_param")]
    edition: Option<String>,
}

/// `GET /api/admin/questions.csv`: every question of `?edition=` (or of all), waiting and
/// not kept ones included, for the bilan.
async fn questions_export(
    _: Organizer,
    State(state): State<AppState>,
    Query(param): Query<ExportParam>,
) -> Result<Response, Error> {
    let rows = state.store.edition_questions(param.edition.as_deref()).await?;
    let snapshot = state.catalog.snapshot();
    let editions: Vec<&Edition> = snapshot.editions.values().map(|p| p.edition.as_ref()).collect();
    let name = format!(
        "questions-{}.csv",
        param.edition.as_deref().unwrap_or("toutes-editions")
    );
    Ok(download(&name, to_csv(&rows, &editions)))
}

/// The questions as CSV for a spreadsheet (see `spreadsheet`): French headers, each
/// session's title next to its id, times in the event's local time.
pub fn to_csv(rows: &[QuestionRow], editions: &[&Edition]) -> String {
    let mut sheet = Sheet::new([
        "Édition",
        "Séance",
        "Titre de la séance",
        "N°",
        "Question",
        "Prénom",
        "Statut",
        "Soutiens",
        "Posée le",
        "Répondue le",
        "Regroupée avec",
        "Raison (interne)",
    ]);
    for q in rows {
        let edition = editions.iter().find(|e| e.edition.as_str() == q.key.edition);
        let local = |t: &str| edition.map_or_else(|| t.to_owned(), |e| local_time(t, &e.event.time_zone));
        let title = edition
            .and_then(|e| e.sessions.iter().find(|s| s.id.as_str() == q.key.session))
            .map_or(crate::feedback::GONE, |s| s.title.as_str());
        sheet.row([
            q.key.edition.as_str(),
            &q.key.session,
            title,
            &q.id.to_string(),
            &q.text,
            q.first_name.as_deref().unwrap_or(""),
            q.status.label(),
            &q.supports.to_string(),
            &local(&q.asked_at),
            &q.answered_at.as_deref().map(local).unwrap_or_default(),
            &q.merged_into.map(|m| m.to_string()).unwrap_or_default(),
            q.reason.as_deref().unwrap_or(""),
        ]);
    }
    sheet.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_expire_the_given_days_after_the_last_day() {
        let demo = crate::demo_edition();
        assert_eq!(expiry(&demo, 0).to_rfc3339(), "2013-10-09T00:00:00+00:00");
        assert_eq!(expiry(&demo, 30).to_rfc3339(), "2013-11-08T00:00:00+00:00");
    }
}
