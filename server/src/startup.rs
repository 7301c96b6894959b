use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::{Extension, Request};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::{self, Next};
use axum::response::Response;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::CompressionLevel;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::admission::{self, Admission};
use crate::config::Config;
use crate::db::Db;
use crate::error::{code_of, error_response};
use crate::openapi::Published;
use crate::{demo, regions, routes, security, static_files};
use kopdes_domain::api::ErrorCode;

/// What every handler can reach. Cheap to clone: the pool is shared.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub sessions: crate::sessions::Lifetimes,
    pub vault: crate::vault::Vault,
    /// Password hashing, bounded ([`crate::bounded_work`]).
    pub passwords: crate::bounded_work::BoundedWork,
    /// Picture decoding, bounded: half the cores, at least one.
    pub pictures: crate::bounded_work::BoundedWork,
    /// Whose `X-Forwarded-For` is believed ([`crate::client_address`]).
    pub trusted_proxies: std::sync::Arc<[ipnet::IpNet]>,
    /// How old the dashboards' figures may be (`Config::stats_max_age_secs`).
    pub stats_max_age: std::time::Duration,
}

/// A server bound to its port, with its database connected and migrated, not yet serving.
pub struct Application {
    listener: TcpListener,
    metrics: Option<TcpListener>,
    router: Router,
    db: Db,
    idle: Duration,
    header_read_timeout: Duration,
}

impl Application {
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let db = Db::connect(&config.database_url, config.db_max_connections).await?;
        let vault = crate::vault::Vault::for_database(config, &db).await?;
        let sealed = crate::forms::seal_stored_niks(&db, &vault).await?;
        if sealed > 0 {
            tracing::info!(sealed, "sealed the NIK answers of earlier form responses");
        }
        regions::load(&db).await?;
        crate::forms::load_built_in(&db).await?;
        if config.seed_demo {
            demo::load(&db, &vault).await?;
        }
        let listener = TcpListener::bind((config.bind, config.port))
            .await
            .with_context(|| format!("cannot listen on {}:{}", config.bind, config.port))?;
        let state = AppState {
            db: db.clone(),
            sessions: config.session_lifetimes(),
            vault,
            passwords: crate::bounded_work::BoundedWork::new(
                "password hashing",
                config.password_hashes_at_once,
            ),
            pictures: crate::bounded_work::BoundedWork::new(
                "picture decoding",
                (crate::bounded_work::cores() / 2).max(1),
            ),
            trusted_proxies: config.trusted_proxies.clone().into(),
            stats_max_age: std::time::Duration::from_secs(config.stats_max_age_secs),
        };
        let metrics = match config.metrics_bind {
            Some(addr) => Some(crate::metrics::bind(addr).await?),
            None => None,
        };
        crate::metrics::handle();
        let router = router(config, state);
        Ok(Application {
            listener,
            metrics,
            router,
            db,
            idle: config.session_lifetimes().idle,
            header_read_timeout: Duration::from_secs(config.header_read_timeout_secs),
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Where `/metrics` is served, when `--metrics-bind` asked for it.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|l| l.local_addr().ok())
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until SIGINT or SIGTERM, then lets requests in flight finish.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let shutdown = shutdown_signal()?;
        tracing::info!(addr = %self.local_addr(), backend = ?self.db.backend, "listening");
        let sweeper = tokio::spawn(crate::housekeeping::run(self.db.clone(), self.idle));
        let metrics = self
            .metrics
            .map(|listener| tokio::spawn(crate::metrics::serve(listener, self.db.clone())));
        crate::serve::serve(
            self.listener,
            self.router,
            self.header_read_timeout,
            shutdown,
        )
        .await;
        sweeper.abort();
        if let Some(metrics) = metrics {
            metrics.abort();
        }
        self.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

pub fn router(config: &Config, state: AppState) -> Router {
    let (api, description) = routes::api();
    let api = api
        .layer(Extension(Published::new(description)))
        .with_state(state)
        // Outermost: a cross-site request is refused before it takes a place.
        .layer(middleware::from_fn_with_state(
            Admission::new(
                config.max_in_flight,
                Duration::from_millis(config.admission_wait_ms),
            ),
            admission::admit,
        ))
        .layer(middleware::from_fn(security::refuse_cross_site))
        // Outermost of the API: a request turned away as busy or cross-site is counted too.
        .layer(middleware::from_fn(crate::metrics::track));
    Router::new()
        .merge(api)
        .merge(static_files::router(&config.static_dir))
        .layer(
            // Listed outermost first: every response, even one made by a layer below, gets a
            // request id, a log line, the security headers and (under /api) a JSON error body.
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http())
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(middleware::from_fn(security::set_security_headers))
                // API answers are compressed on the fly (the app's files are precompressed at
                // build time and already carry their encoding, so they pass through untouched).
                // Outside the error rewriting: a rewritten body must be compressed too, not
                // sent plain under the encoding header of the body it replaced.
                .layer(
                    CompressionLayer::new()
                        .br(true)
                        .gzip(true)
                        .quality(CompressionLevel::Precise(5)),
                )
                .layer(middleware::from_fn(json_error_bodies))
                // A bug must cost one request a 500, not drop the connection unanswered (the
                // phone would retry into the same panic without ever seeing an answer).
                .layer(CatchPanicLayer::custom(|_| {
                    tracing::error!("a handler panicked");
                    error_response(ErrorCode::Internal)
                }))
                // Devices may send their outbox compressed (gzip or brotli). One limit counts
                // the bytes on the wire, the other the bytes after decompression: neither a
                // small bomb nor an endless stream of empty gzip members gets through.
                .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
                .layer(RequestDecompressionLayer::new().gzip(true).br(true))
                .layer(RequestBodyLimitLayer::new(config.max_body_bytes))
                .layer(TimeoutLayer::with_status_code(
                    axum::http::StatusCode::REQUEST_TIMEOUT,
                    config.request_timeout(),
                )),
        )
}

/// Routing, the body limit and the timeout answer with bare statuses; an API caller must still
/// get the documented error body, so those are rewritten here.
async fn json_error_bodies(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/") || request.uri().path() == "/api";
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if is_api && (status.is_client_error() || status.is_server_error()) && !is_json {
        let mut rewritten = error_response(code_of(status));
        *rewritten.status_mut() = status;
        for (name, value) in response.headers() {
            if name != CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
                rewritten.headers_mut().insert(name.clone(), value.clone());
            }
        }
        return rewritten;
    }
    response
}

/// Resolves on SIGINT or SIGTERM. The handlers are installed when this is called, not when
/// it is first polled: a signal arriving right after "listening" must stop the server
/// gracefully, not kill it.
#[cfg(unix)]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutdown requested, finishing requests in flight");
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown requested, finishing requests in flight");
    })
}
