//! Dashboards: a dinas admin sees their region and drills down to the village, the ministry the
//! whole country, and nobody else anything; the figures follow what cooperatives do; a
//! cooperative's pengurus and pengawas see its own figures.

use kopdes_domain::dashboard::{CooperativeDashboard, Dashboard};
use serde_json::json;

use crate::change_requests::member;
use crate::cooperatives::{in_central_java, registered};
use crate::forms::{answer, survey};
use crate::helpers::{Backend, TestApp, first_field_error};
use crate::members::pengawas;
use crate::on_both_backends;
use crate::sync::push;

on_both_backends!(
    admins_drill_down_inside_their_regions_and_the_figures_follow_the_cooperatives,
    a_cooperatives_officers_see_its_own_figures,
    admins_opening_a_fresh_deployments_dashboard_at_once_all_get_figures,
);

async fn dashboard(app: &TestApp, session: &str, region: Option<&str>) -> Dashboard {
    let path = match region {
        Some(code) => format!("/api/dashboard?region={code}"),
        None => "/api/dashboard".to_owned(),
    };
    let response = app.get_as(session, &path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("dashboard")
}

async fn admins_drill_down_inside_their_regions_and_the_figures_follow_the_cooperatives(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (_, jateng_chair, _) = in_central_java(&app).await;
    let ministry = app.staff("0811 0000 0001", None).await;

    // Just registered: counted, never updated since.
    let first = dashboard(&app, &dinas, None).await;
    assert_eq!(first.path.first().map(|p| p.code.as_str()), Some("32"));
    assert!(!first.can_go_up);
    assert!(first.as_of > 0);
    assert_eq!(first.totals.cooperatives, 1);
    assert_eq!(first.totals.draft, 1);
    assert_eq!(first.totals.baru, 1);
    assert_eq!((first.totals.never_updated, first.totals.fresh), (1, 0));
    assert_eq!(
        first.rows.len(),
        1,
        "one regency of Jawa Barat has a cooperative"
    );
    assert_eq!(first.rows[0].code, "32.04");
    assert_eq!(first.trend.len(), 12);
    assert_eq!(first.trend.last().map(|m| m.registered), Some(1));

    // The cooperative gets to work: a member with savings, a unit, a form answered.
    let (_, member_id) = member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    push(
        &app,
        &ketua,
        vec![json!({"id": "0193a1b2-0000-7000-8000-00000000d101", "record_id": "0193a1b2-0000-7000-9000-00000000d101",
                    "base_version": null, "kind": "savings_entry",
                    "data": {"cooperative_id": coop.id, "member_id": member_id, "kind": "sukarela", "action": "deposit",
                             "amount": "Rp 25.000", "receipt": "KW-1", "recorded_on": kopdes_server::clock::today().to_string()}})],
    )
    .await;
    let unit = app
        .post_json(
            &format!("/api/cooperatives/{}/units", coop.id),
            Some(&ketua),
            json!({"kind": "sembako", "kbli": "47111", "name": "Gerai Sembako", "status": "operating", "opened_on": "2026-10-01"}),
        )
        .await;
    assert_eq!(unit.status(), 201);
    let published: serde_json::Value = app
        .post_json(
            "/api/forms",
            Some(&dinas),
            json!({"spec": survey(1), "scope": "32"}),
        )
        .await
        .json()
        .await
        .expect("form");
    let form_id = published["id"].as_str().expect("id");
    let before = dashboard(&app, &dinas, None).await;
    let survey_rate = |d: &Dashboard| {
        d.forms
            .iter()
            .find(|f| f.form_id == form_id)
            .map(|f| (f.asked, f.answered))
    };
    assert_eq!(survey_rate(&before), Some((1, 0)));
    push(
        &app,
        &ketua,
        vec![answer(
            "0193a1b2-0000-7000-8000-00000000d001",
            "0193a1b2-0000-7000-9000-00000000d001",
            form_id,
            &coop.id,
            json!({"ada_sinyal": "no"}),
        )],
    )
    .await;

    let now = dashboard(&app, &dinas, None).await;
    assert_eq!(survey_rate(&now), Some((1, 1)));
    assert_eq!(now.totals.members, 1);
    // Savings reach admins only as a sum.
    assert_eq!(now.totals.savings, 25_000);
    assert_eq!((now.totals.units, now.totals.units_operating), (1, 1));
    assert_eq!((now.totals.never_updated, now.totals.fresh), (0, 1));
    assert_eq!(now.units.len(), 1);
    assert!(now.as_of >= first.as_of);

    // Down to the district, whose rows are villages with their cooperative.
    let district = dashboard(&app, &dinas, Some("32.04.12")).await;
    let codes: Vec<&str> = district.path.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["32", "32.04", "32.04.12"]);
    assert!(district.can_go_up);
    assert_eq!(district.rows.len(), 1);
    assert_eq!(district.rows[0].code, "32.04.12.2003");
    assert_eq!(
        district.rows[0].cooperative_id.as_deref(),
        Some(coop.id.as_str())
    );
    assert_eq!(district.totals, now.totals);
    let village = dashboard(&app, &dinas, Some("32.04.12.2003")).await;
    assert_eq!(village.totals.cooperatives, 1);

    // The ministry sees both provinces; each province's figures add up to the country's.
    let national = dashboard(&app, &ministry, None).await;
    assert!(national.path.is_empty());
    assert_eq!(national.totals.cooperatives, 2);
    let provinces: Vec<&str> = national.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(provinces, ["32", "33"]);
    let jabar = dashboard(&app, &ministry, Some("32")).await;
    assert!(jabar.can_go_up);
    assert_eq!(national.rows[0].counts, jabar.totals);
    // Forms of one province ask nobody in another.
    let jateng = dashboard(&app, &ministry, Some("33")).await;
    assert_eq!(survey_rate(&jateng), None);

    // Outside one's region, a malformed region, and people who are not admins: nothing.
    assert_eq!(
        app.get_as(&dinas, "/api/dashboard?region=33")
            .await
            .status(),
        404
    );
    let malformed = app.get_as(&dinas, "/api/dashboard?region=jabar").await;
    assert_eq!(
        first_field_error(&malformed.json().await.expect("error")),
        ("region".to_owned(), "region.format".to_owned())
    );
    for outsider in [&ketua, &jateng_chair] {
        assert_eq!(app.get_as(outsider, "/api/dashboard").await.status(), 404);
    }
    assert_eq!(app.get("/api/dashboard").await.status(), 401);
}

async fn a_cooperatives_officers_see_its_own_figures(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let supervisor = pengawas(&app, &coop.id).await;
    let (own, member_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    // The member asks for a change; the chair records a deposit.
    push(
        &app,
        &own,
        vec![json!({"id": "0193a1b2-0000-7000-8000-00000000e001", "record_id": "0193a1b2-0000-7000-9000-00000000e001",
                    "base_version": null, "kind": "member_data_change",
                    "data": {"member_id": member_id, "name": "Neng Sari Rahayu"}})],
    )
    .await;
    push(
        &app,
        &ketua,
        vec![json!({"id": "0193a1b2-0000-7000-8000-00000000e002", "record_id": "0193a1b2-0000-7000-9000-00000000e002",
                    "base_version": null, "kind": "savings_entry",
                    "data": {"cooperative_id": coop.id, "member_id": member_id, "kind": "sukarela", "action": "deposit",
                             "amount": "Rp 25.000", "receipt": "KW-1", "recorded_on": kopdes_server::clock::today().to_string()}})],
    )
    .await;
    let path = format!("/api/cooperatives/{}/dashboard", coop.id);
    for officer in [&ketua, &supervisor] {
        let seen: CooperativeDashboard = app
            .get_as(officer, &path)
            .await
            .json()
            .await
            .expect("dashboard");
        assert_eq!((seen.members_active, seen.members_left), (1, 0));
        assert_eq!(seen.pending_requests, 1);
        assert_eq!(seen.savings_this_month, 25_000);
        assert_eq!((seen.members_with_account, seen.members_trained), (1, 0));
        // The built-in monthly unit report reaches every cooperative and is not answered yet.
        assert!(
            seen.forms_due
                .iter()
                .any(|f| f.title.id.contains("Laporan") || f.title.id.contains("laporan"))
        );
    }
    for outsider in [&own, &dinas] {
        assert_eq!(app.get_as(outsider, &path).await.status(), 404);
    }
}

/// On a deployment whose figures were never computed, the first reads compute them; a read
/// arriving while another computes waits for those figures instead of answering none (an
/// admin's home is the dashboard, so two admins signing in together meet this at once).
async fn admins_opening_a_fresh_deployments_dashboard_at_once_all_get_figures(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| config.stats_max_age_secs = 600).await;
    let (dinas, _, _) = registered(&app).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let (a, b, c, d) = tokio::join!(
        dashboard(&app, &dinas, None),
        dashboard(&app, &ministry, None),
        dashboard(&app, &dinas, None),
        dashboard(&app, &ministry, None),
    );
    for answer in [a, b, c, d] {
        assert!(answer.as_of > 0, "figures computed, not none");
        assert_eq!(answer.totals.cooperatives, 1);
    }
}
