//! Pictures for training and announcements: `PUT /api/media` (admins) re-encodes an upload to a
//! phone-sized JPEG and stores it under the hash of the result; `GET /media/{hash}` serves it
//! to anyone, cached forever, as content meant for the public is.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use kopdes_domain::api::FieldError;
use kopdes_domain::course::{MediaRef, is_media_hash};

use crate::caller::Caller;
use crate::error::ApiError;
use crate::media;
use crate::startup::AppState;

/// Under `/api`.
pub fn router() -> Router<AppState> {
    Router::new().route("/media", put(upload))
}

/// Outside `/api`: plain files, for `<img>` and the service worker's cache.
pub fn public_router() -> Router<AppState> {
    Router::new().route("/media/{hash}", get(download))
}

/// 201 with the stored picture's reference; the same picture sent again is stored once.
#[tracing::instrument(name = "media.upload", skip_all)]
async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<(StatusCode, Json<MediaRef>), ApiError> {
    if caller.administered_regions().is_empty() {
        return Err(ApiError::Forbidden);
    }
    // Decoding is CPU work: off the request threads.
    let shrunk = tokio::task::spawn_blocking(move || media::shrink(&body))
        .await
        .map_err(anyhow::Error::from)?
        .map_err(|_| ApiError::InvalidInput(vec![FieldError::new("picture", "media.type")]))?;
    let mut conn = state.db.pool.acquire().await?;
    let stored = media::insert(
        &mut conn,
        "image/jpeg",
        &shrunk.bytes,
        shrunk.width,
        shrunk.height,
        Some(caller.id()),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(stored)))
}

async fn download(
    State(state): State<AppState>,
    Path(hash): Path<String>,
) -> Result<Response, ApiError> {
    if !is_media_hash(&hash) {
        return Err(ApiError::NotFound);
    }
    let mut conn = state.db.pool.acquire().await?;
    let (content_type, bytes) = media::find(&mut conn, &hash)
        .await?
        .ok_or(ApiError::NotFound)?;
    let content_type = HeaderValue::from_str(&content_type).map_err(|e| anyhow::anyhow!(e))?;
    Ok((
        [
            (CONTENT_TYPE, content_type),
            (
                CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        bytes,
    )
        .into_response())
}
