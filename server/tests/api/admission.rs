//! When more requests arrive than a process should work on at once, the rest wait a little and
//! are then told to come back later (429 busy, Retry-After), never failed.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use crate::contention::{another_process_holding_the_write_lock, release};
use kopdes_domain::api::{ErrorBody, ErrorCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{Backend, TestApp, header};
use crate::on_both_backends;

on_both_backends!(a_reconnect_storm_of_500_phones_gets_answers_or_busy_never_errors);

/// An anonymous client trickling request bodies a byte at a time holds only its own sockets:
/// every place stays free for real work, and the health check answers.
#[tokio::test]
async fn seventy_slow_senders_keep_no_one_else_waiting() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.max_in_flight = 4;
        config.admission_wait_ms = 100;
    })
    .await;
    let session = app.signed_in("081234567890", "sawah-hijau-2026").await;

    let host = app.address.trim_start_matches("http://");
    let slow: Vec<TcpStream> = (0..70)
        .map(|_| {
            let mut stream = TcpStream::connect(host).expect("connect");
            stream
                .write_all(
                    format!(
                        "POST /api/activation HTTP/1.1\r\nhost: {host}\r\n\
                         content-type: application/json\r\ncontent-length: 1000\r\n\r\n{{"
                    )
                    .as_bytes(),
                )
                .expect("write");
            stream.flush().expect("flush");
            stream
        })
        .collect();
    // Give the server time to take every one of them in.
    tokio::time::sleep(Duration::from_millis(300)).await;

    assert_eq!(app.get("/api/health").await.status(), 200);
    for _ in 0..10 {
        assert_eq!(app.get_as(&session, "/api/me").await.status(), 200);
    }
    drop(slow);
}

/// A client that never finishes its headers is cut off: it cannot hold a socket and a task for
/// ever by trickling bytes.
#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.header_read_timeout_secs = 1;
    })
    .await;
    let host = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    stream
        .write_all(format!("GET /api/health HTTP/1.1\r\nhost: {host}\r\nx-slow: a").as_bytes())
        .await
        .expect("write");
    let mut answer = Vec::new();
    // Closed by the server (end of stream), perhaps after a 408, long before our 10 s.
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(
        matches!(read, Ok(Ok(_))),
        "the server closed the connection: {read:?}"
    );
    let text = String::from_utf8_lossy(&answer);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
    // Meanwhile everyone else is served.
    assert_eq!(app.get("/api/health").await.status(), 200);
}

/// When every place is taken by work (here a sign-in waiting for a database write lock held
/// elsewhere, to store its session), the next request waits a little and is told when to come back; the health
/// check still answers at once.
#[tokio::test]
async fn a_request_finding_every_place_taken_is_told_when_to_come_back() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.max_in_flight = 1;
        config.admission_wait_ms = 100;
    })
    .await;
    let session = app.signed_in("081234567890", "sawah-hijau-2026").await;

    let other = another_process_holding_the_write_lock(&app).await;
    let waiting = {
        let (client, url) = (app.client.clone(), app.url("/api/session"));
        tokio::spawn(async move {
            client
                .post(url)
                .json(&serde_json::json!({"phone": "081234567890", "password": "sawah-hijau-2026"}))
                .send()
                .await
                .expect("sign-in answered")
        })
    };

    let busy = wait_for(&app, &session, |status| status == 429).await;
    assert!(
        header(&busy, "retry-after")
            .parse::<u64>()
            .expect("seconds")
            >= 1,
        "Retry-After is a whole number of seconds"
    );
    let body: ErrorBody = busy.json().await.expect("error body");
    assert_eq!(body.code, ErrorCode::Busy);
    assert_eq!(app.get("/api/health").await.status(), 200);

    // The lock is released; the sign-in finishes, its place frees and the next request is served.
    release(other).await;
    waiting.await.expect("sign-in task");
    wait_for(&app, &session, |status| status == 200).await;
}

/// Asks for the account until the answer's status is the one wanted (the waiting request may
/// take a moment to reach the server, and its place a moment to free up).
async fn wait_for(app: &TestApp, session: &str, wanted: impl Fn(u16) -> bool) -> reqwest::Response {
    for _ in 0..100 {
        let response = app.get_as(session, "/api/me").await;
        if wanted(response.status().as_u16()) {
            return response;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the wanted answer never came");
}

async fn a_reconnect_storm_of_500_phones_gets_answers_or_busy_never_errors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.signed_in("081234567890", "sawah-hijau-2026").await;

    let phones = (0..500).map(|_| {
        // Each phone has its own connection, as after an outage.
        let client = reqwest::Client::new();
        let url = app.url("/api/sync/pull");
        let session = session.clone();
        tokio::spawn(async move {
            let response = client
                .get(url)
                .header("cookie", session)
                .send()
                .await
                .expect("answered");
            let status = response.status().as_u16();
            let retry_after = response.headers().contains_key("retry-after");
            (status, retry_after)
        })
    });
    let mut answered = 0;
    for phone in phones.collect::<Vec<_>>() {
        let (status, retry_after) = phone.await.expect("phone task");
        match status {
            200 => answered += 1,
            429 => assert!(retry_after, "busy always says when to come back"),
            other => panic!("a phone got {other}"),
        }
    }
    assert!(answered > 0, "the server kept serving through the storm");
}
