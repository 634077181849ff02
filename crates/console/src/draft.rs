//! The draft an organizer edits: a copy of one edition, kept on this device as it is typed,
//! so a closed tab, a lost connection or an expired session loses nothing. It remembers the
//! published revision it started from, to publish on top of it and to say what changed.

use agir_model::french::typeset;
use agir_model::{Edition, Issue, Report};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::api::{self, ApiError, Current};

/// The draft as kept on the device, written at every change.
#[derive(Serialize)]
struct DraftOut<'a> {
    /// The ETag of the published revision the draft started from.
    base_etag: &'a str,
    draft: &'a Edition,
}

/// The draft read back. A draft kept by the first version of the console also holds its
/// base (`base`); since then the base is kept apart, written once rather than at every
/// keystroke.
#[derive(Deserialize)]
struct DraftIn {
    base_etag: String,
    draft: Edition,
    #[serde(default)]
    base: Option<Edition>,
}

/// The key of an edition's draft in localStorage.
pub fn key(slug: &str) -> String {
    format!("agir.console.brouillon.v1.{slug}")
}

/// The key of the published revision the draft started from.
fn base_key(slug: &str) -> String {
    format!("agir.console.base.v1.{slug}")
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
    /// The base is kept on the device already.
    base_kept: StoredValue<bool>,
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
            base_kept: StoredValue::new(false),
        }
    }

    /// Starts from the draft kept on this device, else from the published edition.
    fn load(self) {
        let slug = self.slug.get_value();
        match read_kept(&slug) {
            Ok(Some((base, draft))) => {
                self.base.set(Some(base));
                self.edition.set(Some(draft));
                self.base_kept.set_value(true);
                self.loading.set(Loading::Ready);
                return;
            }
            Ok(None) => {}
            Err(raw) => {
                agir_ui::storage::set_local(&damaged_key(&slug), &raw);
                self.storage_problem.set(Some(
                    "Le brouillon gardé sur cet appareil est illisible\u{a0}: il est mis de côté, et vous repartez de la version publiée."
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

    /// Keeps the draft on the device, and its base the first time.
    fn save(self) {
        let slug = self.slug.get_value();
        let saved = self.base.with_untracked(|base| {
            let Some(base) = base else { return true };
            let base_saved =
                self.base_kept.get_value() || agir_ui::storage::write_json(&base_key(&slug), &base.edition);
            self.base_kept.set_value(base_saved);
            let draft_saved = self.edition.with_untracked(|draft| {
                draft.as_ref().is_none_or(|draft| {
                    let out = DraftOut {
                        base_etag: &base.etag,
                        draft,
                    };
                    agir_ui::storage::write_json(&key(&slug), &out)
                })
            });
            base_saved && draft_saved
        });
        self.storage_problem.set((!saved).then(|| {
            "Le brouillon n'a pas pu être gardé sur cet appareil (mémoire du navigateur pleine ou navigation privée)\u{a0}: ne fermez pas cet onglet avant d'avoir publié.".into()
        }));
    }

    /// Forgets what this device kept of the edition.
    fn forget(self) {
        let slug = self.slug.get_value();
        agir_ui::storage::remove_local(&key(&slug));
        agir_ui::storage::remove_local(&base_key(&slug));
        self.base_kept.set_value(false);
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
        self.forget();
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
        self.forget();
    }

    /// Puts the draft on top of a colleague's newer revision: `rebased` becomes the draft,
    /// `theirs` its base.
    pub fn rebase_on(self, theirs: Current, rebased: Edition) {
        self.base.set(Some(theirs));
        self.base_kept.set_value(false);
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
        .map(|i| typeset(&i.message))
        .collect()
}

/// What validation says of one field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldIssues {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

/// The draft kept for `slug` and its base: `Ok(None)` when there is none, `Err(raw)` when
/// what is kept cannot be read (the draft's text, to set aside).
fn read_kept(slug: &str) -> Result<Option<(Current, Edition)>, String> {
    let Some(kept) = agir_ui::storage::read_json::<DraftIn>(&key(slug))? else {
        return Ok(None);
    };
    let base = match kept.base {
        Some(base) => base,
        None => agir_ui::storage::read_json::<Edition>(&base_key(slug))
            .ok()
            .flatten()
            .ok_or_else(|| agir_ui::storage::get_local(&key(slug)).unwrap_or_default())?,
    };
    let base = Current {
        edition: base,
        etag: kept.base_etag,
    };
    Ok(Some((base, kept.draft)))
}

/// Keeps `edition` as the draft of its own slug, so the editor opens on it: on top of
/// `base`, the edition's published revision, or as a new edition when there is none. False
/// when the device's storage refused it.
pub fn start(edition: &Edition, base: Option<Current>) -> bool {
    let slug = edition.edition.as_str();
    let (base_etag, base) = match &base {
        Some(b) => (b.etag.as_str(), &b.edition),
        None => ("", edition),
    };
    agir_ui::storage::write_json(&base_key(slug), base)
        && agir_ui::storage::write_json(
            &key(slug),
            &DraftOut {
                base_etag,
                draft: edition,
            },
        )
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
