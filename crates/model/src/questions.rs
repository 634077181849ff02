//! Questions from the floor (issue #20): what a session's setting says, what a question and
//! its live events look like on the wire, and the rules both sides share: the length and
//! characters of a question, its asker's first name, and the folding of a question asked
//! again in other words of the same letters.

use serde::{Deserialize, Serialize};

use crate::{Session, SessionKind};

/// Longest question, in characters after trimming.
pub const TEXT_MAX: usize = 280;
/// Longest first name, in characters after trimming.
pub const NAME_MAX: usize = 40;

/// When a question shows to everyone: once a moderator accepts it (`pre`, the default),
/// or on arrival, a moderator removing it afterwards (`post`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    #[default]
    Pre,
    Post,
}

/// A session's choice about questions, as organizers write it in the edition document
/// (`"questions": {"enabled": false}`). Absent, the kind of session decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionsSetting {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub moderation: Moderation,
}

fn yes() -> bool {
    true
}

impl QuestionsSetting {
    /// What a session of this kind does when the document says nothing: debates,
    /// conferences and round tables take questions, with pre-moderation.
    pub fn default_for(kind: SessionKind) -> Self {
        Self {
            enabled: matches!(
                kind,
                SessionKind::Debate | SessionKind::Conference | SessionKind::RoundTable
            ),
            moderation: Moderation::Pre,
        }
    }
}

impl Session {
    /// Whether this session takes questions, and how they are moderated.
    pub fn questions_setting(&self) -> QuestionsSetting {
        self.questions
            .unwrap_or_else(|| QuestionsSetting::default_for(self.kind))
    }
}

/// Where a question stands. Attendees see their own questions in every status; everyone
/// else sees `acceptee` and `repondue` only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    /// Waiting for a moderator (pre-moderation).
    EnAttente,
    /// Shown to everyone, open to supports.
    Acceptee,
    /// Asked on stage: shown in its own list.
    Repondue,
    /// Not kept by the moderator (the reason, if any, stays with the moderators).
    NonRetenue,
    /// Merged into another question (`fusionnee_dans`), which took its supports.
    Fusionnee,
}

impl QuestionStatus {
    pub const ALL: [Self; 5] = [
        Self::EnAttente,
        Self::Acceptee,
        Self::Repondue,
        Self::NonRetenue,
        Self::Fusionnee,
    ];

    /// The word used in JSON and in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::EnAttente => "en_attente",
            Self::Acceptee => "acceptee",
            Self::Repondue => "repondue",
            Self::NonRetenue => "non_retenue",
            Self::Fusionnee => "fusionnee",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// French label shown to people (exports, the console).
    pub fn label(self) -> &'static str {
        match self {
            Self::EnAttente => "En attente de modération",
            Self::Acceptee => "Acceptée",
            Self::Repondue => "Répondue",
            Self::NonRetenue => "Non retenue",
            Self::Fusionnee => "Regroupée avec une autre",
        }
    }

    /// Whether everyone may see a question in this status.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Acceptee | Self::Repondue)
    }

    /// Whether a question in this status takes supports ("Moi aussi"): only one everyone
    /// sees and that is still to be asked.
    pub fn takes_supports(self) -> bool {
        self == Self::Acceptee
    }
}

/// One question as the API shows it. `raison` (why it was not kept) is only ever filled in
/// for moderators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub id: i64,
    /// The session's id in its edition.
    pub seance: String,
    pub texte: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prenom: Option<String>,
    pub statut: QuestionStatus,
    /// How many devices said "Moi aussi".
    pub soutiens: u32,
    #[serde(default)]
    pub epinglee: bool,
    /// RFC 3339, UTC.
    pub posee_le: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repondue_le: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fusionnee_dans: Option<i64>,
    /// Moderators only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raison: Option<String>,
}

/// What happened to a session's questions, as the stream sends it. Every event carries
/// whole values (a count, not "+1"), so receiving one twice changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum QuestionEvent {
    /// A question appeared or changed (text, status, pin): its whole new state.
    Question { question: Question },
    /// A question's count of supports changed.
    Soutiens { question: i64, soutiens: u32 },
    /// A question left the list (not kept after all, merged, or deleted).
    Retiree {
        question: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fusionnee_dans: Option<i64>,
    },
    /// The pinned question changed (`null`: none is pinned).
    Epinglee { question: Option<i64> },
}

/// The event names of a session's question stream (public or moderators'): each
/// [`QuestionEvent`]'s, and `reset`, the whole state sent again when the stream cannot
/// resume where it was cut.
pub const STREAM_EVENTS: [&str; 5] = ["question", "soutiens", "retiree", "epinglee", "reset"];

impl QuestionEvent {
    /// The SSE event name (`event:` line).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Question { .. } => "question",
            Self::Soutiens { .. } => "soutiens",
            Self::Retiree { .. } => "retiree",
            Self::Epinglee { .. } => "epinglee",
        }
    }
}

/// The text of a question: trimmed, 1 to 280 characters, no control character (line ends
/// and tabs aside, which are kept as typed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionText(String);

impl QuestionText {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("La question est vide : écrivez-la en une ou deux phrases.".into());
        }
        let len = text.chars().count();
        if len > TEXT_MAX {
            return Err(format!("La question fait {len} caractères : {TEXT_MAX} au plus."));
        }
        if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return Err("La question contient des caractères de contrôle.".into());
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The asker's first name, if they gave one: trimmed, at most 40 characters on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstName(String);

impl FirstName {
    /// Blank means anonymous.
    pub fn parse(raw: Option<&str>) -> Result<Option<Self>, String> {
        let Some(name) = raw.map(str::trim).filter(|n| !n.is_empty()) else {
            return Ok(None);
        };
        if name.chars().count() > NAME_MAX {
            return Err(format!("Le prénom tient en {NAME_MAX} caractères au plus."));
        }
        if name.chars().any(char::is_control) {
            return Err("Le prénom contient des caractères de contrôle.".into());
        }
        Ok(Some(Self(name.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The form two questions are compared in to fold a repeat: lower case, every run of
/// whitespace one space, punctuation at either end dropped ("Et le bus ?" and "et le
/// bus" are the same question). Accents are kept: "côte" and "cote" differ.
pub fn fold_key(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    words
        .join(" ")
        .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace() || is_french_punctuation(c))
        .to_owned()
}

/// Punctuation a French keyboard or phone adds that ASCII lacks.
fn is_french_punctuation(c: char) -> bool {
    matches!(
        c,
        '«' | '»' | '…' | '’' | '‘' | '“' | '”' | '¿' | '¡' | '\u{a0}' | '\u{202f}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::session;

    #[test]
    fn talks_take_questions_by_default_and_the_document_can_say_otherwise() {
        let mut s = session("debat", "10:00", "11:00");
        assert_eq!(
            s.questions_setting(),
            QuestionsSetting {
                enabled: true,
                moderation: Moderation::Pre
            }
        );
        for (kind, enabled) in [
            (SessionKind::Conference, true),
            (SessionKind::RoundTable, true),
            (SessionKind::Meal, false),
            (SessionKind::Ceremony, false),
        ] {
            s.kind = kind;
            assert_eq!(s.questions_setting().enabled, enabled, "{kind:?}");
        }
        s.questions = Some(serde_json::from_str(r#"{"moderation": "post"}"#).unwrap());
        assert_eq!(s.questions_setting().moderation, Moderation::Post);
        assert!(s.questions_setting().enabled, "enabled when written without it");
    }

    #[test]
    fn a_session_without_the_field_reads_and_writes_as_before() {
        let s = session("debat", "10:00", "11:00");
        let json = serde_json::to_value(&s).unwrap();
        assert!(json.get("questions").is_none());
        let back: Session = serde_json::from_value(json).unwrap();
        assert_eq!(back.questions, None);
    }

    #[test]
    fn text_is_trimmed_counted_in_characters_and_plain() {
        assert_eq!(QuestionText::parse("  Et le bus ? ").unwrap().as_str(), "Et le bus ?");
        assert!(QuestionText::parse(" \n ").is_err());
        assert!(QuestionText::parse(&"é".repeat(280)).is_ok(), "characters, not bytes");
        assert!(QuestionText::parse(&"é".repeat(281)).is_err());
        assert!(QuestionText::parse("a\u{7}b").is_err());
        assert!(QuestionText::parse("deux\nlignes").is_ok());
        assert_eq!(
            QuestionText::parse("<script>alert(1)</script>").unwrap().as_str(),
            "<script>alert(1)</script>",
            "kept as text: whoever shows it escapes it"
        );
    }

    #[test]
    fn first_names_are_optional_short_and_on_one_line() {
        assert_eq!(FirstName::parse(None).unwrap(), None);
        assert_eq!(FirstName::parse(Some("  ")).unwrap(), None);
        assert_eq!(FirstName::parse(Some(" Zoé ")).unwrap().unwrap().as_str(), "Zoé");
        assert!(FirstName::parse(Some(&"é".repeat(40))).is_ok());
        assert!(FirstName::parse(Some(&"é".repeat(41))).is_err());
        assert!(FirstName::parse(Some("Zoé\nMartin")).is_err());
    }

    #[test]
    fn repeats_fold_whatever_their_case_spacing_and_end_punctuation() {
        let key = fold_key("Et le   BUS de nuit ?");
        assert_eq!(key, "et le bus de nuit");
        for same in [
            "et le bus de nuit",
            "« Et le bus de nuit ? »",
            "Et le bus\tde nuit…",
            "ET LE BUS DE NUIT !!!",
        ] {
            assert_eq!(fold_key(same), key, "{same}");
        }
        assert_ne!(fold_key("Et le bus de jour ?"), key);
        assert_ne!(fold_key("côte"), fold_key("cote"), "accents matter");
    }

    #[test]
    fn statuses_read_and_write_the_same_words() {
        for status in QuestionStatus::ALL {
            assert_eq!(QuestionStatus::from_code(status.code()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.code());
        }
        assert!(QuestionStatus::Acceptee.is_public() && QuestionStatus::Repondue.is_public());
        assert!(!QuestionStatus::EnAttente.is_public() && !QuestionStatus::NonRetenue.is_public());
    }

    #[test]
    fn events_are_tagged_and_named_alike() {
        let event = QuestionEvent::Soutiens {
            question: 3,
            soutiens: 7,
        };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"type": "soutiens", "question": 3, "soutiens": 7})
        );
        assert_eq!(json["type"], event.name());
        let pin = QuestionEvent::Epinglee { question: None };
        assert_eq!(serde_json::to_value(&pin).unwrap()["type"], pin.name());
    }
}
