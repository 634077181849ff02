//! An edition's history for the organizers: every revision, newest first, with who
//! published it, why, and what it changed against the one before (the model's diff, in the
//! shape of the public changes feed), so that everyone sees what their colleagues did.

use agir_model::{diff, Change, Edition};
use axum::extract::State;
use serde::Serialize;

use crate::{
    admin::Organizer,
    error::{Json, Path},
    publish,
    routing::Area,
    AppState, Error,
};

pub fn router() -> Area {
    Area::new().get("/api/admin/editions/{edition}/revisions", revisions_index)
}

/// One revision in the history.
#[derive(Debug, Serialize)]
struct Entry {
    revision: u32,
    published_at: String,
    /// An account's name, "jeton" or "ligne de commande"; null for an edition loaded from
    /// the seed folder or published before accounts existed.
    published_by: Option<String>,
    note: Option<String>,
    /// Against the revision before; empty for the first.
    changes: Vec<Change>,
}

/// `GET /api/admin/editions/{edition}/revisions`.
async fn revisions_index(
    _: Organizer,
    State(state): State<AppState>,
    Path(edition): Path<String>,
) -> Result<Json<Vec<Entry>>, Error> {
    let revisions = state.store.revisions(&edition).await?;
    if revisions.is_empty() {
        return Err(Error::EditionNotFound(edition));
    }
    let mut entries = Vec::with_capacity(revisions.len());
    let mut previous: Option<Edition> = None;
    for info in revisions {
        // One document in memory at a time besides the previous one: a large imported
        // conference has megabytes per revision.
        let document = match publish::load(&state.store, &edition, info.revision).await {
            Ok(document) => document,
            Err(e) => {
                // An unreadable revision costs its diff and the next one's, not the history.
                tracing::warn!(edition, revision = info.revision, error = %e, "révision illisible");
                None
            }
        };
        let changes = match (&previous, &document) {
            (Some(before), Some(after)) => diff(before, after),
            _ => Vec::new(),
        };
        entries.push(Entry {
            revision: info.revision,
            published_at: info.published_at,
            published_by: info.published_by,
            note: info.note,
            changes,
        });
        previous = document;
    }
    entries.reverse();
    Ok(Json(entries))
}
