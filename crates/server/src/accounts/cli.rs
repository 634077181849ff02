//! `agir-server organizer …`: creating the accounts and giving each person the one-time
//! link that lets her choose a password, listing them, disabling, enabling, resetting. The
//! link goes to stdout alone (a script can take it), what it is for to stderr.

use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

use super::{new_token, token_digest, Account, Email, Name, Role, LINK_HOURS};
use crate::{
    cli::{DbArgs, Failure},
    say, serve,
    store::Store,
    tell,
};

#[derive(Debug, Subcommand)]
pub enum OrganizerAction {
    /// Crée un compte et affiche le lien (une seule fois, 72 h) pour choisir son mot de passe.
    Add(AddArgs),
    /// Liste les comptes : nom, adresse, rôle, état, dernière connexion.
    List(DbArgs),
    /// Désactive un compte : ses sessions s'arrêtent aussitôt.
    Disable(EmailArgs),
    /// Réactive un compte désactivé.
    Enable(EmailArgs),
    /// Arrête les sessions d'un compte et affiche un nouveau lien pour choisir son mot de passe.
    Reset(ResetArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Prénom et nom, tels que les collègues les liront dans l'historique des révisions.
    pub name: String,
    /// Adresse e-mail, qui sert d'identifiant pour se connecter.
    #[arg(long)]
    pub email: String,
    /// organisateur : publie le programme ; moderation : modère les questions, ne publie pas.
    #[arg(long, default_value = "organisateur", value_parser = role)]
    pub role: Role,
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct EmailArgs {
    /// Adresse e-mail du compte.
    pub email: String,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Args)]
pub struct ResetArgs {
    /// Adresse e-mail du compte.
    pub email: String,
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub db: DbArgs,
}

#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// Adresse publique du site, celle que le lien ouvre.
    #[arg(long, env = "AGIR_PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
}

fn role(raw: &str) -> Result<Role, String> {
    Role::parse(raw).ok_or_else(|| format!("« {raw} » n'est pas un rôle : organisateur ou moderation."))
}

pub async fn run(action: OrganizerAction) -> Result<ExitCode, Failure> {
    match action {
        OrganizerAction::Add(args) => add(args).await,
        OrganizerAction::List(db) => list(db).await,
        OrganizerAction::Disable(args) => set_disabled(args, true).await,
        OrganizerAction::Enable(args) => set_disabled(args, false).await,
        OrganizerAction::Reset(args) => reset(args).await,
    }
}

/// The public URL, checked before anything is written.
fn site(args: &SiteArgs) -> Result<String, Failure> {
    crate::qr::public_url(&args.public_url)
        .map_err(|e| Failure::Config(format!("{e} : corrigez --public-url ou AGIR_PUBLIC_URL.")))
}

/// A time as people in Angers read it.
fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&chrono_tz::Europe::Paris)
        .format("%d/%m/%Y à %H:%M")
        .to_string()
}

/// Issues a new link for `account` and prints it; stored before it is printed.
async fn give_link(store: &Store, account: &Account, public_url: &str) -> Result<(), Failure> {
    let token = new_token();
    let expires = store
        .password_link_issue(&account.id, &token_digest(&token), Utc::now())
        .await?;
    tell!(
        "Transmettez ce lien à {} : il sert une seule fois pour choisir son mot de passe, jusqu'au {} ({LINK_HOURS} h).",
        account.name,
        local(expires)
    );
    // The token rides in the fragment, which browsers never send: no server log sees it.
    say!("{public_url}/organisateurs/mot-de-passe#{token}");
    Ok(())
}

async fn find(store: &Store, email: &str) -> Result<Account, Failure> {
    store.account_by_email(email).await?.ok_or_else(|| {
        Failure::Refused(format!(
            "Aucun compte pour « {} » : vérifiez l'adresse avec `agir-server organizer list`.",
            email.trim()
        ))
    })
}

/// `organizer add "Prénom Nom" --email …`
async fn add(args: AddArgs) -> Result<ExitCode, Failure> {
    let public_url = site(&args.site)?;
    let name = Name::parse(&args.name).map_err(Failure::Config)?;
    let email = Email::parse(&args.email).map_err(|e| Failure::Config(format!("{e} Corrigez --email.")))?;
    let store = serve::open_store(&args.db.db, true).await?;
    let account = store
        .account_create(&name, &email, args.role, Utc::now())
        .await?
        .ok_or_else(|| {
            Failure::Refused(format!(
                "Un compte existe déjà pour {} : pour un nouveau lien, lancez `agir-server organizer reset {}`.",
                email.as_str(),
                email.as_str()
            ))
        })?;
    tell!(
        "Compte créé pour {} ({}, {}).",
        account.name,
        account.email,
        account.role.as_str()
    );
    give_link(&store, &account, &public_url).await?;
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

/// `organizer list`: one line per account, tab-separated.
async fn list(db: DbArgs) -> Result<ExitCode, Failure> {
    let store = serve::open_store(&db.db, false).await?;
    let accounts = store.accounts().await?;
    store.close().await;
    if accounts.is_empty() {
        say!("Aucun compte. Créez le premier avec `agir-server organizer add \"Prénom Nom\" --email …`.");
    }
    for a in &accounts {
        let state = if a.disabled {
            "désactivé"
        } else if a.password_hash.is_none() {
            "mot de passe à choisir"
        } else {
            "actif"
        };
        let last = a
            .last_sign_in_at
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| format!("dernière connexion le {}", local(t.with_timezone(&Utc))))
            .unwrap_or_else(|| "jamais connecté".into());
        say!("{}\t{}\t{}\t{state}\t{last}", a.name, a.email, a.role.as_str());
    }
    Ok(ExitCode::SUCCESS)
}

/// `organizer disable EMAIL` and `organizer enable EMAIL`.
async fn set_disabled(args: EmailArgs, disabled: bool) -> Result<ExitCode, Failure> {
    let store = serve::open_store(&args.db.db, false).await?;
    let account = find(&store, &args.email).await?;
    store.account_set_disabled(&account.id, disabled).await?;
    store.close().await;
    if disabled {
        say!(
            "Compte de {} désactivé : ses sessions sont arrêtées et il ne peut plus se connecter.",
            account.name
        );
    } else if account.password_hash.is_none() {
        say!(
            "Compte de {} réactivé ; il n'a pas encore de mot de passe : donnez-lui un lien avec `agir-server organizer reset {}`.",
            account.name,
            account.email
        );
    } else {
        say!(
            "Compte de {} réactivé : il peut se connecter avec son mot de passe.",
            account.name
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `organizer reset EMAIL`: the sessions end, the old password and the old link stop
/// working (a reset is for a password forgotten or seen by someone else), a new link is given.
async fn reset(args: ResetArgs) -> Result<ExitCode, Failure> {
    let public_url = site(&args.site)?;
    let store = serve::open_store(&args.db.db, false).await?;
    let account = find(&store, &args.email).await?;
    if account.disabled {
        return Err(Failure::Refused(format!(
            "Le compte de {} est désactivé : réactivez-le d'abord avec `agir-server organizer enable {}`.",
            account.name, account.email
        )));
    }
    give_link(&store, &account, &public_url).await?;
    tell!(
        "Les sessions de {} sont arrêtées et son ancien mot de passe ne marche plus.",
        account.name
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
