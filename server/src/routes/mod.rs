//! The JSON API, one router per resource, all under `/api`.

mod activation;
mod announcements;
mod audit;
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
mod registry;
pub(crate) mod savings;
pub(crate) mod session;
mod staff;
mod sync;
mod units;

use axum::Router;
use axum::extract::Extension;
use axum::http::header;
use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::ApiError;
use crate::openapi::{ApiDoc, Published};
use crate::startup::AppState;

/// The API's routes and its OpenAPI description, made from the same annotations.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api", resources())
        .merge(media::public_router())
        .split_for_parts()
}

fn resources() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(activation::router())
        .merge(audit::router())
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
        .merge(staff::router())
        .merge(sync::router())
        .merge(units::router())
        .merge(regions::router())
        .merge(registry::router())
        .merge(savings::router())
        .routes(routes!(description))
        .routes(routes!(docs))
        // An unknown API path is an error for a program, never the app's index.html.
        .fallback(|| async { ApiError::NotFound })
}

/// This description, as OpenAPI 3.1 JSON.
#[utoipa::path(get, path = "/openapi.json", tag = "system",
    responses((status = 200, description = "The OpenAPI document.", content_type = "application/json", body = Object)))]
async fn description(Extension(published): Extension<Published>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], published.json)
}

/// This description as a page to read.
#[utoipa::path(get, path = "/docs", tag = "system",
    responses((status = 200, description = "An HTML page, no script.", content_type = "text/html", body = String)))]
async fn docs(Extension(published): Extension<Published>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (header::CONTENT_SECURITY_POLICY, published.html_policy),
        ],
        published.html,
    )
}
