//! `/organisateurs/qr-codes`: the printable QR codes of the current edition's stands, one
//! label per stand, six per A4 page.

use agir_model::plan::StandIndex;
use agir_model::qr::{encode, stand_url};
use agir_model::{paths, Edition};
use leptos::prelude::*;

use crate::account::RequireAccount;
use crate::api;

/// One QR code per stand, to print on A4 and stick on the stands.
#[component]
pub fn QrCodesPage() -> impl IntoView {
    view! {
        <section class="page qr-codes">
            <h1>"QR codes des stands"</h1>
            <RequireAccount>
                <CurrentSheet />
            </RequireAccount>
        </section>
    }
}

/// The labels of the edition attendees see.
#[component]
fn CurrentSheet() -> impl IntoView {
    let edition = LocalResource::new(api::current);
    view! {
        <Suspense fallback=|| view! { <p class="state state-loading" role="status">"Chargement du programme…"</p> }>
            {move || Suspend::new(async move {
                match edition.await {
                    Ok(current) => qr_sheet(&current.edition).into_any(),
                    Err(e) => view! { <p class="state state-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The labels: one card per stand, with its number, QR code, name and address.
fn qr_sheet(edition: &Edition) -> impl IntoView {
    let origin = agir_ui::public_url();
    let cards = StandIndex::new(edition)
        .entries()
        .iter()
        .map(|entry| {
            let (number, stand) = (&entry.number, &edition.stands[entry.stand]);
            let url = stand_url(&origin, &stand.id);
            let heading = match number {
                Some(n) => format!("Stand {n}"),
                None => "Stand".to_owned(),
            };
            let label = format!("QR code du {}\u{a0}: {}", agir_model::french::lowercase(&heading), stand.name);
            let code = encode(&url).ok().map(|qr| {
                let side = qr.side();
                view! {
                    <svg
                        class="qr-code"
                        viewBox=format!("0 0 {side} {side}")
                        role="img"
                        aria-label=label
                        shape-rendering="crispEdges"
                        data-url=url.clone()
                    >
                        <rect width=side height=side fill="#fff" />
                        <path fill="#000" d=qr.path />
                    </svg>
                }
            });
            view! {
                <li class="qr-card" data-stand=stand.id.to_string()>
                    <p class="qr-number">{heading}</p>
                    {code}
                    <p class="qr-name">
                        {stand.name.clone()}
                        {stand.example.then(|| view! { " " <span class="badge example">"exemple"</span> })}
                    </p>
                    <p class="qr-url">{format!("{}/", paths::absolute(&origin, paths::VILLAGE))}<wbr />{stand.id.to_string()}</p>
                </li>
            }
        })
        .collect_view();
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="qr-intro">
            <p>
                "Une étiquette par stand, à imprimer sur du papier A4 (six par page) et à poser sur le stand. "
                "Le QR code ouvre la fiche du stand sur le plan du village, à l'adresse "
                <strong>{format!("{}/…", paths::absolute(&origin, paths::VILLAGE))}</strong>
                "."
            </p>
            <p>
                "Pour un imprimeur, la personne qui gère le serveur peut aussi vous donner ces étiquettes en fichiers SVG (le mode d'emploi du serveur dit comment)."
            </p>
            <p>
                <button type="button" class="button" on:click=print>
                    "Imprimer les étiquettes"
                </button>
            </p>
        </div>
        <ul class="qr-sheet">{cards}</ul>
    }
}
