//! The JSON API, one router per resource, all under `/api`.

mod activation;
mod announcements;
pub(crate) mod change_requests;
pub(crate) mod cooperatives;
pub(crate) mod courses;
mod dashboard;
pub(crate) mod events;
pub(crate) mod forms;
mod health;
mod me;
pub(crate) mod media;
mod members;
mod officers;
mod photos;
mod regions;
pub(crate) mod savings;
pub(crate) mod session;
mod sync;
mod units;

use axum::Router;

use crate::error::ApiError;
use crate::startup::AppState;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(activation::router())
        .merge(announcements::router())
        .merge(change_requests::router())
        .merge(cooperatives::router())
        .merge(dashboard::router())
        .merge(courses::router())
        .merge(events::router())
        .merge(forms::router())
        .merge(health::router())
        .merge(me::router())
        .merge(media::router())
        .merge(members::router())
        .merge(officers::router())
        .merge(photos::router())
        .merge(session::router())
        .merge(sync::router())
        .merge(units::router())
        .merge(regions::router())
        .merge(savings::router())
        // An unknown API path is an error for a program, never the app's index.html.
        .fallback(|| async { ApiError::NotFound })
}
