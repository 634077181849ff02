//! The app: global state providers and the route table. Route paths are printed and
//! shared (QR codes, flyers): keep them.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Layout;
use crate::pages::agenda::MyProgrammePage;
use crate::pages::archives::ArchivePage;
use crate::pages::engagement::{ContactPage, EngagePage};
use crate::pages::feedback::FeedbackPage;
use crate::pages::home::HomePage;
use crate::pages::infos::InfosPage;
use crate::pages::not_found::NotFoundPage;
use crate::pages::programme::ProgrammePage;
use crate::pages::session::SessionPage;
use crate::pages::speakers::{SpeakerPage, SpeakersPage};
use crate::pages::village::VillagePage;
use crate::state::{bookmarks, clock, engagement, interest, outbox, programme, pwa, settings};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    settings::provide_settings();
    let programme = programme::provide_programme();
    // The server's page stays on screen until the app can draw the same: never a loading
    // line in place of content already shown.
    agir_ui::reveal_when(move || programme.status() != programme::LoadStatus::Loading);
    bookmarks::provide_bookmarks();
    clock::provide_clock();
    outbox::provide_outbox();
    engagement::provide_engagement();
    interest::share_interest();
    pwa::provide_pwa();
    // The state above starts loading the programme at once; the pages are drawn in the
    // next task, so that starting the app is two shorter tasks on a slow phone.
    agir_ui::in_next_task(|| {
        view! {
            <Router>
                <Layout>
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage />
                        <Route path=path!("/programme") view=ProgrammePage />
                        <Route path=path!("/programme/:id") view=SessionPage />
                        <Route path=path!("/intervenants") view=SpeakersPage />
                        <Route path=path!("/intervenants/:id") view=SpeakerPage />
                        <Route path=path!("/infos") view=InfosPage />
                        <Route path=path!("/mon-programme") view=MyProgrammePage />
                        // One parent route: choosing a stand changes the address, not the
                        // page, so the plan keeps its zoom and the list its search.
                        <ParentRoute path=path!("/village") view=VillagePage>
                            <Route path=path!("") view=|| () />
                            <Route path=path!("lieu/:place") view=|| () />
                            <Route path=path!(":stand") view=|| () />
                        </ParentRoute>
                        <Route path=path!("/m-engager") view=EngagePage />
                        <Route path=path!("/m-engager/:stand") view=ContactPage />
                        <Route path=path!("/avis") view=FeedbackPage />
                        <Route path=path!("/archives/:edition") view=ArchivePage />
                    </Routes>
                </Layout>
            </Router>
        }
    })
}
