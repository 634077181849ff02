//! `agir-server backup FICHIER` and `agir-server restore FICHIER`: a consistent copy of the
//! database taken while the server runs (SQLite's `VACUUM INTO` reads one snapshot and
//! never stops the writers), and putting such a copy back once the server is stopped, the
//! database it replaces kept aside rather than deleted. A backup is checked before it is
//! kept and before it is restored: SQLite's integrity check, then the tables and the
//! migrations of an « Agir ensemble » database.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    process::ExitCode,
    time::{Duration, Instant},
};

use clap::Args;
use sqlx::{
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteLockingMode},
    ConnectOptions, Connection, Row, SqliteConnection,
};

use crate::{
    cli::{DbArgs, Failure},
    say,
    store::Store,
};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Fichier de la copie, à créer (par exemple sauvegardes/agir-2026-06-14-10h.db).
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
    /// Remplacer le fichier de la copie s'il existe déjà.
    #[arg(long)]
    pub overwrite: bool,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// La sauvegarde à remettre en place (faite par `agir-server backup`).
    pub file: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a checked backup holds, to tell the operator.
#[derive(Debug)]
struct Summary {
    revisions: i64,
    editions: i64,
    bytes: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}, {}, {:.1} Mo",
            agir_model::french::plural(self.editions as usize, "édition", "éditions"),
            agir_model::french::plural(self.revisions as usize, "révision", "révisions"),
            self.bytes as f64 / 1_000_000.0
        )
    }
}

/// `agir-server backup FICHIER`: copies the database, even while the server writes to it.
pub async fn backup(args: BackupArgs) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let db = &args.db.db;
    if !db.is_file() {
        return Err(Failure::Config(format!(
            "La base « {} » n'existe pas : corrigez --db ou AGIR_DB.",
            db.display()
        )));
    }
    let target = &args.file;
    let dir = folder_of(target);
    if !dir.is_dir() {
        return Err(Failure::Refused(format!(
            "Le dossier « {} » de la copie n'existe pas : créez-le d'abord.",
            dir.display()
        )));
    }
    if target.exists() && !args.overwrite {
        return Err(Failure::Refused(format!(
            "Le fichier « {} » existe déjà : choisissez un autre nom (la date et l'heure, par exemple), \
             ou ajoutez --overwrite pour le remplacer.",
            target.display()
        )));
    }
    if same_file(db, target) {
        return Err(Failure::Refused(
            "La copie ne peut pas remplacer la base elle-même.".into(),
        ));
    }
    // Written under another name, then renamed: an interrupted backup never leaves a
    // half-written file under the name an operator would restore.
    let partial = dir.join(format!(".agir-sauvegarde-{}.partielle", std::process::id()));
    let _ = std::fs::remove_file(&partial);
    let result = copy_into(db, &partial).await;
    let checked = match result {
        Ok(()) => check(&partial).await,
        Err(e) => Err(e),
    };
    let summary = match checked {
        Ok(summary) => summary,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .and_then(|()| std::fs::rename(&partial, target))
        .map_err(|e| {
            let _ = std::fs::remove_file(&partial);
            Failure::Refused(format!(
                "La copie « {} » n'a pas pu être écrite : {e}.",
                target.display()
            ))
        })?;
    say!(
        "Sauvegarde faite : « {} » ({summary}) en {:.1} s.",
        target.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// `VACUUM INTO`: one read transaction, so one consistent state, while writers go on.
async fn copy_into(db: &Path, target: &Path) -> Result<(), Failure> {
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .busy_timeout(Duration::from_secs(10))
        .connect()
        .await
        .map_err(|e| Failure::Config(format!("La base « {} » ne s'ouvre pas : {e}.", db.display())))?;
    let copied = sqlx::query("VACUUM INTO $1")
        .bind(target.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await;
    let _ = conn.close().await;
    copied.map(drop).map_err(|e| {
        Failure::Refused(format!(
            "La copie de « {} » a échoué : {e}. La place sur le disque manque peut-être.",
            db.display()
        ))
    })
}

/// Checks that `file` is a whole « Agir ensemble » database this server can open: the
/// SQLite header, the integrity check, then the tables and migrations.
async fn check(file: &Path) -> Result<Summary, Failure> {
    let name = file.display();
    let bytes = std::fs::metadata(file)
        .map_err(|e| Failure::Refused(format!("« {name} » est illisible : {e}.")))?
        .len();
    let mut header = [0u8; 16];
    let read = std::fs::File::open(file).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header));
    if bytes == 0 {
        return Err(Failure::Refused(format!(
            "« {name} » est vide : ce n'est pas une sauvegarde."
        )));
    }
    if read.is_err() || &header != SQLITE_HEADER {
        return Err(Failure::Refused(format!(
            "« {name} » n'est pas une base de données SQLite : ce n'est pas une sauvegarde faite par \
             `agir-server backup`."
        )));
    }
    let damaged = |e: String| Failure::Refused(format!("« {name} » est abîmée ({e}) : prenez une autre sauvegarde."));
    // Read-only and immutable: checking a backup never writes next to it.
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .map_err(|e| damaged(e.to_string()))?;
    let verdict: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .and_then(|row| row.try_get(0))
        .map_err(|e| damaged(e.to_string()))?;
    if verdict != "ok" {
        return Err(damaged(verdict));
    }
    let result = agir_tables(&mut conn, file).await;
    let _ = conn.close().await;
    let (editions, revisions) = result?;
    Ok(Summary {
        revisions,
        editions,
        bytes,
    })
}

/// The number of editions and revisions, once the file is known to be one of ours, of a
/// version this server knows.
async fn agir_tables(conn: &mut SqliteConnection, file: &Path) -> Result<(i64, i64), Failure> {
    let name = file.display();
    let unreadable = |e: sqlx::Error| Failure::Refused(format!("« {name} » est illisible : {e}."));
    let tables: BTreeSet<String> = first_column(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")
        .await
        .map_err(unreadable)?
        .into_iter()
        .collect();
    if !["_sqlx_migrations", "revisions", "feedback"]
        .iter()
        .all(|t| tables.contains(*t))
    {
        return Err(Failure::Refused(format!(
            "« {name} » est une base SQLite, mais pas une base d'Agir ensemble (il y manque ses tables) : \
             ce n'est pas une sauvegarde faite par `agir-server backup`."
        )));
    }
    let applied: Vec<i64> = first_column(conn, "SELECT version FROM _sqlx_migrations WHERE success = 1")
        .await
        .map_err(unreadable)?;
    let known: BTreeSet<i64> = sqlx::migrate!("./migrations").iter().map(|m| m.version).collect();
    if let Some(newer) = applied.iter().find(|v| !known.contains(v)) {
        return Err(Failure::Refused(format!(
            "« {name} » a été faite par une version plus récente d'agir-server (migration {newer}) : \
             mettez ce serveur à jour avant de la restaurer."
        )));
    }
    let counts = sqlx::query("SELECT COUNT(DISTINCT edition), COUNT(*) FROM revisions")
        .fetch_one(&mut *conn)
        .await
        .map_err(unreadable)?;
    Ok((counts.try_get(0).unwrap_or(0), counts.try_get(1).unwrap_or(0)))
}

/// The first column of every row `sql` returns.
async fn first_column<T>(conn: &mut SqliteConnection, sql: &'static str) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    let rows = sqlx::query(sql).fetch_all(conn).await?;
    rows.iter().map(|row| row.try_get(0)).collect()
}

/// `agir-server restore FICHIER`: puts a checked backup in place of the database, which is
/// kept aside as `….avant-restauration-DATE`.
pub async fn restore(args: RestoreArgs) -> Result<ExitCode, Failure> {
    let summary = check(&args.file).await?;
    let db = &args.db.db;
    let dir = folder_of(db);
    if !dir.is_dir() {
        return Err(Failure::Config(format!(
            "Le dossier « {} » de la base n'existe pas : corrigez --db ou AGIR_DB.",
            dir.display()
        )));
    }
    if same_file(db, &args.file) {
        return Err(Failure::Refused(
            "La sauvegarde est la base elle-même : rien à restaurer.".into(),
        ));
    }
    let aside = if db.exists() { Some(set_aside(db).await?) } else { None };
    let partial = dir.join(format!(".agir-restauration-{}.partielle", std::process::id()));
    let copied = std::fs::copy(&args.file, &partial)
        .and_then(|_| std::fs::File::open(&partial)?.sync_all())
        .and_then(|()| std::fs::rename(&partial, db));
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&partial);
        if let Some(aside) = &aside {
            let _ = std::fs::rename(aside, db);
        }
        return Err(Failure::Refused(format!(
            "La sauvegarde n'a pas pu être copiée vers « {} » : {e}. La base d'avant est restée en place.",
            db.display()
        )));
    }
    // An older backup gets the migrations it lacks now, rather than at the next start.
    let store = Store::open(db)
        .await
        .map_err(|e| Failure::Config(format!("La base restaurée ne s'ouvre pas : {e}.")))?;
    store.close().await;
    say!(
        "Base « {} » restaurée depuis « {} » ({summary}).",
        db.display(),
        args.file.display()
    );
    if let Some(aside) = aside {
        say!("L'ancienne base est gardée sous « {} ».", aside.display());
    }
    say!("Relancez le serveur.");
    Ok(ExitCode::SUCCESS)
}

/// Moves the database aside, once sure no server has it open and its journal (WAL) is
/// folded into it, so the file moved holds everything.
async fn set_aside(db: &Path) -> Result<PathBuf, Failure> {
    let in_use = || {
        Failure::Refused(format!(
            "La base « {} » est ouverte par un serveur en marche : arrêtez-le d'abord, puis relancez \
             la restauration.",
            db.display()
        ))
    };
    // In WAL mode every open connection holds a shared lock on the file; an exclusive
    // connection cannot start beside one, whatever it waits.
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .journal_mode(SqliteJournalMode::Wal)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::ZERO)
        .connect()
        .await
        .map_err(|_| in_use())?;
    let folded = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .fetch_one(&mut conn)
        .await;
    let exclusive = sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await;
    let _ = sqlx::query("ROLLBACK").execute(&mut conn).await;
    let _ = conn.close().await;
    match (folded, exclusive) {
        (Ok(row), Ok(_)) if row.try_get::<i64, _>(0).unwrap_or(1) == 0 => {}
        _ => return Err(in_use()),
    }
    let stamp = chrono::Local::now().format("%Y-%m-%d-%Hh%M%S");
    let aside = PathBuf::from(format!("{}.avant-restauration-{stamp}", db.display()));
    std::fs::rename(db, &aside).map_err(|e| {
        Failure::Refused(format!(
            "La base « {} » n'a pas pu être mise de côté : {e}.",
            db.display()
        ))
    })?;
    // Closed cleanly, the journal files are gone; any left are empty once folded.
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    Ok(aside)
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}
