//! The one error type of the HTTP API, how it becomes a JSON answer, and the extractors
//! (`Json`, `Query`, `Path`) whose rejections come back in that same JSON shape.

use agir_model::{french_serde_message, json_pointer, Issue};
use axum::{
    body::Bytes,
    extract::{
        rejection::{BytesRejection, PathRejection, QueryRejection},
        FromRequest, FromRequestParts, Request,
    },
    http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde::{de::DeserializeOwned, Serialize};

/// Everything a handler can answer besides success. Each variant has a stable `error` code
/// that clients may match on, and a French sentence for people.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("aucune édition publiée")]
    NoEdition,
    #[error("édition inconnue : {0}")]
    EditionNotFound(String),
    #[error("séance inconnue : {0}")]
    SessionNotFound(String),
    #[error("question inconnue : {0}")]
    QuestionNotFound(String),
    /// No such stand, or one that looks for no volunteers.
    #[error("stand inconnu : {0}")]
    StandNotFound(String),
    #[error("révision inconnue : {0}")]
    RevisionNotFound(u32),
    #[error("édition sans questionnaire : {0}")]
    NoQuestionnaire(String),
    #[error("ressource introuvable")]
    NotFound,
    #[error("méthode non permise")]
    MethodNotAllowed,
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    #[error("JSON mal formé : {0}")]
    InvalidJson(String),
    #[error("type de contenu non pris en charge")]
    UnsupportedMediaType,
    #[error("corps trop volumineux")]
    PayloadTooLarge,
    #[error("{message}")]
    Unprocessable {
        code: &'static str,
        message: String,
        details: Vec<Issue>,
    },
    #[error("authentification requise")]
    Unauthorized,
    #[error("administration désactivée")]
    AdminDisabled,
    #[error("session absente ou expirée")]
    SignedOut,
    #[error("identifiants incorrects")]
    BadCredentials,
    #[error("compte désactivé")]
    AccountDisabled,
    #[error("compte de modération")]
    Forbidden,
    #[error("origine refusée")]
    BadOrigin,
    #[error("connexion ralentie")]
    SlowDown { retry_after_secs: u64 },
    #[error("lien de mot de passe non valable")]
    LinkInvalid,
    #[error("{0}")]
    WeakPassword(String),
    #[error("note manquante")]
    NoteRequired,
    #[error("If-Match manquant")]
    PreconditionRequired,
    #[error("la révision a changé")]
    PreconditionFailed { current: Option<String> },
    #[error("clé d'idempotence déjà utilisée")]
    IdempotencyConflict,
    /// The request is sound but the server's state or configuration forbids it.
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("trop de requêtes")]
    RateLimited { retry_after_secs: u64 },
    /// One device sent too many of `what` (« questions », « soutiens »).
    #[error("trop d'envois de cet appareil")]
    DeviceLimited { what: &'static str, retry_after_secs: u64 },
    #[error("base de données indisponible")]
    Unavailable,
    #[error("erreur interne : {0}")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The JSON body of every error answer.
#[derive(Debug, Serialize)]
struct ErrorBody<'a> {
    error: &'static str,
    message: String,
    details: &'a [Issue],
}

impl Error {
    /// A 500 for anything that is our fault: the cause is logged, never sent.
    pub fn internal(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Internal(e.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::NoEdition
            | Self::EditionNotFound(_)
            | Self::SessionNotFound(_)
            | Self::RevisionNotFound(_)
            | Self::NoQuestionnaire(_)
            | Self::QuestionNotFound(_)
            | Self::StandNotFound(_)
            | Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::BadRequest { .. } | Self::InvalidJson(_) | Self::NoteRequired => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            // Well-formed requests refused by a rule the description cannot carry (a link
            // used or unknown, a password too easy to guess): 422, like the other such rules.
            Self::Unprocessable { .. } | Self::LinkInvalid | Self::WeakPassword(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized | Self::SignedOut | Self::BadCredentials => StatusCode::UNAUTHORIZED,
            Self::AdminDisabled | Self::AccountDisabled | Self::Forbidden | Self::BadOrigin => StatusCode::FORBIDDEN,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            Self::IdempotencyConflict | Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::RateLimited { .. } | Self::DeviceLimited { .. } | Self::SlowDown { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoEdition => "no_edition",
            Self::EditionNotFound(_) => "edition_not_found",
            Self::SessionNotFound(_) => "session_not_found",
            Self::QuestionNotFound(_) => "question_not_found",
            Self::StandNotFound(_) => "stand_not_found",
            Self::RevisionNotFound(_) => "revision_not_found",
            Self::NoQuestionnaire(_) => "no_questionnaire",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::BadRequest { code, .. } | Self::Unprocessable { code, .. } | Self::Conflict { code, .. } => code,
            Self::InvalidJson(_) => "invalid_json",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Unauthorized => "unauthorized",
            Self::AdminDisabled => "admin_disabled",
            Self::SignedOut => "signed_out",
            Self::BadCredentials => "bad_credentials",
            Self::AccountDisabled => "account_disabled",
            Self::Forbidden => "forbidden",
            Self::BadOrigin => "bad_origin",
            Self::SlowDown { .. } => "slow_down",
            Self::LinkInvalid => "link_invalid",
            Self::WeakPassword(_) => "weak_password",
            Self::NoteRequired => "note_required",
            Self::PreconditionRequired => "precondition_required",
            Self::PreconditionFailed { .. } => "precondition_failed",
            Self::IdempotencyConflict => "idempotency_conflict",
            Self::RateLimited { .. } | Self::DeviceLimited { .. } => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    /// The French sentence for people.
    fn message(&self) -> String {
        match self {
            Self::NoEdition => "Aucune édition n'est encore publiée.".into(),
            Self::EditionNotFound(slug) => format!("L'édition « {slug} » n'existe pas."),
            Self::SessionNotFound(id) => format!("La séance « {id} » n'existe pas dans cette édition."),
            Self::QuestionNotFound(id) => format!("La question « {id} » n'existe pas ou n'est pas visible."),
            Self::StandNotFound(id) => {
                format!("Le stand « {id} » n'existe pas dans cette édition, ou ne cherche pas de bénévoles.")
            }
            Self::RevisionNotFound(rev) => format!("La révision {rev} n'existe pas pour cette édition."),
            Self::NoQuestionnaire(slug) => {
                format!("L'édition « {slug} » n'a pas de questionnaire de satisfaction : il n'y a rien à répondre.")
            }
            Self::NotFound => "Cette adresse ne correspond à rien.".into(),
            Self::MethodNotAllowed => "Cette méthode n'est pas permise à cette adresse.".into(),
            Self::BadRequest { message, .. } | Self::Unprocessable { message, .. } | Self::Conflict { message, .. } => {
                message.clone()
            }
            Self::InvalidJson(why) => format!("Le corps de la requête n'est pas du JSON valide : {why}."),
            Self::UnsupportedMediaType => {
                "Le corps de la requête doit être du JSON (Content-Type: application/json).".into()
            }
            Self::PayloadTooLarge => "Le corps de la requête est trop volumineux.".into(),
            Self::Unauthorized => {
                "Connectez-vous avec votre compte d'organisateur, ou donnez le jeton des organisateurs (en-tête Authorization: Bearer …).".into()
            }
            Self::AdminDisabled => {
                "Aucun jeton d'organisateur n'est configuré sur ce serveur : connectez-vous avec votre compte d'organisateur.".into()
            }
            Self::SignedOut => {
                "Votre session a expiré : reconnectez-vous. Votre brouillon est gardé sur cet appareil.".into()
            }
            Self::BadCredentials => "Adresse e-mail ou mot de passe incorrect : vérifiez-les et réessayez.".into(),
            Self::AccountDisabled => "Votre compte est désactivé : demandez à un organisateur de le réactiver.".into(),
            Self::Forbidden => {
                "Votre compte est un compte de modération : il ne peut ni publier le programme ni lire les avis et le bilan.".into()
            }
            Self::BadOrigin => {
                "Cette demande ne vient pas de la console des organisateurs : rouvrez la console à son adresse habituelle et recommencez.".into()
            }
            Self::SlowDown { retry_after_secs } => {
                format!("Trop d'essais de connexion : attendez {retry_after_secs} s avant de réessayer.")
            }
            Self::LinkInvalid => {
                "Ce lien n'est plus valable : demandez-en un nouveau à un organisateur.".into()
            }
            Self::WeakPassword(message) => message.clone(),
            Self::NoteRequired => "Dites en une phrase ce qui change : la note aide vos collègues.".into(),
            Self::PreconditionRequired => {
                "Cette modification exige l'en-tête If-Match avec l'ETag de l'édition que vous avez lue.".into()
            }
            Self::PreconditionFailed { .. } => {
                "L'édition a été modifiée entre-temps : relisez-la puis refaites votre modification.".into()
            }
            Self::IdempotencyConflict => "Cette clé a déjà servi pour un autre envoi : générez une nouvelle clé.".into(),
            Self::RateLimited { retry_after_secs } => {
                format!("Trop d'envois depuis votre connexion : réessayez dans {retry_after_secs} s.")
            }
            Self::DeviceLimited { what, retry_after_secs } => {
                format!("Vous avez envoyé beaucoup de {what} depuis cet appareil : réessayez dans {retry_after_secs} s.")
            }
            Self::Unavailable => "Le service est momentanément indisponible.".into(),
            Self::Internal(_) => "Une erreur interne est survenue ; elle a été consignée.".into(),
        }
    }

    fn details(&self) -> &[Issue] {
        match self {
            Self::Unprocessable { details, .. } => details,
            _ => &[],
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        if let Self::Internal(cause) = &self {
            tracing::error!(error = %cause, "erreur interne");
        }
        let body = ErrorBody {
            error: self.code(),
            message: self.message(),
            details: self.details(),
        };
        let mut response = (self.status(), axum::Json(body)).into_response();
        let headers = response.headers_mut();
        match &self {
            Self::RateLimited { retry_after_secs }
            | Self::DeviceLimited { retry_after_secs, .. }
            | Self::SlowDown { retry_after_secs } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            Self::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Self::PreconditionFailed { current: Some(etag) } => {
                // Lets a client see which revision won without another round trip.
                if let Ok(v) = HeaderValue::from_str(etag) {
                    headers.insert(header::ETAG, v);
                }
            }
            _ => {}
        }
        response
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(e)
    }
}

impl From<crate::store::StoreError> for Error {
    fn from(e: crate::store::StoreError) -> Self {
        Self::internal(e)
    }
}

impl From<BytesRejection> for Error {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::PayloadTooLarge
        } else {
            Self::BadRequest {
                code: "unreadable_body",
                message: "Le corps de la requête n'a pas pu être lu.".into(),
            }
        }
    }
}

impl From<QueryRejection> for Error {
    fn from(rejection: QueryRejection) -> Self {
        Self::BadRequest {
            code: "invalid_query",
            message: format!("Paramètres d'adresse incorrects ({}).", rejection.body_text()),
        }
    }
}

impl From<PathRejection> for Error {
    fn from(rejection: PathRejection) -> Self {
        Self::BadRequest {
            code: "invalid_path",
            message: format!("Adresse incorrecte ({}).", rejection.body_text()),
        }
    }
}

/// `axum::Json`, but every rejection is one of ours: 415 for a missing JSON content type,
/// 413 past the body limit, 400 for broken JSON, 422 with the JSON path for a wrong shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        require_json(req.headers())?;
        let bytes = Bytes::from_request(req, state).await?;
        parse_json(&bytes).map(Json)
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// A JSON body kept as bytes, for handlers that parse it themselves (the edition document,
/// whose structural errors the model reports with its own JSON paths).
#[derive(Debug, Clone)]
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        require_json(req.headers())?;
        Ok(JsonBytes(Bytes::from_request(req, state).await?))
    }
}

/// Refuses a body that does not say it is JSON (`application/json` or `application/*+json`).
pub fn require_json(headers: &HeaderMap) -> Result<(), Error> {
    let Some(ct) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return Err(Error::UnsupportedMediaType);
    };
    let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let ok = essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"));
    if ok {
        Ok(())
    } else {
        Err(Error::UnsupportedMediaType)
    }
}

/// Reads JSON, naming the JSON pointer of a value of the wrong shape.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = json_pointer(e.path());
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            Error::InvalidJson(strip_position(&inner.to_string()))
        } else {
            Error::Unprocessable {
                code: "invalid_body",
                message: "Le contenu envoyé ne correspond pas à ce qui est attendu.".into(),
                details: vec![Issue::new(path, french_serde_message(&inner.to_string()))],
            }
        }
    })?;
    de.end()
        .map_err(|e| Error::InvalidJson(strip_position(&e.to_string())))?;
    Ok(value)
}

fn strip_position(raw: &str) -> String {
    raw.split(" at line ").next().unwrap_or(raw).to_owned()
}

/// `axum::extract::Query` with our JSON rejection.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) = axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// `axum::extract::Path` with our JSON rejection.
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::Path(value) = axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Body {
        rating: u8,
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
    }

    #[test]
    fn wrong_shape_names_the_json_pointer() {
        let err = parse_json::<Body>(br#"{"rating": 3, "items": [{"name": "a"}, {"name": 4}]}"#).unwrap_err();
        assert_eq!(err.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err.details()[0].path, "/items/1/name");
        assert!(err.details()[0].message.starts_with("type de valeur incorrect"));
    }

    #[test]
    fn broken_json_is_a_400() {
        let err = parse_json::<Body>(b"{\"rating\": ").unwrap_err();
        assert_eq!(err.code(), "invalid_json");
        let err = parse_json::<Body>(br#"{"rating": 1, "items": []} trailing"#).unwrap_err();
        assert_eq!(err.code(), "invalid_json");
    }

    #[test]
    fn json_content_types_are_recognised() {
        let mut headers = HeaderMap::new();
        assert!(require_json(&headers).is_err());
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(require_json(&headers).is_ok());
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/merge-patch+json"),
        );
        assert!(require_json(&headers).is_ok());
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(require_json(&headers).is_err());
    }

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let err = Error::internal("mot de passe de la base : hunter2");
        assert_eq!(err.message(), "Une erreur interne est survenue ; elle a été consignée.");
    }
}
