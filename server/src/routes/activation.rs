//! `POST /api/activation`: a person sets their first password with the one-time code an
//! officer or admin handed them, and is signed in.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::response::Response;
use kopdes_domain::account::{ActivationRequest, Me};

use crate::accounts::{self, CodeCheck};
use crate::error::ApiError;
use crate::routes::session::signed_in;
use crate::secrets::hash_password;
use crate::startup::AppState;
use crate::throttle::{self, PER_ADDRESS, PER_PHONE};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(activate))
}

/// Sets a first password with a handed-over activation code and signs in (anyone).
#[utoipa::path(post, path = "/activation", tag = "accounts",
    responses(
        (status = 200, description = "Activated and signed in: the account, and its session.",
            body = Me,
            headers(("set-cookie" = String, description = "The new session: `kopdes_session`, \
                HttpOnly, Secure, SameSite=Strict, Path=/api."))),
        (status = 401, description = "`invalid_credentials`: the phone has no active account, or \
            the code is wrong, used or expired (the answer never says which)."),
        (status = 422, description = "`invalid_input`: `phone` (`phone.format`, \
            `phone.length`), `code` (`code.format`: 8 digits), `password` \
            (`password.too_short`, `password.too_long`)."),
        (status = 429, description = "`too_many_attempts`: too many wrong codes for this phone \
            or from this address; see `Retry-After`."),
    ))]
#[tracing::instrument(name = "activation.activate", skip_all)]
async fn activate(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(request): Json<ActivationRequest>,
) -> Result<Response, ApiError> {
    let (phone, code, password) = request.parse().map_err(ApiError::InvalidInput)?;
    let phone_key = format!("activation:phone:{}", phone.as_str());
    let address_key = format!("activation:addr:{}", peer.ip());
    throttle::check(&state.db, &[&phone_key, &address_key]).await?;

    let account = accounts::find_by_phone(&state.db, &phone)
        .await?
        .filter(|a| !a.disabled);
    let check = match &account {
        Some(account) => accounts::check_activation_code(&state.db, &account.id, &code).await?,
        None => CodeCheck::ExpiredOrAbsent,
    };
    let account = match (account, check) {
        (Some(account), CodeCheck::Valid) => account,
        (_, outcome) => {
            tracing::info!(?outcome, "activation refused");
            throttle::record_failure(&state.db, &phone_key, PER_PHONE).await?;
            throttle::record_failure(&state.db, &address_key, PER_ADDRESS).await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    let secret = password.expose().to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&secret))
        .await
        .map_err(|e| ApiError::Internal(e.into()))??;
    accounts::activate(&state.db, &account.id, &hash).await?;
    throttle::reset(&state.db, &phone_key).await?;
    let account = accounts::find(&state.db, &account.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    signed_in(&state, &account).await
}
