//! `/organisateurs/editer/{edition}/questionnaire`: the satisfaction questionnaire
//! attendees answer on `/avis`. Questions in their order, each of a kind (a scale from 1 to
//! 5 with a word at each end, one choice, several choices, a free answer), optional or
//! required. Its version rises at publication when a question changed, so answers already
//! given keep the wording they answered.

use agir_model::questionnaire::{Question, QuestionKind, Questionnaire};
use agir_model::Edition;
use leptos::prelude::*;

use crate::draft::{use_draft, Draft};
use crate::fields::{field, get, set, Field, Kind};

/// The questionnaire page.
#[component]
pub fn QuestionnaireEditor() -> impl IntoView {
    let draft = use_draft();
    let count = move || {
        draft.edition.with(|e| {
            e.as_ref()
                .and_then(|e| e.questionnaire.as_ref())
                .map(|q| q.questions.len())
        })
    };
    let create = move |_| {
        draft.update(|e| {
            e.questionnaire = Some(agir_model::questionnaire::default_questionnaire());
        })
    };
    let add = move |_| {
        draft.update(|e| {
            let question = new_question(e);
            questions_mut(e).push(question);
        })
    };
    view! {
        <h1>"Questionnaire de satisfaction"</h1>
        <p>"Les participants y répondent sur la page «\u{a0}Votre avis\u{a0}»\u{a0}: une question par écran sur un téléphone. Les réponses déjà reçues restent lisibles si vous changez une question."</p>
        {move || match count() {
            None => view! {
                <p>"Cette édition n'a pas encore de questionnaire."</p>
                <button type="button" class="button" on:click=create>"Partir du questionnaire habituel"</button>
            }
            .into_any(),
            Some(n) => view! {
                <ol class="question-list">
                    {(0..n).map(|i| view! { <li>{question_form(draft, i, n)}</li> }).collect_view()}
                </ol>
                <button type="button" class="button" on:click=add>"Ajouter une question"</button>
            }
            .into_any(),
        }}
    }
}

fn questions_mut(e: &mut Edition) -> &mut Vec<Question> {
    &mut e
        .questionnaire
        .get_or_insert_with(|| Questionnaire {
            version: 1,
            questions: Vec::new(),
        })
        .questions
}

fn question(e: &Edition, i: usize) -> Option<&Question> {
    e.questionnaire.as_ref()?.questions.get(i)
}

fn with_question(e: &mut Edition, i: usize, change: impl FnOnce(&mut Question)) {
    if let Some(q) = questions_mut(e).get_mut(i) {
        change(q);
    }
}

/// A new free-answer question with an id no other question has.
fn new_question(e: &Edition) -> Question {
    let taken: Vec<&str> = e
        .questionnaire
        .iter()
        .flat_map(|q| q.questions.iter().map(|q| q.id.as_str()))
        .collect();
    Question {
        id: agir_model::ids::fresh_id(taken.into_iter(), "question", "question"),
        text: String::new(),
        kind: QuestionKind::Text,
        required: false,
    }
}

const KINDS: [(&str, &str); 4] = [
    ("scale", "Échelle de 1 à 5"),
    ("choice", "Un seul choix"),
    ("choices", "Plusieurs choix possibles"),
    ("text", "Réponse libre"),
];

fn kind_code(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Scale { .. } => "scale",
        QuestionKind::Choice { .. } => "choice",
        QuestionKind::Choices { .. } => "choices",
        QuestionKind::Text => "text",
    }
}

/// The same question as another kind, keeping what carries over (the options).
fn with_kind(kind: &QuestionKind, code: &str) -> QuestionKind {
    let options = kind.choices().to_vec();
    match code {
        "scale" => QuestionKind::Scale {
            low: "Pas du tout satisfait".into(),
            high: "Très satisfait".into(),
        },
        "choice" => QuestionKind::Choice { options },
        "choices" => QuestionKind::Choices { options },
        _ => QuestionKind::Text,
    }
}

/// One question's fields, and the buttons that move or remove it.
fn question_form(draft: Draft, i: usize, n: usize) -> impl IntoView {
    let at = format!("/questionnaire/questions/{i}");
    let f =
        |name: &str, label: String, key: &str| Field::new(format!("question-{i}-{name}"), label, format!("{at}/{key}"));
    let number = i + 1;
    let kind = move || {
        draft
            .edition
            .with(|e| e.as_ref().and_then(|e| question(e, i)).map(|q| kind_code(&q.kind)))
    };
    let kinds = KINDS.iter().map(|(c, l)| (c.to_string(), l.to_string())).collect();
    view! {
        <fieldset class="question">
            <legend>{format!("Question {number}")}</legend>
            {field(draft, f("texte", format!("Texte de la question {number}"), "text"),
                get(move |e| question(e, i).map(|q| q.text.clone()).unwrap_or_default()),
                set(move |e, v| with_question(e, i, |q| q.text = v)))}
            {field(draft, f("type", format!("Type de réponse à la question {number}"), "kind").kind(Kind::Choice(kinds)),
                get(move |e| question(e, i).map(|q| kind_code(&q.kind).to_owned()).unwrap_or_default()),
                set(move |e, v| with_question(e, i, |q| q.kind = with_kind(&q.kind, &v))))}
            {move || match kind() {
                Some("scale") => scale_words(draft, i).into_any(),
                Some("choice" | "choices") => options(draft, i).into_any(),
                _ => ().into_any(),
            }}
            <label class="checkbox" for=format!("question-{i}-obligatoire")>
                <input id=format!("question-{i}-obligatoire") type="checkbox"
                    prop:checked=move || draft.edition.with(|e| e.as_ref().and_then(|e| question(e, i)).is_some_and(|q| q.required))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.update(|e| with_question(e, i, |q| q.required = on));
                    } />
                {format!(" Réponse obligatoire à la question {number}")}
            </label>
            <p class="question-actions">
                {(i > 0).then(|| view! {
                    <button type="button" class="button secondary" on:click=move |_| draft.update(|e| questions_mut(e).swap(i - 1, i))>
                        {format!("Monter la question {number}")}
                    </button>
                })}
                {(i + 1 < n).then(|| view! {
                    <button type="button" class="button secondary" on:click=move |_| draft.update(|e| questions_mut(e).swap(i, i + 1))>
                        {format!("Descendre la question {number}")}
                    </button>
                })}
                <button type="button" class="button secondary" on:click=move |_| draft.update(|e| { questions_mut(e).remove(i); })>
                    {format!("Supprimer la question {number}")}
                </button>
            </p>
        </fieldset>
    }
}

/// The words at both ends of a scale.
fn scale_words(draft: Draft, i: usize) -> impl IntoView {
    let at = format!("/questionnaire/questions/{i}");
    let word = move |e: &Edition, high: bool| match question(e, i).map(|q| &q.kind) {
        Some(QuestionKind::Scale { low, high: top }) => {
            if high {
                top.clone()
            } else {
                low.clone()
            }
        }
        _ => String::new(),
    };
    let write = move |e: &mut Edition, high: bool, v: String| {
        with_question(e, i, |q| {
            if let QuestionKind::Scale { low, high: top } = &mut q.kind {
                *(if high { top } else { low }) = v;
            }
        })
    };
    view! {
        <div class="field-pair">
            {field(draft, Field::new(format!("question-{i}-bas"), format!("Question {}\u{a0}: mot pour 1", i + 1), format!("{at}/low")),
                get(move |e| word(e, false)), set(move |e, v| write(e, false, v)))}
            {field(draft, Field::new(format!("question-{i}-haut"), format!("Question {}\u{a0}: mot pour 5", i + 1), format!("{at}/high")),
                get(move |e| word(e, true)), set(move |e, v| write(e, true, v)))}
        </div>
    }
}

/// The options of a choice, one per line.
fn options(draft: Draft, i: usize) -> impl IntoView {
    let at = format!("/questionnaire/questions/{i}/options");
    field(
        draft,
        Field::new(
            format!("question-{i}-reponses"),
            format!("Réponses proposées à la question {}, une par ligne", i + 1),
            at,
        )
        .kind(Kind::Lines),
        get(move |e| question(e, i).map(|q| q.kind.choices().join("\n")).unwrap_or_default()),
        set(move |e, v| {
            let lines: Vec<String> = v
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            with_question(e, i, |q| match &mut q.kind {
                QuestionKind::Choice { options } | QuestionKind::Choices { options } => *options = lines,
                _ => {}
            })
        }),
    )
}

/// Before publishing: a questionnaire that changed since `base` gets the next version, so
/// answers already given keep naming the wording they answered.
pub fn next_version(base: &Edition, draft: &mut Edition) {
    let before = base.questionnaire.as_ref();
    if let (Some(before), Some(now)) = (before, draft.questionnaire.as_mut()) {
        if before.questions != now.questions && now.version <= before.version {
            now.version = before.version + 1;
        }
    }
}
