//! `/avis`: the edition's satisfaction questionnaire. One question per screen on a phone,
//! all on one page on a larger screen; large controls; "3 sur 7". What is answered is kept
//! on the phone as it is given, so the questionnaire can be left and resumed; it is sent
//! once, through the outbox, which keeps it while the network is away.

use agir_model::questionnaire::{Answer, Question, QuestionKind, Questionnaire};
use leptos::prelude::*;

use crate::components::feedback_form::FeedbackForm;
use crate::components::layout::use_page_title;
use crate::state::outbox::{new_key, use_outbox, Delivery, Responses};
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
                "Dites-leur ce que vous avez pensé de la journée : cela prend quelques minutes, et votre avis est anonyme."
            </p>
            {move || match questionnaire.get() {
                Some((edition, q)) => view! { <Survey edition questionnaire=q /> }.into_any(),
                None => view! { <FeedbackForm target="day" question="Êtes-vous satisfait de la journée ?" /> }.into_any(),
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

/// The questionnaire, resumed where it was left.
#[component]
fn Survey(edition: String, questionnaire: Questionnaire) -> impl IntoView {
    let outbox = use_outbox();
    let key = progress_key(&edition);
    let kept = storage::read_json::<Progress>(&key).ok().flatten();
    // Answers kept for another version of the questionnaire are started again.
    let start = kept.filter(|p| p.version == questionnaire.version).unwrap_or(Progress {
        version: questionnaire.version,
        ..Progress::default()
    });
    let progress = RwSignal::new(start);
    let key = StoredValue::new(key);
    let save = move || {
        progress.with_untracked(|p| storage::write_json(&key.get_value(), p));
    };
    let one_at_a_time = window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 768.0);
    let questions = StoredValue::new(questionnaire.questions.clone());
    let missing = RwSignal::new(None::<String>);
    let total = questionnaire.questions.len();
    let version = questionnaire.version;

    let answer = move |id: String, value: Option<Answer>| {
        progress.update(|p| match value {
            Some(v) => {
                p.answers.insert(id, v);
            }
            None => {
                p.answers.remove(&id);
            }
        });
        missing.set(None);
        save();
    };
    let unanswered = move |range: std::ops::Range<usize>| {
        questions.with_value(|qs| {
            progress.with_untracked(|p| {
                qs[range]
                    .iter()
                    .find(|q| q.required && !p.answers.get(&q.id).is_some_and(answered))
                    .map(|q| format!("Répondez d'abord à la question « {} ».", q.text))
            })
        })
    };
    let go = move |step: usize| {
        progress.update(|p| p.step = step.min(total.saturating_sub(1)));
        save();
        request_animation_frame(|| {
            if let Some(h) = document().query_selector(".survey-question legend").ok().flatten() {
                h.scroll_into_view();
            }
        });
    };
    let send = {
        let edition = edition.clone();
        move || {
            if let Some(problem) = unanswered(0..total) {
                missing.set(Some(problem));
                return;
            }
            let key = new_key();
            let answers = progress.with_untracked(|p| p.answers.clone());
            outbox.push(Responses {
                key: key.clone(),
                edition: edition.clone(),
                version,
                answers,
            });
            progress.update(|p| {
                p.sent = Some(key);
                p.answers.clear();
                p.step = 0;
            });
            save();
        }
    };
    let send = StoredValue::new(send);
    move || {
        if let Some(sent) = progress.with(|p| p.sent.clone()) {
            return sent_view(sent).into_any();
        }
        let step = progress.with(|p| p.step).min(total.saturating_sub(1));
        let shown: Vec<(usize, Question)> = questions.with_value(|qs| {
            qs.iter()
                .cloned()
                .enumerate()
                .filter(|(i, _)| !one_at_a_time || *i == step)
                .collect()
        });
        let items = shown
            .into_iter()
            .map(|(i, q)| {
                let value = progress.with_untracked(|p| p.answers.get(&q.id).cloned());
                question_view(i, total, q, value, answer)
            })
            .collect_view();
        let next = move |_| match unanswered(step..step + 1) {
            Some(problem) => missing.set(Some(problem)),
            None => go(step + 1),
        };
        let last = !one_at_a_time || step + 1 == total;
        view! {
            <form class="survey" novalidate=true on:submit=move |ev| { ev.prevent_default(); send.with_value(|s| s()); }>
                {one_at_a_time.then(|| view! { <p class="survey-progress" aria-live="polite">{format!("Question {} sur {total}", step + 1)}</p> })}
                {items}
                {move || missing.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
                <p class="survey-buttons">
                    {(one_at_a_time && step > 0).then(|| view! {
                        <button type="button" class="button secondary" on:click=move |_| go(step - 1)>"Précédent"</button>
                    })}
                    {(!last).then(|| view! { <button type="button" class="button" on:click=next>"Suivant"</button> })}
                    {last.then(|| view! { <button type="submit" class="button">"Envoyer mes réponses"</button> })}
                </p>
                <p class="hint">"Vos réponses sont gardées sur ce téléphone jusqu'à l'envoi : vous pouvez vous arrêter et reprendre plus tard."</p>
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
    total: usize,
    q: Question,
    value: Option<Answer>,
    answer: impl Fn(String, Option<Answer>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let legend = format!("{}{}", q.text, if q.required { " (obligatoire)" } else { "" });
    let id = q.id.clone();
    let control = match q.kind {
        QuestionKind::Scale { low, high } => scale(i, id, low, high, value, answer).into_any(),
        QuestionKind::Choice { options } => choice(i, id, options, value, answer).into_any(),
        QuestionKind::Choices { options } => choices(i, id, options, value, answer).into_any(),
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
                <span class="survey-number">{format!("{} / {total}", i + 1)}</span>" "{legend}
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

fn choice(
    i: usize,
    id: String,
    options: Vec<String>,
    value: Option<Answer>,
    answer: impl Fn(String, Option<Answer>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let chosen = RwSignal::new(match value {
        Some(Answer::Text(t)) => Some(t),
        _ => None,
    });
    options
        .into_iter()
        .enumerate()
        .map(|(k, option)| {
            let input = format!("q{i}-{k}");
            let (id, this, label) = (id.clone(), option.clone(), option.clone());
            view! {
                <div class="survey-option">
                    <input type="radio" id=input.clone() name=format!("q{i}")
                        prop:checked=move || chosen.with(|c| c.as_deref() == Some(this.as_str()))
                        on:change=move |_| { chosen.set(Some(option.clone())); answer(id.clone(), Some(Answer::Text(option.clone()))); } />
                    <label for=input>{label}</label>
                </div>
            }
        })
        .collect_view()
}

fn choices(
    i: usize,
    id: String,
    options: Vec<String>,
    value: Option<Answer>,
    answer: impl Fn(String, Option<Answer>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ticked = RwSignal::new(match value {
        Some(Answer::Options(o)) => o,
        _ => Vec::new(),
    });
    let all = options.clone();
    options
        .into_iter()
        .enumerate()
        .map(|(k, option)| {
            let input = format!("q{i}-{k}");
            let (id, this, label, all) = (id.clone(), option.clone(), option.clone(), all.clone());
            view! {
                <div class="survey-option">
                    <input type="checkbox" id=input.clone()
                        prop:checked=move || ticked.with(|t| t.contains(&this))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            ticked.update(|t| {
                                t.retain(|x| *x != option);
                                if on {
                                    t.push(option.clone());
                                }
                                // In the questionnaire's order, whatever the order of the taps.
                                agir_model::sort::by_key(t, |x| all.iter().position(|o| o == x));
                            });
                            let now = ticked.get_untracked();
                            answer(id.clone(), (!now.is_empty()).then_some(Answer::Options(now)));
                        } />
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
        Some(Delivery::Refused { reason }) => {
            ("refused", format!("Vos réponses n'ont pas pu être envoyées : {reason}"))
        }
        _ => (
            "waiting",
            "Vos réponses seront envoyées dès que possible (elles sont gardées sur ce téléphone).".to_owned(),
        ),
    };
    view! {
        <div class="feedback-thanks" role="status">
            <p class="thanks"><strong>"Merci pour vos réponses !"</strong></p>
            {move || { let (class, text) = status(); view! { <p class=format!("delivery {class}")>{text}</p> } }}
        </div>
    }
}
