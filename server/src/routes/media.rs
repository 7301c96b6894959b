//! Pictures for training and announcements: `PUT /api/media` (admins) re-encodes an upload to a
//! phone-sized JPEG and stores it under the hash of the result; `GET /media/{hash}` serves it
//! to anyone, cached forever, as content meant for the public is.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kopdes_domain::api::FieldError;
use kopdes_domain::course::{MediaRef, is_media_hash};

use crate::caller::Caller;
use crate::error::ApiError;
use crate::media;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Under `/api`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload))
}

/// Outside `/api`: plain files, for `<img>` and the service worker's cache.
pub fn public_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(download))
}

/// Stores a picture as a phone-sized JPEG (dinas and ministry admins).
///
/// 201 with the stored picture's reference; the same picture sent again is stored once.
#[utoipa::path(put, path = "/media", tag = "media",
    request_body(
        content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp")),
        description = "The picture's bytes; re-encoded as a JPEG of at most 960 px a side."),
    responses(
        (status = 201, description = "Stored; served at `/media/{hash}`.", body = MediaRef),
        (status = 403, description = "`forbidden`: not a dinas or ministry admin."),
        (status = 422, description = "`invalid_input`: `picture` (`media.type`: not a JPEG, \
            PNG or WebP picture that can be read; `media.too_large`: more than 24 million \
            pixels or 96 MiB decoded)."),
        (status = 429, description = "`busy`: other pictures are being decoded; see \
            `Retry-After`."),
    ))]
#[tracing::instrument(name = "media.upload", skip_all)]
async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<(StatusCode, Json<MediaRef>), ApiError> {
    if caller.administered_regions().is_empty() {
        return Err(ApiError::Forbidden);
    }
    // Decoding is CPU and memory: off the request threads, a few at a time.
    let shrunk = state
        .pictures
        .run(move || media::shrink(&body))
        .await?
        .map_err(|e| {
            let code = match e {
                media::ShrinkError::Unreadable => "media.type",
                media::ShrinkError::TooLarge => "media.too_large",
            };
            ApiError::InvalidInput(vec![FieldError::new("picture", code)])
        })?;
    let mut conn = state.db.writer.acquire().await?;
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

/// A stored picture, by the hash of its bytes (anyone).
#[utoipa::path(get, path = "/media/{hash}", tag = "media",
    params(("hash" = String, Path, description = "The picture's SHA-256, lowercase hex")),
    responses(
        (status = 200, description = "The picture; it never changes under its hash.",
            content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/svg+xml")),
            headers(("cache-control" = String,
                description = "`public, max-age=31536000, immutable`."))),
        (status = 404, description = "`not_found`: not a hash, or no picture has it."),
    ))]
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
