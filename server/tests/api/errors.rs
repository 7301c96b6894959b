use kopdes_domain::api::{ErrorBody, ErrorCode};

use crate::helpers::{Backend, TestApp, header};
use crate::on_both_backends;

on_both_backends!(text_holding_nul_is_bad_input_never_a_server_error);

async fn error_body(response: reqwest::Response) -> ErrorBody {
    let content_type = header(&response, "content-type");
    assert!(
        content_type.starts_with("application/json"),
        "error bodies are JSON, got {content_type:?}"
    );
    response.json().await.expect("error body")
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_not_the_app() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    let response = app.get("/api/no-such-thing").await;

    assert_eq!(response.status(), 404);
    let body = error_body(response).await;
    assert_eq!(body.code, ErrorCode::NotFound);
    assert!(!body.message.is_empty());
}

#[tokio::test]
async fn a_wrong_method_on_an_api_path_is_a_json_405() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    let response = app
        .client
        .delete(app.url("/api/health"))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 405);
    assert_eq!(error_body(response).await.code, ErrorCode::MethodNotAllowed);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_a_json_413() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    let response = app
        .client
        .post(app.url("/api/health"))
        .header("content-type", "application/json")
        .body(vec![b' '; 65 * 1024])
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 413);
    assert_eq!(error_body(response).await.code, ErrorCode::PayloadTooLarge);
}

#[tokio::test]
async fn error_bodies_never_leak_internal_details() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.database.make_unreachable(&app.db).await;

    let text = app.get("/api/health").await.text().await.expect("body");

    for leak in ["sqlx", "PoolClosed", "pool", "sqlite", ".db"] {
        assert!(
            !text.contains(leak) || leak == "sqlite" && text.contains("\"backend\":\"sqlite\""),
            "{leak:?} leaked in {text}"
        );
    }
}

#[tokio::test]
async fn a_rewritten_error_body_is_as_compressed_as_its_header_says() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    // A body of the wrong shape is refused by the JSON extractor, whose plain-text answer is
    // rewritten into the JSON error body; the client asked for compression.
    let response = app
        .client
        .post(app.url("/api/session"))
        .header("accept-encoding", "gzip")
        .header("content-type", "application/json")
        .body(r#"{"phone": 12}"#)
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 422);
    let encoding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().expect("ascii").to_owned());
    let bytes = response.bytes().await.expect("body");
    let text = match encoding.as_deref() {
        Some("gzip") => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
                .expect("the body is gzip, as its header says");
            text
        }
        None => String::from_utf8(bytes.to_vec()).expect("utf-8"),
        Some(other) => panic!("unexpected encoding {other}"),
    };
    let body: ErrorBody = serde_json::from_str(&text).expect("error body");
    assert_eq!(body.code, ErrorCode::InvalidInput);
}

/// No person types U+0000, but a fuzzer or a broken client may; PostgreSQL cannot store it.
async fn text_holding_nul_is_bad_input_never_a_server_error(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let session = app.signed_in("081234567890", "sawah-hijau-2026").await;

    // In a path: looked up, found nowhere.
    let response = app.get_as(&session, "/api/cooperatives/a%00b").await;
    assert!(
        [400, 404].contains(&response.status().as_u16()),
        "{}",
        response.status()
    );
    // In a body stored as it is.
    let response = app
        .post_json(
            "/api/cooperatives",
            Some(&session),
            serde_json::json!({"name": "Koperasi\u{0}", "village": "32.04.12.2003"}),
        )
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    // In an operation: refused on its own, the same on both databases.
    let response = app
        .post_json(
            "/api/sync/push",
            Some(&session),
            serde_json::json!({"operations": [{
                "id": "op-1", "record_id": "r-1", "base_version": null,
                "kind": "lesson_done", "data": {"course_id": "c\u{0}", "lesson_id": "l"}
            }]}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("push answer");
    assert_eq!(body["results"][0]["outcome"], "rejected");
    assert_eq!(body["results"][0]["fields"][0]["code"], "text.nul");
}
