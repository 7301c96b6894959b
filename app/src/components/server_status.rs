use kopdes_domain::api::{ErrorCode, HealthStatus};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::connectivity::use_connectivity;
use crate::i18n::{Texts, use_i18n};

/// Whether the server answers, checked again each time the phone comes back online.
#[component]
pub fn ServerStatus() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_connectivity().online;
    let health = LocalResource::new(move || {
        online.track();
        api::health()
    });
    view! {
        <Suspense fallback=move || view! {
            <p class="status" data-testid="server-status" data-state="checking">
                {move || i18n.t().server_checking}
            </p>
        }>
            {move || Suspend::new(async move {
                let failure = match health.await {
                    Ok(h) if h.status == HealthStatus::Ok => None,
                    Ok(_) => Some(ApiFailure::Server(ErrorCode::Unavailable)),
                    Err(failure) => Some(failure),
                };
                let reachable = failure.is_none();
                view! {
                    <p
                        class="status"
                        class:status-bad=!reachable
                        data-testid="server-status"
                        data-state=if reachable { "ok" } else { "unreachable" }
                    >
                        {move || if reachable { i18n.t().server_ok } else { i18n.t().server_unreachable }}
                    </p>
                    {failure.map(|f| view! { <p class="hint">{move || advice(i18n.t(), &f)}</p> })}
                }
            })}
        </Suspense>
    }
}

/// What the person can do about it: a network problem is theirs to wait out, a server problem
/// is not theirs to fix.
fn advice(t: &'static Texts, failure: &ApiFailure) -> &'static str {
    match failure {
        ApiFailure::Network => t.server_unreachable_hint,
        ApiFailure::Server(code) => t.error(*code),
        ApiFailure::UnexpectedResponse => t.error(ErrorCode::Internal),
    }
}
