use kopdes_domain::account::Me;
use kopdes_domain::api::ErrorBody;
use kopdes_domain::member::{
    AccessLogEntry, CONSENT_NOTICE_VERSION, Member, MemberPage, RegisteredMember,
};
use kopdes_domain::nik::Gender;
use kopdes_domain::phone::Phone;
use serde_json::{Value, json};

use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp, session_cookie};
use crate::on_both_backends;

on_both_backends!(
    a_member_is_registered_activates_and_sees_their_own_record,
    nik_mistakes_are_reported_on_the_nik_field,
    a_nik_is_active_in_one_cooperative_only,
    only_the_member_and_the_pengurus_see_the_full_nik,
    the_member_list_searches_filters_and_pages,
    a_member_who_left_frees_their_nik,
    a_reissued_code_replaces_the_lost_one_and_resets_a_forgotten_password,
);

const NIK: &str = "3204125512050003"; // a woman born 15 Dec 2005, registered in Dayeuhkolot

fn registration(nik: &str, name: &str, phone: Option<&str>) -> Value {
    json!({
        "nik": nik,
        "name": name,
        "address": "Kp. Cangkuang RT 02/05",
        "phone": phone,
        "join_date": "2026-01-15",
        "consent_notice_version": CONSENT_NOTICE_VERSION,
        "create_account": phone.is_some(),
    })
}

async fn field_codes(response: reqwest::Response) -> Vec<String> {
    assert_eq!(response.status(), 422);
    let body: ErrorBody = response.json().await.expect("body");
    body.fields
        .into_iter()
        .map(|f| format!("{}:{}", f.field, f.code))
        .collect()
}

/// A pengawas of the cooperative, added the way an officers screen will.
pub(crate) async fn pengawas(app: &TestApp, cooperative_id: &str) -> String {
    let phone = Phone::parse("0812 1111 3333").expect("phone");
    let mut tx = app.db.writer.begin().await.expect("tx");
    let (user, code) = kopdes_server::accounts::create_in(&mut tx, &phone, "Pengawas", None)
        .await
        .expect("account");
    let today = kopdes_server::clock::today();
    kopdes_server::cooperatives::insert_officer(
        &mut tx,
        kopdes_server::cooperatives::NewOfficer {
            cooperative_id,
            user_id: &user,
            organ: kopdes_domain::officer::Organ::Pengawas,
            position: kopdes_domain::officer::Position::Ketua,
            term_start: today,
            term_end: today.add_years(5),
            created_by: &user,
        },
    )
    .await
    .expect("officer");
    tx.commit().await.expect("commit");
    session_cookie(
        &app.post_json(
            "/api/activation",
            None,
            json!({"phone": "0812 1111 3333", "code": code, "password": "pengawas-jujur-1"}),
        )
        .await,
    )
}

async fn a_member_is_registered_activates_and_sees_their_own_record(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;

    let response = app
        .post_json(
            &format!("/api/cooperatives/{}/members", cooperative.id),
            Some(&ketua),
            registration(NIK, "Neng Sari", Some("0813 2222 3333")),
        )
        .await;
    assert_eq!(response.status(), 201);
    let registered: RegisteredMember = response.json().await.expect("member");
    assert_eq!(registered.member.nik, NIK);
    assert!(!registered.member.nik_masked);
    assert_eq!(registered.member.gender, Some(Gender::Female));
    assert_eq!(
        registered
            .member
            .birth_date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2005-12-15")
    );
    let code = registered
        .activation_code
        .expect("an account was asked for");

    let activated = app
        .post_json(
            "/api/activation",
            None,
            json!({"phone": "0813 2222 3333", "code": code, "password": "anggota-baru-2026"}),
        )
        .await;
    assert_eq!(activated.status(), 200);
    let session = session_cookie(&activated);
    let me: Me = app
        .get_as(&session, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    assert!(
        me.roles
            .iter()
            .any(|g| g.role == kopdes_domain::account::Role::Member
                && g.cooperative_id.as_deref() == Some(cooperative.id.as_str()))
    );
    let mine: Vec<Member> = app
        .get_as(&session, "/api/me/members")
        .await
        .json()
        .await
        .expect("mine");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].nik, NIK);

    // Stored sealed: no text column holds the number or any part of it.
    let row: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT nik_sealed, address FROM members UNION ALL SELECT nik_hash, name FROM members",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("row");
    for column in row
        .iter()
        .flat_map(|(a, b)| [Some(a), b.as_ref()])
        .flatten()
    {
        assert!(
            !column.contains(&NIK[..6]) && !column.contains(&NIK[6..12]),
            "{column}"
        );
    }
    let consent: (String, i64) =
        sqlx::query_as("SELECT consent_notice_version, consent_at FROM members")
            .fetch_one(&app.db.pool)
            .await
            .expect("consent");
    assert_eq!(consent.0, CONSENT_NOTICE_VERSION);
    assert!(consent.1 > 0);
}

async fn nik_mistakes_are_reported_on_the_nik_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/members", cooperative.id);

    for (nik, code) in [
        ("320412551205000", "nik:nik.length"),
        ("9999125512050003", "nik:nik.unknown_district"),
        ("3204123212050003", "nik:nik.birth_date"),
        ("3204125512050000", "nik:nik.serial"),
    ] {
        let codes = field_codes(
            app.post_json(&path, Some(&ketua), registration(nik, "Neng Sari", None))
                .await,
        )
        .await;
        assert_eq!(codes, [code], "{nik}");
    }
    let page: MemberPage = app.get_as(&ketua, &path).await.json().await.expect("page");
    assert_eq!(page.total, 0, "nothing was saved");
}

async fn a_nik_is_active_in_one_cooperative_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/members", cooperative.id);
    assert_eq!(
        app.post_json(&path, Some(&ketua), registration(NIK, "Neng Sari", None))
            .await
            .status(),
        201
    );

    // Another cooperative in the same regency, another chair.
    let other: Value = app
        .post_json("/api/cooperatives", Some(&dinas), json!({"village": "32.04.12.2002", "scheme": "baru", "name": "Koperasi Desa Merah Putih Dayeuhkolot", "ketua_name": "Ujang", "ketua_phone": "0812 4444 5555"}))
        .await
        .json()
        .await
        .expect("other");
    let other_ketua = session_cookie(
        &app.post_json("/api/activation", None, json!({"phone": "0812 4444 5555", "code": other["ketua_activation_code"], "password": "ketua-kedua-2026"}))
            .await,
    );
    let response = app
        .post_json(
            &format!(
                "/api/cooperatives/{}/members",
                other["cooperative"]["id"].as_str().expect("id")
            ),
            Some(&other_ketua),
            registration(&format!("{} ", NIK), "Someone Else", None),
        )
        .await;
    let text = response.text().await.expect("body");
    assert!(text.contains("nik.taken"), "{text}");
    assert!(
        !text.contains("Neng Sari") && !text.contains(&cooperative.id),
        "the answer names no one: {text}"
    );
}

async fn only_the_member_and_the_pengurus_see_the_full_nik(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let created: RegisteredMember = app
        .post_json(
            &format!("/api/cooperatives/{}/members", cooperative.id),
            Some(&ketua),
            registration(NIK, "Neng Sari", Some("0813 2222 3333")),
        )
        .await
        .json()
        .await
        .expect("member");
    let member_session = session_cookie(
        &app.post_json("/api/activation", None, json!({"phone": "0813 2222 3333", "code": created.activation_code, "password": "anggota-baru-2026"}))
            .await,
    );
    let pengawas = pengawas(&app, &cooperative.id).await;
    let outsider = app.staff("0811 3300 0001", Some("33")).await;
    let path = format!("/api/members/{}", created.member.id);

    let as_pengurus: Member = app
        .get_as(&ketua, &path)
        .await
        .json()
        .await
        .expect("pengurus view");
    assert_eq!(as_pengurus.nik, NIK);
    for session in [&pengawas, &dinas] {
        let masked: Member = app
            .get_as(session, &path)
            .await
            .json()
            .await
            .expect("masked view");
        assert!(masked.nik_masked);
        // Only the serial: the district beside a birth date and gender gives the number back.
        assert_eq!(masked.nik, "************0003");
        assert_eq!((masked.gender, masked.birth_date), (None, None));
        let text = app.get_as(session, &path).await.text().await.expect("body");
        assert!(!text.contains("birth_date") && !text.contains("gender") && !text.contains("2005"));
    }
    assert_eq!(app.get_as(&outsider, &path).await.status(), 404);
    let own: Member = app
        .get_as(&member_session, &path)
        .await
        .json()
        .await
        .expect("own view");
    assert_eq!(own.nik, NIK);

    let log: Vec<AccessLogEntry> = app
        .get_as(&member_session, &format!("{path}/access-log"))
        .await
        .json()
        .await
        .expect("log");
    let actions: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|e| (e.action.as_str(), e.actor_name.as_deref()))
        .collect();
    assert_eq!(
        actions,
        [
            ("member.nik_viewed", Some("Hj. Euis Rohaeti")),
            ("member.registered", Some("Hj. Euis Rohaeti"))
        ],
        "the member sees who looked at their NIK; their own look is not logged"
    );
    assert_eq!(
        app.get_as(&pengawas, &format!("{path}/access-log"))
            .await
            .status(),
        403
    );
}

async fn the_member_list_searches_filters_and_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/members", cooperative.id);
    for n in 1..=30u32 {
        let nik = format!("32041201019{:01}{:04}", n % 10, n);
        let name = if n % 3 == 0 {
            format!("Siti {n:02}")
        } else {
            format!("Ujang {n:02}")
        };
        assert_eq!(
            app.post_json(&path, Some(&ketua), registration(&nik, &name, None))
                .await
                .status(),
            201,
            "{nik}"
        );
    }

    let first: MemberPage = app
        .get_as(&ketua, &path)
        .await
        .json()
        .await
        .expect("page 1");
    assert_eq!(
        (first.total, first.members.len(), first.per_page),
        (30, 25, 25)
    );
    assert!(first.members.iter().all(|m| m.nik_masked
        && m.nik.starts_with("************")
        && m.birth_date.is_none()
        && m.gender.is_none()));
    let second: MemberPage = app
        .get_as(&ketua, &format!("{path}?page=2"))
        .await
        .json()
        .await
        .expect("page 2");
    assert_eq!(second.members.len(), 5);
    // However far past the end (schemathesis once asked for page 2^63 - 2): empty, not an error.
    let far: MemberPage = app
        .get_as(&ketua, &format!("{path}?page=9223372036854775806"))
        .await
        .json()
        .await
        .expect("a page far past the end");
    assert!(far.members.is_empty());
    assert_eq!(far.total, 30);
    let names: Vec<String> = first
        .members
        .iter()
        .chain(&second.members)
        .map(|m| m.name.clone())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);

    let siti: MemberPage = app
        .get_as(&ketua, &format!("{path}?q=siti"))
        .await
        .json()
        .await
        .expect("search");
    assert_eq!(siti.total, 10);
    let left: MemberPage = app
        .get_as(&dinas, &format!("{path}?status=left"))
        .await
        .json()
        .await
        .expect("filter");
    assert_eq!(left.total, 0);
}

async fn a_member_who_left_frees_their_nik(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/members", cooperative.id);
    let created: RegisteredMember = app
        .post_json(&path, Some(&ketua), registration(NIK, "Neng Sari", None))
        .await
        .json()
        .await
        .expect("member");
    let leave = format!("/api/members/{}/leave", created.member.id);

    let early = app
        .post_json(
            &leave,
            Some(&ketua),
            json!({"version": 1, "left_on": "2025-12-31", "reason": "Pindah ke Bandung"}),
        )
        .await;
    assert_eq!(field_codes(early).await, ["left_on:date.before_join"]);
    let left: Member = app
        .post_json(
            &leave,
            Some(&ketua),
            json!({"version": 1, "left_on": "2026-06-30", "reason": "Pindah ke Bandung"}),
        )
        .await
        .json()
        .await
        .expect("left");
    assert_eq!(left.status, kopdes_domain::member::MemberStatus::Left);
    assert_eq!(left.left_reason.as_deref(), Some("Pindah ke Bandung"));
    assert_eq!(
        app.post_json(
            &leave,
            Some(&ketua),
            json!({"version": 2, "left_on": "2026-06-30", "reason": "lagi"})
        )
        .await
        .status(),
        409
    );

    let again = app
        .post_json(&path, Some(&ketua), registration(NIK, "Neng Sari", None))
        .await;
    assert_eq!(
        again.status(),
        201,
        "a person may join again once they have left"
    );
    let left_list: MemberPage = app
        .get_as(&ketua, &format!("{path}?status=left"))
        .await
        .json()
        .await
        .expect("left list");
    assert_eq!(left_list.total, 1);
}

async fn a_reissued_code_replaces_the_lost_one_and_resets_a_forgotten_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/members", cooperative.id);
    let created: RegisteredMember = app
        .post_json(
            &path,
            Some(&ketua),
            registration(NIK, "Neng Sari", Some("0813 2222 3333")),
        )
        .await
        .json()
        .await
        .expect("member");
    let lost = created.activation_code.expect("code");
    let reissue = format!("/api/members/{}/activation-code", created.member.id);
    let activate = |code: &str, password: &str| json!({"phone": "0813 2222 3333", "code": code, "password": password});

    let issued: Value = app
        .post_json(&reissue, Some(&ketua), json!({}))
        .await
        .json()
        .await
        .expect("issued");
    let new_code = issued["activation_code"].as_str().expect("code").to_owned();
    assert_eq!(
        app.post_json(
            "/api/activation",
            None,
            activate(&lost, "anggota-baru-2026")
        )
        .await
        .status(),
        401
    );
    let first = app
        .post_json(
            "/api/activation",
            None,
            activate(&new_code, "anggota-baru-2026"),
        )
        .await;
    assert_eq!(first.status(), 200);
    let old_session = session_cookie(&first);

    // Forgotten password: the chair hands over another code; the old sessions end.
    let issued: Value = app
        .post_json(&reissue, Some(&ketua), json!({}))
        .await
        .json()
        .await
        .expect("issued");
    let reset = app
        .post_json(
            "/api/activation",
            None,
            activate(
                issued["activation_code"].as_str().expect("code"),
                "sandi-ingat-lagi",
            ),
        )
        .await;
    assert_eq!(reset.status(), 200);
    assert_eq!(app.get_as(&old_session, "/api/me").await.status(), 401);
    let session = session_cookie(&reset);
    let log: Vec<AccessLogEntry> = app
        .get_as(
            &session,
            &format!("/api/members/{}/access-log", created.member.id),
        )
        .await
        .json()
        .await
        .expect("log");
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "member.activation_code_issued")
            .count(),
        2
    );

    let no_account: RegisteredMember = app
        .post_json(
            &path,
            Some(&ketua),
            registration("3204120101900001", "Tanpa Akun", None),
        )
        .await
        .json()
        .await
        .expect("member");
    let refused = app
        .post_json(
            &format!("/api/members/{}/activation-code", no_account.member.id),
            Some(&ketua),
            json!({}),
        )
        .await;
    assert_eq!(field_codes(refused).await, ["member:member.no_account"]);
}
