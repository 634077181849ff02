//! The programme in open formats, for every edition at its latest revision:
//! `GET /api/editions/{slug}/schedule.json` (C3VOC), `…/schedule.xml` (frab) and
//! `…/programme.ics` (the calendar to subscribe to). Each file is made once per revision
//! and served from memory with a strong ETag; `agir-server export` writes the same bytes.
//!
//! The calendar needs the edition's history (each session's `SEQUENCE`): it is read from
//! the stored revisions once, then carried from one revision to the next, so a new revision
//! costs one diff, not a walk through all of them.

use std::sync::{Arc, Mutex, OnceLock};

use agir_model::{
    export,
    ics::{self, Feed, History},
    Edition,
};
use axum::{
    extract::State,
    http::{HeaderMap, HeaderValue},
    response::Response,
};
use chrono::{DateTime, Utc};

use crate::{
    catalog::Published,
    compress::Encoded,
    conditional::{Cached, Caching},
    error::Path,
    publish,
    routing::Area,
    store::{Store, StoreError},
    AppState, Error,
};

pub fn router() -> Area {
    Area::new()
        .get("/api/editions/{slug}/schedule.json", schedule_json_show)
        .get("/api/editions/{slug}/schedule.xml", schedule_xml_show)
        .get("/api/editions/{slug}/programme.ics", programme_ics_show)
}

/// The open formats of a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// C3VOC schedule.json.
    Json,
    /// frab schedule.xml.
    Xml,
    /// iCalendar programme.ics.
    Ics,
}

impl Format {
    /// The file's name under `/api/editions/{slug}/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Json => "schedule.json",
            Self::Xml => "schedule.xml",
            Self::Ics => agir_model::paths::PROGRAMME_ICS,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Json => "application/json; charset=utf-8",
            Self::Xml => "application/xml; charset=utf-8",
            Self::Ics => "text/calendar; charset=utf-8",
        }
    }

    /// `"sj.2013-3"`: the format, the edition and its revision, which is all a file
    /// depends on (the public address is fixed for the server's life).
    fn etag(self, edition: &Edition) -> String {
        let prefix = match self {
            Self::Json => "sj",
            Self::Xml => "sx",
            Self::Ics => "ics",
        };
        format!("\"{prefix}.{}-{}\"", edition.edition, edition.revision)
    }
}

/// The files of one revision, made at their first request.
#[derive(Debug, Default)]
pub struct Exports {
    json: OnceLock<Cached>,
    xml: OnceLock<Cached>,
    ics: tokio::sync::OnceCell<Cached>,
    /// The history of an earlier revision of the same edition, to go on from.
    seed: Mutex<Option<Arc<History>>>,
    /// The history up to this revision, once the calendar was made.
    history: OnceLock<Arc<History>>,
}

impl Exports {
    /// Goes on from the history an earlier revision's files computed, if any.
    pub fn inherit(&self, earlier: &Exports) {
        let history = earlier
            .history
            .get()
            .cloned()
            .or_else(|| earlier.seed.lock().unwrap_or_else(|e| e.into_inner()).clone());
        *self.seed.lock().unwrap_or_else(|e| e.into_inner()) = history;
    }
}

async fn schedule_json_show(state: State<AppState>, slug: Path<String>, headers: HeaderMap) -> Result<Response, Error> {
    show(state, slug, headers, Format::Json).await
}

async fn schedule_xml_show(state: State<AppState>, slug: Path<String>, headers: HeaderMap) -> Result<Response, Error> {
    show(state, slug, headers, Format::Xml).await
}

async fn programme_ics_show(state: State<AppState>, slug: Path<String>, headers: HeaderMap) -> Result<Response, Error> {
    show(state, slug, headers, Format::Ics).await
}

/// `GET /api/editions/{slug}/{file}`.
async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    format: Format,
) -> Result<Response, Error> {
    let published = state.catalog.get(&slug).ok_or(Error::EditionNotFound(slug))?;
    let cached = cached(&state, &published, format).await?;
    Ok(cached.respond(&headers))
}

/// The file of `published` in `format`, made now if it is the first request.
async fn cached(state: &AppState, published: &Arc<Published>, format: Format) -> Result<Cached, Error> {
    let exports = &published.exports;
    let public_url = state.public_url.clone();
    let make = |text: String| prepare(format, &published.edition, text);
    match format {
        Format::Json | Format::Xml => {
            let cell = if format == Format::Json {
                &exports.json
            } else {
                &exports.xml
            };
            if let Some(done) = cell.get() {
                return Ok(done.clone());
            }
            let edition = published.edition.clone();
            let made = tokio::task::spawn_blocking(move || {
                let text = match format {
                    Format::Json => export::schedule_json(&edition, &public_url),
                    _ => export::schedule_xml(&edition, &public_url),
                };
                prepare(format, &edition, text)
            })
            .await
            .map_err(Error::internal)?;
            Ok(cell.get_or_init(|| made).clone())
        }
        Format::Ics => {
            let made = exports
                .ics
                .get_or_try_init(|| async {
                    let seed = exports.seed.lock().unwrap_or_else(|e| e.into_inner()).clone();
                    let (history, published_at) = history(&state.store, &published.edition, seed.as_deref()).await?;
                    let history = exports.history.get_or_init(|| Arc::new(history)).clone();
                    let feed = Feed {
                        public_url: &public_url,
                        published: published_at,
                        history: &history,
                    };
                    Ok::<_, Error>(make(ics::programme(&published.edition, &feed)))
                })
                .await?;
            Ok(made.clone())
        }
    }
}

/// A file's bytes, compressed, with its ETag.
fn prepare(format: Format, edition: &Edition, text: String) -> Cached {
    Cached {
        content_type: HeaderValue::from_static(format.content_type()),
        etag: HeaderValue::from_str(&format.etag(edition)).unwrap_or(HeaderValue::from_static("\"x\"")),
        caching: Caching::Revalidate,
        body: Encoded::compress(text),
    }
}

/// The file as `agir-server export` writes it: the same bytes the server sends.
pub async fn render(store: &Store, edition: &Edition, format: Format, public_url: &str) -> Result<String, StoreError> {
    Ok(match format {
        Format::Json => export::schedule_json(edition, public_url),
        Format::Xml => export::schedule_xml(edition, public_url),
        Format::Ics => {
            let (history, published) = history(store, edition, None).await?;
            let feed = Feed {
                public_url,
                published,
                history: &history,
            };
            ics::programme(edition, &feed)
        }
    })
}

/// The history of `edition` up to its revision, going on from `seed` when that is the
/// history of an earlier revision; and when its revision was published.
pub async fn history(
    store: &Store,
    edition: &Edition,
    seed: Option<&History>,
) -> Result<(History, DateTime<Utc>), StoreError> {
    let slug = edition.edition.as_str();
    let revisions = store.revisions(slug).await?;
    let at = |revision: u32| {
        revisions
            .iter()
            .find(|r| r.revision == revision)
            .and_then(|r| DateTime::parse_from_rfc3339(&r.published_at).ok())
            .map_or(DateTime::UNIX_EPOCH, |t| t.to_utc())
    };
    let seed = seed.filter(|h| h.revision() > 0 && h.revision() <= edition.revision);
    let (mut history, mut previous) = match seed {
        Some(h) => (h.clone(), publish::load(store, slug, h.revision()).await?),
        None => (History::default(), None),
    };
    let from = history.revision();
    for info in revisions
        .iter()
        .filter(|r| r.revision > from && r.revision <= edition.revision)
    {
        let document = if info.revision == edition.revision {
            Some(edition.clone())
        } else {
            // An unreadable revision is passed over: the next one is compared with the last
            // that reads.
            publish::load(store, slug, info.revision).await.unwrap_or_else(|e| {
                tracing::warn!(edition = slug, revision = info.revision, error = %e, "révision illisible");
                None
            })
        };
        if let Some(document) = document {
            history.advance(previous.as_ref(), &document, at(info.revision));
            previous = Some(document);
        }
    }
    Ok((history, at(edition.revision)))
}

/// `agir-server export --format json|xml|ics`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Format : json (C3VOC schedule.json), xml (frab schedule.xml) ou ics (agenda programme.ics).
    #[arg(long, value_enum)]
    pub format: Format,
    /// Fichier à écrire (par défaut : la sortie standard).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Adresse publique du site (par exemple https://agir.angers.fr) : les liens vers les
    /// séances et les identifiants des fichiers en dépendent.
    #[arg(long, env = "AGIR_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub scope: crate::cli::Scope,
}

/// Writes the file the server would send for the edition's latest revision.
pub async fn export_command(args: ExportArgs) -> Result<std::process::ExitCode, crate::cli::Failure> {
    use crate::cli::Failure;
    let raw = args.public_url.ok_or_else(|| {
        Failure::Config(
            "L'export a besoin de l'adresse publique du site (les liens vers les séances) : donnez --public-url ou AGIR_PUBLIC_URL."
                .into(),
        )
    })?;
    let public_url = crate::qr::public_url(&raw)
        .map_err(|e| Failure::Config(format!("{e} : corrigez --public-url ou AGIR_PUBLIC_URL.")))?;
    let store = crate::serve::open_store(&args.scope.db.db, false).await?;
    let edition = crate::cli::scoped(&store, &args.scope).await?;
    let text = render(&store, &edition, args.format, &public_url).await?;
    store.close().await;
    match &args.out {
        Some(path) => {
            std::fs::write(path, &text).map_err(|e| {
                Failure::Config(format!(
                    "Impossible d'écrire « {} » ({e}) : corrigez --out.",
                    path.display()
                ))
            })?;
            crate::tell!(
                "{} écrit pour l'édition {} (révision {}) : {}.",
                args.format.file_name(),
                edition.edition,
                edition.revision,
                path.display()
            );
        }
        None => crate::say_raw!("{text}"),
    }
    Ok(std::process::ExitCode::SUCCESS)
}
