//! Rows that have done their job are deleted, so no table grows without end from traffic
//! alone: ended sessions, stale sign-in counters, and sync answers older than any phone can
//! still replay (docs/SYNC.md says how long that is).

use std::time::Duration;

use crate::clock::{millis, now_millis};
use crate::db::Db;

/// How often a server process sweeps. Several processes sweeping the same rows is harmless.
pub const EVERY: Duration = Duration::from_secs(3600);

/// How long the answer to a sync operation is kept for replays. Far longer than a phone stays
/// signed in (90 days at most) and offline, so a phone that lost an answer and comes back,
/// even after months in a village without signal, gets the same answer, not a second write.
pub const SYNC_ANSWERS_KEPT: Duration = Duration::from_secs(400 * 24 * 3600);

/// An ended session (revoked or past its lifetime) is kept a day for the logs, then deleted.
const ENDED_SESSIONS_KEPT: Duration = Duration::from_secs(24 * 3600);

/// A device not used to sign in for as long as its cookie lives is forgotten.
const DEVICES_KEPT: Duration = Duration::from_secs(400 * 24 * 3600);

/// Sign-in counters: the longest window or lock is 15 minutes; a day is well past both.
const COUNTERS_KEPT: Duration = Duration::from_secs(24 * 3600);

/// What one sweep deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub counters: u64,
    pub sync_answers: u64,
    pub devices: u64,
}

/// Deletes what is no longer needed, in small statements that each take the writer briefly.
#[tracing::instrument(name = "housekeeping.sweep", skip_all)]
pub async fn sweep(db: &Db, idle: Duration) -> Result<Swept, sqlx::Error> {
    let now = now_millis();
    let ended = now - millis(ENDED_SESSIONS_KEPT);
    let sessions = sqlx::query(
        "DELETE FROM sessions WHERE revoked_at < $1 OR expires_at < $1 OR last_seen_at < $2",
    )
    .bind(ended)
    .bind(ended - millis(idle))
    .execute(&db.writer)
    .await?
    .rows_affected();
    let stale = now - millis(COUNTERS_KEPT);
    let counters = sqlx::query(
        "DELETE FROM login_throttle WHERE window_started_at < $1 \
         AND (locked_until IS NULL OR locked_until < $1)",
    )
    .bind(stale)
    .execute(&db.writer)
    .await?
    .rows_affected();
    let sync_answers = sqlx::query("DELETE FROM sync_operations WHERE received_at < $1")
        .bind(now - millis(SYNC_ANSWERS_KEPT))
        .execute(&db.writer)
        .await?
        .rows_affected();
    let devices = sqlx::query("DELETE FROM known_devices WHERE last_seen_at < $1")
        .bind(now - millis(DEVICES_KEPT))
        .execute(&db.writer)
        .await?
        .rows_affected();
    let swept = Swept {
        sessions,
        counters,
        sync_answers,
        devices,
    };
    tracing::info!(?swept, "housekeeping");
    Ok(swept)
}

/// Sweeps every [`EVERY`] until the process stops (not at start: a restart loop must not
/// become a sweep loop); a failed sweep is logged and tried again next time.
pub async fn run(db: Db, idle: Duration) {
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + EVERY, EVERY);
    loop {
        ticks.tick().await;
        let swept = sweep(&db, idle).await;
        crate::metrics::job_ran("housekeeping", swept.is_ok());
        if let Err(error) = swept {
            tracing::warn!(%error, "housekeeping failed; trying again later");
        }
    }
}
