//! `/organisateurs/questions/:id`: one session's moderation queue, made for a phone held
//! during a debate: the waiting questions first, one big button per action, live from the
//! moderators' stream; and the log of who did what.

use agir_model::french::typeset;
use agir_model::question_queue::Queue;
use agir_model::questions::{Question, QuestionStatus, STREAM_EVENTS};
use agir_model::time::format_time_fr;
use agir_ui::live;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::account::RequireAccount;
use crate::api as server;
use crate::api::questions::{self as api, Action};

/// One session's moderation queue.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    view! {
        <section class="page moderation-page">
            <RequireAccount>
                <ModerationQueue session=id.clone() />
            </RequireAccount>
        </section>
    }
}

/// The live queue of `session` in the current edition.
#[component]
fn ModerationQueue(session: String) -> impl IntoView {
    let queue = RwSignal::new(None::<Result<Queue, String>>);
    let edition = RwSignal::new(String::new());
    let said = RwSignal::new(None::<String>);
    let cut = RwSignal::new(false);
    let session = StoredValue::new(session);
    let reload = move || {
        spawn_local(async move {
            let slug = match edition.get_untracked() {
                s if !s.is_empty() => s,
                _ => match server::current().await {
                    Ok(c) => c.edition.edition.to_string(),
                    Err(e) => return queue.set(Some(Err(e.to_string()))),
                },
            };
            let first = edition.get_untracked().is_empty();
            edition.set(slug.clone());
            match api::queue(&session.get_value(), &slug).await {
                Ok(q) => {
                    queue.set(Some(Ok(q)));
                    if first {
                        follow(queue, session, edition, cut);
                    }
                }
                Err(e) => queue.set(Some(Err(e.to_string()))),
            }
        })
    };
    reload();
    let act = move |id: i64, action: Action| {
        spawn_local(async move {
            match api::act(id, &action).await {
                Ok(question) => {
                    said.set(Some(done_words(&action).to_owned()));
                    let data = serde_json::json!({ "question": question }).to_string();
                    queue.update(|q| {
                        if let Some(Ok(q)) = q {
                            let _ = q.apply(0, "question", &data);
                        }
                    });
                    if matches!(action, Action::Merge(_) | Action::Pin | Action::Unpin) {
                        reload_later(queue, session, edition);
                    }
                }
                Err(e) => said.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <p class="breadcrumb"><A href="/organisateurs/questions">"← Toutes les séances"</A></p>
        {move || match queue.get() {
            None => view! { <p class="state state-loading" role="status">"Chargement des questions…"</p> }.into_any(),
            Some(Err(e)) => view! { <h1>"Questions"</h1><p class="state state-error" role="alert">{e}</p> }.into_any(),
            Some(Ok(q)) => view! {
                <h1>{typeset(&q.titre)}</h1>
                <p>
                    <a class="inline-link" href=format!("/organisateurs/salle/{}", session.get_value()) target="_blank" rel="noopener">
                        "Ouvrir l'écran de salle (nouvel onglet)"
                    </a>
                </p>
            }.into_any(),
        }}
        <div class="said" role="status" aria-live="polite">{move || said.get().map(|s| view! { <p>{s}</p> })}</div>
        {move || cut.get().then(|| view! {
            <p class="state">"Connexion instable\u{a0}: la file se met à jour toutes les 10 secondes."</p>
        })}
        {move || queue.get().and_then(Result::ok).map(|q| sections(&q, act))}
        {move || queue.with(|q| matches!(q, Some(Ok(_)))).then(|| view! { <ModerationLog session=session edition=edition /> })}
    }
}

/// Reads the queue again a moment later (after a merge, or a question that left).
fn reload_later(
    queue: RwSignal<Option<Result<Queue, String>>>,
    session: StoredValue<String>,
    edition: RwSignal<String>,
) {
    spawn_local(async move {
        if let Ok(q) = api::queue(&session.get_value(), &edition.get_untracked()).await {
            queue.set(Some(Ok(q)));
        }
    });
}

/// Keeps the queue live from the moderators' stream. While the browser has given the
/// stream up, `cut` says so and the queue is read again every 10 seconds.
fn follow(
    queue: RwSignal<Option<Result<Queue, String>>>,
    session: StoredValue<String>,
    edition: RwSignal<String>,
    cut: RwSignal<bool>,
) {
    let reload = move || reload_later(queue, session, edition);
    let url = move || {
        let since = queue.with_untracked(|q| match q {
            Some(Ok(q)) => q.dernier_evenement,
            _ => 0,
        });
        api::stream_url(&session.get_value(), &edition.get_untracked(), since)
    };
    let opened = live::open(url, &STREAM_EVENTS, move |heard| {
        let (name, id, data) = match heard {
            live::Heard::Event { name, id, data } => (name, id, data),
            live::Heard::Open => return cut.set(false),
            live::Heard::Closed => return cut.set(true),
            live::Heard::Retrying => return,
        };
        if name == "reset" {
            if let Ok(fresh) = serde_json::from_str::<Queue>(&data) {
                queue.set(Some(Ok(fresh)));
            }
            return;
        }
        let mut complete = true;
        queue.update(|q| {
            if let Some(Ok(q)) = q {
                complete = q.apply(id, &name, &data).unwrap_or(false);
            }
        });
        if !complete {
            reload();
        }
    });
    if opened.is_none() {
        cut.set(true);
    }
    live::poll_while(move || cut.get_untracked(), reload);
}

fn done_words(action: &Action) -> &'static str {
    match action {
        Action::Accept(_) => "Question acceptée\u{a0}: la salle la voit.",
        Action::Reject(_) => "Question écartée.",
        Action::Correct(_) => "Texte corrigé.",
        Action::Merge(_) => "Questions regroupées\u{a0}: leurs soutiens s'additionnent.",
        Action::Pin => "Question épinglée\u{a0}: c'est celle posée en ce moment.",
        Action::Unpin => "Épingle retirée.",
        Action::Answered => "Question marquée comme répondue.",
    }
}

/// The four lists of the queue, the waiting questions first.
fn sections(q: &Queue, act: impl Fn(i64, Action) + Copy + 'static) -> impl IntoView {
    let accepted = q.in_status(QuestionStatus::Acceptee);
    let targets: Vec<(i64, String)> = accepted.iter().map(|a| (a.id, a.texte.clone())).collect();
    let closed: Vec<Question> = q
        .questions
        .iter()
        .filter(|x| matches!(x.statut, QuestionStatus::NonRetenue | QuestionStatus::Fusionnee))
        .cloned()
        .collect();
    view! {
        {section("À modérer", "Aucune question en attente.", q.in_status(QuestionStatus::EnAttente), &targets, act)}
        {section("Acceptées", "Aucune question acceptée pour l'instant.", accepted, &targets, act)}
        {section("Répondues", "Aucune question marquée comme répondue.", q.in_status(QuestionStatus::Repondue), &targets, act)}
        {section("Écartées ou regroupées", "Aucune question écartée ni regroupée.", closed, &[], act)}
    }
}

/// One list under its heading with its count, or a sentence saying it is empty.
fn section(
    title: &str,
    empty: &'static str,
    questions: Vec<Question>,
    targets: &[(i64, String)],
    act: impl Fn(i64, Action) + Copy + 'static,
) -> impl IntoView {
    let heading = format!("{title}\u{a0}({})", questions.len());
    let body = if questions.is_empty() {
        view! { <p class="moderation-empty">{empty}</p> }.into_any()
    } else {
        let cards = questions
            .into_iter()
            .map(|x| card(x, targets.to_vec(), act))
            .collect_view();
        view! { <ul class="moderation-list">{cards}</ul> }.into_any()
    };
    view! { <h2>{heading}</h2> {body} }
}

/// One question with the actions its status allows.
fn card(q: Question, targets: Vec<(i64, String)>, act: impl Fn(i64, Action) + Copy + 'static) -> impl IntoView {
    let id = q.id;
    let text = RwSignal::new(q.texte.clone());
    let reason = RwSignal::new(String::new());
    let merge_into = RwSignal::new(String::new());
    let original = q.texte.clone();
    let asked = StoredValue::new(q.texte.clone());
    // The text as corrected, if the moderator changed it.
    let edited = move || {
        let t = text.get_untracked();
        (t.trim() != asked.with_value(|a| a.trim().to_owned())).then_some(t)
    };
    let supports = match q.soutiens {
        0 => "aucun soutien".to_owned(),
        1 => "1 soutien".to_owned(),
        n => format!("{n} soutiens"),
    };
    let meta = format!(
        "{}{} · {supports}{}",
        q.prenom.as_ref().map(|p| format!("{p} · ")).unwrap_or_default(),
        asked_at(&q.posee_le),
        q.raison
            .as_ref()
            .map(|r| format!(" · raison\u{a0}: {r}"))
            .unwrap_or_default()
    );
    let others: Vec<(i64, String)> = targets.into_iter().filter(|(t, _)| *t != id).collect();
    let can_merge = !others.is_empty() && matches!(q.statut, QuestionStatus::EnAttente | QuestionStatus::Acceptee);
    let text_id = format!("texte-{id}");
    view! {
        <li class="moderation-card" class:pinned=q.epinglee>
            {q.epinglee.then(|| view! { <p class="badge">"Épinglée\u{a0}: posée en ce moment"</p> })}
            {match q.statut {
                QuestionStatus::EnAttente | QuestionStatus::Acceptee => view! {
                    <label class="visually-hidden" for=text_id.clone()>{format!("Texte de la question {id}")}</label>
                    <textarea id=text_id.clone() rows="3" maxlength="280" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                }.into_any(),
                _ => view! { <p class="moderation-text">{typeset(&original)}</p> }.into_any(),
            }}
            <p class="hint">{meta}</p>
            <div class="moderation-actions">
                {match q.statut {
                    QuestionStatus::EnAttente => view! {
                        <button type="button" class="button" on:click=move |_| act(id, Action::Accept(edited()))>"Accepter"</button>
                        {reject_control(id, reason, act)}
                    }.into_any(),
                    QuestionStatus::Acceptee => view! {
                        {if q.epinglee {
                            view! { <button type="button" class="button" on:click=move |_| act(id, Action::Unpin)>"Retirer l'épingle"</button> }.into_any()
                        } else {
                            view! { <button type="button" class="button" on:click=move |_| act(id, Action::Pin)>"Épingler (posée maintenant)"</button> }.into_any()
                        }}
                        <button type="button" class="button" on:click=move |_| act(id, Action::Answered)>"Marquer répondue"</button>
                        <button type="button" class="button secondary" on:click=move |_| {
                            if let Some(t) = edited() { act(id, Action::Correct(t)) }
                        }>"Enregistrer la correction"</button>
                        {reject_control(id, reason, act)}
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
            {can_merge.then(|| merge_control(id, others, merge_into, act))}
        </li>
    }
}

/// "Ne pas garder", with an optional reason kept among moderators.
fn reject_control(id: i64, reason: RwSignal<String>, act: impl Fn(i64, Action) + Copy + 'static) -> impl IntoView {
    let field = format!("raison-{id}");
    view! {
        <div class="field reject">
            <label for=field.clone()>"Raison (facultative, jamais montrée)"</label>
            <input id=field type="text" maxlength="500" prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev)) />
            <button type="button" class="button secondary" on:click=move |_| {
                let r = reason.get_untracked();
                act(id, Action::Reject((!r.trim().is_empty()).then_some(r)))
            }>"Ne pas garder"</button>
        </div>
    }
}

/// "Regrouper avec…": one of the accepted questions takes this one and its supports.
fn merge_control(
    id: i64,
    others: Vec<(i64, String)>,
    into: RwSignal<String>,
    act: impl Fn(i64, Action) + Copy + 'static,
) -> impl IntoView {
    let field = format!("regrouper-{id}");
    let options = others
        .into_iter()
        .map(|(other, text)| {
            let short: String = text.chars().take(60).collect();
            view! { <option value=other.to_string()>{short}</option> }
        })
        .collect_view();
    view! {
        <div class="field merge">
            <label for=field.clone()>"Regrouper avec une question semblable"</label>
            <select id=field on:change=move |ev| into.set(event_target_value(&ev))>
                <option value="">"Choisir…"</option>
                {options}
            </select>
            <button type="button" class="button secondary" on:click=move |_| {
                if let Ok(target) = into.get_untracked().parse() { act(id, Action::Merge(target)) }
            }>"Regrouper"</button>
        </div>
    }
}

/// « posée à 14 h 32 », in the device's time zone (the server writes UTC).
fn asked_at(rfc3339: &str) -> String {
    let Ok(t) = chrono::DateTime::parse_from_rfc3339(rfc3339) else {
        return String::new();
    };
    let local = agir_ui::clock::phone_time(t.timestamp_millis()).unwrap_or(t);
    format!("posée à {}", format_time_fr(&local))
}

/// Who did what, on demand: drawn once under the queue, so that it stays open while
/// questions arrive; the edition is the one the queue was read from.
#[component]
fn ModerationLog(session: StoredValue<String>, edition: RwSignal<String>) -> impl IntoView {
    let entries = RwSignal::new(None::<Result<Vec<api::LogEntry>, String>>);
    let open = move |_| {
        spawn_local(async move {
            let log = api::log(&session.get_value(), &edition.get_untracked()).await;
            entries.set(Some(log.map_err(|e| e.to_string())));
        });
    };
    view! {
        <h2>"Journal de modération"</h2>
        <button type="button" class="button secondary" on:click=open>"Afficher le journal"</button>
        {move || entries.get().map(|r| match r {
            Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            Ok(list) if list.is_empty() => view! { <p>"Aucune action pour l'instant."</p> }.into_any(),
            Ok(list) => view! {
                <ul class="plain-list moderation-log">
                    {list.into_iter().map(|e| view! {
                        <li>{format!("{} · {} · {}{}{}", asked_at(&e.le).replace("posée à ", ""), e.par, e.action,
                            e.question.map(|q| format!(" (question {q})")).unwrap_or_default(),
                            e.detail.map(|d| format!("\u{a0}: {d}")).unwrap_or_default())}</li>
                    }).collect_view()}
                </ul>
            }.into_any(),
        })}
    }
}
