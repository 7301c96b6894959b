//! Staff administration: who may appoint, remove, disable and reset whom, for every kind of
//! issuer against every kind of place; and a disabled account is out at once.

use kopdes_domain::account::Me;
use kopdes_domain::staff::{StaffAppointed, StaffPage, StaffWork};
use serde_json::json;

use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp, first_field_error, session_cookie};
use crate::on_both_backends;

on_both_backends!(
    every_issuer_against_every_place,
    an_appointed_dinas_admin_activates_and_reads_as_a_place,
    naming_a_phone_with_an_account_needs_confirmation_and_gives_no_code,
    disabling_ends_every_session_at_once_and_enabling_lets_them_back,
    removing_a_dinas_admin_takes_the_role_at_the_next_request,
    power_over_a_staff_account_needs_a_strictly_wider_scope,
    a_province_admin_lists_the_admins_inside_it_with_search_and_total,
    the_work_page_counts_what_waits_in_the_scope,
);

const PASSWORD: &str = "kantor-dinas-2026";

fn appointment(name: &str, phone: &str, region: &str) -> serde_json::Value {
    json!({"name": name, "phone": phone, "region": region})
}

async fn appoint(app: &TestApp, by: &str, phone: &str, region: &str) -> reqwest::Response {
    app.post_json(
        "/api/staff",
        Some(by),
        appointment("Petugas Dinas", phone, region),
    )
    .await
}

/// Appoints, activates and signs in a dinas admin; returns (session, user id).
async fn appointed_admin(app: &TestApp, by: &str, phone: &str, region: &str) -> (String, String) {
    let response = appoint(app, by, phone, region).await;
    assert_eq!(response.status(), 201, "{region} appointed");
    let appointed: StaffAppointed = response.json().await.expect("appointed");
    let code = appointed
        .activation_code
        .expect("a new account gets a code");
    let activated = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": phone, "code": code, "password": PASSWORD}),
        )
        .await;
    assert_eq!(activated.status(), 200);
    (session_cookie(&activated), appointed.user_id)
}

async fn every_issuer_against_every_place(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let (west_java, ketua, _) = registered(&app).await;
    let bandung = app.staff("0811 3204 0001", Some("32.04")).await;
    let central_java = app.staff("0811 3300 0001", Some("33")).await;
    let issuers = [
        ("ministry", Some(&ministry)),
        ("province 32", Some(&west_java)),
        ("regency 32.04", Some(&bandung)),
        ("province 33", Some(&central_java)),
        ("ketua", Some(&ketua)),
        ("anonymous", None),
    ];
    // Each place, and who may appoint its admin.
    let places = [
        ("32", ["ministry"].as_slice()),
        ("32.05", &["ministry", "province 32"]),
        ("32.04", &["ministry", "province 32"]),
        ("33.01", &["ministry", "province 33"]),
    ];
    let mut phone = 0;
    for (place, allowed) in places {
        for (issuer, session) in &issuers {
            phone += 1;
            let response = app
                .post_json(
                    "/api/staff",
                    session.map(String::as_str),
                    appointment("Petugas", &format!("0857 1000 {phone:04}"), place),
                )
                .await;
            let expected = if allowed.contains(issuer) {
                201
            } else if session.is_none() {
                401
            } else {
                403
            };
            assert_eq!(
                response.status(),
                expected,
                "{issuer} appointing an admin for {place}"
            );
        }
    }
    // A ketua appointing nothing gains nothing: no account was made for a refused phone.
    let refused_phone_accounts: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE phone LIKE '+6285710%' AND id NOT IN \
         (SELECT user_id FROM staff_roles)",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("count");
    assert_eq!(refused_phone_accounts, 0);
}

async fn an_appointed_dinas_admin_activates_and_reads_as_a_place(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let (admin, _) = appointed_admin(&app, &ministry, "0811 3200 0009", "32").await;
    let me: Me = app
        .get_as(&admin, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    assert_eq!(me.roles.len(), 1);
    assert_eq!(me.roles[0].place.as_deref(), Some("Jawa Barat"));
    // Their power is their province's: they appoint a regency admin inside it.
    assert_eq!(
        appoint(&app, &admin, "0811 3204 0009", "32.04")
            .await
            .status(),
        201
    );
    let invalid = appoint(&app, &admin, "0811 3204 0010", "32.04.12").await;
    assert_eq!(invalid.status(), 422);
    let body = invalid.json().await.expect("error body");
    assert_eq!(
        first_field_error(&body),
        ("region".to_owned(), "staff.region_level".to_owned())
    );
    let unknown = appoint(&app, &admin, "0811 3204 0011", "32.99").await;
    assert_eq!(
        first_field_error(&unknown.json().await.expect("error body")),
        ("region".to_owned(), "region.unknown".to_owned())
    );
    assert_eq!(app.audit_count("staff.appointed", &me.id).await, 1);
}

async fn naming_a_phone_with_an_account_needs_confirmation_and_gives_no_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let existing = app.signed_in("0812 7777 0001", "sandi-sendiri-2026").await;
    let refused = appoint(&app, &ministry, "0812 7777 0001", "32").await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        first_field_error(&refused.json().await.expect("body")),
        ("phone".to_owned(), "phone.has_account".to_owned())
    );
    let mut confirmed = appointment("Petugas", "0812 7777 0001", "32");
    confirmed["existing_account_confirmed"] = json!(true);
    let response = app
        .post_json("/api/staff", Some(&ministry), confirmed.clone())
        .await;
    assert_eq!(response.status(), 201);
    let appointed: StaffAppointed = response.json().await.expect("appointed");
    assert_eq!(appointed.activation_code, None, "no code for an account");
    // The holder keeps their password and sees the appointment.
    assert_eq!(
        app.sign_in("0812 7777 0001", "sandi-sendiri-2026")
            .await
            .status(),
        200
    );
    let log: Vec<kopdes_domain::member::AccessLogEntry> = app
        .get_as(&existing, "/api/me/account-log")
        .await
        .json()
        .await
        .expect("log");
    assert!(log.iter().any(|e| e.action == "staff.appointed"));
    // Appointing them again is refused at the field, not a second role.
    let again = app
        .post_json("/api/staff", Some(&ministry), confirmed)
        .await;
    assert_eq!(
        first_field_error(&again.json().await.expect("body")),
        ("phone".to_owned(), "staff.already_dinas".to_owned())
    );
}

async fn disabling_ends_every_session_at_once_and_enabling_lets_them_back(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let (phone_session, id) = appointed_admin(&app, &ministry, "0811 3200 0009", "32").await;
    let laptop_session = session_cookie(&app.sign_in("0811 3200 0009", PASSWORD).await);
    let disabled = app
        .post_json(
            &format!("/api/staff/{id}/disable"),
            Some(&ministry),
            json!({"reason": "Pindah tugas"}),
        )
        .await;
    assert_eq!(disabled.status(), 204);
    for session in [&phone_session, &laptop_session] {
        assert_eq!(app.get_as(session, "/api/me").await.status(), 401);
    }
    assert_eq!(app.sign_in("0811 3200 0009", PASSWORD).await.status(), 401);
    assert_eq!(app.audit_count("account.disabled", &id).await, 1);
    let enabled = app
        .post_json(
            &format!("/api/staff/{id}/enable"),
            Some(&ministry),
            json!({}),
        )
        .await;
    assert_eq!(enabled.status(), 204);
    assert_eq!(app.sign_in("0811 3200 0009", PASSWORD).await.status(), 200);
    // The sessions that were ended stay ended.
    assert_eq!(app.get_as(&phone_session, "/api/me").await.status(), 401);
}

async fn removing_a_dinas_admin_takes_the_role_at_the_next_request(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let (admin, id) = appointed_admin(&app, &ministry, "0811 3200 0009", "32").await;
    assert_eq!(app.get_as(&admin, "/api/staff").await.status(), 200);
    let removed = app.delete_as(&ministry, &format!("/api/staff/{id}")).await;
    assert_eq!(removed.status(), 204);
    assert_eq!(app.get_as(&admin, "/api/staff").await.status(), 403);
    let me: Me = app
        .get_as(&admin, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    assert!(me.roles.is_empty());
    assert_eq!(
        app.delete_as(&ministry, &format!("/api/staff/{id}"))
            .await
            .status(),
        404,
        "gone"
    );
}

async fn power_over_a_staff_account_needs_a_strictly_wider_scope(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let (west_java, west_java_id) = appointed_admin(&app, &ministry, "0811 3200 0009", "32").await;
    let (_, other_west_java_id) = appointed_admin(&app, &ministry, "0811 3200 0010", "32").await;
    let (bandung, bandung_id) = appointed_admin(&app, &west_java, "0811 3204 0009", "32.04").await;
    let (_, central_java_regency_id) =
        appointed_admin(&app, &ministry, "0811 3301 0009", "33.01").await;
    let ministry_id = app
        .get_as(&ministry, "/api/me")
        .await
        .json::<Me>()
        .await
        .expect("me")
        .id;
    // (issuer, target, expected status) for every action that gives power over an account;
    // the refusals first, while every issuer still holds its role.
    let cases = [
        (&west_java, &other_west_java_id, 403),
        (&west_java, &west_java_id, 403),
        (&west_java, &central_java_regency_id, 404),
        (&bandung, &west_java_id, 404),
        (&bandung, &bandung_id, 403),
        (&west_java, &ministry_id, 404),
        (&west_java, &bandung_id, 200),
        (&ministry, &west_java_id, 200),
    ];
    for (issuer, target, expected) in cases {
        let code = app
            .post_json(
                &format!("/api/staff/{target}/code"),
                Some(issuer),
                json!({}),
            )
            .await;
        assert_eq!(code.status(), expected, "code for {target}");
        let disable = app
            .post_json(
                &format!("/api/staff/{target}/disable"),
                Some(issuer),
                json!({}),
            )
            .await;
        let done = if expected == 200 { 204 } else { expected };
        assert_eq!(disable.status(), done, "disabling {target}");
        let remove = app.delete_as(issuer, &format!("/api/staff/{target}")).await;
        assert_eq!(remove.status(), done, "removing {target}");
    }
}

async fn a_province_admin_lists_the_admins_inside_it_with_search_and_total(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let (west_java, _) = appointed_admin(&app, &ministry, "0811 3200 0009", "32").await;
    for (i, regency) in ["32.01", "32.02", "32.03", "32.04", "32.05"]
        .iter()
        .enumerate()
    {
        assert_eq!(
            appoint(&app, &west_java, &format!("0811 3299 00{i:02}"), regency)
                .await
                .status(),
            201
        );
    }
    appointed_admin(&app, &ministry, "0811 3300 0009", "33").await;
    let page: StaffPage = app
        .get_as(&west_java, "/api/staff?limit=2")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(page.total, 6, "five regencies and themselves");
    assert_eq!(page.items.len(), 2);
    let second: StaffPage = app
        .get_as(&west_java, "/api/staff?limit=2&offset=2")
        .await
        .json()
        .await
        .expect("page");
    assert!(second.items.iter().all(|s| !page.items.contains(s)));
    let found: StaffPage = app
        .get_as(&west_java, "/api/staff?search=bandung")
        .await
        .json()
        .await
        .expect("page");
    let places: Vec<_> = found.items.iter().filter_map(|s| s.place.clone()).collect();
    assert_eq!(places, ["Kabupaten Bandung"]);
    let everyone: StaffPage = app
        .get_as(&ministry, "/api/staff")
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(everyone.total, 8, "the ministry sees every staff role");
    assert!(
        everyone
            .items
            .iter()
            .any(|s| s.place.as_deref() == Some("Jawa Tengah"))
    );
}

async fn the_work_page_counts_what_waits_in_the_scope(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let before: StaffWork = app
        .get_as(&dinas, "/api/staff/work")
        .await
        .json()
        .await
        .expect("work");
    assert_eq!(before.awaiting_verification, 0);
    assert_eq!(before.drafts, 1);
    crate::cooperatives::completed(&app, &ketua, &cooperative.id).await;
    let submitted = app
        .post_json(
            &format!("/api/cooperatives/{}/submit", cooperative.id),
            Some(&ketua),
            json!({}),
        )
        .await;
    let work: StaffWork = app
        .get_as(&dinas, "/api/staff/work")
        .await
        .json()
        .await
        .expect("work");
    assert_eq!(submitted.status(), 200);
    assert_eq!(work.awaiting_verification, 1);
    assert_eq!(work.drafts, 0);
    assert!(work.oldest_submitted_at.is_some());
    // Another province's admin sees none of it.
    let central_java = app.staff("0811 3300 0001", Some("33")).await;
    let elsewhere: StaffWork = app
        .get_as(&central_java, "/api/staff/work")
        .await
        .json()
        .await
        .expect("work");
    assert_eq!(elsewhere.awaiting_verification, 0);
    assert_eq!(app.get_as(&ketua, "/api/staff/work").await.status(), 403);
}
