//! The frame of every console screen: skip link, header with the navigation and the
//! signed-in person, main landmark. On navigation, focus moves to the new page's heading.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::account::{use_account, AccountState};
use crate::api;

/// The page frame around the routed content.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            request_animation_frame(|| {
                if let Some(h1) = document().query_selector("main h1").ok().flatten() {
                    if let Ok(h1) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(h1) {
                        let _ = h1.set_attribute("tabindex", "-1");
                        let _ = h1.focus();
                    }
                }
            });
        }
        path
    });
    // The room's screen is for a projector: the page alone, nothing to click.
    let bare = move || location.pathname.with(|p| p.starts_with("/organisateurs/salle/"));
    let children = children();
    view! {
        <Show when=move || !bare()>
            <Frame />
        </Show>
        <main id="contenu" tabindex="-1" class:room=bare>{children}</main>
    }
}

/// The skip link and the header, on every screen but the room's.
#[component]
fn Frame() -> impl IntoView {
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <div class="site-header-inner">
                <A href="/organisateurs" attr:class="brand">
                    <span class="brand-name">"Agir ensemble"</span>
                    <span class="brand-sub">"Espace des organisateurs"</span>
                </A>
                <Who />
            </div>
            <Navigation />
        </header>
    }
}

/// The console's sections, for a signed-in person.
#[component]
fn Navigation() -> impl IntoView {
    let account = use_account();
    move || match account.get() {
        // A moderator's account opens the questions, nothing else.
        AccountState::SignedIn(me) if me.role == "moderation" => Some(
            view! {
                <nav class="main-nav" aria-label="Navigation de l'espace des organisateurs">
                    <ul>
                        <li><A href="/organisateurs/questions">"Questions"</A></li>
                        <li><a href="/" target="_blank" rel="noopener">"Voir l'application"</a></li>
                    </ul>
                </nav>
            }
            .into_any(),
        ),
        AccountState::SignedIn(_) => Some({
            view! {
                <nav class="main-nav" aria-label="Navigation de l'espace des organisateurs">
                    <ul>
                        <li><A href="/organisateurs" exact=true>"Accueil"</A></li>
                        <li><A href="/organisateurs/jour-j">"Jour J"</A></li>
                        <li><A href="/organisateurs/annonces">"Annonces"</A></li>
                        <li><A href="/organisateurs/historique">"Historique"</A></li>
                        <li><A href="/organisateurs/questions">"Questions"</A></li>
                        <li><A href="/organisateurs/bilan">"Bilan"</A></li>
                        <li><A href="/organisateurs/qr-codes">"QR codes"</A></li>
                        <li><A href="/organisateurs/engagement">"Bénévolat"</A></li>
                        <li><a href="/" target="_blank" rel="noopener">"Voir l'application"</a></li>
                    </ul>
                </nav>
            }
            .into_any()
        }),
        _ => None,
    }
}

/// The signed-in person and the way out.
#[component]
fn Who() -> impl IntoView {
    let account = use_account();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            // Signed out on the server or not (a lost network), this device forgets it.
            let _ = api::sign_out(false).await;
            account.set(AccountState::SignedOut);
            navigate("/organisateurs/connexion", Default::default());
        });
    };
    move || match account.get() {
        AccountState::SignedIn(me) => Some(view! {
            <div class="who">
                <span class="who-name">{me.name.clone()}</span>
                <button type="button" class="button secondary" on:click=sign_out.clone()>"Se déconnecter"</button>
            </div>
        }),
        _ => None,
    }
}
