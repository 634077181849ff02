//! `/village`, `/village/:stand`, `/village/lieu/:place`: the plan of the village des
//! solidarités; `/organisateurs/qr-codes`: the printable QR codes of the stands.

use leptos::prelude::*;

use crate::components::layout::use_page_title;

/// The village plan.
#[component]
pub fn VillagePage() -> impl IntoView {
    use_page_title(|| "Plan du village".into());
    view! {
        <section class="page village">
            <h1>"Plan du village des solidarités"</h1>
        </section>
    }
}

/// One QR code per stand, to print.
#[component]
pub fn QrCodesPage() -> impl IntoView {
    use_page_title(|| "QR codes des stands".into());
    view! {
        <section class="page qr-codes">
            <h1>"QR codes des stands"</h1>
        </section>
    }
}
