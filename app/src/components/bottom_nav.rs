use leptos::prelude::*;
use leptos_router::components::A;

use super::icons::{CooperativeIcon, HomeIcon, InfoIcon};
use crate::i18n::tr;

/// Thumb-reachable navigation for one-handed use on a phone.
#[component]
pub fn BottomNav() -> impl IntoView {
    view! {
        <nav class="bottom-nav" aria-label="Navigasi">
            <A href="/" exact=true attr:data-testid="nav-home">
                <HomeIcon/>
                <span>{tr(|t| t.nav_home)}</span>
            </A>
            <A href="/koperasi" attr:data-testid="nav-cooperatives">
                <CooperativeIcon/>
                <span>{tr(|t| t.nav_cooperatives)}</span>
            </A>
            <A href="/tentang" attr:data-testid="nav-about">
                <InfoIcon/>
                <span>{tr(|t| t.nav_about)}</span>
            </A>
        </nav>
    }
}
