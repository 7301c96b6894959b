//! How many API requests one process works on at once.
//!
//! When a district's phones all come back from a satellite outage together, each one pulls and
//! pushes at the same moment. Past a point, taking on more only makes every answer slower and
//! then fails them all on the database pool's timeout. So a request waits a short while for one
//! of a fixed number of places; if none frees up in time it is answered `429 busy` with
//! `Retry-After` at once, and the phone's outbox comes back later (with jitter, see sync.js)
//! with everything still kept on the phone.
//!
//! A place is for work, not for waiting on a slow sender: a request's body is read whole
//! (under the server's request timeout and body limit) before it asks for one, so seventy
//! connections trickling a byte a second hold only their own sockets. The health check never
//! asks for a place: a load balancer must hear how the process is, not wait behind its work.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
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

/// The probes load balancers and supervisors call (`/api/health`, `/health/ready`,
/// `/health/live`); see `routes::health`.
const HEALTH_PATH: &str = "/api/health";
/// Where the phones' outboxes arrive; see `routes::sync`.
const SYNC_PUSH_PATH: &str = "/api/sync/push";

pub async fn admit(State(admission): State<Admission>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path == HEALTH_PATH
        || path
            .strip_prefix(HEALTH_PATH)
            .is_some_and(|r| r.starts_with('/'))
    {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    // The body limit layers outside already bound what this can hold.
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => return unreadable_body(&error),
    };
    // PostgreSQL cannot store NUL in text and SQLite stores it silently: refused alike, for
    // every field of a JSON body, before anything runs (a photo's bytes are not text). Not a
    // sync push: there one operation holding it is rejected on its own (text.nul), and the
    // rest of the batch goes on.
    let json = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if json && parts.uri.path() != SYNC_PUSH_PATH && holds_nul_escape(&body) {
        return ApiError::BadRequest("Text may not contain the NUL character (U+0000).".to_owned())
            .into_response();
    }
    let request = Request::from_parts(parts, Body::from(body));
    let waiting = std::time::Instant::now();
    let place =
        tokio::time::timeout(admission.wait, admission.places.clone().acquire_owned()).await;
    metrics::histogram!("kopdes_admission_wait_seconds").record(waiting.elapsed().as_secs_f64());
    match place {
        Ok(Ok(_place)) => next.run(request).await,
        // Timed out, or (never in practice) the semaphore was closed.
        Ok(Err(_)) | Err(_) => {
            metrics::counter!("kopdes_admission_refused_total").increment(1);
            tracing::warn!(path = request.uri().path(), "busy: request turned away");
            ApiError::Busy {
                retry_after_secs: admission.retry_after_secs,
            }
            .into_response()
        }
    }
}

/// Whether a JSON body holds the escape `\u0000` (not an escaped backslash followed by
/// `u0000`, which is plain text).
fn holds_nul_escape(body: &[u8]) -> bool {
    let mut backslashes = 0usize;
    for (i, byte) in body.iter().enumerate() {
        if *byte == b'\\' {
            backslashes += 1;
            continue;
        }
        if backslashes % 2 == 1 && *byte == b'u' && body.get(i + 1..i + 5) == Some(b"0000") {
            return true;
        }
        backslashes = 0;
    }
    false
}

/// A body over the limit is `413`; one that broke off or failed to decompress is `400`.
fn unreadable_body(error: &axum::Error) -> Response {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
        }
        source = cause.source();
    }
    tracing::info!(%error, "request body could not be read");
    ApiError::BadRequest("The request body could not be read.".to_owned()).into_response()
}

#[cfg(test)]
mod tests {
    use super::holds_nul_escape;

    #[test]
    fn only_a_real_nul_escape_is_found() {
        assert!(holds_nul_escape(br#"{"name": "Siti\u0000"}"#));
        assert!(holds_nul_escape(br#"{"name": "\\\u0000"}"#));
        assert!(!holds_nul_escape(br#"{"name": "C:\\u0000 is a path"}"#));
        assert!(!holds_nul_escape(br#"{"name": "Siti \u00e9"}"#));
        assert!(!holds_nul_escape(b""));
    }
}
