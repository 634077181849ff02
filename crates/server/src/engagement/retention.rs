//! How long contact requests are kept: `Edition::contact_retention_months()` calendar months
//! after each one was received, by the server's clock (which tests move). Past that, a
//! request leaves the association's page and the organizers' counts at once, and
//! `purge_loop` deletes it; the keys withdrawn are forgotten after the longest period of
//! any edition. The per-stand counts of the bilan stay.

use std::{sync::Arc, time::Duration};

use agir_model::{engagement::DEFAULT_RETENTION_MONTHS, Edition};
use chrono::{DateTime, Months, Utc};

use crate::{
    catalog::Catalog,
    clock::Clock,
    store::{time_text, Store, StoreError},
};

/// The time before which `months` months have passed at `now` (RFC 3339, UTC, as stored).
fn months_before(now: DateTime<Utc>, months: u32) -> String {
    time_text(
        now.checked_sub_months(Months::new(months))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
    )
}

/// The oldest reception time of a request `edition` still holds at `now`.
pub fn held_since(edition: &Edition, now: DateTime<Utc>) -> String {
    months_before(now, edition.contact_retention_months())
}

/// Deletes the expired requests of every edition and the keys withdrawn long ago, every
/// `every` (the first round at once, at start), for as long as the server runs.
pub async fn purge_loop(catalog: Arc<Catalog>, store: Store, clock: Clock, every: Duration) {
    let failed = "suppression des demandes de contact expirées impossible";
    clock
        .every(every, failed, |now| {
            let (catalog, store) = (catalog.clone(), store.clone());
            async move { purge(&catalog, &store, now).await }
        })
        .await;
}

/// One round of `purge_loop`.
pub async fn purge(catalog: &Catalog, store: &Store, now: DateTime<Utc>) -> Result<(), StoreError> {
    let snapshot = catalog.snapshot();
    let mut longest = DEFAULT_RETENTION_MONTHS;
    for published in snapshot.editions.values() {
        let edition = &published.edition;
        longest = longest.max(edition.contact_retention_months());
        let gone = store
            .contact_requests_purge(edition.edition.as_str(), &held_since(edition, now))
            .await?;
        if gone > 0 {
            tracing::info!(edition = %edition.edition, gone, "demandes de contact supprimées (conservation échue)");
        }
    }
    store.contact_withdrawals_purge(&months_before(now, longest)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn requests_are_held_for_calendar_months() {
        let demo = crate::demo_edition();
        assert_eq!(
            held_since(&demo, at("2014-04-08T12:00:00Z")),
            "2013-10-08T12:00:00.000Z",
            "six months by default"
        );
        // The 31st of a shorter month is its last day.
        assert_eq!(months_before(at("2014-02-28T08:00:00Z"), 6), "2013-08-28T08:00:00.000Z");
        assert_eq!(months_before(at("2014-08-31T08:00:00Z"), 6), "2014-02-28T08:00:00.000Z");
    }

    #[tokio::test]
    async fn a_round_deletes_expired_requests_and_old_withdrawals_only() {
        // Arrange: one request received at T, one at T + 1 month, a key withdrawn at T.
        let (_dir, store) = Store::temporary().await;
        let catalog = Catalog::new(None);
        store
            .insert_revision("2013", 1, include_str!("../../../../data/2013.json"), None, None)
            .await
            .unwrap();
        catalog.refresh(&store).await.unwrap();
        let t = at("2013-10-08T12:00:00Z");
        for (n, when) in [(1, t), (2, t + chrono::Days::new(31))] {
            let new = crate::store::engagement::tests::contact(&format!("{n:064}"));
            store.contact_request_insert(&new, when).await.unwrap();
        }
        store.contact_request_withdraw(&"f".repeat(64), t).await.unwrap();
        // Act: six months and a day after T.
        let later = at("2014-04-09T12:00:00Z");
        purge(&catalog, &store, later).await.unwrap();
        // Assert
        let left = store
            .contact_requests("2013", "resto-troc", "2000-01-01T00:00:00.000Z")
            .await
            .unwrap();
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(!store.contact_key_known(&"f".repeat(64)).await.unwrap());
        let counts = store.contact_counts("2013", "2000-01-01T00:00:00.000Z").await.unwrap();
        assert_eq!(counts["resto-troc"].received, 2, "the bilan keeps its count");
    }
}
