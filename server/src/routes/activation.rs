//! `POST /api/activation`: a person sets their first password with the one-time code an
//! officer or admin handed them, and is signed in.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use kopdes_domain::account::{ActivationRequest, Me};

use crate::accounts::{self, CodeCheck};
use crate::client_address::ClientAddress;
use crate::devices;
use crate::error::ApiError;
use crate::routes::session::{guess_keys, signed_in};
use crate::secrets::hash_password;
use crate::startup::AppState;
use crate::throttle;
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
                HttpOnly, Secure, SameSite=Strict, Path=/api; and, on a device without one, \
                `kopdes_device` (a random token, 400 days) by which the account knows this \
                device: guesses elsewhere never lock it out."))),
        (status = 401, description = "`invalid_credentials`: the phone has no active account, or \
            the code is wrong, used or expired (the answer never says which)."),
        (status = 422, description = "`invalid_input`: `phone` (`phone.format`, \
            `phone.length`), `code` (`code.format`: 8 digits), `password` \
            (`password.too_short`, `password.too_long`)."),
        (status = 429, description = "`too_many_attempts`: too many wrong codes for this phone \
            from this client, from this address, or for this phone from clients it never \
            signed in from; see `Retry-After`. `busy`: too many password hashes at once; see \
            `Retry-After`."),
    ))]
#[tracing::instrument(name = "activation.activate", skip_all)]
async fn activate(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Json(request): Json<ActivationRequest>,
) -> Result<Response, ApiError> {
    let (phone, code, password) = request.parse().map_err(ApiError::InvalidInput)?;
    let device = devices::token(&headers);
    let account = accounts::find_by_phone(&state.db, &phone)
        .await?
        .filter(|a| !a.disabled);
    let keys = guess_keys(
        &state,
        "activation",
        &phone,
        account.as_ref(),
        device.as_deref(),
        client,
    )
    .await?;
    let attempt = throttle::begin(&state.db, &keys).await?;
    let check = match &account {
        Some(account) => accounts::check_activation_code(&state.db, &account.id, &code).await?,
        None => CodeCheck::ExpiredOrAbsent,
    };
    let account = match (account, check) {
        (Some(account), CodeCheck::Valid) => account,
        // The attempt stays counted.
        (_, outcome) => {
            tracing::info!(?outcome, "activation refused");
            return Err(ApiError::InvalidCredentials);
        }
    };
    let secret = password.expose().to_owned();
    let hash = state
        .passwords
        .run(move || hash_password(&secret))
        .await??;
    accounts::activate(&state.db, &account.id, &hash).await?;
    attempt.succeeded(&state.db).await?;
    let account = accounts::find(&state.db, &account.id)
        .await?
        .ok_or(ApiError::NotFound)?;
    signed_in(&state, &account, device.as_deref()).await
}
