use kopdes_domain::api::{ErrorCode, HealthStatus};
use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{Texts, use_i18n};
use crate::server_health::use_server_health;

/// Whether the server answers, and what the person can do when it does not.
#[component]
pub fn ServerStatus() -> impl IntoView {
    let i18n = use_i18n();
    let latest = use_server_health().latest;
    // `None`: still asking; `Some(None)`: fine; `Some(Some(f))`: failed with `f`.
    let failure = move || {
        latest.with(|h| {
            h.as_ref().map(|h| match h {
                Ok(h) if h.status == HealthStatus::Ok => None,
                Ok(_) => Some(ApiFailure::code(ErrorCode::Unavailable)),
                Err(f) => Some(f.clone()),
            })
        })
    };
    let state = move || match failure() {
        None => "checking",
        Some(None) => "ok",
        Some(Some(_)) => "unreachable",
    };
    view! {
        <p class="status" class:status-bad=move || state() == "unreachable" data-testid="server-status" data-state=state>
            {move || {
                let t = i18n.t();
                match failure() {
                    None => t.server_checking,
                    Some(None) => t.server_ok,
                    Some(Some(_)) => t.server_unreachable,
                }
            }}
        </p>
        <Show when=move || state() == "unreachable">
            <p class="hint">{move || failure().flatten().map(|f| advice(i18n.t(), &f))}</p>
        </Show>
    }
}

/// What the person can do about it: a network problem is theirs to wait out, a server problem
/// is not theirs to fix.
fn advice(t: &'static Texts, failure: &ApiFailure) -> &'static str {
    match failure {
        ApiFailure::Network => t.server_unreachable_hint,
        ApiFailure::Server { code, .. } => t.error(*code),
        ApiFailure::UnexpectedResponse => t.error(ErrorCode::Internal),
    }
}
