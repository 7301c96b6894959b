//! How many API requests one process works on at once.
//!
//! When a district's phones all come back from a satellite outage together, each one pulls and
//! pushes at the same moment. Past a point, taking on more only makes every answer slower and
//! then fails them all on the database pool's timeout. So a request waits a short while for one
//! of a fixed number of places; if none frees up in time it is answered `429 busy` with
//! `Retry-After` at once, and the phone's outbox comes back later (with jitter, see sync.js)
//! with everything still kept on the phone.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::error::ApiError;

#[derive(Debug, Clone)]
pub struct Admission {
    places: Arc<Semaphore>,
    wait: Duration,
    retry_after_secs: u64,
}

impl Admission {
    pub fn new(places: usize, wait: Duration) -> Self {
        Admission {
            places: Arc::new(Semaphore::new(places.max(1))),
            wait,
            // Long enough for the queue in front to drain, short enough that a phone is not
            // left idle on a link it pays for by the minute.
            retry_after_secs: wait.as_secs().clamp(1, 5) + 1,
        }
    }
}

pub async fn admit(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(admission.wait, admission.places.clone().acquire_owned()).await {
        Ok(Ok(_place)) => next.run(request).await,
        // Timed out, or (never in practice) the semaphore was closed.
        Ok(Err(_)) | Err(_) => {
            tracing::warn!(path = request.uri().path(), "busy: request turned away");
            ApiError::Busy {
                retry_after_secs: admission.retry_after_secs,
            }
            .into_response()
        }
    }
}
