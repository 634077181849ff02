//! What moderators see of a session's questions, kept live: every question in every
//! status, from the moderators' queue (`GET /api/admin/sessions/{id}/questions`, or the
//! stream's `reset`) and each event of their stream.

use serde::{Deserialize, Serialize};

use crate::question_board::{Pinned, QuestionChanged, SupportsEvent};
use crate::questions::{Moderation, Question, QuestionStatus};
use crate::sort;

/// A session's questions as moderators see them: every question in every status, kept
/// live by the moderators' stream.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    #[serde(default)]
    pub titre: String,
    #[serde(default)]
    pub ouvertes: bool,
    #[serde(default)]
    pub moderation: Moderation,
    #[serde(default)]
    pub dernier_evenement: i64,
    #[serde(default)]
    pub epinglee: Option<i64>,
    /// In the order asked.
    #[serde(default)]
    pub questions: Vec<Question>,
}

impl Queue {
    /// Applies the stream's event `name`; `Ok(false)` when the queue should be read again
    /// (a question left it), an error for a damaged event.
    pub fn apply(&mut self, id: i64, name: &str, data: &str) -> Result<bool, String> {
        if id != 0 && id <= self.dernier_evenement {
            return Ok(true);
        }
        let read_error = |e: serde_json::Error| format!("événement « {name} » illisible : {e}");
        let complete = match name {
            "question" => {
                let QuestionChanged { question } = serde_json::from_str(data).map_err(read_error)?;
                if question.epinglee {
                    self.epinglee = Some(question.id);
                } else if self.epinglee == Some(question.id) {
                    self.epinglee = None;
                }
                match self.questions.iter_mut().find(|q| q.id == question.id) {
                    Some(q) => *q = question,
                    None => self.questions.push(question),
                }
                true
            }
            "soutiens" => {
                let e: SupportsEvent = serde_json::from_str(data).map_err(read_error)?;
                for q in self.questions.iter_mut().filter(|q| q.id == e.question) {
                    q.soutiens = e.soutiens;
                }
                true
            }
            "epinglee" => {
                let e: Pinned = serde_json::from_str(data).map_err(read_error)?;
                self.epinglee = e.question;
                for q in &mut self.questions {
                    q.epinglee = Some(q.id) == e.question;
                }
                true
            }
            "retiree" => false,
            _ => true,
        };
        self.dernier_evenement = self.dernier_evenement.max(id);
        Ok(complete)
    }

    /// The questions in `status`; accepted ones the most supported first, the others in
    /// the order asked (waiting ones: the oldest first, as a queue).
    pub fn in_status(&self, status: QuestionStatus) -> Vec<Question> {
        let mut list: Vec<Question> = self.questions.iter().filter(|q| q.statut == status).cloned().collect();
        if status == QuestionStatus::Acceptee {
            sort::by_key(&mut list, |q| (std::cmp::Reverse(q.soutiens), q.id));
        }
        list
    }

    /// How many questions are in `status`.
    pub fn count(&self, status: QuestionStatus) -> usize {
        self.questions.iter().filter(|q| q.statut == status).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question_board::tests::{event, q};

    #[test]
    fn the_moderators_queue_follows_statuses_pins_and_counts() {
        let mut queue = Queue::default();
        queue
            .apply(1, "question", &event(&q(1, QuestionStatus::EnAttente, 0)))
            .unwrap();
        queue
            .apply(2, "question", &event(&q(2, QuestionStatus::EnAttente, 0)))
            .unwrap();
        assert_eq!(queue.count(QuestionStatus::EnAttente), 2);
        queue
            .apply(3, "question", &event(&q(2, QuestionStatus::Acceptee, 0)))
            .unwrap();
        queue.apply(4, "soutiens", r#"{"question":2,"soutiens":5}"#).unwrap();
        assert_eq!(queue.in_status(QuestionStatus::Acceptee)[0].soutiens, 5);
        assert_eq!(queue.in_status(QuestionStatus::EnAttente).len(), 1);
        queue.apply(5, "epinglee", r#"{"question":2}"#).unwrap();
        assert!(queue.questions.iter().find(|x| x.id == 2).unwrap().epinglee);
        assert_eq!(queue.apply(6, "retiree", r#"{"question":1}"#), Ok(false));
        assert_eq!(queue.apply(6, "retiree", r#"{"question":1}"#), Ok(true), "already seen");
    }
}
