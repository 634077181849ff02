//! The published editions held in memory: each latest revision parsed once, serialized and
//! compressed once, and answered from these bytes until a newer revision appears in the
//! database (published here or by the CLI, which the poller notices). Which edition is
//! current is decided here too, the same way for the server and the command line
//! ([`pick_current`]).

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex, OnceLock, RwLock},
};

use agir_model::{search::SessionIndex, Edition, EditionSlug};
use axum::http::HeaderValue;
use bytes::Bytes;
use chrono::NaiveDate;
use serde::Serialize;

use crate::{
    compress::Encoded,
    conditional::{Cached, Caching},
    store::{Store, StoreError},
};

/// One edition at its latest revision, ready to serve.
#[derive(Debug)]
pub struct Published {
    pub edition: Arc<Edition>,
    pub revision: u32,
    /// The document as served: its bytes, compressed forms and strong ETag.
    pub document: Cached,
    /// `/api/changes` answers from each older revision to this one, computed on first ask.
    changes: Mutex<HashMap<u32, Cached>>,
    /// The programme's search index, built at the first search of a page drawn here.
    search: OnceLock<SessionIndex>,
    /// The programme in open formats (`schedule.json`, `schedule.xml`, `programme.ics`).
    pub exports: crate::feeds::Exports,
}

/// The strong ETag of a revision: `"2013-3"`.
pub fn etag(slug: &str, revision: u32) -> String {
    format!("\"{slug}-{revision}\"")
}

impl Published {
    /// Parses a stored document and prepares its bytes. Compression is CPU work: callers on
    /// the async runtime go through `spawn_blocking`.
    pub fn from_document(text: String) -> Result<Self, agir_model::ParseError> {
        let edition = Edition::from_json(&text)?;
        let tag = etag(edition.edition.as_str(), edition.revision);
        Ok(Self {
            revision: edition.revision,
            edition: Arc::new(edition),
            document: Cached {
                content_type: HeaderValue::from_static("application/json"),
                etag: HeaderValue::from_str(&tag).expect("slugs are header-safe"),
                caching: Caching::Revalidate,
                body: Encoded::compress(text),
            },
            changes: Mutex::new(HashMap::new()),
            search: OnceLock::new(),
            exports: Default::default(),
        })
    }

    /// The search index of the programme (folding 1,351 sessions' text takes milliseconds:
    /// once per revision, not at each search).
    pub fn search_index(&self) -> &SessionIndex {
        self.search.get_or_init(|| SessionIndex::new(&self.edition))
    }

    pub fn etag(&self) -> &str {
        self.document.etag.to_str().unwrap_or_default()
    }

    pub fn slug(&self) -> &EditionSlug {
        &self.edition.edition
    }

    /// The cached changes answer from `since`, if computed already.
    pub fn cached_changes(&self, since: u32) -> Option<Cached> {
        self.changes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&since)
            .cloned()
    }

    pub fn remember_changes(&self, since: u32, answer: Cached) {
        self.changes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(since, answer);
    }
}

pub use agir_model::EditionSummary;

/// Everything served at one moment; replaced whole, never mutated.
#[derive(Debug)]
pub struct Snapshot {
    pub editions: BTreeMap<String, Arc<Published>>,
    pub current: Option<String>,
    /// The organizers' choice as stored when this snapshot was made (it may name an
    /// edition that is not served, or be overridden by `--current`).
    pub chosen: Option<String>,
    /// The `GET /api/editions` answer.
    pub list: Cached,
}

impl Snapshot {
    fn new(editions: BTreeMap<String, Arc<Published>>, pinned: Option<&EditionSlug>, chosen: Option<String>) -> Self {
        let current = pick_current(
            editions
                .values()
                .map(|p| (p.slug().as_str(), p.edition.event.start_date)),
            pinned.map(EditionSlug::as_str),
            chosen.as_deref(),
        );
        let summaries = summaries(&editions, current.as_deref());
        let json = serde_json::to_vec(&summaries).expect("summaries serialize");
        // The list changes exactly when a revision or the current edition does.
        let tag = summaries
            .iter()
            .map(|s| format!("{}-{}", s.edition, s.revision))
            .collect::<Vec<_>>()
            .join(".");
        let tag = format!("\"l.{}.{}\"", current.as_deref().unwrap_or(""), tag);
        let list = Cached {
            content_type: HeaderValue::from_static("application/json"),
            etag: HeaderValue::from_str(&tag).unwrap_or(HeaderValue::from_static("\"l\"")),
            caching: Caching::Revalidate,
            body: Encoded::compress(json),
        };
        Self {
            editions,
            current,
            chosen,
            list,
        }
    }

    pub fn current(&self) -> Option<&Arc<Published>> {
        self.current.as_ref().and_then(|c| self.editions.get(c))
    }

    pub fn summaries(&self) -> Vec<EditionSummary> {
        summaries(&self.editions, self.current.as_deref())
    }
}

/// Which of `editions` (slug, start date) is current: the one the server was started with
/// (`pinned`, `--current`) wins, then the organizers' choice (`chosen`, stored by
/// `PUT /api/admin/current`), then the edition that starts last (the greater slug on a
/// tie). A name that is not among `editions` is passed over.
pub fn pick_current<'a>(
    editions: impl IntoIterator<Item = (&'a str, NaiveDate)>,
    pinned: Option<&str>,
    chosen: Option<&str>,
) -> Option<String> {
    let editions: Vec<(&str, NaiveDate)> = editions.into_iter().collect();
    [pinned, chosen]
        .into_iter()
        .flatten()
        .find(|name| editions.iter().any(|(slug, _)| slug == name))
        .or_else(|| {
            editions
                .iter()
                .max_by_key(|(slug, start)| (*start, *slug))
                .map(|(slug, _)| *slug)
        })
        .map(str::to_owned)
}

/// Newest first.
fn summaries(editions: &BTreeMap<String, Arc<Published>>, current: Option<&str>) -> Vec<EditionSummary> {
    let mut list: Vec<EditionSummary> = editions
        .values()
        .map(|p| EditionSummary {
            edition: p.slug().to_string(),
            name: p.edition.event.name.clone(),
            start_date: p.edition.event.start_date,
            end_date: p.edition.event.end_date,
            revision: p.revision,
            current: Some(p.slug().as_str()) == current,
        })
        .collect();
    list.sort_by(|a, b| b.start_date.cmp(&a.start_date).then_with(|| b.edition.cmp(&a.edition)));
    list
}

/// The served editions, refreshed from the store.
#[derive(Debug)]
pub struct Catalog {
    snapshot: RwLock<Arc<Snapshot>>,
    pinned: Option<EditionSlug>,
    /// One refresh at a time: the poller and a publish would otherwise load the same rows.
    refreshing: tokio::sync::Mutex<()>,
}

impl Catalog {
    /// An empty catalog; `pinned` is the edition served as current when it exists, whatever
    /// the organizers choose.
    pub fn new(pinned: Option<EditionSlug>) -> Self {
        Self {
            snapshot: RwLock::new(Arc::new(Snapshot::new(BTreeMap::new(), pinned.as_ref(), None))),
            pinned,
            refreshing: tokio::sync::Mutex::new(()),
        }
    }

    /// The edition the server was started with as current (`--current`), if any.
    pub fn pinned(&self) -> Option<&EditionSlug> {
        self.pinned.as_ref()
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn current(&self) -> Option<Arc<Published>> {
        self.snapshot().current().cloned()
    }

    pub fn get(&self, slug: &str) -> Option<Arc<Published>> {
        self.snapshot().editions.get(slug).cloned()
    }

    /// Loads every edition whose latest revision is not the one in memory, and the
    /// organizers' choice of the current edition. Returns whether anything changed. A stored
    /// document that no longer parses is logged and skipped, so one bad row never takes the
    /// others down.
    pub async fn refresh(&self, store: &Store) -> Result<bool, StoreError> {
        let _one_at_a_time = self.refreshing.lock().await;
        let latest = store.latest_revisions().await?;
        let chosen = store.current_choice().await?.map(|c| c.edition);
        let old = self.snapshot();
        let unchanged = old.chosen == chosen
            && latest.len() == old.editions.len()
            && latest
                .iter()
                .all(|(slug, rev)| old.editions.get(slug).is_some_and(|p| p.revision == *rev));
        if unchanged {
            return Ok(false);
        }
        let mut editions = BTreeMap::new();
        for (slug, revision) in latest {
            if let Some(p) = old.editions.get(&slug).filter(|p| p.revision == revision) {
                editions.insert(slug, p.clone());
                continue;
            }
            let Some(text) = store.document(&slug, revision).await? else {
                continue;
            };
            let built = tokio::task::spawn_blocking(move || Published::from_document(text))
                .await
                .map_err(|e| StoreError::Corrupt(format!("préparation interrompue : {e}")))?;
            match built {
                Ok(p) => {
                    tracing::info!(edition = %slug, revision, "révision servie");
                    if let Some(earlier) = old.editions.get(&slug) {
                        p.exports.inherit(&earlier.exports);
                    }
                    editions.insert(slug, Arc::new(p));
                }
                Err(e) => {
                    tracing::error!(edition = %slug, revision, error = %e, "révision illisible, ignorée");
                    if let Some(p) = old.editions.get(&slug) {
                        editions.insert(slug, p.clone());
                    }
                }
            }
        }
        let fresh = Arc::new(Snapshot::new(editions, self.pinned.as_ref(), chosen));
        *self.snapshot.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(true)
    }
}

/// The JSON bytes of a value, compressed, as a revalidatable cached answer.
pub fn cached_json(value: &impl Serialize, etag: &str) -> Cached {
    let json = serde_json::to_vec(value).expect("answers serialize");
    Cached {
        content_type: HeaderValue::from_static("application/json"),
        etag: HeaderValue::from_str(etag).unwrap_or(HeaderValue::from_static("\"x\"")),
        caching: Caching::Revalidate,
        body: Encoded::compress(Bytes::from(json)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(slug: &str, start: &str, revision: u32) -> Arc<Published> {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/2013.json")).unwrap();
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        doc["edition"] = slug.into();
        doc["revision"] = revision.into();
        doc["event"]["start_date"] = start.into();
        doc["event"]["end_date"] = start.into();
        Arc::new(Published::from_document(doc.to_string()).unwrap())
    }

    #[test]
    fn current_is_pinned_or_latest_by_start_date() {
        let mut editions = BTreeMap::new();
        editions.insert("2013".to_owned(), published("2013", "2013-10-08", 3));
        editions.insert("2012".to_owned(), published("2012", "2012-10-09", 1));
        let latest = Snapshot::new(editions.clone(), None, None);
        assert_eq!(latest.current.as_deref(), Some("2013"));
        let pinned = EditionSlug::parse("2012").unwrap();
        let snapshot = Snapshot::new(editions.clone(), Some(&pinned), None);
        assert_eq!(snapshot.current.as_deref(), Some("2012"));
        let list = snapshot.summaries();
        assert_eq!(list[0].edition, "2013");
        assert!(!list[0].current && list[1].current);
        assert_ne!(latest.list.etag, snapshot.list.etag);
    }

    #[test]
    fn the_pin_wins_over_the_choice_which_wins_over_the_dates() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let editions = [
            ("2012", day("2012-10-09")),
            ("2013", day("2013-10-08")),
            ("2013b", day("2013-10-08")),
        ];
        assert_eq!(
            pick_current(editions, None, None).as_deref(),
            Some("2013b"),
            "same day: greater slug"
        );
        assert_eq!(pick_current(editions, None, Some("2012")).as_deref(), Some("2012"));
        assert_eq!(
            pick_current(editions, Some("2013"), Some("2012")).as_deref(),
            Some("2013")
        );
        assert_eq!(
            pick_current(editions, Some("1999"), Some("2012")).as_deref(),
            Some("2012")
        );
        assert_eq!(pick_current(editions, None, Some("1999")).as_deref(), Some("2013b"));
        assert_eq!(pick_current([], Some("2013"), Some("2012")), None);
    }

    #[test]
    fn etag_names_slug_and_revision() {
        assert_eq!(published("2013", "2013-10-08", 3).etag(), "\"2013-3\"");
    }
}
