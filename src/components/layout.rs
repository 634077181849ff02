//! The frame of every screen: skip link, header with the navigation, main landmark,
//! footer. On navigation, focus moves to the new page's heading.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::components::announcements::Announcements;
use crate::components::changes_banner::ChangesBanner;
use crate::components::status_banner::{OfflineBanner, PreviewBanner, UpdateBanner};
use crate::state::settings::use_settings;

/// The page frame around the routed content.
#[component]
pub fn Layout(
    /// The routed page.
    children: Children,
) -> impl IntoView {
    let location = use_location();
    // Focus the new heading after a person navigates (not on the first load, where the
    // browser's own start position is right).
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| !same_screen(&p, &path)) {
            request_animation_frame(focus_heading);
        }
        path
    });
    view! {
        <a class="skip-link" href="#contenu">"Aller au contenu"</a>
        <header class="site-header">
            <div class="site-header-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-name">"Agir ensemble"</span>
                    <span class="brand-sub">"CCAS d'Angers"</span>
                </A>
                <TextSizeToggle />
            </div>
            <nav class="main-nav" aria-label="Navigation principale">
                <ul>
                    <li><A href="/" exact=true>"Accueil"</A></li>
                    <li><A href="/programme">"Programme"</A></li>
                    <li><A href="/mon-programme">"Mon programme"</A></li>
                    <li><A href="/village">"Plan"</A></li>
                    <li><A href="/infos">"Infos"</A></li>
                </ul>
            </nav>
        </header>
        <PreviewBanner />
        <UpdateBanner />
        <OfflineBanner />
        <main id="contenu" tabindex="-1">
            <Announcements />
            <ChangesBanner />
            {children()}
        </main>
        <footer class="site-footer">
            <p>"Agir ensemble, une rencontre du CCAS d'Angers."</p>
            <p><A href="/avis">"Donner votre avis sur la journée"</A></p>
            <p><A href="/infos#mentions">"Mentions légales, données personnelles et accessibilité"</A></p>
        </footer>
    }
}

/// Addresses that only change what is selected on the screen already shown (a stand on the
/// village plan): the page moves focus itself, the heading does not take it.
fn same_screen(a: &str, b: &str) -> bool {
    let village = |p: &str| p == "/village" || p.starts_with("/village/");
    a == b || (village(a) && village(b))
}

fn focus_heading() {
    use wasm_bindgen::JsCast;
    let heading = document()
        .query_selector("main h1")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(h1) = heading {
        let _ = h1.set_attribute("tabindex", "-1");
        let _ = h1.focus();
    }
}

/// A toggle for larger text, remembered on this device.
#[component]
fn TextSizeToggle() -> impl IntoView {
    let settings = use_settings();
    view! {
        <button
            type="button"
            class="text-size-toggle"
            aria-pressed=move || settings.large_text.get().to_string()
            on:click=move |_| settings.large_text.update(|v| *v = !*v)
        >
            <span aria-hidden="true" class="text-size-icon">"A+"</span>
            " Grand texte"
        </button>
    }
}

/// Sets the browser tab's title for the page.
pub fn use_page_title(title: impl Fn() -> String + Send + Sync + 'static) {
    Effect::new(move |_| {
        document().set_title(&format!("{} · Agir ensemble", title()));
    });
}
