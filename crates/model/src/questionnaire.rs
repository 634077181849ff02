//! The satisfaction questionnaire of an edition, as the CCAS evaluates its day: a few
//! questions of four kinds, each optional or required, in an order. Attendees' answers are
//! checked against the questionnaire they answered (its version), question by question,
//! with a French sentence and a JSON path for each problem.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::validate::{Issue, Report};

/// Longest text of a question, an option or a scale's end word, in characters.
pub const LABEL_MAX: usize = 200;
/// Longest free answer, in characters.
pub const ANSWER_MAX: usize = 2000;
/// Most questions in one questionnaire.
pub const QUESTIONS_MAX: usize = 40;
/// Most options of a choice.
pub const OPTIONS_MAX: usize = 20;
/// The points of a scale: 1 to 5.
pub const SCALE: std::ops::RangeInclusive<u8> = 1..=5;

/// The questionnaire of an edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Raised by the organizers' console whenever a question changes, so answers given to
    /// an earlier wording stay readable as such.
    pub version: u32,
    pub questions: Vec<Question>,
}

/// One question. Stored flat (`{"id", "text", "kind": "scale", "low", "high"}`): read
/// through [`StoredQuestion`], since serde's flattened, tagged enums cost the phone's
/// download several kilobytes of generic code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "StoredQuestion", into = "StoredQuestion")]
pub struct Question {
    /// Stable within the edition: answers name it.
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    pub required: bool,
}

/// A question as the document stores it.
#[derive(Serialize, Deserialize)]
struct StoredQuestion {
    id: String,
    text: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    low: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    high: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    options: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    required: bool,
}

impl TryFrom<StoredQuestion> for Question {
    type Error = String;

    fn try_from(q: StoredQuestion) -> Result<Self, String> {
        let options = q.options.unwrap_or_default();
        let kind = match q.kind.as_str() {
            "scale" => QuestionKind::Scale {
                low: q.low.unwrap_or_default(),
                high: q.high.unwrap_or_default(),
            },
            "choice" => QuestionKind::Choice { options },
            "choices" => QuestionKind::Choices { options },
            "text" => QuestionKind::Text,
            other => {
                return Err(format!(
                    "type de question inconnu « {other} » (scale, choice, choices ou text)"
                ))
            }
        };
        Ok(Self {
            id: q.id,
            text: q.text,
            kind,
            required: q.required,
        })
    }
}

impl From<Question> for StoredQuestion {
    fn from(q: Question) -> Self {
        let (kind, low, high, options) = match q.kind {
            QuestionKind::Scale { low, high } => ("scale", Some(low), Some(high), None),
            QuestionKind::Choice { options } => ("choice", None, None, Some(options)),
            QuestionKind::Choices { options } => ("choices", None, None, Some(options)),
            QuestionKind::Text => ("text", None, None, None),
        };
        Self {
            id: q.id,
            text: q.text,
            kind: kind.to_owned(),
            low,
            high,
            options,
            required: q.required,
        }
    }
}

/// What sort of answer a question takes.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionKind {
    /// 1 to 5, with a word at each end ("Pas du tout satisfait" … "Très satisfait").
    Scale { low: String, high: String },
    /// One option among several.
    Choice { options: Vec<String> },
    /// Any number of the options.
    Choices { options: Vec<String> },
    /// A few sentences.
    Text,
}

impl QuestionKind {
    /// "échelle", "choix unique"… as the console says it.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Scale { .. } => "échelle de 1 à 5",
            Self::Choice { .. } => "un seul choix",
            Self::Choices { .. } => "plusieurs choix possibles",
            Self::Text => "réponse libre",
        }
    }

    /// The options a choice offers (none for scales and texts).
    pub fn choices(&self) -> &[String] {
        match self {
            Self::Choice { options } | Self::Choices { options } => options,
            _ => &[],
        }
    }
}

/// One attendee's answer to one question: a number, a text or a list of texts in JSON.
/// Read by hand rather than as an untagged enum, whose buffering costs the phone's
/// download kilobytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    /// A point of a scale.
    Point(u8),
    /// An option of a choice, or a free text.
    Text(String),
    /// The options ticked.
    Options(Vec<String>),
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

impl<'de> serde::de::Visitor<'de> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("un nombre de 1 à 5, un texte ou une liste de textes")
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Answer, E> {
        u8::try_from(v)
            .map(Answer::Point)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
        Ok(Answer::Text(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Answer, E> {
        Ok(Answer::Text(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
        let mut options = Vec::new();
        while let Some(option) = seq.next_element::<String>()? {
            options.push(option);
        }
        Ok(Answer::Options(options))
    }
}

/// One attendee's answers: the questionnaire version they saw and an answer per question
/// they answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub version: u32,
    pub answers: BTreeMap<String, Answer>,
}

impl Questionnaire {
    /// Problems of the questionnaire itself, for the edition's validation (`at` is its
    /// JSON path).
    pub fn check(&self, at: &str, report: &mut Report) {
        if self.questions.len() > QUESTIONS_MAX {
            report.errors.push(Issue::new(
                format!("{at}/questions"),
                format!("Un questionnaire compte {QUESTIONS_MAX} questions au plus : gardez l'essentiel."),
            ));
        }
        let mut seen = HashSet::new();
        for (i, q) in self.questions.iter().enumerate() {
            let here = format!("{at}/questions/{i}");
            if crate::ids::SessionId::parse(q.id.as_str()).is_err() {
                report.errors.push(Issue::new(
                    format!("{here}/id"),
                    "L'identifiant d'une question : des lettres sans accent, des chiffres et des tirets.",
                ));
            } else if !seen.insert(q.id.as_str()) {
                report.errors.push(Issue::new(
                    format!("{here}/id"),
                    format!("Deux questions portent l'identifiant « {} ».", q.id),
                ));
            }
            check_label(report, format!("{here}/text"), &q.text, "Le texte de la question");
            check_kind(report, &here, &q.kind);
        }
    }

    fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Every problem of `given`, answers to this questionnaire, each at its JSON path
    /// (`/answers/{question}`). Empty when the answers can be stored.
    pub fn check_answers(&self, given: &Answers) -> Vec<Issue> {
        let mut issues = Vec::new();
        if given.version != self.version {
            issues.push(Issue::new(
                "/version",
                format!(
                    "Le questionnaire a changé (version {} ; vos réponses portent sur la version {}) : rechargez la page pour répondre au questionnaire actuel.",
                    self.version, given.version
                ),
            ));
            return issues;
        }
        for (id, answer) in &given.answers {
            let at = format!("/answers/{}", crate::serde_message::escape(id));
            match self.question(id) {
                None => issues.push(Issue::new(
                    at,
                    format!("La question « {id} » n'existe pas dans ce questionnaire."),
                )),
                Some(q) => {
                    if let Err(message) = check_answer(q, answer) {
                        issues.push(Issue::new(at, message));
                    }
                }
            }
        }
        for q in self.questions.iter().filter(|q| q.required) {
            let blank = given.answers.get(&q.id).is_none_or(is_blank);
            if blank {
                issues.push(Issue::new(
                    format!("/answers/{}", crate::serde_message::escape(&q.id)),
                    format!("La question « {} » demande une réponse.", q.text),
                ));
            }
        }
        issues
    }
}

fn check_label(report: &mut Report, at: String, text: &str, what: &str) {
    let len = text.trim().chars().count();
    if len == 0 {
        report.errors.push(Issue::new(at, format!("{what} est vide.")));
    } else if len > LABEL_MAX {
        report.errors.push(Issue::new(
            at,
            format!("{what} tient en {LABEL_MAX} caractères au plus."),
        ));
    }
}

fn check_kind(report: &mut Report, here: &str, kind: &QuestionKind) {
    match kind {
        QuestionKind::Scale { low, high } => {
            check_label(report, format!("{here}/low"), low, "Le mot du bas de l'échelle");
            check_label(report, format!("{here}/high"), high, "Le mot du haut de l'échelle");
        }
        QuestionKind::Choice { options } | QuestionKind::Choices { options } => {
            if options.len() < 2 || options.len() > OPTIONS_MAX {
                report.errors.push(Issue::new(
                    format!("{here}/options"),
                    format!("Une question à choix propose de 2 à {OPTIONS_MAX} réponses."),
                ));
            }
            let mut seen = HashSet::new();
            for (k, option) in options.iter().enumerate() {
                check_label(report, format!("{here}/options/{k}"), option, "Une réponse proposée");
                if !seen.insert(option.trim()) {
                    report.errors.push(Issue::new(
                        format!("{here}/options/{k}"),
                        format!("La réponse « {option} » est proposée deux fois."),
                    ));
                }
            }
        }
        QuestionKind::Text => {}
    }
}

fn is_blank(answer: &Answer) -> bool {
    match answer {
        Answer::Point(_) => false,
        Answer::Text(t) => t.trim().is_empty(),
        Answer::Options(o) => o.is_empty(),
    }
}

/// Whether `answer` fits question `q`, or what is wrong with it.
fn check_answer(q: &Question, answer: &Answer) -> Result<(), String> {
    let wrong = || {
        format!(
            "La question « {} » attend une réponse de type {}.",
            q.text,
            q.kind.label()
        )
    };
    match (&q.kind, answer) {
        (QuestionKind::Scale { .. }, Answer::Point(p)) if SCALE.contains(p) => Ok(()),
        (QuestionKind::Scale { .. }, Answer::Point(p)) => Err(format!(
            "« {p} » n'est pas sur l'échelle de 1 à 5 de la question « {} ».",
            q.text
        )),
        (QuestionKind::Choice { options }, Answer::Text(t)) => known_option(q, options, t),
        (QuestionKind::Choices { options }, Answer::Options(ticked)) => {
            let unique: HashSet<&String> = ticked.iter().collect();
            if unique.len() != ticked.len() {
                return Err(format!(
                    "Une réponse est cochée deux fois à la question « {} ».",
                    q.text
                ));
            }
            ticked.iter().try_for_each(|t| known_option(q, options, t))
        }
        (QuestionKind::Text, Answer::Text(t)) if t.chars().count() > ANSWER_MAX => Err(format!(
            "La réponse à la question « {} » tient en {ANSWER_MAX} caractères au plus.",
            q.text
        )),
        (QuestionKind::Text, Answer::Text(_)) => Ok(()),
        _ => Err(wrong()),
    }
}

fn known_option(q: &Question, options: &[String], given: &str) -> Result<(), String> {
    if options.iter().any(|o| o == given) {
        Ok(())
    } else {
        Err(format!(
            "« {given} » ne fait pas partie des réponses proposées à la question « {} ».",
            q.text
        ))
    }
}

/// The questionnaire shipped with the demo data when an edition has none: what the CCAS
/// asked in 2013, in the words of its write-up.
pub fn default_questionnaire() -> Questionnaire {
    let scale = |id: &str, text: &str| Question {
        id: id.into(),
        text: text.into(),
        kind: QuestionKind::Scale {
            low: "Pas du tout satisfait".into(),
            high: "Très satisfait".into(),
        },
        required: false,
    };
    Questionnaire {
        version: 1,
        questions: vec![
            scale("journee", "Dans l'ensemble, êtes-vous satisfait de la journée ?"),
            scale("interventions", "La qualité des interventions"),
            scale("echanges", "Le temps laissé aux échanges avec le public"),
            scale("village", "Le village des solidarités"),
            scale("organisation", "L'organisation (accueil, horaires, lieux)"),
            Question {
                id: "revenir".into(),
                text: "Reviendrez-vous l'an prochain ?".into(),
                kind: QuestionKind::Choice {
                    options: vec!["Oui".into(), "Peut-être".into(), "Non".into()],
                },
                required: false,
            },
            Question {
                id: "commentaire".into(),
                text: "Un mot pour les organisateurs ?".into(),
                kind: QuestionKind::Text,
                required: false,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        Answers {
            version: 1,
            answers: pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        }
    }

    #[test]
    fn the_default_questionnaire_is_valid_and_accepts_fitting_answers() {
        let q = default_questionnaire();
        let mut report = Report::default();
        q.check("/questionnaire", &mut report);
        assert!(report.errors.is_empty(), "{report:?}");
        let given = answers(&[
            ("journee", Answer::Point(5)),
            ("revenir", Answer::Text("Peut-être".into())),
            ("commentaire", Answer::Text("Plus de temps pour les questions.".into())),
        ]);
        assert_eq!(q.check_answers(&given), []);
    }

    #[test]
    fn the_demo_edition_ships_the_default_questionnaire() {
        let demo = crate::Edition::from_json(include_str!("../../../data/2013.json")).unwrap();
        assert_eq!(demo.questionnaire, Some(default_questionnaire()));
    }

    #[test]
    fn answers_that_do_not_fit_are_refused_at_their_question() {
        let mut q = default_questionnaire();
        q.questions[0].required = true;
        let given = answers(&[
            ("village", Answer::Point(6)),
            ("revenir", Answer::Text("Jamais".into())),
            ("organisation", Answer::Text("bien".into())),
            ("inconnue", Answer::Point(3)),
        ]);
        let issues = q.check_answers(&given);
        let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "/answers/inconnue",
                "/answers/organisation",
                "/answers/revenir",
                "/answers/village",
                "/answers/journee"
            ]
        );
        assert!(issues[3].message.contains("« 6 » n'est pas sur l'échelle"));
        assert!(issues[4].message.contains("demande une réponse"));
    }

    #[test]
    fn answers_to_another_version_are_refused_as_a_whole() {
        let q = default_questionnaire();
        let mut given = answers(&[("journee", Answer::Point(4))]);
        given.version = 2;
        let issues = q.check_answers(&given);
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].path, "/version");
    }

    #[test]
    fn several_choices_refuse_a_repeated_or_unknown_option() {
        let q = Questionnaire {
            version: 1,
            questions: vec![Question {
                id: "venu".into(),
                text: "Comment êtes-vous venu ?".into(),
                kind: QuestionKind::Choices {
                    options: vec!["Tram".into(), "Bus".into(), "À pied".into()],
                },
                required: true,
            }],
        };
        let ok = answers(&[("venu", Answer::Options(vec!["Tram".into(), "À pied".into()]))]);
        assert_eq!(q.check_answers(&ok), []);
        let twice = answers(&[("venu", Answer::Options(vec!["Tram".into(), "Tram".into()]))]);
        assert!(q.check_answers(&twice)[0].message.contains("cochée deux fois"));
        let none = answers(&[("venu", Answer::Options(vec![]))]);
        assert!(q.check_answers(&none)[0].message.contains("demande une réponse"));
    }

    #[test]
    fn a_questionnaire_with_duplicate_ids_or_lone_options_is_refused() {
        let mut q = default_questionnaire();
        q.questions[1].id = "journee".into();
        q.questions[5].kind = QuestionKind::Choice {
            options: vec!["Oui".into()],
        };
        let mut report = Report::default();
        q.check("/questionnaire", &mut report);
        let paths: Vec<&str> = report.errors.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/questionnaire/questions/1/id", "/questionnaire/questions/5/options"]
        );
    }

    #[test]
    fn questions_read_and_write_as_the_document_stores_them() {
        let text = r#"{"id":"journee","text":"La journée","kind":"scale","low":"Bof","high":"Super","required":true}"#;
        let q: Question = serde_json::from_str(text).unwrap();
        assert!(q.required);
        assert_eq!(serde_json::to_string(&q).unwrap(), text);
        let a: Answers = serde_json::from_str(r#"{"version":1,"answers":{"a":3,"b":"Oui","c":["x","y"]}}"#).unwrap();
        assert_eq!(a.answers["a"], Answer::Point(3));
        assert_eq!(a.answers["b"], Answer::Text("Oui".into()));
        assert_eq!(a.answers["c"], Answer::Options(vec!["x".into(), "y".into()]));
    }
}
