use kopdes_domain::cooperative::{CooperativeEvent, CooperativeStep, Scheme};
use kopdes_domain::region::RegionCode;
use kopdes_domain::registry::{PAGE_MAX, RegistryPage};
use kopdes_server::cooperatives::{self, NewCooperative};
use serde_json::json;

use crate::cooperatives::{completed, in_central_java, registered};
use crate::helpers::{Backend, TestApp, first_field_error};
use crate::on_both_backends;

on_both_backends!(
    a_province_with_600_cooperatives_is_read_to_the_last_one_page_by_page,
    searches_filters_and_sorts_run_on_the_server,
    the_registry_is_for_staff_inside_their_regions,
    the_queue_holds_submitted_records_oldest_first,
    an_incomplete_profile_is_neither_submitted_nor_verified,
    returns_keep_their_reasons_as_written_in_the_history,
);

/// `count` draft cooperatives in the first villages of `region`, named "Koperasi Desa Merah
/// Putih <village>", made the way registration stores them. Returns their village codes.
async fn cooperatives_in(app: &TestApp, region: &str, count: i64) -> Vec<String> {
    let villages: Vec<(String, String)> = sqlx::query_as(
        "SELECT code, name FROM regions WHERE level = 4 AND code LIKE $1 \
         AND code NOT IN (SELECT village_code FROM cooperatives) ORDER BY code LIMIT $2",
    )
    .bind(format!("{region}.%"))
    .bind(count)
    .fetch_all(&app.db.pool)
    .await
    .expect("villages");
    assert_eq!(
        villages.len() as i64,
        count,
        "{region} has {count} villages"
    );
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.db.pool)
        .await
        .expect("count accounts");
    let (registrar, _) = app
        .account_with_code(&format!("0811 99{accounts:06}"), "Petugas Pendataan")
        .await;
    let mut tx = app.db.writer.begin().await.expect("begin");
    for (i, (code, name)) in villages.iter().enumerate() {
        let scheme = [Scheme::Baru, Scheme::Mengembangkan, Scheme::Revitalisasi][i % 3];
        cooperatives::insert(
            &mut tx,
            NewCooperative {
                id: &uuid::Uuid::now_v7().to_string(),
                village: &RegionCode::parse(code).expect("code"),
                scheme,
                name: &format!("Koperasi Desa Merah Putih {name}"),
                created_by: &registrar,
            },
        )
        .await
        .expect("insert");
    }
    tx.commit().await.expect("commit");
    villages.into_iter().map(|(code, _)| code).collect()
}

async fn page(app: &TestApp, session: &str, query: &str) -> RegistryPage {
    let response = app.get_as(session, &format!("/api/registry?{query}")).await;
    assert_eq!(response.status(), 200, "GET /api/registry?{query}");
    response.json().await.expect("a registry page")
}

async fn a_province_with_600_cooperatives_is_read_to_the_last_one_page_by_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let villages = cooperatives_in(&app, "32", 600).await;
    let dinas = app.staff("0811 3200 0001", Some("32")).await;

    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let page = page(
            &app,
            &dinas,
            &format!("limit=100&offset={offset}&sort=village"),
        )
        .await;
        assert_eq!(
            page.total, 600,
            "the total is the whole province on every page"
        );
        if page.items.is_empty() {
            break;
        }
        seen.extend(page.items.iter().map(|e| e.village.to_string()));
        offset += page.limit;
    }
    assert_eq!(seen, villages, "every cooperative once, in village order");

    let asked_too_much = page(&app, &dinas, "limit=100000").await;
    assert_eq!(asked_too_much.limit, PAGE_MAX);
    assert_eq!(asked_too_much.items.len() as i64, PAGE_MAX);
    let first = &page(&app, &dinas, "limit=1&sort=village").await.items[0];
    assert_eq!(first.regency_name, "Kabupaten Bogor");
}

async fn searches_filters_and_sorts_run_on_the_server(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    cooperatives_in(&app, "32.04", 120).await;
    completed(&app, &ketua, &cooperative.id).await;

    // Words of the name, the village and the regency, in any case and order.
    let found = page(&app, &dinas, "q=CANGKUANG%20wetan").await;
    assert_eq!(found.total, 1);
    assert_eq!(found.items[0].id, cooperative.id);
    let by_regency_and_village = page(&app, &dinas, "q=bandung%20cangkuang").await;
    assert!(
        by_regency_and_village
            .items
            .iter()
            .any(|e| e.id == cooperative.id)
    );
    assert!(
        by_regency_and_village.items.iter().all(|e| e
            .village_name
            .to_lowercase()
            .contains("cangkuang")
            || e.name.to_lowercase().contains("cangkuang"))
    );
    // The start of a region code.
    let district = page(&app, &dinas, "q=32.04.12&limit=100").await;
    assert!(district.total > 0);
    assert!(
        district
            .items
            .iter()
            .all(|e| e.village.as_str().starts_with("32.04.12."))
    );
    // Nothing matches: an empty page and a zero total, not an error.
    let nothing = page(&app, &dinas, "q=tidak%20ada%20koperasi%20ini").await;
    assert_eq!((nothing.total, nothing.items.len()), (0, 0));
    // Typed wildcards are text, not patterns.
    assert_eq!(page(&app, &dinas, "q=%25").await.total, 121);

    let schemes = page(&app, &dinas, "scheme=revitalisasi&limit=100").await;
    assert_eq!(schemes.total, 40);
    assert!(
        schemes
            .items
            .iter()
            .all(|e| e.scheme == Scheme::Revitalisasi)
    );
    let region = page(&app, &dinas, "region=32.04&status=draft").await;
    assert_eq!(region.total, 121);

    let by_name = page(&app, &dinas, "limit=100").await;
    let names: Vec<_> = by_name.items.iter().map(|e| e.name.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    let recent = page(&app, &dinas, "sort=recently_changed&limit=1").await;
    assert_eq!(
        recent.items[0].id, cooperative.id,
        "its profile changed last"
    );

    for bad in [
        "status=approved",
        "sort=random",
        "scheme=x",
        "offset=-1",
        "limit=0",
        "region=Jawa",
    ] {
        let response = app.get_as(&dinas, &format!("/api/registry?{bad}")).await;
        assert_eq!(response.status(), 400, "{bad}");
        let body: serde_json::Value = response.json().await.expect("error body");
        let parameter = bad.split('=').next().expect("name");
        assert!(
            body["message"]
                .as_str()
                .is_some_and(|m| m.starts_with(parameter)),
            "{bad}: {body}"
        );
    }
}

async fn the_registry_is_for_staff_inside_their_regions(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (west_java, ketua, _) = registered(&app).await;
    let (central_java, chair, _) = in_central_java(&app).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let bandung = app.staff("0811 3204 0001", Some("32.04")).await;
    let elsewhere = app.staff("0811 3201 0001", Some("32.01")).await;

    assert_eq!(page(&app, &ministry, "").await.total, 2);
    assert_eq!(page(&app, &west_java, "").await.total, 1);
    assert_eq!(page(&app, &central_java, "").await.total, 1);
    assert_eq!(page(&app, &bandung, "").await.total, 1);
    assert_eq!(page(&app, &elsewhere, "").await.total, 0);
    assert_eq!(page(&app, &ministry, "region=33").await.total, 1);

    // A region outside one's own is refused, not quietly emptied.
    for (session, region) in [(&west_java, "33"), (&bandung, "32"), (&elsewhere, "32.04")] {
        let response = app
            .get_as(session, &format!("/api/registry?region={region}"))
            .await;
        assert_eq!(response.status(), 403, "{region}");
    }
    for person in [&ketua, &chair] {
        assert_eq!(app.get_as(person, "/api/registry").await.status(), 403);
    }
    assert_eq!(app.get("/api/registry").await.status(), 401);

    // The list of one's own cooperatives no longer lists a region for its admins.
    let own: Vec<serde_json::Value> = app
        .get_as(&west_java, "/api/cooperatives")
        .await
        .json()
        .await
        .expect("list");
    assert!(own.is_empty(), "an admin belongs to no cooperative");
}

fn complete_profile(version: i64, name: &str) -> serde_json::Value {
    json!({
        "version": version,
        "name": name,
        "legal_entity_number": "AHU-0012345.AH.01.29.TAHUN 2025",
        "legal_entity_date": "2025-08-17",
        "address": "Jl. Raya No. 1",
        "established_on": "2025-07-21",
        "phone": "0812 1111 2222",
    })
}

async fn the_queue_holds_submitted_records_oldest_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let (_, west_chair, west) = registered(&app).await;
    let (_, central_chair, central) = in_central_java(&app).await;
    // Central Java submits first, West Java second.
    for (chair, id, name) in [
        (
            &central_chair,
            &central,
            "Koperasi Desa Merah Putih Tambakreja",
        ),
        (
            &west_chair,
            &west.id,
            "Koperasi Desa Merah Putih Cangkuang Wetan",
        ),
    ] {
        let path = format!("/api/cooperatives/{id}");
        assert_eq!(
            app.put_json(&path, chair, complete_profile(1, name))
                .await
                .status(),
            200
        );
        let submitted = app
            .post_json(&format!("{path}/submit"), Some(chair), json!({}))
            .await;
        assert_eq!(submitted.status(), 200);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    cooperatives_in(&app, "32.04", 3).await;

    let queue = page(&app, &ministry, "status=submitted&sort=oldest_submitted").await;
    assert_eq!(queue.total, 2);
    let order: Vec<_> = queue.items.iter().map(|e| e.id.clone()).collect();
    assert_eq!(order, [central.clone(), west.id.clone()]);
    assert!(queue.items[0].submitted_at <= queue.items[1].submitted_at);
    // The whole list in queue order puts the never-submitted last.
    let all = page(&app, &ministry, "sort=oldest_submitted").await;
    assert_eq!(all.items[0].id, central);
    assert!(all.items[2..].iter().all(|e| e.submitted_at.is_none()));

    let work: serde_json::Value = app
        .get_as(&ministry, "/api/staff/work")
        .await
        .json()
        .await
        .expect("work");
    assert_eq!(work["awaiting_verification"], 2);
}

async fn an_incomplete_profile_is_neither_submitted_nor_verified(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}", cooperative.id);

    let refused = app
        .post_json(&format!("{path}/submit"), Some(&ketua), json!({}))
        .await;
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.expect("body");
    let fields: Vec<_> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap_or(""),
                f["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("legal_entity_number", "required"),
            ("legal_entity_date", "required"),
            ("address", "required"),
            ("established_on", "required"),
            ("phone", "required"),
        ]
    );
    assert_eq!(
        app.audit_count("cooperative.submitted", &cooperative.id)
            .await,
        0
    );

    // A record submitted before the rule (or imported so) is still checked at verification.
    sqlx::query("UPDATE cooperatives SET status = 'submitted', submitted_at = 1 WHERE id = $1")
        .bind(&cooperative.id)
        .execute(&app.db.writer)
        .await
        .expect("submitted without a profile");
    let refused = app
        .post_json(&format!("{path}/verify"), Some(&dinas), json!({}))
        .await;
    assert_eq!(refused.status(), 422);
    let body: serde_json::Value = refused.json().await.expect("body");
    assert_eq!(
        first_field_error(&body),
        ("legal_entity_number".to_owned(), "required".to_owned())
    );
    let still: serde_json::Value = app.get_as(&dinas, &path).await.json().await.expect("read");
    assert_eq!(still["status"], "submitted");
    assert_eq!(
        app.audit_count("cooperative.verified", &cooperative.id)
            .await,
        0
    );
}

async fn returns_keep_their_reasons_as_written_in_the_history(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}", cooperative.id);
    let name = "Koperasi Desa Merah Putih Cangkuang Wetan";
    assert_eq!(
        app.put_json(&path, &ketua, complete_profile(1, name))
            .await
            .status(),
        200
    );
    let submit = |ketua: String| {
        let (app, path) = (&app, path.clone());
        async move {
            let response = app
                .post_json(&format!("{path}/submit"), Some(&ketua), json!({}))
                .await;
            assert_eq!(response.status(), 200);
        }
    };
    submit(ketua.clone()).await;
    let reasons = "1. Nomor badan hukum tidak cocok dengan akta.\n2. Alamat kurang RT/RW.";
    let returned = app
        .post_json(
            &format!("{path}/return"),
            Some(&dinas),
            json!({"reasons": reasons}),
        )
        .await;
    assert_eq!(returned.status(), 200);
    submit(ketua.clone()).await;
    let verified = app
        .post_json(&format!("{path}/verify"), Some(&dinas), json!({}))
        .await;
    assert_eq!(verified.status(), 200);
    let current: serde_json::Value = verified.json().await.expect("body");
    assert!(
        current["return_reasons"].is_null(),
        "a verified record shows no return reasons"
    );

    // Its people and the dinas read the same history, newest first; the reasons stay.
    for reader in [&ketua, &dinas] {
        let history: Vec<CooperativeEvent> = app
            .get_as(reader, &format!("{path}/history"))
            .await
            .json()
            .await
            .expect("history");
        let steps: Vec<_> = history.iter().map(|e| e.step).collect();
        assert_eq!(
            steps,
            [
                CooperativeStep::Verified,
                CooperativeStep::Submitted,
                CooperativeStep::Returned,
                CooperativeStep::Submitted,
                CooperativeStep::Registered,
            ]
        );
        assert_eq!(history[2].reasons.as_deref(), Some(reasons));
        assert!(history.iter().all(|e| e.by.is_some()));
    }
    let (_, stranger, _) = in_central_java(&app).await;
    assert_eq!(
        app.get_as(&stranger, &format!("{path}/history"))
            .await
            .status(),
        404
    );
}
