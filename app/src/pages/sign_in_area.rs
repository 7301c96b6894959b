//! `/masuk` and `/masuk/aktivasi`: getting into an account, one chunk fetched when either opens
//! (see [`crate::pages::cooperative_area`] for why areas dispatch their own pages).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::pages::NotFoundPage;
use crate::pages::activate::ActivatePage;
use crate::pages::sign_in::SignInPage;

#[component]
fn SignInArea() -> impl IntoView {
    let location = use_location();
    let rest = Memo::new(move |_| {
        location
            .pathname
            .with(|p| p.trim_start_matches("/masuk").trim_matches('/').to_owned())
    });
    move || match rest.get().as_str() {
        "" => view! { <SignInPage/> }.into_any(),
        "aktivasi" => view! { <ActivatePage/> }.into_any(),
        _ => view! { <NotFoundPage/> }.into_any(),
    }
}

#[derive(Clone, Copy)]
pub struct SignInAreaRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for SignInAreaRoute {
    fn data() -> Self {
        SignInAreaRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <SignInArea/> }.into_any()
    }
}
