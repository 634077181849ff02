//! "Questions de la salle" on the page of a session that takes questions: ask one (280
//! characters, a first name if one likes), see the accepted ones live, say "Moi aussi",
//! follow one's own questions. The server draws the same markup in the first HTML
//! (`crates/server/src/pages/session.rs`).

use agir_model::french::typeset;
use agir_model::question_board::{Board, Order};
use agir_model::questions::{FirstName, Moderation, Question, QuestionStatus, QuestionText, NAME_MAX, TEXT_MAX};
use leptos::prelude::*;

use crate::state::questions::{Floor, Link};

/// The questions of session `session` of `edition`.
#[component]
pub fn QuestionsPanel(
    edition: String,
    session: String,
    /// Whether questions show once a moderator accepts them (the session's setting).
    moderation: Moderation,
    /// Whether the session takes questions, before the server says.
    open: bool,
    /// Whether the session is on now: the list follows the session's stream; otherwise
    /// it is read once.
    live: bool,
) -> impl IntoView {
    let floor = Floor::follow(edition, session, live);
    let order = RwSignal::new(Order::Soutiens);
    let open = Memo::new(move |_| match floor.loaded.get() {
        Some(Ok(())) => floor.board.with(|b| b.ouvertes),
        _ => open,
    });
    let intro = match moderation {
        Moderation::Pre => "Posez votre question aux intervenants depuis votre téléphone. L'équipe d'animation la lit avant de l'afficher ici.",
        Moderation::Post => "Posez votre question aux intervenants depuis votre téléphone. Elle s'affiche ici dès son arrivée.",
    };
    view! {
        <section class="floor" aria-labelledby="questions-salle">
            <h2 id="questions-salle">"Questions de la salle"</h2>
            {move || if open.get() {
                view! {
                    <p class="floor-intro">{intro}</p>
                    <AskForm floor=floor />
                }.into_any()
            } else {
                view! { <p class="floor-intro">"Cette séance ne prend pas de questions en ce moment."</p> }.into_any()
            }}
            <MyQuestions floor=floor />
            <div class="floor-head">
                <h3>"Questions acceptées"</h3>
                <div class="floor-order" role="group" aria-label="Ordre des questions">
                    {order_button(order, Order::Soutiens, "Les plus soutenues")}
                    {order_button(order, Order::Recentes, "Les plus récentes")}
                </div>
            </div>
            {move || accepted_list(floor, order.get())}
            {move || answered_list(floor.board)}
            {move || match (floor.loaded.get(), floor.link.get()) {
                (Some(Err(e)), _) => Some(view! { <p class="floor-link" role="status">{e}</p> }.into_any()),
                (_, Link::Polling) => Some(view! {
                    <p class="floor-link">"Connexion instable\u{a0}: la liste se met à jour toutes les 10 secondes."</p>
                }.into_any()),
                _ => None,
            }}
            <p class="visually-hidden" aria-live="polite">{move || floor.heard.get()}</p>
        </section>
    }
}

fn order_button(order: RwSignal<Order>, value: Order, label: &'static str) -> impl IntoView {
    view! {
        <button type="button" class="chip" aria-pressed=move || (order.get() == value).to_string()
            on:click=move |_| order.set(value)>{label}</button>
    }
}

/// The form: the question, an optional first name, errors under their field.
#[component]
fn AskForm(floor: Floor) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let text_error = RwSignal::new(None::<String>);
    let name_error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked_text = QuestionText::parse(&text.get_untracked());
        let checked_name = FirstName::parse(Some(&name.get_untracked()));
        text_error.set(checked_text.as_ref().err().cloned());
        name_error.set(checked_name.as_ref().err().cloned());
        let (Ok(t), Ok(n)) = (checked_text, checked_name) else {
            sent.set(false);
            return;
        };
        floor.ask(t.into_inner(), n.map(FirstName::into_inner));
        text.set(String::new());
        sent.set(true);
    };
    let left = move || {
        let used = text.with(|t| t.chars().count());
        if used == 0 {
            format!("{TEXT_MAX} caractères au plus.")
        } else {
            format!("{used} caractères sur {TEXT_MAX}.")
        }
    };
    view! {
        <form class="floor-ask" on:submit=submit novalidate=true>
            <div class="field">
                <label for="question-texte">"Votre question"</label>
                <textarea id="question-texte" rows="3" maxlength=TEXT_MAX.to_string()
                    aria-describedby="question-compte question-erreur"
                    aria-invalid=move || text_error.with(Option::is_some).then_some("true")
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        sent.set(false);
                    }></textarea>
                <p class="hint" id="question-compte">{left}</p>
                <p class="form-error" id="question-erreur">{move || text_error.get()}</p>
            </div>
            <div class="field">
                <label for="question-prenom">"Votre prénom (facultatif)"</label>
                <input id="question-prenom" type="text" autocomplete="given-name" maxlength=NAME_MAX.to_string()
                    aria-describedby="question-anonyme"
                    aria-invalid=move || name_error.with(Option::is_some).then_some("true")
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <p class="hint" id="question-anonyme">
                    {move || name_error.get().unwrap_or_else(|| "Sans prénom, votre question reste anonyme.".into())}
                </p>
            </div>
            <button type="submit" class="button">"Envoyer la question"</button>
            <p class="floor-sent" role="status">
                {move || sent.get().then_some("Question enregistrée sur votre téléphone\u{a0}: elle part dès que le réseau le permet. Vous la suivez ci-dessous.")}
            </p>
        </form>
    }
}

/// This device's questions, with where each stands; nothing when there are none.
#[component]
fn MyQuestions(floor: Floor) -> impl IntoView {
    move || {
        let unsent = floor.unsent();
        let mine: Vec<Question> = floor
            .board
            .with(|b| b.appareil.as_ref().map(|m| m.questions.clone()).unwrap_or_default());
        if unsent.is_empty() && mine.is_empty() {
            return None;
        }
        let unsent = unsent.into_iter().map(|(text, refused)| {
            let status = match refused {
                Some(reason) => format!("Non envoyée\u{a0}: {reason}"),
                None => "En attente d'envoi\u{a0}: elle part dès que le réseau revient.".to_owned(),
            };
            view! { <li><p class="floor-text">{text}</p><p class="floor-status">{status}</p></li> }
        });
        let stored = mine.into_iter().rev().map(|q| {
            let status = status_words(q.statut, q.epinglee);
            view! { <li><p class="floor-text">{typeset(&q.texte)}</p><p class="floor-status">{status}</p></li> }
        });
        Some(view! {
            <h3>"Vos questions"</h3>
            <ul class="floor-mine">{unsent.collect_view()}{stored.collect_view()}</ul>
        })
    }
}

/// Where one of the person's questions stands, in plain words.
fn status_words(status: QuestionStatus, pinned: bool) -> &'static str {
    match status {
        QuestionStatus::EnAttente => "En attente\u{a0}: l'équipe d'animation la lit.",
        QuestionStatus::Acceptee if pinned => "Posée en ce moment aux intervenants.",
        QuestionStatus::Acceptee => "Acceptée\u{a0}: elle est dans la liste de la salle.",
        QuestionStatus::Repondue => "Répondue.",
        QuestionStatus::NonRetenue => "Non retenue par l'équipe d'animation.",
        QuestionStatus::Fusionnee => "Regroupée avec une question semblable, qui compte votre soutien.",
    }
}

/// The accepted questions in `order`, each with its count and "Moi aussi".
fn accepted_list(floor: Floor, order: Order) -> AnyView {
    let (list, pinned) = floor.board.with(|b| (b.listed(order), b.epinglee));
    if list.is_empty() {
        return view! { <p class="floor-empty">"Aucune question acceptée pour l'instant."</p> }.into_any();
    }
    let items = list
        .into_iter()
        .map(|q| {
            let id = q.id;
            let now = pinned == Some(id);
            let supported = Memo::new(move |_| floor.board.with(|b| b.supports(id)));
            view! {
                <li class="floor-question" class:pinned=now>
                    {now.then(|| view! { <p class="badge now">"Posée en ce moment"</p> })}
                    <p class="floor-text">{typeset(&q.texte)}</p>
                    <p class="floor-meta">{meta(&q)}</p>
                    <button type="button" class="support-button" aria-pressed=move || supported.get().to_string()
                        on:click=move |_| floor.support(id, !supported.get_untracked())>
                        {move || if supported.get() { "Moi aussi ✓" } else { "Moi aussi" }}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="floor-questions">{items}</ul> }.into_any()
}

/// « Zoé · 3 personnes la soutiennent »
fn meta(q: &Question) -> String {
    let count = match q.soutiens {
        0 => "Personne ne la soutient encore".to_owned(),
        1 => "1 personne la soutient".to_owned(),
        n => format!("{n} personnes la soutiennent"),
    };
    match &q.prenom {
        Some(name) => format!("{name} · {count}"),
        None => count,
    }
}

/// The questions already answered on stage, the latest first; nothing when none.
fn answered_list(board: RwSignal<Board>) -> Option<impl IntoView> {
    let answered = board.with(|b| b.repondues.clone());
    (!answered.is_empty()).then(|| {
        let items = answered
            .into_iter()
            .map(|q| view! { <li><p class="floor-text">{typeset(&q.texte)}</p><p class="floor-meta">{meta(&q)}</p></li> })
            .collect_view();
        view! {
            <h3>"Déjà répondues"</h3>
            <ul class="floor-answered">{items}</ul>
        }
    })
}
