use kopdes_domain::Lang;
use leptos::prelude::*;
use leptos_router::Lazy;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{AppBar, BottomNav, SessionExpiredBanner, UpdateBanner};
use crate::connectivity::provide_connectivity;
use crate::device::{follow_language, provide_device};
use crate::i18n::I18n;
use crate::pages::{
    AboutRoute, AccountAreaRoute, CooperativeAreaRoute, DashboardRoute, HomePage,
    LearningAreaRoute, NotFoundPage, SavingsRoute, SignInAreaRoute,
};
use crate::server_health::provide_server_health;
use crate::service_worker::provide_updates;
use crate::session::provide_session;
use crate::store::Store;
use crate::sync::provide_sync;

#[component]
pub fn App(store: Option<Store>, lang: Lang) -> impl IntoView {
    let device = provide_device(store);
    let i18n = I18n {
        lang: RwSignal::new(lang),
    };
    provide_context(i18n);
    follow_language(i18n, device);
    let connectivity = provide_connectivity();
    provide_server_health(connectivity);
    let session = provide_session(device, connectivity);
    provide_sync(session);
    provide_updates();

    view! {
        <Router>
            <AppBar/>
            <UpdateBanner/>
            <SessionExpiredBanner/>
            <main class="page" id="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/tentang") view={Lazy::<AboutRoute>::new()}/>
                    <Route path=path!("/masuk/*rest") view={Lazy::<SignInAreaRoute>::new()}/>
                    <Route path=path!("/saya/*rest") view={Lazy::<AccountAreaRoute>::new()}/>
                    <Route path=path!("/koperasi/dasbor/*rest") view={Lazy::<DashboardRoute>::new()}/>
                    <Route path=path!("/koperasi/:id/simpanan") view={Lazy::<SavingsRoute>::new()}/>
                    <Route path=path!("/koperasi/*rest") view={Lazy::<CooperativeAreaRoute>::new()}/>
                    <Route path=path!("/belajar/*rest") view={Lazy::<LearningAreaRoute>::new()}/>
                </Routes>
            </main>
            <BottomNav/>
        </Router>
    }
}
