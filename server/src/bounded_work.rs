//! Heavy work that a caller can ask for, as a bounded resource: password hashing and picture
//! decoding.
//!
//! Each argon2id run holds 19 MiB and a core for a tenth of a second or more; a picture decode
//! up to a hundred MiB. Unbounded, a burst of 64 sign-ins grew one process to 8.5 GB resident
//! (glibc kept the arenas). So at most a few run at once, on threads of their own that live as
//! long as the process: each keeps reusing its own memory, where work spread over the shared
//! blocking pool left a 19 MiB arena behind on every thread it touched. A request that cannot
//! get a turn within a short wait is answered `429 busy` with `Retry-After`, before any work
//! is done.

use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use crate::error::ApiError;

/// How long a request waits for a turn: a few hashes' time.
const WAIT: Duration = Duration::from_secs(2);
/// What a turned-away request is told: the queue in front drains in about this long.
const RETRY_AFTER_SECS: u64 = 2;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Debug, Clone)]
pub struct BoundedWork {
    turns: Arc<Semaphore>,
    jobs: mpsc::Sender<Job>,
    what: &'static str,
}

impl BoundedWork {
    /// `turns` runs at once, each on one of as many threads; 0 means one per core.
    pub fn new(what: &'static str, turns: usize) -> BoundedWork {
        let turns = match turns {
            0 => cores(),
            n => n,
        };
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..turns {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("{what} {n}"))
                .spawn(move || {
                    loop {
                        // The lock is held only to take the next job, never while running it.
                        let next = queue.lock().map(|q| q.recv());
                        match next {
                            // A panicking job loses its answer, not the thread.
                            Ok(Ok(job)) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            // Every sender is gone: the process is stopping.
                            _ => return,
                        }
                    }
                })
                .expect("a worker thread starts");
        }
        BoundedWork {
            turns: Arc::new(Semaphore::new(turns)),
            jobs,
            what,
        }
    }

    /// Runs `work` on one of the work's own threads once a turn is free.
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
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            let out = work();
            drop(turn);
            let _ = answer.send(out);
        });
        self.jobs
            .send(job)
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("{} threads are gone", self.what)))?;
        answered
            .await
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("{} work panicked", self.what)))
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
