//! The server's health, asked once at start and again whenever the phone comes back online, and
//! shared by every page that shows it: one request, not one per page, on a metered link.

use kopdes_domain::api::Health;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::connectivity::Connectivity;

/// `None` while the first answer is awaited.
#[derive(Clone, Copy)]
pub struct ServerHealth {
    pub latest: RwSignal<Option<Result<Health, ApiFailure>>>,
}

pub fn provide_server_health(connectivity: Connectivity) -> ServerHealth {
    let health = ServerHealth {
        latest: RwSignal::new(None),
    };
    provide_context(health);
    Effect::new(move |_| {
        if connectivity.online.get() {
            spawn_local(async move { health.latest.set(Some(api::health().await)) });
        } else {
            // The browser knows there is no network; asking would only fail slowly.
            health.latest.set(Some(Err(ApiFailure::Network)));
        }
    });
    health
}

pub fn use_server_health() -> ServerHealth {
    expect_context::<ServerHealth>()
}
