//! Server-side sessions behind an HttpOnly, SameSite=Strict cookie.
//!
//! The cookie carries a random token; the database stores its SHA-256, so a leaked database
//! backup lets nobody in. Sessions end after `idle` without use or `absolute` after sign-in,
//! whichever comes first; village users may be offline for weeks, so both are generous.

use std::time::Duration;

use axum::http::HeaderValue;
use sqlx::Row;

use crate::clock::{millis, now_millis};
use crate::db::Db;
use crate::secrets::{random_token, sha256_hex};

pub const COOKIE: &str = "kopdes_session";

/// Writing `last_seen_at` on every request would turn every read into a write; once a minute
/// is precise enough for an idle timeout counted in days.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub idle: Duration,
    pub absolute: Duration,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub user_id: String,
}

/// Live sessions one account may hold: a person's phones, a shared family phone, a laptop at
/// the dinas office. A new sign-in past this ends the oldest, so no account (and no one who
/// knows a password) can pile up sessions without end.
pub const MAX_LIVE_PER_ACCOUNT: i64 = 10;

/// Starts a session and returns the token for the cookie; ends the account's oldest sessions
/// beyond [`MAX_LIVE_PER_ACCOUNT`].
#[tracing::instrument(name = "sessions.create", skip_all)]
pub async fn create(db: &Db, user_id: &str, lifetimes: Lifetimes) -> Result<String, sqlx::Error> {
    let token = random_token();
    let now = now_millis();
    let mut tx = db.writer.begin().await?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $3, $4)",
    )
    .bind(sha256_hex(&token))
    .bind(user_id)
    .bind(now)
    .bind(now + millis(lifetimes.absolute))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE sessions SET revoked_at = $2 \
         WHERE user_id = $1 AND revoked_at IS NULL AND token_hash NOT IN ( \
           SELECT token_hash FROM sessions WHERE user_id = $1 AND revoked_at IS NULL \
           ORDER BY created_at DESC, token_hash LIMIT $3)",
    )
    .bind(user_id)
    .bind(now)
    .bind(MAX_LIVE_PER_ACCOUNT)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The live session for a cookie token, if any; refreshes its idle clock.
#[tracing::instrument(name = "sessions.lookup", skip_all)]
pub async fn lookup(
    db: &Db,
    token: &str,
    lifetimes: Lifetimes,
) -> Result<Option<Session>, sqlx::Error> {
    let token_hash = sha256_hex(token);
    let now = now_millis();
    let row = sqlx::query(
        "SELECT s.user_id, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 \
           AND s.last_seen_at > $3 AND u.disabled_at IS NULL",
    )
    .bind(&token_hash)
    .bind(now)
    .bind(now - millis(lifetimes.idle))
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let last_seen: i64 = row.try_get("last_seen_at")?;
    if now - last_seen > millis(TOUCH_EVERY) {
        let touched = sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1")
            .bind(&token_hash)
            .bind(now)
            .execute(&db.writer)
            .await;
        if let Err(e) = touched {
            // The idle clock is refreshed on a later request; a read is not turned away for it.
            if crate::db::failure_of(&e) != crate::db::Failure::Contended {
                return Err(e);
            }
            tracing::warn!(error = %e, "session not touched: the database is busy");
        }
    }
    Ok(Some(Session {
        token_hash,
        user_id: row.try_get("user_id")?,
    }))
}

pub async fn revoke(db: &Db, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL")
        .bind(token_hash)
        .bind(now_millis())
        .execute(&db.writer)
        .await?;
    Ok(())
}

/// Ends every session of the user but `keep` (the one changing the password).
pub async fn revoke_all_but(db: &Db, user_id: &str, keep: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sessions SET revoked_at = $3 \
         WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> $2",
    )
    .bind(user_id)
    .bind(keep.unwrap_or(""))
    .bind(now_millis())
    .execute(&db.writer)
    .await?;
    Ok(())
}

/// `Set-Cookie` for a new session. `Secure` always: browsers accept it on
/// http://localhost and 127.0.0.1, and production runs behind TLS.
pub fn cookie(token: &str, lifetimes: Lifetimes) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/api; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        lifetimes.absolute.as_secs()
    ))
    .expect("hex token and fixed attributes are valid header text")
}

/// Sent with a sign-out: the browser drops its HTTP cache for this site, where answers fetched
/// before `no-store` (or pictures kept `private`) could outlive the session. Not "storage":
/// the phone's outbox keeps what this person has not sent yet, and other accounts' data.
pub const CLEAR_SITE_DATA: &str = "\"cache\"";

pub fn clearing_cookie() -> HeaderValue {
    HeaderValue::from_static(
        "kopdes_session=; Path=/api; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
    )
}

/// The session token from a `Cookie` header, if present.
pub fn token_from_cookies(header: &str) -> Option<&str> {
    cookie_value(header, COOKIE)
}

/// The value of the cookie `wanted` in a `Cookie` header, if present and not empty.
pub fn cookie_value<'a>(header: &'a str, wanted: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (name, value) = pair.trim().split_once('=')?;
        (name == wanted && !value.is_empty()).then_some(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        assert_eq!(
            token_from_cookies("a=1; kopdes_session=abc; b=2"),
            Some("abc")
        );
        assert_eq!(token_from_cookies("kopdes_session="), None);
        assert_eq!(token_from_cookies("other=1"), None);
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_scoped_to_the_api() {
        let lifetimes = Lifetimes {
            idle: Duration::from_secs(60),
            absolute: Duration::from_secs(3600),
        };
        let value = cookie("abc", lifetimes);
        let text = value.to_str().unwrap();
        for attribute in [
            "HttpOnly",
            "Secure",
            "SameSite=Strict",
            "Path=/api",
            "Max-Age=3600",
        ] {
            assert!(text.contains(attribute), "{text} lacks {attribute}");
        }
    }
}
