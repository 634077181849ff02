//! « Je veux m'engager » (issue #21): what volunteers a stand looks for, as the edition
//! document says it; a visitor's request to be contacted by its association, checked the
//! same way by the app and the server; and the matching behind « Trouver où m'engager ».

use serde::{Deserialize, Serialize};

use crate::{Edition, Stand, StandId};

pub mod matching;

/// Longest first name, in characters after trimming.
pub const NAME_MAX: usize = 40;
/// Longest message to the association, in characters after trimming.
pub const MESSAGE_MAX: usize = 1000;
/// Longest e-mail address (RFC 5321's path limit).
pub const EMAIL_MAX: usize = 254;
/// How long a request is kept when the organizers say nothing: six months.
pub const DEFAULT_RETENTION_MONTHS: u32 = 6;
/// The longest retention the organizers may set: a request is for one season of
/// volunteering, not a register.
pub const MAX_RETENTION_MONTHS: u32 = 24;

/// What volunteers a stand looks for (`"volunteering"` in a stand of the edition document).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volunteering {
    #[serde(default)]
    pub missions: Vec<Mission>,
    /// The time the association asks of a volunteer.
    pub commitment: Commitment,
    /// When the missions take place; empty means "whenever suits you".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moments: Vec<Moment>,
    /// The neighbourhoods of Angers where the missions take place, if the stand says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub neighbourhoods: Vec<String>,
    /// Whether visitors may ask to be contacted from the app.
    #[serde(default = "yes")]
    pub accepts_contact: bool,
    /// Invented for the demonstration: shown with an "exemple" label.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

/// Most missions a stand lists: a visitor reads them on a phone.
pub const MISSIONS_MAX: usize = 8;
/// Longest mission title and text, in characters.
pub const MISSION_TITLE_MAX: usize = 80;
pub const MISSION_TEXT_MAX: usize = 400;

impl Volunteering {
    /// Checks what the organizers wrote: missions named, each title once (a request names
    /// the missions by title), short enough to read on a phone.
    pub fn check(&self, at: &str, report: &mut crate::Report) {
        let mut error = |path: String, message: String| report.errors.push(crate::Issue::new(path, message));
        if self.missions.len() > MISSIONS_MAX {
            error(
                format!("{at}/missions"),
                format!("Un stand propose {MISSIONS_MAX} missions au plus : gardez l'essentiel."),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, m) in self.missions.iter().enumerate() {
            let title = m.title.trim();
            if title.is_empty() {
                error(
                    format!("{at}/missions/{i}/title"),
                    "Le titre de la mission est vide.".into(),
                );
            } else if title.chars().count() > MISSION_TITLE_MAX {
                error(
                    format!("{at}/missions/{i}/title"),
                    format!("Le titre d'une mission tient en {MISSION_TITLE_MAX} caractères au plus."),
                );
            } else if !seen.insert(title) {
                error(
                    format!("{at}/missions/{i}/title"),
                    format!("La mission « {title} » est proposée deux fois par ce stand."),
                );
            }
            if m.text.chars().count() > MISSION_TEXT_MAX {
                error(
                    format!("{at}/missions/{i}/text"),
                    format!("La description d'une mission tient en {MISSION_TEXT_MAX} caractères au plus."),
                );
            }
        }
        for (i, n) in self.neighbourhoods.iter().enumerate() {
            if n.trim().is_empty() {
                error(
                    format!("{at}/neighbourhoods/{i}"),
                    "Le nom du quartier est vide.".into(),
                );
            }
        }
    }
}

fn yes() -> bool {
    true
}

/// One kind of help an association looks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mission {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// The time asked of a volunteer, from the least to the most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Commitment {
    Occasional,
    HoursPerMonth,
    HoursPerWeek,
    DayPerWeek,
}

impl Commitment {
    pub const ALL: [Self; 4] = [
        Self::Occasional,
        Self::HoursPerMonth,
        Self::HoursPerWeek,
        Self::DayPerWeek,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Occasional => "De temps en temps, selon vos envies",
            Self::HoursPerMonth => "Quelques heures par mois",
            Self::HoursPerWeek => "Quelques heures par semaine",
            Self::DayPerWeek => "Une journée par semaine",
        }
    }

    /// The word used in forms and addresses.
    pub fn code(self) -> &'static str {
        match self {
            Self::Occasional => "occasional",
            Self::HoursPerMonth => "hours-per-month",
            Self::HoursPerWeek => "hours-per-week",
            Self::DayPerWeek => "day-per-week",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// A part of the week a volunteer is free, or a mission takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Moment {
    Weekdays,
    Evenings,
    Weekends,
}

impl Moment {
    pub const ALL: [Self; 3] = [Self::Weekdays, Self::Evenings, Self::Weekends];

    pub fn label(self) -> &'static str {
        match self {
            Self::Weekdays => "En semaine, en journée",
            Self::Evenings => "En soirée",
            Self::Weekends => "Le week-end",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Weekdays => "weekdays",
            Self::Evenings => "evenings",
            Self::Weekends => "weekends",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// "Le week-end, en soirée": when missions take place, in one phrase; "À tout moment de
/// la semaine" when the stand names no moment.
pub fn moments_words(moments: &[Moment]) -> String {
    if moments.is_empty() {
        return "À tout moment de la semaine".into();
    }
    moments
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if i == 0 {
                m.label().to_owned()
            } else {
                m.label().to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The organizers' rules for contact requests (`"contact_requests"` in the edition document).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRules {
    /// How long a request is kept before it is deleted, in months (six by default).
    #[serde(default = "default_retention")]
    pub retention_months: u32,
}

fn default_retention() -> u32 {
    DEFAULT_RETENTION_MONTHS
}

impl Default for ContactRules {
    fn default() -> Self {
        Self {
            retention_months: DEFAULT_RETENTION_MONTHS,
        }
    }
}

impl Edition {
    /// How long contact requests are kept, in months, within the allowed range.
    pub fn contact_retention_months(&self) -> u32 {
        self.contact_requests
            .unwrap_or_default()
            .retention_months
            .clamp(1, MAX_RETENTION_MONTHS)
    }

    /// The stand's volunteering, if it takes contact requests.
    pub fn contactable(&self, id: &StandId) -> Option<(&Stand, &Volunteering)> {
        let stand = self.stand(id)?;
        let volunteering = stand.volunteering.as_ref()?;
        volunteering.accepts_contact.then_some((stand, volunteering))
    }
}

/// "6 mois", "1 an", "18 mois": a retention period as the consent sentence says it.
pub fn retention_words(months: u32) -> String {
    match months {
        12 => "1 an".into(),
        24 => "2 ans".into(),
        m => format!("{m} mois"),
    }
}

/// The sentence of the consent box: who receives the request, what for, for how long.
pub fn consent_sentence(association: &str, months: u32) -> String {
    format!(
        "J'accepte que mon prénom, mon contact, mes disponibilités et mon message soient transmis à {association}, \
         pour que l'association me recontacte au sujet du bénévolat. Ma demande est supprimée au bout de {}, \
         ou plus tôt si je la retire.",
        retention_words(months)
    )
}

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

#[cfg(test)]
mod tests;
