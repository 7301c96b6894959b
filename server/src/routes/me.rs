//! The signed-in person's own account: `GET /api/me`, `POST /api/me/password`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use kopdes_domain::account::{Me, PasswordChange};
use kopdes_domain::api::FieldError;

use crate::accounts;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::secrets::{hash_password, verify_password};
use crate::sessions;
use crate::startup::AppState;
use crate::throttle::{self, PER_PHONE};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/me/password", post(change_password))
}

async fn me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>, ApiError> {
    Ok(Json(accounts::me(&state.db, &user.account).await?))
}

/// Changes the password and signs out every other device; this one stays signed in.
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
