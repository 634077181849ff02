//! The event itself: name, days, time zone, venue, access and contact.

use agir_model::engagement::{retention_words, ContactRules, DEFAULT_RETENTION_MONTHS};
use agir_model::{Access, AccessKind, Contact, EarlierDay, Edition};
use chrono::Datelike;
use leptos::prelude::*;

use crate::draft::use_draft;
use crate::fields::{field, get, optional, parse_date, set, text_of, Field, Kind};

/// `/organisateurs/editer/{edition}`: the event's form.
#[component]
pub fn EventForm() -> impl IntoView {
    let draft = use_draft();
    let f = |id: &str, label: &str, path: &str| Field::new(format!("evenement-{id}"), label, path);
    view! {
        <h1>"Événement"</h1>
        <form class="form editor-form" on:submit=|ev| ev.prevent_default() novalidate=true>
            {field(draft, f("nom", "Nom de l'événement", "/event/name"),
                get(|e| e.event.name.clone()), set(|e, v| e.event.name = v))}
            {field(draft, f("sous-titre", "Sous-titre (facultatif)", "/event/subtitle"),
                get(|e| text_of(&e.event.subtitle)), set(|e, v| e.event.subtitle = optional(v)))}
            {field(draft, f("organisateur", "Organisé par (facultatif)", "/event/organizer"),
                get(|e| text_of(&e.event.organizer)), set(|e, v| e.event.organizer = optional(v)))}
            <fieldset>
                <legend>"Dates"</legend>
                {field(draft, f("debut", "Premier jour", "/event/start_date").kind(Kind::Date),
                    get(|e| e.event.start_date.to_string()), set(|e, v| if let Some(d) = parse_date(&v) { e.event.start_date = d }))}
                {field(draft, f("fin", "Dernier jour", "/event/end_date").kind(Kind::Date),
                    get(|e| e.event.end_date.to_string()), set(|e, v| if let Some(d) = parse_date(&v) { e.event.end_date = d }))}
                {field(draft, f("fuseau", "Fuseau horaire", "/event/time_zone").hint("Par exemple Europe/Paris."),
                    get(|e| e.event.time_zone.clone()), set(|e, v| e.event.time_zone = v.trim().to_owned()))}
            </fieldset>
            {field(draft, f("participants", "Nombre de participants, une fois la journée passée (facultatif)", "/event/attendance")
                    .hint("Il figure dans le bilan et dans la comparaison des éditions."),
                get(|e| e.event.attendance.map(|n| n.to_string()).unwrap_or_default()),
                set(|e, v| e.event.attendance = v.trim().replace([' ', '\u{a0}', '\u{202f}'], "").parse().ok()))}
            {field(draft, f("description", "Présentation (facultatif)", "/event/description").kind(Kind::LongText),
                get(|e| text_of(&e.event.description)), set(|e, v| e.event.description = optional(v)))}
            <fieldset>
                <legend>"Lieu de l'événement"</legend>
                {field(draft, f("lieu", "Nom du lieu", "/event/venue/name"),
                    get(|e| e.event.venue.name.clone()), set(|e, v| e.event.venue.name = v))}
                {field(draft, f("adresse", "Adresse", "/event/venue/address"),
                    get(|e| text_of(&e.event.venue.address)), set(|e, v| e.event.venue.address = optional(v)))}
                <AccessList />
            </fieldset>
            <EarlierDays />
            {field(draft, f("conservation", "Conservation des demandes «\u{a0}Je veux m'engager\u{a0}»", "/contact_requests/retention_months")
                    .kind(Kind::Choice(retention_choices()))
                    .hint("Les demandes de contact des visiteurs aux associations sont supprimées au bout de cette durée. Le formulaire l'annonce aux visiteurs."),
                get(|e| e.contact_retention_months().to_string()),
                set(|e, v| if let Ok(months) = v.parse::<u32>() {
                    e.contact_requests = (months != DEFAULT_RETENTION_MONTHS).then_some(ContactRules { retention_months: months });
                }))}
            <fieldset>
                <legend>"Contact"</legend>
                {field(draft, f("contact-nom", "Nom", "/event/contact/name"),
                    get(|e| contact(e).name.clone()), set(|e, v| edit_contact(e, |c| c.name = v)))}
                {field(draft, f("contact-telephone", "Téléphone", "/event/contact/phone"),
                    get(|e| text_of(&contact(e).phone)), set(|e, v| edit_contact(e, |c| c.phone = optional(v))))}
                {field(draft, f("contact-courriel", "Adresse électronique", "/event/contact/email").kind(Kind::Email),
                    get(|e| text_of(&contact(e).email)), set(|e, v| edit_contact(e, |c| c.email = optional(v))))}
                {field(draft, f("contact-site", "Site internet", "/event/contact/website").kind(Kind::Url),
                    get(|e| text_of(&contact(e).website)), set(|e, v| edit_contact(e, |c| c.website = optional(v))))}
            </fieldset>
        </form>
    }
}

/// The retention periods offered, in months.
fn retention_choices() -> Vec<(String, String)> {
    [1, 3, 6, 12, 24]
        .into_iter()
        .map(|m| (m.to_string(), retention_words(m)))
        .collect()
}

fn contact(e: &Edition) -> Contact {
    e.event.contact.clone().unwrap_or(Contact {
        name: String::new(),
        phone: None,
        email: None,
        website: None,
        assumed: false,
    })
}

/// Changes the contact: created when a first field of it is typed, dropped when every
/// field is blank again.
fn edit_contact(e: &mut Edition, change: impl FnOnce(&mut Contact)) {
    let mut c = contact(e);
    change(&mut c);
    let blank = c.name.trim().is_empty() && c.phone.is_none() && c.email.is_none() && c.website.is_none();
    e.event.contact = (!blank).then_some(c);
}

const ACCESS_KINDS: [AccessKind; 7] = [
    AccessKind::Tram,
    AccessKind::Bus,
    AccessKind::Train,
    AccessKind::Parking,
    AccessKind::Bike,
    AccessKind::StepFree,
    AccessKind::Other,
];

fn access_code(kind: AccessKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// How to get there: one line per way, each with its kind.
#[component]
fn AccessList() -> impl IntoView {
    let draft = use_draft();
    let count = move || {
        draft
            .edition
            .with(|e| e.as_ref().map_or(0, |e| e.event.venue.access.len()))
    };
    let kinds: Vec<(String, String)> = ACCESS_KINDS
        .iter()
        .map(|k| (access_code(*k), k.label().to_owned()))
        .collect();
    let add = move |_| {
        draft.update(|e| {
            e.event.venue.access.push(Access {
                kind: AccessKind::Other,
                text: String::new(),
                assumed: false,
            })
        })
    };
    view! {
        <h2 class="form-subheading">"Comment venir"</h2>
        {move || (0..count()).map(|i| {
            let kinds = kinds.clone();
            let remove = move |_| draft.update(|e| { if i < e.event.venue.access.len() { e.event.venue.access.remove(i); } });
            view! {
                <div class="access-row">
                    {field(draft, Field::new(format!("acces-{i}-type"), format!("Moyen d'accès {}", i + 1), format!("/event/venue/access/{i}/kind")).kind(Kind::Choice(kinds)),
                        get(move |e| e.event.venue.access.get(i).map(|a| access_code(a.kind)).unwrap_or_default()),
                        set(move |e, v| if let (Some(a), Ok(k)) = (e.event.venue.access.get_mut(i), serde_json::from_value(serde_json::Value::String(v))) { a.kind = k }))}
                    {field(draft, Field::new(format!("acces-{i}-texte"), format!("Indication {}", i + 1), format!("/event/venue/access/{i}/text")),
                        get(move |e| e.event.venue.access.get(i).map(|a| a.text.clone()).unwrap_or_default()),
                        set(move |e, v| if let Some(a) = e.event.venue.access.get_mut(i) { a.text = v }))}
                    <button type="button" class="button secondary" on:click=remove>{format!("Retirer le moyen d'accès {}", i + 1)}</button>
                </div>
            }
        }).collect_view()}
        <button type="button" class="button secondary" on:click=add>"Ajouter un moyen d'accès"</button>
    }
}

/// The days of the series held before the app, by their attendance, for the bilan.
#[component]
fn EarlierDays() -> impl IntoView {
    let draft = use_draft();
    let count = move || draft.edition.with(|e| e.as_ref().map_or(0, |e| e.event.earlier.len()));
    let add = move |_| {
        draft.update(|e| {
            let year = e
                .event
                .earlier
                .first()
                .map_or(e.event.start_date.year() - 1, |d| d.year - 1);
            e.event.earlier.insert(0, EarlierDay { year, attendance: 0 });
        })
    };
    fn number<T: std::str::FromStr>(text: &str) -> Option<T> {
        text.trim().replace([' ', '\u{a0}', '\u{202f}'], "").parse().ok()
    }
    view! {
        <fieldset>
            <legend>"Journées précédentes, avant l'application"</legend>
            <p class="hint">"Leur nombre de participants figure dans le bilan, à côté des éditions suivantes."</p>
            {move || (0..count()).map(|i| {
                let remove = move |_| draft.update(|e| { if i < e.event.earlier.len() { e.event.earlier.remove(i); } });
                view! {
                    <div class="field-pair">
                        {field(draft, Field::new(format!("precedente-{i}-annee"), format!("Année de la journée précédente {}", i + 1), format!("/event/earlier/{i}/year")),
                            get(move |e| e.event.earlier.get(i).map(|d| d.year.to_string()).unwrap_or_default()),
                            set(move |e, v| if let (Some(d), Some(y)) = (e.event.earlier.get_mut(i), number::<i32>(&v)) { d.year = y }))}
                        {field(draft, Field::new(format!("precedente-{i}-participants"), format!("Participants de la journée précédente {}", i + 1), format!("/event/earlier/{i}/attendance")),
                            get(move |e| e.event.earlier.get(i).map(|d| d.attendance.to_string()).unwrap_or_default()),
                            set(move |e, v| if let (Some(d), Some(n)) = (e.event.earlier.get_mut(i), number::<u32>(&v)) { d.attendance = n }))}
                    </div>
                    <button type="button" class="button secondary" on:click=remove>{format!("Retirer la journée précédente {}", i + 1)}</button>
                }
            }).collect_view()}
            <button type="button" class="button secondary" on:click=add>"Ajouter une journée précédente"</button>
        </fieldset>
    }
}
