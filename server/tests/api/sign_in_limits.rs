//! What sign-in costs and who it can lock out: guesses are counted before they are checked, a
//! guesser elsewhere never locks the owner's own phone, forwarded addresses are believed only
//! from trusted proxies, and an account's live sessions are capped.

use kopdes_server::housekeeping;
use serde_json::json;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_guesser_elsewhere_never_locks_the_owner_out_of_their_own_phone,
    forty_wrong_passwords_at_once_are_not_all_checked,
    an_account_keeps_at_most_ten_live_sessions,
    not_even_the_password_holder_signs_in_without_end,
    the_sweep_deletes_what_has_done_its_job_and_keeps_the_rest,
);

const PHONE: &str = "0812-3456-7890";
const PASSWORD: &str = "sawah-hijau-2026";

/// A sign-in from `client` (as a trusted proxy forwards it), with the cookies given.
async fn sign_in_from(app: &TestApp, client: &str, cookie: Option<&str>, password: &str) -> u16 {
    let mut request = app
        .client
        .post(app.url("/api/session"))
        .header("x-forwarded-for", client)
        .json(&json!({"phone": PHONE, "password": password}));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.expect("answered").status().as_u16()
}

/// The `kopdes_device=...` pair a response set.
fn device_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("kopdes_device="))
        .and_then(|v| v.split(';').next())
        .expect("a device cookie is set")
        .to_owned()
}

async fn a_guesser_elsewhere_never_locks_the_owner_out_of_their_own_phone(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.trusted_proxies = vec!["127.0.0.1/32".parse().expect("network")];
    })
    .await;
    let (_, code) = app.account_with_code(PHONE, "Siti Aminah").await;
    let activated = app
        .client
        .post(app.url("/api/activation"))
        .header("x-forwarded-for", "198.51.100.7")
        .json(&json!({"phone": PHONE, "code": code, "password": PASSWORD}))
        .send()
        .await
        .expect("activated");
    assert_eq!(activated.status(), 200);
    let owners_phone = device_cookie(&activated);

    // Someone guesses from thirty addresses; past the limit for clients the account does not
    // know, even the right password from a new client waits.
    let mut answers = Vec::new();
    for n in 1..=30 {
        answers.push(sign_in_from(&app, &format!("203.0.113.{n}"), None, "tebakan-salah").await);
    }
    assert_eq!(
        answers.iter().filter(|s| **s == 401).count(),
        20,
        "{answers:?}"
    );
    assert!(
        answers.iter().all(|s| *s == 401 || *s == 429),
        "{answers:?}"
    );
    assert_eq!(
        sign_in_from(&app, "203.0.113.99", None, PASSWORD).await,
        429
    );

    // The owner's own phone, from the village's shared address, signs in all the same.
    assert_eq!(
        sign_in_from(&app, "198.51.100.7", Some(&owners_phone), PASSWORD).await,
        200
    );
    // And its own mistakes count only against itself.
    for _ in 0..5 {
        assert_eq!(
            sign_in_from(&app, "198.51.100.7", Some(&owners_phone), "salah-ketik").await,
            401
        );
    }
    assert_eq!(
        sign_in_from(&app, "198.51.100.7", Some(&owners_phone), PASSWORD).await,
        429
    );

    // Without trusting the proxy, the header names nobody: every guess counts against the
    // peer, and a sixth from "another address" is still locked.
    let untrusting = app.another_server().await;
    let mut statuses = Vec::new();
    for n in 1..=6 {
        let response = untrusting
            .client
            .post(untrusting.url("/api/session"))
            .header("x-forwarded-for", format!("192.0.2.{n}"))
            .json(&json!({"phone": "0812-0000-1111", "password": "tebakan-salah"}))
            .send()
            .await
            .expect("answered");
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429]);
}

async fn forty_wrong_passwords_at_once_are_not_all_checked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in(PHONE, PASSWORD).await;
    let guesses = (0..40).map(|_| {
        let (client, url) = (app.client.clone(), app.url("/api/session"));
        tokio::spawn(async move {
            client
                .post(url)
                .json(&json!({"phone": PHONE, "password": "tebakan-salah"}))
                .send()
                .await
                .expect("answered")
                .status()
                .as_u16()
        })
    });
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.expect("task"));
    }
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(checked <= 5, "{checked} of 40 were checked: {statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "{statuses:?}"
    );
}

async fn an_account_keeps_at_most_ten_live_sessions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app.signed_in(PHONE, PASSWORD).await;
    let mut latest = Vec::new();
    for _ in 0..10 {
        let response = app.sign_in(PHONE, PASSWORD).await;
        assert_eq!(response.status(), 200);
        latest.push(crate::helpers::session_cookie(&response));
    }
    assert_eq!(
        app.get_as(&first, "/api/me").await.status(),
        401,
        "the oldest ended"
    );
    for session in &latest {
        assert_eq!(app.get_as(session, "/api/me").await.status(), 200);
    }
}

async fn the_sweep_deletes_what_has_done_its_job_and_keeps_the_rest(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let live = app.signed_in(PHONE, PASSWORD).await;
    let account: String = sqlx::query_scalar("SELECT user_id FROM sessions LIMIT 1")
        .fetch_one(&app.db.pool)
        .await
        .expect("account");
    let day = 24 * 3600 * 1000_i64;
    let now = kopdes_server::clock::now_millis();
    for (token, revoked) in [
        ("ended-long-ago", Some(now - 2 * day)),
        ("ended-now", Some(now)),
    ] {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, revoked_at) \
             VALUES ($1, $2, $3, $3, $4, $5)",
        )
        .bind(token)
        .bind(&account)
        .bind(now - 3 * day)
        .bind(now + day)
        .bind(revoked)
        .execute(&app.db.writer)
        .await
        .expect("session row");
    }
    for (id, received_at) in [("old", now - 401 * day), ("recent", now - 30 * day)] {
        sqlx::query(
            "INSERT INTO sync_operations (account_id, operation_id, payload_sha256, outcome, received_at) \
             VALUES ($1, $2, 'x', '{}', $3)",
        )
        .bind(&account)
        .bind(id)
        .bind(received_at)
        .execute(&app.db.writer)
        .await
        .expect("sync answer");
    }
    sqlx::query(
        "INSERT INTO login_throttle (key, failures, window_started_at, locked_until) \
         VALUES ('login:client:old', 3, $1, NULL), ('login:client:fresh', 3, $2, NULL)",
    )
    .bind(now - 2 * day)
    .bind(now)
    .execute(&app.db.writer)
    .await
    .expect("counters");

    let swept = housekeeping::sweep(&app.db, std::time::Duration::from_secs(30 * 24 * 3600))
        .await
        .expect("sweep");
    assert_eq!(
        (swept.sessions, swept.sync_answers, swept.counters),
        (1, 1, 1)
    );
    let kept: Vec<String> = sqlx::query_scalar("SELECT operation_id FROM sync_operations")
        .fetch_all(&app.db.pool)
        .await
        .expect("answers");
    assert_eq!(kept, ["recent"]);
    assert_eq!(app.get_as(&live, "/api/me").await.status(), 200);
}

async fn not_even_the_password_holder_signs_in_without_end(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.signed_in(PHONE, PASSWORD).await;
    let mut statuses = Vec::new();
    for _ in 0..31 {
        statuses.push(app.sign_in(PHONE, PASSWORD).await.status().as_u16());
    }
    assert!(statuses[..30].iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(statuses[30], 429);
}
