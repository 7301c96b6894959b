//! Inline SVG icons: no icon font or image to download, and they take the text colour.

use leptos::prelude::*;

#[component]
fn Icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=path/>
        </svg>
    }
}

#[component]
pub fn HomeIcon() -> impl IntoView {
    view! { <Icon path="M3 11 12 3l9 8v10h-6v-6H9v6H3z"/> }
}

#[component]
pub fn BellIcon() -> impl IntoView {
    view! { <Icon path="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6v-5c0-3.1-1.6-5.6-4.5-6.3V4a1.5 1.5 0 0 0-3 0v.7C7.6 5.4 6 7.9 6 11v5l-2 2v1h16v-1z"/> }
}

#[component]
pub fn InfoIcon() -> impl IntoView {
    view! { <Icon path="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm1 15h-2v-6h2zm0-8h-2V7h2z"/> }
}

#[component]
pub fn BookIcon() -> impl IntoView {
    view! { <Icon path="M4 4.5A2.5 2.5 0 0 1 6.5 2H20v16H6.5a1.5 1.5 0 0 0 0 3H20v1H6.5A3.5 3.5 0 0 1 3 18.5v-14zM8 6v2h8V6z"/> }
}

#[component]
pub fn CloudIcon() -> impl IntoView {
    view! { <Icon path="M19 18H7a5 5 0 0 1-.6-10A6 6 0 0 1 18 9a4.5 4.5 0 0 1 1 9z"/> }
}

#[component]
pub fn CloudOffIcon() -> impl IntoView {
    view! { <Icon path="M3.3 2 2 3.3l3 3A5 5 0 0 0 7 18h11.7l2 2 1.3-1.3zM19.4 9.1A6 6 0 0 0 9.1 6.1L20.6 17.6A4.5 4.5 0 0 0 19.4 9z"/> }
}

#[component]
pub fn DownloadIcon() -> impl IntoView {
    view! { <Icon path="M11 3h2v9l3.5-3.5 1.4 1.4L12 15.8 6.1 9.9l1.4-1.4L11 12zM4 18h16v2H4z"/> }
}

#[component]
pub fn CooperativeIcon() -> impl IntoView {
    view! { <Icon path="M12 3 2 8v2h20V8zM4 11v7H3v3h18v-3h-1v-7h-3v7h-3v-7h-4v7H7v-7z"/> }
}
