//! The bilan of an edition, from attendees' answers: per question, how many answered and
//! what (a distribution, a mean and a median for scales, the texts); per session, the
//! interest (devices that bookmarked it) beside the quick ratings; per stand, the contact
//! requests its association received. Answers name the questionnaire version they were
//! given to, so a question reworded or changed later keeps its old answers readable, apart.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::edition::Edition;
use crate::questionnaire::{Answer, Answers, QuestionKind, Questionnaire, SCALE};

/// The bilan of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bilan {
    /// How many attendees answered (at least one question).
    pub responses: usize,
    pub questions: Vec<QuestionBilan>,
}

/// What the answers to one question say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionBilan {
    pub id: String,
    pub text: String,
    /// The versions of the questionnaire this question had this wording and kind in.
    pub versions: Vec<u32>,
    pub answered: usize,
    pub detail: Detail,
}

/// The answers of one question, by kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Detail {
    Scale {
        low: String,
        high: String,
        /// How many gave 1, 2, 3, 4, 5.
        counts: [usize; 5],
        mean: Option<f64>,
        median: Option<f64>,
    },
    /// Each option and how many chose it, in the questionnaire's order.
    Options {
        counts: Vec<(String, usize)>,
    },
    Texts {
        texts: Vec<String>,
    },
}

impl Detail {
    fn new(kind: &QuestionKind) -> Self {
        match kind {
            QuestionKind::Scale { low, high } => Self::Scale {
                low: low.clone(),
                high: high.clone(),
                counts: [0; 5],
                mean: None,
                median: None,
            },
            QuestionKind::Choice { options } | QuestionKind::Choices { options } => Self::Options {
                counts: options.iter().map(|o| (o.clone(), 0)).collect(),
            },
            QuestionKind::Text => Self::Texts { texts: Vec::new() },
        }
    }

    /// Counts `answer`; false when it does not fit (then it is not counted).
    fn add(&mut self, answer: &Answer) -> bool {
        match (self, answer) {
            (Self::Scale { counts, .. }, Answer::Point(p)) if SCALE.contains(p) => {
                counts[usize::from(*p) - 1] += 1;
                true
            }
            (Self::Options { counts }, Answer::Text(t)) => tick(counts, t),
            (Self::Options { counts }, Answer::Options(ticked)) => {
                // Every option ticked is counted, not only the first known one.
                let mut any = false;
                for t in ticked {
                    any |= tick(counts, t);
                }
                any
            }
            (Self::Texts { texts }, Answer::Text(t)) if !t.trim().is_empty() => {
                texts.push(t.trim().to_owned());
                true
            }
            _ => false,
        }
    }

    fn finish(&mut self) {
        if let Self::Scale {
            counts, mean, median, ..
        } = self
        {
            (*mean, *median) = (scale_mean(counts), scale_median(counts));
        }
    }
}

fn tick(counts: &mut [(String, usize)], option: &str) -> bool {
    match counts.iter_mut().find(|(o, _)| o == option) {
        Some((_, n)) => {
            *n += 1;
            true
        }
        None => false,
    }
}

/// The mean of a scale's answers, from its counts of 1 to 5.
pub fn scale_mean(counts: &[usize; 5]) -> Option<f64> {
    let n: usize = counts.iter().sum();
    let sum: usize = counts.iter().enumerate().map(|(i, c)| (i + 1) * c).sum();
    (n > 0).then(|| sum as f64 / n as f64)
}

/// The median of a scale's answers: the middle one, or the mean of the two middle ones.
pub fn scale_median(counts: &[usize; 5]) -> Option<f64> {
    let n: usize = counts.iter().sum();
    if n == 0 {
        return None;
    }
    // The value of the k-th answer (0-based) in sorted order.
    let nth = |k: usize| {
        let mut seen = 0;
        counts
            .iter()
            .position(|c| {
                seen += c;
                seen > k
            })
            .map_or(5.0, |i| (i + 1) as f64)
    };
    Some(if n % 2 == 1 {
        nth(n / 2)
    } else {
        (nth(n / 2 - 1) + nth(n / 2)) / 2.0
    })
}

/// The bilan of `responses`, given to any of `versions` (the questionnaires the edition had,
/// in any order). Questions are listed as the newest version orders them, then those only
/// older versions had. A question whose kind or options changed between versions is two
/// questions here, each with the versions it covers.
pub fn summarize(versions: &[Questionnaire], responses: &[Answers]) -> Bilan {
    let mut sorted: Vec<&Questionnaire> = versions.iter().collect();
    sorted.sort_by_key(|q| std::cmp::Reverse(q.version));
    // One entry per (id, kind); which entry each version's question counts towards.
    let mut entries: Vec<(QuestionBilan, QuestionKind)> = Vec::new();
    let mut route: HashMap<(u32, &str), usize> = HashMap::new();
    for questionnaire in &sorted {
        for q in &questionnaire.questions {
            let found = entries.iter().position(|(e, kind)| e.id == q.id && *kind == q.kind);
            let index = found.unwrap_or_else(|| {
                entries.push((
                    QuestionBilan {
                        id: q.id.clone(),
                        text: q.text.clone(),
                        versions: Vec::new(),
                        answered: 0,
                        detail: Detail::new(&q.kind),
                    },
                    q.kind.clone(),
                ));
                entries.len() - 1
            });
            entries[index].0.versions.push(questionnaire.version);
            route.insert((questionnaire.version, q.id.as_str()), index);
        }
    }
    let mut responses_counted = 0;
    for given in responses {
        let mut any = false;
        for (id, answer) in &given.answers {
            if let Some(&index) = route.get(&(given.version, id.as_str())) {
                let entry = &mut entries[index].0;
                if entry.detail.add(answer) {
                    entry.answered += 1;
                    any = true;
                }
            }
        }
        responses_counted += usize::from(any);
    }
    let questions = entries
        .into_iter()
        .map(|(mut e, _)| {
            e.detail.finish();
            e.versions.sort_unstable();
            e
        })
        .collect();
    Bilan {
        responses: responses_counted,
        questions,
    }
}

/// One stand of the bilan: how many visitors asked its association to contact them
/// (« Je veux m'engager »), withdrawn requests not counted and expired ones still counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandBilan {
    pub stand: String,
    pub nom: String,
    pub demandes: u32,
}

/// One session of the bilan: how many devices bookmarked it, and its quick ratings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionBilan {
    pub id: String,
    pub title: String,
    pub interest: usize,
    pub ratings: usize,
    pub mean: Option<f64>,
}

/// Every session of `edition` with its interest and ratings, the most wanted first (then
/// the best rated, then in programme order). `ratings` are (session id, 1 to 5).
pub fn sessions(edition: &Edition, interest: &HashMap<String, usize>, ratings: &[(String, u8)]) -> Vec<SessionBilan> {
    let mut lines: Vec<(usize, SessionBilan)> = edition
        .sessions
        .iter()
        .enumerate()
        .map(|(order, s)| {
            let mut counts = [0usize; 5];
            for (_, r) in ratings
                .iter()
                .filter(|(id, r)| id == s.id.as_str() && SCALE.contains(r))
            {
                counts[usize::from(*r) - 1] += 1;
            }
            let line = SessionBilan {
                id: s.id.to_string(),
                title: s.title.clone(),
                interest: interest.get(s.id.as_str()).copied().unwrap_or(0),
                ratings: counts.iter().sum(),
                mean: scale_mean(&counts),
            };
            (order, line)
        })
        .collect();
    lines.sort_by(|(oa, a), (ob, b)| {
        b.interest
            .cmp(&a.interest)
            .then(b.mean.unwrap_or(0.0).total_cmp(&a.mean.unwrap_or(0.0)))
            .then(oa.cmp(ob))
    });
    lines.into_iter().map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{default_questionnaire, Question};

    fn response(version: u32, pairs: &[(&str, Answer)]) -> Answers {
        Answers {
            version,
            answers: pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
        }
    }

    #[test]
    fn mean_and_median_of_a_scale() {
        assert_eq!(scale_mean(&[0; 5]), None);
        assert_eq!(scale_median(&[0; 5]), None);
        // 1, 4, 4, 5
        let counts = [1, 0, 0, 2, 1];
        assert_eq!(scale_mean(&counts), Some(3.5));
        assert_eq!(scale_median(&counts), Some(4.0));
        // 2, 3, 5, 5, 5, 1 → sorted 1 2 3 5 5 5: median (3 + 5) / 2
        assert_eq!(scale_median(&[1, 1, 1, 0, 3]), Some(4.0));
        assert_eq!(scale_median(&[0, 0, 1, 0, 0]), Some(3.0));
    }

    #[test]
    fn answers_are_counted_per_question_and_kind() {
        let q = default_questionnaire();
        let responses = [
            response(
                1,
                &[("journee", Answer::Point(5)), ("revenir", Answer::Text("Oui".into()))],
            ),
            response(
                1,
                &[
                    ("journee", Answer::Point(3)),
                    ("commentaire", Answer::Text("  Merci ! ".into())),
                ],
            ),
            response(1, &[("journee", Answer::Point(9))]),
        ];
        let bilan = summarize(std::slice::from_ref(&q), &responses);
        assert_eq!(bilan.responses, 2, "an answer that fits nothing is not a response");
        let journee = &bilan.questions[0];
        assert_eq!(journee.answered, 2);
        assert_eq!(
            journee.detail,
            Detail::Scale {
                low: "Pas du tout satisfait".into(),
                high: "Très satisfait".into(),
                counts: [0, 0, 1, 0, 1],
                mean: Some(4.0),
                median: Some(4.0),
            }
        );
        let revenir = bilan.questions.iter().find(|b| b.id == "revenir").unwrap();
        assert_eq!(
            revenir.detail,
            Detail::Options {
                counts: vec![("Oui".into(), 1), ("Peut-être".into(), 0), ("Non".into(), 0)]
            }
        );
        let comment = bilan.questions.iter().find(|b| b.id == "commentaire").unwrap();
        assert_eq!(
            comment.detail,
            Detail::Texts {
                texts: vec!["Merci !".into()]
            }
        );
    }

    #[test]
    fn a_question_changed_between_versions_keeps_its_old_answers_apart() {
        let v1 = default_questionnaire();
        let mut v2 = v1.clone();
        v2.version = 2;
        // "revenir" becomes a scale; "journee" is only reworded (same kind: counted together).
        v2.questions[0].text = "Votre avis sur la journée".into();
        v2.questions[5] = Question {
            id: "revenir".into(),
            text: "Envie de revenir ?".into(),
            kind: QuestionKind::Scale {
                low: "Non".into(),
                high: "Oui".into(),
            },
            required: false,
        };
        let responses = [
            response(
                1,
                &[("journee", Answer::Point(2)), ("revenir", Answer::Text("Non".into()))],
            ),
            response(2, &[("journee", Answer::Point(4)), ("revenir", Answer::Point(5))]),
        ];
        let bilan = summarize(&[v1, v2], &responses);
        let journee = &bilan.questions[0];
        assert_eq!(journee.text, "Votre avis sur la journée", "the newest wording");
        assert_eq!(journee.versions, [1, 2]);
        assert_eq!(journee.answered, 2);
        let revenir: Vec<&QuestionBilan> = bilan.questions.iter().filter(|b| b.id == "revenir").collect();
        assert_eq!(revenir.len(), 2);
        assert_eq!((revenir[0].versions.as_slice(), revenir[0].answered), (&[2][..], 1));
        assert_eq!((revenir[1].versions.as_slice(), revenir[1].answered), (&[1][..], 1));
        assert_eq!(revenir[1].text, "Reviendrez-vous l'an prochain ?");
    }

    #[test]
    fn sessions_are_ranked_by_interest_then_rating() {
        let edition = crate::test_support::edition();
        let interest = HashMap::from([("conf".to_owned(), 2)]);
        let ratings = [("debat".to_owned(), 4), ("debat".to_owned(), 5), ("conf".to_owned(), 7)];
        let lines = sessions(&edition, &interest, &ratings);
        let seen: Vec<(&str, usize, usize)> = lines.iter().map(|l| (l.id.as_str(), l.interest, l.ratings)).collect();
        assert_eq!(seen, [("conf", 2, 0), ("debat", 0, 2)], "a rating of 7 is not counted");
        assert_eq!(lines[1].mean, Some(4.5));
        // Without interest, the better rated comes first.
        let lines = sessions(
            &edition,
            &HashMap::new(),
            &[("debat".to_owned(), 3), ("conf".to_owned(), 5)],
        );
        assert_eq!(lines[0].id, "conf");
    }
}
