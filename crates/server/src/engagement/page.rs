//! What an association reads through its private link, drawn here as plain HTML: no
//! script at all, a form per request to mark it contacted, large text and buttons for a
//! phone. The frame and colours are the app's (its built `base` stylesheet); the few rules
//! of this page are inline, allowed by their hash in the page's own policy. Every text a
//! visitor typed goes through `Esc`. The same requests as a spreadsheet: `sheet`.

use std::{fmt::Write, sync::LazyLock};

use agir_model::{
    engagement::{retention_words, ContactRequest, Reach},
    french::typeset,
    time::{format_day_with_year, format_moment},
    Edition, StandId,
};
use chrono::{DateTime, FixedOffset};

use crate::{
    pages::Esc,
    security::sha256_source,
    spreadsheet::{local_time, Sheet},
};

/// The rules of this page, on top of the app's base stylesheet.
const STYLE: &str = "\
.association-lead{font-size:1.1rem}\
.contact-requests{list-style:none;margin:1.5rem 0;padding:0}\
.contact-request{margin:0 0 1.25rem;padding:1rem;border:2px solid var(--border,#6b7884);\
border-radius:var(--radius,.5rem);background:var(--surface,#f1f5f8)}\
.contact-request h2{margin:0 0 .25rem}\
.contact-request dl{margin:0 0 1rem}\
.contact-request dt{margin-top:.75rem;font-weight:700}\
.contact-request dd{margin:0}\
.contact-request ul{margin:0;padding-left:1.25rem}\
.contact-state{margin:0;font-weight:700}\
.contact-state.done{color:var(--ok,#1d6b33)}\
.association .button{width:100%;min-height:3rem;font-size:1.1rem}\
.association form{margin:0}";

/// The policy of every answer under `/association/`: no script, this page's rules and the
/// app's stylesheets, forms only to this site, never in a frame.
pub static POLICY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src 'self' {}; img-src 'self' data:; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'",
        sha256_source(STYLE)
    )
});

/// What the association's page shows.
pub struct View<'a> {
    pub edition: &'a Edition,
    pub stand: &'a StandId,
    /// The link's token, for the page's own addresses.
    pub token: &'a str,
    /// The requests held, the newest first.
    pub requests: &'a [ContactRequest],
    /// The app's stylesheet links (`pages::stylesheets`).
    pub styles: &'a str,
}

/// The association's page.
pub fn requests(view: &View) -> String {
    let edition = view.edition;
    let stand = edition.stand(view.stand);
    let name = stand.map_or(view.stand.as_str(), |s| s.name.as_str());
    let number = edition.stand_number(view.stand);
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<section class="page association" aria-labelledby="titre"><h1 id="titre">Demandes de contact pour {}</h1><p class="association-lead">{}, {} du {}.</p>"#,
        Esc(name),
        number.map_or_else(
            || "Stand du village des solidarités".to_owned(),
            |n| format!("Stand n°\u{a0}{}", Esc(n))
        ),
        Esc(&edition.event.name),
        format_day_with_year(edition.event.start_date),
    );
    out.push_str(
        "<p>Les visiteurs qui souhaitent que votre association les recontacte au sujet du bénévolat \
         envoient leur demande depuis l'application de la journée\u{a0}: elle s'affiche ici.</p>",
    );
    let _ = write!(
        out,
        r#"<p class="hint">Les demandes sont supprimées automatiquement au bout de {}, ou dès que la personne retire sa demande.</p>"#,
        retention_words(edition.contact_retention_months())
    );
    if view.requests.is_empty() {
        out.push_str(
            r#"<p class="state">Aucune demande pour le moment. Les demandes apparaîtront sur cette page dès que des visiteurs les enverront.</p>"#,
        );
    } else {
        summary(&mut out, view);
        out.push_str(r#"<ol class="contact-requests">"#);
        for request in view.requests {
            item(&mut out, view, request);
        }
        out.push_str("</ol>");
    }
    out.push_str("</section>");
    document(&format!("Demandes de contact · {name}"), view.styles, &out)
}

/// How many requests, how many still to contact, and the spreadsheet.
fn summary(out: &mut String, view: &View) {
    let total = view.requests.len();
    let waiting = view.requests.iter().filter(|r| r.contactee_le.is_none()).count();
    let counted = if total == 1 {
        "1 demande".to_owned()
    } else {
        format!("{total} demandes")
    };
    let state = match (waiting, total) {
        (0, 1) => "contactée".to_owned(),
        (0, _) => "toutes contactées".to_owned(),
        (w, _) => format!("dont {w} à contacter"),
    };
    let _ = write!(
        out,
        r#"<p><strong>{counted}</strong>, {state}.</p><p><a class="button secondary" href="/association/{}/demandes.csv" download>Télécharger les demandes (CSV)</a></p>"#,
        Esc(view.token),
    );
}

/// One request: who, how to reach them, when they are free, what for, what they wrote,
/// when it came, and whether the association has contacted them.
fn item(out: &mut String, view: &View, request: &ContactRequest) {
    let id = request.id;
    let _ = write!(
        out,
        r#"<li class="contact-request" id="demande-{id}"><h2 id="demande-{id}-nom">{}</h2>"#,
        Esc(&request.prenom)
    );
    match &request.contactee_le {
        Some(at) => {
            let _ = write!(
                out,
                r#"<p class="contact-state done">Contactée le {}</p>"#,
                when(at, view.edition)
            );
        }
        None => out.push_str(r#"<p class="contact-state">À contacter</p>"#),
    }
    let _ = write!(out, "<dl><dt>Contact</dt><dd>{}</dd>", contact_link(&request.contact));
    out.push_str("<dt>Disponibilités</dt><dd>");
    list(out, request.disponibilites.iter().map(|m| m.label()), "Non précisées");
    out.push_str("</dd><dt>Missions qui l'intéressent</dt><dd>");
    list(
        out,
        request.missions.iter().map(String::as_str),
        "Aucune en particulier",
    );
    out.push_str("</dd><dt>Message</dt><dd>");
    if request.message.is_empty() {
        out.push_str("Pas de message.");
    } else {
        let lines: Vec<String> = request.message.lines().map(|l| Esc(&typeset(l)).to_string()).collect();
        let _ = write!(out, "<p>{}</p>", lines.join("<br>"));
    }
    let _ = write!(
        out,
        "</dd><dt>Reçue le</dt><dd>{}</dd></dl>",
        when(&request.recue_le, view.edition)
    );
    if request.contactee_le.is_none() {
        let _ = write!(
            out,
            r#"<form method="post" action="/association/{}/demandes/{id}/contactee"><button type="submit" class="button" aria-describedby="demande-{id}-nom">Marquer comme contactée</button></form>"#,
            Esc(view.token)
        );
    }
    out.push_str("</li>");
}

/// Items as a list, or `none` when there are none.
fn list<'a>(out: &mut String, items: impl Iterator<Item = &'a str>, none: &str) {
    let items: Vec<String> = items.map(|i| format!("<li>{}</li>", Esc(i))).collect();
    if items.is_empty() {
        out.push_str(none);
    } else {
        let _ = write!(out, "<ul>{}</ul>", items.concat());
    }
}

/// The contact as a link that writes or calls: `mailto:` or `tel:`.
fn contact_link(contact: &str) -> String {
    match Reach::parse(contact) {
        Ok(Reach::Email(address)) => format!(
            r#"<a href="mailto:{}">{}</a>"#,
            Esc(&percent_encoded(&address)),
            Esc(&address)
        ),
        Ok(Reach::Phone(number)) => format!(r#"<a href="tel:{}">{}</a>"#, Esc(&number), Esc(&spaced(&number))),
        Err(_) => Esc(contact).to_string(),
    }
}

/// An address for a `mailto:` URL: anything but letters, digits and `-._~@+` percent-encoded
/// (an address may hold `?`, `#` or `%`, which would end or change the URL).
fn percent_encoded(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    for b in address.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@+".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A French number by pairs, as people write it: "06 12 34 56 78"; others as stored.
fn spaced(number: &str) -> String {
    if number.len() != 10 || number.starts_with('+') {
        return number.to_owned();
    }
    let pairs: Vec<&str> = (0..5).map(|i| &number[2 * i..2 * i + 2]).collect();
    pairs.join(" ")
}

/// A stored time (RFC 3339, UTC) in words, in the event's time zone: "mardi 8 octobre
/// 2013 à 14 h 15". The zone's rules give the offset of that day (summer or winter);
/// without them, the edition's offset.
fn when(stored: &str, edition: &Edition) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(stored) else {
        return stored.to_owned();
    };
    let local: DateTime<FixedOffset> = match edition.event.time_zone.parse::<chrono_tz::Tz>() {
        Ok(zone) => t.with_timezone(&zone).fixed_offset(),
        Err(_) => t.with_timezone(&edition.offset()),
    };
    format_moment(&local)
}

/// What an unknown address under `/association/` answers, a wrong or revoked link as any
/// other: the same page, word for word.
pub fn not_found(styles: &str) -> String {
    document(
        "Page introuvable",
        styles,
        concat!(
            r#"<section class="page association" aria-labelledby="titre"><h1 id="titre">Page introuvable</h1>"#,
            "<p>Cette adresse ne correspond à aucune page. Si une association vous l'a transmise, ",
            "demandez-lui le lien exact\u{a0}; un lien remplacé ou retiré par les organisateurs ne marche plus.</p>",
            "</section>"
        ),
    )
}

/// The page around `body`: French, for a phone, never indexed, without the app's script.
fn document(title: &str, styles: &str, body: &str) -> String {
    format!(
        concat!(
            r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">"#,
            r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#,
            r#"<meta name="color-scheme" content="light dark"><meta name="robots" content="noindex, nofollow">"#,
            r#"<meta name="referrer" content="no-referrer"><link rel="icon" type="image/png" href="/icons/icon-192.png">"#,
            "<title>{title} · Agir ensemble</title>{styles}",
            "<style>{style}</style></head><body>",
            r#"<header class="site-header"><div class="site-header-inner"><p class="brand"><span class="brand-name">Agir ensemble</span><span class="brand-sub">CCAS d'Angers</span></p></div></header>"#,
            r#"<main id="contenu">{body}</main>"#,
            r#"<footer class="site-footer"><p>Ce lien est réservé à votre association&nbsp;: ne le transmettez pas. "#,
            "Pour en obtenir un nouveau, adressez-vous aux organisateurs de la journée.</p></footer>",
            "</body></html>"
        ),
        title = Esc(title),
        styles = styles,
        style = STYLE,
        body = body,
    )
}

/// The requests as a spreadsheet (see `spreadsheet`): times in the event's local time.
pub fn sheet(edition: &Edition, requests: &[ContactRequest]) -> String {
    let mut sheet = Sheet::new([
        "N°",
        "Reçue le",
        "Prénom",
        "Contact",
        "Disponibilités",
        "Missions",
        "Message",
        "Contactée le",
    ]);
    let local = |t: &str| local_time(t, &edition.event.time_zone);
    for r in requests {
        let moments: Vec<&str> = r.disponibilites.iter().map(|m| m.label()).collect();
        sheet.row([
            r.id.to_string(),
            local(&r.recue_le),
            r.prenom.clone(),
            r.contact.clone(),
            moments.join(" ; "),
            r.missions.join(" ; "),
            r.message.clone(),
            r.contactee_le.as_deref().map(local).unwrap_or_default(),
        ]);
    }
    sheet.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use agir_model::engagement::Moment;

    fn request(message: &str) -> ContactRequest {
        ContactRequest {
            id: 7,
            stand: "resto-troc".into(),
            prenom: "Zoé <b>".into(),
            contact: "zoe?x=1@exemple.fr".into(),
            disponibilites: vec![Moment::Weekdays, Moment::Weekends],
            missions: vec!["Trier les dons".into()],
            message: message.into(),
            recue_le: "2013-12-08T13:15:00.000Z".into(),
            contactee_le: None,
        }
    }

    #[test]
    fn everything_typed_is_escaped_and_lines_are_kept() {
        let demo = crate::demo_edition();
        let stand = StandId::parse("resto-troc").unwrap();
        let requests = [request("<script>alert(1)</script>\nLigne 2")];
        let html = super::requests(&View {
            edition: &demo,
            stand: &stand,
            token: "jeton",
            requests: &requests,
            styles: "",
        });
        assert!(!html.contains("<script"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;<br>Ligne 2"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"demande-7-nom\">Zoé &lt;b&gt;</h2>"), "{html}");
        assert!(html.contains(r#"href="mailto:zoe%3Fx%3D1@exemple.fr""#), "{html}");
        assert!(html.contains("<li>En semaine, en journée</li><li>Le week-end</li>"));
        // 13:15 UTC in December is 14:15 in Angers (winter time), not the edition's +02:00.
        assert!(
            html.contains("<dd>dimanche 8\u{a0}décembre\u{a0}2013 à 14\u{a0}h\u{a0}15</dd>"),
            "{html}"
        );
        assert!(html.contains("au bout de 6 mois, ou dès que la personne retire sa demande."));
    }

    #[test]
    fn phones_are_links_and_read_by_pairs() {
        assert_eq!(
            contact_link("0612345678"),
            r#"<a href="tel:0612345678">06 12 34 56 78</a>"#
        );
        assert_eq!(
            contact_link("+33612345678"),
            r#"<a href="tel:+33612345678">+33612345678</a>"#
        );
    }

    #[test]
    fn the_policy_allows_this_page_s_rules_and_no_script() {
        assert!(POLICY.contains(&sha256_source(STYLE)));
        assert!(POLICY.starts_with("default-src 'none'"));
        assert!(!POLICY.contains("script-src"));
    }
}
