//! `GET /api/regions` and `GET /api/regions/{code}`: the cascade picker's data. Public: region
//! names are public information, and a person registering a cooperative has no account yet.

use std::sync::LazyLock;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kopdes_domain::api::RegionBranch;
use kopdes_domain::region::RegionCode;

use crate::error::ApiError;
use crate::regions;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The tree only changes with a new data set, whose name is the entity tag: a phone that has
/// a branch revalidates it for a few hundred bytes (304).
static ETAG_VALUE: LazyLock<HeaderValue> = LazyLock::new(|| {
    HeaderValue::from_str(&format!("\"{}\"", regions::DATA_SET)).expect("ASCII data set name")
});
const CACHE: &str = "public, max-age=86400";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(provinces))
        .routes(routes!(branch))
}

/// Lists the provinces, the top of the region cascade (anyone).
#[utoipa::path(get, path = "/regions", tag = "regions",
    responses(
        (status = 200, description = "No `region`, no `path`; `children` are the provinces, by \
            name.", body = RegionBranch,
            headers(
                ("etag" = String, description = "The region data set's name, quoted."),
                ("cache-control" = String, description = "`public, max-age=86400`."),
            )),
        (status = 304, description = "Not modified: `If-None-Match` names the current data \
            set. Same `ETag` and `Cache-Control`, no body."),
    ))]
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

/// One region with its enclosing regions and the regions directly in it (anyone).
#[utoipa::path(get, path = "/regions/{code}", tag = "regions",
    params(("code" = String, Path,
        description = "A Kemendagri code: 11, 11.01, 11.01.01 or 11.01.01.2001")),
    responses(
        (status = 200, description = "The region, its `path` (province first) and its \
            `children` by name (none for a village).", body = RegionBranch,
            headers(
                ("etag" = String, description = "The region data set's name, quoted."),
                ("cache-control" = String, description = "`public, max-age=86400`."),
            )),
        (status = 304, description = "Not modified: `If-None-Match` names the current data \
            set. Same `ETag` and `Cache-Control`, no body."),
        (status = 400, description = "`bad_request`: `code` is not a region code; the message \
            shows the forms one takes."),
        (status = 404, description = "`not_found`: no region has this code."),
    ))]
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
