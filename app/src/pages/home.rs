use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{InstallPrompt, ServerStatus};
use crate::connectivity::use_connectivity;
use crate::i18n::use_i18n;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_connectivity().online;
    view! {
        <section class="hero">
            <h1 data-testid="home-title">{move || i18n.t().home_title}</h1>
            <p>{move || i18n.t().home_intro}</p>
        </section>
        <InstallPrompt/>
        <section class="card" class:card-alert=move || !online.get()>
            <h2>{move || i18n.t().home_offline_title}</h2>
            <p>{move || i18n.t().home_offline_body}</p>
        </section>
        <section class="card">
            <h2>{move || i18n.t().home_server_title}</h2>
            <ServerStatus/>
        </section>
        <p class="more">
            <A href="/tentang">{move || i18n.t().home_details_link}</A>
        </p>
    }
}
