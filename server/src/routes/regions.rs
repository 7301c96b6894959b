//! `GET /api/regions` and `GET /api/regions/{code}`: the cascade picker's data. Public: region
//! names are public information, and a person registering a cooperative has no account yet.

use std::sync::LazyLock;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use kopdes_domain::api::RegionBranch;
use kopdes_domain::region::RegionCode;

use crate::error::ApiError;
use crate::regions;
use crate::startup::AppState;

/// The tree only changes with a new data set, whose name is the entity tag: a phone that has
/// a branch revalidates it for a few hundred bytes (304).
static ETAG_VALUE: LazyLock<HeaderValue> = LazyLock::new(|| {
    HeaderValue::from_str(&format!("\"{}\"", regions::DATA_SET)).expect("ASCII data set name")
});
const CACHE: &str = "public, max-age=86400";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/regions", get(provinces))
        .route("/regions/{code}", get(branch))
}

async fn provinces(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(not_modified) = not_modified(&headers) {
        return Ok(not_modified);
    }
    let body = RegionBranch {
        region: None,
        path: Vec::new(),
        children: regions::children(&state.db, None).await?,
    };
    Ok(cached(body))
}

async fn branch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let code = RegionCode::parse(&code).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if let Some(not_modified) = not_modified(&headers) {
        return Ok(not_modified);
    }
    let region = regions::find(&state.db, &code)
        .await?
        .ok_or(ApiError::NotFound)?;
    let body = RegionBranch {
        path: regions::path(&state.db, &code).await?,
        children: regions::children(&state.db, Some(&code)).await?,
        region: Some(region),
    };
    Ok(cached(body))
}

fn not_modified(headers: &HeaderMap) -> Option<Response> {
    let tag = headers.get(IF_NONE_MATCH)?.to_str().ok()?;
    tag.split(',')
        .any(|t| t.trim().as_bytes() == ETAG_VALUE.as_bytes())
        .then(|| (StatusCode::NOT_MODIFIED, cache_headers()).into_response())
}

fn cached(body: RegionBranch) -> Response {
    (cache_headers(), Json(body)).into_response()
}

fn cache_headers() -> [(axum::http::HeaderName, HeaderValue); 2] {
    [
        (ETAG, ETAG_VALUE.clone()),
        (CACHE_CONTROL, HeaderValue::from_static(CACHE)),
    ]
}
