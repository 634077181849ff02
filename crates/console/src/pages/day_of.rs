//! `/organisateurs/jour-j`: the day itself, on a phone. The sessions running and to come,
//! each with large buttons: a delay of 5 or 15 minutes (optionally carrying the following
//! sessions of the same place), another room, a cancellation or putting it back. Each change
//! is shown in one sentence, published as a new revision on a second tap, and can be undone.

use agir_model::dayof::{self, DayOfChange};
use agir_model::french::typeset;
use agir_model::time::format_time_fr;
use agir_model::{Edition, PlaceId, Session, SessionId, Status};
use agir_ui::clock::use_clock;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account::{use_account, AccountSignal, AccountState, RequireAccount};
use crate::api::{self, ApiError, Current};

/// The Jour J page.
#[component]
pub fn DayOfPage() -> impl IntoView {
    view! {
        <section class="page day-of">
            <h1>"Jour J"</h1>
            <RequireAccount>
                <DayOf />
            </RequireAccount>
        </section>
    }
}

/// What the page holds: the edition as published, a change waiting for its second tap, and
/// the last change published (to undo it).
#[derive(Clone, Copy)]
struct Desk {
    current: RwSignal<Option<Current>>,
    pending: RwSignal<Option<DayOfChange>>,
    done: RwSignal<Option<Done>>,
    said: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    /// A delay also moves the following sessions of the same place.
    carry: RwSignal<bool>,
    account: AccountSignal,
}

/// A published change: what it said, and the revision before it.
#[derive(Clone, PartialEq)]
struct Done {
    note: String,
    previous: u32,
}

impl Desk {
    fn new() -> Self {
        Self {
            current: RwSignal::new(None),
            pending: RwSignal::new(None),
            done: RwSignal::new(None),
            said: RwSignal::new(None),
            busy: RwSignal::new(false),
            carry: RwSignal::new(true),
            account: use_account(),
        }
    }

    fn load(self) {
        spawn_local(async move {
            match api::current().await {
                Ok(current) => self.current.set(Some(current)),
                Err(e) => self.said.set(Some(e.to_string())),
            }
        });
    }

    /// Proposes `change`, or says why it cannot be made.
    fn propose(self, change: impl FnOnce(&Edition) -> Result<DayOfChange, dayof::DayOfError>) {
        let Some(current) = self.current.get_untracked() else {
            return;
        };
        match change(&current.edition) {
            Ok(change) => {
                self.said.set(None);
                self.pending.set(Some(change));
            }
            Err(e) => self.said.set(Some(e.to_string())),
        }
    }

    /// The second tap: publishes the pending change.
    fn publish(self) {
        let (Some(change), Some(current)) = (self.pending.get_untracked(), self.current.get_untracked()) else {
            return;
        };
        self.busy.set(true);
        spawn_local(async move {
            match api::publish(&change.edition, &current.etag, &change.note).await {
                Ok(published) => {
                    let mut edition = change.edition;
                    edition.revision = published.revision;
                    self.current.set(Some(Current {
                        edition,
                        etag: published.etag,
                    }));
                    self.done.set(Some(Done {
                        note: change.note.clone(),
                        previous: current.edition.revision,
                    }));
                    self.said.set(Some(format!("Publié\u{a0}: {}", change.note)));
                }
                Err(e) => self.refused(e),
            }
            self.pending.set(None);
            self.busy.set(false);
        });
    }

    /// Publishes the revision before the last change again.
    fn undo(self) {
        let (Some(done), Some(current)) = (self.done.get_untracked(), self.current.get_untracked()) else {
            return;
        };
        self.busy.set(true);
        spawn_local(async move {
            let note = format!("Annulation\u{a0}: {}", done.note);
            match api::rollback(done.previous, &current.etag, &note).await {
                Ok(_) => {
                    self.done.set(None);
                    self.said
                        .set(Some(format!("Modification annulée\u{a0}: {}", done.note)));
                    self.load();
                }
                Err(e) => self.refused(e),
            }
            self.busy.set(false);
        });
    }

    fn refused(self, e: ApiError) {
        if e.is_signed_out() {
            // The pending change is lost with the page; the sign-in page brings the person back.
            self.account.set(AccountState::SignedOut);
            return;
        }
        if matches!(e, ApiError::Refused { status: 412, .. }) {
            self.said.set(Some(
                "Un collègue a publié entre-temps\u{a0}: le programme est rechargé, vérifiez puis recommencez.".into(),
            ));
            self.done.set(None);
            self.load();
        } else {
            self.said.set(Some(e.to_string()));
        }
    }
}

#[component]
fn DayOf() -> impl IntoView {
    let desk = Desk::new();
    desk.load();
    let clock = use_clock();
    view! {
        <p class="day-of-intro">"Chaque changement est publié tout de suite pour les visiteurs\u{a0}: ils le voient dans les trois minutes, et dès qu'ils rallument leur écran."</p>
        <Pending desk />
        <Said desk />
        <label class="checkbox">
            <input type="checkbox" prop:checked=move || desk.carry.get() on:change=move |ev| desk.carry.set(event_target_checked(&ev)) />
            " Un retard décale aussi les séances suivantes dans le même lieu"
        </label>
        {move || desk.current.get().map(|current| {
            let now = clock.now(current.edition.offset());
            sessions_of_the_day(desk, &current.edition, now)
        })}
    }
}

/// The change waiting for its second tap.
#[component]
fn Pending(desk: Desk) -> impl IntoView {
    move || {
        desk.pending.get().map(|change| {
            view! {
                <div class="pending" role="alertdialog" aria-labelledby="a-publier">
                    <p id="a-publier"><strong>"À publier\u{a0}: "</strong>{typeset(&change.note)}</p>
                    <p class="pending-buttons">
                        <button type="button" class="button big" disabled=move || desk.busy.get() on:click=move |_| desk.publish()>"Publier"</button>
                        <button type="button" class="button secondary big" on:click=move |_| desk.pending.set(None)>"Ne rien changer"</button>
                    </p>
                </div>
            }
        })
    }
}

/// What happened last, and the way to undo a published change.
#[component]
fn Said(desk: Desk) -> impl IntoView {
    view! {
        <div class="said" role="status">
            {move || desk.said.get().map(|s| view! { <p>{typeset(&s)}</p> })}
            {move || desk.done.get().map(|_| view! {
                <button type="button" class="button secondary big" disabled=move || desk.busy.get() on:click=move |_| desk.undo()>
                    "Annuler cette modification"
                </button>
            })}
        </div>
    }
}

/// The sessions of the day still to come or running, then those cancelled and those over.
fn sessions_of_the_day(desk: Desk, edition: &Edition, now: chrono::DateTime<chrono::Utc>) -> impl IntoView {
    let day = edition.day_at(now);
    let mut of_day: Vec<&Session> = edition
        .sessions
        .iter()
        .filter(|s| s.start.date_naive() == day)
        .collect();
    agir_model::time::sort_sessions(&mut of_day);
    let (ahead, over): (Vec<&Session>, Vec<&Session>) = of_day.into_iter().partition(|s| s.end > now);
    let card = |s: &Session| session_card(desk, edition, s, s.start <= now && now < s.end);
    view! {
        <h2>{format!("Séances du {}", agir_model::time::format_day(day))}</h2>
        <ul class="day-of-list">{ahead.into_iter().map(card).collect_view()}</ul>
        {(!over.is_empty()).then(|| view! {
            <details class="day-of-over">
                <summary>{format!("Séances terminées\u{a0}({})", over.len())}</summary>
                <ul class="day-of-list">{over.into_iter().map(card).collect_view()}</ul>
            </details>
        })}
    }
}

/// One session and its large buttons.
fn session_card(desk: Desk, edition: &Edition, s: &Session, running: bool) -> impl IntoView {
    let id = s.id.clone();
    let place = s.place.as_ref().and_then(|p| edition.place(p)).map(|p| p.name.clone());
    let when = format!("{} – {}", format_time_fr(&s.start), format_time_fr(&s.end));
    let cancelled = s.is_cancelled();
    let delay = move |id: SessionId, minutes: i64| {
        move |_| desk.propose(|e| dayof::delay(e, &id, minutes, desk.carry.get_untracked()))
    };
    let status = if cancelled {
        Status::Scheduled
    } else {
        Status::Cancelled
    };
    let toggle = {
        let id = id.clone();
        move |_| desk.propose(|e| dayof::set_status(e, &id, status))
    };
    let places: Vec<(String, String)> = edition
        .places
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect();
    let heading = format!("seance-{id}");
    let labelled_by = heading.clone();
    view! {
        <li class="day-of-session" class:running=running class:cancelled=cancelled aria-labelledby=labelled_by>
            <h3 id=heading>{typeset(&s.title)}</h3>
            <p class="day-of-when">
                {when}
                {place.map(|p| format!(" · {p}"))}
                {running.then(|| view! { " " <span class="badge">"en cours"</span> })}
                {cancelled.then(|| view! { " " <span class="badge status-cancelled">"annulée"</span> })}
            </p>
            <div class="day-of-buttons">
                {(!cancelled).then(|| view! {
                    <button type="button" class="button big" on:click=delay(id.clone(), 5)>"Retarder de 5 min"</button>
                    <button type="button" class="button big" on:click=delay(id.clone(), 15)>"Retarder de 15 min"</button>
                })}
                <button type="button" class="button secondary big" on:click=toggle>
                    {if cancelled { "Rétablir la séance" } else { "Annuler la séance" }}
                </button>
            </div>
            {(!cancelled).then(|| room_change(desk, id.clone(), places))}
        </li>
    }
}

/// "Changer de salle": a list of the places and a button.
fn room_change(desk: Desk, id: SessionId, places: Vec<(String, String)>) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let select_id = format!("salle-{id}");
    let change = move |_| {
        let Ok(place) = PlaceId::parse(chosen.get_untracked()) else {
            desk.said.set(Some("Choisissez d'abord le nouveau lieu.".into()));
            return;
        };
        desk.propose(|e| dayof::move_to(e, &id, &place));
    };
    view! {
        <div class="day-of-room">
            <label for=select_id.clone()>"Nouveau lieu"</label>
            <select id=select_id on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="">"Choisir…"</option>
                {places.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
            </select>
            <button type="button" class="button secondary big" on:click=change>"Changer de salle"</button>
        </div>
    }
}
