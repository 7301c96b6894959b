use kopdes_domain::account::Me;
use kopdes_domain::api::{ErrorBody, ErrorCode};
use serde_json::json;

use crate::helpers::{Backend, TestApp, header, session_cookie};
use crate::on_both_backends;

on_both_backends!(
    a_person_activates_their_account_with_the_code_once,
    a_wrong_activation_code_changes_nothing,
    sign_in_and_sign_out,
    a_wrong_password_and_an_unknown_phone_get_the_same_answer,
    bad_input_is_reported_field_by_field,
    repeated_failures_are_throttled_across_server_processes,
    changing_the_password_signs_out_other_devices,
    a_session_past_its_lifetime_is_refused,
    a_session_left_unused_past_the_idle_limit_is_refused,
);

const PHONE: &str = "0812-3456-7890";
const PASSWORD: &str = "sawah-hijau-2026";

async fn error(response: reqwest::Response) -> ErrorBody {
    response.json().await.expect("error body")
}

async fn a_person_activates_their_account_with_the_code_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (id, code) = app.account_with_code(PHONE, "Siti Aminah").await;

    // Before activation, the account cannot sign in.
    assert_eq!(app.sign_in(PHONE, PASSWORD).await.status(), 401);

    let spaced_code = format!("{} {}", &code[..4], &code[4..]);
    let response = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": "+62 812 3456 7890", "code": spaced_code, "password": PASSWORD}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let session = session_cookie(&response);
    let me: Me = response.json().await.expect("me");
    assert_eq!(
        (me.id.as_str(), me.name.as_str()),
        (id.as_str(), "Siti Aminah")
    );
    assert_eq!(me.phone.as_str(), "+6281234567890");

    let me: Me = app
        .get_as(&session, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me.id, id);

    let again = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": PHONE, "code": code, "password": "another-password"}),
        )
        .await;
    assert_eq!(again.status(), 401, "a code works once");
    assert_eq!(app.sign_in(PHONE, PASSWORD).await.status(), 200);
}

async fn a_wrong_activation_code_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, code) = app.account_with_code(PHONE, "Siti").await;
    let wrong = if code == "00000000" {
        "11111111"
    } else {
        "00000000"
    };

    let response = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": PHONE, "code": wrong, "password": PASSWORD}),
        )
        .await;

    assert_eq!(response.status(), 401);
    assert_eq!(error(response).await.code, ErrorCode::InvalidCredentials);
    assert_eq!(app.sign_in(PHONE, PASSWORD).await.status(), 401);
    let right = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": PHONE, "code": code, "password": PASSWORD}),
        )
        .await;
    assert_eq!(
        right.status(),
        200,
        "the right code still works after one wrong guess"
    );
}

async fn sign_in_and_sign_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in(PHONE, PASSWORD).await;

    let response = app.sign_in("6281234567890", PASSWORD).await;
    assert_eq!(response.status(), 200);
    let set_cookie = header(&response, "set-cookie");
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api"] {
        assert!(
            set_cookie.contains(attribute),
            "{set_cookie} lacks {attribute}"
        );
    }
    let session = session_cookie(&response);
    assert_eq!(app.get_as(&session, "/api/me").await.status(), 200);

    let signed_out = app.delete_as(&session, "/api/session").await;
    assert_eq!(signed_out.status(), 204);
    assert!(header(&signed_out, "set-cookie").contains("Max-Age=0"));

    let after = app.get_as(&session, "/api/me").await;
    assert_eq!(after.status(), 401);
    assert_eq!(error(after).await.code, ErrorCode::Unauthenticated);
    assert_eq!(
        app.get("/api/me").await.status(),
        401,
        "no cookie, no access"
    );
}

async fn a_wrong_password_and_an_unknown_phone_get_the_same_answer(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in(PHONE, PASSWORD).await;

    let wrong_password = app.sign_in(PHONE, "not-the-password").await;
    let unknown_phone = app.sign_in("0813 0000 0000", PASSWORD).await;

    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_phone.status(), 401);
    assert_eq!(error(wrong_password).await, error(unknown_phone).await);
}

async fn bad_input_is_reported_field_by_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let response = app
        .post_json(
            "/api/session",
            None,
            json!({"phone": "12345", "password": ""}),
        )
        .await;

    assert_eq!(response.status(), 422);
    let body = error(response).await;
    assert_eq!(body.code, ErrorCode::InvalidInput);
    let fields: Vec<(String, String)> =
        body.fields.into_iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(
        fields,
        [
            ("phone".into(), "phone.format".into()),
            ("password".into(), "required".into())
        ]
    );

    let activation = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": PHONE, "code": "12", "password": "short"}),
        )
        .await;
    assert_eq!(activation.status(), 422);
    let codes: Vec<String> = error(activation)
        .await
        .fields
        .into_iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(codes, ["code.format", "password.too_short"]);
}

async fn repeated_failures_are_throttled_across_server_processes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in(PHONE, PASSWORD).await;
    let other_process = app.another_server().await;

    for attempt in 0..5 {
        let server = if attempt % 2 == 0 {
            &app
        } else {
            &other_process
        };
        assert_eq!(server.sign_in(PHONE, "wrong-password").await.status(), 401);
    }

    for server in [&app, &other_process] {
        let throttled = server.sign_in(PHONE, PASSWORD).await;
        assert_eq!(throttled.status(), 429, "even the right password waits");
        let retry_after: u64 = header(&throttled, "retry-after")
            .parse()
            .expect("Retry-After seconds");
        assert!(retry_after > 0 && retry_after <= 15 * 60, "{retry_after}");
        let body = error(throttled).await;
        assert_eq!(body.code, ErrorCode::TooManyAttempts);
        assert!(body.message.contains("Retry-After"));
    }
}

async fn changing_the_password_signs_out_other_devices(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let phone_session = app.signed_in(PHONE, PASSWORD).await;
    let laptop_session = session_cookie(&app.sign_in(PHONE, PASSWORD).await);

    let wrong_current = app
        .post_json(
            "/api/me/password",
            Some(&phone_session),
            json!({"current_password": "nope-nope", "new_password": "padi-menguning-2027"}),
        )
        .await;
    assert_eq!(wrong_current.status(), 422);
    assert_eq!(
        error(wrong_current).await.fields[0].field,
        "current_password"
    );
    assert_eq!(
        app.get_as(&laptop_session, "/api/me").await.status(),
        200,
        "nothing changed"
    );

    let changed = app
        .post_json(
            "/api/me/password",
            Some(&phone_session),
            json!({"current_password": PASSWORD, "new_password": "padi-menguning-2027"}),
        )
        .await;
    assert_eq!(changed.status(), 204);

    assert_eq!(app.get_as(&phone_session, "/api/me").await.status(), 200);
    assert_eq!(app.get_as(&laptop_session, "/api/me").await.status(), 401);
    assert_eq!(app.sign_in(PHONE, PASSWORD).await.status(), 401);
    assert_eq!(
        app.sign_in(PHONE, "padi-menguning-2027").await.status(),
        200
    );
}

async fn a_session_past_its_lifetime_is_refused(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| config.session_max_days = 0).await;

    let session = app.signed_in(PHONE, PASSWORD).await;

    assert_eq!(app.get_as(&session, "/api/me").await.status(), 401);
}

async fn a_session_left_unused_past_the_idle_limit_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let phone = app.signed_in(PHONE, PASSWORD).await;
    let laptop = session_cookie(&app.sign_in(PHONE, PASSWORD).await);

    // The laptop was last used 31 days ago (the idle limit is 30); the phone today.
    let month_ago = kopdes_server::clock::now_millis() - 31 * 24 * 3600 * 1000;
    let laptop_hash =
        kopdes_server::secrets::sha256_hex(laptop.trim_start_matches("kopdes_session="));
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(month_ago)
        .bind(&laptop_hash)
        .execute(&app.db.writer)
        .await
        .expect("age the session");

    assert_eq!(app.get_as(&laptop, "/api/me").await.status(), 401);
    assert_eq!(app.get_as(&phone, "/api/me").await.status(), 200);
}
