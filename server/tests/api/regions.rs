use kopdes_domain::api::{ErrorBody, ErrorCode, RegionBranch};
use kopdes_domain::region::RegionLevel;

use crate::helpers::{Backend, TestApp, header};
use crate::on_both_backends;

on_both_backends!(
    the_cascade_starts_with_all_provinces_by_name,
    a_district_lists_its_villages_with_the_way_there,
    a_village_has_no_children_and_a_full_path,
    an_unknown_region_is_404_and_a_malformed_code_400,
    an_unchanged_branch_revalidates_without_a_body,
    branches_travel_compressed,
);

async fn branch(app: &TestApp, path: &str) -> RegionBranch {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.expect("region branch")
}

async fn the_cascade_starts_with_all_provinces_by_name(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let root = branch(&app, "/api/regions").await;

    assert_eq!(root.region, None);
    assert!(root.path.is_empty());
    assert_eq!(root.children.len(), 38);
    let names: Vec<&str> = root.children.iter().map(|r| r.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert!(
        root.children
            .iter()
            .any(|r| r.code.as_str() == "32" && r.name == "Jawa Barat")
    );
}

async fn a_district_lists_its_villages_with_the_way_there(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let district = branch(&app, "/api/regions/32.04.12").await;

    let region = district.region.expect("the district itself");
    assert_eq!(region.name, "Dayeuhkolot");
    assert_eq!(region.level, RegionLevel::District);
    let path: Vec<(&str, &str)> = district
        .path
        .iter()
        .map(|r| (r.code.as_str(), r.name.as_str()))
        .collect();
    assert_eq!(path, [("32", "Jawa Barat"), ("32.04", "Kabupaten Bandung")]);
    assert_eq!(district.children.len(), 6);
    assert!(
        district
            .children
            .iter()
            .all(|v| v.code.level() == RegionLevel::Village)
    );
    assert!(
        district
            .children
            .iter()
            .any(|v| v.name == "Cangkuang Wetan")
    );
}

async fn a_village_has_no_children_and_a_full_path(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let village = branch(&app, "/api/regions/32.04.12.2003").await;

    assert_eq!(village.region.expect("village").name, "Cangkuang Wetan");
    assert_eq!(village.path.len(), 3);
    assert!(village.children.is_empty());
}

async fn an_unknown_region_is_404_and_a_malformed_code_400(backend: Backend) {
    let app = TestApp::spawn(backend).await;

    let unknown = app.get("/api/regions/32.04.99").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(
        unknown.json::<ErrorBody>().await.expect("body").code,
        ErrorCode::NotFound
    );

    let malformed = app.get("/api/regions/32.4").await;
    assert_eq!(malformed.status(), 400);
    let body: ErrorBody = malformed.json().await.expect("body");
    assert_eq!(body.code, ErrorCode::BadRequest);
    assert!(
        body.message.contains("11.01.01"),
        "the message shows the format: {}",
        body.message
    );
}

async fn an_unchanged_branch_revalidates_without_a_body(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let first = app.get("/api/regions/32.04").await;
    let etag = header(&first, "etag");
    assert!(!etag.is_empty());
    assert!(header(&first, "cache-control").contains("max-age"));

    let again = app
        .client
        .get(app.url("/api/regions/32.04"))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("request");

    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.expect("body").is_empty());
}

async fn branches_travel_compressed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let plain = app
        .get("/api/regions/32.04")
        .await
        .bytes()
        .await
        .expect("body");

    let compressed = app
        .client
        .get(app.url("/api/regions/32.04"))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("request");

    assert_eq!(header(&compressed, "content-encoding"), "br");
    let body = compressed.bytes().await.expect("body");
    assert!(
        body.len() * 2 < plain.len(),
        "{} compressed vs {} plain",
        body.len(),
        plain.len()
    );
}
