//! `/organisateurs/connexion`: sign in with the email and password of one's account. The
//! server slows down repeated failures; the page says how long to wait.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::account::{use_account, AccountState};
use crate::api::{self, ApiError};

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    let account = use_account();
    let navigate = use_navigate();
    let query = use_query_map();
    // Only a path of the console: a link cannot send someone elsewhere after signing in.
    let back = move || {
        query
            .with_untracked(|q| q.get("retour"))
            .filter(|p| p.starts_with("/organisateurs") && !p.starts_with("/organisateurs/connexion"))
            .unwrap_or_else(|| "/organisateurs".to_owned())
    };
    let (email, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (error, busy) = (RwSignal::new(None::<String>), RwSignal::new(false));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let back = back();
        spawn_local(async move {
            match api::sign_in(email.get_untracked().trim(), &password.get_untracked()).await {
                Ok(me) => {
                    account.set(AccountState::SignedIn(me));
                    navigate(&back, Default::default());
                }
                Err(e) => error.set(Some(refusal(&e))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page sign-in">
            <h1>"Se connecter"</h1>
            {back().starts_with("/organisateurs/editer").then(|| view! {
                <p class="notice" role="status">"Votre session a pris fin. Votre brouillon est gardé sur cet appareil\u{a0}: reconnectez-vous pour le retrouver."</p>
            })}
            <p>"L'espace des organisateurs de la journée Agir ensemble. Votre compte vous a été créé par un collègue\u{a0}; le lien reçu alors vous a permis de choisir votre mot de passe."</p>
            <form class="form" on:submit=submit novalidate=true>
                <div class="field">
                    <label for="email">"Adresse e-mail"</label>
                    <input id="email" type="email" autocomplete="username" required=true
                        prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="mot-de-passe">"Mot de passe"</label>
                    <input id="mot-de-passe" type="password" autocomplete="current-password" required=true
                        prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev)) />
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <button type="submit" class="button" disabled=move || busy.get()>"Se connecter"</button>
            </form>
            <p class="hint">"Mot de passe oublié\u{a0}? Un organisateur peut vous envoyer un nouveau lien."</p>
        </section>
    }
}

/// What to tell the person: the server's sentence, with the wait when it slows down.
fn refusal(e: &ApiError) -> String {
    match e {
        ApiError::Refused {
            code,
            retry_after: Some(seconds),
            ..
        } if code == "slow_down" => format!("Trop d'essais\u{a0}: réessayez dans {seconds} secondes."),
        other => other.to_string(),
    }
}
