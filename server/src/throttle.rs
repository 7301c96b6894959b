//! Failed-attempt throttling, kept in the database so every server process sees the same counts.

use std::time::Duration;

use sqlx::Row;

use crate::clock::{millis, now_millis};
use crate::db::Db;
use crate::error::ApiError;

/// How many failures a key may have within `window` before it is locked for `lock`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub failures: i64,
    pub window: Duration,
    pub lock: Duration,
}

/// Per phone number: a person mistyping a few times is fine, guessing is not.
pub const PER_PHONE: Limit = Limit {
    failures: 5,
    window: Duration::from_secs(15 * 60),
    lock: Duration::from_secs(15 * 60),
};

/// Per client address: higher, since a village's shared internet point puts many people
/// behind one address.
pub const PER_ADDRESS: Limit = Limit {
    failures: 50,
    window: Duration::from_secs(15 * 60),
    lock: Duration::from_secs(15 * 60),
};

/// Refuses with 429 and the seconds to wait when any key is locked.
#[tracing::instrument(name = "throttle.check", skip_all)]
pub async fn check(db: &Db, keys: &[&str]) -> Result<(), ApiError> {
    let now = now_millis();
    let mut wait = 0i64;
    for key in keys {
        let locked: Option<Option<i64>> =
            sqlx::query_scalar("SELECT locked_until FROM login_throttle WHERE key = $1")
                .bind(*key)
                .fetch_optional(&db.pool)
                .await?;
        if let Some(Some(until)) = locked {
            wait = wait.max(until - now);
        }
    }
    if wait > 0 {
        let retry_after_secs = u64::try_from((wait + 999) / 1000).unwrap_or(1);
        return Err(ApiError::TooManyAttempts { retry_after_secs });
    }
    Ok(())
}

/// Counts one failure for `key`; locks it once the limit is reached within the window.
#[tracing::instrument(name = "throttle.fail", skip_all)]
pub async fn record_failure(db: &Db, key: &str, limit: Limit) -> Result<(), sqlx::Error> {
    let now = now_millis();
    let window_start = now - millis(limit.window);
    // One statement, so concurrent failures on two server processes both count.
    let row = sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_started_at, locked_until) \
         VALUES ($1, 1, $2, NULL) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_throttle.window_started_at < $3 THEN 1 \
                           ELSE login_throttle.failures + 1 END, \
           window_started_at = CASE WHEN login_throttle.window_started_at < $3 THEN $2 \
                                    ELSE login_throttle.window_started_at END \
         RETURNING failures",
    )
    .bind(key)
    .bind(now)
    .bind(window_start)
    .fetch_one(&db.writer)
    .await?;
    let failures: i64 = row.try_get("failures")?;
    if failures >= limit.failures {
        sqlx::query(
            "UPDATE login_throttle SET locked_until = $2, failures = 0, window_started_at = $3 \
             WHERE key = $1",
        )
        .bind(key)
        .bind(now + millis(limit.lock))
        .bind(now)
        .execute(&db.writer)
        .await?;
    }
    Ok(())
}

/// Forgets the failures of `key` after a success.
pub async fn reset(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(&db.writer)
        .await?;
    Ok(())
}
