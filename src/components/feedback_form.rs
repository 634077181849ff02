//! "Votre avis": the organizers' paper questionnaire, in the app. A 1-5 rating as large,
//! labelled choices, an optional comment, anonymous, thanked in French. The answer goes
//! to the outbox, so it is kept and sent later when the network fails.

use leptos::prelude::*;

use crate::state::outbox::{new_key, use_outbox, Answer, Delivery};
use crate::state::storage;

const CHOICES: [(u8, &str); 5] = [
    (1, "Pas du tout satisfait"),
    (2, "Peu satisfait"),
    (3, "Moyennement satisfait"),
    (4, "Satisfait"),
    (5, "Très satisfait"),
];
const MAX_COMMENT: usize = 2000;

/// The questionnaire for the day (`target = "day"`) or for one session (its id).
#[component]
pub fn FeedbackForm(
    /// `day`, or the id of the session the answer is about.
    #[prop(into)]
    target: String,
    /// The question, e.g. "Êtes-vous satisfait de cette séance ?".
    #[prop(into)]
    question: String,
) -> impl IntoView {
    let outbox = use_outbox();
    // The answer being written is kept in the tab (its rating digit, then the comment), so
    // it survives the page being drawn again when a new revision of the programme arrives,
    // or a reload.
    let draft_key = format!("agir.avis.brouillon.{target}");
    let (kept_rating, kept_comment) = read_draft(&storage::get_session(&draft_key).unwrap_or_default());
    let rating = RwSignal::new(kept_rating);
    let comment = RwSignal::new(kept_comment);
    // An answer already given here (before a reload, or in another visit) is shown with
    // its delivery, rather than a blank form that invites answering twice.
    let sent_key = RwSignal::new(outbox.last_for(&target));
    let missing = RwSignal::new(false);
    let name = format!("note-{target}");
    let target = StoredValue::new(target);
    // Called by the handlers that change the answer.
    let draft_key = StoredValue::new(draft_key);
    let keep_draft = move || {
        let digit = rating.get_untracked().map_or('-', |r| char::from(b'0' + r));
        storage::set_session(&draft_key.get_value(), &format!("{digit}{}", comment.get_untracked()));
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(r) = rating.get_untracked() else {
            missing.set(true);
            return;
        };
        let key = new_key();
        let text = comment
            .get_untracked()
            .trim()
            .chars()
            .take(MAX_COMMENT)
            .collect::<String>();
        outbox.push(Answer {
            target: target.get_value(),
            rating: r,
            comment: (!text.is_empty()).then_some(text),
            key: key.clone(),
        });
        sent_key.set(Some(key));
        rating.set(None);
        comment.set(String::new());
        keep_draft();
    };
    let again = move || {
        rating.set(None);
        comment.set(String::new());
        sent_key.set(None);
    };
    let choose = move |value: u8| {
        rating.set(Some(value));
        keep_draft();
        missing.set(false);
    };

    // Memos and closures: what `<Show>` does, without its generic children.
    let answering = Memo::new(move |_| sent_key.with(Option::is_none));
    let show_missing = Memo::new(move |_| missing.get());
    move || {
        if !answering.get() {
            return thanks(sent_key, again).into_any();
        }
        view! {
            <form class="feedback-form" on:submit=submit novalidate=true>
                <fieldset>
                    <legend>{question.clone()}</legend>
                    {rating_choices(name.clone(), rating, choose)}
                </fieldset>
                {move || show_missing.get().then(|| view! {
                    <p class="form-error" role="alert">"Choisissez une note de 1 à 5 avant d'envoyer."</p>
                })}
                <div class="field">
                    <label for=format!("commentaire-{}", target.get_value())>"Un commentaire\u{a0}? (facultatif)"</label>
                    <textarea
                        id=format!("commentaire-{}", target.get_value())
                        rows="4"
                        maxlength=MAX_COMMENT.to_string()
                        prop:value=move || comment.get()
                        on:input=move |ev| {
                            comment.set(event_target_value(&ev));
                            keep_draft();
                        }
                    ></textarea>
                </div>
                <p class="hint">"Votre avis est anonyme\u{a0}: rien ne permet de savoir qui l'a donné."</p>
                <button type="submit" class="button">"Envoyer mon avis"</button>
            </form>
        }
        .into_any()
    }
}

/// The rating digit (`-` for none) then the comment: the draft kept in the tab.
fn read_draft(draft: &str) -> (Option<u8>, String) {
    let mut chars = draft.chars();
    let rating = chars
        .next()
        .and_then(|c| c.to_digit(10))
        .map(|d| d as u8)
        .filter(|d| (1..=5).contains(d));
    (rating, chars.as_str().to_owned())
}

/// The five ratings as large labelled radio buttons named `name`.
fn rating_choices(name: String, rating: RwSignal<Option<u8>>, choose: impl Fn(u8) + Copy + 'static) -> impl IntoView {
    let choices = CHOICES
        .into_iter()
        .map(|(value, label)| {
            let id = format!("{name}-{value}");
            view! {
                <div class="rating-choice">
                    <input
                        type="radio"
                        id=id.clone()
                        name=name.clone()
                        value=value.to_string()
                        prop:checked=move || rating.get() == Some(value)
                        on:change=move |_| choose(value)
                    />
                    <label for=id>
                        <span class="rating-value">{value.to_string()}</span>
                        <span class="rating-label">{label}</span>
                    </label>
                </div>
            }
        })
        .collect_view();
    view! { <div class="rating-choices">{choices}</div> }
}

/// The thanks once an answer is given, with where it stands, and a way to give another.
fn thanks(sent_key: RwSignal<Option<String>>, again: impl Fn() + Copy + 'static) -> impl IntoView {
    let outbox = use_outbox();
    let status = move || {
        let key = sent_key.get()?;
        Some(match outbox.delivery(&key) {
            Some(Delivery::Sent) => ("sent", "Votre avis est envoyé.".to_owned()),
            Some(Delivery::Refused { reason }) => {
                ("refused", format!("Votre avis n'a pas pu être envoyé\u{a0}: {reason}"))
            }
            _ => (
                "waiting",
                "Votre avis sera envoyé dès que possible (il est gardé sur ce téléphone).".to_owned(),
            ),
        })
    };
    view! {
        <div class="feedback-thanks" role="status">
            <p class="thanks"><strong>"Merci pour votre avis\u{a0}!"</strong></p>
            {move || status().map(|(class, text)| view! { <p class=format!("delivery {class}")>{text}</p> })}
            <button type="button" class="button secondary" on:click=move |_| again()>"Donner un autre avis"</button>
        </div>
    }
}
