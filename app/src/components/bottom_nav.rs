use leptos::prelude::*;
use leptos_router::components::A;

use super::icons::{BellIcon, BookIcon, CooperativeIcon, HomeIcon, InfoIcon};
use crate::i18n::tr;
use crate::unread::use_unread;

/// Thumb-reachable navigation for one-handed use on a phone.
#[component]
pub fn BottomNav() -> impl IntoView {
    let unread = use_unread();
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
            <A href="/belajar" attr:data-testid="nav-learning">
                <BookIcon/>
                <span>{tr(|t| t.nav_learning)}</span>
            </A>
            <A href="/saya/pengumuman" attr:data-testid="nav-announcements">
                <BellIcon/>
                <span>{tr(|t| t.nav_announcements)}</span>
                {move || (unread.get() > 0).then(|| view! {
                    <span class="nav-badge" data-testid="unread-count">{unread.get()}</span>
                })}
            </A>
            <A href="/tentang" attr:data-testid="nav-about">
                <InfoIcon/>
                <span>{tr(|t| t.nav_about)}</span>
            </A>
        </nav>
    }
}
