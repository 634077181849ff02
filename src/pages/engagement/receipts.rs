//! « Mes demandes d'engagement »: what this phone sent to associations, where each request
//! stands, and the way to withdraw it (which deletes it on the server).

use agir_model::time::format_day_time;
use agir_ui::clock::phone_time;
use leptos::prelude::*;

use crate::state::engagement::{use_engagement, Receipt, State};

/// The receipts, newest first; nothing when the phone sent none.
#[component]
pub fn Receipts() -> impl IntoView {
    let engagement = use_engagement();
    move || {
        let receipts = engagement.receipts();
        let damaged = engagement.damaged.get().then(|| {
            view! {
                <p class="state state-error">
                    "La liste de vos demandes gardée sur ce téléphone était abîmée\u{a0}: elle a été mise de côté. "
                    "Vos demandes déjà envoyées restent chez les associations."
                </p>
            }
        });
        if receipts.is_empty() && damaged.is_none() {
            return None;
        }
        let items = receipts
            .into_iter()
            .map(|r| view! { <ReceiptItem receipt=r /> })
            .collect_view();
        Some(view! {
            <section class="engage-receipts" aria-labelledby="mes-demandes">
                <h2 id="mes-demandes">"Mes demandes d'engagement"</h2>
                {damaged}
                <ul class="engage-list">{items}</ul>
            </section>
        })
    }
}

#[component]
fn ReceiptItem(receipt: Receipt) -> impl IntoView {
    let engagement = use_engagement();
    let confirming = RwSignal::new(false);
    let when = format!("Demande faite le {}", when(receipt.le));
    let cle = StoredValue::new(receipt.cle.clone());
    let association = receipt.association.clone();
    let data = receipt.clone();
    let data = StoredValue::new(data);
    let state = move || data.with_value(|r| engagement.state(r));
    let status = move || match state() {
        State::Waiting => "En attente d'envoi\u{a0}: elle partira dès que le réseau le permettra.".to_owned(),
        State::Received => format!("Reçue par {association}, qui vous recontactera."),
        State::Refused(reason) => format!("Non envoyée\u{a0}: {reason}"),
        State::Withdrawn => "Retirée\u{a0}: elle est supprimée.".to_owned(),
    };
    let name = receipt.association.clone();
    let actions = move || {
        if matches!(state(), State::Withdrawn | State::Refused(_)) {
            return None;
        }
        let name = name.clone();
        Some(if confirming.get() {
            view! {
                <div class="engage-confirm" role="group" aria-label="Confirmer le retrait">
                    <p>{format!("Retirer votre demande\u{a0}? {name} ne la verra plus.")}</p>
                    <button type="button" class="button danger"
                        on:click=move |_| { engagement.withdraw(&cle.get_value()); confirming.set(false); }>
                        "Oui, retirer ma demande"
                    </button>
                    <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>"Annuler"</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="button secondary" on:click=move |_| confirming.set(true)
                    aria-label=format!("Retirer ma demande à {name}")>
                    "Retirer ma demande"
                </button>
            }
            .into_any()
        })
    };
    view! {
        <li class="engage-receipt">
            <h3>{receipt.association.clone()}</h3>
            <p>{when}</p>
            <p class="delivery" role="status">{status}</p>
            {actions}
        </li>
    }
}

/// "mardi 8 octobre à 14 h 15", in the phone's own time zone.
fn when(ms: i64) -> String {
    match phone_time(ms) {
        Some(local) => format_day_time(&local),
        None => "à une date inconnue".into(),
    }
}
