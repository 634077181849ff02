//! The app's public pages come with their content in the first answer: heading, main
//! content and plain links drawn from the current revision into the build's `index.html`,
//! with per-page title, description, canonical address, preview-card tags and schema.org
//! data, all escaped; unknown ids answer 404; a huge programme sends one bounded page.

use std::time::Instant;

use agir_server::{pages::shell, security};
use reqwest::{header, StatusCode};
use serde_json::Value;

use crate::helpers::{fixture, header_of, import, prepare_dir, start_in, Options, TestApp, INLINE_SCRIPT};

const PUBLIC: &str = "https://agir.example.fr";

/// The shell Trunk writes (minified: attributes unquoted, no `</head>`), as in `dist/`.
fn trunk_index() -> String {
    format!(
        concat!(
            "<!doctype html><html lang=fr><meta charset=utf-8>",
            r#"<meta content="width=device-width,initial-scale=1" name=viewport>"#,
            r#"<meta content="Agir ensemble, la rencontre : description générique." name=description>"#,
            "<title>Agir ensemble · CCAS d'Angers</title><script type=module>{}</script>",
            "<link href=/manifest.webmanifest rel=manifest></head><body><div id=app>",
            "<a class=skip-link href=#contenu>Aller au contenu</a><header class=site-header>",
            "<div class=site-header-inner><a class=brand href=/><span class=brand-name>Agir ensemble</span></a>",
            "<button aria-pressed=false class=text-size-toggle disabled type=button>Grand texte</button></div>",
            r#"<nav aria-label="Navigation principale" class=main-nav><ul><li><a href=/>Accueil</a></li>"#,
            "<li><a href=/programme>Programme</a></li><li><a href=/mon-programme>Mon programme</a></li>",
            "<li><a href=/village>Plan</a></li><li><a href=/infos>Infos</a></li></ul></nav></header>",
            r#"<main id=contenu tabindex=-1><section class=page><p class="state state-loading" role=status>"#,
            "Chargement de l'application…</p><noscript><p>Cette application a besoin de JavaScript.</p></noscript>",
            "</section></main></div></body></html>"
        ),
        INLINE_SCRIPT
    )
}

/// A server on the fake build with Trunk's real shell and the app's large icon.
async fn spawn_with_shell(options: Options) -> TestApp {
    let dir = prepare_dir();
    write_shell(&dir);
    start_in(dir, options).await
}

fn write_shell(dir: &tempfile::TempDir) {
    let dist = dir.path().join("dist");
    std::fs::write(dist.join("index.html"), trunk_index()).unwrap();
    std::fs::write(dist.join("icons/icon-512.png"), b"\x89PNG\r\n\x1a\n0000").unwrap();
}

fn public() -> Options {
    Options {
        public_url: Some(PUBLIC),
        ..Options::default()
    }
}

async fn page(app: &TestApp, path: &str) -> (StatusCode, String) {
    let response = app.get(path).await;
    let status = response.status();
    assert_eq!(
        header_of(&response, "content-type"),
        "text/html; charset=utf-8",
        "{path}"
    );
    (status, response.text().await.unwrap())
}

/// The text between `start` and the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let at = html.find(start).unwrap_or_else(|| panic!("no {start} in {html}")) + start.len();
    &html[at..at + html[at..].find(end).unwrap()]
}

/// The `content` of a `<meta>` with this `property` or `name`.
fn meta<'a>(html: &'a str, key: &str) -> &'a str {
    let attr = if key.starts_with("og:") { "property" } else { "name" };
    between(html, &format!(r#"<meta {attr}="{key}" content=""#), "\"")
}

/// Attribute text as the browser reads it.
fn unescape(text: &str) -> String {
    text.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn json_ld(html: &str) -> Vec<Value> {
    html.split(r#"<script type="application/ld+json">"#)
        .skip(1)
        .map(|part| serde_json::from_str(&part[..part.find("</script>").unwrap()]).unwrap())
        .collect()
}

fn main_of(html: &str) -> &str {
    between(html, "<main ", "</main>")
}

#[tokio::test]
async fn each_route_holds_its_heading_content_and_links() {
    // Arrange
    let app = spawn_with_shell(public()).await;
    let routes: [(&str, &str, &[&str]); 9] = [
        (
            "/",
            "<h1>Agir ensemble</h1>",
            &[
                "Mardi 8\u{a0}octobre\u{a0}2013",
                "Centre de congrès d&#39;Angers",
                r#"href="/programme""#,
            ],
        ),
        (
            "/programme",
            "<h1>Programme</h1>",
            &[
                "10 séances au programme.",
                r#"<h2 id="part-2013-10-08-matin">Matinée</h2>"#,
                r#"<time datetime="2013-10-08T10:00:00+02:00">10:00 – 12:00</time>"#,
                "<a href=\"/programme/conference-repenser-la-solidarite\">Conférence\u{a0}: «\u{a0}Repenser la solidarité\u{a0}» face",
                r#"<span class="session-place">Auditorium</span>"#,
                "Serge Paugam",
            ],
        ),
        (
            "/programme/table-ronde-parcours",
            // French spacing: no-break spaces before the colon and inside times.
            "<h1>Table ronde\u{a0}: une logique de parcours pour accompagner les publics fragilisés</h1>",
            &[
                "Mardi 8\u{a0}octobre, de 16\u{a0}h\u{a0}30 à 18\u{a0}h",
                "<span>Auditorium</span>",
                r#"<a href="/village/lieu/auditorium" class="inline-link">Voir sur le plan</a>"#,
                r#"<a href="/intervenants/martin-hirsch">Martin Hirsch</a>"#,
                r#"<a href="/village/restos-du-coeur">Les Restos du cœur</a>"#,
            ],
        ),
        (
            "/intervenants",
            "<h1>Intervenants</h1>",
            &[
                "15 intervenants et organisations",
                r#"<a href="/intervenants/serge-paugam">Serge Paugam</a>"#,
            ],
        ),
        (
            "/intervenants/martin-hirsch",
            "<h1>Martin Hirsch</h1>",
            &["Ses interventions", r#"<a href="/programme/table-ronde-parcours">"#],
        ),
        (
            "/village/restos-du-coeur",
            "<h1>Plan du village des solidarités</h1>",
            &[
                "<h2 id=\"fiche-titre\" tabindex=\"-1\">Stand 5\u{a0}: Les Restos du cœur</h2>",
                "<dt>Numéro</dt><dd>5</dd>",
                "Aide alimentaire avec le RestoBus",
                r#"class="plan-stand selected" data-stand="restos-du-coeur" aria-current="true""#,
                r#"<a id="stand-una" href="/village/una""#,
            ],
        ),
        (
            "/village/lieu/auditorium",
            "<h1>Plan du village des solidarités</h1>",
            &[
                r#"<h2 id="fiche-titre" tabindex="-1">Auditorium</h2>"#,
                "Séances dans ce lieu",
                r#"<a href="/programme/table-ronde-parcours">"#,
            ],
        ),
        (
            "/village",
            "<h1>Plan du village des solidarités</h1>",
            &[
                "12 stands au village.",
                r#"<h2 id="liste-services">Services et accès</h2>"#,
                r#"<span class="place-name">Toilettes</span><span class="place-where">Au fond, droit devant en entrant, près du stand 1</span>"#,
                r#"<h2 id="liste-salles">Salles et espaces</h2>"#,
                r#"<a id="lieu-auditorium" href="/village/lieu/auditorium" data-noscroll="">"#,
            ],
        ),
        (
            "/infos",
            "<h1>Infos pratiques</h1>",
            &[
                "33 boulevard Carnot, 49100 Angers",
                "Venir et accéder",
                r#"<h2 id="mentions">"#,
            ],
        ),
    ];
    for (path, heading, content) in routes {
        // Act
        let (status, html) = page(&app, path).await;
        // Assert
        assert_eq!(status, StatusCode::OK, "{path}");
        let main = main_of(&html);
        assert!(main.contains(heading), "{path}: {heading} in {main}");
        for text in content {
            assert!(main.contains(text), "{path}: {text} in {main}");
        }
        assert!(
            !html.contains("Chargement de l&#39;application"),
            "{path}: the loading line is gone"
        );
        assert!(!html.contains("Chargement de l'application"), "{path}");
        assert_eq!(html.matches("<main").count(), 1, "{path}");
        // The app's frame around the page, and its script, which waits for the page's
        // first paint before it fetches the wasm.
        assert!(html.contains(r#"<footer class="site-footer">"#), "{path}");
        let started = shell::started_after_paint(INLINE_SCRIPT);
        assert_ne!(started, INLINE_SCRIPT);
        assert!(
            html.contains(&format!("<script type=module>{started}</script>")),
            "{path}"
        );
        assert_eq!(meta(&html, "og:url"), format!("{PUBLIC}{path}"), "{path}");
        assert_eq!(
            between(&html, r#"<link rel="canonical" href=""#, "\""),
            format!("{PUBLIC}{path}")
        );
        assert_eq!(
            html.matches(r#"name="description""#).count(),
            1,
            "{path}: one description"
        );
        assert!(!meta(&html, "description").is_empty(), "{path}");
        assert_eq!(meta(&html, "og:image"), format!("{PUBLIC}/icons/icon-512.png"));
        assert_eq!(html.matches("<title>").count(), 1, "{path}");
    }
}

#[tokio::test]
async fn a_stand_opens_on_its_sheet_above_the_plan() {
    // Arrange
    let app = spawn_with_shell(Options::default()).await;
    // Act
    let (_, stand) = page(&app, "/village/resto-troc").await;
    let (_, place) = page(&app, "/village/lieu/salle-du-conseil").await;
    let (_, plan) = page(&app, "/village").await;
    // Assert: a stand's address (its QR code) shows its sheet before the plan; a place's
    // shows the plan first, the room being what the person looks for.
    let (stand, place, plan) = (main_of(&stand), main_of(&place), main_of(&plan));
    let at = |html: &str, text: &str| html.find(text).unwrap_or_else(|| panic!("{text} in {html}"));
    assert!(at(stand, "Stand 6\u{a0}: Resto Troc") < at(stand, r#"class="plan-frame""#));
    assert!(at(stand, r#"</h1><section class="sheet""#) < at(stand, "plan-assumption"));
    assert!(
        stand.contains(r#"<div class="sheet-slot"></div>"#),
        "the slot under the plan is empty"
    );
    assert_eq!(stand.matches(r#"id="fiche-titre""#).count(), 1);
    assert!(at(place, r#"class="plan-frame""#) < at(place, "Salle du conseil</h2>"));
    assert!(place.contains(r#"<div class="sheet-slot"><section class="sheet""#));
    assert!(!plan.contains(r#"<section class="sheet""#));
}

#[tokio::test]
async fn every_facility_and_room_of_the_plan_is_listed_with_where_it_is() {
    // Arrange
    let app = spawn_with_shell(Options::default()).await;
    // Act
    let (_, plan) = page(&app, "/village").await;
    let (_, place) = page(&app, "/village/lieu/salle-du-conseil").await;
    // Assert: the lists the app draws, with the model's words; the chosen room is marked.
    let (plan, place) = (main_of(&plan), main_of(&place));
    assert_eq!(plan.matches(r#"<li class="place-item">"#).count(), 7 + 4);
    for line in [
        r#"<span class="place-name">Entrée principale</span><span class="place-where">Sur le côté droit du plan, près du stand 12</span>"#,
        r#"<span class="place-name">Ascenseur</span><span class="place-where">Au fond à droite en entrant, près du stand 1</span>"#,
        r#"<span class="place-symbol feature-toilets" aria-hidden="true">WC</span>"#,
        r#"<span class="place-where">De l&#39;entrée principale jusqu&#39;à l&#39;Auditorium</span>"#,
        r#"<span class="place-name">Hall – Village des solidarités</span><span class="place-where">Dès l&#39;entrée principale</span>"#,
    ] {
        assert!(plan.contains(line), "{line} in {plan}");
    }
    assert!(place.contains(concat!(
        r#"<li class="place-item selected"><a id="lieu-salle-du-conseil" href="/village/lieu/salle-du-conseil" "#,
        r#"data-noscroll="" aria-current="true">"#,
        r#"<span class="place-text"><span class="place-name">Salle du conseil</span><span class="place-where">Au milieu, à droite en entrant</span></span></a></li>"#
    )));
}

#[tokio::test]
async fn the_header_marks_the_current_page_as_the_app_does() {
    let app = spawn_with_shell(Options::default()).await;
    let (_, home) = page(&app, "/").await;
    let (_, session) = page(&app, "/programme/ouverture").await;
    let (_, infos) = page(&app, "/infos").await;
    assert!(home.contains(r#"<a aria-current="page" class=brand href=/>"#), "{home}");
    assert!(home.contains(r#"<a aria-current="page" href=/>Accueil</a>"#));
    assert!(session.contains(r#"<a aria-current="page" href=/programme>Programme</a>"#));
    assert!(
        session.contains("<a class=brand href=/>"),
        "the brand is current on / only"
    );
    assert!(session.contains(r#"<a href="/programme" aria-current="page">← Tout le programme</a>"#));
    assert!(
        infos.contains(r#"<a href="/infos#mentions" aria-current="page">"#),
        "the footer too"
    );
}

#[tokio::test]
async fn titles_descriptions_and_preview_cards_per_route() {
    // Arrange
    let app = spawn_with_shell(public()).await;
    // Act
    let (_, session) = page(&app, "/programme/table-ronde-parcours").await;
    let (_, stand) = page(&app, "/village/restos-du-coeur").await;
    let (_, home) = page(&app, "/").await;
    let (_, programme) = page(&app, "/programme").await;
    // Assert: a shared session link says what, when and where.
    assert_eq!(
        between(&session, "<title>", "</title>"),
        "Table ronde : une logique de parcours pour accompagner les publics fragilisés · Agir ensemble"
    );
    assert_eq!(
        meta(&session, "og:title"),
        "Table ronde : une logique de parcours pour accompagner les publics fragilisés"
    );
    assert!(
        meta(&session, "og:description").starts_with("Mardi 8 octobre, de 16 h 30 à 18 h, Auditorium."),
        "{}",
        meta(&session, "og:description")
    );
    assert!(unescape(meta(&session, "description")).chars().count() <= 200);
    // A stand's card: its number and name.
    assert_eq!(meta(&stand, "og:title"), "Stand 5\u{a0}: Les Restos du cœur");
    assert_eq!(
        between(&stand, "<title>", "</title>"),
        "Les Restos du cœur · Plan du village · Agir ensemble"
    );
    assert!(meta(&stand, "og:description").contains("village des solidarités"));
    // The day as a schema.org Event on / and /programme; the session as one, part of it.
    for html in [&home, &programme] {
        let data = json_ld(html);
        assert_eq!(data.len(), 1);
        let day = &data[0];
        assert_eq!(day["@context"], "https://schema.org");
        assert_eq!(day["@type"], "Event");
        assert_eq!(day["name"], "Agir ensemble");
        assert_eq!(day["startDate"], "2013-10-08T10:00:00+02:00");
        assert_eq!(day["location"]["address"], "33 boulevard Carnot, 49100 Angers");
        assert_eq!(day["url"], format!("{PUBLIC}/programme"));
    }
    let event = &json_ld(&session)[0];
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["startDate"], "2013-10-08T16:30:00+02:00");
    assert_eq!(event["endDate"], "2013-10-08T18:00:00+02:00");
    assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(event["location"]["name"], "Auditorium, Centre de congrès d'Angers");
    assert_eq!(event["superEvent"]["name"], "Agir ensemble");
    assert_eq!(event["url"], format!("{PUBLIC}/programme/table-ronde-parcours"));
    assert!(json_ld(&stand).is_empty());
}

#[tokio::test]
async fn a_hostile_title_is_escaped_in_the_body_the_meta_tags_and_the_json_ld() {
    // Arrange: organizers publish a title with quotes, markup and a script's end.
    let app = spawn_with_shell(public()).await;
    let (mut doc, etag) = app.edition().await;
    let hostile = r#"Le "<b>" des </script><script>alert(1)</script> & d'autres"#;
    doc["sessions"][6]["title"] = hostile.into();
    doc["stands"][5]["name"] = hostile.into();
    let response = app.put_edition(&etag, &doc).await;
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap());
    // Act
    let (_, session) = page(&app, "/programme/table-ronde-parcours").await;
    let (_, programme) = page(&app, "/programme").await;
    let (_, stand) = page(&app, "/village/restos-du-coeur").await;
    // Assert
    let escaped =
        "Le &quot;&lt;b&gt;&quot; des &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; d&#39;autres";
    for html in [&session, &programme, &stand] {
        assert!(!html.contains("<b>"), "{html}");
        assert!(!html.contains("<script>alert"), "{html}");
        assert_eq!(html.matches("</script>").count(), 1 + json_ld(html).len(), "only ours");
    }
    assert!(main_of(&session).contains(&format!("<h1>{escaped}</h1>")));
    assert_eq!(meta(&session, "og:title"), escaped);
    assert!(between(&session, "<title>", "</title>").starts_with(escaped));
    assert!(main_of(&programme).contains(escaped));
    assert!(main_of(&stand).contains(escaped));
    assert!(main_of(&stand).contains(&format!(r#"aria-label="Stand 5 : {escaped}""#)));
    let event = &json_ld(&session)[0];
    assert_eq!(event["name"], hostile, "the JSON-LD says the title exactly");
    let raw = between(&session, r#"<script type="application/ld+json">"#, "</script>");
    assert!(raw.contains(r#"Le \"\u003cb\u003e\" des \u003c/script\u003e"#), "{raw}");
    // The policy still allows the app's own script, in both its forms, and only it.
    let csp = header_of(&app.get("/programme").await, "content-security-policy");
    assert!(csp.contains(&security::sha256_source(INLINE_SCRIPT)), "{csp}");
    let started = shell::started_after_paint(INLINE_SCRIPT);
    assert!(csp.contains(&security::sha256_source(&started)), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

#[tokio::test]
async fn unknown_ids_answer_404_with_the_not_found_page() {
    let app = spawn_with_shell(Options::default()).await;
    for (path, said) in [
        (
            "/programme/nulle-part",
            "La séance «\u{a0}nulle-part\u{a0}» n&#39;est pas au programme.",
        ),
        (
            "/intervenants/personne",
            "L&#39;intervenant «\u{a0}personne\u{a0}» n&#39;est pas au programme.",
        ),
        (
            "/village/aucun-stand",
            "Le stand «\u{a0}aucun-stand\u{a0}» n&#39;est pas au village des solidarités.",
        ),
        (
            "/village/lieu/nulle-part",
            "Le lieu «\u{a0}nulle-part\u{a0}» n&#39;est pas au programme.",
        ),
        (
            "/programme/%3Cscript%3E",
            "La séance «\u{a0}%3Cscript%3E\u{a0}» n&#39;est pas au programme.",
        ),
    ] {
        let (status, html) = page(&app, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let main = main_of(&html);
        assert!(main.contains("<h1>Page introuvable</h1>"), "{path}");
        assert!(main.contains(said), "{path}: {main}");
        assert!(main.contains(r#"<a href="/">Revenir à l&#39;accueil</a>"#), "{path}");
        assert_eq!(meta(&html, "robots"), "noindex");
        // The app still starts on it, after its first paint, and shows the same page.
        assert!(html.contains(&shell::started_after_paint(INLINE_SCRIPT)), "{path}");
    }
}

#[tokio::test]
async fn the_generic_shell_stays_for_the_service_worker_and_other_routes() {
    let app = spawn_with_shell(Options::default()).await;
    for path in [
        "/index.html",
        "/mon-programme",
        "/avis",
        "/archives/2013",
        "/programme/",
    ] {
        let (status, html) = page(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(html, trunk_index(), "{path}: the build's own page");
    }
}

#[tokio::test]
async fn pages_revalidate_compress_and_follow_a_new_revision() {
    // Arrange
    let app = spawn_with_shell(Options::default()).await;
    let first = app
        .client
        .get(app.url("/programme/ouverture"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    let etag = header_of(&first, "etag");
    // Assert: compressed, revalidated, and not cached blindly by anyone.
    assert_eq!(header_of(&first, "content-encoding"), "br");
    assert_eq!(header_of(&first, "cache-control"), "no-cache");
    assert_eq!(header_of(&first, "vary"), "accept-encoding");
    assert_eq!(
        app.revalidate("/programme/ouverture", &etag).await.status(),
        StatusCode::NOT_MODIFIED
    );
    // Act: organizers rename the session.
    let (mut doc, edition_etag) = app.edition().await;
    let at = doc["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["id"] == "ouverture")
        .unwrap();
    doc["sessions"][at]["title"] = "Ouverture par le maire, nouvelle version".into();
    assert_eq!(app.put_edition(&edition_etag, &doc).await.status(), StatusCode::OK);
    // Assert
    let again = app.revalidate("/programme/ouverture", &etag).await;
    assert_eq!(again.status(), StatusCode::OK, "a new revision is a new page");
    assert!(again
        .text()
        .await
        .unwrap()
        .contains("<h1>Ouverture par le maire, nouvelle version</h1>"));
}

#[tokio::test]
async fn the_programme_search_and_filters_work_without_the_app() {
    let app = spawn_with_shell(Options::default()).await;
    let (_, html) = page(&app, "/programme?q=logement&theme=&public=&type=&lieu=").await;
    let main = main_of(&html);
    assert!(main.contains(r#"value="logement""#), "the box keeps the words");
    assert!(main.contains("1 séance sur 10 correspond à votre recherche."), "{main}");
    assert!(main.contains("table-ronde-parcours"));
    assert!(!main.contains(r#"href="/programme/cocktail""#));
    let (_, by_place) = page(&app, "/programme?lieu=salle-du-conseil").await;
    assert!(by_place.contains(r#"<option value="salle-du-conseil" selected>"#));
    assert!(by_place.contains(r#"<details class="filter-more" open>"#));
    let (_, none) = page(&app, "/programme?q=zzzz").await;
    assert!(none.contains("Aucune séance ne correspond à votre recherche."));
    assert!(none.contains("Effacer la recherche et les filtres"));
}

#[tokio::test]
async fn the_home_page_follows_the_clock_and_a_demo_instant() {
    let app = spawn_with_shell(Options::default()).await;
    let (_, after) = page(&app, "/").await;
    assert!(main_of(&after).contains("<h2>La rencontre a eu lieu</h2>"));
    assert!(main_of(&after).contains("vous étiez 1\u{202f}155"));
    let (_, during) = page(&app, "/?now=2013-10-08T14:20").await;
    let main = main_of(&during);
    assert!(main.contains(r#"<p class="demo-clock">"#), "{main}");
    assert!(main.contains(r#"<h2 id="maintenant">En ce moment</h2>"#));
    assert!(
        main.contains(r#"<a href="/programme/conference-repenser-la-solidarite">"#),
        "{main}"
    );
    assert!(
        main.contains("<p class=\"now-time\">Jusqu&#39;à 15\u{a0}h\u{a0}30</p>"),
        "{main}"
    );
    assert!(main.contains(r#"<a href="/programme/pause-village">"#), "next: {main}");
    let (_, before) = page(&app, "/?now=2013-10-01T09:00").await;
    assert!(main_of(&before).contains("<h2>Ce qui vous attend</h2>"));
}

#[tokio::test]
async fn the_36c3_programme_sends_one_bounded_page() {
    // Arrange: the 36C3 schedule (1,351 sessions over four days) is the current edition.
    let dir = prepare_dir();
    write_shell(&dir);
    let imported = import(&fixture("36c3_merged.xml"), "36c3", &dir.path().join("agir.db")).await;
    assert_eq!(imported.code, 0, "{}{}", imported.stdout, imported.stderr);
    let app = start_in(
        dir,
        Options {
            current: Some("36c3"),
            ..Options::default()
        },
    )
    .await;
    // Act
    let started = Instant::now();
    let (status, html) = page(&app, "/programme").await;
    let first = started.elapsed();
    let started = Instant::now();
    let (_, again) = page(&app, "/programme").await;
    let kept = started.elapsed();
    let (_, second) = page(&app, "/programme?page=2").await;
    // Assert
    assert_eq!(status, StatusCode::OK);
    assert_eq!(html, again);
    // One page of 40 rows and the filters of 1,351 sessions: about 48 KB (12 KB brotli).
    assert!(html.len() < 64 * 1024, "{} bytes", html.len());
    let main = main_of(&html);
    assert_eq!(main.matches(r#"<li class="session-row"#).count(), 40);
    assert!(main.contains("1351 séances au programme."), "{}", &main[..2000]);
    assert!(main.contains(
        r#"<a class="button more" href="/programme?page=2">Afficher les séances suivantes (1311 restantes)</a>"#
    ));
    assert!(
        main.contains(">Vendredi 27\u{a0}décembre · Matinée</h2>"),
        "days are named"
    );
    assert_eq!(main_of(&second).matches(r#"<li class="session-row"#).count(), 40);
    assert!(main_of(&second).contains("page=3"));
    eprintln!(
        "36C3 /programme: {} bytes, first answer {:?}, kept {:?}",
        html.len(),
        first,
        kept
    );
}

#[tokio::test]
async fn announcements_show_on_every_page_until_their_end() {
    // Arrange: an announcement until a minute from now.
    let app = spawn_with_shell(Options::default()).await;
    let (mut doc, etag) = app.edition().await;
    let until = (chrono::Utc::now() + chrono::Duration::minutes(1)).to_rfc3339();
    doc["announcements"] =
        serde_json::json!([{ "text": "La table ronde commence avec 10 minutes de retard.", "until": until }]);
    assert_eq!(app.put_edition(&etag, &doc).await.status(), StatusCode::OK);
    let banner = concat!(
        r#"<div class="announcements" role="status"><div class="announcement-banner">"#,
        r#"<p class="announcement-lead"><strong>Annonce des organisateurs</strong></p>"#,
        "<p>La table ronde commence avec 10 minutes de retard.</p></div></div>"
    );
    // Act
    let (_, before) = page(&app, "/intervenants").await;
    let (_, again) = page(&app, "/intervenants").await;
    app.clock.advance(std::time::Duration::from_secs(120));
    let (_, after) = page(&app, "/intervenants").await;
    // Assert
    assert!(main_of(&before).contains(banner), "{}", main_of(&before));
    assert_eq!(before, again, "the same page a moment later");
    assert!(
        main_of(&after).contains(r#"<div class="announcements" role="status"></div>"#),
        "gone at its end: {}",
        main_of(&after)
    );
}
