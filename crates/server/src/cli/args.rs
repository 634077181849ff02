//! The command line's words: each command, its arguments and flags, and the environment
//! variables that can set them. What the commands do is in the parent module.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::accounts::cli::OrganizerAction;

#[derive(Debug, Parser)]
#[command(
    name = "agir-server",
    version,
    about = "Agir ensemble : le serveur de l'application et les outils des organisateurs",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lance le serveur : l'application (dist/) et l'API JSON.
    Serve(ServeArgs),
    /// Vérifie un document d'édition ou un programme à importer, sans rien publier.
    Check {
        /// Fichier à vérifier : document d'édition (JSON), frab schedule.xml, C3VOC schedule.json ou agenda .ics.
        file: PathBuf,
    },
    /// Importe un programme et le publie comme nouvelle révision d'une édition.
    Import(ImportArgs),
    /// Modifie une séance : la déplacer, l'annuler, la rétablir.
    Session {
        #[command(subcommand)]
        action: SessionAction,
    },
    /// Republie une ancienne révision comme nouvelle révision (l'historique est conservé).
    Rollback(RollbackArgs),
    /// Exporte les avis reçus (JSON, ou CSV avec --csv).
    Feedback(FeedbackArgs),
    /// Liste les éditions publiées et leur dernière révision.
    Editions(DbArgs),
    /// Écrit le programme d'une édition dans un format ouvert : C3VOC schedule.json, frab
    /// schedule.xml ou agenda programme.ics (les mêmes fichiers que /api/editions/{édition}/…).
    Export(crate::feeds::ExportArgs),
    /// Écrit le QR code de chaque stand (un fichier SVG par stand, DOSSIER/{stand}.svg) à imprimer.
    Qr(QrArgs),
    /// Gère les comptes des organisateurs : créer, lister, désactiver, réactiver, réinitialiser.
    Organizer {
        #[command(subcommand)]
        action: OrganizerAction,
    },
    /// Sauvegarde la base dans FICHIER, même pendant que le serveur tourne (copie cohérente).
    Backup(crate::backup::BackupArgs),
    /// Remet en place une sauvegarde, serveur arrêté ; l'ancienne base est gardée à côté.
    Restore(crate::backup::RestoreArgs),
}

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Fichier de la base de données SQLite.
    #[arg(long, env = "AGIR_DB", default_value = "agir.db")]
    pub db: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct Scope {
    #[command(flatten)]
    pub db: DbArgs,
    /// Édition concernée (par défaut l'édition courante : AGIR_CURRENT, sinon celle choisie par
    /// les organisateurs, sinon la plus récente).
    #[arg(long, env = "AGIR_CURRENT")]
    pub edition: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Adresse d'écoute IP:PORT (port 0 : un port libre, affiché au démarrage).
    #[arg(long, env = "AGIR_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    #[command(flatten)]
    pub db: DbArgs,
    /// Dossier de l'application construite (index.html, wasm…).
    #[arg(long, env = "AGIR_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Dossier des éditions (*.json) publiées en révision 1 quand la base est vide [défaut : data].
    #[arg(long, env = "AGIR_SEED")]
    pub seed: Option<PathBuf>,
    /// Adresse publique du site, pour la description OpenAPI [défaut : http://ADRESSE].
    #[arg(long, env = "AGIR_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Édition servie comme édition courante, que les organisateurs ne peuvent alors plus
    /// changer [défaut : celle qu'ils ont choisie, sinon celle qui commence le plus tard].
    #[arg(long, env = "AGIR_CURRENT")]
    pub current: Option<String>,
    /// Fichier contenant le jeton des organisateurs (ou la variable AGIR_ADMIN_TOKEN) ;
    /// sans jeton, les routes d'administration sont désactivées.
    #[arg(long, env = "AGIR_ADMIN_TOKEN_FILE")]
    pub admin_token_file: Option<PathBuf>,
    /// Envois acceptés par minute et par adresse IP, pour chacun : avis, réponses au
    /// questionnaire, séances choisies (0 : sans limite).
    #[arg(long, env = "AGIR_FEEDBACK_RATE", default_value_t = 120)]
    pub feedback_rate: u32,
    /// Derrière un proxy inverse (nginx…) : compter les envois par l'adresse qu'il ajoute à
    /// X-Forwarded-For, et non par la sienne.
    #[arg(long, env = "AGIR_TRUST_PROXY")]
    pub trust_proxy: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Fichier à importer : document d'édition (JSON), frab schedule.xml, C3VOC schedule.json ou agenda .ics.
    pub file: PathBuf,
    /// Édition à publier (par exemple 2014).
    #[arg(long)]
    pub edition: String,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Subcommand)]
pub enum SessionAction {
    /// Déplace une séance (nouvelle heure, et éventuellement nouvelle fin ou nouveau lieu).
    Move {
        /// Identifiant de la séance.
        id: String,
        /// Nouvelle heure de début, HH:MM (heure locale de l'événement) ; la durée est gardée sans --end.
        #[arg(long)]
        start: String,
        /// Nouvelle heure de fin, HH:MM.
        #[arg(long)]
        end: Option<String>,
        /// Nouveau lieu (identifiant d'un lieu de l'édition).
        #[arg(long)]
        place: Option<String>,
        #[command(flatten)]
        scope: Scope,
    },
    /// Annule une séance (elle reste affichée, marquée annulée).
    Cancel {
        id: String,
        #[command(flatten)]
        scope: Scope,
    },
    /// Remet au programme une séance annulée.
    Restore {
        id: String,
        #[command(flatten)]
        scope: Scope,
    },
}

#[derive(Debug, Args)]
pub struct RollbackArgs {
    /// Révision à republier.
    pub rev: u32,
    #[command(flatten)]
    pub scope: Scope,
}

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// Exporter en CSV (sinon JSON).
    #[arg(long)]
    pub csv: bool,
    #[command(flatten)]
    pub scope: Scope,
}

#[derive(Debug, Args)]
pub struct QrArgs {
    /// Dossier où écrire les fichiers (créé au besoin).
    #[arg(long)]
    pub out: PathBuf,
    /// Adresse publique du site, celle que les QR codes ouvrent (par exemple https://agir.angers.fr).
    #[arg(long, env = "AGIR_PUBLIC_URL")]
    pub public_url: Option<String>,
    #[command(flatten)]
    pub scope: Scope,
}
