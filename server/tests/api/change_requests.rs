//! Pembaruan data mandiri: a member asks through the outbox, a pengurus decides, never their own.

use kopdes_domain::member::{ChangeRequest, RequestStatus};
use kopdes_domain::sync::Outcome;
use serde_json::{Value, json};

use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_backends;
use crate::sync::push;

on_both_backends!(
    a_member_asks_a_pengurus_approves_and_the_record_changes_once,
    a_rejection_needs_a_reason_and_the_member_reads_it,
    nobody_decides_on_their_own_record_or_on_another_members_behalf,
);

/// A member with an account; their session and member id.
pub(crate) async fn member(
    app: &TestApp,
    ketua: &str,
    coop: &str,
    nik: &str,
    phone: &str,
) -> (String, String) {
    let registered: Value = app
        .post_json(
            &format!("/api/cooperatives/{coop}/members"),
            Some(ketua),
            json!({"nik": nik, "name": "Neng Sari", "phone": phone, "join_date": "2026-01-15",
                   "consent_notice_version": kopdes_domain::member::CONSENT_NOTICE_VERSION, "create_account": true}),
        )
        .await
        .json()
        .await
        .expect("member");
    let session = session_cookie(
        &app.post_json(
            "/api/activation",
            None,
            json!({"phone": phone, "code": registered["activation_code"], "password": "anggota-baru-2026"}),
        )
        .await,
    );
    let id = registered["member"]["id"].as_str().expect("id").to_owned();
    (session, id)
}

pub(crate) fn ask(op: &str, request: &str, member_id: &str, name: &str) -> Value {
    json!({
        "id": op,
        "record_id": request,
        "base_version": null,
        "kind": "member_data_change",
        "data": {"member_id": member_id, "name": name, "phone": "0813 2222 4444", "address": "Kp. Cangkuang RT 02"}
    })
}

async fn requests(app: &TestApp, session: &str, path: &str) -> Vec<ChangeRequest> {
    let response = app.get_as(session, path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("requests")
}

async fn member_record(app: &TestApp, session: &str, id: &str) -> Value {
    app.get_as(session, &format!("/api/members/{id}"))
        .await
        .json()
        .await
        .expect("member")
}

async fn a_member_asks_a_pengurus_approves_and_the_record_changes_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let (sari, member_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    let before = member_record(&app, &ketua, &member_id).await;
    let op = ask(
        "0193a1b2-0000-7000-8000-0000000000d1",
        "0193a1b2-0000-7000-8000-0000000000e1",
        &member_id,
        "Neng Sari Rahayu",
    );

    let asked = push(&app, &sari, vec![op.clone()]).await;
    assert_eq!(asked.results[0].outcome, Outcome::Applied { version: 1 });
    let again = push(&app, &sari, vec![op]).await;
    assert!(matches!(
        again.results[0].outcome,
        Outcome::Duplicate { .. }
    ));
    // Nothing changes before a pengurus decides.
    assert_eq!(
        member_record(&app, &ketua, &member_id).await["name"],
        "Neng Sari"
    );
    let pending = requests(
        &app,
        &ketua,
        &format!("/api/cooperatives/{}/change-requests", coop.id),
    )
    .await;
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].status, RequestStatus::Pending);
    assert_eq!(pending[0].current.name, "Neng Sari");
    assert_eq!(pending[0].requested.name, "Neng Sari Rahayu");

    let approved = app
        .post_json(
            &format!("/api/change-requests/{}/approve", pending[0].id),
            Some(&ketua),
            json!({}),
        )
        .await;
    assert_eq!(approved.status(), 200);
    let twice = app
        .post_json(
            &format!("/api/change-requests/{}/approve", pending[0].id),
            Some(&ketua),
            json!({}),
        )
        .await;
    assert_eq!(twice.status(), 409);

    let after = member_record(&app, &ketua, &member_id).await;
    assert_eq!(after["name"], "Neng Sari Rahayu");
    assert_eq!(after["phone"], "+6281322224444");
    assert_eq!(after["address"], "Kp. Cangkuang RT 02");
    assert_eq!(
        after["version"],
        before["version"].as_i64().expect("version") + 1
    );
    assert_eq!(
        app.audit_count("member.updated_on_request", &member_id)
            .await,
        1
    );
    let mine = requests(&app, &sari, "/api/me/change-requests").await;
    assert_eq!(mine[0].status, RequestStatus::Approved);
}

async fn a_rejection_needs_a_reason_and_the_member_reads_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let (sari, member_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    let asked = push(
        &app,
        &sari,
        vec![ask(
            "0193a1b2-0000-7000-8000-0000000000d2",
            "0193a1b2-0000-7000-8000-0000000000e2",
            &member_id,
            "Sari",
        )],
    )
    .await;
    assert_eq!(asked.results[0].outcome, Outcome::Applied { version: 1 });
    let id = requests(&app, &sari, "/api/me/change-requests").await[0]
        .id
        .clone();

    let without = app
        .post_json(
            &format!("/api/change-requests/{id}/reject"),
            Some(&ketua),
            json!({"reasons": " "}),
        )
        .await;
    assert_eq!(without.status(), 422);
    let rejected = app
        .post_json(
            &format!("/api/change-requests/{id}/reject"),
            Some(&ketua),
            json!({"reasons": "Nama harus sama dengan KTP."}),
        )
        .await;
    assert_eq!(rejected.status(), 200);

    let mine = requests(&app, &sari, "/api/me/change-requests").await;
    assert_eq!(mine[0].status, RequestStatus::Rejected);
    assert_eq!(
        mine[0].reason.as_deref(),
        Some("Nama harus sama dengan KTP.")
    );
    assert_eq!(
        member_record(&app, &ketua, &member_id).await["name"],
        "Neng Sari"
    );
}

async fn nobody_decides_on_their_own_record_or_on_another_members_behalf(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (sari, sari_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    let (_, other_id) = member(&app, &ketua, &coop.id, "3204120101900002", "0813 2222 5555").await;
    // Sari also becomes the secretary: a pengurus, with the same account.
    let today = kopdes_server::clock::today();
    let appointed = app
        .post_json(
            &format!("/api/cooperatives/{}/officers", coop.id),
            Some(&ketua),
            json!({"name": "Neng Sari", "phone": "0813 2222 3333", "organ": "pengurus", "position": "sekretaris", "existing_account_confirmed": true,
                   "term_start": today.to_string(), "term_end": today.add_years(5).to_string()}),
        )
        .await;
    assert_eq!(appointed.status(), 201);

    // Only for one's own record.
    let for_another = push(
        &app,
        &sari,
        vec![ask(
            "0193a1b2-0000-7000-8000-0000000000d3",
            "0193a1b2-0000-7000-8000-0000000000e3",
            &other_id,
            "Orang Lain",
        )],
    )
    .await;
    assert!(
        matches!(&for_another.results[0].outcome, Outcome::Rejected { code, .. } if code == "forbidden")
    );

    let own = push(
        &app,
        &sari,
        vec![ask(
            "0193a1b2-0000-7000-8000-0000000000d4",
            "0193a1b2-0000-7000-8000-0000000000e4",
            &sari_id,
            "Neng Sari Rahayu",
        )],
    )
    .await;
    assert_eq!(own.results[0].outcome, Outcome::Applied { version: 1 });
    let id = requests(&app, &sari, "/api/me/change-requests").await[0]
        .id
        .clone();
    let approve = format!("/api/change-requests/{id}/approve");

    assert_eq!(
        app.post_json(&approve, Some(&sari), json!({}))
            .await
            .status(),
        403
    );
    assert_eq!(
        app.post_json(&approve, Some(&dinas), json!({}))
            .await
            .status(),
        403
    );
    assert_eq!(
        app.post_json(&approve, Some(&ketua), json!({}))
            .await
            .status(),
        200
    );
    assert_eq!(
        member_record(&app, &ketua, &sari_id).await["name"],
        "Neng Sari Rahayu"
    );
}
