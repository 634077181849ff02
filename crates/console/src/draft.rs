//! The draft an organizer edits: a copy of one edition, kept on this device as it is typed,
//! so a closed tab, a lost connection or an expired session loses nothing. It remembers the
//! published revision it started from, to publish on top of it and to say what changed.

use agir_model::{Edition, Issue, Report};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiError, Current};

/// What is kept on the device for one edition.
#[derive(Serialize, Deserialize)]
struct Stored {
    /// The ETag of the published revision the draft started from.
    base_etag: String,
    base: Edition,
    draft: Edition,
}

/// The key of an edition's draft in localStorage.
pub fn key(slug: &str) -> String {
    format!("agir.console.brouillon.v1.{slug}")
}

/// Where a damaged draft is put aside, untouched, rather than overwritten.
fn damaged_key(slug: &str) -> String {
    format!("agir.console.brouillon-illisible.v1.{slug}")
}

/// The key the attendee app reads in a preview tab (`/?apercu`).
pub const PREVIEW_KEY: &str = "agir.apercu.v1";

/// Loading the draft, or why it could not be.
#[derive(Debug, Clone, PartialEq)]
pub enum Loading {
    Pending,
    Ready,
    Failed(ApiError),
}

/// Handle on the draft of the edition being edited; `Copy`, so views capture it freely.
#[derive(Clone, Copy)]
pub struct Draft {
    pub slug: StoredValue<String>,
    /// The published revision the draft started from (and its ETag).
    pub base: RwSignal<Option<Current>>,
    pub edition: RwSignal<Option<Edition>>,
    pub loading: RwSignal<Loading>,
    /// Every error and warning of the draft, recomputed as it changes.
    pub report: Memo<Report>,
    /// A problem with the device's storage, said once on the page.
    pub storage_problem: RwSignal<Option<String>>,
}

impl Draft {
    fn new(slug: String) -> Self {
        let edition = RwSignal::new(None::<Edition>);
        Self {
            slug: StoredValue::new(slug),
            base: RwSignal::new(None),
            edition,
            loading: RwSignal::new(Loading::Pending),
            report: Memo::new(move |_| edition.with(|e| e.as_ref().map(Edition::validate).unwrap_or_default())),
            storage_problem: RwSignal::new(None),
        }
    }

    /// Starts from the draft kept on this device, else from the published edition.
    fn load(self) {
        let slug = self.slug.get_value();
        match agir_ui::storage::read_json::<Stored>(&key(&slug)) {
            Ok(Some(stored)) => {
                self.base.set(Some(Current {
                    edition: stored.base,
                    etag: stored.base_etag,
                }));
                self.edition.set(Some(stored.draft));
                self.loading.set(Loading::Ready);
                return;
            }
            Ok(None) => {}
            Err(raw) => {
                agir_ui::storage::set_local(&damaged_key(&slug), &raw);
                self.storage_problem.set(Some(
                    "Le brouillon gardé sur cet appareil est illisible : il est mis de côté, et vous repartez de la version publiée."
                        .into(),
                ));
            }
        }
        self.fetch();
    }

    /// Starts over from the published edition.
    fn fetch(self) {
        let slug = self.slug.get_value();
        self.loading.set(Loading::Pending);
        spawn_local(async move {
            match api::edition(&slug).await {
                Ok(current) => {
                    self.edition.set(Some(current.edition.clone()));
                    self.base.set(Some(current));
                    self.loading.set(Loading::Ready);
                }
                Err(e) => self.loading.set(Loading::Failed(e)),
            }
        });
    }

    /// Changes the draft and keeps it on the device at once.
    pub fn update(self, change: impl FnOnce(&mut Edition)) {
        self.edition.update(|e| {
            if let Some(e) = e {
                change(e);
            }
        });
        self.save();
    }

    fn save(self) {
        let (Some(base), Some(draft)) = (self.base.get_untracked(), self.edition.get_untracked()) else {
            return;
        };
        let stored = Stored {
            base_etag: base.etag,
            base: base.edition,
            draft,
        };
        let saved = agir_ui::storage::write_json(&key(&self.slug.get_value()), &stored);
        self.storage_problem.set((!saved).then(|| {
            "Le brouillon n'a pas pu être gardé sur cet appareil (mémoire du navigateur pleine ou navigation privée) : ne fermez pas cet onglet avant d'avoir publié.".into()
        }));
    }

    /// Whether the draft is an edition not published yet (imported, or prepared from
    /// another one) (tracked).
    pub fn is_new(self) -> bool {
        self.base.with(|b| b.as_ref().is_some_and(|b| b.etag.is_empty()))
    }

    /// Whether there is something to publish: a new edition, or changes to the revision the
    /// draft started from (tracked).
    pub fn is_changed(self) -> bool {
        self.is_new()
            || self.edition.with(|d| {
                self.base
                    .with(|b| matches!((d, b), (Some(d), Some(b)) if *d != b.edition))
            })
    }

    /// Throws the draft away and starts again from the published edition. An edition never
    /// published has nothing to start again from: false, the caller leaves the editor.
    pub fn discard(self) -> bool {
        agir_ui::storage::remove_local(&key(&self.slug.get_value()));
        if self.is_new() {
            return false;
        }
        self.fetch();
        true
    }

    /// After a publication: the draft is the new base.
    pub fn published(self, edition: Edition, etag: String) {
        self.base.set(Some(Current {
            edition: edition.clone(),
            etag,
        }));
        self.edition.set(Some(edition));
        agir_ui::storage::remove_local(&key(&self.slug.get_value()));
    }

    /// Puts the draft on top of a colleague's newer revision: `rebased` becomes the draft,
    /// `theirs` its base.
    pub fn rebase_on(self, theirs: Current, rebased: Edition) {
        self.base.set(Some(theirs));
        self.edition.set(Some(rebased));
        self.save();
    }

    /// Errors and warnings at `path` or below it (tracked).
    pub fn issues_at(self, path: &str) -> FieldIssues {
        self.report.with(|r| FieldIssues {
            errors: below(&r.errors, path),
            warnings: below(&r.warnings, path),
        })
    }

    /// Copies the draft where a preview tab of the attendee app reads it.
    pub fn write_preview(self) -> bool {
        self.edition
            .with_untracked(|e| e.as_ref().is_some_and(|e| agir_ui::storage::write_json(PREVIEW_KEY, e)))
    }
}

fn below(issues: &[Issue], path: &str) -> Vec<String> {
    issues
        .iter()
        .filter(|i| i.path == path || i.path.strip_prefix(path).is_some_and(|rest| rest.starts_with('/')))
        .map(|i| i.message.clone())
        .collect()
}

/// What validation says of one field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldIssues {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// Keeps `edition` as the draft of its own slug, so the editor opens on it: on top of
/// `base`, the edition's published revision, or as a new edition when there is none. False
/// when the device's storage refused it.
pub fn start(edition: &Edition, base: Option<Current>) -> bool {
    let (base_etag, base) = match base {
        Some(b) => (b.etag, b.edition),
        None => (String::new(), edition.clone()),
    };
    let stored = Stored {
        base_etag,
        base,
        draft: edition.clone(),
    };
    agir_ui::storage::write_json(&key(edition.edition.as_str()), &stored)
}

/// Creates the draft of edition `slug` for the editor's pages.
pub fn provide_draft(slug: String) -> Draft {
    let draft = Draft::new(slug);
    provide_context(draft);
    draft.load();
    draft
}

pub fn use_draft() -> Draft {
    expect_context::<Draft>()
}
