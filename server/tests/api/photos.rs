//! Photos for form answers: stored once under their SHA-256, for a cooperative, shown only to
//! those who read that cooperative's answers; an answer may refer only to a photo already there.

use kopdes_domain::form::PublishedForm;
use kopdes_domain::sync::Outcome;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::cooperatives::{in_central_java, registered};
use crate::helpers::{Backend, TestApp, first_field_error, header};
use crate::on_both_backends;
use crate::sync::push;

on_both_backends!(
    a_photo_is_stored_once_under_its_digest_for_its_cooperative,
    bad_uploads_are_refused_and_store_nothing,
    an_answer_may_refer_only_to_a_photo_uploaded_for_its_cooperative,
);

/// A small JPEG-looking body, different for each `n`: the server tells images by their first
/// bytes and stores them as they are.
pub fn jpeg(n: u8) -> Vec<u8> {
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00,
    ];
    bytes.extend((0..2_000u32).map(|i| (i as u8).wrapping_mul(n).wrapping_add(n)));
    bytes.extend([0xFF, 0xD9]);
    bytes
}

pub fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

async fn upload(
    app: &TestApp,
    session: &str,
    coop: &str,
    digest: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/photos/{digest}?cooperative={coop}")))
        .header("cookie", session)
        .header("content-type", "image/jpeg")
        .body(body)
        .send()
        .await
        .expect("request sent")
}

async fn stored_photos(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM photos")
        .fetch_one(&app.db.pool)
        .await
        .expect("count photos")
}

async fn a_photo_is_stored_once_under_its_digest_for_its_cooperative(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let (_, other_ketua, other_coop) = in_central_java(&app).await;
    let photo = jpeg(7);
    let digest = hex_digest(&photo);

    let first = upload(&app, &ketua, &coop.id, &digest, photo.clone()).await;
    assert_eq!(first.status(), 201);
    let answer: Value = first.json().await.expect("answer");
    assert_eq!(answer["content_type"], "image/jpeg");
    assert_eq!(answer["size"], photo.len());
    // The answer was lost and the engine sends it again: the same photo, stored once.
    let again = upload(&app, &ketua, &coop.id, &digest, photo.clone()).await;
    assert_eq!(again.status(), 200);
    // Another cooperative's chair has the same picture: still one photo.
    assert_eq!(
        upload(&app, &other_ketua, &other_coop, &digest, photo.clone())
            .await
            .status(),
        200
    );
    assert_eq!(stored_photos(&app).await, 1);

    let shown = app.get_as(&ketua, &format!("/api/photos/{digest}")).await;
    assert_eq!(shown.status(), 200);
    assert_eq!(header(&shown, "content-type"), "image/jpeg");
    assert_eq!(
        header(&shown, "cache-control"),
        "private, max-age=31536000, immutable"
    );
    assert_eq!(shown.bytes().await.expect("bytes").to_vec(), photo);
    assert_eq!(
        app.get_as(&dinas, &format!("/api/photos/{digest}"))
            .await
            .status(),
        200
    );
    // A photo only this cooperative has is hidden from the other one.
    let own = jpeg(8);
    let own_digest = hex_digest(&own);
    assert_eq!(
        upload(&app, &ketua, &coop.id, &own_digest, own)
            .await
            .status(),
        201
    );
    assert_eq!(
        app.get_as(&other_ketua, &format!("/api/photos/{own_digest}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get(&format!("/api/photos/{own_digest}")).await.status(),
        401
    );
}

async fn bad_uploads_are_refused_and_store_nothing(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (_, ketua, coop) = registered(&app).await;

    let photo = jpeg(3);
    let wrong_digest = hex_digest(&jpeg(4));
    let refused = upload(&app, &ketua, &coop.id, &wrong_digest, photo).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("photo".to_owned(), "photo.digest".to_owned())
    );

    let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".to_vec();
    let refused = upload(&app, &ketua, &coop.id, &hex_digest(&svg), svg).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("photo".to_owned(), "photo.type".to_owned())
    );

    let refused = upload(&app, &ketua, &coop.id, "ABC", jpeg(5)).await;
    assert_eq!(refused.status(), 422);
    assert_eq!(
        first_field_error(&refused.json().await.expect("error")),
        ("sha256".to_owned(), "photo.format".to_owned())
    );

    let mut huge = jpeg(6);
    huge.resize(kopdes_domain::photo::MAX_BYTES + 1, 0x55);
    let refused = upload(&app, &ketua, &coop.id, &hex_digest(&huge), huge).await;
    assert_eq!(refused.status(), 413);
    assert_eq!(
        refused.json::<Value>().await.expect("error")["code"],
        "payload_too_large"
    );
    assert_eq!(stored_photos(&app).await, 0);
}

fn photo_form() -> Value {
    json!({"spec": {
        "key": "foto-gerai",
        "version": 1,
        "title": {"id": "Foto gerai", "en": "Outlet photo"},
        "fields": [
            {"name": "foto", "label": {"id": "Foto depan gerai", "en": "Photo of the outlet"}, "kind": "photo", "required": true}
        ]
    }, "scope": "32"})
}

fn answer(op: &str, record: &str, form: &str, coop: &str, digest: &str) -> Value {
    json!({
        "id": op,
        "record_id": record,
        "base_version": null,
        "kind": "form_response",
        "data": {"form_id": form, "cooperative_id": coop, "answers": {"foto": format!("sha256:{digest}")}}
    })
}

async fn an_answer_may_refer_only_to_a_photo_uploaded_for_its_cooperative(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (dinas, ketua, coop) = registered(&app).await;
    let published = app
        .post_json("/api/forms", Some(&dinas), photo_form())
        .await;
    assert_eq!(published.status(), 201);
    let form: PublishedForm = published.json().await.expect("form");
    let photo = jpeg(9);
    let digest = hex_digest(&photo);

    let early = push(
        &app,
        &ketua,
        vec![answer(
            "0193a1b2-0000-7000-8000-0000000000f1",
            "0193a1b2-0000-7000-8000-0000000000e1",
            &form.id,
            &coop.id,
            &digest,
        )],
    )
    .await;
    match &early.results[0].outcome {
        Outcome::Rejected { fields, .. } => {
            assert_eq!(fields.len(), 1);
            assert_eq!(
                (fields[0].field.as_str(), fields[0].code.as_str()),
                ("foto", "photo.missing")
            );
        }
        other => panic!("expected a rejection, got {other:?}"),
    }

    assert_eq!(
        upload(&app, &ketua, &coop.id, &digest, photo)
            .await
            .status(),
        201
    );
    let sent = push(
        &app,
        &ketua,
        vec![answer(
            "0193a1b2-0000-7000-8000-0000000000f2",
            "0193a1b2-0000-7000-8000-0000000000e1",
            &form.id,
            &coop.id,
            &digest,
        )],
    )
    .await;
    assert_eq!(sent.results[0].outcome, Outcome::Applied { version: 1 });
}
