//! Dates and text are plausible: what no person could mean is refused at its field and
//! changes nothing.

use kopdes_domain::member::CONSENT_NOTICE_VERSION;
use serde_json::{Value, json};

use crate::change_requests::member;
use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp, first_field_error};
use crate::on_both_backends;
use crate::savings::{code, entry};
use crate::sync::push;

on_both_backends!(
    names_with_controls_or_reversing_marks_are_refused_and_nothing_is_stored,
    nul_is_refused_in_any_field_alike_on_both_databases,
    a_member_cannot_join_before_being_born,
    a_savings_entry_dated_a_century_ago_is_refused,
);

fn registration(name: &str, join_date: &str) -> Value {
    json!({"nik": "3204125512050003", "name": name, "address": "Kp. Cangkuang",
           "join_date": join_date, "consent_notice_version": CONSENT_NOTICE_VERSION})
}

async fn names_with_controls_or_reversing_marks_are_refused_and_nothing_is_stored(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/members", cooperative.id);
    for name in ["Siti \u{202E}hanimA", "Si\u{200B}ti", "Siti\u{1B}[31m"] {
        let response = app
            .post_json(&path, Some(&ketua), registration(name, "2026-01-15"))
            .await;
        assert_eq!(response.status(), 422, "{name:?}");
        assert_eq!(
            first_field_error(&response.json().await.expect("body")),
            ("name".to_owned(), "text.control".to_owned()),
            "{name:?}"
        );
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(stored, 0);
}

async fn a_member_cannot_join_before_being_born(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    // Born 15 December 2005 (digits 7-12 of the NIK).
    let response = app
        .post_json(
            &format!("/api/cooperatives/{}/members", cooperative.id),
            Some(&ketua),
            registration("Siti Aminah", "2004-06-01"),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        first_field_error(&response.json().await.expect("body")),
        ("join_date".to_owned(), "date.before_birth".to_owned())
    );
}

async fn a_savings_entry_dated_a_century_ago_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let (_, member_id) = member(
        &app,
        &ketua,
        &cooperative.id,
        "3204125512050003",
        "0813 2222 3333",
    )
    .await;
    let answered = push(
        &app,
        &ketua,
        vec![entry(
            1,
            &cooperative.id,
            &member_id,
            "sukarela",
            "deposit",
            "5.000",
            json!({"recorded_on": "1900-01-01"}),
        )],
    )
    .await;
    assert_eq!(code(&answered.results[0].outcome), "date.too_old");
}

async fn nul_is_refused_in_any_field_alike_on_both_databases(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, _, _) = registered(&app).await;
    let response = app
        .post_json(
            "/api/announcements",
            Some(&dinas),
            json!({"title": {"id": "Rapat\u{0}"}, "body": {"id": "Rapat anggota."}, "region": "32"}),
        )
        .await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("body");
    assert_eq!(body["code"], "bad_request");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM announcements")
        .fetch_one(&app.db.pool)
        .await
        .expect("count");
    assert_eq!(stored, 0);
}
