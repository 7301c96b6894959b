//! `/koperasi/dasbor`: the programme dashboard, a chunk of its own. Only dinas and ministry
//! admins open it, so nobody else downloads its charts and tables with the Koperasi area.

use leptos::prelude::*;

use crate::pages::dashboard::DashboardPage;
use crate::session::use_account;

#[derive(Clone, Copy)]
pub struct DashboardRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for DashboardRoute {
    fn data() -> Self {
        DashboardRoute
    }

    fn view(_this: Self) -> AnyView {
        let account = use_account();
        // Built once the account is known (its kept copies are read under it), and again for
        // another account.
        (move || account.get().map(|_| view! { <DashboardPage/> })).into_any()
    }
}
