//! What a phone or a screen shows of a session's questions, kept live: the state the API
//! sends (`GET /api/sessions/{id}/questions`, or the stream's `reset`), then each event of
//! the stream applied on top. Events carry whole values, so one received twice changes
//! nothing; the board also says what a person should hear of a change (a polite summary,
//! not every count).

use serde::{Deserialize, Serialize};

use crate::questions::{Moderation, Question, QuestionStatus};
use crate::sort;

/// A session's questions as attendees see them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Board {
    /// Whether the session takes new questions.
    #[serde(default)]
    pub ouvertes: bool,
    #[serde(default)]
    pub moderation: Moderation,
    /// The id of the last event this state includes.
    #[serde(default)]
    pub dernier_evenement: i64,
    #[serde(default)]
    pub epinglee: Option<i64>,
    /// Accepted questions, open to supports.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Questions asked on stage.
    #[serde(default)]
    pub repondues: Vec<Question>,
    /// With `?appareil=`: this device's own questions and supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appareil: Option<Mine>,
}

/// A device's own questions (in every status) and the questions it supports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Mine {
    #[serde(default)]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub soutenues: Vec<i64>,
}

/// How the accepted questions are listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// The most supported first, then the newest.
    #[default]
    Soutiens,
    /// The newest first.
    Recentes,
}

/// What an event changed, for the summary read to screen-reader users.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Heard {
    /// Questions that became visible.
    pub new: u32,
    /// Questions marked answered.
    pub answered: u32,
    /// The pinned question changed to one.
    pub pinned: bool,
}

impl Heard {
    pub fn add(&mut self, other: Heard) {
        self.new += other.new;
        self.answered += other.answered;
        self.pinned |= other.pinned;
    }

    pub fn is_empty(&self) -> bool {
        *self == Heard::default()
    }

    /// « 2 nouvelles questions. Une question a reçu sa réponse. »
    pub fn sentence(&self) -> Option<String> {
        let mut parts = Vec::new();
        match self.new {
            0 => {}
            1 => parts.push("Une nouvelle question.".to_owned()),
            n => parts.push(format!("{n} nouvelles questions.")),
        }
        match self.answered {
            0 => {}
            1 => parts.push("Une question a reçu sa réponse.".to_owned()),
            n => parts.push(format!("{n} questions ont reçu leur réponse.")),
        }
        if self.pinned {
            parts.push("Une question est posée en ce moment.".to_owned());
        }
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// The data of the stream's `soutiens` event.
#[derive(Debug, Clone, Deserialize)]
pub struct SupportsEvent {
    pub question: i64,
    pub soutiens: u32,
}

/// The data of the stream's `question` event.
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionChanged {
    pub question: Question,
}

/// The data of the stream's `retiree` event.
#[derive(Debug, Clone, Deserialize)]
pub struct Withdrawn {
    pub question: i64,
    #[serde(default)]
    pub fusionnee_dans: Option<i64>,
}

/// The data of the stream's `epinglee` event.
#[derive(Debug, Clone, Deserialize)]
pub struct Pinned {
    pub question: Option<i64>,
}

impl Board {
    /// Applies the stream's event `name` with its JSON `data` and id; an event already
    /// included (id at or below `dernier_evenement`) or unknown changes nothing.
    pub fn apply(&mut self, id: i64, name: &str, data: &str) -> Result<Heard, String> {
        if id != 0 && id <= self.dernier_evenement {
            return Ok(Heard::default());
        }
        let read_error = |e: serde_json::Error| format!("événement « {name} » illisible : {e}");
        let heard = match name {
            "question" => {
                let QuestionChanged { question } = serde_json::from_str(data).map_err(read_error)?;
                self.put(question)
            }
            "soutiens" => {
                let e: SupportsEvent = serde_json::from_str(data).map_err(read_error)?;
                self.count(e.question, e.soutiens);
                Heard::default()
            }
            "retiree" => {
                let e: Withdrawn = serde_json::from_str(data).map_err(read_error)?;
                self.remove(e.question, e.fusionnee_dans);
                Heard::default()
            }
            "epinglee" => {
                let e: Pinned = serde_json::from_str(data).map_err(read_error)?;
                let pinned = e.question.is_some() && e.question != self.epinglee;
                self.epinglee = e.question;
                Heard {
                    pinned,
                    ..Heard::default()
                }
            }
            _ => Heard::default(),
        };
        self.dernier_evenement = self.dernier_evenement.max(id);
        Ok(heard)
    }

    /// Replaces the public state by `fresh` (a `reset`, or a poll), keeping this device's
    /// own part when `fresh` has none.
    pub fn reset(&mut self, fresh: Board) {
        let mine = fresh.appareil.clone().or_else(|| self.appareil.take());
        *self = Board {
            appareil: mine,
            ..fresh
        };
        self.refresh_mine();
    }

    /// A question's new state: it joins the list of its status, leaves the other.
    fn put(&mut self, question: Question) -> Heard {
        let id = question.id;
        let was_accepted = self.questions.iter().any(|q| q.id == id);
        let was_answered = self.repondues.iter().any(|q| q.id == id);
        self.questions.retain(|q| q.id != id);
        self.repondues.retain(|q| q.id != id);
        if question.epinglee {
            self.epinglee = Some(id);
        } else if self.epinglee == Some(id) {
            self.epinglee = None;
        }
        self.own(&question);
        let heard = match question.statut {
            QuestionStatus::Acceptee => Heard {
                new: u32::from(!was_accepted && !was_answered),
                ..Heard::default()
            },
            QuestionStatus::Repondue => Heard {
                answered: u32::from(!was_answered),
                ..Heard::default()
            },
            _ => Heard::default(),
        };
        match question.statut {
            QuestionStatus::Acceptee => self.questions.push(question),
            QuestionStatus::Repondue => self.repondues.insert(0, question),
            _ => {}
        }
        heard
    }

    fn count(&mut self, id: i64, soutiens: u32) {
        for q in self.questions.iter_mut().chain(self.repondues.iter_mut()) {
            if q.id == id {
                q.soutiens = soutiens;
            }
        }
        if let Some(mine) = &mut self.appareil {
            for q in mine.questions.iter_mut().filter(|q| q.id == id) {
                q.soutiens = soutiens;
            }
        }
    }

    fn remove(&mut self, id: i64, into: Option<i64>) {
        self.questions.retain(|q| q.id != id);
        self.repondues.retain(|q| q.id != id);
        if self.epinglee == Some(id) {
            self.epinglee = None;
        }
        if let Some(mine) = &mut self.appareil {
            for q in mine.questions.iter_mut().filter(|q| q.id == id) {
                q.statut = if into.is_some() {
                    QuestionStatus::Fusionnee
                } else {
                    QuestionStatus::NonRetenue
                };
                q.fusionnee_dans = into;
            }
        }
    }

    /// This device's copy of `question`, if it asked it, takes its new state.
    fn own(&mut self, question: &Question) {
        if let Some(mine) = &mut self.appareil {
            for q in mine.questions.iter_mut().filter(|q| q.id == question.id) {
                *q = question.clone();
            }
        }
    }

    /// This device's questions take the state the public lists hold of them.
    fn refresh_mine(&mut self) {
        let Some(mut mine) = self.appareil.take() else {
            return;
        };
        for q in &mut mine.questions {
            if let Some(public) = self.questions.iter().chain(&self.repondues).find(|p| p.id == q.id) {
                *q = public.clone();
            }
        }
        self.appareil = Some(mine);
    }

    /// Whether this device supports question `id`.
    pub fn supports(&self, id: i64) -> bool {
        self.appareil.as_ref().is_some_and(|m| m.soutenues.contains(&id))
    }

    /// Notes this device's support of `id` given or withdrawn, with the count the server
    /// acknowledged (or the one expected while the support waits to be sent).
    pub fn set_support(&mut self, id: i64, on: bool, soutiens: u32) {
        let mine = self.appareil.get_or_insert_with(Mine::default);
        mine.soutenues.retain(|q| *q != id);
        if on {
            mine.soutenues.push(id);
        }
        self.count(id, soutiens);
    }

    /// Adds a question this device just asked (the server's acknowledgement).
    pub fn add_mine(&mut self, question: Question) {
        let mine = self.appareil.get_or_insert_with(Mine::default);
        mine.questions.retain(|q| q.id != question.id);
        mine.questions.push(question.clone());
        if question.statut.is_public() {
            self.put(question);
        }
    }

    /// The accepted questions in `order`, the pinned one first.
    pub fn listed(&self, order: Order) -> Vec<Question> {
        let mut list = self.questions.clone();
        let pinned = self.epinglee;
        match order {
            Order::Soutiens => sort::by_key(&mut list, |q| {
                (
                    pinned != Some(q.id),
                    std::cmp::Reverse(q.soutiens),
                    std::cmp::Reverse(q.id),
                )
            }),
            Order::Recentes => sort::by_key(&mut list, |q| (pinned != Some(q.id), std::cmp::Reverse(q.id))),
        }
        list
    }

    /// The pinned question, if it is shown.
    pub fn pinned(&self) -> Option<&Question> {
        let id = self.epinglee?;
        self.questions.iter().chain(&self.repondues).find(|q| q.id == id)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn q(id: i64, statut: QuestionStatus, soutiens: u32) -> Question {
        Question {
            id,
            seance: "debat".into(),
            texte: format!("Question {id} ?"),
            prenom: None,
            statut,
            soutiens,
            epinglee: false,
            posee_le: "2013-10-08T12:00:00Z".into(),
            repondue_le: None,
            fusionnee_dans: None,
            raison: None,
        }
    }

    pub(crate) fn event(question: &Question) -> String {
        serde_json::json!({ "type": "question", "question": question }).to_string()
    }

    #[test]
    fn an_accepted_question_joins_the_list_once_whatever_the_repeats() {
        let mut board = Board::default();
        let accepted = q(1, QuestionStatus::Acceptee, 0);
        let heard = board.apply(5, "question", &event(&accepted)).unwrap();
        assert_eq!(heard.new, 1);
        assert_eq!(board.apply(5, "question", &event(&accepted)).unwrap(), Heard::default());
        assert_eq!(board.apply(6, "question", &event(&accepted)).unwrap().new, 0);
        assert_eq!(board.questions.len(), 1);
        assert_eq!(board.dernier_evenement, 6);
    }

    #[test]
    fn answered_moves_to_its_own_list_and_counts_follow() {
        let mut board = Board::default();
        board
            .apply(1, "question", &event(&q(1, QuestionStatus::Acceptee, 0)))
            .unwrap();
        board
            .apply(2, "soutiens", r#"{"type":"soutiens","question":1,"soutiens":4}"#)
            .unwrap();
        assert_eq!(board.questions[0].soutiens, 4);
        let heard = board
            .apply(3, "question", &event(&q(1, QuestionStatus::Repondue, 4)))
            .unwrap();
        assert_eq!(heard.answered, 1);
        assert!(board.questions.is_empty());
        assert_eq!(board.repondues[0].id, 1);
    }

    #[test]
    fn sorting_puts_the_pinned_first_then_supports_or_newest() {
        let mut board = Board {
            questions: vec![
                q(1, QuestionStatus::Acceptee, 9),
                q(2, QuestionStatus::Acceptee, 2),
                q(3, QuestionStatus::Acceptee, 2),
            ],
            ..Board::default()
        };
        let ids = |list: Vec<Question>| list.iter().map(|q| q.id).collect::<Vec<_>>();
        assert_eq!(ids(board.listed(Order::Soutiens)), [1, 3, 2]);
        assert_eq!(ids(board.listed(Order::Recentes)), [3, 2, 1]);
        let heard = board
            .apply(4, "epinglee", r#"{"type":"epinglee","question":2}"#)
            .unwrap();
        assert!(heard.pinned);
        assert_eq!(ids(board.listed(Order::Soutiens)), [2, 1, 3]);
        assert_eq!(board.pinned().unwrap().id, 2);
    }

    #[test]
    fn a_withdrawn_question_leaves_and_the_asker_sees_why() {
        let mut board = Board::default();
        board.add_mine(q(7, QuestionStatus::EnAttente, 0));
        board
            .apply(1, "question", &event(&q(7, QuestionStatus::Acceptee, 0)))
            .unwrap();
        assert_eq!(
            board.appareil.as_ref().unwrap().questions[0].statut,
            QuestionStatus::Acceptee
        );
        board
            .apply(2, "retiree", r#"{"type":"retiree","question":7,"fusionnee_dans":3}"#)
            .unwrap();
        assert!(board.questions.is_empty());
        let mine = &board.appareil.as_ref().unwrap().questions[0];
        assert_eq!((mine.statut, mine.fusionnee_dans), (QuestionStatus::Fusionnee, Some(3)));
    }

    #[test]
    fn a_reset_replaces_the_lists_and_keeps_the_device_part() {
        let mut board = Board::default();
        board.add_mine(q(7, QuestionStatus::EnAttente, 0));
        board.set_support(3, true, 1);
        let fresh: Board = serde_json::from_str(&format!(
            r#"{{"edition":"2013","seance":"debat","ouvertes":true,"moderation":"pre","dernier_evenement":40,"epinglee":null,"questions":[{}],"repondues":[]}}"#,
            serde_json::to_string(&q(7, QuestionStatus::Acceptee, 2)).unwrap()
        ))
        .unwrap();
        board.reset(fresh);
        assert_eq!(board.dernier_evenement, 40);
        assert!(board.supports(3));
        assert_eq!(
            board.appareil.as_ref().unwrap().questions[0].statut,
            QuestionStatus::Acceptee
        );
    }

    #[test]
    fn a_damaged_event_is_an_error_naming_it_and_unknown_ones_are_ignored() {
        let mut board = Board::default();
        assert!(board.apply(1, "soutiens", "{").unwrap_err().contains("soutiens"));
        assert_eq!(board.apply(2, "inconnu", "{}").unwrap(), Heard::default());
    }

    #[test]
    fn the_summary_is_one_plain_sentence() {
        let mut heard = Heard::default();
        assert_eq!(heard.sentence(), None);
        heard.add(Heard {
            new: 1,
            ..Heard::default()
        });
        heard.add(Heard {
            new: 1,
            answered: 1,
            pinned: true,
        });
        assert_eq!(
            heard.sentence().unwrap(),
            "2 nouvelles questions. Une question a reçu sa réponse. Une question est posée en ce moment."
        );
    }
}
