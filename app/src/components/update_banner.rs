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
