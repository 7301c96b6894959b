//! Savings: products set by the pengurus; an append-only ledger written through the sync
//! outbox, where no balance goes below zero even when two phones withdraw at once; a member
//! reads their own savings, the officers their members', and nobody else.

use kopdes_domain::sync::Outcome;
use serde_json::{Value, json};

use crate::change_requests::member;
use crate::cooperatives::{in_central_java, registered};
use crate::helpers::{Backend, TestApp, first_field_error};
use crate::members::pengawas;
use crate::on_both_backends;
use crate::sync::push;

on_both_backends!(
    the_pengurus_set_products_and_record_payments_the_member_reads_their_balances,
    two_withdrawals_at_once_cannot_both_spend_the_same_rupiah,
    a_mistake_is_corrected_by_a_reversing_entry_once,
    the_months_bills_list_who_still_owes,
    the_officers_overview_reconciles_to_the_members_balances,
);

pub(crate) fn entry(
    n: u32,
    coop: &str,
    member: &str,
    kind: &str,
    action: &str,
    amount: &str,
    extra: Value,
) -> Value {
    let mut data = json!({"cooperative_id": coop, "member_id": member, "kind": kind, "action": action,
                          "amount": amount, "receipt": format!("KW-{n:03}"), "recorded_on": kopdes_server::clock::today().to_string()});
    for (key, value) in extra.as_object().expect("object") {
        data[key] = value.clone();
    }
    json!({
        "id": format!("0193a1b2-0000-7000-8000-{n:012}"),
        "record_id": format!("0193a1b2-0000-7000-9000-{n:012}"),
        "base_version": null,
        "kind": "savings_entry",
        "data": data,
    })
}

pub(crate) fn code(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Applied { .. } => "applied".into(),
        Outcome::Rejected { code, fields } => {
            fields.first().map_or(code.clone(), |f| f.code.clone())
        }
        other => format!("{other:?}"),
    }
}

pub(crate) async fn balances(app: &TestApp, session: &str, member: &str) -> (i64, i64, i64, usize) {
    let body: Value = app
        .get_as(session, &format!("/api/members/{member}/savings"))
        .await
        .json()
        .await
        .expect("savings");
    (
        body["pokok"].as_i64().expect("pokok"),
        body["wajib"].as_i64().expect("wajib"),
        body["sukarela"].as_i64().expect("sukarela"),
        body["entries"].as_array().expect("entries").len(),
    )
}

async fn the_pengurus_set_products_and_record_payments_the_member_reads_their_balances(
    backend: Backend,
) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (_, elsewhere, _) = in_central_java(&app).await;
    let supervisor = pengawas(&app, &coop.id).await;
    let (own, member_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    let products = format!("/api/cooperatives/{}/savings-products", coop.id);

    let set = app
        .put_json(
            &format!("{products}/wajib"),
            &ketua,
            json!({"amount": "Rp 10.000", "period": "monthly"}),
        )
        .await;
    assert_eq!(set.status(), 200);
    let missing = app
        .put_json(&format!("{products}/pokok"), &ketua, json!({"amount": ""}))
        .await;
    assert_eq!(
        first_field_error(&missing.json().await.expect("error")),
        ("amount".to_owned(), "required".to_owned())
    );
    assert_eq!(
        app.put_json(
            &format!("{products}/pokok"),
            &supervisor,
            json!({"amount": "100.000"})
        )
        .await
        .status(),
        403
    );

    let period = kopdes_server::clock::today().to_string()[..7].to_owned();
    let answers = push(
        &app,
        &ketua,
        vec![
            entry(
                1,
                &coop.id,
                &member_id,
                "pokok",
                "deposit",
                "Rp 100.000",
                json!({}),
            ),
            entry(
                2,
                &coop.id,
                &member_id,
                "wajib",
                "deposit",
                "10.000",
                json!({"period": period}),
            ),
            entry(
                3,
                &coop.id,
                &member_id,
                "sukarela",
                "deposit",
                "50.000",
                json!({}),
            ),
            entry(
                4,
                &coop.id,
                &member_id,
                "sukarela",
                "withdrawal",
                "20.000",
                json!({}),
            ),
            entry(
                5,
                &coop.id,
                &member_id,
                "wajib",
                "deposit",
                "10.000",
                json!({"period": period}),
            ),
            entry(
                6,
                &coop.id,
                &member_id,
                "pokok",
                "withdrawal",
                "100.000",
                json!({}),
            ),
            entry(
                7,
                &coop.id,
                &member_id,
                "sukarela",
                "deposit",
                "5.000",
                json!({"receipt": ""}),
            ),
        ],
    )
    .await;
    let codes: Vec<String> = answers.results.iter().map(|r| code(&r.outcome)).collect();
    assert_eq!(
        codes,
        [
            "applied",
            "applied",
            "applied",
            "applied",
            "savings.already_paid",
            "savings.not_withdrawable",
            "required"
        ]
    );
    // The pengawas reads and may not write; a pengurus elsewhere never learns the member exists.
    let refused = push(
        &app,
        &supervisor,
        vec![entry(
            8,
            &coop.id,
            &member_id,
            "sukarela",
            "deposit",
            "1.000",
            json!({}),
        )],
    )
    .await;
    assert_eq!(code(&refused.results[0].outcome), "forbidden");
    let hidden = push(
        &app,
        &elsewhere,
        vec![entry(
            9,
            &coop.id,
            &member_id,
            "sukarela",
            "deposit",
            "1.000",
            json!({}),
        )],
    )
    .await;
    assert_eq!(code(&hidden.results[0].outcome), "not_found");

    assert_eq!(
        balances(&app, &own, &member_id).await,
        (100_000, 10_000, 30_000, 4)
    );
    assert_eq!(
        balances(&app, &supervisor, &member_id).await,
        (100_000, 10_000, 30_000, 4)
    );
    // Personal financial data: not for the dinas, nor another cooperative.
    for outsider in [&dinas, &elsewhere] {
        assert_eq!(
            app.get_as(outsider, &format!("/api/members/{member_id}/savings"))
                .await
                .status(),
            404
        );
    }
}

async fn two_withdrawals_at_once_cannot_both_spend_the_same_rupiah(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let (own, member_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    push(
        &app,
        &ketua,
        vec![entry(
            1,
            &coop.id,
            &member_id,
            "sukarela",
            "deposit",
            "30.000",
            json!({}),
        )],
    )
    .await;

    for round in 0..5u32 {
        // Two phones, each sure of the balance they last saw, withdraw at the same moment.
        let (a, b) = tokio::join!(
            push(
                &app,
                &ketua,
                vec![entry(
                    100 + round * 2,
                    &coop.id,
                    &member_id,
                    "sukarela",
                    "withdrawal",
                    "20.000",
                    json!({})
                )]
            ),
            push(
                &app,
                &ketua,
                vec![entry(
                    101 + round * 2,
                    &coop.id,
                    &member_id,
                    "sukarela",
                    "withdrawal",
                    "20.000",
                    json!({})
                )]
            ),
        );
        let mut codes = vec![code(&a.results[0].outcome), code(&b.results[0].outcome)];
        codes.sort();
        let expected = if round == 0 {
            ["applied", "savings.insufficient"]
        } else {
            ["savings.insufficient", "savings.insufficient"]
        };
        assert_eq!(codes, expected, "round {round}");
        let (_, _, sukarela, _) = balances(&app, &own, &member_id).await;
        assert_eq!(sukarela, 10_000);
    }
}

async fn a_mistake_is_corrected_by_a_reversing_entry_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let (own, member_id) =
        member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    let period = kopdes_server::clock::today().to_string()[..7].to_owned();
    push(
        &app,
        &ketua,
        vec![entry(
            1,
            &coop.id,
            &member_id,
            "wajib",
            "deposit",
            "10.000",
            json!({"period": period}),
        )],
    )
    .await;
    let wrong = "0193a1b2-0000-7000-9000-000000000001";
    let reverse = |n: u32, note: &str| {
        entry(
            n,
            &coop.id,
            &member_id,
            "wajib",
            "reversal",
            "",
            json!({"reverses": wrong, "note": note}),
        )
    };
    let answers = push(
        &app,
        &ketua,
        vec![
            reverse(2, ""),
            reverse(3, "Salah anggota"),
            reverse(4, "Lagi"),
        ],
    )
    .await;
    let codes: Vec<String> = answers.results.iter().map(|r| code(&r.outcome)).collect();
    assert_eq!(codes, ["required", "applied", "savings.already_reversed"]);
    // Nothing was edited or removed: the deposit and its reversal both stand; the period is
    // open again and can be paid.
    assert_eq!(balances(&app, &own, &member_id).await, (0, 0, 0, 2));
    let again = push(
        &app,
        &ketua,
        vec![entry(
            5,
            &coop.id,
            &member_id,
            "wajib",
            "deposit",
            "10.000",
            json!({"period": period}),
        )],
    )
    .await;
    assert_eq!(code(&again.results[0].outcome), "applied");
    assert_eq!(balances(&app, &own, &member_id).await, (0, 10_000, 0, 3));
}

async fn the_months_bills_list_who_still_owes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;
    let supervisor = pengawas(&app, &coop.id).await;
    let (own, paid_up) = member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    let (_, owing) = member(&app, &ketua, &coop.id, "3204124107900002", "0813 2222 4444").await;
    let products = format!("/api/cooperatives/{}/savings-products", coop.id);
    app.put_json(
        &format!("{products}/pokok"),
        &ketua,
        json!({"amount": "100.000"}),
    )
    .await;
    app.put_json(
        &format!("{products}/wajib"),
        &ketua,
        json!({"amount": "10.000", "period": "monthly"}),
    )
    .await;
    let month = kopdes_server::clock::today().to_string()[..7].to_owned();
    push(
        &app,
        &ketua,
        vec![
            entry(
                1,
                &coop.id,
                &paid_up,
                "pokok",
                "deposit",
                "100.000",
                json!({}),
            ),
            entry(
                2,
                &coop.id,
                &paid_up,
                "wajib",
                "deposit",
                "10.000",
                json!({"period": "2026-01"}),
            ),
            entry(
                3,
                &coop.id,
                &paid_up,
                "wajib",
                "deposit",
                "10.000",
                json!({"period": "2026-02"}),
            ),
        ],
    )
    .await;
    let path = format!("/api/cooperatives/{}/savings/bills", coop.id);
    // Both joined on 15 January: by the end of February each owes two months of wajib.
    for officer in [&ketua, &supervisor] {
        let bills: Vec<kopdes_domain::savings::Bill> = app
            .get_as(officer, &format!("{path}?month=2026-02"))
            .await
            .json()
            .await
            .expect("bills");
        let owed: Vec<(String, Option<String>, i64)> = bills
            .into_iter()
            .map(|b| (b.member_id, b.period, b.amount))
            .collect();
        assert_eq!(
            owed,
            [
                (owing.clone(), None, 100_000),
                (owing.clone(), Some("2026-01".to_owned()), 10_000),
                (owing.clone(), Some("2026-02".to_owned()), 10_000)
            ]
        );
    }
    // This month, the arrears since January are owed as well, one bill a month.
    let now: Vec<kopdes_domain::savings::Bill> =
        app.get_as(&ketua, &path).await.json().await.expect("bills");
    let months = kopdes_domain::savings::periods_between(
        "2026-01-15".parse().expect("day"),
        kopdes_server::clock::today(),
        kopdes_domain::savings::Period::Monthly,
    );
    let owing_now: Vec<Option<String>> = now
        .iter()
        .filter(|b| b.member_id == owing)
        .map(|b| b.period.clone())
        .collect();
    assert_eq!(owing_now.len(), months.len() + 1);
    assert_eq!(owing_now.last().cloned().flatten(), Some(month));
    assert!(
        !now.iter()
            .any(|b| b.member_id == paid_up && b.period.as_deref() == Some("2026-02"))
    );
    assert_eq!(app.get_as(&own, &path).await.status(), 404);
    let refused = app.get_as(&ketua, &format!("{path}?month=2026-13")).await;
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("month".to_owned(), "savings.period".to_owned())
    );
}

async fn the_officers_overview_reconciles_to_the_members_balances(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let supervisor = pengawas(&app, &coop.id).await;
    let (own, first) = member(&app, &ketua, &coop.id, "3204125512050003", "0813 2222 3333").await;
    let (_, second) = member(&app, &ketua, &coop.id, "3204124107900002", "0813 2222 4444").await;
    app.put_json(
        &format!("/api/cooperatives/{}/savings-products/pokok", coop.id),
        &ketua,
        json!({"amount": "100.000"}),
    )
    .await;
    push(
        &app,
        &ketua,
        vec![
            entry(
                1,
                &coop.id,
                &first,
                "pokok",
                "deposit",
                "100.000",
                json!({}),
            ),
            entry(
                2,
                &coop.id,
                &first,
                "sukarela",
                "deposit",
                "50.000",
                json!({}),
            ),
            entry(
                3,
                &coop.id,
                &second,
                "sukarela",
                "deposit",
                "25.000",
                json!({}),
            ),
            entry(
                4,
                &coop.id,
                &first,
                "sukarela",
                "withdrawal",
                "20.000",
                json!({}),
            ),
            entry(
                5,
                &coop.id,
                &second,
                "sukarela",
                "reversal",
                "",
                json!({"reverses": "0193a1b2-0000-7000-9000-000000000003", "note": "Salah catat"}),
            ),
        ],
    )
    .await;
    let month = kopdes_server::clock::today().to_string()[..7].to_owned();
    let path = format!("/api/cooperatives/{}/savings", coop.id);
    for officer in [&ketua, &supervisor] {
        let seen: kopdes_domain::savings::Overview = app
            .get_as(officer, &path)
            .await
            .json()
            .await
            .expect("overview");
        assert_eq!(seen.month, month);
        assert_eq!(
            (seen.totals.pokok, seen.totals.wajib, seen.totals.sukarela),
            (100_000, 0, 30_000)
        );
        let listed: i64 = seen.members.iter().map(|m| m.balances.total()).sum();
        assert_eq!(listed, seen.totals.total());
        assert_eq!(
            (
                seen.movement.deposits,
                seen.movement.withdrawals,
                seen.movement.reversals
            ),
            (175_000, -20_000, -25_000)
        );
        assert_eq!(seen.opening.total() + seen.movement.net(), 130_000);
        // The second member has paid no pokok yet.
        let owing: Vec<&str> = seen.bills.iter().map(|b| b.member_id.as_str()).collect();
        assert_eq!(owing, [second.as_str()]);
    }
    // Personal financial data: a member, a dinas admin and a wrong month get nothing.
    assert_eq!(app.get_as(&own, &path).await.status(), 404);
    assert_eq!(app.get_as(&dinas, &path).await.status(), 404);
    let refused = app.get_as(&ketua, &format!("{path}?month=2026-1")).await;
    assert_eq!(refused.status(), 422);
    // Bills are made month by month up to the month asked: years ahead is refused, not built.
    let far = app.get_as(&ketua, &format!("{path}?month=9999-12")).await;
    assert_eq!(
        first_field_error(&far.json().await.expect("error")),
        ("month".to_owned(), "savings.period".to_owned())
    );
}
