//! `/organisateurs/engagement`: « Je veux m'engager » seen by the organizers. For each stand
//! that looks for volunteers: how many requests it holds and has received (counts, never
//! contents), and its association's private link, to print or send, to change when in
//! doubt, or to withdraw.

use agir_model::engagement::{retention_words, StandRequests};
use agir_model::qr::encode;
use agir_model::{paths, Edition};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::account::RequireAccount;
use crate::api::{self, engagement as calls, ApiError};

#[component]
pub fn EngagementPage() -> impl IntoView {
    view! {
        <section class="page engagement">
            <h1>"Je veux m'engager\u{a0}: liens des associations"</h1>
            <RequireAccount>
                <Current />
            </RequireAccount>
        </section>
    }
}

#[component]
fn Current() -> impl IntoView {
    let edition = LocalResource::new(api::current);
    view! {
        <Suspense fallback=|| view! { <p class="state state-loading" role="status">"Chargement du programme…"</p> }>
            {move || Suspend::new(async move {
                match edition.await {
                    Ok(current) => view! { <Stands edition=current.edition /> }.into_any(),
                    Err(e) => view! { <p class="state state-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What an organizer does to a stand's link.
#[derive(Clone, Copy, PartialEq)]
enum Change {
    New,
    /// A new link in place of the one the stand has.
    Rotate,
    Revoke,
}

#[component]
fn Stands(edition: Edition) -> impl IntoView {
    let slug = edition.edition.to_string();
    let lines = RwSignal::new(None::<Result<Vec<StandRequests>, ApiError>>);
    let said = RwSignal::new(None::<String>);
    let load = {
        let slug = slug.clone();
        move || {
            let slug = slug.clone();
            spawn_local(async move { lines.set(Some(calls::stands(&slug).await)) });
        }
    };
    load();
    let edition = StoredValue::new(edition);
    let change = Callback::new(move |(stand, what): (String, Change)| {
        let slug = slug.clone();
        spawn_local(async move {
            let done = match what {
                Change::New | Change::Rotate => calls::new_link(&stand, &slug).await,
                Change::Revoke => calls::revoke_link(&stand, &slug).await,
            };
            let name = edition.with_value(|e| stand_name(e, &stand));
            match done {
                Ok(line) => {
                    lines.update(|l| {
                        if let Some(Ok(all)) = l {
                            if let Some(old) = all.iter_mut().find(|o| o.stand == line.stand) {
                                *old = line;
                            }
                        }
                    });
                    said.set(Some(match what {
                        Change::New => {
                            format!("Lien prêt pour {name}\u{a0}: imprimez-le ou envoyez-le à l'association.")
                        }
                        Change::Rotate => format!("Nouveau lien prêt pour {name}\u{a0}: l'ancien ne marche plus."),
                        Change::Revoke => {
                            format!("Le lien de {name} est retiré\u{a0}: plus personne ne voit ses demandes.")
                        }
                    }));
                }
                Err(e) => said.set(Some(e.to_string())),
            }
        });
    });
    let months = edition.with_value(|e| e.contact_retention_months());
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <div class="engagement-intro">
            <p>
                "Les visiteurs peuvent demander à une association du village de les recontacter. "
                "Chaque association lit ses demandes, et seulement les siennes, par un lien privé\u{a0}: "
                "imprimez-le ou envoyez-le à l'association. Toute personne qui a le lien voit les demandes\u{a0}: "
                "en cas de doute, changez-le, l'ancien cesse de marcher aussitôt."
            </p>
            <p>
                {format!(
                    "Les demandes sont supprimées automatiquement au bout de {}, ou dès que la personne la retire. ",
                    retention_words(months)
                )}
                "Cette durée se règle dans l'éditeur, page «\u{a0}Événement\u{a0}». Ici, vous ne voyez que les nombres de demandes."
            </p>
            <p><button type="button" class="button secondary" on:click=print>"Imprimer les liens"</button></p>
        </div>
        <p class="engagement-said" role="status">{move || said.get()}</p>
        {move || match lines.get() {
            None => view! { <p class="state state-loading" role="status">"Chargement des stands…"</p> }.into_any(),
            Some(Err(e)) => view! { <p class="state state-error" role="alert">{e.to_string()}</p> }.into_any(),
            Some(Ok(all)) if all.is_empty() => view! {
                <p class="state state-empty">
                    "Aucun stand ne cherche de bénévoles dans cette édition. Dites-le dans la fiche du stand, "
                    "rubrique «\u{a0}Bénévolat\u{a0}», puis publiez."
                </p>
            }.into_any(),
            Some(Ok(all)) => {
                let cards = all.into_iter().map(|line| {
                    let name = edition.with_value(|e| stand_name(e, &line.stand));
                    view! { <StandCard line name change /> }
                }).collect_view();
                view! { <ul class="engagement-stands">{cards}</ul> }.into_any()
            }
        }}
    }
}

fn stand_name(edition: &Edition, stand: &str) -> String {
    edition
        .stands
        .iter()
        .find(|s| s.id.as_str() == stand)
        .map_or_else(|| stand.to_owned(), |s| s.name.clone())
}

#[component]
fn StandCard(line: StandRequests, name: String, change: Callback<(String, Change)>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let stand = StoredValue::new(line.stand.clone());
    let counts = format!(
        "{} en cours · {} reçue{} depuis le début",
        line.demandes,
        line.recues,
        if line.recues > 1 { "s" } else { "" }
    );
    let has_link = line.lien.is_some();
    let link = line.lien.map(|path| {
        let url = paths::absolute(&agir_ui::public_url(), &path);
        let code = encode(&url).ok().map(|qr| {
            let side = qr.side();
            view! {
                <svg class="qr-code" viewBox=format!("0 0 {side} {side}") role="img"
                    aria-label=format!("QR code du lien de {name}") shape-rendering="crispEdges">
                    <rect width=side height=side fill="#fff" />
                    <path fill="#000" d=qr.path />
                </svg>
            }
        });
        let field = format!("lien-{}", line.stand);
        view! {
            <div class="field">
                <label for=field.clone()>"Lien privé de l'association"</label>
                <input id=field type="text" readonly=true value=url.clone() class="engagement-link" />
            </div>
            {code}
        }
        .into_any()
    });
    let ask = move |what: Change| change.run((stand.get_value(), what));
    let (change_label, revoke_label) = (
        format!("Changer le lien de {name}"),
        format!("Retirer le lien de {name}"),
    );
    view! {
        <li class="engagement-stand" data-stand=line.stand.clone()>
            <h2>{name.clone()}</h2>
            <p class="engagement-counts">{counts}</p>
            {link.unwrap_or_else(|| view! { <p>"Pas encore de lien pour cette association."</p> }.into_any())}
            <p class="engagement-actions">
                {move || if !has_link {
                    view! { <button type="button" class="button" on:click=move |_| ask(Change::New)>"Créer le lien"</button> }.into_any()
                } else if confirming.get() {
                    view! {
                        <span role="group" aria-label="Changer le lien">
                            <button type="button" class="button" on:click=move |_| { confirming.set(false); ask(Change::Rotate) }>
                                "Oui, changer le lien"
                            </button>
                            " "
                            <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>"Annuler"</button>
                        </span>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button secondary" aria-label=change_label.clone() on:click=move |_| confirming.set(true)>"Changer le lien"</button>
                        " "
                        <button type="button" class="button secondary" aria-label=revoke_label.clone() on:click=move |_| ask(Change::Revoke)>"Retirer le lien"</button>
                    }.into_any()
                }}
            </p>
        </li>
    }
}
