//! The sync push: every operation applied exactly once, whatever the network does to it.

use kopdes_domain::cooperative::Cooperative;
use kopdes_domain::sync::{Outcome, PullResponse, PushResponse, Record};
use serde_json::{Value, json};

use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    an_operation_replayed_fifty_times_is_applied_once,
    twenty_identical_pushes_at_once_apply_once,
    the_same_id_with_other_content_is_refused,
    a_change_to_an_old_version_is_a_conflict_with_the_record_as_it_is,
    a_bad_operation_is_answered_alone_and_does_not_hold_back_the_rest,
    only_the_pengurus_may_push_a_profile_change,
    a_batch_over_the_limit_is_refused_whole,
    a_first_pull_holds_the_whole_scope,
    a_pull_brings_each_changed_record_once_and_nothing_new_costs_little,
    a_pull_never_shows_another_cooperatives_changes,
    a_long_backlog_comes_in_pages,
    an_operation_this_server_cannot_read_is_rejected_alone,
    a_pull_after_the_scope_changed_starts_over,
    operations_are_never_applied_in_another_accounts_name,
    a_push_cut_off_midway_applies_nothing_and_the_resend_applies_once,
);

fn profile_change(id: &str, record_id: &str, base_version: i64, address: &str) -> Value {
    json!({
        "id": id,
        "record_id": record_id,
        "base_version": base_version,
        "kind": "cooperative_profile",
        "data": {
            "name": "Koperasi Desa Merah Putih Cangkuang Wetan",
            "address": address,
            "established_on": "2025-07-21"
        }
    })
}

pub(crate) async fn push(app: &TestApp, session: &str, operations: Vec<Value>) -> PushResponse {
    let response = app
        .post_json(
            "/api/sync/push",
            Some(session),
            json!({ "operations": operations }),
        )
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("push response")
}

async fn cooperative(app: &TestApp, session: &str, id: &str) -> Cooperative {
    app.get_as(session, &format!("/api/cooperatives/{id}"))
        .await
        .json()
        .await
        .expect("cooperative")
}

async fn an_operation_replayed_fifty_times_is_applied_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let op = profile_change(
        "0193a1b2-0000-7000-8000-000000000001",
        &coop.id,
        coop.version,
        "Jl. Raya 1",
    );

    let first = push(&app, &ketua, vec![op.clone()]).await;
    assert_eq!(
        first.results[0].outcome,
        Outcome::Applied {
            version: coop.version + 1
        }
    );
    for _ in 0..50 {
        let again = push(&app, &ketua, vec![op.clone()]).await;
        assert_eq!(
            again.results[0].outcome,
            Outcome::Duplicate {
                of: Box::new(Outcome::Applied {
                    version: coop.version + 1
                })
            }
        );
    }

    let now = cooperative(&app, &ketua, &coop.id).await;
    assert_eq!(now.version, coop.version + 1);
    assert_eq!(now.profile.address.as_deref(), Some("Jl. Raya 1"));
    assert_eq!(app.audit_count("cooperative.updated", &coop.id).await, 1);
}

async fn twenty_identical_pushes_at_once_apply_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let op = profile_change(
        "0193a1b2-0000-7000-8000-000000000002",
        &coop.id,
        coop.version,
        "Jl. Raya 2",
    );

    let mut deliveries = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let request = app
            .client
            .post(app.url("/api/sync/push"))
            .header("cookie", ketua.clone())
            .json(&json!({ "operations": [op.clone()] }));
        deliveries.spawn(async move {
            let response = request.send().await.expect("request sent");
            assert_eq!(response.status(), 200);
            response
                .json::<PushResponse>()
                .await
                .expect("push response")
        });
    }
    let answers: Vec<PushResponse> = deliveries.join_all().await;

    let applied = answers
        .iter()
        .filter(|a| matches!(a.results[0].outcome, Outcome::Applied { .. }))
        .count();
    let duplicates = answers
        .iter()
        .filter(|a| matches!(a.results[0].outcome, Outcome::Duplicate { .. }))
        .count();
    assert_eq!((applied, duplicates), (1, 19));
    assert_eq!(
        cooperative(&app, &ketua, &coop.id).await.version,
        coop.version + 1
    );
    assert_eq!(app.audit_count("cooperative.updated", &coop.id).await, 1);
}

async fn the_same_id_with_other_content_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let id = "0193a1b2-0000-7000-8000-000000000003";
    push(
        &app,
        &ketua,
        vec![profile_change(id, &coop.id, coop.version, "Jl. Raya 3")],
    )
    .await;

    let other = push(
        &app,
        &ketua,
        vec![profile_change(id, &coop.id, coop.version, "Jl. Lain")],
    )
    .await;

    assert_eq!(
        other.results[0].outcome,
        Outcome::Rejected {
            code: "operation.id_reused".into(),
            fields: vec![]
        }
    );
    let now = cooperative(&app, &ketua, &coop.id).await;
    assert_eq!(now.profile.address.as_deref(), Some("Jl. Raya 3"));
}

async fn a_change_to_an_old_version_is_a_conflict_with_the_record_as_it_is(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    // Two phones edited the same version; the first to arrive wins.
    push(
        &app,
        &ketua,
        vec![profile_change(
            "0193a1b2-0000-7000-8000-000000000004",
            &coop.id,
            coop.version,
            "Dari HP 1",
        )],
    )
    .await;

    let late = push(
        &app,
        &ketua,
        vec![profile_change(
            "0193a1b2-0000-7000-8000-000000000005",
            &coop.id,
            coop.version,
            "Dari HP 2",
        )],
    )
    .await;

    let Outcome::Conflict { server } = &late.results[0].outcome else {
        panic!("expected a conflict, got {:?}", late.results[0].outcome);
    };
    let Record::Cooperative(server) = server.as_ref() else {
        panic!("expected the cooperative, got {server:?}");
    };
    assert_eq!(server.version, coop.version + 1);
    assert_eq!(server.profile.address.as_deref(), Some("Dari HP 1"));
    assert_eq!(
        cooperative(&app, &ketua, &coop.id)
            .await
            .profile
            .address
            .as_deref(),
        Some("Dari HP 1")
    );
}

async fn a_bad_operation_is_answered_alone_and_does_not_hold_back_the_rest(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let mut bad = profile_change(
        "0193a1b2-0000-7000-8000-000000000006",
        &coop.id,
        coop.version,
        "x",
    );
    bad["data"]["email"] = json!("bukan email");
    let good = profile_change(
        "0193a1b2-0000-7000-8000-000000000007",
        &coop.id,
        coop.version,
        "Jl. Baik",
    );

    let answer = push(&app, &ketua, vec![bad, good]).await;

    let Outcome::Rejected { code, fields } = &answer.results[0].outcome else {
        panic!("expected a rejection, got {:?}", answer.results[0].outcome);
    };
    assert_eq!(code, "invalid_input");
    assert_eq!(
        (fields[0].field.as_str(), fields[0].code.as_str()),
        ("email", "email.format")
    );
    assert_eq!(
        answer.results[1].outcome,
        Outcome::Applied {
            version: coop.version + 1
        }
    );
}

async fn only_the_pengurus_may_push_a_profile_change(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let op = profile_change(
        "0193a1b2-0000-7000-8000-000000000008",
        &coop.id,
        coop.version,
        "Jl. Dinas",
    );

    let answer = push(&app, &dinas, vec![op]).await;

    assert_eq!(
        answer.results[0].outcome,
        Outcome::Rejected {
            code: "forbidden".into(),
            fields: vec![]
        }
    );
    assert_eq!(
        cooperative(&app, &ketua, &coop.id).await.version,
        coop.version
    );
}

async fn a_batch_over_the_limit_is_refused_whole(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let operations: Vec<Value> = (0..101)
        .map(|n| {
            profile_change(
                &format!("0193a1b2-0000-7000-8000-{n:012}"),
                &coop.id,
                coop.version,
                "x",
            )
        })
        .collect();

    let response = app
        .post_json(
            "/api/sync/push",
            Some(&ketua),
            json!({ "operations": operations }),
        )
        .await;

    assert_eq!(response.status(), 422);
    assert_eq!(
        cooperative(&app, &ketua, &coop.id).await.version,
        coop.version
    );
}

async fn pull(app: &TestApp, session: &str, cursor: Option<&str>) -> (PullResponse, usize) {
    let path = match cursor {
        Some(cursor) => format!("/api/sync/pull?cursor={cursor}"),
        None => "/api/sync/pull".to_owned(),
    };
    let response = app.get_as(session, &path).await;
    assert_eq!(response.status(), 200);
    let body = response.bytes().await.expect("body");
    (
        serde_json::from_slice(&body).expect("pull response"),
        body.len(),
    )
}

fn kinds(records: &[Record]) -> Vec<&'static str> {
    records
        .iter()
        .map(|r| match r {
            Record::Cooperative(_) => "cooperative",
            Record::Unit(_) => "unit",
            Record::Officer(_) => "officer",
        })
        .collect()
}

async fn add_unit(app: &TestApp, session: &str, cooperative_id: &str, name: &str) {
    let response = app
        .post_json(
            &format!("/api/cooperatives/{cooperative_id}/units"),
            Some(session),
            json!({"kind": "sembako", "kbli": "47111", "name": name, "status": "planned", "opened_on": null}),
        )
        .await;
    assert_eq!(response.status(), 201);
}

async fn a_first_pull_holds_the_whole_scope(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    add_unit(&app, &ketua, &coop.id, "Gerai Sembako").await;

    let (first, _) = pull(&app, &ketua, None).await;

    assert_eq!(kinds(&first.records), ["cooperative", "unit", "officer"]);
    assert!(first.reset && !first.more);
    let (next, _) = pull(&app, &ketua, Some(&first.cursor)).await;
    assert!(
        next.records.is_empty(),
        "the snapshot already held everything"
    );
}

async fn a_pull_brings_each_changed_record_once_and_nothing_new_costs_little(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let (first, _) = pull(&app, &ketua, None).await;
    push(
        &app,
        &ketua,
        vec![
            profile_change(
                "0193a1b2-0000-7000-8000-000000000011",
                &coop.id,
                coop.version,
                "Satu",
            ),
            profile_change(
                "0193a1b2-0000-7000-8000-000000000012",
                &coop.id,
                coop.version + 1,
                "Dua",
            ),
        ],
    )
    .await;

    let (changed, _) = pull(&app, &ketua, Some(&first.cursor)).await;

    assert_eq!(changed.records.len(), 1, "changed twice, sent once");
    let Record::Cooperative(now) = &changed.records[0] else {
        panic!("expected the cooperative");
    };
    assert_eq!(
        (now.version, now.profile.address.as_deref()),
        (coop.version + 2, Some("Dua"))
    );
    let (nothing, bytes) = pull(&app, &ketua, Some(&changed.cursor)).await;
    assert!(nothing.records.is_empty() && !nothing.more && !nothing.reset);
    assert_eq!(nothing.cursor, changed.cursor);
    assert!(bytes < 100, "an empty pull is {bytes} bytes");
}

async fn a_pull_never_shows_another_cooperatives_changes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, _) = registered(&app).await;
    let (first, _) = pull(&app, &ketua, None).await;
    let other = app
        .post_json(
            "/api/cooperatives",
            Some(&dinas),
            json!({"village": "32.04.12.2002", "scheme": "baru", "name": "Koperasi Desa Merah Putih Dayeuhkolot",
                   "ketua_name": "Ujang", "ketua_phone": "0812 7777 8888"}),
        )
        .await;
    assert_eq!(other.status(), 201);

    let (after, _) = pull(&app, &ketua, Some(&first.cursor)).await;

    assert!(after.records.is_empty(), "{:?}", kinds(&after.records));
}

async fn a_long_backlog_comes_in_pages(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let (first, _) = pull(&app, &ketua, None).await;
    for n in 0..201 {
        add_unit(&app, &ketua, &coop.id, &format!("Gerai {n:03}")).await;
    }

    let (page_one, _) = pull(&app, &ketua, Some(&first.cursor)).await;
    let (page_two, _) = pull(&app, &ketua, Some(&page_one.cursor)).await;

    assert_eq!((page_one.records.len(), page_one.more), (200, true));
    assert_eq!((page_two.records.len(), page_two.more), (1, false));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

#[tokio::test]
async fn a_push_may_travel_compressed_and_is_limited_after_decompression() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (_, ketua, coop) = registered(&app).await;
    let op = profile_change(
        "0193a1b2-0000-7000-8000-000000000021",
        &coop.id,
        coop.version,
        "Jl. Gzip",
    );
    let body = serde_json::to_vec(&json!({ "operations": [op] })).expect("json");

    let response = app
        .client
        .post(app.url("/api/sync/push"))
        .header("cookie", &ketua)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(gzip(&body))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let answer: PushResponse = response.json().await.expect("push response");
    assert_eq!(
        answer.results[0].outcome,
        Outcome::Applied {
            version: coop.version + 1
        }
    );

    // 2 MiB of spaces squeeze into a few kilobytes, but unpack past the 1 MiB limit.
    let mut bomb = b"{\"operations\": [".to_vec();
    bomb.extend(std::iter::repeat_n(b' ', 2 * 1024 * 1024));
    bomb.extend(b"]}");
    let packed = gzip(&bomb);
    assert!(packed.len() < 16 * 1024);
    let refused = app
        .client
        .post(app.url("/api/sync/push"))
        .header("cookie", &ketua)
        .header("content-type", "application/json")
        .header("content-encoding", "gzip")
        .body(packed)
        .send()
        .await
        .expect("request");
    assert_eq!(refused.status(), 413);
}

async fn an_operation_this_server_cannot_read_is_rejected_alone(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let mut bad_date = profile_change(
        "0193a1b2-0000-7000-8000-000000000031",
        &coop.id,
        coop.version,
        "x",
    );
    bad_date["data"]["established_on"] = json!("21/07/2025");
    let mut newer_kind = profile_change(
        "0193a1b2-0000-7000-8000-000000000032",
        &coop.id,
        coop.version,
        "x",
    );
    newer_kind["kind"] = json!("savings_payment");
    let good = profile_change(
        "0193a1b2-0000-7000-8000-000000000033",
        &coop.id,
        coop.version,
        "Jl. Baik",
    );
    let batch = vec![bad_date, newer_kind, good];

    let first = push(&app, &ketua, batch.clone()).await;
    let again = push(&app, &ketua, batch).await;

    let unreadable = Outcome::Rejected {
        code: "invalid_input".into(),
        fields: vec![kopdes_domain::api::FieldError::new(
            "operation",
            "operation.unreadable",
        )],
    };
    assert_eq!(first.results[0].outcome, unreadable);
    assert_eq!(first.results[1].outcome, unreadable);
    assert_eq!(
        first.results[2].outcome,
        Outcome::Applied {
            version: coop.version + 1
        }
    );
    assert_eq!(
        again.results[0].outcome,
        Outcome::Duplicate {
            of: Box::new(unreadable)
        }
    );
}

async fn a_pull_after_the_scope_changed_starts_over(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (first, _) = pull(&app, &ketua, None).await;
    let officers: Vec<Value> = app
        .get_as(&ketua, &format!("/api/cooperatives/{}/officers", coop.id))
        .await
        .json()
        .await
        .expect("officers");
    let today = kopdes_server::clock::today();
    // The office ends the chair's term: the cooperative leaves the chair's scope.
    let ended = app
        .post_json(
            &format!(
                "/api/officers/{}/end",
                officers[0]["id"].as_str().expect("id")
            ),
            Some(&dinas),
            json!({"ended_on": today.to_string()}),
        )
        .await;
    assert_eq!(ended.status(), 200);

    let (after, _) = pull(&app, &ketua, Some(&first.cursor)).await;

    assert!(after.reset, "a changed scope starts over");
    assert!(after.records.is_empty(), "{:?}", kinds(&after.records));
}

async fn account_id(app: &TestApp, session: &str) -> String {
    let me: Value = app
        .get_as(session, "/api/me")
        .await
        .json()
        .await
        .expect("me");
    me["id"].as_str().expect("account id").to_owned()
}

async fn operations_are_never_applied_in_another_accounts_name(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let op = profile_change(
        "0193a1b2-0000-7000-8000-000000000031",
        &coop.id,
        coop.version,
        "Jl. Bersama",
    );
    // The ketua's phone, where the dinas officer's queued operations wait for them to sign in.
    let someone_else = account_id(&app, &dinas).await;

    let refused = app
        .post_json(
            "/api/sync/push",
            Some(&ketua),
            json!({ "account": someone_else, "operations": [op.clone()] }),
        )
        .await;
    assert_eq!(refused.status(), 401);
    assert_eq!(
        cooperative(&app, &ketua, &coop.id).await.version,
        coop.version
    );

    let own = account_id(&app, &ketua).await;
    let accepted = app
        .post_json(
            "/api/sync/push",
            Some(&ketua),
            json!({ "account": own, "operations": [op] }),
        )
        .await;
    assert_eq!(accepted.status(), 200);
    assert_eq!(
        cooperative(&app, &ketua, &coop.id).await.version,
        coop.version + 1
    );
}

async fn a_push_cut_off_midway_applies_nothing_and_the_resend_applies_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let op = profile_change(
        "0193a1b2-0000-7000-8000-000000000041",
        &coop.id,
        coop.version,
        "Jl. Satelit No. 9",
    );
    let body = serde_json::to_vec(&json!({ "operations": [op.clone()] })).expect("json");
    // The headers promise the whole body; half of it arrives before the link drops.
    let address = app.address.trim_start_matches("http://").to_owned();
    let cookie = ketua.clone();
    tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(address).expect("connect");
        let head = format!(
            "POST /api/sync/push HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("headers");
        stream
            .write_all(&body[..body.len() / 2])
            .expect("half a body");
        stream.flush().expect("flush");
        stream
            .shutdown(std::net::Shutdown::Both)
            .expect("link drops");
    })
    .await
    .expect("cut-off push");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        cooperative(&app, &ketua, &coop.id).await.version,
        coop.version
    );

    let answer = push(&app, &ketua, vec![op]).await;

    assert_eq!(
        answer.results[0].outcome,
        Outcome::Applied {
            version: coop.version + 1
        }
    );
    let after = cooperative(&app, &ketua, &coop.id).await;
    assert_eq!(after.version, coop.version + 1);
    assert_eq!(after.profile.address.as_deref(), Some("Jl. Satelit No. 9"));
}
