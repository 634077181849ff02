//! `/avis`: the edition's satisfaction questionnaire. One question per screen on a phone,
//! all on one page on a larger screen; large controls; "3 sur 7". What is answered is kept
//! on the phone as it is given, so the questionnaire can be left and resumed; it is sent
//! once, through the outbox, which keeps it while the network is away.

use agir_model::french::typeset;
use agir_model::questionnaire::{Answer, Question, QuestionKind, Questionnaire};
use leptos::prelude::*;

use crate::components::feedback_form::FeedbackForm;
use crate::components::layout::use_page_title;
use crate::state::outbox::{new_key, use_outbox, Delivery, Outbox, Responses};
use crate::state::programme::use_programme;
use crate::state::storage;

/// "Votre avis" on the day.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    use_page_title(|| "Votre avis".into());
    let programme = use_programme();
    let questionnaire = Memo::new(move |_| {
        programme
            .snapshot()
            .and_then(|s| Some((s.edition.edition.to_string(), s.edition.questionnaire.clone()?)))
    });
    view! {
        <section class="page feedback">
            <h1>"Votre avis"</h1>
            <p>
                "Les organisateurs veulent améliorer la rencontre de l'an prochain. "
                "Dites-leur ce que vous avez pensé de la journée\u{a0}: cela prend quelques minutes, et votre avis est anonyme."
            </p>
            {move || match questionnaire.get() {
                Some((edition, q)) => view! { <Survey edition questionnaire=q /> }.into_any(),
                None => view! { <FeedbackForm target="day" question="Êtes-vous satisfait de la journée\u{a0}?" /> }.into_any(),
            }}
        </section>
    }
}

/// What the phone keeps of a questionnaire being answered, per edition.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
struct Progress {
    version: u32,
    answers: std::collections::BTreeMap<String, Answer>,
    /// The question on screen, when one is shown at a time.
    step: usize,
    /// Set once sent: the outbox's key of the answers.
    sent: Option<String>,
}

fn progress_key(edition: &str) -> String {
    format!("agir.questionnaire.v1.{edition}")
}

/// A questionnaire being answered: what the phone keeps, and the moves through it.
#[derive(Clone, Copy)]
struct Desk {
    progress: RwSignal<Progress>,
    key: StoredValue<String>,
    edition: StoredValue<String>,
    questions: StoredValue<Vec<Question>>,
    version: u32,
    /// A required question left blank, said under the form.
    missing: RwSignal<Option<String>>,
    /// One question per screen (a phone), or all on one page.
    one_at_a_time: bool,
    outbox: Outbox,
}

impl Desk {
    fn new(edition: String, questionnaire: Questionnaire) -> Self {
        let key = progress_key(&edition);
        // Answers kept for another version of the questionnaire are started again.
        let start = storage::read_json::<Progress>(&key)
            .ok()
            .flatten()
            .filter(|p| p.version == questionnaire.version)
            .unwrap_or(Progress {
                version: questionnaire.version,
                ..Progress::default()
            });
        Self {
            progress: RwSignal::new(start),
            key: StoredValue::new(key),
            edition: StoredValue::new(edition),
            version: questionnaire.version,
            questions: StoredValue::new(questionnaire.questions),
            missing: RwSignal::new(None),
            one_at_a_time: window()
                .inner_width()
                .ok()
                .and_then(|w| w.as_f64())
                .is_some_and(|w| w < 768.0),
            outbox: use_outbox(),
        }
    }

    fn total(self) -> usize {
        self.questions.with_value(Vec::len)
    }

    fn save(self) {
        self.progress
            .with_untracked(|p| storage::write_json(&self.key.get_value(), p));
    }

    /// Records the answer to question `id` (`None`: left blank).
    fn answer(self, id: String, value: Option<Answer>) {
        self.progress.update(|p| match value {
            Some(v) => {
                p.answers.insert(id, v);
            }
            None => {
                p.answers.remove(&id);
            }
        });
        self.missing.set(None);
        self.save();
    }

    /// The first required question of `range` left blank, as a sentence.
    fn unanswered(self, range: std::ops::Range<usize>) -> Option<String> {
        self.questions.with_value(|qs| {
            self.progress.with_untracked(|p| {
                qs[range]
                    .iter()
                    .find(|q| q.required && !p.answers.get(&q.id).is_some_and(answered))
                    .map(|q| format!("Répondez d'abord à la question «\u{a0}{}\u{a0}».", typeset(&q.text)))
            })
        })
    }

    /// Shows question `step` (one at a time).
    fn go(self, step: usize) {
        self.progress
            .update(|p| p.step = step.min(self.total().saturating_sub(1)));
        self.save();
        request_animation_frame(|| {
            if let Some(h) = document().query_selector(".survey-question legend").ok().flatten() {
                h.scroll_into_view();
            }
        });
    }

    /// The next screen, unless the question on this one is required and blank.
    fn next(self, step: usize) {
        match self.unanswered(step..step + 1) {
            Some(problem) => self.missing.set(Some(problem)),
            None => self.go(step + 1),
        }
    }

    /// Hands the answers to the outbox, once, and keeps only the key of what was sent.
    fn send(self) {
        if let Some(problem) = self.unanswered(0..self.total()) {
            self.missing.set(Some(problem));
            return;
        }
        let key = new_key();
        self.outbox.push(Responses {
            key: key.clone(),
            edition: self.edition.get_value(),
            version: self.version,
            answers: self.progress.with_untracked(|p| p.answers.clone()),
        });
        self.progress.update(|p| {
            p.sent = Some(key);
            p.answers.clear();
            p.step = 0;
        });
        self.save();
    }
}

/// The questionnaire, resumed where it was left.
#[component]
fn Survey(edition: String, questionnaire: Questionnaire) -> impl IntoView {
    let desk = Desk::new(edition, questionnaire);
    move || {
        if let Some(sent) = desk.progress.with(|p| p.sent.clone()) {
            return sent_view(sent).into_any();
        }
        let total = desk.total();
        let step = desk.progress.with(|p| p.step).min(total.saturating_sub(1));
        let items = desk.questions.with_value(|qs| {
            qs.iter()
                .enumerate()
                .filter(|(i, _)| !desk.one_at_a_time || *i == step)
                .map(|(i, q)| {
                    let value = desk.progress.with_untracked(|p| p.answers.get(&q.id).cloned());
                    let numbered = (!desk.one_at_a_time).then_some(total);
                    question_view(i, numbered, q.clone(), value, move |id, v| desk.answer(id, v))
                })
                .collect_view()
        });
        let last = !desk.one_at_a_time || step + 1 == total;
        view! {
            <form class="survey" novalidate=true on:submit=move |ev| { ev.prevent_default(); desk.send(); }>
                {desk.one_at_a_time.then(|| view! { <p class="survey-progress" aria-live="polite">{format!("Question {} sur {total}", step + 1)}</p> })}
                {items}
                {move || desk.missing.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <p class="survey-buttons">
                    {(desk.one_at_a_time && step > 0).then(|| view! {
                        <button type="button" class="button secondary" on:click=move |_| desk.go(step - 1)>"Précédent"</button>
                    })}
                    {(!last).then(|| view! { <button type="button" class="button" on:click=move |_| desk.next(step)>"Suivant"</button> })}
                    {last.then(|| view! { <button type="submit" class="button">"Envoyer mes réponses"</button> })}
                </p>
                <p class="hint">"Vos réponses sont gardées sur ce téléphone jusqu'à l'envoi\u{a0}: vous pouvez vous arrêter et reprendre plus tard."</p>
            </form>
        }
        .into_any()
    }
}

fn answered(answer: &Answer) -> bool {
    match answer {
        Answer::Point(_) => true,
        Answer::Text(t) => !t.trim().is_empty(),
        Answer::Options(o) => !o.is_empty(),
    }
}

/// One question and its control; `answer` receives each change.
fn question_view(
    i: usize,
    // The number of questions, said in each legend when all are on one page; `None` when
    // one is shown at a time (the progress line says it).
    total: Option<usize>,
    q: Question,
    value: Option<Answer>,
    answer: impl Fn(String, Option<Answer>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let legend = format!("{}{}", typeset(&q.text), if q.required { " (obligatoire)" } else { "" });
    let id = q.id.clone();
    let control = match q.kind {
        QuestionKind::Scale { low, high } => scale(i, id, low, high, value, answer).into_any(),
        QuestionKind::Choice { options } => options_control(i, id, options, value, false, answer).into_any(),
        QuestionKind::Choices { options } => options_control(i, id, options, value, true, answer).into_any(),
        QuestionKind::Text => {
            let text = match value {
                Some(Answer::Text(t)) => t,
                _ => String::new(),
            };
            view! {
                <textarea id=format!("q{i}-texte") rows="4" maxlength="2000" aria-labelledby=format!("q{i}-titre")
                    prop:value=text
                    on:input=move |ev| {
                        let t = event_target_value(&ev);
                        answer(id.clone(), (!t.trim().is_empty()).then_some(Answer::Text(t)));
                    }></textarea>
            }
            .into_any()
        }
    };
    view! {
        <fieldset class="survey-question">
            <legend id=format!("q{i}-titre")>
                {total.map(|total| view! { <span class="survey-number">{format!("{} / {total} ", i + 1)}</span> })}
                {legend}
            </legend>
            {control}
        </fieldset>
    }
}

fn scale(
    i: usize,
    id: String,
    low: String,
    high: String,
    value: Option<Answer>,
    answer: impl Fn(String, Option<Answer>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let chosen = RwSignal::new(match value {
        Some(Answer::Point(p)) => Some(p),
        _ => None,
    });
    let buttons = (1..=5u8)
        .map(|p| {
            let input = format!("q{i}-{p}");
            let words = match p {
                1 => low.clone(),
                5 => high.clone(),
                _ => String::new(),
            };
            let id = id.clone();
            view! {
                <div class="rating-choice">
                    <input type="radio" id=input.clone() name=format!("q{i}") value=p.to_string()
                        prop:checked=move || chosen.get() == Some(p)
                        on:change=move |_| { chosen.set(Some(p)); answer(id.clone(), Some(Answer::Point(p))); } />
                    <label for=input>
                        <span class="rating-value">{p.to_string()}</span>
                        <span class="rating-label">{words}</span>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! { <div class="rating-choices">{buttons}</div> }
}

/// The options of a choice: radio buttons for one, checkboxes when `several` may be ticked.
fn options_control(
    i: usize,
    id: String,
    options: Vec<String>,
    value: Option<Answer>,
    several: bool,
    answer: impl Fn(String, Option<Answer>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ticked = RwSignal::new(match value {
        Some(Answer::Options(o)) => o,
        Some(Answer::Text(t)) => vec![t],
        _ => Vec::new(),
    });
    let all = StoredValue::new(options.clone());
    options
        .into_iter()
        .enumerate()
        .map(|(k, option)| {
            let input = format!("q{i}-{k}");
            let (id, this, label) = (id.clone(), option.clone(), option.clone());
            let change = move |ev| {
                let on = event_target_checked(&ev);
                ticked.update(|t| {
                    if !several {
                        t.clear();
                    }
                    t.retain(|x| *x != option);
                    if on {
                        t.push(option.clone());
                    }
                    // In the questionnaire's order, whatever the order of the taps.
                    all.with_value(|all| agir_model::sort::by_key(t, |x| all.iter().position(|o| o == x)));
                });
                let now = ticked.get_untracked();
                let given = match (several, now.first()) {
                    (_, None) => None,
                    (true, Some(_)) => Some(Answer::Options(now)),
                    (false, Some(one)) => Some(Answer::Text(one.clone())),
                };
                answer(id.clone(), given);
            };
            view! {
                <div class="survey-option">
                    <input type=if several { "checkbox" } else { "radio" } id=input.clone() name=format!("q{i}")
                        prop:checked=move || ticked.with(|t| t.contains(&this))
                        on:change=change />
                    <label for=input>{label}</label>
                </div>
            }
        })
        .collect_view()
}

/// The thanks, with where the answers stand.
fn sent_view(key: String) -> impl IntoView {
    let outbox = use_outbox();
    let status = move || match outbox.delivery(&key) {
        Some(Delivery::Sent) => ("sent", "Vos réponses sont envoyées.".to_owned()),
        Some(Delivery::Refused { reason }) => (
            "refused",
            format!("Vos réponses n'ont pas pu être envoyées\u{a0}: {reason}"),
        ),
        _ => (
            "waiting",
            "Vos réponses seront envoyées dès que possible (elles sont gardées sur ce téléphone).".to_owned(),
        ),
    };
    view! {
        <div class="feedback-thanks" role="status">
            <p class="thanks"><strong>"Merci pour vos réponses\u{a0}!"</strong></p>
            {move || { let (class, text) = status(); view! { <p class=format!("delivery {class}")>{text}</p> } }}
        </div>
    }
}
