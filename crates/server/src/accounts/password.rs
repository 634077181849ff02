//! Passwords: the two rules a new one must follow, and Argon2id hashing (the crate's
//! defaults: 19 MiB, 2 passes, as a PHC string that records them, so raising them later
//! still verifies the old hashes). Hashing is deliberately slow CPU work: the async side
//! calls these through `spawn_blocking`.

use std::sync::OnceLock;

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};

use super::Email;

/// Shortest password accepted, in characters.
pub const MIN_CHARS: usize = 12;

/// Why a new password is refused, as the sentence the person reads.
pub fn check(password: &str, email: &str) -> Result<(), String> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(format!(
            "Le mot de passe doit faire au moins {MIN_CHARS} caractères (il en fait {chars}) : une courte phrase convient très bien."
        ));
    }
    if Email::key_of(password) == Email::key_of(email) {
        return Err("Le mot de passe ne doit pas être votre adresse e-mail : choisissez-en un autre.".into());
    }
    Ok(())
}

/// The PHC string of `password` with a fresh salt.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Whether `password` matches `stored`. Without a stored hash (unknown address, password not
/// chosen yet) a dummy one is checked all the same, so the answer takes as long either way
/// and its timing does not tell which addresses have an account.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash(&super::new_token()).unwrap_or_default());
    let Ok(parsed) = PasswordHash::new(stored.unwrap_or(dummy)) else {
        return false;
    };
    let matches = Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok();
    matches && stored.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_and_the_email_itself_are_refused() {
        assert!(check("onze-signes", "claire@ville.fr")
            .unwrap_err()
            .contains("au moins 12"));
        assert!(check("Claire.Martin@Ville.fr", "claire.martin@ville.fr").is_err());
        assert!(check("le tram de 8 h 12", "claire@ville.fr").is_ok());
        assert!(check("ééééééééééé", "c@v.fr").is_err(), "characters, not bytes");
    }

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let phc = hash("le tram de 8 h 12").unwrap();
        assert!(phc.starts_with("$argon2id$"), "{phc}");
        assert_ne!(phc, hash("le tram de 8 h 12").unwrap(), "a fresh salt each time");
        assert!(verify("le tram de 8 h 12", Some(&phc)));
        assert!(!verify("le tram de 8 h 13", Some(&phc)));
        assert!(!verify("", None));
        assert!(!verify("n'importe quoi", Some("pas un PHC")));
    }
}
