//! Prometheus metrics, served at `/metrics` on a listener of its own (`--metrics-bind`), never
//! on the public one: the figures say how busy the service is and who fails to sign in.
//!
//! Recorded where things happen, through the `metrics` facade: requests by route and status
//! with latency, admission waits and refusals, sync operations by outcome, sign-in failures,
//! background jobs; the database pools' use is read at each scrape.

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;

use crate::db::Db;

/// Latency buckets in seconds: from a cached read to a request near its timeout.
const SECONDS_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder. One per process: tests start many servers in one, and their
/// figures add up there as several routers would in one process.
pub fn handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), SECONDS_BUCKETS)
                .expect("the buckets are not empty");
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // Another recorder already installed (a test harness of its own) keeps its place;
            // this handle then renders nothing, which is all a test would see either way.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// Counts every API request by its route (the pattern, never the ids in it), method and
/// status, with its latency.
pub async fn track(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("kopdes_http_requests_total", "route" => route.clone(), "method" => method.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("kopdes_http_request_duration_seconds", "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    response
}

/// A background job's run and how it ended.
pub fn job_ran(job: &'static str, ok: bool) {
    let outcome = if ok { "ok" } else { "failed" };
    metrics::counter!("kopdes_background_runs_total", "job" => job, "outcome" => outcome)
        .increment(1);
}

/// Binds the metrics listener (before the server says it is listening, so a bad address
/// stops it at start).
pub async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    use anyhow::Context;
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen for metrics on {addr}"))
}

/// Serves `GET /metrics` until the process stops.
pub async fn serve(listener: TcpListener, db: Db) {
    let router = axum::Router::new()
        .route("/metrics", axum::routing::get(render))
        .with_state(db);
    if let Err(error) = axum::serve(listener, router).await {
        tracing::error!(%error, "the metrics listener stopped");
    }
}

async fn render(State(db): State<Db>) -> impl IntoResponse {
    for (name, pool) in [("reads", &db.pool), ("writes", &db.writer)] {
        let size = f64::from(pool.size());
        let idle = pool.num_idle() as f64;
        metrics::gauge!("kopdes_db_pool_connections", "pool" => name, "state" => "idle").set(idle);
        metrics::gauge!("kopdes_db_pool_connections", "pool" => name, "state" => "in_use")
            .set(size - idle);
    }
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle().render(),
    )
}
