use kopdes_domain::account::{Me, Role};
use kopdes_domain::api::{ErrorBody, ErrorCode};
use kopdes_domain::cooperative::{Cooperative, CooperativeStatus, RegisteredCooperative};
use serde_json::json;

use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_backends;

on_both_backends!(
    a_cooperative_goes_from_registration_to_verification,
    admins_act_only_inside_their_region,
    a_stale_or_invalid_profile_changes_nothing,
    lists_show_each_caller_only_their_cooperatives,
);

pub const VILLAGE: &str = "32.04.12.2003"; // Cangkuang Wetan, Kab. Bandung, Jawa Barat
pub const KETUA_PHONE: &str = "0812 1111 2222";

/// A dinas admin of Jawa Barat registers a cooperative; its chair activates their account.
/// Returns (dinas session, ketua session, cooperative).
pub async fn registered(app: &TestApp) -> (String, String, Cooperative) {
    let dinas = app.staff("0811 3200 0001", Some("32")).await;
    let response = app
        .post_json(
            "/api/cooperatives",
            Some(&dinas),
            json!({
                "village": VILLAGE,
                "scheme": "baru",
                "name": "Koperasi Desa Merah Putih Cangkuang Wetan",
                "ketua_name": "Hj. Euis Rohaeti",
                "ketua_phone": KETUA_PHONE,
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let registered: RegisteredCooperative = response.json().await.expect("registered");
    let code = registered
        .ketua_activation_code
        .expect("a new chair gets a code");
    let activated = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": KETUA_PHONE, "code": code, "password": "koperasi-maju-2026"}),
        )
        .await;
    assert_eq!(activated.status(), 200);
    (dinas, session_cookie(&activated), registered.cooperative)
}

/// A second cooperative, in Jawa Tengah, registered by its dinas admin; its chair activated.
/// Returns (dinas session, chair session, cooperative id).
pub async fn in_central_java(app: &TestApp) -> (String, String, String) {
    let dinas = app.staff("0811 3300 0001", Some("33")).await;
    let registered: serde_json::Value = app
        .post_json(
            "/api/cooperatives",
            Some(&dinas),
            json!({"village": "33.01.01.2001", "scheme": "mengembangkan", "name": "Koperasi Desa Merah Putih Tambakreja", "ketua_name": "Slamet", "ketua_phone": "0813 3301 0001"}),
        )
        .await
        .json()
        .await
        .expect("registered");
    let chair = session_cookie(
        &app.post_json(
            "/api/activation",
            None,
            json!({"phone": "0813 3301 0001", "code": registered["ketua_activation_code"], "password": "koperasi-jateng-1"}),
        )
        .await,
    );
    (
        dinas,
        chair,
        registered["cooperative"]["id"]
            .as_str()
            .expect("id")
            .to_owned(),
    )
}

/// The chair fills in every field the dinas needs, so the cooperative can be submitted.
pub async fn completed(app: &TestApp, ketua: &str, id: &str) {
    let path = format!("/api/cooperatives/{id}");
    let current: Cooperative = app.get_as(ketua, &path).await.json().await.expect("read");
    let response = app
        .put_json(
            &path,
            ketua,
            profile(current.version, &current.profile.name),
        )
        .await;
    assert_eq!(response.status(), 200, "a complete profile is saved");
}

fn profile(version: i64, name: &str) -> serde_json::Value {
    json!({
        "version": version,
        "name": name,
        "legal_entity_number": "AHU-0012345.AH.01.29.TAHUN 2025",
        "legal_entity_date": "2025-08-17",
        "nik_koperasi": "3204120010001",
        "address": "Jl. Raya Cangkuang No. 1",
        "established_on": "2025-07-21",
        "phone": "0812 1111 2222",
        "email": "kopdes.cangkuangwetan@example.id",
    })
}

async fn a_cooperative_goes_from_registration_to_verification(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    assert_eq!(cooperative.status, CooperativeStatus::Draft);
    assert_eq!(cooperative.village_name, "Cangkuang Wetan");

    let me: Me = app
        .get_as(&ketua, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    assert!(me.roles.iter().any(|g| g.role == Role::Pengurus
        && g.cooperative_id.as_deref() == Some(cooperative.id.as_str())));

    let path = format!("/api/cooperatives/{}", cooperative.id);
    let updated: Cooperative = app
        .put_json(
            &path,
            &ketua,
            profile(1, "Koperasi Desa Merah Putih Cangkuang Wetan"),
        )
        .await
        .json()
        .await
        .expect("updated");
    assert_eq!(updated.version, 2);
    assert_eq!(
        updated
            .profile
            .established_on
            .map(|d| d.to_string())
            .as_deref(),
        Some("2025-07-21")
    );

    let submitted: Cooperative = app
        .post_json(&format!("{path}/submit"), Some(&ketua), json!({}))
        .await
        .json()
        .await
        .expect("submitted");
    assert_eq!(submitted.status, CooperativeStatus::Submitted);
    let locked = app
        .put_json(&path, &ketua, profile(submitted.version, "Nama Lain"))
        .await;
    assert_eq!(
        locked.status(),
        409,
        "a submitted record waits for the dinas"
    );

    let no_reason = app
        .post_json(
            &format!("{path}/return"),
            Some(&dinas),
            json!({"reasons": "  "}),
        )
        .await;
    assert_eq!(no_reason.status(), 422);
    let returned: Cooperative = app
        .post_json(
            &format!("{path}/return"),
            Some(&dinas),
            json!({"reasons": "Lampirkan nomor badan hukum yang benar."}),
        )
        .await
        .json()
        .await
        .expect("returned");
    assert_eq!(returned.status, CooperativeStatus::Returned);
    assert_eq!(
        returned.return_reasons.as_deref(),
        Some("Lampirkan nomor badan hukum yang benar.")
    );

    let fixed = app
        .put_json(
            &path,
            &ketua,
            profile(
                returned.version,
                "Koperasi Desa Merah Putih Cangkuang Wetan",
            ),
        )
        .await;
    assert_eq!(fixed.status(), 200);
    assert_eq!(
        app.post_json(&format!("{path}/submit"), Some(&ketua), json!({}))
            .await
            .status(),
        200
    );
    let verified: Cooperative = app
        .post_json(&format!("{path}/verify"), Some(&dinas), json!({}))
        .await
        .json()
        .await
        .expect("verified");
    assert_eq!(verified.status, CooperativeStatus::Verified);

    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_log WHERE cooperative_id = $1 ORDER BY at, id",
    )
    .bind(&cooperative.id)
    .fetch_all(&app.db.pool)
    .await
    .expect("audit");
    assert_eq!(
        actions,
        [
            "cooperative.registered",
            "cooperative.updated",
            "cooperative.submitted",
            "cooperative.returned",
            "cooperative.updated",
            "cooperative.submitted",
            "cooperative.verified",
        ]
    );
}

async fn admins_act_only_inside_their_region(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let central_java = app.staff("0811 3300 0001", Some("33")).await;
    let path = format!("/api/cooperatives/{}", cooperative.id);

    let elsewhere = app
        .post_json(
            "/api/cooperatives",
            Some(&central_java),
            json!({"village": "32.04.12.2002", "scheme": "baru", "name": "Koperasi", "ketua_name": "A", "ketua_phone": "0812 9999 0000"}),
        )
        .await;
    assert_eq!(elsewhere.status(), 403);
    assert_eq!(app.get_as(&central_java, &path).await.status(), 404);
    completed(&app, &ketua, &cooperative.id).await;
    assert_eq!(
        app.post_json(&format!("{path}/submit"), Some(&ketua), json!({}))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.post_json(&format!("{path}/verify"), Some(&central_java), json!({}))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.post_json(&format!("{path}/verify"), Some(&ketua), json!({}))
            .await
            .status(),
        403,
        "no one verifies their own"
    );

    let national = app.staff("0811 0000 0001", None).await;
    assert_eq!(
        app.post_json(&format!("{path}/verify"), Some(&national), json!({}))
            .await
            .status(),
        200
    );
}

async fn a_stale_or_invalid_profile_changes_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}", cooperative.id);
    assert_eq!(
        app.put_json(&path, &ketua, profile(1, "Koperasi A"))
            .await
            .status(),
        200
    );

    let stale = app.put_json(&path, &ketua, profile(1, "Koperasi B")).await;
    assert_eq!(stale.status(), 409);
    assert_eq!(
        stale.json::<ErrorBody>().await.expect("body").code,
        ErrorCode::Conflict
    );

    let mut invalid = profile(2, "");
    invalid["established_on"] = json!("2099-01-01");
    invalid["email"] = json!("bukan email");
    let response = app.put_json(&path, &ketua, invalid).await;
    assert_eq!(response.status(), 422);
    let fields: Vec<String> = response
        .json::<ErrorBody>()
        .await
        .expect("body")
        .fields
        .into_iter()
        .map(|f| f.field)
        .collect();
    assert_eq!(
        fields,
        ["name", "established_on", "legal_entity_date", "email"]
    );

    let current: Cooperative = app
        .get_as(&ketua, &path)
        .await
        .json()
        .await
        .expect("current");
    assert_eq!(
        (current.version, current.profile.name.as_str()),
        (2, "Koperasi A")
    );

    let same_village = app
        .post_json(
            "/api/cooperatives",
            Some(&dinas),
            json!({"village": VILLAGE, "scheme": "revitalisasi", "name": "Koperasi Kedua", "ketua_name": "B", "ketua_phone": "0812 3333 4444"}),
        )
        .await;
    assert_eq!(same_village.status(), 422);
    assert_eq!(
        same_village.json::<ErrorBody>().await.expect("body").fields[0].code,
        "village.taken"
    );
}

async fn lists_show_each_caller_only_their_cooperatives(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let central_java = app.staff("0811 3300 0001", Some("33")).await;
    let bandung = app.staff("0811 3204 0001", Some("32.04")).await;

    let ids = |list: Vec<Cooperative>| list.into_iter().map(|c| c.id).collect::<Vec<_>>();
    // Admins find their regions' cooperatives in the registry; this list is one's own.
    for (session, expected) in [(&dinas, 0), (&bandung, 0), (&ketua, 1), (&central_java, 0)] {
        let list: Vec<Cooperative> = app
            .get_as(session, "/api/cooperatives")
            .await
            .json()
            .await
            .expect("list");
        assert_eq!(list.len(), expected);
        if expected == 1 {
            assert_eq!(ids(list), std::slice::from_ref(&cooperative.id));
        }
    }
    assert_eq!(app.get("/api/cooperatives").await.status(), 401);
}
