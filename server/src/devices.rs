//! Devices an account has signed in from, known by a long-lived random cookie.
//!
//! A guesser elsewhere can lock a phone number against clients it never signed in from, but
//! never against the owner's own phone: that phone's cookie is known for the account, so its
//! attempts count only against itself (see `routes::session`). The cookie holds a random token;
//! the database keeps its SHA-256 and the accounts it signed in. It says nothing about the
//! person, so it stays on a shared phone after sign-out.

use axum::http::header::COOKIE as COOKIE_HEADER;
use axum::http::{HeaderMap, HeaderValue};

use crate::clock::now_millis;
use crate::db::Db;
use crate::secrets::{random_token, sha256_hex};

pub const COOKIE: &str = "kopdes_device";

/// Chrome's longest cookie lifetime: 400 days.
const MAX_AGE_SECS: u64 = 400 * 24 * 3600;

/// The device token a request carries, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE_HEADER)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| crate::sessions::cookie_value(header, COOKIE))
        .filter(|token| token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned)
}

/// Whether the account signed in from this device before.
#[tracing::instrument(name = "devices.is_known", skip_all)]
pub async fn is_known(db: &Db, token: &str, user_id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM known_devices WHERE token_hash = $1 AND user_id = $2")
            .bind(sha256_hex(token))
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// Remembers that the account signed in from this device; a device without a token gets one,
/// returned as the `Set-Cookie` to send.
#[tracing::instrument(name = "devices.remember", skip_all)]
pub async fn remember(
    db: &Db,
    token: Option<&str>,
    user_id: &str,
) -> Result<Option<HeaderValue>, sqlx::Error> {
    let (token, cookie) = match token {
        Some(token) => (token.to_owned(), None),
        None => {
            let token = random_token();
            let cookie = HeaderValue::from_str(&format!(
                "{COOKIE}={token}; Path=/api; HttpOnly; Secure; SameSite=Strict; \
                 Max-Age={MAX_AGE_SECS}"
            ))
            .expect("hex token and fixed attributes are valid header text");
            (token, Some(cookie))
        }
    };
    let now = now_millis();
    sqlx::query(
        "INSERT INTO known_devices (token_hash, user_id, first_seen_at, last_seen_at) \
         VALUES ($1, $2, $3, $3) \
         ON CONFLICT (token_hash, user_id) DO UPDATE SET last_seen_at = excluded.last_seen_at",
    )
    .bind(sha256_hex(&token))
    .bind(user_id)
    .bind(now)
    .execute(&db.writer)
    .await?;
    Ok(cookie)
}
