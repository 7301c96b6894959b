//! Existence does not leak: a record outside the caller's scope answers exactly like one that
//! does not exist, over REST and through the sync outbox.

use serde_json::{Value, json};

use crate::change_requests::{ask, member};
use crate::cooperatives::{in_central_java, registered};
use crate::forms::{answer, survey};
use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;
use crate::savings::{code, entry};
use crate::sync::push;

on_both_backends!(
    another_regions_cooperative_answers_like_a_made_up_one,
    through_the_outbox_foreign_records_answer_like_missing_ones,
);

const MADE_UP: &str = "0193a1b2-dead-7000-8000-00000000beef";

async fn another_regions_cooperative_answers_like_a_made_up_one(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, _, cooperative) = registered(&app).await;
    let (central_java, _, _) = in_central_java(&app).await;
    let mut answers = Vec::new();
    for target in [cooperative.id.as_str(), MADE_UP] {
        let response = app
            .post_json(
                "/api/announcements",
                Some(&central_java),
                json!({"title": {"id": "Rapat"}, "body": {"id": "Rapat anggota."},
                       "cooperative_id": target}),
            )
            .await;
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("body");
        answers.push((status, body["fields"].clone()));
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0].0, 422);
}

async fn through_the_outbox_foreign_records_answer_like_missing_ones(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, cooperative) = registered(&app).await;
    let (_, member_id) = member(
        &app,
        &ketua,
        &cooperative.id,
        "3204125512050003",
        "0813 2222 3333",
    )
    .await;
    let (_, outsider, their_cooperative) = in_central_java(&app).await;
    let form: Value = app
        .post_json(
            "/api/forms",
            Some(&dinas),
            json!({"spec": survey(1), "scope": "32"}),
        )
        .await
        .json()
        .await
        .expect("published");
    let form = form["id"].as_str().expect("form id");

    let foreign_and_made_up = [
        (
            answer(
                "0193a1b2-0000-7000-8000-0000000000a1",
                "0193a1b2-0000-7000-8000-0000000000b1",
                form,
                &cooperative.id,
                json!({"ada_sinyal": "no"}),
            ),
            answer(
                "0193a1b2-0000-7000-8000-0000000000a2",
                "0193a1b2-0000-7000-8000-0000000000b2",
                form,
                MADE_UP,
                json!({"ada_sinyal": "no"}),
            ),
        ),
        (
            ask(
                "0193a1b2-0000-7000-8000-0000000000a3",
                "0193a1b2-0000-7000-8000-0000000000b3",
                &member_id,
                "Nama Lain",
            ),
            ask(
                "0193a1b2-0000-7000-8000-0000000000a4",
                "0193a1b2-0000-7000-8000-0000000000b4",
                MADE_UP,
                "Nama Lain",
            ),
        ),
        (
            entry(
                901,
                &their_cooperative,
                &member_id,
                "sukarela",
                "deposit",
                "5.000",
                json!({}),
            ),
            entry(
                902,
                &their_cooperative,
                MADE_UP,
                "sukarela",
                "deposit",
                "5.000",
                json!({}),
            ),
        ),
    ];
    for (foreign, made_up) in foreign_and_made_up {
        let answered = push(&app, &outsider, vec![foreign.clone(), made_up]).await;
        let codes: Vec<String> = answered.results.iter().map(|r| code(&r.outcome)).collect();
        assert_eq!(codes[0], codes[1], "{} answers alike", foreign["kind"]);
        assert_eq!(codes[0], "not_found", "{} answers alike", foreign["kind"]);
    }
}
