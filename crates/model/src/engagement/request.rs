//! A visitor's request to be contacted by a stand's association: what the app sends, what
//! the association and the organizers see, and the checks both sides apply to it.

use serde::{Deserialize, Serialize};

use super::{Moment, EMAIL_MAX, MESSAGE_MAX, NAME_MAX};
use crate::{Edition, StandId};

/// A visitor's request to be contacted, as `POST /api/engagement/demandes` takes it. `cle`
/// is its idempotency key and, kept only on the visitor's phone, the secret that withdraws
/// it (`DELETE /api/engagement/demandes/{cle}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContactRequest {
    pub cle: String,
    pub edition: String,
    pub stand: String,
    /// The device's random id, for the rate limit only.
    pub appareil: String,
    pub prenom: String,
    /// An e-mail address or a phone number.
    pub contact: String,
    #[serde(default)]
    pub disponibilites: Vec<Moment>,
    /// Titles of the stand's missions that interest the visitor.
    #[serde(default)]
    pub missions: Vec<String>,
    #[serde(default)]
    pub message: String,
    /// The consent box, ticked. Nothing is sent or stored without it.
    #[serde(default)]
    pub consentement: bool,
}

/// A request as the association's page, its CSV and the API show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRequest {
    pub id: i64,
    pub stand: String,
    pub prenom: String,
    pub contact: String,
    pub disponibilites: Vec<Moment>,
    pub missions: Vec<String>,
    pub message: String,
    /// RFC 3339, UTC.
    pub recue_le: String,
    /// When the association marked it contacted (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contactee_le: Option<String>,
}

/// One stand's line in the organizers' console: counts, never contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandRequests {
    pub stand: String,
    /// Requests held now (withdrawn and expired ones are gone).
    pub demandes: u32,
    /// Requests received since the start, kept for the bilan after the requests expire.
    pub recues: u32,
    /// The association's private address (a path starting with `/association/`), if made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lien: Option<String>,
    /// When that address was made (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lien_cree_le: Option<String>,
}

/// Which field of the form is wrong, and the sentence that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// `prenom`, `contact`, `disponibilites`, `missions`, `message`, `consentement` or `stand`.
    pub field: &'static str,
    pub message: String,
}

/// How a visitor can be reached, checked for shape and written one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    Email(String),
    /// Digits only, `+` first for an international number: "0241050000", "+33241050000".
    Phone(String),
}

impl Reach {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("Indiquez une adresse e-mail ou un numéro de téléphone.".into());
        }
        if text.contains('@') {
            return parse_email(text).map(Self::Email);
        }
        parse_phone(text).map(Self::Phone)
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Email(s) | Self::Phone(s) => s,
        }
    }
}

fn parse_email(text: &str) -> Result<String, String> {
    let wrong = || format!("« {text} » n'est pas une adresse e-mail complète, comme prenom.nom@exemple.fr.");
    if text.chars().count() > EMAIL_MAX {
        return Err(format!("L'adresse e-mail tient en {EMAIL_MAX} caractères au plus."));
    }
    let (local, domain) = text.rsplit_once('@').ok_or_else(wrong)?;
    let plain = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '@');
    let domain_ok = plain(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if !plain(local) || !domain_ok || local.starts_with(['=', '+', '-']) {
        return Err(wrong());
    }
    Ok(text.to_owned())
}

fn parse_phone(text: &str) -> Result<String, String> {
    let wrong = || format!("« {text} » n'est ni une adresse e-mail ni un numéro de téléphone, comme 06 12 34 56 78.");
    if text
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')')))
    {
        return Err(wrong());
    }
    // One `+` at most, before the first digit: "+33 6…", "(+32) 2…".
    let international = text.contains('+');
    let digits_before_plus = text
        .split('+')
        .next()
        .is_some_and(|head| head.chars().any(|c| c.is_ascii_digit()));
    if text.matches('+').count() > 1 || (international && digits_before_plus) {
        return Err(wrong());
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let ok = if international {
        (8..=15).contains(&digits.len())
    } else {
        digits.len() == 10 && digits.starts_with('0')
    };
    if !ok {
        return Err(wrong());
    }
    Ok(if international { format!("+{digits}") } else { digits })
}

/// A request that passed every check, its fields written one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub stand: StandId,
    pub prenom: String,
    pub contact: Reach,
    pub disponibilites: Vec<Moment>,
    pub missions: Vec<String>,
    pub message: String,
}

impl NewContactRequest {
    /// Checks the request against `edition`: every wrong field is named, in the form's
    /// order, so the form can show each message beside its field.
    pub fn check(&self, edition: &Edition) -> Result<Checked, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &'static str, message: String| errors.push(FieldError { field, message });
        let target = StandId::parse(self.stand.as_str())
            .ok()
            .and_then(|id| edition.contactable(&id).map(|(s, v)| (id, s, v)));
        if target.is_none() {
            fail(
                "stand",
                format!("Le stand « {} » ne reçoit pas de demandes de contact.", self.stand),
            );
        }
        let prenom = self.prenom.trim();
        if prenom.is_empty() {
            fail("prenom", "Indiquez votre prénom.".into());
        } else if prenom.chars().count() > NAME_MAX {
            fail("prenom", format!("Le prénom tient en {NAME_MAX} caractères au plus."));
        } else if prenom.chars().any(char::is_control) {
            fail("prenom", "Le prénom contient des caractères de contrôle.".into());
        }
        let contact = Reach::parse(&self.contact).map_err(|m| fail("contact", m)).ok();
        if self.disponibilites.is_empty() {
            fail(
                "disponibilites",
                "Dites quand vous êtes disponible : cochez au moins un moment.".into(),
            );
        }
        if let Some((_, _, volunteering)) = &target {
            if let Some(unknown) = self
                .missions
                .iter()
                .find(|m| !volunteering.missions.iter().any(|known| &known.title == *m))
            {
                fail(
                    "missions",
                    format!("La mission « {unknown} » n'est pas proposée par ce stand."),
                );
            }
        }
        let message = self.message.trim();
        let length = message.chars().count();
        if length > MESSAGE_MAX {
            fail(
                "message",
                format!("Le message fait {length} caractères : {MESSAGE_MAX} au plus."),
            );
        } else if message
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            fail("message", "Le message contient des caractères de contrôle.".into());
        }
        if !self.consentement {
            let name = target.as_ref().map_or("l'association", |(_, s, _)| s.name.as_str());
            fail(
                "consentement",
                format!(
                    "Cochez la case d'accord pour que {name} reçoive votre demande : sans elle, rien n'est envoyé."
                ),
            );
        }
        match (target, contact) {
            (Some((stand, ..)), Some(contact)) if errors.is_empty() => {
                let mut disponibilites = self.disponibilites.clone();
                disponibilites.sort();
                disponibilites.dedup();
                let mut missions: Vec<String> = Vec::new();
                for m in &self.missions {
                    if !missions.contains(m) {
                        missions.push(m.clone());
                    }
                }
                Ok(Checked {
                    stand,
                    prenom: prenom.to_owned(),
                    contact,
                    disponibilites,
                    missions,
                    message: message.to_owned(),
                })
            }
            _ => Err(errors),
        }
    }
}
