use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{AccountCard, InstallPrompt, ServerStatus};
use crate::connectivity::use_connectivity;
use crate::i18n::tr;

#[component]
pub fn HomePage() -> impl IntoView {
    let online = use_connectivity().online;
    view! {
        <section class="hero">
            <h1 data-testid="home-title">{tr(|t| t.home_title)}</h1>
            <p>{tr(|t| t.home_intro)}</p>
        </section>
        <AccountCard/>
        <InstallPrompt/>
        <section class="card" class:card-alert=move || !online.get()>
            <h2>{tr(|t| t.home_offline_title)}</h2>
            <p>{tr(|t| t.home_offline_body)}</p>
        </section>
        <section class="card">
            <h2>{tr(|t| t.home_server_title)}</h2>
            <ServerStatus/>
        </section>
        <p class="more">
            <A href="/tentang">{tr(|t| t.home_details_link)}</A>
        </p>
    }
}
