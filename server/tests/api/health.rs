use kopdes_domain::api::{DatabaseBackend, Health, HealthStatus};

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    health_reports_version_backend_and_latest_migration,
    health_is_503_when_the_database_is_unreachable,
    readiness_wants_every_migration_and_liveness_no_database,
);

async fn health_reports_version_backend_and_latest_migration(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let response = app.get("/api/health").await;

    assert_eq!(response.status(), 200);
    let health: Health = response.json().await.expect("health body");
    assert_eq!(health.status, HealthStatus::Ok);
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
    let expected_backend = match backend {
        Backend::Sqlite => DatabaseBackend::Sqlite,
        Backend::Postgres => DatabaseBackend::Postgres,
    };
    assert_eq!(health.database.backend, expected_backend);
    assert!(health.database.migration_version.is_some());
    assert_eq!(
        health.database.migration_version,
        app.db.latest_known_migration()
    );
}

async fn health_is_503_when_the_database_is_unreachable(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.database.make_unreachable(&app.db).await;

    let response = app.get("/api/health").await;

    assert_eq!(response.status(), 503);
    assert_eq!(app.get("/api/health/ready").await.status(), 503);
    // Alive all the same: a supervisor must not restart a process for its database's outage.
    assert_eq!(app.get("/api/health/live").await.status(), 204);
    let health: Health = response.json().await.expect("health body");
    assert_eq!(health.status, HealthStatus::Unavailable);
    assert_eq!(health.database.migration_version, None);
}

async fn readiness_wants_every_migration_and_liveness_no_database(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    assert_eq!(app.get("/api/health/ready").await.status(), 200);
    assert_eq!(app.get("/api/health/live").await.status(), 204);
    // As if the database were restored from a copy older than this version.
    sqlx::query("UPDATE _sqlx_migrations SET success = FALSE WHERE version = $1")
        .bind(app.db.latest_known_migration())
        .execute(&app.db.writer)
        .await
        .expect("mark");
    let response = app.get("/api/health/ready").await;
    assert_eq!(response.status(), 503);
    let health: Health = response.json().await.expect("health body");
    assert_eq!(health.status, HealthStatus::Unavailable);
    assert_eq!(app.get("/api/health/live").await.status(), 204);
}
