use leptos::prelude::*;

use super::icons::{CloudIcon, CloudOffIcon};
use super::language_switch::LanguageSwitch;
use crate::connectivity::use_connectivity;
use crate::i18n::{tr, use_i18n};

/// The top bar: the app's name, whether the phone is online (always visible), and the language.
#[component]
pub fn AppBar() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_connectivity().online;
    view! {
        <header class="app-bar">
            <div class="brand">
                <span class="brand-name" data-testid="app-title">{tr(|t| t.app_name)}</span>
                <span class="brand-tagline">{tr(|t| t.tagline)}</span>
            </div>
            <span
                class="connectivity"
                class:offline=move || !online.get()
                data-testid="connectivity"
                data-online=move || online.get().to_string()
                role="status"
            >
                {move || if online.get() {
                    view! { <CloudIcon/> }.into_any()
                } else {
                    view! { <CloudOffIcon/> }.into_any()
                }}
                <span>{move || if online.get() { i18n.t().online } else { i18n.t().offline }}</span>
            </span>
            <LanguageSwitch/>
        </header>
    }
}
