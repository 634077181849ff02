//! Who is signed in: asked of the server once when the console starts, then kept as the
//! person signs in and out. Screens that need an account wrap themselves in
//! [`RequireAccount`], which sends a signed-out person to the sign-in page and back.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::api::{self, Account};

/// Where the console stands with the server.
#[derive(Debug, Clone, PartialEq)]
pub enum AccountState {
    /// Not asked yet.
    Unknown,
    SignedOut,
    SignedIn(Account),
    /// The server did not answer.
    Unreachable(String),
}

/// The account handle.
pub type AccountSignal = RwSignal<AccountState>;

/// Creates the account state and asks the server who is signed in.
pub fn provide_account() -> AccountSignal {
    let account = RwSignal::new(AccountState::Unknown);
    provide_context(account);
    refresh(account);
    account
}

pub fn use_account() -> AccountSignal {
    expect_context::<AccountSignal>()
}

/// Asks the server again (after a sign-in, or a refusal that says the session ended).
pub fn refresh(account: AccountSignal) {
    spawn_local(async move {
        account.set(match api::me().await {
            Ok(me) => AccountState::SignedIn(me),
            Err(e) if e.is_signed_out() => AccountState::SignedOut,
            Err(e) => AccountState::Unreachable(e.to_string()),
        });
    });
}

/// The sign-in page's address, coming back to `path` afterwards.
pub fn sign_in_path(path: &str) -> String {
    format!("/organisateurs/connexion?retour={}", encode_component(path))
}

fn encode_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Shows `children` to a signed-in organizer; anyone else goes to the sign-in page, then
/// comes back here.
#[component]
pub fn RequireAccount(children: ChildrenFn) -> impl IntoView {
    let account = use_account();
    let location = use_location();
    move || {
        match account.get() {
        AccountState::Unknown => view! {
            <p class="state state-loading" role="status"><span class="spinner" aria-hidden="true"></span>"Vérification de votre session…"</p>
        }
        .into_any(),
        AccountState::SignedOut => {
            let back = location.pathname.get_untracked();
            view! { <Redirect path=sign_in_path(&back) /> }.into_any()
        }
        AccountState::Unreachable(why) => view! {
            <div class="state state-error" role="alert">
                <p>{why}</p>
                <button type="button" class="button" on:click=move |_| refresh(account)>"Réessayer"</button>
            </div>
        }
        .into_any(),
        AccountState::SignedIn(_) => children().into_any(),
    }
    }
}
