//! Addresses the organizers write (a stand's website, the event's contact site) that the
//! apps turn into links. Only `http://` and `https://` are links: `javascript:`, `data:`
//! and the like would run or show something else when a visitor taps them, so validation
//! refuses them, an import drops them, and the apps never put anything else in an `href`.

/// The address, trimmed, when it is one a link may point to: `http://` or `https://`
/// (any case) followed by a host, with no space or control character.
pub fn web_address(raw: &str) -> Option<&str> {
    let url = raw.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let clean = !url.chars().any(|c| c.is_whitespace() || c.is_control());
    (clean && !host.is_empty()).then_some(url)
}

/// A web address as a person reads it in a link's text: without its scheme and final slash.
pub fn shown(url: &str) -> &str {
    url.trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
}

/// Why `raw` is not an address a link may point to, in French, or `None` when it is.
pub fn refusal(raw: &str) -> Option<String> {
    if web_address(raw).is_some() {
        return None;
    }
    let shown: String = raw.trim().chars().take(80).collect();
    Some(format!(
        "Adresse refusée « {shown} » : seule une adresse qui commence par https:// ou http:// est acceptée."
    ))
}

/// Drops from an imported edition every address that is not a link a visitor may follow,
/// each with a warning naming where it was: the rest of the programme still imports, and
/// nothing hostile is published.
pub fn drop_unsafe(edition: &mut crate::Edition) -> Vec<crate::Issue> {
    let mut dropped = Vec::new();
    let mut check = |path: String, site: &mut Option<String>| {
        if let Some(why) = site.as_deref().and_then(refusal) {
            dropped.push(crate::Issue::new(path, format!("{why} Elle n'est pas reprise.")));
            *site = None;
        }
    };
    if let Some(contact) = edition.event.contact.as_mut() {
        check("/event/contact/website".into(), &mut contact.website);
    }
    for (i, stand) in edition.stands.iter_mut().enumerate() {
        check(format!("/stands/{i}/website"), &mut stand.website);
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses_are_links() {
        assert_eq!(
            web_address(" https://www.una.fr/angers "),
            Some("https://www.una.fr/angers")
        );
        assert_eq!(web_address("HTTP://exemple.fr"), Some("HTTP://exemple.fr"));
        for refused in [
            "javascript:alert(4)",
            "JavaScript:alert(4)",
            " javascript:alert(4)",
            "data:text/html,<script>alert(4)</script>",
            "vbscript:msgbox(4)",
            "//exemple.fr",
            "www.exemple.fr",
            "https://",
            "https:///chemin",
            "https://exemple.fr/a b",
            "https://exemple.fr/\u{0}",
            "",
        ] {
            assert_eq!(web_address(refused), None, "{refused:?}");
        }
    }

    #[test]
    fn a_link_shows_the_address_without_its_scheme() {
        assert_eq!(shown("https://www.una.fr/angers/"), "www.una.fr/angers");
        assert_eq!(shown("http://exemple.fr"), "exemple.fr");
    }

    #[test]
    fn the_refusal_quotes_the_address_and_says_what_is_accepted() {
        assert_eq!(
            refusal("javascript:alert(4)").as_deref(),
            Some("Adresse refusée « javascript:alert(4) » : seule une adresse qui commence par https:// ou http:// est acceptée.")
        );
        assert_eq!(refusal("https://exemple.fr"), None);
    }
}
