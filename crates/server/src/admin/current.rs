//! Choosing the current edition, the one `/api/edition` serves and the app shows. The
//! organizers' choice is kept in the database, so it outlives a restart and wins over the
//! latest-by-date rule; a server started with `--current` keeps that edition and refuses
//! the choice (409): its operator fixed it, and a console must not silently undo that.

use agir_model::EditionSummary;
use axum::extract::State;
use serde::Deserialize;

use super::Organizer;
use crate::{error::Json, AppState, Error};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CurrentChoice {
    edition: String,
}

/// `PUT /api/admin/current`: serves `edition` as current from now on. Answers the list of
/// editions as `GET /api/editions` now gives it.
pub(super) async fn current_update(
    organizer: Organizer,
    State(state): State<AppState>,
    Json(choice): Json<CurrentChoice>,
) -> Result<Json<Vec<EditionSummary>>, Error> {
    if let Some(pinned) = state.catalog.pinned() {
        return Err(Error::Conflict {
            code: "current_pinned",
            message: format!(
                "Le serveur a été démarré avec l'édition « {pinned} » imposée comme édition courante \
                 (--current ou AGIR_CURRENT) : pour en choisir une autre ici, demandez à la personne qui \
                 gère le serveur de retirer ce réglage."
            ),
        });
    }
    // The edition may just have been published by the command line: ask the database.
    state.catalog.refresh(&state.store).await?;
    if state.catalog.get(&choice.edition).is_none() {
        return Err(Error::EditionNotFound(choice.edition));
    }
    state
        .store
        .choose_current(&choice.edition, Some(organizer.name()))
        .await?;
    tracing::info!(edition = %choice.edition, by = organizer.name(), "édition courante choisie");
    // Served before answering, so the console's next read sees it.
    state.catalog.refresh(&state.store).await?;
    Ok(Json(state.catalog.snapshot().summaries()))
}
