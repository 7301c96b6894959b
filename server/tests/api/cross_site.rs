//! A page of another site cannot make a signed-in person's browser change anything.

use kopdes_domain::api::{ErrorBody, ErrorCode};
use serde_json::json;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_cross_site_sign_out_is_refused_and_the_session_lives_on,
    a_password_change_from_another_origin_changes_nothing,
    the_apps_own_requests_and_every_read_pass,
);

const PHONE: &str = "081234567890";
const PASSWORD: &str = "sawah-hijau-2026";

async fn refused_as_cross_site(response: reqwest::Response) {
    assert_eq!(response.status(), 403);
    let body: ErrorBody = response.json().await.expect("error body");
    assert_eq!(body.code, ErrorCode::CrossSite);
}

async fn a_cross_site_sign_out_is_refused_and_the_session_lives_on(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.signed_in(PHONE, PASSWORD).await;

    for site in ["cross-site", "same-site"] {
        let response = app
            .client
            .delete(app.url("/api/session"))
            .header("cookie", &session)
            .header("sec-fetch-site", site)
            .send()
            .await
            .expect("request sent");
        refused_as_cross_site(response).await;
    }

    assert_eq!(app.get_as(&session, "/api/me").await.status(), 200);
}

async fn a_password_change_from_another_origin_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.signed_in(PHONE, PASSWORD).await;

    for origin in ["https://evil.example", "null"] {
        let response = app
            .client
            .post(app.url("/api/me/password"))
            .header("cookie", &session)
            .header("origin", origin)
            .json(&json!({"current_password": PASSWORD, "new_password": "dicuri-orang-2026"}))
            .send()
            .await
            .expect("request sent");
        refused_as_cross_site(response).await;
    }

    assert_eq!(app.sign_in(PHONE, PASSWORD).await.status(), 200);
    assert_eq!(app.sign_in(PHONE, "dicuri-orang-2026").await.status(), 401);
}

async fn the_apps_own_requests_and_every_read_pass(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.signed_in(PHONE, PASSWORD).await;
    let host = app.address.trim_start_matches("http://").to_owned();

    // What Chromium sends with the app's own fetch.
    let own = app
        .client
        .post(app.url("/api/me/password"))
        .header("cookie", &session)
        .header("sec-fetch-site", "same-origin")
        .header("origin", &app.address)
        .json(&json!({"current_password": PASSWORD, "new_password": "padi-menguning-2027"}))
        .send()
        .await
        .expect("request sent");
    assert_eq!(own.status(), 204);
    assert_eq!(
        app.sign_in(PHONE, "padi-menguning-2027").await.status(),
        200
    );

    // A read from anywhere changes nothing, so it is answered as usual (here: signed in).
    let read = app
        .client
        .get(app.url("/api/me"))
        .header("cookie", &session)
        .header("sec-fetch-site", "cross-site")
        .header("origin", "https://evil.example")
        .send()
        .await
        .expect("request sent");
    assert_eq!(read.status(), 200);

    // An older browser that sends only Origin, naming this host.
    let signed_out = app
        .client
        .delete(app.url("/api/session"))
        .header("cookie", &session)
        .header("origin", format!("http://{host}"))
        .send()
        .await
        .expect("request sent");
    assert_eq!(signed_out.status(), 204);
}
