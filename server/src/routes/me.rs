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
use crate::throttle::{self, PER_CLIENT};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(change_password))
        .routes(routes!(account_log))
}

/// What others did with the caller's account: codes issued for it, appointments that named
/// it, password changes (anyone signed in, for their own account).
///
/// A person whose phone was named as an officer, or whose account got a reset code, sees it
/// here on their next sign-in.
#[utoipa::path(get, path = "/me/account-log", tag = "accounts",
    responses(
        (status = 200, description = "Newest first, at most 200.",
            body = Vec<kopdes_domain::member::AccessLogEntry>),
    ))]
async fn account_log(
    State(state): State<AppState>,
    user: CurrentUser,
) -> Result<Json<Vec<kopdes_domain::member::AccessLogEntry>>, ApiError> {
    Ok(Json(accounts::history(&state.db, &user.account.id).await?))
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
    let attempt = throttle::begin(&state.db, &[(key, PER_CLIENT)]).await?;
    let current_hash = user.account.password_hash.clone().unwrap_or_default();
    let current = request.current_password;
    let new = new_password.expose().to_owned();
    let matches = state
        .passwords
        .run(move || verify_password(&current_hash, &current))
        .await?;
    if !matches {
        // The attempt stays counted.
        return Err(ApiError::InvalidInput(vec![FieldError::new(
            "current_password",
            "password.wrong",
        )]));
    }
    attempt.succeeded(&state.db).await?;
    let new_hash = state.passwords.run(move || hash_password(&new)).await??;
    accounts::set_password(&state.db, &user.account.id, &new_hash, &user.account.id).await?;
    sessions::revoke_all_but(&state.db, &user.account.id, Some(&user.session_token_hash)).await?;
    Ok(StatusCode::NO_CONTENT)
}
