use kopdes_server::security::{API_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY};

use crate::helpers::{Backend, HASHED_WASM, TestApp};

fn assert_secure(response: &reqwest::Response) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("{name} missing on {} {}", response.status(), response.url()))
    };
    let csp = header("content-security-policy");
    if response.url().path().starts_with("/api") {
        // JSON is never a document: nothing may load or run from it.
        assert_eq!(csp, API_CONTENT_SECURITY_POLICY);
        assert!(csp.starts_with("default-src 'none'"));
    } else {
        assert_eq!(csp, CONTENT_SECURITY_POLICY);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(header("cross-origin-opener-policy"), "same-origin");
    }
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("x-frame-options"), "DENY");
    assert!(response.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    for path in [
        "/api/health",
        "/api/missing",
        "/",
        "/tentang",
        HASHED_WASM,
        "/missing.js",
    ] {
        assert_secure(&app.get(path).await);
    }
    let too_large = app
        .client
        .post(app.url("/api/health"))
        .body(vec![0u8; 65 * 1024])
        .send()
        .await
        .expect("request");
    assert_eq!(too_large.status(), 413);
    assert_secure(&too_large);
}

/// Personal data must not outlive a sign-out in the browser's disk cache on a shared phone.
#[tokio::test]
async fn personal_answers_are_never_cached_and_signing_out_clears_the_cache() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (_, ketua, cooperative) = crate::cooperatives::registered(&app).await;
    let (member, member_id) = crate::change_requests::member(
        &app,
        &ketua,
        &cooperative.id,
        "3204125512050003",
        "0813 2222 3333",
    )
    .await;
    for (session, path) in [
        (&member, "/api/me".to_owned()),
        (&member, "/api/me/members".to_owned()),
        (&member, format!("/api/members/{member_id}")),
        (
            &ketua,
            format!("/api/cooperatives/{}/members", cooperative.id),
        ),
    ] {
        let response = app.get_as(session, &path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            crate::helpers::header(&response, "cache-control"),
            "no-store",
            "{path}"
        );
    }
    // Public, unchanging answers keep their own caching.
    let regions = app.get("/api/regions").await;
    assert!(crate::helpers::header(&regions, "cache-control").starts_with("public"));

    let signed_out = app.delete_as(&member, "/api/session").await;
    assert_eq!(signed_out.status(), 204);
    assert_eq!(
        crate::helpers::header(&signed_out, "clear-site-data"),
        "\"cache\""
    );
}
