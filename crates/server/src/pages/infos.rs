//! `/infos`, as the app's `pages/infos.rs` draws it: address and access, contact, about the
//! event, keeping the app on the phone, and the legal notice, privacy and accessibility
//! statement (the same for every edition).

use std::fmt::Write;

use agir_model::paths;

use super::html::{shorten, Esc};
use super::{Ctx, Meta, Page};

const TO_CONFIRM: &str = r#"<span class="assumed"> (à confirmer)</span>"#;

pub fn page(ctx: &Ctx) -> Page {
    let event = &ctx.edition.event;
    let venue = &event.venue;
    let assumed = |field: &str| venue.assumed.iter().any(|f| f == field);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<section class="page infos"><h1>Infos pratiques</h1><h2 id="adresse">Adresse</h2><address class="venue"><strong>{}</strong>"#,
        Esc(&venue.name)
    );
    if assumed("name") {
        out.push_str(TO_CONFIRM);
    }
    let _ = write!(
        out,
        "<br>{}",
        Esc(venue.address.as_deref().unwrap_or("Adresse à confirmer"))
    );
    if assumed("address") {
        out.push_str(TO_CONFIRM);
    }
    out.push_str(r#"</address><h2 id="acces">Venir et accéder</h2><ul class="access-list">"#);
    for a in &venue.access {
        let _ = write!(
            out,
            "<li><strong>{}\u{a0}: </strong>{}",
            Esc(a.kind.label()),
            Esc(&a.text)
        );
        if a.assumed {
            out.push_str(TO_CONFIRM);
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    if let Some(c) = &event.contact {
        let _ = write!(out, r#"<h2 id="contact">Contact</h2><p>{}"#, Esc(&c.name));
        if c.assumed {
            out.push_str(TO_CONFIRM);
        }
        out.push_str(r#"</p><ul class="plain-list">"#);
        if let Some(p) = &c.phone {
            let _ = write!(
                out,
                r#"<li>Téléphone&nbsp;: <a href="tel:{}">{}</a></li>"#,
                Esc(&p.replace(' ', "")),
                Esc(p)
            );
        }
        if let Some(m) = &c.email {
            let _ = write!(out, r#"<li>Courriel&nbsp;: <a href="mailto:{0}">{0}</a></li>"#, Esc(m));
        }
        if let Some(w) = c.website.as_deref().and_then(agir_model::links::web_address) {
            let _ = write!(
                out,
                r#"<li>Site&nbsp;: <a href="{0}" rel="noopener">{0}</a></li>"#,
                Esc(w)
            );
        }
        out.push_str("</ul>");
    }
    about(event, &mut out);
    subscribe(ctx, &mut out);
    install(ctx.ios, &mut out);
    out.push_str(LEGAL);
    out.push_str("</section>");

    let mut description = format!("Adresse et accès\u{a0}: {}", venue.name);
    if let Some(a) = &venue.address {
        let _ = write!(description, ", {a}");
    }
    let access: Vec<String> = venue
        .access
        .iter()
        .map(|a| format!("{}\u{a0}: {}", a.kind.label(), a.text))
        .collect();
    if !access.is_empty() {
        let _ = write!(description, ". {}", access.join(" "));
    }
    Page::ok(
        Meta {
            title: "Infos pratiques".into(),
            card_title: format!("Infos pratiques · {}", event.name),
            description: shorten(&description, 200),
            json_ld: Vec::new(),
        },
        out,
    )
}

/// What the event is, who organizes it, where the facts come from.
fn about(event: &agir_model::Event, out: &mut String) {
    out.push_str(r#"<h2 id="a-propos">À propos de la rencontre</h2>"#);
    if let Some(d) = &event.description {
        let _ = write!(out, "<p>{}</p>", Esc(d));
    }
    if let Some(o) = &event.organizer {
        let _ = write!(out, "<p>Organisation\u{a0}: {}.</p>", Esc(o));
    }
    if let Some(s) = &event.source {
        let _ = write!(out, r#"<p class="source">Source&nbsp;: {}</p>"#, Esc(s));
    }
}

/// The whole programme in the visitor's calendar (a `webcal:` link, and the https address
/// to paste), and in the open formats schedule apps and open-data portals read.
fn subscribe(ctx: &Ctx, out: &mut String) {
    let edition = &ctx.edition.edition;
    let file = |name: &str| ctx.url(&paths::edition_file(edition, name));
    let feed = file(paths::PROGRAMME_ICS);
    let _ = write!(
        out,
        concat!(
            r#"<h2 id="agenda">Le programme dans votre agenda</h2>"#,
            "<p>Abonnez votre agenda au programme\u{a0}: il se met à jour de lui-même quand une séance ",
            "change d'heure, de salle ou est annulée.</p>",
            r#"<ul class="plain-list"><li><a href="{webcal}" rel="external">S'abonner à l'agenda</a></li>"#,
            r#"<li>Adresse à copier dans votre agenda&nbsp;: <a href="{feed}" rel="external">{feed}</a></li></ul>"#,
            r#"<p>Données ouvertes&nbsp;: le programme aux formats <a href="{json}" rel="external">C3VOC (schedule.json)</a> "#,
            r#"et <a href="{xml}" rel="external">frab (schedule.xml)</a>, que lisent les applications de programme "#,
            "comme Giggity.</p>"
        ),
        webcal = Esc(&paths::webcal(&feed)),
        feed = Esc(&feed),
        json = Esc(&file("schedule.json")),
        xml = Esc(&file("schedule.xml")),
    );
}

/// How to keep the app on the phone; on an iPhone or an iPad, the way Safari offers
/// (the app tells them apart the same way, by the browser's name).
fn install(ios: bool, out: &mut String) {
    out.push_str(concat!(
        r#"<h2 id="installer">Garder l'application sur votre téléphone</h2>"#,
        "<p>Après une première visite, le programme et le plan restent disponibles sans réseau\u{a0}: ",
        "utile dans le hall, où le wifi est souvent saturé.</p>"
    ));
    if ios {
        out.push_str(concat!(
            r#"<p class="notice"><strong>Sur iPhone ou iPad&nbsp;: </strong>"#,
            "touchez le bouton Partager (un carré avec une flèche vers le haut), puis ",
            "«\u{a0}Ajouter à l'écran d'accueil\u{a0}». Sans cela, votre téléphone peut effacer ",
            "le programme enregistré au bout de quelques jours.</p>"
        ));
    } else {
        out.push_str(concat!(
            "<p>Pour l'avoir sous la main, ouvrez le menu de votre navigateur et choisissez ",
            "«\u{a0}Installer l'application\u{a0}» ou «\u{a0}Ajouter à l'écran d'accueil\u{a0}».</p>"
        ));
    }
}

const LEGAL: &str = concat!(
    r#"<h2 id="mentions">Mentions légales</h2>"#,
    "<p>Éditeur\u{a0}: Centre communal d'action sociale (CCAS) de la Ville d'Angers. ",
    "Directeur de la publication\u{a0}: le président du CCAS. ",
    "Coordonnées et hébergeur\u{a0}: à confirmer.</p>",
    r#"<h2 id="donnees">Vos données</h2>"#,
    "<p>Cette application ne demande ni compte, ni nom, ni adresse électronique, sauf si vous ",
    "demandez à une association de vous recontacter.</p>",
    r#"<ul class="plain-list"><li><strong>Ce qui reste sur votre téléphone&nbsp;: </strong>"#,
    "une copie du programme et de ses changements pour l'utiliser sans réseau, les séances ",
    "que vous ajoutez à «\u{a0}Mon programme\u{a0}», le réglage «\u{a0}Grand texte\u{a0}», vos avis et vos demandes ",
    "d'engagement le temps de les envoyer, et le reçu de ces demandes (l'association, la date). ",
    "Vous pouvez tout effacer en supprimant les données du site dans votre navigateur.</li>",
    "<li><strong>Ce qui est envoyé\u{a0}: </strong>",
    "votre avis et vos réponses au questionnaire, si vous choisissez de les donner, sans rien ",
    "qui vous identifie\u{a0}; et, pour que les organisateurs sachent quelles séances attirent, la ",
    "liste des séances de «\u{a0}Mon programme\u{a0}», sous un numéro tiré au hasard sur ce téléphone. ",
    "Le serveur ne garde pas votre adresse IP avec ces informations.</li>",
    "<li><strong>Si vous voulez vous engager\u{a0}: </strong>",
    "quand vous demandez à une association du village de vous recontacter, et seulement si vous ",
    "cochez la case d'accord, votre prénom, votre contact, vos disponibilités, les missions choisies ",
    "et votre message sont transmis à cette association, et à elle seule, pour parler bénévolat. ",
    "Votre demande est supprimée au bout de la durée annoncée dans le formulaire (six mois, sauf ",
    "choix contraire des organisateurs), ou dès que vous la retirez depuis la page «\u{a0}Trouver où ",
    "m'engager\u{a0}». Les organisateurs ne voient que le nombre de demandes par stand, gardé pour le bilan.</li></ul>",
    // The choice is kept on the phone: checked as the app starts, until the app, which
    // reads and writes it, takes over.
    r#"<label class="checkbox-line" for="partager-programme"><input id="partager-programme" type="checkbox" checked disabled>"#,
    " Partager anonymement les séances de «\u{a0}Mon programme\u{a0}» avec les organisateurs</label>",
    r#"<p class="hint">Décochée, cette case retire aussi ce qui a déjà été envoyé.</p>"#,
    r#"<h2 id="accessibilite">Accessibilité</h2>"#,
    "<p>Le CCAS d'Angers s'engage à rendre cette application accessible, conformément à ",
    "l'article 47 de la loi n°\u{a0}2005-102 du 11 février 2005. Elle est conçue pour être ",
    "lisible sans zoom, utilisable au clavier et avec un lecteur d'écran, avec des ",
    "contrastes élevés, un thème sombre qui suit votre téléphone et un réglage «\u{a0}Grand texte\u{a0}».</p>",
    "<p>État de conformité\u{a0}: aucun audit complet n'a encore été réalisé (à confirmer). ",
    "Si vous n'arrivez pas à accéder à un contenu, signalez-le au CCAS d'Angers\u{a0}: ",
    "nous vous le fournirons sous une autre forme. Vous pouvez aussi saisir le Défenseur des droits.</p>"
);
