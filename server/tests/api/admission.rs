//! When more requests arrive than a process should work on at once, the rest wait a little and
//! are then told to come back later (429 busy, Retry-After), never failed.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use kopdes_domain::api::{ErrorBody, ErrorCode};

use crate::helpers::{Backend, TestApp, header};
use crate::on_both_backends;

on_both_backends!(a_reconnect_storm_of_500_phones_gets_answers_or_busy_never_errors);

#[tokio::test]
async fn a_request_finding_every_place_taken_is_told_when_to_come_back() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.max_in_flight = 1;
        config.admission_wait_ms = 100;
    })
    .await;

    let session = app.signed_in("081234567890", "sawah-hijau-2026").await;

    // A phone on a dying link: its push has begun and its body never finishes arriving.
    let host = app.address.trim_start_matches("http://");
    let mut stalled = TcpStream::connect(host).expect("connect");
    stalled
        .write_all(
            format!(
                "POST /api/sync/push HTTP/1.1\r\nhost: {host}\r\ncookie: {session}\r\n\
                 content-type: application/json\r\ncontent-length: 1000\r\n\r\n{{\"operations\": ["
            )
            .as_bytes(),
        )
        .expect("write");
    stalled.flush().expect("flush");

    let busy = wait_for(&app, |status| status == 429).await;
    assert!(
        header(&busy, "retry-after")
            .parse::<u64>()
            .expect("seconds")
            >= 1,
        "Retry-After is a whole number of seconds"
    );
    let body: ErrorBody = busy.json().await.expect("error body");
    assert_eq!(body.code, ErrorCode::Busy);

    // The link drops; its place frees and the next request is served.
    drop(stalled);
    wait_for(&app, |status| status == 200).await;
}

/// Asks for /api/health until the answer's status is the one wanted (the stalled request may
/// take a moment to reach the server, and its place a moment to free up).
async fn wait_for(app: &TestApp, wanted: impl Fn(u16) -> bool) -> reqwest::Response {
    for _ in 0..100 {
        let response = app.get("/api/health").await;
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
