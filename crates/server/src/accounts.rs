//! The organizers' accounts (issue #17): who they are, their one-time password links, their
//! signed-in sessions, the slowing down of wrong passwords; `http` is the `/api/comptes/…`
//! area and the session side of the admin routes, `cli` the `agir-server organizer …`
//! commands. The bearer token stays for scripts.

pub mod cli;
pub mod http;
pub mod password;
pub mod slowdown;
pub mod store;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How long a password link works.
pub const LINK_HOURS: i64 = 72;
/// How long a session lasts from sign-in, however active it is.
pub const SESSION_HOURS: i64 = 12;

/// What an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything the organizers' API does (publish the programme, read the feedback).
    Organisateur,
    /// Moderating questions (issue #20); never publishing.
    Moderation,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Organisateur => "organisateur",
            Self::Moderation => "moderation",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "organisateur" => Some(Self::Organisateur),
            "moderation" => Some(Self::Moderation),
            _ => None,
        }
    }
}

/// An e-mail address as typed, and the lower-case key one account per address is kept by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    shown: String,
    key: String,
}

impl Email {
    /// Only what catches a typo (one `@`, something on both sides, no space): the address is
    /// a sign-in name, nothing is ever sent to it.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let shown = raw.trim();
        let valid = shown.len() <= 254
            && !shown.contains(|c: char| c.is_whitespace() || c.is_control())
            && shown
                .split_once('@')
                .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty() && !domain.contains('@'));
        if !valid {
            return Err(format!(
                "« {} » n'est pas une adresse e-mail (par exemple claire.martin@ville.fr).",
                shown.chars().take(80).collect::<String>()
            ));
        }
        Ok(Self {
            shown: shown.to_owned(),
            key: Self::key_of(shown),
        })
    }

    /// The form accounts are looked up by.
    pub fn key_of(raw: &str) -> String {
        raw.trim().to_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.shown
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

/// A person's name as colleagues read it in the history ("Claire Martin").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err("Le nom est vide : donnez le prénom et le nom, par exemple \"Claire Martin\".".into());
        }
        if name.chars().count() > Self::MAX_CHARS || name.chars().any(char::is_control) {
            return Err(format!(
                "Le nom doit tenir en {} caractères, sans caractère de contrôle.",
                Self::MAX_CHARS
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    /// Argon2id PHC string; none until the person has used a password link.
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub created_at: String,
    pub last_sign_in_at: Option<String>,
}

/// What `connexion` and `moi` answer: who is signed in.
#[derive(Debug, Clone, Serialize)]
pub struct Me {
    pub nom: String,
    pub email: String,
    pub role: Role,
}

impl From<&Account> for Me {
    fn from(account: &Account) -> Self {
        Self {
            nom: account.name.clone(),
            email: account.email.clone(),
            role: account.role,
        }
    }
}

/// A new secret for a link or a session cookie: 32 random bytes, base64url.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token: its SHA-256, in hex. A stolen copy of the database
/// opens no session and sets no password.
pub fn token_digest(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A random UUID (version 4) for a new account.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    uuid::Builder::from_random_bytes(bytes).into_uuid().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_kept_as_typed_and_keyed_in_lower_case() {
        let email = Email::parse("  Claire.Martin@Ville-Angers.fr ").unwrap();
        assert_eq!(email.as_str(), "Claire.Martin@Ville-Angers.fr");
        assert_eq!(email.key(), "claire.martin@ville-angers.fr");
        for wrong in ["", "claire", "@ville.fr", "claire@", "claire martin@ville.fr", "a@b@c"] {
            assert!(Email::parse(wrong).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(Name::parse("  Claire   Martin ").unwrap().as_str(), "Claire Martin");
        assert!(Name::parse(" ").is_err());
        assert!(Name::parse(&"a".repeat(121)).is_err());
    }

    #[test]
    fn tokens_are_256_bits_and_only_their_digest_is_kept() {
        let token = new_token();
        assert_eq!(token.len(), 43, "32 bytes in unpadded base64url");
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_ne!(token, new_token());
        // echo -n abc | sha256sum
        assert_eq!(
            token_digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(new_id().len(), 36);
    }

    #[test]
    fn roles_read_and_write_the_same_words() {
        for role in [Role::Organisateur, Role::Moderation] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
