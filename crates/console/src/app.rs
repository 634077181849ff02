//! The console's route table, under `/organisateurs/`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::account::provide_account;
use crate::layout::Layout;
use crate::pages::{
    announcements::AnnouncementsPage, day_of::DayOfPage, history::HistoryPage, home::HomePage, not_found::NotFoundPage,
    password::PasswordPage, qr_codes::QrCodesPage, sign_in::SignInPage,
};

/// The whole console.
#[component]
pub fn App() -> impl IntoView {
    provide_account();
    agir_ui::clock::provide_clock();
    view! {
        <Router>
            <Layout>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/organisateurs") view=HomePage />
                    <Route path=path!("/organisateurs/connexion") view=SignInPage />
                    <Route path=path!("/organisateurs/mot-de-passe") view=PasswordPage />
                    <Route path=path!("/organisateurs/jour-j") view=DayOfPage />
                    <Route path=path!("/organisateurs/historique") view=HistoryPage />
                    <Route path=path!("/organisateurs/annonces") view=AnnouncementsPage />
                    <Route path=path!("/organisateurs/qr-codes") view=QrCodesPage />
                </Routes>
            </Layout>
        </Router>
    }
}
