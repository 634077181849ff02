//! Addresses of the editor's pages, and the page where a validation issue can be fixed.

use agir_model::Edition;

/// `/organisateurs/editer/{slug}`: the editor of one edition.
pub fn editor_base(slug: &str) -> String {
    format!("/organisateurs/editer/{slug}")
}

/// The page of one thing of the edition: `part` is `seances`, `lieux`, `intervenants` or
/// `stands`.
pub fn item(slug: &str, part: &str, id: &str) -> String {
    format!("{}/{part}/{id}", editor_base(slug))
}

/// The page that holds the field at JSON pointer `path`, and what it is called.
pub fn page_of(edition: &Edition, path: &str) -> (String, String) {
    let slug = edition.edition.as_str();
    let mut parts = path.trim_start_matches('/').split('/');
    let section = parts.next().unwrap_or("");
    let index: Option<usize> = parts.next().and_then(|i| i.parse().ok());
    let found = |part: &str, label: &str, id: Option<&str>, name: Option<&str>| match (id, name) {
        (Some(id), Some(name)) => (item(slug, part, id), format!("{label} «\u{a0}{name}\u{a0}»")),
        _ => (format!("{}/{part}", editor_base(slug)), label.to_owned()),
    };
    match section {
        "sessions" => {
            let s = index.and_then(|i| edition.sessions.get(i));
            found(
                "seances",
                "Séance",
                s.map(|s| s.id.as_str()),
                s.map(|s| s.title.as_str()),
            )
        }
        "places" => {
            let p = index.and_then(|i| edition.places.get(i));
            found("lieux", "Lieu", p.map(|p| p.id.as_str()), p.map(|p| p.name.as_str()))
        }
        "speakers" => {
            let s = index.and_then(|i| edition.speakers.get(i));
            found(
                "intervenants",
                "Intervenant",
                s.map(|s| s.id.as_str()),
                s.map(|s| s.name.as_str()),
            )
        }
        "stands" => {
            let s = index.and_then(|i| edition.stands.get(i));
            found("stands", "Stand", s.map(|s| s.id.as_str()), s.map(|s| s.name.as_str()))
        }
        "plan" => (format!("{}/plan", editor_base(slug)), "Plan du village".into()),
        "announcements" => ("/organisateurs/annonces".into(), "Annonces".into()),
        "questionnaire" => (format!("{}/questionnaire", editor_base(slug)), "Questionnaire".into()),
        _ => (editor_base(slug), "Événement".into()),
    }
}
