//! Power over accounts: naming someone's phone as a chair or officer never gives the caller a
//! code for their account; a code that sets a password comes only from a scope that strictly
//! contains every role the account holds. Every kind of issuer against every kind of account.

use kopdes_domain::api::ErrorBody;
use kopdes_domain::member::AccessLogEntry;
use serde_json::{Value, json};

use crate::change_requests::member;
use crate::cooperatives::{in_central_java, registered};
use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_backends;

on_both_backends!(
    naming_a_phone_with_an_account_needs_confirmation_and_gives_no_code,
    a_chair_cannot_take_over_the_ministry_admin_by_appointing_them,
    a_regency_admin_cannot_take_over_the_province_admin_by_registering_them,
    every_issuer_against_every_kind_of_account,
    a_pengurus_resets_a_plain_member_who_sees_it_in_their_history,
);

const PASSWORD: &str = "sandi-rahasia-2026";

/// An account that set its password, with a live session.
struct Target {
    label: &'static str,
    phone: &'static str,
    session: String,
}

fn next_year() -> String {
    kopdes_server::clock::today().add_years(1).to_string()
}

fn officer_appointment(phone: &str, confirmed: bool) -> Value {
    json!({
        "name": "Nama Yang Diketik",
        "phone": phone,
        "organ": "pengawas",
        "position": "anggota",
        "term_start": next_year(),
        "term_end": kopdes_server::clock::today().add_years(3).to_string(),
        "existing_account_confirmed": confirmed,
    })
}

/// A term starting today for the phone's existing account, confirmed as the person meant.
fn current_term_for_existing(name: &str, phone: &str, organ: &str, position: &str) -> Value {
    let today = kopdes_server::clock::today();
    json!({"name": name, "phone": phone, "organ": organ, "position": position,
        "term_start": today.to_string(), "term_end": today.add_years(2).to_string(),
        "existing_account_confirmed": true})
}

async fn field_codes(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), 422);
    let body: ErrorBody = response.json().await.expect("body");
    body.fields
        .into_iter()
        .map(|f| format!("{}:{}", f.field, f.code))
        .collect()
}

/// The stored code of an account (its hash), if it has one: what a refused issue must leave
/// exactly as it was.
async fn stored_code(app: &TestApp, phone: &str) -> Option<String> {
    let phone = kopdes_domain::phone::Phone::parse(phone).expect("phone");
    sqlx::query_scalar(
        "SELECT c.code_hash FROM activation_codes c JOIN users u ON u.id = c.user_id \
         WHERE u.phone = $1",
    )
    .bind(phone.as_str())
    .fetch_optional(&app.db.pool)
    .await
    .expect("code lookup")
}

/// Villages of `region` with no cooperative yet, for registering one per attempt.
async fn free_villages(app: &TestApp, region: &str, count: i64) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT code FROM regions WHERE level = 4 AND code LIKE $1 \
         AND code NOT IN (SELECT village_code FROM cooperatives) ORDER BY code LIMIT $2",
    )
    .bind(format!("{region}.%"))
    .bind(count)
    .fetch_all(&app.db.pool)
    .await
    .expect("villages")
}

/// The chair of a new cooperative in `village`, named by an admin with `phone`, confirmed.
/// Returns the chair's officer id and the code the registration handed out, if any.
async fn register_with_chair(
    app: &TestApp,
    admin: &str,
    village: &str,
    phone: &str,
) -> (String, Option<String>) {
    let response = app
        .post_json(
            "/api/cooperatives",
            Some(admin),
            json!({"village": village, "scheme": "baru", "name": "Koperasi Desa Merah Putih Uji",
                "ketua_name": "Nama Yang Diketik", "ketua_phone": phone,
                "existing_account_confirmed": true}),
        )
        .await;
    assert_eq!(response.status(), 201, "registered in {village}");
    let body: Value = response.json().await.expect("registered");
    let cooperative = body["cooperative"]["id"].as_str().expect("id").to_owned();
    let officers: Vec<Value> = app
        .get_as(admin, &format!("/api/cooperatives/{cooperative}/officers"))
        .await
        .json()
        .await
        .expect("officers");
    (
        officers[0]["id"].as_str().expect("officer id").to_owned(),
        body["ketua_activation_code"].as_str().map(str::to_owned),
    )
}

/// Asks for a new code for an officer's account: `Some(code)` when given, `None` when refused
/// with 403 (and then asserts the account's stored code did not change).
async fn reissue(app: &TestApp, issuer: &str, officer_id: &str, phone: &str) -> Option<String> {
    let before = stored_code(app, phone).await;
    let response = app
        .post_json(
            &format!("/api/officers/{officer_id}/activation-code"),
            Some(issuer),
            json!({}),
        )
        .await;
    match response.status().as_u16() {
        200 => {
            let body: Value = response.json().await.expect("code");
            Some(body["activation_code"].as_str().expect("code").to_owned())
        }
        403 => {
            assert_eq!(
                stored_code(app, phone).await,
                before,
                "a refusal changes nothing"
            );
            None
        }
        other => panic!("unexpected {other} for a code for {phone}"),
    }
}

async fn activated(app: &TestApp, phone: &str, code: &str) -> reqwest::Response {
    app.post_json(
        "/api/activation",
        None,
        json!({"phone": phone, "code": code, "password": PASSWORD}),
    )
    .await
}

async fn history(app: &TestApp, session: &str) -> Vec<AccessLogEntry> {
    app.get_as(session, "/api/me/account-log")
        .await
        .json()
        .await
        .expect("account log")
}

async fn naming_a_phone_with_an_account_needs_confirmation_and_gives_no_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let (_, other_chair, _) = in_central_java(&app).await;

    // The chair of Tambakreja typed by mistake as an officer of Cangkuang Wetan.
    let path = format!("/api/cooperatives/{}/officers", cooperative.id);
    let unconfirmed = app
        .post_json(
            &path,
            Some(&ketua),
            officer_appointment("0813 3301 0001", false),
        )
        .await;
    assert_eq!(field_codes(unconfirmed).await, ["phone:phone.has_account"]);
    let officers: Vec<Value> = app.get_as(&ketua, &path).await.json().await.expect("list");
    assert_eq!(officers.len(), 1, "nothing was appointed");

    let confirmed = app
        .post_json(
            &path,
            Some(&ketua),
            officer_appointment("0813 3301 0001", true),
        )
        .await;
    assert_eq!(confirmed.status(), 201);
    let appointed: Value = confirmed.json().await.expect("appointed");
    assert_eq!(
        appointed["activation_code"],
        Value::Null,
        "no code for an existing account"
    );
    let seen = history(&app, &other_chair).await;
    assert!(
        seen.iter().any(|e| e.action == "account.appointed"),
        "the person named sees the appointment: {seen:?}"
    );

    // The same for a chair named at registration.
    let village = free_villages(&app, "32.04", 1).await.remove(0);
    let unconfirmed = app
        .post_json(
            "/api/cooperatives",
            Some(&dinas),
            json!({"village": village, "scheme": "baru", "name": "Koperasi Desa Merah Putih Uji",
                "ketua_name": "Slamet", "ketua_phone": "0813 3301 0001"}),
        )
        .await;
    assert_eq!(
        field_codes(unconfirmed).await,
        ["ketua_phone:phone.has_account"]
    );
    assert_eq!(
        free_villages(&app, "32.04", 1).await.remove(0),
        village,
        "no cooperative was registered"
    );
    let (_, code) = register_with_chair(&app, &dinas, &village, "0813 3301 0001").await;
    assert_eq!(code, None);
}

/// Repro 1 of the trust issue: a ketua appoints the ministry admin's phone to a term starting
/// next year, asks for a code for that officer, and activates it.
async fn a_chair_cannot_take_over_the_ministry_admin_by_appointing_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let minister = app.staff("0811 0000 0001", None).await;

    let appointed: Value = app
        .post_json(
            &format!("/api/cooperatives/{}/officers", cooperative.id),
            Some(&ketua),
            officer_appointment("0811 0000 0001", true),
        )
        .await
        .json()
        .await
        .expect("appointed");
    let officer_id = appointed["officer"]["id"].as_str().expect("officer id");
    assert_eq!(
        reissue(&app, &ketua, officer_id, "0811 0000 0001").await,
        None
    );
    let guessed = activated(&app, "0811 0000 0001", "12345678").await;
    assert_eq!(guessed.status(), 401);
    assert_eq!(
        app.get_as(&minister, "/api/me").await.status(),
        200,
        "the minister's session lives on"
    );
}

/// Repro 2: a regency admin registers a cooperative with the province admin's phone as chair,
/// asks for the chair's code and activates it.
async fn a_regency_admin_cannot_take_over_the_province_admin_by_registering_them(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let province = app.staff("0811 3200 0001", Some("32")).await;
    let regency = app.staff("0811 3204 0001", Some("32.04")).await;
    let village = free_villages(&app, "32.04", 1).await.remove(0);
    let (officer, code) = register_with_chair(&app, &regency, &village, "0811 3200 0001").await;
    assert_eq!(code, None);
    assert_eq!(
        reissue(&app, &regency, &officer, "0811 3200 0001").await,
        None
    );
    assert_eq!(app.get_as(&province, "/api/me").await.status(), 200);
    // The province admin, who is now also the chair, may hand themselves nothing either: only
    // a wider scope resets them.
    assert_eq!(
        reissue(&app, &province, &officer, "0811 3200 0001").await,
        None
    );
}

async fn every_issuer_against_every_kind_of_account(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (province, ketua, cooperative) = registered(&app).await;
    let regency = app.staff("0811 3204 0001", Some("32.04")).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let officers_path = format!("/api/cooperatives/{}/officers", cooperative.id);

    // The accounts, each activated with a password of its own choosing.
    let (member_session, _) = member(
        &app,
        &ketua,
        &cooperative.id,
        "3204125512050003",
        "0813 2004 1201",
    )
    .await;
    let officer = |phone: &'static str, organ: &'static str, position: &'static str| {
        let (app, ketua, path) = (&app, &ketua, &officers_path);
        async move {
            let today = kopdes_server::clock::today();
            let body: Value = app
                .post_json(
                    path,
                    Some(ketua),
                    json!({"name": "Pejabat", "phone": phone, "organ": organ,
                        "position": position, "term_start": today.to_string(),
                        "term_end": today.add_years(5).to_string()}),
                )
                .await
                .json()
                .await
                .expect("appointed");
            let code = body["activation_code"].as_str().expect("code");
            session_cookie(&activated(app, phone, code).await)
        }
    };
    let treasurer_session = officer("0812 5555 6666", "pengurus", "bendahara").await;
    let supervisor_session = officer("0812 5555 7777", "pengawas", "ketua").await;
    let regency_peer = app.staff("0811 3204 0002", Some("32.04")).await;
    let province_peer = app.staff("0811 3200 0002", Some("32")).await;
    let ministry_peer = app.staff("0811 0000 0002", None).await;
    // The chair of a cooperative in Jawa Tengah who also supervises in Cangkuang Wetan.
    let (_, two_places, _) = in_central_java(&app).await;
    let also_here = app
        .post_json(
            &officers_path,
            Some(&ketua),
            current_term_for_existing("Slamet", "0813 3301 0001", "pengawas", "anggota"),
        )
        .await;
    assert_eq!(also_here.status(), 201);

    let targets = [
        Target {
            label: "member",
            phone: "0813 2004 1201",
            session: member_session,
        },
        Target {
            label: "pengurus",
            phone: "0812 5555 6666",
            session: treasurer_session,
        },
        Target {
            label: "pengawas",
            phone: "0812 5555 7777",
            session: supervisor_session,
        },
        Target {
            label: "dinas regency",
            phone: "0811 3204 0002",
            session: regency_peer,
        },
        Target {
            label: "dinas province",
            phone: "0811 3200 0002",
            session: province_peer,
        },
        Target {
            label: "ministry",
            phone: "0811 0000 0002",
            session: ministry_peer,
        },
        Target {
            label: "two places",
            phone: "0813 3301 0001",
            session: two_places,
        },
    ];

    // Who may give each target a code: the ketua never (appointing someone gives no power
    // over them), a regency admin the cooperative's people, a province admin also the regency
    // admins inside it, the ministry everyone but another minister.
    let expectations: [(&str, &str, [bool; 7]); 4] = [
        ("ketua", &ketua, [false; 7]),
        (
            "dinas regency",
            &regency,
            [true, true, true, false, false, false, false],
        ),
        (
            "dinas province",
            &province,
            [true, true, true, true, false, false, false],
        ),
        (
            "ministry",
            &ministry,
            [true, true, true, true, true, false, true],
        ),
    ];
    let mut villages = free_villages(&app, "32.04", 22).await;
    for (issuer_label, issuer, allowed) in expectations {
        for (target, expected) in targets.iter().zip(allowed) {
            let officer_id = if issuer_label == "ketua" {
                let response = app
                    .post_json(
                        &officers_path,
                        Some(issuer),
                        officer_appointment(target.phone, true),
                    )
                    .await;
                assert_eq!(
                    response.status(),
                    201,
                    "{issuer_label} appoints {}",
                    target.label
                );
                let body: Value = response.json().await.expect("appointed");
                assert_eq!(body["activation_code"], Value::Null);
                body["officer"]["id"].as_str().expect("id").to_owned()
            } else {
                let village = villages.pop().expect("a free village");
                let (officer_id, code) =
                    register_with_chair(&app, issuer, &village, target.phone).await;
                assert_eq!(code, None, "{issuer_label} registering {}", target.label);
                officer_id
            };
            let code = reissue(&app, issuer, &officer_id, target.phone).await;
            assert_eq!(
                code.is_some(),
                expected,
                "{issuer_label} asking a code for the {}",
                target.label
            );
        }
    }

    // Nobody was refused anything they held: every account's own session still works.
    for target in &targets {
        assert_eq!(
            app.get_as(&target.session, "/api/me").await.status(),
            200,
            "{} still signed in",
            target.label
        );
    }
    // A code that was rightly given works once, ends the old sessions, and the holder sees who.
    let code = stored_code(&app, "0811 3200 0002").await;
    assert!(code.is_some());
    let village = villages.pop().expect("a free village");
    let (officer_id, _) = register_with_chair(&app, &ministry, &village, "0811 3200 0002").await;
    let code = reissue(&app, &ministry, &officer_id, "0811 3200 0002")
        .await
        .expect("the ministry resets a province admin");
    let reset = activated(&app, "0811 3200 0002", &code).await;
    assert_eq!(reset.status(), 200);
    assert_eq!(
        app.get_as(&targets[4].session, "/api/me").await.status(),
        401,
        "the old session ended"
    );
    let seen = history(&app, &session_cookie(&reset)).await;
    assert!(
        seen.iter()
            .any(|e| e.action == "account.code_issued" && e.actor_name.is_some()),
        "{seen:?}"
    );
}

async fn a_pengurus_resets_a_plain_member_who_sees_it_in_their_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let (session, member_id) = member(
        &app,
        &ketua,
        &cooperative.id,
        "3204125512050003",
        "0813 2004 1201",
    )
    .await;

    let reset: Value = app
        .post_json(
            &format!("/api/members/{member_id}/activation-code"),
            Some(&ketua),
            json!({}),
        )
        .await
        .json()
        .await
        .expect("code");
    let code = reset["activation_code"].as_str().expect("code");
    let again = activated(&app, "0813 2004 1201", code).await;
    assert_eq!(again.status(), 200);
    assert_eq!(app.get_as(&session, "/api/me").await.status(), 401);
    let actions: Vec<String> = history(&app, &session_cookie(&again))
        .await
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "account.activated",
            "account.code_issued",
            "account.activated"
        ]
    );

    // Once the member is also a pengurus, a fellow pengurus no longer resets them.
    let officers_path = format!("/api/cooperatives/{}/officers", cooperative.id);
    let appointed = app
        .post_json(
            &officers_path,
            Some(&ketua),
            current_term_for_existing("Neng Sari", "0813 2004 1201", "pengurus", "sekretaris"),
        )
        .await;
    assert_eq!(appointed.status(), 201);
    let refused = app
        .post_json(
            &format!("/api/members/{member_id}/activation-code"),
            Some(&ketua),
            json!({}),
        )
        .await;
    assert_eq!(refused.status(), 403);
}
