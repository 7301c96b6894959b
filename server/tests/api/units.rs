use kopdes_domain::api::ErrorBody;
use kopdes_domain::unit::{Unit, UnitKind, UnitStatus};
use serde_json::json;

use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    a_unit_is_planned_then_opened,
    unit_rules_and_stale_versions_change_nothing
);

async fn a_unit_is_planned_then_opened(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/units", cooperative.id);

    let created = app
        .post_json(&path, Some(&ketua), json!({"kind": "sembako", "kbli": "47111", "name": "Gerai Sembako Cangkuang", "status": "planned", "opened_on": null}))
        .await;
    assert_eq!(created.status(), 201);
    let unit: Unit = created.json().await.expect("unit");
    assert_eq!(
        (unit.details.kind, unit.details.status, unit.version),
        (UnitKind::Sembako, UnitStatus::Planned, 1)
    );

    let opened: Unit = app
        .put_json(
            &format!("/api/units/{}", unit.id),
            &ketua,
            json!({"version": 1, "kind": "sembako", "kbli": "47111", "name": "Gerai Sembako Cangkuang", "status": "operating", "opened_on": "2026-10-01"}),
        )
        .await
        .json()
        .await
        .expect("opened");
    assert_eq!(
        (opened.details.status, opened.version),
        (UnitStatus::Operating, 2)
    );

    let seen_by_dinas: Vec<Unit> = app.get_as(&dinas, &path).await.json().await.expect("units");
    assert_eq!(seen_by_dinas, [opened]);
}

async fn unit_rules_and_stale_versions_change_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let path = format!("/api/cooperatives/{}/units", cooperative.id);

    let wrong_code = app
        .post_json(&path, Some(&ketua), json!({"kind": "klinik", "kbli": "47111", "name": "Klinik Desa", "status": "operating", "opened_on": null}))
        .await;
    assert_eq!(wrong_code.status(), 422);
    let fields: Vec<String> = wrong_code
        .json::<ErrorBody>()
        .await
        .expect("body")
        .fields
        .into_iter()
        .map(|f| format!("{}:{}", f.field, f.code))
        .collect();
    assert_eq!(fields, ["kbli:kbli.not_for_kind", "opened_on:required"]);
    assert_eq!(
        app.post_json(&path, Some(&dinas), json!({"kind": "other", "kbli": "10750", "name": "Roti", "status": "planned", "opened_on": null})).await.status(),
        403,
        "the dinas sees units but the pengurus keep them"
    );

    let unit: Unit = app
        .post_json(&path, Some(&ketua), json!({"kind": "apotek", "kbli": "47721", "name": "Apotek Desa", "status": "preparing", "opened_on": null}))
        .await
        .json()
        .await
        .expect("unit");
    let edit = |version: i64, name: &str| json!({"version": version, "kind": "apotek", "kbli": "47721", "name": name, "status": "preparing", "opened_on": null});
    assert_eq!(
        app.put_json(
            &format!("/api/units/{}", unit.id),
            &ketua,
            edit(1, "Apotek Desa Sehat")
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.put_json(
            &format!("/api/units/{}", unit.id),
            &ketua,
            edit(1, "Apotek Lama")
        )
        .await
        .status(),
        409
    );
    let units: Vec<Unit> = app.get_as(&ketua, &path).await.json().await.expect("units");
    assert_eq!(units.len(), 1);
    assert_eq!(units[0].details.name, "Apotek Desa Sehat");
}
