use leptos::prelude::*;

use crate::i18n::tr;
use crate::service_worker::{SwStatus, use_updates};

/// Shown when a new version has been downloaded: it takes over only when the person says so.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let updates = use_updates();
    view! {
        <Show when=move || updates.status.get() == SwStatus::UpdateWaiting>
            <div class="update-banner" role="status" data-testid="update-banner">
                <span>{tr(|t| t.update_available)}</span>
                <button
                    type="button"
                    class="button button-light"
                    data-testid="update-reload"
                    on:click=move |_| updates.apply()
                >
                    {tr(|t| t.update_reload)}
                </button>
            </div>
        </Show>
    }
}

/// The server no longer knows this device's session: ask the person to sign in again, and
/// say that nothing on the phone is lost.
#[component]
pub fn SessionExpiredBanner() -> impl IntoView {
    let session = crate::session::use_session();
    view! {
        <Show when=move || session.expired.get()>
            <div class="update-banner" role="status" data-testid="session-expired">
                <span>{crate::i18n::tr(|t| t.session_expired)}</span>
                <leptos_router::components::A href="/masuk" attr:class="button button-light">
                    {crate::i18n::tr(|t| t.nav_sign_in)}
                </leptos_router::components::A>
            </div>
        </Show>
    }
}
