//! Signing in and out: `POST /api/session`, `DELETE /api/session`.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{AppendHeaders, IntoResponse, Response};
use kopdes_domain::account::{LoginRequest, Me};
use kopdes_domain::phone::Phone;

use crate::accounts::{self, Account};
use crate::auth::CurrentUser;
use crate::client_address::ClientAddress;
use crate::devices;
use crate::error::ApiError;
use crate::secrets::{DUMMY_HASH, sha256_hex, verify_password};
use crate::sessions;
use crate::startup::AppState;
use crate::throttle::{
    self, Limit, PER_ADDRESS, PER_CLIENT, PER_PHONE_FROM_UNKNOWN_CLIENTS, SIGN_INS_PER_HOUR,
};
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
                HttpOnly, Secure, SameSite=Strict, Path=/api; and, on a device without one, \
                `kopdes_device` (a random token, 400 days) by which the account knows this \
                device: guesses elsewhere never lock it out."))),
        (status = 401, description = "`invalid_credentials`: wrong phone or password, or no \
            active account (the answer never says which)."),
        (status = 422, description = "`invalid_input`: `phone` (`phone.format`, \
            `phone.length`), `password` (`required`)."),
        (status = 429, description = "`too_many_attempts`: too many failures for this phone \
            from this client, from this address, or for this phone from clients it never \
            signed in from; see `Retry-After`. `busy`: too many sign-ins at once; see \
            `Retry-After`."),
    ))]
#[tracing::instrument(name = "session.sign_in", skip_all)]
async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    Json(request): Json<LoginRequest>,
) -> Result<Response, ApiError> {
    let phone = request.parse().map_err(ApiError::InvalidInput)?;
    let device = devices::token(&headers);
    let account = accounts::find_by_phone(&state.db, &phone)
        .await?
        .filter(|a| !a.disabled);
    let keys = guess_keys(
        &state,
        "login",
        &phone,
        account.as_ref(),
        device.as_deref(),
        client,
    )
    .await?;
    let attempt = throttle::begin(&state.db, &keys).await?;

    let hash = account
        .as_ref()
        .and_then(|a| a.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let password = request.password;
    let matches = state
        .passwords
        .run(move || verify_password(&hash, &password))
        .await?;
    let account = match account {
        Some(account) if matches && account.password_hash.is_some() => account,
        // The attempt stays counted.
        _ => {
            metrics::counter!("kopdes_sign_in_failures_total", "kind" => "password").increment(1);
            return Err(ApiError::InvalidCredentials);
        }
    };
    attempt.succeeded(&state.db).await?;
    signed_in(&state, &account, device.as_deref()).await
}

/// The throttling keys for a guess at `phone`'s password or code (`what`: `login` or
/// `activation`). From a device the account signed in from before, the guess counts only
/// against that device; from anywhere else, against the phone and client address, the
/// address, and the phone across unknown clients. A guesser elsewhere thus never locks the
/// owner's own phone, and a village sharing one address is not locked by one person.
pub async fn guess_keys(
    state: &AppState,
    what: &str,
    phone: &Phone,
    account: Option<&Account>,
    device: Option<&str>,
    client: std::net::IpAddr,
) -> Result<Vec<(String, Limit)>, ApiError> {
    let phone = phone.as_str();
    if let (Some(token), Some(account)) = (device, account)
        && devices::is_known(&state.db, token, &account.id).await?
    {
        let device = sha256_hex(token);
        return Ok(vec![
            (format!("{what}:device:{phone}:{device}"), PER_CLIENT),
            (
                format!("{what}:device-uses:{phone}:{device}"),
                SIGN_INS_PER_HOUR,
            ),
        ]);
    }
    Ok(vec![
        (format!("{what}:client:{phone}:{client}"), PER_CLIENT),
        (format!("{what}:addr:{client}"), PER_ADDRESS),
        (
            format!("{what}:phone:{phone}"),
            PER_PHONE_FROM_UNKNOWN_CLIENTS,
        ),
        (format!("{what}:uses:{phone}:{client}"), SIGN_INS_PER_HOUR),
    ])
}

/// Starts a session for `account` and answers with it: shared by sign-in and activation. The
/// device is remembered for the account (and given its cookie if it has none).
pub async fn signed_in(
    state: &AppState,
    account: &accounts::Account,
    device: Option<&str>,
) -> Result<Response, ApiError> {
    let token = sessions::create(&state.db, &account.id, state.sessions).await?;
    let device_cookie = devices::remember(&state.db, device, &account.id).await?;
    let me = accounts::me(&state.db, account).await?;
    let mut cookies = vec![(SET_COOKIE, sessions::cookie(&token, state.sessions))];
    cookies.extend(device_cookie.map(|cookie| (SET_COOKIE, cookie)));
    Ok((AppendHeaders(cookies), Json(me)).into_response())
}

/// Signs out: ends this session, if any, and clears the cookie (anyone).
///
/// Answers 204 whether or not there was a session.
#[utoipa::path(delete, path = "/session", tag = "accounts",
    responses(
        (status = 204, description = "Signed out, or was not signed in.",
            headers(("set-cookie" = String, description = "Clears `kopdes_session`."),
                ("clear-site-data" = String, description = "`\"cache\"`: the browser drops \
                    its HTTP cache for the site."))),
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
        [
            (SET_COOKIE, sessions::clearing_cookie()),
            (
                axum::http::HeaderName::from_static("clear-site-data"),
                axum::http::HeaderValue::from_static(sessions::CLEAR_SITE_DATA),
            ),
        ],
    )
        .into_response())
}
