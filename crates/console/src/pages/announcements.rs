//! `/organisateurs/annonces`: a short message to every attendee ("La table ronde commence
//! avec 10 minutes de retard"), with an optional end time. Announcements are part of the
//! programme: publishing one is a revision, and attendees see it within the app's refresh
//! delay, at once when their screen comes back, and offline.

use agir_model::dayof::{announcement_note, withdrawal_note};
use agir_model::french::typeset;
use agir_model::time::{format_time_fr, parse_local_datetime};
use agir_model::{Announcement, Edition};
use agir_ui::clock::use_clock;
use chrono::TimeZone;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account::RequireAccount;
use crate::api::{self, Current};

/// The announcements page.
#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    view! {
        <section class="page announcements-page">
            <h1>"Annonces"</h1>
            <RequireAccount>
                <Announcements />
            </RequireAccount>
        </section>
    }
}

#[component]
fn Announcements() -> impl IntoView {
    let current = RwSignal::new(None::<Current>);
    let said = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match api::current().await {
                Ok(c) => current.set(Some(c)),
                Err(e) => said.set(Some(e.to_string())),
            }
        })
    };
    load();
    // Publishes `edition` with `note`; reloads on a colleague's revision published meanwhile.
    let publish = move |edition: Edition, note: String| {
        let Some(base) = current.get_untracked() else { return };
        spawn_local(async move {
            match api::publish(&edition, &base.etag, &note).await {
                Ok(_) => said.set(Some(format!("Publié\u{a0}: {}", typeset(&note)))),
                Err(e) => said.set(Some(e.to_string())),
            }
            load();
        });
    };
    view! {
        <p>"Un message court à tous les participants, affiché en haut de chaque page de l'application, jusqu'à l'heure de fin si vous en donnez une."</p>
        <div class="said" role="status">{move || said.get().map(|s| view! { <p>{s}</p> })}</div>
        {move || current.get().map(|c| view! {
            {listed(&c.edition, publish)}
            {new_announcement(&c.edition, said, publish)}
        })}
    }
}

/// The announcements published, each with a way to take it down.
fn listed(edition: &Edition, publish: impl Fn(Edition, String) + Copy + 'static) -> impl IntoView {
    if edition.announcements.is_empty() {
        return view! { <p>"Aucune annonce en ce moment."</p> }.into_any();
    }
    let items = (edition.announcements.iter().enumerate())
        .map(|(i, a)| {
            let until = a.until.map(|t| format!(" (jusqu'à {})", format_time_fr(&t)));
            let edition = edition.clone();
            let text = a.text.clone();
            let remove = move |_| {
                let mut next = edition.clone();
                next.announcements.remove(i);
                publish(next, withdrawal_note(&text));
            };
            view! {
                <li>
                    <p>{typeset(&a.text)}{until}</p>
                    <button type="button" class="button secondary" on:click=remove>"Retirer l'annonce"</button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain-list announcements-list">{items}</ul> }.into_any()
}

/// The form of a new announcement: its text and an optional end time (HH:MM, today, or the
/// event's first day while preparing).
fn new_announcement(
    edition: &Edition,
    said: RwSignal<Option<String>>,
    publish: impl Fn(Edition, String) + Copy + 'static,
) -> impl IntoView {
    let (text, until) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let edition = edition.clone();
    let clock = use_clock();
    let left = move || Announcement::MAX_CHARS as i64 - text.with(|t| t.chars().count()) as i64;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = edition.day_at(clock.now(edition.offset()));
        match announcement(&edition, day, &text.get_untracked(), &until.get_untracked()) {
            Ok(a) => {
                let note = announcement_note(&a.text);
                let mut next = edition.clone();
                next.announcements.push(a);
                publish(next, note);
            }
            Err(problem) => said.set(Some(problem)),
        }
    };
    view! {
        <h2>"Nouvelle annonce"</h2>
        <form class="form" on:submit=submit novalidate=true>
            <div class="field">
                <label for="annonce">"Message"</label>
                <textarea id="annonce" rows="3" aria-describedby="annonce-reste"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <p id="annonce-reste" class="hint">{move || format!("{} caractères restants.", left())}</p>
            </div>
            <div class="field">
                <label for="fin">"Heure de fin (facultatif, par exemple 15:00)"</label>
                <input id="fin" type="time" prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev)) />
            </div>
            <button type="submit" class="button big">"Publier l'annonce"</button>
        </form>
    }
}

/// The announcement typed, or what is wrong with it. The end time is read on `day`, in the
/// event's time zone.
fn announcement(edition: &Edition, day: chrono::NaiveDate, text: &str, until: &str) -> Result<Announcement, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Écrivez le message de l'annonce.".into());
    }
    if text.chars().count() > Announcement::MAX_CHARS {
        return Err(format!(
            "Le message tient en {} caractères au plus.",
            Announcement::MAX_CHARS
        ));
    }
    let until = match until.trim() {
        "" => None,
        time => {
            let local = parse_local_datetime(&format!("{day}T{time}"))
                .ok_or_else(|| format!("«\u{a0}{time}\u{a0}» n'est pas une heure (par exemple 15:00)."))?;
            Some(
                edition
                    .offset()
                    .from_local_datetime(&local)
                    .single()
                    .ok_or_else(|| format!("{time} n'existe pas ce jour-là."))?,
            )
        }
    };
    Ok(Announcement {
        text: text.to_owned(),
        until,
    })
}
