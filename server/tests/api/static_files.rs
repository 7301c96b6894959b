use crate::helpers::{
    Backend, HASHED_WASM, INDEX_HTML, TestApp, WASM_BROTLI_SIBLING, WASM_BYTES, header,
};

#[tokio::test]
async fn the_app_shell_is_served_and_always_revalidated() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    for path in ["/", "/sw.js", "/manifest.webmanifest"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{path}");
    }
    let index = app.get("/").await;
    assert!(header(&index, "content-type").starts_with("text/html"));
    assert_eq!(index.text().await.expect("body"), INDEX_HTML);
}

#[tokio::test]
async fn app_routes_fall_back_to_index_html() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    for path in ["/tentang", "/some/deep/route"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(header(&response, "cache-control"), "no-cache");
        assert_eq!(response.text().await.expect("body"), INDEX_HTML);
    }
}

#[tokio::test]
async fn a_missing_file_is_404_never_the_app() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    for path in ["/missing.js", "/assets/k-oldhash.wasm"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_ne!(
            header(&response, "cache-control"),
            "public, max-age=31536000, immutable",
            "a 404 must not be cached forever"
        );
        assert_ne!(response.text().await.expect("body"), INDEX_HTML);
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_forever_with_their_type() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    let response = app.get(HASHED_WASM).await;

    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&response, "content-type"), "application/wasm");
    assert_eq!(response.bytes().await.expect("body").as_ref(), WASM_BYTES);
}

#[tokio::test]
async fn the_brotli_sibling_is_sent_to_browsers_that_accept_it() {
    let app = TestApp::spawn(Backend::Sqlite).await;

    let response = app
        .client
        .get(app.url(HASHED_WASM))
        .header("accept-encoding", "gzip, deflate, br")
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "content-encoding"), "br");
    assert_eq!(header(&response, "content-type"), "application/wasm");
    assert!(
        header(&response, "vary")
            .to_ascii_lowercase()
            .contains("accept-encoding")
    );
    assert_eq!(
        response.bytes().await.expect("body").as_ref(),
        WASM_BROTLI_SIBLING
    );
}
