//! Heavy work that a caller can ask for, as a bounded resource: password hashing and picture
//! decoding.
//!
//! Each argon2id run holds 19 MiB and a core for a tenth of a second or more; a picture decode
//! up to a hundred MiB. Unbounded, a burst of 64 sign-ins grew one process to 8.5 GB resident
//! (glibc kept the arenas). So at most a few run at once; a request that cannot get a turn
//! within a short wait is answered `429 busy` with `Retry-After`, before any work is done.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::ApiError;

/// How long a request waits for a turn: a few hashes' time.
const WAIT: Duration = Duration::from_secs(2);
/// What a turned-away request is told: the queue in front drains in about this long.
const RETRY_AFTER_SECS: u64 = 2;

#[derive(Debug, Clone)]
pub struct BoundedWork {
    turns: Arc<Semaphore>,
    what: &'static str,
}

impl BoundedWork {
    /// `turns` runs at once; 0 means one per core the process may use.
    pub fn new(what: &'static str, turns: usize) -> BoundedWork {
        let turns = match turns {
            0 => cores(),
            n => n,
        };
        BoundedWork {
            turns: Arc::new(Semaphore::new(turns)),
            what,
        }
    }

    /// Runs `work` on a blocking thread once a turn is free.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let turn = tokio::time::timeout(WAIT, self.turns.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| {
                tracing::warn!(what = self.what, "busy: heavy work turned away");
                ApiError::Busy {
                    retry_after_secs: RETRY_AFTER_SECS,
                }
            })?;
        tokio::task::spawn_blocking(move || {
            let out = work();
            drop(turn);
            out
        })
        .await
        .map_err(|e| ApiError::Internal(e.into()))
    }
}

/// The cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn work_past_the_turns_waits_then_is_turned_away_busy() {
        let work = BoundedWork::new("test", 1);
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let holding = {
            let work = work.clone();
            tokio::spawn(async move { work.run(move || hold.recv().is_ok()).await })
        };
        // Let the first take the only turn.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let turned_away = work.run(|| ()).await;
        assert!(matches!(
            turned_away,
            Err(ApiError::Busy {
                retry_after_secs: RETRY_AFTER_SECS
            })
        ));
        release.send(()).expect("release");
        assert!(holding.await.expect("task").expect("ran"));
        assert!(work.run(|| ()).await.is_ok(), "the turn is free again");
    }
}
