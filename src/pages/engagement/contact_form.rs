//! `/m-engager/:stand`: « Je veux m'engager », the short form that asks a stand's
//! association to contact the person. Checked on the phone with the model's rules (the
//! server checks again), sent through the outbox, acknowledged once the server stored it.

use std::sync::Arc;

use agir_model::engagement::{self, consent_sentence, FieldError, Moment, NewContactRequest, Volunteering};
use agir_model::french::typeset;
use agir_model::{paths, Stand, StandId};
use agir_ui::dom::html_element;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::layout::use_page_title;
use crate::components::states::WithProgramme;
use crate::pages::not_found::NotFound;
use crate::state::engagement::{use_engagement, State};
use crate::state::programme::Snapshot;

/// The form for the stand in the address.
#[component]
pub fn ContactPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("stand").unwrap_or_default()));
    use_page_title(|| "Je veux m'engager".into());
    view! {
        <WithProgramme let:snapshot>
            {move || {
                let asked = id.get();
                let found = StandId::parse(asked.as_str())
                    .ok()
                    .and_then(|stand| snapshot.edition.contactable(&stand).map(|(s, v)| (s.clone(), v.clone())));
                match found {
                    Some((stand, volunteering)) => view! {
                        <ContactForm snapshot=snapshot.clone() stand volunteering />
                    }.into_any(),
                    None => view! {
                        <NotFound what=format!("Le stand «\u{a0}{asked}\u{a0}» ne reçoit pas de demandes de bénévolat depuis l'application.") />
                    }.into_any(),
                }
            }}
        </WithProgramme>
    }
}

/// What the person typed, kept while the page is open.
#[derive(Clone, Copy)]
struct Fields {
    prenom: RwSignal<String>,
    contact: RwSignal<String>,
    moments: RwSignal<Vec<Moment>>,
    missions: RwSignal<Vec<String>>,
    message: RwSignal<String>,
    consent: RwSignal<bool>,
    errors: RwSignal<Vec<FieldError>>,
}

impl Fields {
    fn new() -> Self {
        Self {
            prenom: RwSignal::new(String::new()),
            contact: RwSignal::new(String::new()),
            moments: RwSignal::new(Vec::new()),
            missions: RwSignal::new(Vec::new()),
            message: RwSignal::new(String::new()),
            consent: RwSignal::new(false),
            errors: RwSignal::new(Vec::new()),
        }
    }

    fn request(&self, edition: &str, stand: &StandId) -> NewContactRequest {
        NewContactRequest {
            // Given by `Engagement::send`.
            cle: String::new(),
            appareil: String::new(),
            edition: edition.to_owned(),
            stand: stand.to_string(),
            prenom: self.prenom.get_untracked(),
            contact: self.contact.get_untracked(),
            disponibilites: self.moments.get_untracked(),
            missions: self.missions.get_untracked(),
            message: self.message.get_untracked(),
            consentement: self.consent.get_untracked(),
        }
    }

    /// The error of `field`, if the last try found one (tracked).
    fn error(&self, field: &'static str) -> Option<String> {
        self.errors
            .with(|e| e.iter().find(|e| e.field == field).map(|e| typeset(&e.message)))
    }
}

#[component]
fn ContactForm(snapshot: Arc<Snapshot>, stand: Stand, volunteering: Volunteering) -> impl IntoView {
    let engagement = use_engagement();
    let fields = Fields::new();
    let sent = RwSignal::new(None::<String>);
    let edition = snapshot.edition.edition.to_string();
    let months = snapshot.edition.contact_retention_months();
    let name = stand.name.clone();
    let data = snapshot.clone();
    let id = stand.id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = fields.request(&edition, &id);
        match request.check(&data.edition) {
            Ok(_) => {
                fields.errors.set(Vec::new());
                sent.set(Some(engagement.send(request, name.clone())));
                focus_later("engage-envoyee");
            }
            Err(errors) => {
                fields.errors.set(errors);
                focus_later("engage-erreurs");
            }
        }
    };
    let back = paths::stand(&stand.id);
    let title = format!("Je veux m'engager auprès de {}", stand.name);
    let association = stand.name.clone();
    view! {
        <section class="page engage-form">
            <p class="breadcrumb"><A href=back>{format!("← Retour au stand {}", stand.name)}</A></p>
            <h1>{title}</h1>
            {move || match sent.get() {
                Some(cle) => sent_view(cle, association.clone()).into_any(),
                None => view! {
                    <p class="lead">
                        {format!("Laissez un moyen de vous joindre\u{a0}: {} vous recontactera pour parler bénévolat. ", stand.name)}
                        "Rien n'est envoyé sans votre accord, que vous donnez en bas du formulaire."
                    </p>
                    {super::volunteering_facts(&volunteering)}
                    <form class="engage-contact" novalidate=true on:submit=submit.clone()>
                        <ErrorSummary fields />
                        {person_fields(fields)}
                        {choice_fields(fields, &volunteering)}
                        {consent_field(fields, &stand.name, months)}
                        <button type="submit" class="button">"Envoyer ma demande"</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

/// Moves focus (and the view) to `id` once it is drawn.
fn focus_later(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = html_element(id) {
            let _ = el.focus();
        }
    });
}

/// The list of what is wrong, focused after a refused try, each line a link to its field.
#[component]
fn ErrorSummary(fields: Fields) -> impl IntoView {
    view! {
        <div id="engage-erreurs" tabindex="-1" class="error-summary" role="alert"
            class:hidden=move || fields.errors.with(Vec::is_empty)>
            {move || fields.errors.with(|errors| (!errors.is_empty()).then(|| {
                let items = errors.iter().map(|e| view! {
                    <li><a href=format!("#champ-{}", e.field)>{typeset(&e.message)}</a></li>
                }).collect_view();
                view! {
                    <p><strong>"Votre demande n'est pas partie\u{a0}:"</strong></p>
                    <ul>{items}</ul>
                }
            }))}
        </div>
    }
}

/// First name, contact and message: text fields, each with its error under it.
fn person_fields(fields: Fields) -> impl IntoView {
    let left = move || {
        let n = engagement::MESSAGE_MAX.saturating_sub(fields.message.with(|m| m.chars().count()));
        format!("{n} caractères restants")
    };
    view! {
        <div class="field">
            <label for="champ-prenom">"Votre prénom"</label>
            <input type="text" id="champ-prenom" autocomplete="given-name" maxlength=engagement::NAME_MAX.to_string()
                aria-invalid=move || fields.error("prenom").is_some().then_some("true")
                aria-describedby="erreur-prenom"
                prop:value=move || fields.prenom.get()
                on:input=move |ev| fields.prenom.set(event_target_value(&ev)) />
            <p class="form-error" id="erreur-prenom">{move || fields.error("prenom")}</p>
        </div>
        <div class="field">
            <label for="champ-contact">"Votre adresse e-mail ou votre numéro de téléphone"</label>
            <p class="hint" id="aide-contact">"Un seul suffit\u{a0}: l'association l'utilisera pour vous recontacter."</p>
            <input type="text" id="champ-contact" autocomplete="email" inputmode="email" maxlength="254"
                aria-invalid=move || fields.error("contact").is_some().then_some("true")
                aria-describedby="aide-contact erreur-contact"
                prop:value=move || fields.contact.get()
                on:input=move |ev| fields.contact.set(event_target_value(&ev)) />
            <p class="form-error" id="erreur-contact">{move || fields.error("contact")}</p>
        </div>
        <div class="field">
            <label for="champ-message">"Un message pour l'association (facultatif)"</label>
            <textarea id="champ-message" rows="4" maxlength=engagement::MESSAGE_MAX.to_string()
                aria-describedby="compte-message erreur-message"
                prop:value=move || fields.message.get()
                on:input=move |ev| fields.message.set(event_target_value(&ev))></textarea>
            <p class="hint" id="compte-message">{left}</p>
            <p class="form-error" id="erreur-message">{move || fields.error("message")}</p>
        </div>
    }
}

/// When the person is free, and the missions that interest them: checkboxes.
fn choice_fields(fields: Fields, v: &Volunteering) -> impl IntoView {
    let moments = Moment::ALL
        .into_iter()
        .map(|m| {
            let id = format!("dispo-{}", m.code());
            view! {
                <div class="survey-option">
                    <input type="checkbox" id=id.clone()
                        on:change=move |ev| { let on = event_target_checked(&ev); fields.moments.update(|l| { l.retain(|x| *x != m); if on { l.push(m) } }) } />
                    <label for=id>{m.label()}</label>
                </div>
            }
        })
        .collect_view();
    let missions = (!v.missions.is_empty()).then(|| {
        let items = v
            .missions
            .iter()
            .enumerate()
            .map(|(i, mission)| {
                let id = format!("mission-{i}");
                let title = mission.title.clone();
                view! {
                    <div class="survey-option">
                        <input type="checkbox" id=id.clone()
                            on:change=move |ev| { let on = event_target_checked(&ev); let t = title.clone(); fields.missions.update(|l| { l.retain(|x| *x != t); if on { l.push(t) } }) } />
                        <label for=id>
                            <strong>{typeset(&mission.title)}</strong>
                            {(!mission.text.is_empty()).then(|| view! { <span class="mission-text">{typeset(&mission.text)}</span> })}
                        </label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <fieldset class="survey-question engage-question" id="champ-missions">
                <legend>"Les missions qui vous intéressent (facultatif)"</legend>
                {v.example.then(|| view! { <p class="assumed">"Missions données en exemple."</p> })}
                {items}
                <p class="form-error">{move || fields.error("missions")}</p>
            </fieldset>
        }
    });
    view! {
        <fieldset class="survey-question engage-question" id="champ-disponibilites" aria-describedby="erreur-disponibilites">
            <legend>"Quand êtes-vous disponible\u{a0}?"</legend>
            {moments}
            <p class="form-error" id="erreur-disponibilites">{move || fields.error("disponibilites")}</p>
        </fieldset>
        {missions}
    }
}

/// The consent box: unticked, naming who receives what, what for and for how long.
fn consent_field(fields: Fields, association: &str, months: u32) -> impl IntoView {
    view! {
        <div class="field engage-consent">
            <div class="checkbox-line">
                <input type="checkbox" id="champ-consentement"
                    aria-invalid=move || fields.error("consentement").is_some().then_some("true")
                    aria-describedby="erreur-consentement"
                    prop:checked=move || fields.consent.get()
                    on:change=move |ev| fields.consent.set(event_target_checked(&ev)) />
                <label for="champ-consentement">{consent_sentence(association, months)}</label>
            </div>
            <p class="hint"><A href="/infos#donnees">"Lire la note «\u{a0}Vos données\u{a0}»"</A></p>
            <p class="form-error" id="erreur-consentement">{move || fields.error("consentement")}</p>
        </div>
    }
}

/// The acknowledgement: said as sent only once the server stored the request.
fn sent_view(cle: String, association: String) -> impl IntoView {
    let engagement = use_engagement();
    let receipt = move || engagement.receipts().into_iter().find(|r| r.cle == cle);
    let status = move || match receipt().map(|r| engagement.state(&r)) {
        Some(State::Received) => {
            format!("{association} a bien reçu votre demande\u{a0}: l'association vous recontactera.")
        }
        Some(State::Refused(reason)) => format!("Votre demande n'a pas pu être envoyée\u{a0}: {reason}"),
        Some(State::Withdrawn) => "Vous avez retiré cette demande\u{a0}: elle est supprimée.".to_owned(),
        _ => "Votre demande est gardée sur ce téléphone\u{a0}: elle partira dès que le réseau le permettra.".to_owned(),
    };
    view! {
        <div id="engage-envoyee" tabindex="-1" class="feedback-thanks">
            <p class="thanks"><strong>"Merci pour votre envie de vous engager\u{a0}!"</strong></p>
            <p class="delivery" role="status">{status}</p>
            <p>"Vous retrouvez vos demandes, et le moyen de les retirer, sur la page «\u{a0}Trouver où m'engager\u{a0}»."</p>
            <p class="engage-actions">
                <A href=format!("{}#mes-demandes", paths::ENGAGE) attr:class="button">"Voir mes demandes"</A>
                <A href=paths::VILLAGE attr:class="button secondary">"Retour au village"</A>
            </p>
        </div>
    }
}
