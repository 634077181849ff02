//! The import preview: what a file uploaded in the console would publish (its format, the
//! edition read from it, the warnings and errors of the importer and of validation) with
//! nothing published, so the organizer reads the warnings first and then publishes the
//! edition with `PUT /api/admin/edition`.

use agir_model::{
    import::{decode, import, ImportError},
    Edition, EditionSlug, Issue,
};
use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, State},
};
use serde::{Deserialize, Serialize};

use super::Organizer;
use crate::{
    error::{Json, Query},
    AppState, Error,
};

#[derive(Debug, Deserialize)]
pub(super) struct PreviewParam {
    /// The slug to publish under; without it, the file's own (an edition document) or one
    /// made from the conference's acronym (frab, C3VOC).
    edition: Option<String>,
}

/// The answer: everything the console shows before the organizer publishes.
#[derive(Debug, Serialize)]
pub(super) struct Preview {
    /// The format read, in French: « programme frab (schedule.xml) »…
    format: &'static str,
    edition: Edition,
    /// Whether an edition of this slug is already published: publishing it makes a new
    /// revision of that edition rather than a new one.
    exists: bool,
    /// What the importer repaired and what validation advises: publication goes through.
    warnings: Vec<Issue>,
    /// What validation refuses: `PUT /api/admin/edition` would answer 422 with these.
    errors: Vec<Issue>,
}

/// `POST /api/admin/import[?edition=SLUG]`: the body is the file's text, whatever its
/// `Content-Type` (a file input sends what the browser guesses).
pub(super) async fn import_preview(
    _: Organizer,
    State(state): State<AppState>,
    Query(param): Query<PreviewParam>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Preview>, Error> {
    let slug = param.edition.as_deref().map(edition_slug).transpose()?;
    let body = body?;
    if body.is_empty() {
        return Err(Error::BadRequest {
            code: "empty_body",
            message: "Aucun fichier reçu : le corps de la requête est vide. Choisissez le programme à importer.".into(),
        });
    }
    let text = decode(&body).map_err(not_utf8)?.into_owned();
    // A large conference takes a while to read and check: off the async threads.
    let read = tokio::task::spawn_blocking(move || {
        let imported = import(&text, slug.as_ref())?;
        let report = imported.edition.validate();
        Ok::<_, ImportError>((imported, report))
    })
    .await
    .map_err(Error::internal)?;
    let (imported, report) = read.map_err(unreadable)?;
    let exists = state.catalog.get(imported.edition.edition.as_str()).is_some();
    Ok(Json(Preview {
        format: imported.format.label(),
        exists,
        warnings: imported.warnings.into_iter().chain(report.warnings).collect(),
        errors: report.errors,
        edition: imported.edition,
    }))
}

fn edition_slug(raw: &str) -> Result<EditionSlug, Error> {
    EditionSlug::parse(raw).map_err(|e| Error::BadRequest {
        code: "invalid_edition",
        message: format!("« {raw} » ne peut pas nommer une édition : {e}."),
    })
}

/// A file in another encoding (a Latin-1 export) or not text at all.
fn not_utf8(e: ImportError) -> Error {
    Error::Unprocessable {
        code: "unreadable_file",
        message: e.issues[0].message.clone(),
        details: e.issues,
    }
}

/// The file is not a programme we can read: say which format it seemed to be and where.
fn unreadable(e: ImportError) -> Error {
    let message = match (e.format, e.issues.as_slice()) {
        (None, [only]) => only.message.clone(),
        (None, _) => "Ce fichier ne peut pas être lu comme un programme.".into(),
        (Some(format), issues) => format!(
            "Ce fichier est un {}, mais il ne peut pas être lu : {} à corriger.",
            format.label(),
            match issues.len() {
                1 => "1 erreur".to_owned(),
                n => format!("{n} erreurs"),
            }
        ),
    };
    Error::Unprocessable {
        code: "unreadable_file",
        message,
        details: e.issues,
    }
}
