//! `/infos`: address and access, contact, about the event, and what a French public
//! service site owes its visitors: legal notice, privacy, accessibility statement.

use std::sync::Arc;

use agir_model::{paths, EditionSlug};
use leptos::prelude::*;

use crate::components::layout::use_page_title;
use crate::components::states::WithProgramme;
use crate::state::programme::Snapshot;

/// The practical information page.
#[component]
pub fn InfosPage() -> impl IntoView {
    use_page_title(|| "Infos pratiques".into());
    view! {
        <section class="page infos">
            <h1>"Infos pratiques"</h1>
            <WithProgramme let:snapshot>
                <Practical snapshot=snapshot.clone() />
                <Subscribe edition=snapshot.edition.edition.clone() />
            </WithProgramme>
            <Install />
            <Legal />
        </section>
    }
}

const TO_CONFIRM: &str = " (à confirmer)";

#[component]
fn Practical(snapshot: Arc<Snapshot>) -> impl IntoView {
    let event = &snapshot.edition.event;
    let venue = &event.venue;
    let assumed = |field: &str| venue.assumed.iter().any(|f| f == field);
    let access = venue
        .access
        .iter()
        .map(|a| {
            view! {
                <li>
                    <strong>{format!("{}\u{a0}: ", a.kind.label())}</strong>
                    {a.text.clone()}
                    {a.assumed.then(|| view! { <span class="assumed">{TO_CONFIRM}</span> })}
                </li>
            }
        })
        .collect_view();
    let contact = event.contact.clone();
    view! {
        <h2 id="adresse">"Adresse"</h2>
        <address class="venue">
            <strong>{venue.name.clone()}</strong>
            {assumed("name").then(|| view! { <span class="assumed">{TO_CONFIRM}</span> })}
            <br />
            {venue.address.clone().unwrap_or_else(|| "Adresse à confirmer".into())}
            {assumed("address").then(|| view! { <span class="assumed">{TO_CONFIRM}</span> })}
        </address>
        <h2 id="acces">"Venir et accéder"</h2>
        <ul class="access-list">{access}</ul>
        {contact.map(|c| view! {
            <h2 id="contact">"Contact"</h2>
            <p>
                {c.name.clone()}
                {c.assumed.then(|| view! { <span class="assumed">{TO_CONFIRM}</span> })}
            </p>
            <ul class="plain-list">
                {c.phone.map(|p| view! { <li>"Téléphone\u{a0}: " <a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></li> })}
                {c.email.map(|m| view! { <li>"Courriel\u{a0}: " <a href=format!("mailto:{m}")>{m.clone()}</a></li> })}
                {c.website.as_deref().and_then(agir_model::links::web_address).map(str::to_owned).map(|w| view! { <li>"Site\u{a0}: " <a href=w.clone() rel="noopener">{w.clone()}</a></li> })}
            </ul>
        })}
        <h2 id="a-propos">"À propos de la rencontre"</h2>
        {event.description.clone().map(|d| view! { <p>{d}</p> })}
        {event.organizer.clone().map(|o| view! { <p>{format!("Organisation\u{a0}: {o}.")}</p> })}
        {event.source.clone().map(|s| view! { <p class="source">{format!("Source\u{a0}: {s}")}</p> })}
    }
}

/// The whole programme in the visitor's calendar (a `webcal:` link, and the https address
/// to paste), and in the open formats schedule apps and open-data portals read. External
/// links: the router must not take them for pages of the app.
#[component]
fn Subscribe(
    /// The edition whose programme the links give.
    edition: EditionSlug,
) -> impl IntoView {
    let base = agir_ui::public_url();
    let file = |name: &str| paths::absolute(&base, &paths::edition_file(&edition, name));
    let feed = file(paths::PROGRAMME_ICS);
    view! {
        <h2 id="agenda">"Le programme dans votre agenda"</h2>
        <p>
            "Abonnez votre agenda au programme\u{a0}: il se met à jour de lui-même quand une séance "
            "change d'heure, de salle ou est annulée."
        </p>
        <ul class="plain-list">
            <li><a href=paths::webcal(&feed) rel="external">"S'abonner à l'agenda"</a></li>
            <li>"Adresse à copier dans votre agenda\u{a0}: "<a href=feed.clone() rel="external">{feed.clone()}</a></li>
        </ul>
        <p>
            "Données ouvertes\u{a0}: le programme aux formats "
            <a href=file("schedule.json") rel="external">"C3VOC (schedule.json)"</a>
            " et "
            <a href=file("schedule.xml") rel="external">"frab (schedule.xml)"</a>
            ", que lisent les applications de programme comme Giggity."
        </p>
    }
}

/// How to keep the app on the phone, for use without network.
#[component]
fn Install() -> impl IntoView {
    let ios = crate::state::pwa::is_ios_browser();
    view! {
        <h2 id="installer">"Garder l'application sur votre téléphone"</h2>
        <p>
            "Après une première visite, le programme et le plan restent disponibles sans réseau\u{a0}: "
            "utile dans le hall, où le wifi est souvent saturé."
        </p>
        {if ios {
            view! {
                <p class="notice">
                    <strong>"Sur iPhone ou iPad\u{a0}: "</strong>
                    "touchez le bouton Partager (un carré avec une flèche vers le haut), puis "
                    "«\u{a0}Ajouter à l'écran d'accueil\u{a0}». Sans cela, votre téléphone peut effacer "
                    "le programme enregistré au bout de quelques jours."
                </p>
            }
            .into_any()
        } else {
            view! {
                <p>
                    "Pour l'avoir sous la main, ouvrez le menu de votre navigateur et choisissez "
                    "«\u{a0}Installer l'application\u{a0}» ou «\u{a0}Ajouter à l'écran d'accueil\u{a0}»."
                </p>
            }
            .into_any()
        }}
    }
}

/// The choice to share "Mon programme" with the organizers, or to stop (which withdraws
/// what was sent).
#[component]
fn ShareInterest() -> impl IntoView {
    let settings = crate::state::settings::use_settings();
    view! {
        <label class="checkbox-line" for="partager-programme">
            <input id="partager-programme" type="checkbox"
                prop:checked=move || settings.share_interest.get()
                on:change=move |ev| settings.share_interest.set(event_target_checked(&ev)) />
            " Partager anonymement les séances de «\u{a0}Mon programme\u{a0}» avec les organisateurs"
        </label>
        <p class="hint">"Décochée, cette case retire aussi ce qui a déjà été envoyé."</p>
    }
}

/// Legal notice, privacy and accessibility: the same for every edition.
#[component]
fn Legal() -> impl IntoView {
    view! {
        <h2 id="mentions">"Mentions légales"</h2>
        <p>
            "Éditeur\u{a0}: Centre communal d'action sociale (CCAS) de la Ville d'Angers. "
            "Directeur de la publication\u{a0}: le président du CCAS. "
            "Coordonnées et hébergeur\u{a0}: à confirmer."
        </p>
        <h2 id="donnees">"Vos données"</h2>
        <p>
            "Cette application ne demande ni compte, ni nom, ni adresse électronique, sauf si vous "
            "demandez à une association de vous recontacter."
        </p>
        <ul class="plain-list">
            <li>
                <strong>"Ce qui reste sur votre téléphone\u{a0}: "</strong>
                "une copie du programme et de ses changements pour l'utiliser sans réseau, les séances "
                "que vous ajoutez à «\u{a0}Mon programme\u{a0}», le réglage «\u{a0}Grand texte\u{a0}», vos avis et vos demandes "
                "d'engagement le temps de les envoyer, et le reçu de ces demandes (l'association, la date). "
                "Vous pouvez tout effacer en supprimant les données du site dans votre navigateur."
            </li>
            <li>
                <strong>"Ce qui est envoyé\u{a0}: "</strong>
                "votre avis et vos réponses au questionnaire, si vous choisissez de les donner, sans rien "
                "qui vous identifie\u{a0}; et, pour que les organisateurs sachent quelles séances attirent, la "
                "liste des séances de «\u{a0}Mon programme\u{a0}», sous un numéro tiré au hasard sur ce téléphone. "
                "Le serveur ne garde pas votre adresse IP avec ces informations."
            </li>
            <li>
                <strong>"Si vous voulez vous engager\u{a0}: "</strong>
                "quand vous demandez à une association du village de vous recontacter, et seulement si vous "
                "cochez la case d'accord, votre prénom, votre contact, vos disponibilités, les missions choisies "
                "et votre message sont transmis à cette association, et à elle seule, pour parler bénévolat. "
                "Votre demande est supprimée au bout de la durée annoncée dans le formulaire (six mois, sauf "
                "choix contraire des organisateurs), ou dès que vous la retirez depuis la page «\u{a0}Trouver où "
                "m'engager\u{a0}». Les organisateurs ne voient que le nombre de demandes par stand, gardé pour le bilan."
            </li>
        </ul>
        <ShareInterest />
        <h2 id="accessibilite">"Accessibilité"</h2>
        <p>
            "Le CCAS d'Angers s'engage à rendre cette application accessible, conformément à "
            "l'article 47 de la loi n°\u{a0}2005-102 du 11 février 2005. Elle est conçue pour être "
            "lisible sans zoom, utilisable au clavier et avec un lecteur d'écran, avec des "
            "contrastes élevés, un thème sombre qui suit votre téléphone et un réglage «\u{a0}Grand texte\u{a0}»."
        </p>
        <p>
            "État de conformité\u{a0}: aucun audit complet n'a encore été réalisé (à confirmer). "
            "Si vous n'arrivez pas à accéder à un contenu, signalez-le au CCAS d'Angers\u{a0}: "
            "nous vous le fournirons sous une autre forme. Vous pouvez aussi saisir le Défenseur des droits."
        </p>
    }
}
