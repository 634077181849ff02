//! The console's route table, under `/organisateurs/`.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::account::provide_account;
use crate::editor::{
    event::EventForm,
    places::{PlaceForm, PlacesPage},
    plan::PlanEditor,
    publish::PublishPage,
    questionnaire::QuestionnaireEditor,
    sessions::{SessionForm, SessionsPage},
    speakers::{SpeakerForm, SpeakersPage},
    stands::{StandForm, StandsPage},
    EditorPage,
};
use crate::layout::Layout;
use crate::pages::{
    announcements::AnnouncementsPage, bilan::BilanPage, day_of::DayOfPage, engagement::EngagementPage,
    history::HistoryPage, home::HomePage, import::ImportPage, moderation::ModerationPage, not_found::NotFoundPage,
    password::PasswordPage, qr_codes::QrCodesPage, questions::QuestionsPage, room_screen::RoomScreenPage,
    sign_in::SignInPage,
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
                    <Route path=path!("/organisateurs/engagement") view=EngagementPage />
                    <Route path=path!("/organisateurs/importer") view=ImportPage />
                    <Route path=path!("/organisateurs/bilan") view=BilanPage />
                    <Route path=path!("/organisateurs/questions") view=QuestionsPage />
                    <Route path=path!("/organisateurs/questions/:id") view=ModerationPage />
                    <Route path=path!("/organisateurs/salle/:id") view=RoomScreenPage />
                    <ParentRoute path=path!("/organisateurs/editer/:edition") view=EditorPage>
                        <Route path=path!("") view=EventForm />
                        <Route path=path!("lieux") view=PlacesPage />
                        <Route path=path!("lieux/:id") view=PlaceForm />
                        <Route path=path!("seances") view=SessionsPage />
                        <Route path=path!("seances/:id") view=SessionForm />
                        <Route path=path!("intervenants") view=SpeakersPage />
                        <Route path=path!("intervenants/:id") view=SpeakerForm />
                        <Route path=path!("stands") view=StandsPage />
                        <Route path=path!("stands/:id") view=StandForm />
                        <Route path=path!("plan") view=PlanEditor />
                        <Route path=path!("questionnaire") view=QuestionnaireEditor />
                        <Route path=path!("publier") view=PublishPage />
                    </ParentRoute>
                </Routes>
            </Layout>
        </Router>
    }
}
