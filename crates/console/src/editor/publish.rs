//! `/organisateurs/editer/{edition}/publier`: what the draft changes for attendees, the
//! errors that block it (each with a link to its field), the note colleagues will read,
//! and publishing. If a colleague published first, the page says what they changed and
//! puts the draft on top of their version, without anything to type again.

use agir_model::french::{plural, typeset};
use agir_model::rebase::{rebase, Conflict};
use agir_model::{diff, Edition};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::links::page_of;
use crate::account::{use_account, AccountState};
use crate::api::{self, ApiError, Current, Revision};
use crate::draft::{use_draft, Draft};

/// A colleague's publication met at publishing time.
#[derive(Clone)]
struct Overtaken {
    theirs: Current,
    /// Their revisions since the draft's base: who, when, their note.
    revisions: Vec<Revision>,
    /// What they changed, sentence by sentence.
    changes: Vec<String>,
}

/// The page's state besides the draft.
#[derive(Clone, Copy)]
struct Desk {
    note: RwSignal<String>,
    busy: RwSignal<bool>,
    said: RwSignal<Option<String>>,
    overtaken: RwSignal<Option<Overtaken>>,
    conflicts: RwSignal<Vec<Conflict>>,
}

/// The publish page.
#[component]
pub fn PublishPage() -> impl IntoView {
    let desk = Desk {
        note: RwSignal::new(String::new()),
        busy: RwSignal::new(false),
        said: RwSignal::new(None),
        overtaken: RwSignal::new(None),
        conflicts: RwSignal::new(Vec::new()),
    };
    view! {
        <h1>"Publier"</h1>
        <Overtaken desk />
        <Conflicts desk />
        <Summary />
        <Blocking />
        <PublishForm desk />
    }
}

/// What attendees will see change, session by session, and the other parts in a line.
#[component]
fn Summary() -> impl IntoView {
    let draft = use_draft();
    move || {
        if draft.is_new() {
            let count = draft.edition.with(|e| e.as_ref().map_or(0, |e| e.sessions.len()));
            return view! {
                <h2>"Ce que les participants verront"</h2>
                <p>{format!("Une nouvelle édition, avec {}. Elle n'est pas encore publiée.", plural(count, "séance", "séances"))}</p>
            }
            .into_any();
        }
        let (sessions, others) = draft.edition.with(|d| {
            draft.base.with(|b| match (d, b) {
                (Some(d), Some(b)) => (session_changes(&b.edition, d), other_changes(&b.edition, d)),
                _ => (Vec::new(), Vec::new()),
            })
        });
        if sessions.is_empty() && others.is_empty() {
            return view! {
                <h2>"Ce que les participants verront"</h2>
                <p>"Rien\u{a0}: le brouillon est identique à la version publiée."</p>
            }
            .into_any();
        }
        view! {
            <h2>"Ce que les participants verront"</h2>
            <ul class="changes-summary">
                {sessions.into_iter().chain(others).map(|c| view! { <li>{c}</li> }).collect_view()}
            </ul>
        }
        .into_any()
    }
}

/// Sentences for the sessions added, removed, moved, cancelled or retitled.
fn session_changes(old: &Edition, new: &Edition) -> Vec<String> {
    diff(old, new)
        .into_iter()
        .map(|c| {
            let title = new
                .sessions
                .iter()
                .chain(&old.sessions)
                .find(|s| s.id == c.session)
                .map(|s| s.title.clone())
                .unwrap_or_else(|| c.session.to_string());
            c.describe(&title)
        })
        .collect()
}

/// One sentence per other part that changed: the event, places, speakers, stands, plan.
fn other_changes(old: &Edition, new: &Edition) -> Vec<String> {
    let mut said = Vec::new();
    if old.event != new.event {
        said.push("Les informations de l'événement sont modifiées.".to_owned());
    }
    let parts = [
        ("lieu", count_changes(&old.places, &new.places, |p| p.id.as_str())),
        (
            "intervenant",
            count_changes(&old.speakers, &new.speakers, |s| s.id.as_str()),
        ),
        ("stand", count_changes(&old.stands, &new.stands, |s| s.id.as_str())),
    ];
    for (what, (added, removed, changed)) in parts {
        for (n, verb) in [(added, "ajouté"), (removed, "supprimé"), (changed, "modifié")] {
            if n > 0 {
                let s = if n > 1 { "s" } else { "" };
                said.push(format!("{n} {what}{s} {verb}{s}."));
            }
        }
    }
    if old.plan != new.plan {
        said.push("Le plan du village est modifié.".to_owned());
    }
    if old.questionnaire != new.questionnaire {
        said.push("Le questionnaire de satisfaction est modifié.".to_owned());
    }
    if old.announcements != new.announcements {
        said.push("Les annonces sont modifiées.".to_owned());
    }
    said
}

/// How many things were added, removed and changed, matched by id.
fn count_changes<T: PartialEq>(old: &[T], new: &[T], id: impl Fn(&T) -> &str) -> (usize, usize, usize) {
    let find = |list: &[T], key: &str| list.iter().position(|x| id(x) == key);
    let added = new.iter().filter(|n| find(old, id(n)).is_none()).count();
    let removed = old.iter().filter(|o| find(new, id(o)).is_none()).count();
    let changed = new
        .iter()
        .filter(|n| find(old, id(n)).is_some_and(|i| old[i] != **n))
        .count();
    (added, removed, changed)
}

/// The errors that block publishing and the warnings that do not, each linked to its page.
#[component]
fn Blocking() -> impl IntoView {
    let draft = use_draft();
    let line = move |path: String, message: String| {
        let (href, what) = draft
            .edition
            .with_untracked(|e| e.as_ref().map(|e| page_of(e, &path)).unwrap_or_default());
        view! { <li><A href=href>{what}</A>"\u{a0}: "{typeset(&message)}</li> }
    };
    move || {
        let report = draft.report.get();
        let errors = (!report.errors.is_empty()).then(|| {
            view! {
                <h2>{format!("À corriger avant de publier\u{a0}({})", report.errors.len())}</h2>
                <ul class="issues issues-errors">
                    {report.errors.iter().map(|i| line(i.path.clone(), i.message.clone())).collect_view()}
                </ul>
            }
        });
        let warnings = (!report.warnings.is_empty()).then(|| {
            view! {
                <details class="issues-warnings">
                    <summary>{format!("À vérifier, sans empêcher la publication\u{a0}({})", report.warnings.len())}</summary>
                    <ul class="issues">
                        {report.warnings.iter().map(|i| line(i.path.clone(), i.message.clone())).collect_view()}
                    </ul>
                </details>
            }
        });
        (errors, warnings)
    }
}

/// The note and the button.
#[component]
fn PublishForm(desk: Desk) -> impl IntoView {
    let draft = use_draft();
    let account = use_account();
    let blocked = move || {
        draft.report.with(|r| !r.errors.is_empty())
            || !draft.is_changed()
            || desk.note.with(|n| n.trim().is_empty())
            || desk.busy.get()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !blocked() {
            publish(draft, desk, account);
        }
    };
    view! {
        <form class="form" on:submit=submit novalidate=true>
            <div class="field">
                <label for="note">"Note pour vos collègues (obligatoire)"</label>
                <p id="note-aide" class="hint">"Ce que vous avez changé et pourquoi, en une phrase. Elle apparaît dans l'historique."</p>
                <textarea id="note" rows="2" aria-describedby="note-aide"
                    prop:value=move || desk.note.get() on:input=move |ev| desk.note.set(event_target_value(&ev))></textarea>
            </div>
            <button type="submit" class="button big" aria-disabled=move || blocked().then_some("true")>"Publier pour les participants"</button>
            <p class="hint">{move || why_blocked(draft, desk)}</p>
        </form>
        <div class="said" role="status">{move || desk.said.get().map(|s| view! { <p>{s}</p> })}</div>
    }
}

/// Why the button does nothing yet, if it does not.
fn why_blocked(draft: Draft, desk: Desk) -> Option<&'static str> {
    if draft.report.with(|r| !r.errors.is_empty()) {
        Some("Corrigez d'abord les erreurs ci-dessus.")
    } else if !draft.is_changed() {
        Some("Il n'y a rien à publier.")
    } else if desk.note.with(|n| n.trim().is_empty()) {
        Some("Écrivez d'abord la note pour vos collègues.")
    } else {
        None
    }
}

fn publish(draft: Draft, desk: Desk, account: RwSignal<AccountState>) {
    let (Some(mut edition), Some(base)) = (draft.edition.get_untracked(), draft.base.get_untracked()) else {
        return;
    };
    super::questionnaire::next_version(&base.edition, &mut edition);
    let note = desk.note.get_untracked().trim().to_owned();
    desk.busy.set(true);
    desk.said.set(Some("Publication en cours…".into()));
    spawn_local(async move {
        let result = if base.etag.is_empty() {
            api::publish_new(&edition, &note).await
        } else {
            api::publish(&edition, &base.etag, &note).await
        };
        match result {
            Ok(published) => {
                let first = base.etag.is_empty();
                let mut edition = edition;
                edition.revision = published.revision;
                draft.published(edition, published.etag);
                desk.note.set(String::new());
                desk.overtaken.set(None);
                desk.conflicts.set(Vec::new());
                desk.said.set(Some(if first {
                    format!(
                        "Publié (révision {}). Les participants ne la voient pas encore\u{a0}: choisissez-la sur l'accueil de l'espace quand elle sera prête.",
                        published.revision
                    )
                } else {
                    format!(
                        "Publié (révision {}). Les participants verront ces changements dans les trois minutes.",
                        published.revision
                    )
                }));
            }
            Err(e) if e.is_signed_out() => {
                // The draft stays on the device; signing in again brings the person back here.
                account.set(AccountState::SignedOut);
            }
            Err(ApiError::Refused { status: 412, .. }) => {
                desk.said.set(None);
                overtaken(draft, desk, &base).await;
            }
            Err(e) => desk.said.set(Some(e.to_string())),
        }
        desk.busy.set(false);
    });
}

/// Loads what the colleague published since the draft's base.
async fn overtaken(draft: Draft, desk: Desk, base: &Current) {
    let slug = draft.slug.get_value();
    let theirs = match api::edition(&slug).await {
        Ok(theirs) => theirs,
        Err(e) => {
            desk.said.set(Some(e.to_string()));
            return;
        }
    };
    let revisions = api::revisions(&slug)
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.revision > base.edition.revision)
        .collect();
    let changes = {
        let mut c = session_changes(&base.edition, &theirs.edition);
        c.extend(other_changes(&base.edition, &theirs.edition));
        c
    };
    desk.overtaken.set(Some(Overtaken {
        theirs,
        revisions,
        changes,
    }));
}

/// A colleague's publication, and putting the draft on top of it.
#[component]
fn Overtaken(desk: Desk) -> impl IntoView {
    let draft = use_draft();
    let apply = move |_| {
        let Some(o) = desk.overtaken.get_untracked() else {
            return;
        };
        let (Some(mine), Some(base)) = (draft.edition.get_untracked(), draft.base.get_untracked()) else {
            return;
        };
        let merged = rebase(&base.edition, &mine, &o.theirs.edition);
        desk.conflicts.set(merged.conflicts);
        draft.rebase_on(o.theirs, merged.edition);
        desk.overtaken.set(None);
        desk.said.set(Some(
            "Vos modifications sont reportées sur la version de votre collègue. Vérifiez le résumé, puis publiez."
                .into(),
        ));
    };
    move || {
        desk.overtaken.get().map(|o| {
            let who = o
                .revisions
                .iter()
                .map(|r| {
                    let by = r.published_by.clone().unwrap_or_else(|| "Un collègue".into());
                    match &r.note {
                        Some(note) => format!("{by}\u{a0}: «\u{a0}{}\u{a0}»", typeset(note)),
                        None => by,
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <div class="overtaken" role="alert">
                    <h2>"Un collègue a publié pendant que vous travailliez"</h2>
                    <ul>{who.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    <p>"Ce qu'il a changé\u{a0}:"</p>
                    <ul>{o.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    <p>"Votre brouillon n'est pas perdu\u{a0}: il peut être reporté sur sa version, puis publié."</p>
                    <button type="button" class="button big" on:click=apply>"Reporter mes modifications sur sa version"</button>
                </div>
            }
        })
    }
}

/// What both changed, where the draft's version was kept.
#[component]
fn Conflicts(desk: Desk) -> impl IntoView {
    move || {
        let conflicts = desk.conflicts.get();
        (!conflicts.is_empty()).then(|| {
            view! {
                <div class="conflicts" role="status">
                    <h2>"Modifié des deux côtés"</h2>
                    <ul>{conflicts.into_iter().map(|c| view! { <li>{typeset(&c.message)}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}
