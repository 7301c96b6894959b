//! Prometheus metrics on a listener of their own: what a monitoring system scrapes, and that
//! the public address does not serve them.

use serde_json::json;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(metrics_count_requests_failures_and_pools_on_their_own_listener);

async fn metrics_count_requests_failures_and_pools_on_their_own_listener(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.metrics_bind = Some("127.0.0.1:0".parse().expect("address"));
    })
    .await;
    let session = app.signed_in("0812 4444 0001", "sandi-warga-2026").await;
    assert_eq!(
        app.sign_in("0812 4444 0001", "bukan-sandinya")
            .await
            .status(),
        401
    );
    let push = app
        .post_json(
            "/api/sync/push",
            Some(&session),
            json!({"operations": [{"id": "metrics-op-1", "kind": "no_such_kind"}]}),
        )
        .await;
    assert_eq!(push.status(), 200);

    let scraped = reqwest::get(format!(
        "{}/metrics",
        app.metrics_address.as_deref().expect("a metrics listener")
    ))
    .await
    .expect("scrape");
    assert_eq!(scraped.status(), 200);
    let text = scraped.text().await.expect("text");
    for expected in [
        r#"kopdes_http_requests_total{route="/api/session",method="POST",status="401"}"#,
        r#"kopdes_http_request_duration_seconds_bucket{route="/api/sync/push",method="POST",le="0.5"}"#,
        r#"kopdes_sign_in_failures_total{kind="password"}"#,
        r#"kopdes_sync_operations_total{outcome="rejected"}"#,
        r#"kopdes_db_pool_connections{pool="writes",state="idle"}"#,
        "kopdes_admission_wait_seconds_bucket",
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    // Ids never become labels: one series per route pattern.
    assert!(!text.contains("metrics-op-1"));

    // The public address has no metrics.
    let public = app.get("/metrics").await;
    assert!(
        !public
            .text()
            .await
            .expect("text")
            .contains("kopdes_http_requests_total")
    );
}
