//! Publishing a revision: validate, number, store. The one path every write takes (API
//! PUT/PATCH/rollback, CLI import/session/rollback, seeding), so the rules hold everywhere:
//! an invalid document is never stored, numbers are set here, and a lost race is reported
//! instead of overwriting someone else's work.

use agir_model::{Edition, EditionSlug, Issue, Report};

use crate::store::{Store, StoreError};

/// Which revision the new one must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The revision the editor read (0: the edition did not exist). Anything published
    /// since makes this a `Conflict`.
    Expect(u32),
    /// Whatever is latest (CLI import: the file replaces the programme).
    Latest,
}

/// What a revision records besides its document: why it was published, and by whom.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Byline<'a> {
    pub note: Option<&'a str>,
    /// An account's name, [`BY_TOKEN`] or [`BY_CLI`]; none for an edition loaded from the
    /// seed folder.
    pub by: Option<&'a str>,
}

/// Who published through the API with the shared bearer token.
pub const BY_TOKEN: &str = "jeton";
/// Who published with `agir-server import|session|rollback`.
pub const BY_CLI: &str = "ligne de commande";

/// A published revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub edition: EditionSlug,
    pub revision: u32,
    pub warnings: Vec<Issue>,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("le document contient {}", agir_model::french::plural(.0.errors.len(), "erreur", "erreurs"))]
    Invalid(Report),
    #[error("une autre révision a été publiée entre-temps")]
    Conflict,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Validates `edition` and stores it as the next revision after `base`.
pub async fn publish(
    store: &Store,
    mut edition: Edition,
    base: Base,
    byline: Byline<'_>,
) -> Result<Outcome, PublishError> {
    let report = edition.validate();
    if !report.is_ok() {
        return Err(PublishError::Invalid(report));
    }
    let slug = edition.edition.to_string();
    // With `Latest` a concurrent publisher may take our number: read again and retry.
    for _ in 0..5 {
        let previous = match base {
            Base::Expect(n) => n,
            Base::Latest => store.latest_revision(&slug).await?.unwrap_or(0),
        };
        edition.revision = previous + 1;
        let text = serde_json::to_string(&edition).expect("an edition always serializes");
        match store
            .insert_revision(&slug, edition.revision, &text, byline.note, byline.by)
            .await
        {
            Ok(()) => {
                tracing::info!(
                    edition = %slug,
                    revision = edition.revision,
                    note = byline.note,
                    by = byline.by,
                    "révision publiée"
                );
                return Ok(Outcome {
                    edition: edition.edition,
                    revision: edition.revision,
                    warnings: report.warnings,
                });
            }
            Err(StoreError::Conflict) if base == Base::Latest => continue,
            Err(StoreError::Conflict) => return Err(PublishError::Conflict),
            Err(e) => return Err(e.into()),
        }
    }
    Err(PublishError::Conflict)
}

/// A stored revision, parsed.
pub async fn load(store: &Store, edition: &str, revision: u32) -> Result<Option<Edition>, StoreError> {
    let Some(text) = store.document(edition, revision).await? else {
        return Ok(None);
    };
    Edition::from_json(&text)
        .map(Some)
        .map_err(|e| StoreError::Corrupt(format!("révision {edition}/{revision} illisible : {e}")))
}

/// The latest revision of an edition, parsed.
pub async fn load_latest(store: &Store, edition: &str) -> Result<Option<Edition>, StoreError> {
    match store.latest_revision(edition).await? {
        Some(rev) => load(store, edition, rev).await,
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::demo_edition as demo;

    #[tokio::test]
    async fn numbers_follow_and_stale_bases_conflict() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).await.unwrap();
        let first = publish(&store, demo(), Base::Expect(0), Byline::default())
            .await
            .unwrap();
        assert_eq!(first.revision, 1);
        let import = Byline {
            note: Some("import"),
            by: Some(BY_CLI),
        };
        let second = publish(&store, demo(), Base::Latest, import).await.unwrap();
        assert_eq!(second.revision, 2);
        let stale = publish(&store, demo(), Base::Expect(1), Byline::default()).await;
        assert!(matches!(stale, Err(PublishError::Conflict)));
        let stored = load_latest(&store, "2013").await.unwrap().unwrap();
        assert_eq!(stored.revision, 2, "the stored document carries its number");
        let listed = store.revisions("2013").await.unwrap();
        assert_eq!(listed[1].published_by.as_deref(), Some(BY_CLI));
    }

    #[tokio::test]
    async fn invalid_documents_are_never_stored() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("t.db")).await.unwrap();
        let mut e = demo();
        e.sessions[0].place = Some(agir_model::PlaceId::parse("nulle-part").unwrap());
        let Err(PublishError::Invalid(report)) = publish(&store, e, Base::Latest, Byline::default()).await else {
            panic!("an unknown place must be refused");
        };
        assert_eq!(report.errors[0].path, "/sessions/0/place");
        assert!(store.is_empty().await.unwrap());
    }
}
