//! `/koperasi/dasbor/...`: the admins' own chunk: the programme dashboard (their home, with
//! what waits for them on top), the registry and its verification queue, staff administration and the audit trail. Only dinas and
//! ministry admins open it, so nobody else downloads its charts and tables.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::pages::NotFoundPage;
use crate::pages::audit_trail::AuditTrailPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::registry::RegistryPage;
use crate::pages::registry_import::RegistryImportPage;
use crate::pages::staff::StaffPage;
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
        let location = use_location();
        let page = Memo::new(move |_| {
            location
                .pathname
                .get()
                .trim_start_matches("/koperasi/dasbor")
                .trim_matches('/')
                .to_owned()
        });
        // Built once the account is known (its kept copies are read under it), and again for
        // another account.
        (move || {
            account.get().map(|_| match page.get().as_str() {
                "" => view! { <DashboardPage/> }.into_any(),
                "daftar" => view! { <RegistryPage/> }.into_any(),
                "impor" => view! { <RegistryImportPage/> }.into_any(),
                "staf" => view! { <StaffPage/> }.into_any(),
                "jejak" => view! { <AuditTrailPage/> }.into_any(),
                _ => view! { <NotFoundPage/> }.into_any(),
            })
        })
        .into_any()
    }
}
