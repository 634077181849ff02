//! `/organisateurs/mot-de-passe#LIEN`: choose one's password with the one-time link a
//! colleague sent (the link's token is after `#`, so it never reaches a server's log).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;

/// The shortest password the server accepts.
const MIN_LEN: usize = 12;

/// The page that sets a password.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let link = window()
        .location()
        .hash()
        .unwrap_or_default()
        .trim_start_matches('#')
        .to_owned();
    let (first, second) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let (error, done, busy) = (
        RwSignal::new(None::<String>),
        RwSignal::new(false),
        RwSignal::new(false),
    );
    let has_link = !link.is_empty();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (a, b) = (first.get_untracked(), second.get_untracked());
        if let Some(problem) = check(&a, &b) {
            error.set(Some(problem));
            return;
        }
        busy.set(true);
        let link = link.clone();
        spawn_local(async move {
            match api::set_password(&link, &a).await {
                Ok(()) => done.set(true),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page password">
            <h1>"Choisir votre mot de passe"</h1>
            <Show when=move || !done.get() fallback=|| view! {
                <p class="state" role="status">"Votre mot de passe est enregistré."</p>
                <p><A href="/organisateurs/connexion" attr:class="button">"Se connecter"</A></p>
            }>
                {(!has_link).then(|| view! {
                    <p class="form-error" role="alert">"Ce lien est incomplet\u{a0}: ouvrez le lien entier reçu d'un organisateur."</p>
                })}
                <form class="form" on:submit=submit.clone() novalidate=true>
                    <div class="field">
                        <label for="nouveau">"Nouveau mot de passe"</label>
                        <input id="nouveau" type="password" autocomplete="new-password" aria-describedby="regle"
                            prop:value=move || first.get() on:input=move |ev| first.set(event_target_value(&ev)) />
                        <p id="regle" class="hint">{format!("Au moins {MIN_LEN} caractères. Une phrase facile à retenir convient très bien.")}</p>
                    </div>
                    <div class="field">
                        <label for="confirmation">"Le même, une seconde fois"</label>
                        <input id="confirmation" type="password" autocomplete="new-password"
                            prop:value=move || second.get() on:input=move |ev| second.set(event_target_value(&ev)) />
                    </div>
                    {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                    <button type="submit" class="button" disabled=move || busy.get() || !has_link>"Enregistrer le mot de passe"</button>
                </form>
            </Show>
        </section>
    }
}

/// What is wrong with the two entries, before asking the server.
fn check(first: &str, second: &str) -> Option<String> {
    if first.chars().count() < MIN_LEN {
        Some(format!("Le mot de passe doit compter au moins {MIN_LEN} caractères."))
    } else if first != second {
        Some("Les deux mots de passe ne sont pas les mêmes.".to_owned())
    } else {
        None
    }
}
