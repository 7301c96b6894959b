//! Many writers at once. SQLite takes one writer at a time and PostgreSQL orders them by row
//! locks; either way every phone's change is applied once, and a write that cannot have its
//! turn in time is told to come back (429 busy), never failed and never half-stored.

use kopdes_domain::api::{ErrorBody, ErrorCode};
use serde_json::json;
use sqlx::{Connection, SqliteConnection};

use crate::change_requests::member;
use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp, header};
use crate::on_both_backends;
use crate::savings::{balances, code, entry};
use crate::sync::push;

on_both_backends!(a_hundred_phones_recording_deposits_at_once_all_get_them_applied_once);

async fn a_hundred_phones_recording_deposits_at_once_all_get_them_applied_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let (own, member_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;

    let phones = (0..100u32).map(|n| {
        // Each phone on its own connection, as when a village's phones come back online.
        let client = reqwest::Client::new();
        let url = app.url("/api/sync/push");
        let session = ketua.clone();
        let deposit = entry(
            n,
            &coop.id,
            &member_id,
            "sukarela",
            "deposit",
            "1.000",
            json!({}),
        );
        tokio::spawn(async move {
            client
                .post(url)
                .header("cookie", session)
                .json(&json!({ "operations": [deposit] }))
                .send()
                .await
                .expect("push sent")
        })
    });
    for phone in phones.collect::<Vec<_>>() {
        let response = phone.await.expect("phone task");
        assert_eq!(response.status(), 200);
        let answer: kopdes_domain::sync::PushResponse = response.json().await.expect("answer");
        assert_eq!(code(&answer.results[0].outcome), "applied");
    }

    let (_, _, sukarela, entries) = balances(&app, &own, &member_id).await;
    assert_eq!((sukarela, entries), (100_000, 100));
}

#[tokio::test]
async fn a_deposit_the_database_cannot_take_in_time_is_busy_and_applies_on_the_next_try() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (_, ketua, coop) = registered(&app).await;
    let (own, member_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    let before = balances(&app, &own, &member_id).await;
    let deposit = entry(
        1,
        &coop.id,
        &member_id,
        "sukarela",
        "deposit",
        "5.000",
        json!({}),
    );

    // Another process on the same file (a second server, a backup) holds the write lock
    // longer than the server waits for it.
    let other = another_process_holding_the_write_lock(&app).await;
    let busy = app
        .post_json(
            "/api/sync/push",
            Some(&ketua),
            json!({ "operations": [deposit.clone()] }),
        )
        .await;
    assert_eq!(busy.status(), 429);
    assert!(
        header(&busy, "retry-after")
            .parse::<u64>()
            .expect("seconds")
            >= 1
    );
    let body: ErrorBody = busy.json().await.expect("error body");
    assert_eq!(body.code, ErrorCode::Busy);
    // Reads go on beside the lock, and nothing of the deposit was kept.
    assert_eq!(balances(&app, &own, &member_id).await, before);

    release(other).await;
    let answer = push(&app, &ketua, vec![deposit]).await;
    assert_eq!(code(&answer.results[0].outcome), "applied");
    let (_, _, sukarela, entries) = balances(&app, &own, &member_id).await;
    assert_eq!((sukarela, entries), (before.2 + 5_000, before.3 + 1));
}

#[tokio::test]
async fn a_signed_in_read_goes_on_while_another_process_holds_the_write_lock() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (_, ketua, coop) = registered(&app).await;
    // Last seen two minutes ago: this read would refresh the session's idle clock.
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - 120000")
        .execute(&app.db.writer)
        .await
        .expect("session aged");
    let other = another_process_holding_the_write_lock(&app).await;

    let read = app
        .get_as(&ketua, &format!("/api/cooperatives/{}", coop.id))
        .await;

    assert_eq!(read.status(), 200);
    release(other).await;
}

/// A connection of its own to the test's SQLite file, inside a write transaction.
pub(crate) async fn another_process_holding_the_write_lock(app: &TestApp) -> SqliteConnection {
    let mut other = SqliteConnection::connect(&app.database.url)
        .await
        .expect("second connection");
    sqlx::raw_sql("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .expect("write lock");
    other
}

pub(crate) async fn release(mut other: SqliteConnection) {
    sqlx::raw_sql("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("lock released");
}
