//! The signed-in person's own account: `GET /api/me`, `POST /api/me/password`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kopdes_domain::account::{Me, PasswordChange};
use kopdes_domain::api::FieldError;

use crate::accounts;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::secrets::{hash_password, verify_password};
use crate::sessions;
use crate::startup::AppState;
use crate::throttle::{self, PER_PHONE};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(change_password))
}

/// Returns the signed-in person's own account and roles (anyone signed in).
#[utoipa::path(get, path = "/me", tag = "accounts",
    responses(
        (status = 200, description = "The account, with every role and its scope.", body = Me),
    ))]
async fn me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>, ApiError> {
    Ok(Json(accounts::me(&state.db, &user.account).await?))
}

/// Changes one's own password, given the current one (anyone signed in).
///
/// Signs out every other device; this one stays signed in.
#[utoipa::path(post, path = "/me/password", tag = "accounts",
    responses(
        (status = 204, description = "Changed; every other session of the account has ended."),
        (status = 422, description = "`invalid_input`: `current_password` (`password.wrong`), \
            `new_password` (`password.too_short`, `password.too_long`)."),
        (status = 429, description = "`too_many_attempts`: too many wrong current passwords \
            for this account; see `Retry-After`."),
    ))]
#[tracing::instrument(name = "me.change_password", skip_all)]
async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    Json(request): Json<PasswordChange>,
) -> Result<StatusCode, ApiError> {
    let new_password = request.parse().map_err(ApiError::InvalidInput)?;
    // A stolen session must not become a stolen account by guessing the current password.
    let key = format!("password:user:{}", user.account.id);
    throttle::check(&state.db, &[&key]).await?;
    let current_hash = user.account.password_hash.clone().unwrap_or_default();
    let current = request.current_password;
    let new = new_password.expose().to_owned();
    let (matches, new_hash) = tokio::task::spawn_blocking(move || {
        (
            verify_password(&current_hash, &current),
            hash_password(&new),
        )
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    if !matches {
        throttle::record_failure(&state.db, &key, PER_PHONE).await?;
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "current_password",
            "password.wrong",
        )]));
    }
    accounts::set_password(&state.db, &user.account.id, &new_hash?).await?;
    sessions::revoke_all_but(&state.db, &user.account.id, Some(&user.session_token_hash)).await?;
    Ok(StatusCode::NO_CONTENT)
}
