//! Signing in and out: `POST /api/session`, `DELETE /api/session`.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use kopdes_domain::account::{LoginRequest, Me};

use crate::accounts;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::secrets::{DUMMY_HASH, verify_password};
use crate::sessions;
use crate::startup::AppState;
use crate::throttle::{self, PER_ADDRESS, PER_PHONE};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sign_in, sign_out))
}

/// Signs in with phone and password (anyone with an activated account).
///
/// 200 with the account and a session cookie; 401 for any wrong phone or password (the
/// answer never says which, nor whether the number has an account); 429 while throttled.
#[utoipa::path(post, path = "/session", tag = "accounts",
    responses(
        (status = 200, description = "Signed in: the account, and its session.", body = Me,
            headers(("set-cookie" = String, description = "The new session: `kopdes_session`, \
                HttpOnly, Secure, SameSite=Strict, Path=/api."))),
        (status = 401, description = "`invalid_credentials`: wrong phone or password, or no \
            active account (the answer never says which)."),
        (status = 422, description = "`invalid_input`: `phone` (`phone.format`, \
            `phone.length`), `password` (`required`)."),
        (status = 429, description = "`too_many_attempts`: too many failures for this phone or \
            from this address; see `Retry-After`."),
    ))]
#[tracing::instrument(name = "session.sign_in", skip_all)]
async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(request): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let phone = request.parse().map_err(ApiError::InvalidInput)?;
    let phone_key = format!("login:phone:{}", phone.as_str());
    let address_key = format!("login:addr:{}", peer.ip());
    throttle::check(&state.db, &[&phone_key, &address_key]).await?;

    let account = accounts::find_by_phone(&state.db, &phone)
        .await?
        .filter(|a| !a.disabled);
    let hash = account
        .as_ref()
        .and_then(|a| a.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || verify_password(&hash, &password))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let account = match account {
        Some(account) if matches && account.password_hash.is_some() => account,
        _ => {
            throttle::record_failure(&state.db, &phone_key, PER_PHONE).await?;
            throttle::record_failure(&state.db, &address_key, PER_ADDRESS).await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    throttle::reset(&state.db, &phone_key).await?;
    signed_in(&state, &account).await
}

/// Starts a session for `account` and answers with it: shared by sign-in and activation.
pub async fn signed_in(
    state: &AppState,
    account: &accounts::Account,
) -> Result<Response, ApiError> {
    let token = sessions::create(&state.db, &account.id, state.sessions).await?;
    let me = accounts::me(&state.db, account).await?;
    Ok((
        [(SET_COOKIE, sessions::cookie(&token, state.sessions))],
        Json(me),
    )
        .into_response())
}

/// Signs out: ends this session, if any, and clears the cookie (anyone).
///
/// Answers 204 whether or not there was a session.
#[utoipa::path(delete, path = "/session", tag = "accounts",
    responses(
        (status = 204, description = "Signed out, or was not signed in.",
            headers(("set-cookie" = String, description = "Clears `kopdes_session`."))),
    ))]
#[tracing::instrument(name = "session.sign_out", skip_all)]
async fn sign_out(
    State(state): State<AppState>,
    user: Result<CurrentUser, ApiError>,
) -> Result<Response, ApiError> {
    if let Ok(user) = user {
        sessions::revoke(&state.db, &user.session_token_hash).await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(SET_COOKIE, sessions::clearing_cookie())],
    )
        .into_response())
}
