//! What the tests of « Je veux m'engager » share: a visitor's request as the app sends it,
//! sending and withdrawing it, the organizers' lines and links, an association's page
//! read without following its redirects.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{key, TestApp};

/// A stand that takes requests: missions « Servir au restaurant » and « Trier les dons ».
pub const RESTO: &str = "resto-troc";
/// Another one.
pub const TOIT: &str = "toit-angevin";
/// A stand that looks for no volunteers.
pub const ACCUEIL: &str = "ccas-accueil";

/// A request to `stand` with the key `cle`, from a device of its own (so the limit per
/// device does not get in the way), consent given.
pub fn request(stand: &str, cle: &str, message: &str) -> Value {
    json!({
        "cle": cle,
        "edition": "2013",
        "stand": stand,
        "appareil": format!("appareil-{}", &cle[..8]),
        "prenom": "Marie",
        "contact": "marie.dupont@exemple.fr",
        "disponibilites": ["weekends", "evenings"],
        "missions": if stand == RESTO { json!(["Trier les dons"]) } else { json!([]) },
        "message": message,
        "consentement": true,
    })
}

impl TestApp {
    /// `POST /api/engagement/demandes`.
    pub async fn send_request(&self, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/api/engagement/demandes"))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Sends a new request to `stand`, expecting 201; returns its key.
    pub async fn new_request(&self, stand: &str, message: &str) -> String {
        let cle = key();
        let response = self.send_request(&request(stand, &cle, message)).await;
        assert_eq!(response.status(), StatusCode::CREATED, "to {stand}");
        cle
    }

    /// `DELETE /api/engagement/demandes/{cle}`.
    pub async fn withdraw_request(&self, cle: &str) -> reqwest::Response {
        self.client
            .delete(self.url(&format!("/api/engagement/demandes/{cle}")))
            .send()
            .await
            .unwrap()
    }

    /// The organizers' lines of the current edition.
    pub async fn engagement(&self) -> Value {
        self.admin_json("/api/admin/engagement?edition=2013").await
    }

    /// The organizers' line of `stand`.
    pub async fn engagement_line(&self, stand: &str) -> Value {
        let lines = self.engagement().await;
        lines
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["stand"] == stand)
            .unwrap_or_else(|| panic!("no line for {stand}"))
            .clone()
    }

    /// `POST` (`make`) or `DELETE` of a stand's link, as an organizer, expecting 200.
    pub async fn link(&self, stand: &str, make: bool) -> Value {
        let method = if make { Method::POST } else { Method::DELETE };
        let response = self
            .admin(method, &format!("/api/admin/engagement/{stand}/lien?edition=2013"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "link of {stand}");
        response.json().await.unwrap()
    }

    /// A new link for `stand`: the path of its association's page.
    pub async fn association(&self, stand: &str) -> String {
        self.link(stand, true).await["lien"].as_str().unwrap().to_owned()
    }

    /// A client that does not follow redirects, as a test of a form's answer needs.
    pub fn no_redirects(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// An association's page (or any address), its status and its text.
    pub async fn page(&self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        (response.status(), response.text().await.unwrap())
    }
}

/// The ids of the requests on an association's page, in order.
pub fn request_ids(html: &str) -> Vec<i64> {
    html.split(r#"<li class="contact-request" id="demande-"#)
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
        .collect()
}
