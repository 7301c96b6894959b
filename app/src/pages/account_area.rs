//! `/saya`: a signed-in person's own data, announcements, password, send queue and sign-out, one
//! chunk (see [`crate::pages::cooperative_area`] for why areas dispatch their own pages).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::session::use_account;

use crate::pages::NotFoundPage;
use crate::pages::announcements::AnnouncementsPage;
use crate::pages::my_data::MyDataPage;
use crate::pages::outbox::OutboxPage;
use crate::pages::password::PasswordPage;
use crate::pages::sign_out::SignOutPage;

#[component]
fn AccountArea() -> impl IntoView {
    let location = use_location();
    let rest = Memo::new(move |_| {
        location
            .pathname
            .with(|p| p.trim_start_matches("/saya").trim_matches('/').to_owned())
    });
    let account = use_account();
    // See `cooperative_area`: pages wait for the account and are built again for another one.
    move || match (account.get(), rest.get().as_str()) {
        (None, _) => ().into_any(),
        (Some(_), rest) => match rest {
            "" => view! { <MyDataPage/> }.into_any(),
            "kata-sandi" => view! { <PasswordPage/> }.into_any(),
            "antrean" => view! { <OutboxPage/> }.into_any(),
            "keluar" => view! { <SignOutPage/> }.into_any(),
            "pengumuman" => view! { <AnnouncementsPage/> }.into_any(),
            _ => view! { <NotFoundPage/> }.into_any(),
        },
    }
}

#[derive(Clone, Copy)]
pub struct AccountAreaRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for AccountAreaRoute {
    fn data() -> Self {
        AccountAreaRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AccountArea/> }.into_any()
    }
}
