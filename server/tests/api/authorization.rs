//! The authorization matrix: every endpoint against every kind of caller, including the same
//! role in another cooperative or region. An allowed caller may still get 409 or 422 (the
//! record's state or the body), but never 401, 403 or 404; a denied one gets exactly its
//! denial. Deny by default means a new endpoint must be added here to be tested at all.

use reqwest::Method;
use serde_json::{Value, json};

use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_backends;
use crate::photos::{hex_digest, jpeg};

on_both_backends!(every_endpoint_against_every_caller);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Allowed,
    Unauthenticated,
    Forbidden,
    Hidden,
}
use Expect::{Allowed as A, Forbidden as F, Hidden as H, Unauthenticated as U};

/// Column order of every row below.
const CALLERS: [&str; 11] = [
    "anonymous",
    "plain account",
    "pengurus",
    "pengurus elsewhere",
    "dinas admin",
    "dinas admin elsewhere",
    "ministry admin",
    "member",
    "pengawas",
    "member elsewhere",
    "pengawas elsewhere",
];

async fn every_endpoint_against_every_caller(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let other_dinas = app.staff("0811 3300 0001", Some("33")).await;
    let other = app
        .post_json(
            "/api/cooperatives",
            Some(&other_dinas),
            json!({"village": "33.01.01.2001", "scheme": "mengembangkan", "name": "Koperasi Desa Merah Putih Tambakreja", "ketua_name": "Slamet", "ketua_phone": "0813 3301 0001"}),
        )
        .await;
    let code = other.json::<Value>().await.expect("registered")["ketua_activation_code"]
        .as_str()
        .expect("code")
        .to_owned();
    let other_ketua = session_cookie(
        &app.post_json(
            "/api/activation",
            None,
            json!({"phone": "0813 3301 0001", "code": code, "password": "koperasi-jateng-1"}),
        )
        .await,
    );
    let plain = app.signed_in("0857 0000 0001", "warga-biasa-2026").await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let registered_member: Value = app
        .post_json(
            &format!("/api/cooperatives/{}/members", cooperative.id),
            Some(&ketua),
            json!({"nik": "3204125512050003", "name": "Neng Sari", "phone": "0813 2222 3333", "join_date": "2026-01-15", "consent_notice_version": kopdes_domain::member::CONSENT_NOTICE_VERSION, "create_account": true}),
        )
        .await
        .json()
        .await
        .expect("member");
    let member = session_cookie(
        &app.post_json("/api/activation", None, json!({"phone": "0813 2222 3333", "code": registered_member["activation_code"], "password": "anggota-baru-2026"}))
            .await,
    );
    let member_id = registered_member["member"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let today = kopdes_server::clock::today();
    let officers = format!("/api/cooperatives/{}/officers", cooperative.id);
    let appointed: Value = app
        .post_json(
            &officers,
            Some(&ketua),
            json!({"name": "Pengawas Uji", "phone": "0812 6100 0001", "organ": "pengawas", "position": "anggota",
                   "term_start": today.to_string(), "term_end": today.add_years(5).to_string()}),
        )
        .await
        .json()
        .await
        .expect("appointed");
    let pengawas = session_cookie(
        &app.post_json("/api/activation", None, json!({"phone": "0812 6100 0001", "code": appointed["activation_code"], "password": "pengawas-uji-2026"}))
            .await,
    );
    let other_cooperative = other_id(&app, &other_ketua).await;
    let other_member: Value = app
        .post_json(
            &format!("/api/cooperatives/{other_cooperative}/members"),
            Some(&other_ketua),
            json!({"nik": "3301014101900001", "name": "Sri Wahyuni", "phone": "0813 3301 0002", "join_date": "2026-01-15", "consent_notice_version": kopdes_domain::member::CONSENT_NOTICE_VERSION, "create_account": true}),
        )
        .await
        .json()
        .await
        .expect("member elsewhere");
    let member_elsewhere = session_cookie(
        &app.post_json("/api/activation", None, json!({"phone": "0813 3301 0002", "code": other_member["activation_code"], "password": "anggota-jateng-2026"}))
            .await,
    );
    let other_appointed: Value = app
        .post_json(
            &format!("/api/cooperatives/{other_cooperative}/officers"),
            Some(&other_ketua),
            json!({"name": "Pengawas Jateng", "phone": "0812 6100 0002", "organ": "pengawas", "position": "ketua",
                   "term_start": today.to_string(), "term_end": today.add_years(5).to_string()}),
        )
        .await
        .json()
        .await
        .expect("appointed elsewhere");
    let pengawas_elsewhere = session_cookie(
        &app.post_json("/api/activation", None, json!({"phone": "0812 6100 0002", "code": other_appointed["activation_code"], "password": "pengawas-jateng-2026"}))
            .await,
    );
    let sessions: [Option<&str>; 11] = [
        None,
        Some(&plain),
        Some(&ketua),
        Some(&other_ketua),
        Some(&dinas),
        Some(&other_dinas),
        Some(&ministry),
        Some(&member),
        Some(&pengawas),
        Some(&member_elsewhere),
        Some(&pengawas_elsewhere),
    ];

    let coop = format!("/api/cooperatives/{}", cooperative.id);
    let profile = |app_version: i64| json!({"version": app_version, "name": "Koperasi Desa Merah Putih Cangkuang Wetan"});
    // Villages of Jawa Barat, where the "dinas admin" column administers and the "elsewhere"
    // one does not; the two allowed callers get different free villages.
    const VILLAGES: [&str; 11] = [
        "32.04.11.2001",
        "32.04.11.2001",
        "32.04.11.2001",
        "32.04.11.2001",
        "32.04.11.2001",
        "32.04.12.2002",
        "32.04.11.2002",
        "32.04.12.1001",
        "32.04.11.2001",
        "32.04.11.2001",
        "32.04.11.2001",
    ];
    let register = |n: usize| {
        let village = VILLAGES[n];
        let phone = format!("0812 7000 000{n}");
        json!({"village": village, "scheme": "baru", "name": "Koperasi Uji", "ketua_name": "Ketua Uji", "ketua_phone": phone})
    };
    type Body = Box<dyn Fn(usize) -> Value>;
    let empty: fn() -> Body = || Box::new(|_| json!({}));
    let new_member = |n: usize| {
        let nik = format!("320412010190{n:04}");
        json!({"nik": nik, "name": "Anggota Uji", "join_date": "2026-01-15", "consent_notice_version": kopdes_domain::member::CONSENT_NOTICE_VERSION})
    };
    let members = format!("/api/cooperatives/{}/members", cooperative.id);
    let leaving: Value = app
        .post_json(&members, Some(&ketua), json!({"nik": "3204120101909999", "name": "Anggota Pindah", "join_date": "2026-01-15", "consent_notice_version": kopdes_domain::member::CONSENT_NOTICE_VERSION}))
        .await
        .json()
        .await
        .expect("member");
    let leave_path = format!(
        "/api/members/{}/leave",
        leaving["member"]["id"].as_str().expect("id")
    );
    let leave_body = |_: usize| json!({"version": 1, "left_on": "2026-06-30", "reason": "Pindah"});
    let units = format!("/api/cooperatives/{}/units", cooperative.id);
    let unit_body = |_: usize| json!({"kind": "sembako", "kbli": "47112", "name": "Gerai Uji", "status": "planned", "opened_on": null});
    let unit: Value = app
        .post_json(&units, Some(&ketua), unit_body(0))
        .await
        .json()
        .await
        .expect("unit");
    let unit_path = format!("/api/units/{}", unit["id"].as_str().expect("id"));
    let unit_update = |_: usize| json!({"version": 1, "kind": "sembako", "kbli": "47112", "name": "Gerai Uji", "status": "planned", "opened_on": null});
    let appoint = move |n: usize| {
        json!({"name": "Anggota Pengurus", "phone": format!("0812 6000 000{n}"), "organ": "pengurus", "position": "anggota",
               "term_start": today.to_string(), "term_end": today.add_years(1).to_string()})
    };
    let to_end: Value = app
        .post_json(&officers, Some(&ketua), appoint(9))
        .await
        .json()
        .await
        .expect("appointed");
    let end_path = format!(
        "/api/officers/{}/end",
        to_end["officer"]["id"].as_str().expect("id")
    );
    let end_body = move |_: usize| json!({"ended_on": today.to_string()});
    let member_path = format!("/api/members/{member_id}");
    // A form published to Jawa Barat, and a new key for each caller that tries to publish.
    let spec = |key: String| {
        json!({"key": key, "version": 1, "title": {"id": "Uji", "en": "Test"},
               "fields": [{"name": "ok", "label": {"id": "Baik?", "en": "Fine?"}, "kind": "yes_no"}]})
    };
    let published: Value = app
        .post_json(
            "/api/forms",
            Some(&dinas),
            json!({"spec": spec("survei-jabar".into()), "scope": "32"}),
        )
        .await
        .json()
        .await
        .expect("published");
    let form = format!("/api/forms/{}", published["id"].as_str().expect("form id"));
    let publish = move |n: usize| json!({"spec": spec(format!("survei-{n}")), "scope": "32"});
    // A member's pending request to change their own data.
    let asked = app
        .post_json(
            "/api/sync/push",
            Some(&member),
            json!({"operations": [{"id": "0193a1b2-0000-7000-8000-0000000000a9", "record_id": "0193a1b2-0000-7000-8000-0000000000b9",
                   "base_version": null, "kind": "member_data_change", "data": {"member_id": member_id, "name": "Neng Sari Rahayu"}}]}),
        )
        .await;
    assert_eq!(asked.status(), 200);
    let request = "/api/change-requests/0193a1b2-0000-7000-8000-0000000000b9";
    let rows: Vec<(Method, String, Body, [Expect; 11])> = vec![
        (
            Method::GET,
            format!("{coop}/change-requests"),
            empty(),
            [U, H, A, H, F, H, F, F, A, H, H],
        ),
        (
            Method::GET,
            "/api/me/change-requests".into(),
            empty(),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        // The pengurus decides first; everyone after finds it decided, or may not decide.
        (
            Method::POST,
            format!("{request}/approve"),
            empty(),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::POST,
            format!("{request}/reject"),
            Box::new(|_| json!({"reasons": "Nama harus sama dengan KTP."})),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::GET,
            "/api/forms".into(),
            empty(),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::POST,
            "/api/forms".into(),
            Box::new(publish),
            [U, F, F, F, A, F, A, F, F, F, F],
        ),
        (
            Method::GET,
            form.clone(),
            empty(),
            [U, H, A, H, A, H, A, A, A, H, H],
        ),
        (
            Method::GET,
            format!("{form}/responses?cooperative={}", cooperative.id),
            empty(),
            [U, H, A, H, A, H, A, A, A, H, H],
        ),
        (
            Method::GET,
            format!("{form}/counts"),
            empty(),
            [U, F, F, F, A, H, A, F, F, F, F],
        ),
        (
            Method::GET,
            format!("{form}/responses.csv"),
            empty(),
            [U, F, F, F, A, H, A, F, F, F, F],
        ),
        (
            Method::GET,
            "/api/health".into(),
            empty(),
            [A, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::GET,
            "/api/regions".into(),
            empty(),
            [A, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::GET,
            "/api/regions/32.04".into(),
            empty(),
            [A, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::POST,
            "/api/session".into(),
            empty(),
            [A, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::POST,
            "/api/activation".into(),
            empty(),
            [A, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::GET,
            "/api/me".into(),
            empty(),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::POST,
            "/api/me/password".into(),
            Box::new(|_| json!({"current_password": "wrong", "new_password": "x"})),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::GET,
            "/api/cooperatives".into(),
            empty(),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::GET,
            "/api/registry".into(),
            empty(),
            [U, F, F, F, A, A, A, F, F, F, F],
        ),
        (
            Method::GET,
            "/api/registry?region=32&status=submitted".into(),
            empty(),
            [U, F, F, F, A, F, A, F, F, F, F],
        ),
        // A body that is no spreadsheet reaches the import and is refused for its columns.
        (
            Method::POST,
            "/api/registry/imports?kind=cooperatives".into(),
            empty(),
            [U, F, F, F, A, A, A, F, F, F, F],
        ),
        (
            Method::POST,
            "/api/cooperatives".into(),
            Box::new(register),
            [U, F, F, F, A, F, A, F, F, F, F],
        ),
        (
            Method::GET,
            coop.clone(),
            empty(),
            [U, H, A, H, A, H, A, A, A, H, H],
        ),
        (
            Method::GET,
            format!("{coop}/history"),
            empty(),
            [U, H, A, H, A, H, A, A, A, H, H],
        ),
        (
            Method::PUT,
            coop.clone(),
            Box::new(move |_| profile(1)),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::POST,
            format!("{coop}/submit"),
            empty(),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::POST,
            format!("{coop}/return"),
            Box::new(|_| json!({"reasons": "Lengkapi alamat."})),
            [U, H, F, H, A, H, A, F, F, H, H],
        ),
        (
            Method::POST,
            format!("{coop}/verify"),
            empty(),
            [U, H, F, H, A, H, A, F, F, H, H],
        ),
        (
            Method::POST,
            members.clone(),
            Box::new(new_member),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::GET,
            members.clone(),
            empty(),
            [U, H, A, H, A, H, A, F, A, H, H],
        ),
        (
            Method::GET,
            member_path.clone(),
            empty(),
            [U, H, A, H, A, H, A, A, A, H, H],
        ),
        (
            Method::GET,
            format!("{member_path}/access-log"),
            empty(),
            [U, H, A, H, F, H, F, A, F, H, H],
        ),
        (
            Method::GET,
            "/api/me/members".into(),
            empty(),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::GET,
            units.clone(),
            empty(),
            [U, H, A, H, A, H, A, A, A, H, H],
        ),
        (
            Method::POST,
            units.clone(),
            Box::new(unit_body),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::PUT,
            unit_path.clone(),
            Box::new(unit_update),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::GET,
            officers.clone(),
            empty(),
            [U, H, A, H, A, H, A, A, A, H, H],
        ),
        (
            Method::POST,
            officers.clone(),
            Box::new(appoint),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        // While the term runs: an account holding no role gets a code from the ministry only.
        (
            Method::POST,
            end_path.replace("/end", "/activation-code"),
            empty(),
            [U, H, A, H, A, H, A, F, F, H, H],
        ),
        (
            Method::POST,
            end_path.clone(),
            Box::new(end_body),
            [U, H, A, H, A, H, A, F, F, H, H],
        ),
        (
            Method::POST,
            leave_path.clone(),
            Box::new(leave_body),
            [U, H, A, H, F, H, F, H, F, H, H],
        ),
        (
            Method::POST,
            format!("{member_path}/activation-code"),
            empty(),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::GET,
            "/api/sync/pull".into(),
            empty(),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::POST,
            "/api/sync/push".into(),
            Box::new(|_| json!({"operations": []})),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
    ];

    // A photo uploaded for the cooperative, and one more to upload.
    let photo = jpeg(1);
    let photo_path = format!("/api/photos/{}", hex_digest(&photo));
    let uploaded = app
        .client
        .put(app.url(&format!("{photo_path}?cooperative={}", cooperative.id)))
        .header("cookie", &ketua)
        .body(photo)
        .send()
        .await
        .expect("upload");
    assert_eq!(uploaded.status(), 201);
    let mut rows = rows;
    // An announcement for the cooperative, to mark read.
    let announced: Value = app
        .post_json(
            "/api/announcements",
            Some(&dinas),
            json!({"title": {"id": "Rapat", "en": ""}, "body": {"id": "Isi", "en": ""}, "cooperative_id": cooperative.id}),
        )
        .await
        .json()
        .await
        .expect("announcement");
    rows.push((
        Method::GET,
        "/api/announcements".into(),
        empty(),
        [U, A, A, A, A, A, A, A, A, A, A],
    ));
    rows.push((
        Method::POST,
        "/api/announcements".into(),
        Box::new(|_| json!({"title": {"id": "Rapat", "en": ""}, "body": {"id": "Isi", "en": ""}, "region": "32"})),
        [U, F, F, F, A, F, A, F, F, F, F],
    ));
    rows.push((
        Method::PUT,
        format!(
            "/api/announcements/{}/read",
            announced["id"].as_str().expect("id")
        ),
        empty(),
        [U, H, A, H, H, H, H, A, A, H, H],
    ));
    rows.push((
        Method::PUT,
        format!(
            "/api/photos/{}?cooperative={}",
            hex_digest(&jpeg(2)),
            cooperative.id
        ),
        empty(),
        [U, H, A, H, F, H, F, F, F, H, H],
    ));
    rows.push((
        Method::GET,
        photo_path,
        empty(),
        [U, H, A, H, A, H, A, H, A, H, H],
    ));

    // A course published by the dinas of Jawa Barat to its province.
    let course_draft = json!({
        "title": {"id": "Dasar koperasi", "en": ""}, "summary": {"id": "Ringkas.", "en": ""},
        "topic": "cooperative", "level": "basic", "minutes": 10, "region": "32",
        "lessons": [{"id": "l1", "title": {"id": "Satu", "en": ""}, "body": {"id": "Isi.", "en": ""}}],
        "quiz": {"pass_percent": 50, "questions": [{"id": "q1", "prompt": {"id": "?", "en": ""},
            "options": [{"id": "a", "en": ""}, {"id": "b", "en": ""}], "correct": [0]}]}
    });
    let course: Value = app
        .post_json("/api/courses", Some(&dinas), course_draft.clone())
        .await
        .json()
        .await
        .expect("course");
    let course_path = format!("/api/courses/{}", course["id"].as_str().expect("id"));
    let manifest: Value = app
        .post_json(&format!("{course_path}/publish"), Some(&dinas), json!({}))
        .await
        .json()
        .await
        .expect("published");
    let admins_only = [U, F, F, F, A, A, A, F, F, F, F];
    let in_jawa_barat = [U, H, A, H, A, H, A, A, A, H, H];
    let its_authors = [U, H, H, H, A, H, A, H, H, H, H];
    let draft_body = course_draft.clone();
    let save_body = json!({"draft": course_draft, "saved_at": course["saved_at"]});
    for (method, path, body, expected) in [
        (
            Method::GET,
            "/api/courses".to_owned(),
            json!(null),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::POST,
            "/api/courses".to_owned(),
            draft_body,
            admins_only,
        ),
        (
            Method::GET,
            "/api/courses/authoring".to_owned(),
            json!(null),
            admins_only,
        ),
        (Method::GET, course_path.clone(), json!(null), in_jawa_barat),
        (
            Method::GET,
            format!("{course_path}/progress"),
            json!(null),
            in_jawa_barat,
        ),
        (
            Method::GET,
            format!("{course_path}/draft"),
            json!(null),
            its_authors,
        ),
        (
            Method::PUT,
            format!("{course_path}/draft"),
            save_body,
            its_authors,
        ),
        (
            Method::POST,
            format!("{course_path}/publish"),
            json!({}),
            its_authors,
        ),
        (
            Method::GET,
            format!("{course_path}/learners"),
            json!(null),
            [U, F, F, F, A, H, A, F, F, F, F],
        ),
        (
            Method::GET,
            format!(
                "/api/lessons/{}",
                manifest["lessons"][0]["hash"].as_str().expect("hash")
            ),
            json!(null),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (Method::PUT, "/api/media".to_owned(), json!({}), admins_only),
    ] {
        rows.push((method, path, Box::new(move |_| body.clone()), expected));
    }

    // A training event of the dinas of Jawa Barat, for its province.
    let event_body = json!({"title": {"id": "Pelatihan", "en": ""}, "date": today.add_days(30).to_string(),
        "time": "09:00", "place": "Aula", "capacity": 10, "region": "32"});
    let event: Value = app
        .post_json("/api/events", Some(&dinas), event_body.clone())
        .await
        .json()
        .await
        .expect("event");
    let event_path = format!("/api/events/{}", event["id"].as_str().expect("id"));
    let organisers = [U, H, F, H, A, H, A, F, F, H, H];
    for (method, path, body, expected) in [
        (
            Method::GET,
            "/api/events".to_owned(),
            json!(null),
            [U, A, A, A, A, A, A, A, A, A, A],
        ),
        (
            Method::POST,
            "/api/events".to_owned(),
            event_body,
            [U, F, F, F, A, F, A, F, F, F, F],
        ),
        (Method::GET, event_path.clone(), json!(null), in_jawa_barat),
        (
            Method::GET,
            format!("{event_path}/registrations"),
            json!(null),
            organisers,
        ),
        (
            Method::PUT,
            format!("{event_path}/attendance"),
            json!({"user_id": "nobody", "attended": true}),
            organisers,
        ),
    ] {
        rows.push((method, path, Box::new(move |_| body.clone()), expected));
    }

    // Savings: products for officers to set, a member's ledger for them and the officers only.
    let savings_products = format!("/api/cooperatives/{}/savings-products", cooperative.id);
    for (method, path, body, expected) in [
        (
            Method::GET,
            savings_products.clone(),
            json!(null),
            in_jawa_barat,
        ),
        (
            Method::PUT,
            format!("{savings_products}/sukarela"),
            json!({}),
            [U, H, A, H, F, H, F, F, F, H, H],
        ),
        (
            Method::GET,
            format!("/api/members/{member_id}/savings"),
            json!(null),
            [U, H, A, H, H, H, H, A, A, H, H],
        ),
        (
            Method::GET,
            format!("/api/cooperatives/{}/savings", cooperative.id),
            json!(null),
            [U, H, A, H, H, H, H, H, A, H, H],
        ),
        (
            Method::GET,
            format!("/api/cooperatives/{}/savings/bills", cooperative.id),
            json!(null),
            [U, H, A, H, H, H, H, H, A, H, H],
        ),
        // Dashboards: admins within their regions; a cooperative's own for its officers.
        (
            Method::GET,
            "/api/dashboard".to_owned(),
            json!(null),
            [U, H, H, H, A, A, A, H, H, H, H],
        ),
        (
            Method::GET,
            "/api/dashboard?region=32.04".to_owned(),
            json!(null),
            [U, H, H, H, A, H, A, H, H, H, H],
        ),
        (
            Method::GET,
            format!("/api/cooperatives/{}/dashboard", cooperative.id),
            json!(null),
            [U, H, A, H, H, H, H, H, A, H, H],
        ),
    ] {
        rows.push((method, path, Box::new(move |_| body.clone()), expected));
    }

    // Staff: the ministry and province admins appoint and govern the admins inside their
    // scope; the audit trail is for admins, and a cooperative's for its pengurus too.
    let regency_admin: Value = app
        .post_json(
            "/api/staff",
            Some(&dinas),
            json!({"name": "Admin Kabupaten", "phone": "0811 3201 0009", "region": "32.01"}),
        )
        .await
        .json()
        .await
        .expect("appointed");
    let governed = format!(
        "/api/staff/{}",
        regency_admin["user_id"].as_str().expect("id")
    );
    let staff_readers = [U, F, F, F, A, A, A, F, F, F, F];
    let governors = [U, H, H, H, A, H, A, H, H, H, H];
    rows.push((
        Method::POST,
        "/api/staff".to_owned(),
        Box::new(|n| json!({"name": "Admin Baru", "phone": format!("0811 3205 00{n:02}"), "region": "32.05"})),
        [U, F, F, F, A, F, A, F, F, F, F],
    ));
    for (method, path, expected) in [
        (Method::GET, "/api/staff".to_owned(), staff_readers),
        (Method::GET, "/api/staff/work".to_owned(), staff_readers),
        (Method::POST, format!("{governed}/code"), governors),
        (Method::POST, format!("{governed}/disable"), governors),
        (Method::POST, format!("{governed}/enable"), governors),
        (Method::GET, "/api/audit".to_owned(), staff_readers),
        (
            Method::GET,
            format!("/api/audit?cooperative={}", cooperative.id),
            [U, H, A, H, A, H, A, F, F, H, H],
        ),
    ] {
        rows.push((method, path, Box::new(|_| json!({})), expected));
    }

    let mut checked = 0;
    for (method, path, body, expected) in &rows {
        for (n, (session, expect)) in sessions.iter().zip(expected).enumerate() {
            let mut request = app.client.request(method.clone(), app.url(path));
            if *method != Method::GET {
                request = request.json(&body(n));
            }
            if let Some(session) = session {
                request = request.header("cookie", *session);
            }
            let status = request.send().await.expect("request").status().as_u16();
            let ok = match expect {
                Expect::Allowed => ![401, 403, 404, 405].contains(&status),
                Expect::Unauthenticated => status == 401,
                Expect::Forbidden => status == 403,
                Expect::Hidden => status == 404,
            };
            assert!(
                ok,
                "{method} {path} as {}: expected {expect:?}, got {status}",
                CALLERS[n]
            );
            checked += 1;
        }
    }
    // Sign-out last: it is open to all and ends the session it is given.
    for session in sessions.iter().flatten() {
        let status = app.delete_as(session, "/api/session").await.status();
        assert_eq!(status, 204);
        checked += 1;
    }
    assert_eq!(
        app.client
            .delete(app.url("/api/session"))
            .send()
            .await
            .expect("request")
            .status(),
        204
    );
    checked += 1;
    assert_eq!(checked, rows.len() * CALLERS.len() + CALLERS.len());
}

/// The id of the one cooperative a chair sees.
async fn other_id(app: &TestApp, chair: &str) -> String {
    let list: Value = app
        .get_as(chair, "/api/cooperatives")
        .await
        .json()
        .await
        .expect("list");
    list[0]["id"].as_str().expect("id").to_owned()
}
