//! « Je veux m'engager » (issue #21): what volunteers a stand looks for, as the edition
//! document says it; a visitor's request to be contacted by its association, checked the
//! same way by the app and the server; and the matching behind « Trouver où m'engager ».

use serde::{Deserialize, Serialize};

use crate::{Edition, Stand, StandId};

pub mod matching;
mod request;

pub use request::{Checked, ContactRequest, FieldError, NewContactRequest, Reach, StandRequests};

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

impl Mission {
    /// Missions from the organizers' form: one per line, « Titre : description ». The
    /// colon divides a line when a space follows it (as a keyboard types it, or a no-break
    /// one), so "Accueil de 10:30" stays a title; blank lines are skipped.
    pub fn from_lines(text: &str) -> Vec<Mission> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| {
                let divide = line
                    .char_indices()
                    .find(|&(i, c)| c == ':' && i > 0 && line[i + 1..].starts_with(char::is_whitespace));
                // The line is trimmed, so a colon past its first character has a title.
                match divide {
                    Some((i, _)) => Mission {
                        title: line[..i].trim().to_owned(),
                        text: line[i + 1..].trim().to_owned(),
                    },
                    None => Mission {
                        title: line.to_owned(),
                        text: String::new(),
                    },
                }
            })
            .collect()
    }

    /// The mission as one line of the organizers' form; `from_lines` reads it back.
    pub fn line(&self) -> String {
        if self.text.is_empty() {
            self.title.clone()
        } else {
            format!("{}\u{a0}: {}", self.title, self.text)
        }
    }
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
                crate::french::lowercase_first(m.label())
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

#[cfg(test)]
mod tests;
