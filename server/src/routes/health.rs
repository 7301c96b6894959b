use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kopdes_domain::api::{DatabaseHealth, Health, HealthStatus};

use crate::startup::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A health probe must answer quickly even when the database hangs, so a load balancer can take
/// this process out of rotation instead of waiting for the pool's own timeout.
const DATABASE_PROBE_TIMEOUT: Duration = Duration::from_secs(2);

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(ready))
        .routes(routes!(live))
}

/// Says the process is running and answering (anyone; for a supervisor's liveness probe).
///
/// Never touches the database: a database outage must take processes out of rotation
/// (readiness), not have them restarted in a loop.
#[utoipa::path(get, path = "/health/live", tag = "system",
    responses((status = 204, description = "The process answers.")))]
async fn live() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Readiness: the same answer as `/health` (anyone; for load balancers).
#[utoipa::path(get, path = "/health/ready", tag = "system",
    responses(
        (status = 200, description = "Ready: the database answers and has every migration \
            this version needs.", body = Health),
        (status = 503, description = "Not ready: `status` is `unavailable`.", body = Health),
    ))]
async fn ready(state: State<AppState>) -> (StatusCode, Json<Health>) {
    health(state).await
}

/// Says whether this server process and its database are ready (anyone; for load balancers).
///
/// 200 with the migration version when the database answers, 503 with the same shape when not.
#[utoipa::path(get, path = "/health", tag = "system",
    responses(
        (status = 200, description = "Up: `status` is `ok`, with the database's migration \
            version.", body = Health),
        // Its own answer, with a Health body: the probe reports, it does not fail.
        (status = 503, description = "`status` is `unavailable`: the database failed or did not \
            answer within 2 s (`migration_version` null), or lacks a migration this version \
            needs.", body = Health),
    ))]
#[tracing::instrument(name = "health", skip_all)]
async fn health(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let probe = tokio::time::timeout(DATABASE_PROBE_TIMEOUT, state.db.migration_version()).await;
    let (status, migration_version) = match probe {
        // Behind the binary's own migrations (restored from an old copy, migrated by nobody
        // yet): up, but not ready to serve this version's queries.
        Ok(Ok(version)) if version < state.db.latest_known_migration() => {
            tracing::warn!(
                ?version,
                "health probe: database lacks this version's migrations"
            );
            (HealthStatus::Unavailable, version)
        }
        Ok(Ok(version)) => (HealthStatus::Ok, version),
        Ok(Err(error)) => {
            tracing::warn!(%error, "health probe: database error");
            (HealthStatus::Unavailable, None)
        }
        Err(_) => {
            tracing::warn!("health probe: database timed out");
            (HealthStatus::Unavailable, None)
        }
    };
    let code = match status {
        HealthStatus::Ok => StatusCode::OK,
        HealthStatus::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    };
    let body = Health {
        status,
        version: env!("CARGO_PKG_VERSION").to_owned(),
        database: DatabaseHealth {
            backend: state.db.backend,
            migration_version,
        },
    };
    (code, Json(body))
}
