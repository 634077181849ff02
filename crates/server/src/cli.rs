//! The `agir-server` command line: `serve`, and the organizers' everyday operations
//! (check, import, move or cancel a session, roll back, export feedback, list editions) so
//! that nobody needs curl; the organizers' accounts (`organizer …`, in `accounts::cli`);
//! backups of the database and their restoration (`backup`, `restore`, in `backup`).
//! Exit codes: 0 done, 1 refused (errors in the document, unknown
//! session…), 2 configuration problem (the message says which flag or variable to fix).

mod args;

pub use args::{Cli, Command, DbArgs, FeedbackArgs, ImportArgs, QrArgs, RollbackArgs, Scope, ServeArgs, SessionAction};

use std::{path::Path, process::ExitCode, time::Duration};

use agir_model::french::plural;
use agir_model::{import::import, Edition, EditionSlug, SessionId, Status};

use crate::{
    accounts,
    admin::AdminToken,
    catalog::pick_current,
    edits::{clock_time, patch_session, SessionPatch},
    feedback,
    publish::{self, Base, Byline, PublishError},
    say, say_raw,
    serve::{self, list, Config, SeedDir},
    store::Store,
    tell,
};

/// Why a command did not do its job.
#[derive(Debug)]
pub enum Failure {
    /// The request itself is refused (exit 1).
    Refused(String),
    /// The configuration is wrong (exit 2).
    Config(String),
}

impl From<serve::StartError> for Failure {
    fn from(e: serve::StartError) -> Self {
        Self::Config(e.to_string())
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Self {
        Self::Config(format!("Erreur de la base de données : {e}."))
    }
}

/// Runs a command; messages go to stderr, results to stdout.
pub async fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Serve(args) => serve_command(args).await,
        Command::Check { file } => check(&file),
        Command::Import(args) => import_command(args).await,
        Command::Session { action } => session(action).await,
        Command::Rollback(args) => rollback(args).await,
        Command::Feedback(args) => feedback_export(args).await,
        Command::Editions(args) => editions(args).await,
        Command::Qr(args) => qr_codes(args).await,
        Command::Export(args) => crate::feeds::export_command(args).await,
        Command::Organizer { action } => accounts::cli::run(action).await,
        Command::Backup(args) => crate::backup::backup(args).await,
        Command::Restore(args) => crate::backup::restore(args).await,
    };
    match result {
        Ok(code) => code,
        Err(Failure::Refused(message)) => {
            tell!("{message}");
            ExitCode::from(1)
        }
        Err(Failure::Config(message)) => {
            tell!("{message}");
            ExitCode::from(2)
        }
    }
}

/// The admin token from `--admin-token-file` or `AGIR_ADMIN_TOKEN`; both at once is
/// ambiguous and refused.
fn admin_token(file: Option<&Path>) -> Result<Option<AdminToken>, Failure> {
    let from_env = std::env::var("AGIR_ADMIN_TOKEN").ok().filter(|t| !t.trim().is_empty());
    let raw = match (file, from_env) {
        (Some(_), Some(_)) => {
            return Err(Failure::Config(
                "Le jeton d'organisateur est donné deux fois (--admin-token-file et AGIR_ADMIN_TOKEN) : gardez-en un seul."
                    .into(),
            ))
        }
        (Some(path), None) => std::fs::read_to_string(path).map_err(|e| {
            Failure::Config(format!(
                "Le fichier du jeton d'organisateur « {} » est illisible ({e}) : corrigez --admin-token-file ou AGIR_ADMIN_TOKEN_FILE.",
                path.display()
            ))
        })?,
        (None, Some(token)) => token,
        (None, None) => return Ok(None),
    };
    AdminToken::parse(&raw)
        .map(Some)
        .map_err(|e| Failure::Config(format!("{e} Corrigez --admin-token-file ou AGIR_ADMIN_TOKEN.")))
}

fn slug(raw: &str, flag: &str) -> Result<EditionSlug, Failure> {
    EditionSlug::parse(raw)
        .map_err(|e| Failure::Config(format!("Édition « {raw} » incorrecte ({e}) : corrigez {flag}.")))
}

async fn serve_command(args: ServeArgs) -> Result<ExitCode, Failure> {
    let config = Config {
        addr: args.addr,
        db: args.db.db,
        dist: args.dist,
        seed: match args.seed {
            Some(path) => SeedDir { path, required: true },
            None => SeedDir {
                path: "data".into(),
                required: false,
            },
        },
        public_url: args.public_url,
        current: args
            .current
            .as_deref()
            .map(|c| slug(c, "--current ou AGIR_CURRENT"))
            .transpose()?,
        admin_token: admin_token(args.admin_token_file.as_deref())?,
        feedback_per_minute: args.feedback_rate,
        trust_proxy: args.trust_proxy,
        poll_every: Duration::from_secs(1),
        clock: Default::default(),
        limits: Default::default(),
    };
    let running = serve::start(config).await?;
    // Tests and scripts read this one line to find the port.
    say!("Agir ensemble : {}", running.url());
    running
        .until_signal()
        .await
        .map_err(|e| Failure::Config(format!("Le serveur s'est arrêté sur une erreur : {e}.")))?;
    Ok(ExitCode::SUCCESS)
}

/// The file's text; one that is not UTF-8 is refused with the importer's French sentence.
fn read(file: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::Config(format!("Impossible de lire « {} » : {e}.", file.display())))?;
    agir_model::import::decode(&bytes)
        .map(std::borrow::Cow::into_owned)
        .map_err(|e| Failure::Refused(format!("« {} » n'est pas lu : {}", file.display(), e.issues[0].message)))
}

/// `check FILE`: every error and warning, exit 1 when there is an error.
fn check(file: &Path) -> Result<ExitCode, Failure> {
    let text = read(file)?;
    let imported = match import(&text, None) {
        Ok(imported) => imported,
        Err(e) => {
            if let Some(format) = e.format {
                say!("{} : {}", file.display(), format.label());
            }
            for issue in &e.issues {
                say!("erreur {} : {}", issue.path, issue.message);
            }
            say!("Bilan : {}.", plural(e.issues.len(), "erreur", "erreurs"));
            return Ok(ExitCode::from(1));
        }
    };
    let report = imported.edition.validate();
    let warnings: Vec<_> = imported.warnings.iter().chain(&report.warnings).collect();
    say!(
        "{} : {}, édition {}, {}",
        file.display(),
        imported.format.label(),
        imported.edition.edition,
        plural(imported.edition.sessions.len(), "séance", "séances")
    );
    for issue in &report.errors {
        say!("erreur {} : {}", issue.path, issue.message);
    }
    for issue in &warnings {
        say!("avertissement {} : {}", issue.path, issue.message);
    }
    say!(
        "Bilan : {}, {}.",
        plural(report.errors.len(), "erreur", "erreurs"),
        plural(warnings.len(), "avertissement", "avertissements")
    );
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `import FILE --edition SLUG`: detect, import, validate, publish.
async fn import_command(args: ImportArgs) -> Result<ExitCode, Failure> {
    let slug = slug(&args.edition, "--edition")?;
    let text = read(&args.file)?;
    let imported = import(&text, Some(&slug)).map_err(|e| {
        Failure::Refused(format!(
            "« {} » n'est pas importé ; à corriger :\n{}",
            args.file.display(),
            list(&e.issues)
        ))
    })?;
    let store = serve::open_store(&args.db.db, true).await?;
    let note = format!("import de {} ({})", args.file.display(), imported.format.label());
    let outcome = publish::publish(&store, imported.edition, Base::Latest, by_cli(&note))
        .await
        .map_err(|e| refused(e, &args.file.display().to_string()))?;
    for w in imported.warnings.iter().chain(&outcome.warnings) {
        tell!("avertissement {} : {}", w.path, w.message);
    }
    say!(
        "Révision {} publiée pour l'édition {}.",
        outcome.revision,
        outcome.edition
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// What the command line's revisions record.
fn by_cli(note: &str) -> Byline<'_> {
    Byline {
        note: Some(note),
        by: Some(publish::BY_CLI),
    }
}

fn refused(e: PublishError, what: &str) -> Failure {
    match e {
        PublishError::Invalid(report) => Failure::Refused(format!(
            "« {what} » n'est pas publié ; à corriger :\n{}",
            list(&report.errors)
        )),
        PublishError::Conflict => {
            Failure::Refused("Une autre révision a été publiée au même moment : relancez la commande.".into())
        }
        PublishError::Store(e) => e.into(),
    }
}

/// The edition a command works on: `--edition`, else the current one as the server
/// picks it (the organizers' choice, else the one starting last).
pub(crate) async fn scoped(store: &Store, scope: &Scope) -> Result<Edition, Failure> {
    if let Some(raw) = &scope.edition {
        let slug = slug(raw, "--edition ou AGIR_CURRENT")?;
        return publish::load_latest(store, slug.as_str())
            .await?
            .ok_or_else(|| Failure::Refused(format!("L'édition « {slug} » n'existe pas dans la base.")));
    }
    let chosen = store.current_choice().await?.map(|c| c.edition);
    let all = latest_editions(store).await?;
    let current = current_of(&all, None, chosen.as_deref());
    all.into_iter()
        .find(|e| current.as_deref() == Some(e.edition.as_str()))
        .ok_or_else(|| Failure::Refused("Aucune édition n'est publiée dans cette base.".into()))
}

/// Every edition at its latest revision, the one starting last first.
async fn latest_editions(store: &Store) -> Result<Vec<Edition>, Failure> {
    let mut all = Vec::new();
    for (slug, _) in store.latest_revisions().await? {
        if let Some(e) = publish::load_latest(store, &slug).await? {
            all.push(e);
        }
    }
    all.sort_by(|a, b| (b.event.start_date, &b.edition).cmp(&(a.event.start_date, &a.edition)));
    Ok(all)
}

/// The slug of the current one of `all`, decided as the server decides it.
fn current_of(all: &[Edition], pinned: Option<&str>, chosen: Option<&str>) -> Option<String> {
    pick_current(
        all.iter().map(|e| (e.edition.as_str(), e.event.start_date)),
        pinned,
        chosen,
    )
}

async fn session(action: SessionAction) -> Result<ExitCode, Failure> {
    let (id, scope) = match &action {
        SessionAction::Move { id, scope, .. }
        | SessionAction::Cancel { id, scope }
        | SessionAction::Restore { id, scope } => (id.clone(), scope.clone()),
    };
    let store = serve::open_store(&scope.db.db, false).await?;
    let current = scoped(&store, &scope).await?;
    let id = SessionId::parse(id.as_str()).map_err(|_| {
        Failure::Refused(format!(
            "La séance « {id} » n'existe pas dans l'édition {}.",
            current.edition
        ))
    })?;
    let clock = |t: &str| clock_time(&current, &id, t).map_err(|e| Failure::Refused(e.to_string()));
    let (patch, done) = match &action {
        SessionAction::Move { start, end, place, .. } => (
            SessionPatch {
                start: Some(clock(start)?),
                end: end.as_deref().map(clock).transpose()?,
                place: place
                    .as_deref()
                    .map(|p| {
                        agir_model::PlaceId::parse(p)
                            .map_err(|e| Failure::Refused(format!("Lieu « {p} » incorrect : {e}.")))
                    })
                    .transpose()?,
                status: None,
                questions: None,
            },
            "déplacée",
        ),
        SessionAction::Cancel { .. } => (
            SessionPatch {
                status: Some(Status::Cancelled),
                ..Default::default()
            },
            "annulée",
        ),
        SessionAction::Restore { .. } => (
            SessionPatch {
                status: Some(Status::Scheduled),
                ..Default::default()
            },
            "remise au programme",
        ),
    };
    let next = patch_session(&current, &id, &patch).map_err(|e| Failure::Refused(e.to_string()))?;
    let note = format!("séance {id} {done} (ligne de commande)");
    let outcome = publish::publish(&store, next, Base::Expect(current.revision), by_cli(&note))
        .await
        .map_err(|e| refused(e, &format!("la séance {id}")))?;
    say!(
        "Séance {id} {done} : révision {} publiée pour l'édition {}.",
        outcome.revision,
        outcome.edition
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn rollback(args: RollbackArgs) -> Result<ExitCode, Failure> {
    let store = serve::open_store(&args.scope.db.db, false).await?;
    let current = scoped(&store, &args.scope).await?;
    if args.rev == current.revision {
        return Err(Failure::Refused(format!(
            "La révision {} est déjà la dernière de l'édition {}.",
            args.rev, current.edition
        )));
    }
    let old = publish::load(&store, current.edition.as_str(), args.rev)
        .await?
        .ok_or_else(|| {
            Failure::Refused(format!(
                "La révision {} n'existe pas pour l'édition {} (dernière : {}).",
                args.rev, current.edition, current.revision
            ))
        })?;
    let note = format!("retour à la révision {}", args.rev);
    let outcome = publish::publish(&store, old, Base::Expect(current.revision), by_cli(&note))
        .await
        .map_err(|e| refused(e, &format!("la révision {}", args.rev)))?;
    say!(
        "Révision {} republiée : révision {} publiée pour l'édition {}.",
        args.rev,
        outcome.revision,
        outcome.edition
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

async fn feedback_export(args: FeedbackArgs) -> Result<ExitCode, Failure> {
    let store = serve::open_store(&args.scope.db.db, false).await?;
    let rows = store.feedback_list(args.scope.edition.as_deref()).await?;
    if args.csv {
        let editions = latest_editions(&store).await?;
        say_raw!("{}", feedback::to_csv(&rows, &editions.iter().collect::<Vec<_>>()));
    } else {
        say!("{}", serde_json::to_string_pretty(&rows).expect("rows serialize"));
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `editions`: each edition, the current one marked, with who chose it when the
/// organizers did.
async fn editions(args: DbArgs) -> Result<ExitCode, Failure> {
    let store = serve::open_store(&args.db, false).await?;
    let pinned = std::env::var("AGIR_CURRENT").ok();
    let choice = store.current_choice().await?;
    let all = latest_editions(&store).await?;
    let current = current_of(&all, pinned.as_deref(), choice.as_ref().map(|c| c.edition.as_str()));
    if all.is_empty() {
        say!("Aucune édition publiée.");
    }
    for e in &all {
        let mark = match &choice {
            _ if current.as_deref() != Some(e.edition.as_str()) => String::new(),
            Some(c) if c.edition == e.edition.as_str() => {
                let by = c.chosen_by.as_deref().map(|b| format!(" par {b}")).unwrap_or_default();
                let day = c.chosen_at.get(..10).unwrap_or(&c.chosen_at);
                format!(" (courante, choisie{by} le {day})")
            }
            _ => " (courante)".to_owned(),
        };
        say!(
            "{}\t{}\t{} → {}\trévision {}{mark}",
            e.edition,
            e.event.name,
            e.event.start_date,
            e.event.end_date,
            e.revision
        );
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `qr --out DIR`: one SVG per stand of the edition, pointing at its page.
async fn qr_codes(args: QrArgs) -> Result<ExitCode, Failure> {
    let raw = args.public_url.ok_or_else(|| {
        Failure::Config(
            "Les QR codes ont besoin de l'adresse publique du site : donnez --public-url ou AGIR_PUBLIC_URL.".into(),
        )
    })?;
    let public_url = crate::qr::public_url(&raw)
        .map_err(|e| Failure::Config(format!("{e} : corrigez --public-url ou AGIR_PUBLIC_URL.")))?;
    let store = serve::open_store(&args.scope.db.db, false).await?;
    let edition = scoped(&store, &args.scope).await?;
    store.close().await;
    if edition.stands.is_empty() {
        return Err(Failure::Refused(format!(
            "L'édition {} n'a aucun stand.",
            edition.edition
        )));
    }
    let written = crate::qr::write_all(&edition, &public_url, &args.out).map_err(|e| {
        Failure::Config(format!(
            "Impossible d'écrire dans « {} » ({e}) : corrigez --out.",
            args.out.display()
        ))
    })?;
    for path in &written {
        say!("{}", path.display());
    }
    tell!(
        "{} pour l'édition {}, vers {public_url}/village/….",
        plural(written.len(), "QR code écrit", "QR codes écrits"),
        edition.edition
    );
    Ok(ExitCode::SUCCESS)
}
