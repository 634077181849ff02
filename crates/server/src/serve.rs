//! Starting the server: check the configuration, bind, open the database, seed it, load the
//! editions and `dist/`, then serve (`listen`: time bounds, graceful stop) and poll the
//! database so revisions published by the CLI are served within a second or two. Every configuration problem
//! becomes a `StartError`: one French sentence, never a panic.

use std::{
    io,
    net::SocketAddr,
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use agir_model::{
    import::{detect, Format},
    Edition, EditionSlug, Issue,
};
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

use crate::{
    admin::AdminToken,
    assets::{Assets, AssetsError},
    catalog::Catalog,
    clock::Clock,
    publish::{publish, Base, Byline, PublishError},
    store::{Store, StoreError},
    AppState,
};

/// Where the editions loaded into an empty database come from.
#[derive(Debug, Clone)]
pub struct SeedDir {
    pub path: PathBuf,
    /// Named explicitly (flag or environment): then a missing folder is an error, whereas
    /// the default `data` may simply not exist in a deployment.
    pub required: bool,
}

/// Everything `serve` needs, resolved from flags and environment.
#[derive(Debug)]
pub struct Config {
    pub addr: String,
    pub db: PathBuf,
    pub dist: PathBuf,
    pub seed: SeedDir,
    /// Defaults to `http://<bound address>`.
    pub public_url: Option<String>,
    pub current: Option<EditionSlug>,
    pub admin_token: Option<AdminToken>,
    /// Feedback posts allowed per client and minute; 0 turns the limit off.
    pub feedback_per_minute: u32,
    /// Count clients by `X-Forwarded-For` (a reverse proxy is in front).
    pub trust_proxy: bool,
    /// How often the database is asked for revisions published by another process.
    pub poll_every: Duration,
    /// The time accounts go by; tests move it forward.
    pub clock: Clock,
    /// How long a request may take, and a stop.
    pub limits: crate::listen::Limits,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            addr: "127.0.0.1:8080".into(),
            db: "agir.db".into(),
            dist: "dist".into(),
            seed: SeedDir {
                path: "data".into(),
                required: false,
            },
            public_url: None,
            current: None,
            admin_token: None,
            feedback_per_minute: 120,
            trust_proxy: false,
            poll_every: Duration::from_secs(1),
            clock: Clock::default(),
            limits: crate::listen::Limits::default(),
        }
    }
}

/// Why the server did not start. Each message is one sentence an organizer can act on.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("L'adresse {0} est déjà utilisée : choisissez-en une autre avec --addr ou AGIR_ADDR.")]
    AddrInUse(String),
    #[error("Impossible d'écouter sur l'adresse {0} ({1}) : choisissez-en une autre avec --addr ou AGIR_ADDR.")]
    Bind(String, io::Error),
    #[error(transparent)]
    Assets(#[from] AssetsError),
    #[error(
        "La base de données « {path} » ne peut pas être ouverte ni créée : {why}. Choisissez un autre fichier avec --db ou AGIR_DB."
    )]
    Database { path: PathBuf, why: String },
    #[error("Le dossier des éditions à charger « {0} » est introuvable : corrigez --seed ou AGIR_SEED.")]
    MissingSeed(PathBuf),
    #[error("Impossible de lire « {0} » : {1}.")]
    ReadSeed(PathBuf, io::Error),
    #[error("Le document « {} » ne peut pas être publié ; à corriger :\n{}", .file.display(), list(.issues))]
    InvalidSeed { file: PathBuf, issues: Vec<Issue> },
    #[error(
        "L'édition « {0} » demandée comme édition courante (--current ou AGIR_CURRENT) n'existe pas dans la base de données."
    )]
    UnknownCurrent(String),
    #[error("Erreur de la base de données au démarrage : {0}.")]
    Store(#[from] StoreError),
    #[error("Adresse publique refusée : {0} ; corrigez --public-url ou AGIR_PUBLIC_URL (par exemple https://agir.angers.fr).")]
    PublicUrl(#[from] crate::qr::UrlError),
}

/// `  /sessions/3/place : message` lines.
pub fn list(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(|i| format!("  {} : {}", i.path, i.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A server running in the background.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<io::Result<()>>,
}

impl Running {
    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops accepting, lets requests in flight finish, closes the database.
    pub async fn stop(mut self) -> io::Result<()> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // `listen::serve` gives the requests in flight their bound; this one only guards
        // against a stop that never returns.
        match tokio::time::timeout(Duration::from_secs(30), &mut self.task).await {
            Ok(joined) => joined.unwrap_or_else(|e| Err(io::Error::other(e))),
            Err(_) => {
                self.task.abort();
                Ok(())
            }
        }
    }

    /// Serves until Ctrl-C or SIGTERM, then stops cleanly.
    pub async fn until_signal(self) -> io::Result<()> {
        shutdown_signal(tokio::signal::ctrl_c(), terminate()).await;
        tracing::info!("arrêt demandé");
        self.stop().await
    }
}

/// SIGTERM, as a supervisor stops the server; an error if its handler cannot be installed.
#[cfg(unix)]
async fn terminate() -> io::Result<()> {
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?
        .recv()
        .await;
    Ok(())
}

#[cfg(not(unix))]
async fn terminate() -> io::Result<()> {
    std::future::pending().await
}

/// Returns when the first of the two signals arrives. A handler that cannot be installed is
/// logged and no longer waited for, rather than stopping the server at once; with neither,
/// the server runs until it is killed.
async fn shutdown_signal(
    ctrl_c: impl std::future::Future<Output = io::Result<()>>,
    terminate: impl std::future::Future<Output = io::Result<()>>,
) {
    tokio::select! {
        () = installed("Ctrl-C", ctrl_c) => {},
        () = installed("SIGTERM", terminate) => {},
    }
}

/// Waits for `signal`; if its handler could not be installed, forever.
async fn installed(name: &str, signal: impl std::future::Future<Output = io::Result<()>>) {
    if let Err(e) = signal.await {
        tracing::error!(signal = name, error = %e, "signal impossible à écouter : il n'arrêtera pas le serveur");
        std::future::pending::<()>().await;
    }
}

/// Starts the server as configured; returns once it accepts connections.
pub async fn start(config: Config) -> Result<Running, StartError> {
    // Cheap checks first, so a typo is reported before anything is created.
    if !config.dist.is_dir() {
        return Err(AssetsError::MissingDir(config.dist.clone()).into());
    }
    let announced = config.public_url.as_deref().map(crate::qr::public_url).transpose()?;
    let listener = bind(&config.addr).await?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError::Bind(config.addr.clone(), e))?;
    let store = open_store(&config.db, true).await?;
    seed(&store, &config.seed).await?;
    let catalog = Arc::new(Catalog::new(config.current.clone()));
    catalog.refresh(&store).await?;
    if let Some(current) = &config.current {
        if catalog.get(current.as_str()).is_none() {
            return Err(StartError::UnknownCurrent(current.to_string()));
        }
    }
    let dist = config.dist.clone();
    let mut assets = tokio::task::spawn_blocking(move || Assets::load(&dist))
        .await
        .map_err(|e| StartError::Assets(AssetsError::Read(config.dist.clone(), io::Error::other(e))))??;
    tracing::info!(files = assets.len(), dist = %config.dist.display(), "application chargée");
    if let Some(url) = &announced {
        assets.announce_public_url(url);
    }
    let public_url = announced.clone().unwrap_or_else(|| format!("http://{addr}"));
    let state = AppState::new(
        store.clone(),
        catalog.clone(),
        Arc::new(assets),
        config.admin_token,
        config.feedback_per_minute,
        &public_url,
    )
    .trusting_proxy(config.trust_proxy)
    .with_public_url(announced.as_deref())
    .with_clock(config.clock);
    if state.admin.is_none() {
        tracing::info!("aucun jeton d'organisateur : routes d'administration désactivées");
    }
    let hub = state.questions.clone();
    let purger = tokio::spawn(crate::questions::retention::purge_loop(
        catalog.clone(),
        store.clone(),
        state.clock.clone(),
        config.poll_every,
    ));
    let contacts_purger = tokio::spawn(crate::engagement::retention::purge_loop(
        catalog.clone(),
        store.clone(),
        state.clock.clone(),
        config.poll_every,
    ));
    let poller = tokio::spawn(poll(catalog, store.clone(), config.poll_every));
    let (tx, rx) = oneshot::channel::<()>();
    let limits = config.limits;
    let task = tokio::spawn(async move {
        let stop = async move {
            let _ = rx.await;
        };
        // Open question streams would hold the stop forever: they are ended first.
        let result = crate::listen::serve(listener, state, limits, stop, move || hub.close()).await;
        poller.abort();
        purger.abort();
        contacts_purger.abort();
        store.close().await;
        result
    });
    Ok(Running {
        addr,
        shutdown: Some(tx),
        task,
    })
}

async fn bind(addr: &str) -> Result<TcpListener, StartError> {
    TcpListener::bind(addr).await.map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            StartError::AddrInUse(addr.to_owned())
        } else {
            StartError::Bind(addr.to_owned(), e)
        }
    })
}

/// Opens the database, saying in French what is wrong with the path. SQLite in WAL mode
/// writes two files next to the database, so the folder itself must be writable.
pub async fn open_store(path: &Path, create: bool) -> Result<Store, StartError> {
    let fail = |why: String| StartError::Database {
        path: path.to_owned(),
        why,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("le dossier « {} » n'existe pas", dir.display())));
    }
    if path.is_dir() {
        return Err(fail("c'est un dossier, pas un fichier".into()));
    }
    if !create && !path.exists() {
        return Err(fail(
            "le fichier n'existe pas (importez d'abord une édition avec `agir-server import`)".into(),
        ));
    }
    if let Err(e) = check_writable(&dir) {
        return Err(fail(format!(
            "le dossier « {} » n'est pas accessible en écriture ({e})",
            dir.display()
        )));
    }
    Store::open(path).await.map_err(|e| fail(e.to_string()))
}

fn check_writable(dir: &Path) -> io::Result<()> {
    let probe = dir.join(format!(".agir-ecriture-{}", std::process::id()));
    std::fs::OpenOptions::new().write(true).create_new(true).open(&probe)?;
    std::fs::remove_file(&probe)
}

/// Publishes every edition document of the seed folder as revision 1, if the database holds
/// no edition at all. All files are checked before any is published.
pub async fn seed(store: &Store, seed: &SeedDir) -> Result<usize, StartError> {
    if !store.is_empty().await? {
        return Ok(0);
    }
    if !seed.path.is_dir() {
        if seed.required {
            return Err(StartError::MissingSeed(seed.path.clone()));
        }
        tracing::info!(dir = %seed.path.display(), "pas de dossier d'éditions à charger");
        return Ok(0);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seed.path)
        .map_err(|e| StartError::ReadSeed(seed.path.clone(), e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
        .collect();
    files.sort();
    let mut editions: Vec<(PathBuf, Edition)> = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|e| StartError::ReadSeed(file.clone(), e))?;
        if detect(&text) != Some(Format::Edition) {
            tracing::debug!(file = %file.display(), "pas un document d'édition, ignoré");
            continue;
        }
        let edition = Edition::from_json(&text).map_err(|e| StartError::InvalidSeed {
            file: file.clone(),
            issues: vec![Issue::new(e.path, e.message)],
        })?;
        let report = edition.validate();
        if !report.is_ok() {
            return Err(StartError::InvalidSeed {
                file,
                issues: report.errors,
            });
        }
        if let Some((first, _)) = editions.iter().find(|(_, e)| e.edition == edition.edition) {
            return Err(StartError::InvalidSeed {
                issues: vec![Issue::new(
                    "/edition",
                    format!(
                        "l'édition « {} » est déjà dans « {} » : un seul fichier par édition.",
                        edition.edition,
                        first.display()
                    ),
                )],
                file,
            });
        }
        editions.push((file, edition));
    }
    let count = editions.len();
    for (file, edition) in editions {
        // Shown to organizers in the history: the file's name, not where the server keeps it.
        let name = file
            .file_name()
            .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
        let note = format!("chargée depuis le fichier {name}");
        let byline = Byline {
            note: Some(&note),
            by: None,
        };
        match publish(store, edition, Base::Expect(0), byline).await {
            // Another server seeded the same database at the same moment: fine.
            Ok(_) | Err(PublishError::Conflict) => {}
            Err(PublishError::Invalid(report)) => {
                return Err(StartError::InvalidSeed {
                    file,
                    issues: report.errors,
                })
            }
            Err(PublishError::Store(e)) => return Err(e.into()),
        }
    }
    tracing::info!(count, dir = %seed.path.display(), "éditions chargées dans la base vide");
    Ok(count)
}

/// Notices revisions published by another process (the CLI). One `MAX(revision)` query a
/// second costs nothing next to serving.
async fn poll(catalog: Arc<Catalog>, store: Store, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        if let Err(e) = catalog.refresh(&store).await {
            tracing::warn!(error = %e, "lecture des révisions impossible");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A signal whose handler could not be installed.
    async fn not_installed() -> io::Result<()> {
        Err(io::Error::other("pas de gestionnaire de signal"))
    }

    /// Whether `future` is still waiting after a moment.
    async fn still_waiting(future: impl std::future::Future<Output = ()>) -> bool {
        tokio::time::timeout(Duration::from_millis(200), future).await.is_err()
    }

    #[tokio::test]
    async fn a_handler_that_cannot_be_installed_does_not_stop_the_server() {
        // Arrange
        let (send_term, term) = oneshot::channel::<()>();
        let waiting = shutdown_signal(not_installed(), async {
            let _ = term.await;
            Ok(())
        });
        tokio::pin!(waiting);
        // Act: no signal yet, only Ctrl-C's failure.
        let stopped = !still_waiting(&mut waiting).await;
        // Assert
        assert!(!stopped, "a Ctrl-C handler that failed to install stopped the server");
        // Act
        let _ = send_term.send(());
        // Assert
        assert!(!still_waiting(&mut waiting).await, "SIGTERM still stops it");
    }

    #[tokio::test]
    async fn either_signal_stops_the_server_and_neither_handler_means_no_stop() {
        let never = std::future::pending::<io::Result<()>>;
        assert!(!still_waiting(shutdown_signal(async { Ok(()) }, never())).await);
        assert!(!still_waiting(shutdown_signal(never(), async { Ok(()) })).await);
        assert!(still_waiting(shutdown_signal(not_installed(), not_installed())).await);
    }
}
