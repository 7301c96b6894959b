//! The audit trail, read: per cooperative, per member, per account and across a region or the
//! country, filtered and paged, each to those who may read it.

use kopdes_domain::audit::AuditPage;
use serde_json::json;

use crate::change_requests::member;
use crate::cooperatives::{in_central_java, registered};
use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_return_reason_stays_in_the_cooperative_history_after_verification,
    the_ministry_reads_the_country_and_a_dinas_admin_only_their_region,
    an_account_history_is_read_by_its_holder_and_those_with_power_over_it,
    a_members_history_is_for_the_pengurus_and_the_admins,
);

async fn page(app: &TestApp, session: &str, query: &str) -> AuditPage {
    let response = app.get_as(session, &format!("/api/audit?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.expect("page")
}

fn actions(page: &AuditPage) -> Vec<&str> {
    page.items.iter().map(|e| e.action.as_str()).collect()
}

async fn a_return_reason_stays_in_the_cooperative_history_after_verification(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}", cooperative.id);
    let step = |what: &'static str, who: String, body: serde_json::Value| {
        let (app, path) = (&app, path.clone());
        async move {
            let response = app
                .post_json(&format!("{path}/{what}"), Some(&who), body)
                .await;
            assert_eq!(response.status(), 200, "{what}");
        }
    };
    crate::cooperatives::completed(&app, &ketua, &cooperative.id).await;
    step("submit", ketua.clone(), json!({})).await;
    step(
        "return",
        dinas.clone(),
        json!({"reasons": "Nomor badan hukum belum diisi."}),
    )
    .await;
    step("submit", ketua.clone(), json!({})).await;
    step("verify", dinas.clone(), json!({})).await;

    let trail = page(&app, &dinas, &format!("cooperative={}", cooperative.id)).await;
    assert_eq!(
        actions(&trail),
        [
            "cooperative.verified",
            "cooperative.submitted",
            "cooperative.returned",
            "cooperative.submitted",
            "cooperative.updated",
            "cooperative.registered",
        ]
    );
    let returned = &trail.items[2];
    assert_eq!(
        returned.reasons.as_deref(),
        Some("Nomor badan hukum belum diisi.")
    );
    assert!(returned.actor_name.is_some());
    assert_eq!(
        trail.items[0].cooperative_name.as_deref(),
        Some(cooperative.profile.name.as_str())
    );
    // Its pengurus read it too; an admin elsewhere does not even see the cooperative.
    assert_eq!(
        page(&app, &ketua, &format!("cooperative={}", cooperative.id))
            .await
            .items
            .len(),
        6
    );
    let elsewhere = app.staff("0811 3300 0001", Some("33")).await;
    let refused = app
        .get_as(
            &elsewhere,
            &format!("/api/audit?cooperative={}", cooperative.id),
        )
        .await;
    assert_eq!(refused.status(), 404);
    // Filtered by what.
    let returns = page(
        &app,
        &dinas,
        &format!("cooperative={}&action=cooperative.returned", cooperative.id),
    )
    .await;
    assert_eq!(actions(&returns), ["cooperative.returned"]);
}

async fn the_ministry_reads_the_country_and_a_dinas_admin_only_their_region(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (west_java, ketua, west) = registered(&app).await;
    let (central_java, _, central_id) = in_central_java(&app).await;
    let ministry = app.staff("0811 0000 0001", None).await;

    let registered_everywhere = page(&app, &ministry, "action=cooperative.registered").await;
    let ids: Vec<_> = registered_everywhere
        .items
        .iter()
        .filter_map(|e| e.cooperative_id.clone())
        .collect();
    assert!(ids.contains(&west.id) && ids.contains(&central_id));

    let mine = page(&app, &west_java, "action=cooperative.").await;
    assert!(!mine.items.is_empty());
    assert!(
        mine.items
            .iter()
            .all(|e| e.cooperative_id.as_deref() == Some(west.id.as_str()))
    );
    let theirs = page(&app, &central_java, "").await;
    assert!(
        theirs
            .items
            .iter()
            .all(|e| e.cooperative_id.as_deref() != Some(west.id.as_str()))
    );
    // A pengurus has no region to read.
    assert_eq!(app.get_as(&ketua, "/api/audit").await.status(), 403);

    // Paged: one at a time, the same entries as all at once, none twice.
    let all = page(&app, &ministry, "limit=100").await;
    let mut walked = Vec::new();
    let mut query = "limit=1".to_owned();
    loop {
        let one = page(&app, &ministry, &query).await;
        walked.extend(one.items.iter().map(|e| e.id.clone()));
        match one.next {
            Some(next) => query = format!("limit=1&before={next}"),
            None => break,
        }
    }
    let expected: Vec<_> = all.items.iter().map(|e| e.id.clone()).collect();
    assert_eq!(walked, expected);

    // By who and when.
    let by_name = page(&app, &ministry, "who=euis").await;
    assert!(!by_name.items.is_empty());
    assert!(
        by_name
            .items
            .iter()
            .all(|e| e.actor_name.as_deref() == Some("Hj. Euis Rohaeti"))
    );
    let later = all.items[0].at + 1;
    assert!(
        page(&app, &ministry, &format!("from={later}"))
            .await
            .items
            .is_empty()
    );
    assert_eq!(
        page(&app, &ministry, &format!("until={later}"))
            .await
            .items
            .len(),
        all.items.len().min(50)
    );
    let bad = app.get_as(&ministry, "/api/audit?before=zzz").await;
    assert_eq!(bad.status(), 422);
}

async fn an_account_history_is_read_by_its_holder_and_those_with_power_over_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let ministry = app.staff("0811 0000 0001", None).await;
    let appointed: serde_json::Value = app
        .post_json(
            "/api/staff",
            Some(&ministry),
            json!({"name": "Rina", "phone": "0811 3200 0009", "region": "32"}),
        )
        .await
        .json()
        .await
        .expect("appointed");
    let id = appointed["user_id"].as_str().expect("id").to_owned();
    let disabled = app
        .post_json(
            &format!("/api/staff/{id}/disable"),
            Some(&ministry),
            json!({"reason": "Pindah tugas"}),
        )
        .await;
    assert_eq!(disabled.status(), 204);
    let trail = page(&app, &ministry, &format!("account={id}")).await;
    assert_eq!(actions(&trail), ["account.disabled", "staff.appointed"]);
    assert_eq!(trail.items[0].reasons.as_deref(), Some("Pindah tugas"));

    // A province admin has no power over the ministry's account, nor over a peer.
    let west_java = app.staff("0811 3200 0001", Some("32")).await;
    let ministry_id = app
        .get_as(&ministry, "/api/me")
        .await
        .json::<kopdes_domain::account::Me>()
        .await
        .expect("me")
        .id;
    let refused = app
        .get_as(&west_java, &format!("/api/audit?account={ministry_id}"))
        .await;
    assert_eq!(refused.status(), 403);
    assert_eq!(
        app.get_as(&west_java, &format!("/api/audit?account={id}"))
            .await
            .status(),
        403
    );
    // Everyone reads their own.
    assert!(
        !page(&app, &ministry, &format!("account={ministry_id}"))
            .await
            .items
            .iter()
            .any(|e| e.entity_id != ministry_id)
    );
}

async fn a_members_history_is_for_the_pengurus_and_the_admins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let (member_session, member_id) = member(
        &app,
        &ketua,
        &cooperative.id,
        "3204125512050003",
        "0813 2222 3333",
    )
    .await;
    let viewed = app
        .get_as(&ketua, &format!("/api/members/{member_id}"))
        .await;
    assert_eq!(viewed.status(), 200);
    let trail = page(&app, &dinas, &format!("member={member_id}")).await;
    assert!(actions(&trail).contains(&"member.registered"));
    assert!(trail.items.iter().all(|e| e.entity_id == member_id));
    assert_eq!(
        page(&app, &ketua, &format!("member={member_id}"))
            .await
            .items
            .len(),
        trail.items.len()
    );
    // The member reads their own access log at its own address, not the staff trail.
    let refused = app
        .get_as(&member_session, &format!("/api/audit?member={member_id}"))
        .await;
    assert_eq!(refused.status(), 403);
}
