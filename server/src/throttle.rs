//! Throttling of guesses (passwords, activation codes), kept in the database so every server
//! process sees the same counts.
//!
//! An attempt is counted before the slow check runs, in one statement per key, so forty
//! wrong passwords sent at once are not all checked: only those that fit under the limit
//! are, and the rest are refused at once. A right answer takes its count back.
//!
//! Who is counted is chosen so that nobody elsewhere can lock a person out (see
//! `routes::session`): the tight limit is per phone and client (an address, or a device the
//! account signed in from before), the looser ones per address and per phone count only
//! clients the account does not know.

use std::time::Duration;

use sqlx::Row;

use crate::clock::{millis, now_millis};
use crate::db::Db;
use crate::error::ApiError;

/// How many attempts a key may have within `window`; one more locks it for `lock`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub attempts: i64,
    pub window: Duration,
    pub lock: Duration,
    /// Whether a right answer counts too (it is not taken back): for limits on how often an
    /// account signs in at all, whoever knows its password.
    pub counts_successes: bool,
}

const FIFTEEN_MINUTES: Duration = Duration::from_secs(15 * 60);

/// Per phone and client: a person mistyping a few times is fine, guessing is not.
pub const PER_CLIENT: Limit = Limit {
    attempts: 5,
    window: FIFTEEN_MINUTES,
    lock: FIFTEEN_MINUTES,
    counts_successes: false,
};

/// Per client address, across phones: higher, since a village's shared internet point puts
/// many people behind one address. Only failures count.
pub const PER_ADDRESS: Limit = Limit {
    attempts: 50,
    window: FIFTEEN_MINUTES,
    lock: FIFTEEN_MINUTES,
    counts_successes: false,
};

/// Per phone, across every client the account never signed in from: caps a guesser spread
/// over many addresses, while the owner's own phone (a known device) is never held by it.
pub const PER_PHONE_FROM_UNKNOWN_CLIENTS: Limit = Limit {
    attempts: 20,
    window: FIFTEEN_MINUTES,
    lock: FIFTEEN_MINUTES,
    counts_successes: false,
};

/// Sign-ins per account and client in an hour, right or wrong: each costs a password hash and
/// a session, so not even the holder of the password may ask without end.
pub const SIGN_INS_PER_HOUR: Limit = Limit {
    attempts: 30,
    window: Duration::from_secs(3600),
    lock: FIFTEEN_MINUTES,
    counts_successes: true,
};

/// Attempts already counted, for the keys given to [`begin`].
#[derive(Debug)]
#[must_use = "a right answer must take its count back with `succeeded`"]
pub struct Attempt {
    keys: Vec<String>,
}

/// Counts an attempt against every key before the check runs; refuses with 429 and the
/// seconds to wait when any key is locked or the attempt goes over its limit.
#[tracing::instrument(name = "throttle.begin", skip_all)]
pub async fn begin(db: &Db, keys: &[(String, Limit)]) -> Result<Attempt, ApiError> {
    let now = now_millis();
    let mut wait = 0i64;
    for (key, limit) in keys {
        let row = sqlx::query(UPSERT)
            .bind(key)
            .bind(now)
            .bind(now - millis(limit.window))
            .fetch_one(&db.writer)
            .await?;
        let attempts: i64 = row.try_get("failures")?;
        let locked_until: Option<i64> = row.try_get("locked_until")?;
        if let Some(until) = locked_until.filter(|until| *until > now) {
            wait = wait.max(until - now);
        } else if attempts > limit.attempts {
            let until = now + millis(limit.lock);
            sqlx::query(
                "UPDATE login_throttle SET locked_until = $2, failures = 0, window_started_at = $3 \
                 WHERE key = $1",
            )
            .bind(key)
            .bind(until)
            .bind(now)
            .execute(&db.writer)
            .await?;
            wait = wait.max(until - now);
        }
    }
    if wait > 0 {
        let retry_after_secs = u64::try_from((wait + 999) / 1000).unwrap_or(1);
        return Err(ApiError::TooManyAttempts { retry_after_secs });
    }
    Ok(Attempt {
        keys: keys
            .iter()
            .filter(|(_, limit)| !limit.counts_successes)
            .map(|(key, _)| key.clone())
            .collect(),
    })
}

const UPSERT: &str = "INSERT INTO login_throttle (key, failures, window_started_at, locked_until) \
     VALUES ($1, 1, $2, NULL) \
     ON CONFLICT (key) DO UPDATE SET \
       failures = CASE WHEN login_throttle.window_started_at < $3 THEN 1 \
                       ELSE login_throttle.failures + 1 END, \
       window_started_at = CASE WHEN login_throttle.window_started_at < $3 THEN $2 \
                                ELSE login_throttle.window_started_at END \
     RETURNING failures, locked_until";

impl Attempt {
    /// The answer was right: this attempt no longer counts against the keys of failures.
    #[tracing::instrument(name = "throttle.succeeded", skip_all)]
    pub async fn succeeded(self, db: &Db) -> Result<(), sqlx::Error> {
        for key in &self.keys {
            sqlx::query(
                "UPDATE login_throttle SET failures = failures - 1 \
                 WHERE key = $1 AND failures > 0",
            )
            .bind(key)
            .execute(&db.writer)
            .await?;
        }
        Ok(())
    }
}
