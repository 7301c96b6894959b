//! Photos for form answers (docs/FORMS.md, "Photos"): `PUT /api/photos/{sha256}` stores the
//! bytes under their own SHA-256, for one cooperative, idempotently; `GET` returns them to
//! whoever may read that cooperative's answers. The sync engine uploads a photo before the
//! answer that refers to it, and the server refuses an answer whose photo it does not hold.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use kopdes_domain::account::Role;
use kopdes_domain::api::FieldError;
use kopdes_domain::photo::{self, MAX_BYTES};
use serde::Deserialize;
use serde_json::json;

use crate::caller::Caller;
use crate::cooperatives;
use crate::error::ApiError;
use crate::photos;
use crate::routes::cooperatives::visible;
use crate::secrets::sha256_hex_of;
use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(upload, download))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct For {
    /// The cooperative whose form answer the photo belongs to.
    cooperative: String,
}

fn invalid(field: &str, code: &str) -> ApiError {
    ApiError::InvalidInput(vec![FieldError::new(field, code)])
}

/// Stores a photo for a cooperative's form answers, under its SHA-256 (its pengurus).
///
/// The bytes must be an image whose SHA-256 is the name; the caller a pengurus of the
/// cooperative it is for (the people who answer its forms). 201 when new, 200 when the photo
/// was there already.
#[utoipa::path(put, path = "/photos/{sha256}", tag = "media",
    params(("sha256" = String, Path, description = "The SHA-256 of the bytes, lowercase hex"),
        For),
    request_body(
        content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp")),
        description = "The photo's bytes, at most 256 KiB (larger: 413 `payload_too_large`)."),
    responses(
        (status = 201, description = "Stored: `{sha256, content_type, size}`.", body = Object),
        (status = 200, description = "Already stored (now also for this cooperative): \
            `{sha256, content_type, size}`.", body = Object),
        (status = 403, description = "`forbidden`: not a pengurus of this cooperative."),
        (status = 404, description = "`not_found`: no such cooperative, or not the caller's to \
            see."),
        (status = 422, description = "`invalid_input`: `sha256` (`photo.format`: not 64 hex \
            digits), `photo` (`photo.type`: not a JPEG, PNG or WebP; `photo.digest`: the bytes' \
            SHA-256 is not the name)."),
    ))]
#[tracing::instrument(name = "photos.upload", skip_all)]
async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha256): Path<String>,
    Query(target): Query<For>,
    body: Bytes,
) -> Result<Response, ApiError> {
    if !photo::is_sha256_hex(&sha256) {
        return Err(invalid("sha256", "photo.format"));
    }
    let cooperative = visible(&state, &caller, &target.cooperative).await?;
    if !caller.has_role_in(&cooperative.id, Role::Pengurus) {
        return Err(ApiError::Forbidden);
    }
    if body.len() > MAX_BYTES {
        return Ok(StatusCode::PAYLOAD_TOO_LARGE.into_response());
    }
    let content_type = photo::content_type(&body).ok_or_else(|| invalid("photo", "photo.type"))?;
    if sha256_hex_of(&body) != sha256 {
        return Err(invalid("photo", "photo.digest"));
    }
    let mut tx = state.db.writer.begin().await?;
    let new = photos::insert(&mut tx, &sha256, content_type, &body).await?;
    photos::add_owner(&mut tx, &sha256, &cooperative.id, caller.id()).await?;
    tx.commit().await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let answer = json!({ "sha256": sha256, "content_type": content_type, "size": body.len() });
    Ok((status, Json(answer)).into_response())
}

/// Returns a form answer's photo (officers of a cooperative it is for, admins over one).
///
/// The photo, for a pengurus or pengawas of a cooperative it was uploaded for, or an admin over
/// one; 404 to everyone else, who may not even learn that it exists. Its bytes never change
/// under its name, so the phone may keep it as long as it likes (for this person only).
#[utoipa::path(get, path = "/photos/{sha256}", tag = "media",
    params(("sha256" = String, Path, description = "The SHA-256 of the bytes, lowercase hex")),
    responses(
        (status = 200, description = "The photo, as uploaded.",
            content((Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp")),
            headers(("cache-control" = String,
                description = "`private, max-age=31536000, immutable`."))),
        (status = 404, description = "`not_found`: not a hash, no such photo, or not the \
            caller's to see."),
    ))]
async fn download(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    if !photo::is_sha256_hex(&sha256) {
        return Err(ApiError::NotFound);
    }
    let mut conn = state.db.pool.acquire().await?;
    let mut allowed = false;
    for owner in photos::owners(&mut conn, &sha256).await? {
        let reads = caller.has_role_in(&owner, Role::Pengurus)
            || caller.has_role_in(&owner, Role::Pengawas);
        let administers = match cooperatives::find(&state.db, &owner).await? {
            Some(cooperative) => caller.administers(&cooperative.village),
            None => false,
        };
        if reads || administers {
            allowed = true;
            break;
        }
    }
    if !allowed {
        return Err(ApiError::NotFound);
    }
    let photo = photos::find(&mut conn, &sha256)
        .await?
        .ok_or(ApiError::NotFound)?;
    let content_type =
        HeaderValue::from_str(&photo.content_type).map_err(|e| anyhow::anyhow!(e))?;
    Ok((
        [
            (CONTENT_TYPE, content_type),
            (
                CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
        ],
        photo.bytes,
    )
        .into_response())
}
