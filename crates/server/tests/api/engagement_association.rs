//! The association's private link: its own stand's requests only, escaped; marking one
//! contacted; the spreadsheet; a link replaced or revoked answering exactly as an unknown
//! address; every answer kept out of caches and search engines.

use reqwest::StatusCode;

use crate::engagement_helpers::{request_ids, RESTO, TOIT};
use crate::helpers::{header_of, headers_but_date, read_csv, spawn_app, TestApp};

/// The answer to `path`: status, headers but the date, and body.
async fn answer(app: &TestApp, path: &str) -> (StatusCode, Vec<(String, String)>, String) {
    let response = app.get(path).await;
    let (status, headers) = (response.status(), headers_but_date(&response));
    (status, headers, response.text().await.unwrap())
}

fn assert_private(response: &reqwest::Response) {
    assert_eq!(header_of(response, "cache-control"), "no-store", "{}", response.url());
    assert_eq!(header_of(response, "x-robots-tag"), "noindex");
    assert_eq!(header_of(response, "referrer-policy"), "no-referrer");
    assert!(header_of(response, "content-security-policy").starts_with("default-src 'none'"));
}

#[tokio::test]
async fn each_link_shows_its_own_stand_s_requests_escaped() {
    // Arrange
    let app = spawn_app().await;
    app.new_request(RESTO, "<script>alert('resto')</script>\nDeuxième ligne")
        .await;
    app.new_request(TOIT, "Pour le Toit Angevin").await;
    let resto = app.association(RESTO).await;
    let toit = app.association(TOIT).await;
    // Act
    let response = app.get(&resto).await;
    assert_private(&response);
    let resto_html = response.text().await.unwrap();
    let toit_html = app.page(&toit).await.1;
    // Assert
    assert_eq!(request_ids(&resto_html).len(), 1);
    assert!(resto_html.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
    assert!(resto_html.contains("Demandes de contact pour Resto Troc"));
    assert!(resto_html.contains("&lt;script&gt;alert(&#39;resto&#39;)&lt;/script&gt;<br>Deuxième ligne"));
    assert!(
        !resto_html.contains("<script"),
        "no script at all, hostile or the app's"
    );
    assert!(!resto_html.contains("Toit Angevin"), "{resto_html}");
    assert!(resto_html.contains(r#"<a href="mailto:marie.dupont@exemple.fr">"#));
    assert!(resto_html.contains("<li>En soirée</li><li>Le week-end</li>"));
    assert!(resto_html.contains("<li>Trier les dons</li>"));
    assert!(resto_html.contains(
        "Les demandes sont supprimées automatiquement au bout de 6 mois, ou dès que la personne retire sa demande."
    ));
    assert!(resto_html.contains("Télécharger les demandes (CSV)"));
    assert!(toit_html.contains("Pour le Toit Angevin") && !toit_html.contains("alert"));
}

#[tokio::test]
async fn an_empty_list_says_so() {
    let app = spawn_app().await;
    let page = app.association(RESTO).await;
    let (status, html) = app.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Aucune demande pour le moment."), "{html}");
    assert!(!html.contains("Télécharger"), "nothing to download");
}

#[tokio::test]
async fn marking_contacted_goes_back_to_the_page_and_is_idempotent() {
    // Arrange
    let app = spawn_app().await;
    app.new_request(RESTO, "Appelez-moi").await;
    app.new_request(TOIT, "Pas à Resto Troc").await;
    let resto = app.association(RESTO).await;
    let toit = app.association(TOIT).await;
    let id = request_ids(&app.page(&resto).await.1)[0];
    let other = request_ids(&app.page(&toit).await.1)[0];
    let client = app.no_redirects();
    let mark = |page: &str, id: i64| client.post(app.url(&format!("{page}/demandes/{id}/contactee"))).send();
    // Act
    let first = mark(&resto, id).await.unwrap();
    let again = mark(&resto, id).await.unwrap();
    let elsewhere = mark(&resto, other).await.unwrap();
    let nonsense = mark(&resto, 0).await.unwrap();
    // Assert
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    assert_private(&first);
    assert_eq!(header_of(&first, "location"), format!("{resto}#demande-{id}"));
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(elsewhere.status(), StatusCode::NOT_FOUND, "another stand's request");
    assert_eq!(nonsense.status(), StatusCode::NOT_FOUND);
    let html = app.page(&resto).await.1;
    assert!(
        html.contains(r#"<p class="contact-state done">Contactée le "#),
        "{html}"
    );
    assert!(!html.contains("Marquer comme contactée"));
    assert!(html.contains("1 demande</strong>, contactée."));
    assert!(app.page(&toit).await.1.contains("Marquer comme contactée"), "untouched");
}

#[tokio::test]
async fn the_spreadsheet_has_its_bom_and_no_formula() {
    // Arrange
    let app = spawn_app().await;
    app.new_request(RESTO, "=HYPERLINK(\"http://exemple.fr\";\"clic\")")
        .await;
    let page = app.association(RESTO).await;
    // Act
    let response = app.get(&format!("{page}/demandes.csv")).await;
    // Assert
    assert_eq!(response.status(), StatusCode::OK);
    assert_private(&response);
    assert_eq!(header_of(&response, "content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        header_of(&response, "content-disposition"),
        "attachment; filename=\"demandes-resto-troc.csv\""
    );
    let sheet = read_csv(&response.text().await.unwrap());
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(sheet.cell(0, "Message"), "'=HYPERLINK(\"http://exemple.fr\";\"clic\")");
    assert_eq!(sheet.cell(0, "Prénom"), "Marie");
    assert_eq!(sheet.cell(0, "Disponibilités"), "En soirée ; Le week-end");
    assert_eq!(sheet.cell(0, "Contactée le"), "");
}

#[tokio::test]
async fn a_replaced_or_revoked_link_answers_as_any_unknown_address() {
    // Arrange
    let app = spawn_app().await;
    app.new_request(RESTO, "Une demande").await;
    let old = app.association(RESTO).await;
    let unknown = answer(&app, "/association/nimporte-quoi").await;
    // Act: a new link for the stand.
    let new = app.association(RESTO).await;
    let replaced = answer(&app, &old).await;
    let replaced_csv = answer(&app, &format!("{old}/demandes.csv")).await;
    // Assert
    assert_ne!(new, old);
    assert_eq!(unknown.0, StatusCode::NOT_FOUND);
    assert!(unknown.2.contains("Page introuvable"));
    assert!(unknown.1.contains(&("cache-control".into(), "no-store".into())));
    assert_eq!(replaced, unknown, "same status, headers and body");
    assert_eq!(replaced_csv, unknown);
    assert_eq!(answer(&app, "/association/").await, unknown);
    assert_eq!(answer(&app, &format!("{new}/ailleurs")).await, unknown);
    assert_eq!(request_ids(&app.page(&new).await.1).len(), 1);
    // Act: the link revoked.
    let line = app.link(RESTO, false).await;
    // Assert
    assert!(line.get("lien").is_none(), "{line}");
    assert_eq!(answer(&app, &new).await, unknown);
}
