//! `/koperasi/{id}/simpanan`: members' savings, a chunk of its own. Only a cooperative's
//! officers open it, so admins and members do not download the ledger's pages.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::pages::savings::SavingsPage;
use crate::session::use_account;

#[derive(Clone, Copy)]
pub struct SavingsRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for SavingsRoute {
    fn data() -> Self {
        SavingsRoute
    }

    fn view(_this: Self) -> AnyView {
        let account = use_account();
        let params = use_params_map();
        (move || {
            let id = params.with(|p| p.get("id")).unwrap_or_default();
            account.get().map(|_| view! { <SavingsPage id/> })
        })
        .into_any()
    }
}
