//! `/organisateurs`: the console's home, once signed in: the editions the server holds (the
//! one attendees see first), and one's own account.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::account::{use_account, AccountState, RequireAccount};
use crate::api;
use crate::pages::editions::Editions;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <section class="page console-home">
            <h1>"Espace des organisateurs"</h1>
            <RequireAccount>
                <ByRole />
                <AccountPanel />
            </RequireAccount>
        </section>
    }
}

/// An organizer's editions and tools; a moderator's only screen, the questions.
#[component]
fn ByRole() -> impl IntoView {
    let account = use_account();
    move || match account.get() {
        AccountState::SignedIn(me) if me.role == "moderation" => view! {
            <p>"Votre compte sert à modérer les questions de la salle."</p>
            <p><A href="/organisateurs/questions" attr:class="button">"Modérer les questions"</A></p>
        }
        .into_any(),
        _ => view! { <Editions /> <Tools /> }.into_any(),
    }
}

/// What can be done from here.
#[component]
fn Tools() -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let download_feedback = move |_| {
        spawn_local(async move {
            let saved = match api::feedback_csv().await {
                Ok(csv) => agir_ui::dom::download("avis-des-participants.csv", "text/csv;charset=utf-8", &csv)
                    .map_err(|_| "Le navigateur n'a pas pu enregistrer le fichier.".to_owned()),
                Err(e) => Err(e.to_string()),
            };
            said.set(saved.err());
        })
    };
    view! {
        <h2>"Outils"</h2>
        <ul class="plain-list tools">
            <li><A href="/organisateurs/jour-j">"Jour J\u{a0}: retarder, changer de salle, annuler une séance"</A></li>
            <li><A href="/organisateurs/annonces">"Annonces\u{a0}: un message à tous les participants"</A></li>
            <li><A href="/organisateurs/historique">"Historique des publications, et retour à une révision"</A></li>
            <li><A href="/organisateurs/qr-codes">"Imprimer les QR codes des stands"</A></li>
            <li><A href="/organisateurs/engagement">"Bénévolat\u{a0}: les liens privés des associations et leurs nombres de demandes"</A></li>
            <li><A href="/organisateurs/importer">"Importer un programme (frab ou C3VOC)"</A></li>
            <li><A href="/organisateurs/bilan">"Bilan\u{a0}: les réponses au questionnaire, les séances préférées"</A></li>
        </ul>
        <p>
            <button type="button" class="button secondary" on:click=download_feedback>"Télécharger les avis des participants (tableur CSV)"</button>
        </p>
        {move || said.get().map(|s| view! { <p class="form-error" role="alert">{s}</p> })}
    }
}

/// One's own account, and signing out of every device.
#[component]
fn AccountPanel() -> impl IntoView {
    let account = use_account();
    let navigate = use_navigate();
    let said = RwSignal::new(None::<String>);
    let everywhere = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::sign_out(true).await {
                Ok(()) => {
                    account.set(AccountState::SignedOut);
                    navigate("/organisateurs/connexion", Default::default());
                }
                Err(e) => said.set(Some(e.to_string())),
            }
        });
    };
    move || {
        let AccountState::SignedIn(me) = account.get() else {
            return None;
        };
        let everywhere = everywhere.clone();
        Some(view! {
            <h2>"Votre compte"</h2>
            <p>{format!("{} · {} · rôle {}", me.name, me.email, me.role_label())}</p>
            <p>
                <button type="button" class="button secondary" on:click=everywhere>
                    "Se déconnecter sur tous les appareils"
                </button>
            </p>
            {move || said.get().map(|s| view! { <p class="form-error" role="alert">{s}</p> })}
        })
    }
}
