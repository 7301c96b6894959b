//! Forms: published to a region, answered through the outbox once, counted and exported.

use kopdes_domain::form::{PublishedForm, RegionCount, StoredResponse};
use kopdes_domain::sync::Outcome;
use kopdes_domain::unit::Unit;
use serde_json::{Value, json};

use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;
use crate::sync::push;

on_both_backends!(
    nik_answers_are_sealed_and_shown_in_full_only_to_the_pengurus,
    the_monthly_unit_report_is_there_from_the_start,
    an_admin_publishes_a_checked_form_inside_their_region_only,
    a_chair_answers_through_the_outbox_once,
    answers_are_checked_by_the_forms_rules_and_refused_alone,
    response_rates_per_region_and_a_csv_export_for_admins,
);

async fn forms(app: &TestApp, session: &str) -> Vec<PublishedForm> {
    let response = app.get_as(session, "/api/forms").await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("forms")
}

pub(crate) fn survey(version: u32) -> Value {
    json!({
        "key": "survei-sinyal",
        "version": version,
        "title": {"id": "Survei sinyal", "en": "Signal survey"},
        "fields": [
            {"name": "ada_sinyal", "label": {"id": "Ada sinyal di kantor?", "en": "Signal at the office?"},
             "kind": "yes_no", "required": true},
            {"name": "operator", "label": {"id": "Operator", "en": "Operator"}, "kind": "choice",
             "options": [{"value": "telkomsel", "label": {"id": "Telkomsel", "en": "Telkomsel"}},
                         {"value": "lainnya", "label": {"id": "Lainnya", "en": "Other"}}],
             "show_if": {"field": "ada_sinyal", "equals": "yes"}, "required": true},
            {"name": "nik_petugas", "label": {"id": "NIK petugas", "en": "Officer's NIK"}, "kind": "nik"},
            {"name": "catatan", "label": {"id": "Catatan", "en": "Notes"}, "kind": "text"}
        ]
    })
}

async fn publish(app: &TestApp, session: &str, body: Value) -> reqwest::Response {
    app.post_json("/api/forms", Some(session), body).await
}

pub(crate) fn answer(op: &str, response: &str, form: &str, coop: &str, answers: Value) -> Value {
    json!({
        "id": op,
        "record_id": response,
        "base_version": null,
        "kind": "form_response",
        "data": {"form_id": form, "cooperative_id": coop, "answers": answers}
    })
}

async fn the_monthly_unit_report_is_there_from_the_start(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, _) = registered(&app).await;

    for session in [&dinas, &ketua] {
        let listed = forms(&app, session).await;
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].spec.key, "laporan-gerai-bulanan");
        assert_eq!(listed[0].scope, None);
    }
}

async fn an_admin_publishes_a_checked_form_inside_their_region_only(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, _) = registered(&app).await;
    let elsewhere = app.staff("0811 1200 0001", Some("12")).await;

    let mut broken = survey(1);
    broken["fields"][1]["show_if"]["equals"] = json!("mungkin");
    broken["title"]["en"] = json!("");
    let refused = publish(&app, &dinas, json!({"spec": broken, "scope": "32.04"})).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.expect("error body");
    let fields: Vec<&str> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| f["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["spec.title.en", "spec.fields[1].show_if"]);

    let national = publish(&app, &dinas, json!({"spec": survey(1)})).await;
    assert_eq!(national.status(), 403);
    let published = publish(
        &app,
        &dinas,
        json!({"spec": survey(1), "scope": "32.04", "deadline": "2099-12-31"}),
    )
    .await;
    assert_eq!(published.status(), 201);
    let again = publish(&app, &dinas, json!({"spec": survey(1), "scope": "32.04"})).await;
    assert_eq!(again.status(), 422);

    // The chair in Kab. Bandung sees it; an admin of Sumatera Utara does not.
    assert_eq!(forms(&app, &ketua).await.len(), 2);
    assert_eq!(forms(&app, &elsewhere).await.len(), 1);
    let other_province = publish(&app, &elsewhere, json!({"spec": survey(2), "scope": "32"})).await;
    assert_eq!(other_province.status(), 403);

    // A new version replaces the old one in the list.
    let v2 = publish(&app, &dinas, json!({"spec": survey(2), "scope": "32.04"})).await;
    assert_eq!(v2.status(), 201);
    let listed = forms(&app, &ketua).await;
    let survey = listed
        .iter()
        .find(|f| f.spec.key == "survei-sinyal")
        .expect("survey listed");
    assert_eq!(survey.spec.version, 2);
}

async fn units(app: &TestApp, session: &str, coop: &str) -> Vec<Unit> {
    app.get_as(session, &format!("/api/cooperatives/{coop}/units"))
        .await
        .json()
        .await
        .expect("units")
}

async fn a_chair_answers_through_the_outbox_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let created = app
        .post_json(
            &format!("/api/cooperatives/{}/units", coop.id),
            Some(&ketua),
            json!({"kind": "sembako", "kbli": "47111", "name": "Gerai Sembako", "status": "planned", "opened_on": null}),
        )
        .await;
    assert_eq!(created.status(), 201);
    let unit = units(&app, &ketua, &coop.id).await.remove(0);
    let report = forms(&app, &ketua).await.remove(0);
    let response_id = "0193a1b2-0000-7000-8000-0000000000f1";
    let mut op = answer(
        "0193a1b2-0000-7000-8000-0000000000a1",
        response_id,
        &report.id,
        &coop.id,
        json!({"bulan": "2026-10", "status": "buka", "omzet": "Rp 12.500.000", "anggota_dilayani": "87"}),
    );
    op["data"]["unit_id"] = json!(unit.id);

    let first = push(&app, &ketua, vec![op.clone()]).await;
    assert_eq!(first.results[0].outcome, Outcome::Applied { version: 1 });
    // The answer lost on the way: the device sends it again.
    let again = push(&app, &ketua, vec![op.clone()]).await;
    assert!(matches!(
        again.results[0].outcome,
        Outcome::Duplicate { .. }
    ));
    // A second operation for the same response (a bug, or a tampered device) changes nothing.
    let mut second = op.clone();
    second["id"] = json!("0193a1b2-0000-7000-8000-0000000000a2");
    let refused = push(&app, &ketua, vec![second]).await;
    assert_eq!(
        refused.results[0].outcome,
        Outcome::Rejected {
            code: "conflict".into(),
            fields: vec![]
        }
    );

    let stored: Vec<StoredResponse> = app
        .get_as(
            &ketua,
            &format!("/api/forms/{}/responses?cooperative={}", report.id, coop.id),
        )
        .await
        .json()
        .await
        .expect("responses");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].id, response_id);
    assert_eq!(stored[0].response.answers["omzet"].cell(), "12500000");
    assert_eq!(
        stored[0].response.unit_id.as_deref(),
        Some(unit.id.as_str())
    );
    assert_eq!(app.audit_count("form.answered", response_id).await, 1);
}

async fn answers_are_checked_by_the_forms_rules_and_refused_alone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let published: PublishedForm = publish(&app, &dinas, json!({"spec": survey(1), "scope": "32"}))
        .await
        .json()
        .await
        .expect("published");
    let report = forms(&app, &ketua)
        .await
        .into_iter()
        .find(|f| f.spec.key == "laporan-gerai-bulanan")
        .expect("report");

    let answers = push(
        &app,
        &ketua,
        vec![
            answer(
                "0193a1b2-0000-7000-8000-0000000000b1",
                "0193a1b2-0000-7000-8000-0000000000c1",
                &published.id,
                &coop.id,
                json!({"ada_sinyal": "yes", "nik_petugas": "1234"}),
            ),
            // A unit report must name the unit.
            answer(
                "0193a1b2-0000-7000-8000-0000000000b2",
                "0193a1b2-0000-7000-8000-0000000000c2",
                &report.id,
                &coop.id,
                json!({"bulan": "2026-10", "status": "belum_buka"}),
            ),
            answer(
                "0193a1b2-0000-7000-8000-0000000000b3",
                "0193a1b2-0000-7000-8000-0000000000c3",
                &published.id,
                &coop.id,
                json!({"ada_sinyal": "no", "operator": "telkomsel", "catatan": "=1+1"}),
            ),
        ],
    )
    .await;

    let codes = |i: usize| match &answers.results[i].outcome {
        Outcome::Rejected { fields, .. } => fields
            .iter()
            .map(|f| (f.field.clone(), f.code.clone()))
            .collect::<Vec<_>>(),
        other => panic!("expected a rejection, got {other:?}"),
    };
    assert_eq!(
        codes(0),
        [
            ("operator".to_owned(), "required".to_owned()),
            ("nik_petugas".to_owned(), "nik.length".to_owned())
        ]
    );
    assert_eq!(codes(1), [("unit_id".to_owned(), "required".to_owned())]);
    // The third is fine: its hidden operator answer is dropped.
    assert_eq!(answers.results[2].outcome, Outcome::Applied { version: 1 });
    let stored: Vec<StoredResponse> = app
        .get_as(
            &ketua,
            &format!(
                "/api/forms/{}/responses?cooperative={}",
                published.id, coop.id
            ),
        )
        .await
        .json()
        .await
        .expect("responses");
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].response.answers.contains_key("operator"));

    // Only the cooperative's pengurus answer for it.
    let op = answer(
        "0193a1b2-0000-7000-8000-0000000000b4",
        "0193a1b2-0000-7000-8000-0000000000c4",
        &published.id,
        &coop.id,
        json!({"ada_sinyal": "no"}),
    );
    let by_dinas = push(&app, &dinas, vec![op]).await;
    assert!(matches!(
        &by_dinas.results[0].outcome,
        Outcome::Rejected { code, .. } if code == "forbidden"
    ));
}

async fn response_rates_per_region_and_a_csv_export_for_admins(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let published: PublishedForm = publish(&app, &dinas, json!({"spec": survey(1), "scope": "32"}))
        .await
        .json()
        .await
        .expect("published");
    let done = push(
        &app,
        &ketua,
        vec![answer(
            "0193a1b2-0000-7000-8000-0000000000d1",
            "0193a1b2-0000-7000-8000-0000000000e1",
            &published.id,
            &coop.id,
            json!({"ada_sinyal": "yes", "operator": "telkomsel", "nik_petugas": "3204124512050001",
                   "catatan": "=HYPERLINK(\"x\"), lalu \"rapat\""}),
        )],
    )
    .await;
    assert_eq!(done.results[0].outcome, Outcome::Applied { version: 1 });

    let counts: Vec<RegionCount> = app
        .get_as(&dinas, &format!("/api/forms/{}/counts", published.id))
        .await
        .json()
        .await
        .expect("counts");
    let bandung = counts
        .iter()
        .find(|c| c.region.as_str() == "32.04")
        .expect("Kab. Bandung counted");
    assert_eq!(
        (bandung.cooperatives, bandung.responded, bandung.responses),
        (1, 1, 1)
    );
    assert!(
        counts
            .iter()
            .filter(|c| c.region.as_str() != "32.04")
            .all(|c| c.responded == 0)
    );
    let deeper: Vec<RegionCount> = app
        .get_as(
            &dinas,
            &format!("/api/forms/{}/counts?region=32.04", published.id),
        )
        .await
        .json()
        .await
        .expect("counts");
    assert_eq!(deeper.iter().map(|c| c.responded).sum::<i64>(), 1);
    let not_theirs = app
        .get_as(
            &dinas,
            &format!("/api/forms/{}/counts?region=12", published.id),
        )
        .await;
    assert_eq!(not_theirs.status(), 403);
    let chair_asks = app
        .get_as(&ketua, &format!("/api/forms/{}/counts", published.id))
        .await;
    assert_eq!(chair_asks.status(), 403);

    let csv = app
        .get_as(
            &dinas,
            &format!("/api/forms/{}/responses.csv", published.id),
        )
        .await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("text/csv")
    );
    let text = csv.text().await.expect("csv");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "response_id,cooperative_id,cooperative,village_code,unit_id,received_at_ms,late,ada_sinyal,operator,nik_petugas,catatan"
    );
    assert_eq!(lines.len(), 2);
    // The NIK masked, the formula neutralised, quotes and commas escaped.
    assert!(
        lines[1].contains(",yes,telkomsel,************0001,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(r#","'=HYPERLINK(""x""), lalu ""rapat""""#),
        "{}",
        lines[1]
    );
}

async fn nik_answers_are_sealed_and_shown_in_full_only_to_the_pengurus(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (member, _) = crate::change_requests::member(
        &app,
        &ketua,
        &coop.id,
        "3204125512050003",
        "0813 2222 3333",
    )
    .await;
    let published: PublishedForm = publish(&app, &dinas, json!({"spec": survey(1), "scope": "32"}))
        .await
        .json()
        .await
        .expect("published");
    let done = push(
        &app,
        &ketua,
        vec![answer(
            "0193a1b2-0000-7000-8000-0000000000d2",
            "0193a1b2-0000-7000-8000-0000000000e2",
            &published.id,
            &coop.id,
            json!({"ada_sinyal": "yes", "operator": "telkomsel", "nik_petugas": "3204124512050001"}),
        )],
    )
    .await;
    assert_eq!(done.results[0].outcome, Outcome::Applied { version: 1 });

    let path = format!(
        "/api/forms/{}/responses?cooperative={}",
        published.id, coop.id
    );
    let nik_seen_by = |session: String| {
        let (app, path) = (&app, &path);
        async move {
            let responses: Vec<Value> = app
                .get_as(&session, path)
                .await
                .json()
                .await
                .expect("responses");
            responses[0]["answers"]["nik_petugas"]
                .as_str()
                .expect("nik")
                .to_owned()
        }
    };
    assert_eq!(nik_seen_by(ketua.clone()).await, "3204124512050001");
    assert_eq!(nik_seen_by(member).await, "************0001");
    assert_eq!(nik_seen_by(dinas).await, "************0001");
    let stored: Vec<String> = sqlx::query_scalar("SELECT answers FROM form_responses")
        .fetch_all(&app.db.pool)
        .await
        .expect("stored");
    assert!(stored.iter().all(|a| !a.contains("320412")), "{stored:?}");

    // A response stored in clear before NIKs in forms were sealed is sealed at start.
    sqlx::query("UPDATE form_responses SET answers = $1, sealed_niks = NULL")
        .bind(r#"{"ada_sinyal":"yes","operator":"telkomsel","nik_petugas":"3204124512050001"}"#)
        .execute(&app.db.writer)
        .await
        .expect("an old response");
    let vault = kopdes_server::vault::Vault::from_hex(crate::helpers::TEST_DATA_KEY).expect("key");
    assert_eq!(
        kopdes_server::forms::seal_stored_niks(&app.db, &vault)
            .await
            .expect("sealed"),
        1
    );
    assert_eq!(
        kopdes_server::forms::seal_stored_niks(&app.db, &vault)
            .await
            .expect("sealed"),
        0
    );
    assert_eq!(nik_seen_by(ketua).await, "3204124512050001");
    let stored: String = sqlx::query_scalar("SELECT answers FROM form_responses")
        .fetch_one(&app.db.pool)
        .await
        .expect("stored");
    assert!(!stored.contains("320412"), "{stored}");
}
