//! Every questionnaire version an edition ever had, read from its stored revisions.
//!
//! Why from the revisions rather than a table of versions filled when each is first seen:
//! revisions are already kept forever and never rewritten (a rollback publishes a copy), and
//! every way of publishing (the console, the API, `agir-server import`, a rollback, the seed
//! folder) goes through them, so no path can forget to record a version and no second copy
//! can disagree with what attendees were shown. The cost is reading the documents: each is
//! read once per server run (only its `questionnaire` field is decoded), then only the
//! revisions published since. Answers name their version, so a questionnaire changed after
//! answers arrived keeps the old ones readable; and a phone that was offline while the
//! organizers published a new version still lands answers to the version it showed.
//!
//! Should one version number hold different questions in two revisions (a questionnaire
//! changed without raising its version), the newest revision's wins: it is what attendees
//! were shown last.

use std::collections::{BTreeMap, HashMap};

use agir_model::questionnaire::Questionnaire;
use serde::Deserialize;

use crate::store::{Store, StoreError};

/// The questionnaire versions of each edition, as far as its revisions were read.
#[derive(Debug, Default)]
pub struct Questionnaires {
    /// One reader at a time: two would read the same revisions.
    editions: tokio::sync::Mutex<HashMap<String, Versions>>,
}

#[derive(Debug, Default, Clone)]
struct Versions {
    /// The last revision read.
    read_up_to: u32,
    by_version: BTreeMap<u32, Questionnaire>,
}

/// Only the questionnaire of a stored document; serde skips the rest without building it.
#[derive(Deserialize)]
struct QuestionnaireOnly {
    #[serde(default)]
    questionnaire: Option<Questionnaire>,
}

impl Questionnaires {
    /// Every version `edition` had, by number (empty: it never had a questionnaire).
    pub async fn of(&self, store: &Store, edition: &str) -> Result<BTreeMap<u32, Questionnaire>, StoreError> {
        let mut editions = self.editions.lock().await;
        let versions = editions.entry(edition.to_owned()).or_default();
        let latest = store.latest_revision(edition).await?.unwrap_or(0);
        for revision in versions.read_up_to + 1..=latest {
            let Some(text) = store.document(edition, revision).await? else {
                continue;
            };
            match serde_json::from_str::<QuestionnaireOnly>(&text) {
                Ok(QuestionnaireOnly { questionnaire: Some(q) }) => {
                    versions.by_version.insert(q.version, q);
                }
                Ok(_) => {}
                // As the catalog does: one unreadable revision never hides the others.
                Err(e) => tracing::error!(edition, revision, error = %e, "questionnaire illisible, ignoré"),
            }
        }
        versions.read_up_to = versions.read_up_to.max(latest);
        Ok(versions.by_version.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::{publish, Base, Byline};
    use agir_model::questionnaire::default_questionnaire;

    use crate::demo_edition as demo;

    #[tokio::test]
    async fn every_version_is_found_and_the_newest_wording_of_a_number_wins() {
        // Arrange: version 1, then a revision without questionnaire, then version 2.
        let (_dir, store) = Store::temporary().await;
        let questionnaires = Questionnaires::default();
        publish(&store, demo(), Base::Latest, Byline::default()).await.unwrap();
        assert_eq!(
            questionnaires
                .of(&store, "2013")
                .await
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            [&1]
        );
        let mut without = demo();
        without.questionnaire = None;
        publish(&store, without, Base::Latest, Byline::default()).await.unwrap();
        let mut v2 = demo();
        let mut q = default_questionnaire();
        q.version = 2;
        q.questions.pop();
        v2.questionnaire = Some(q.clone());
        publish(&store, v2.clone(), Base::Latest, Byline::default())
            .await
            .unwrap();
        // Act
        let found = questionnaires.of(&store, "2013").await.unwrap();
        // Assert
        assert_eq!(found.keys().collect::<Vec<_>>(), [&1, &2]);
        assert_eq!(found[&1], default_questionnaire());
        assert_eq!(found[&2], q);
        // Version 2 reworded without a new number: the newest revision's wording counts.
        q.questions[0].text = "La journée, en un mot".into();
        v2.questionnaire = Some(q.clone());
        publish(&store, v2, Base::Latest, Byline::default()).await.unwrap();
        assert_eq!(questionnaires.of(&store, "2013").await.unwrap()[&2], q);
        assert!(questionnaires.of(&store, "2099").await.unwrap().is_empty());
    }
}
