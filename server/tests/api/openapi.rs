//! The API describes itself: /api/openapi.json is made from the same annotations that route the
//! requests, and the docs page from the same document.

use serde_json::Value;

use crate::helpers::{Backend, TestApp, header};

async fn description(app: &TestApp) -> Value {
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert!(header(&response, "content-type").starts_with("application/json"));
    response.json().await.expect("JSON")
}

fn operations(document: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            found.push((method.clone(), path.clone(), operation.clone()));
        }
    }
    found
}

#[tokio::test]
async fn every_operation_says_who_may_call_it_and_every_answer_it_can_give() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let document = description(&app).await;

    assert_eq!(document["openapi"], "3.1.0");
    let operations = operations(&document);
    assert!(operations.len() >= 70, "{} operations", operations.len());
    let mut ids = std::collections::HashSet::new();
    for (method, path, operation) in &operations {
        let name = format!("{method} {path}");
        assert!(
            ids.insert(operation["operationId"].clone()),
            "{name}: id repeats"
        );
        assert!(
            operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{name}: no summary"
        );
        let responses = operation["responses"].as_object().expect("responses");
        assert!(
            responses.keys().any(|s| s.starts_with('2')),
            "{name}: no success answer"
        );
        for common in ["408", "429", "500", "503"] {
            assert!(responses.contains_key(common), "{name}: no {common}");
        }
        for (status, response) in responses {
            if status.starts_with('4') || status.starts_with('5') {
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                // The readiness probes answer 503 with their own report.
                if status != "503" || !["/api/health", "/api/health/ready"].contains(&path.as_str())
                {
                    assert_eq!(schema, "#/components/schemas/ErrorBody", "{name} {status}");
                }
            }
        }
        let signed_in = operation["security"]
            .as_array()
            .is_some_and(|s| !s.is_empty());
        // Probes are called by load balancers and supervisors, which hold no session.
        if path.starts_with("/api/health") {
            assert!(!signed_in, "{name}: a probe must be public");
        }
        if signed_in {
            assert!(
                responses.contains_key("401"),
                "{name}: needs a session, 401 undocumented"
            );
        }
        for placeholder in path.split('{').skip(1) {
            let param = placeholder.split('}').next().expect("closing brace");
            let documented = operation["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == param && p["in"] == "path"));
            assert!(documented, "{name}: path parameter {param} undocumented");
        }
    }
    for schema in [
        "ErrorBody",
        "PushRequest",
        "PullResponse",
        "Cooperative",
        "MemberPage",
    ] {
        assert!(
            document["components"]["schemas"].get(schema).is_some(),
            "schema {schema} missing"
        );
    }
}

#[tokio::test]
async fn the_description_matches_what_the_server_answers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let document = description(&app).await;

    // Public as documented: no session needed.
    let health = &document["paths"]["/api/health"]["get"];
    assert_eq!(health["security"], serde_json::json!([]));
    assert_eq!(app.get("/api/health").await.status(), 200);
    // Needs a session as documented: 401 without one.
    let me = &document["paths"]["/api/me"]["get"];
    assert_eq!(me["security"][0]["session"], serde_json::json!([]));
    assert_eq!(app.get("/api/me").await.status(), 401);
    // A path the server does not route is not documented, and is 404.
    assert!(document["paths"].get("/api/nothing").is_none());
    assert_eq!(app.get("/api/nothing").await.status(), 404);
}

#[tokio::test]
async fn the_docs_page_lists_every_operation_and_runs_no_script() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let document = description(&app).await;

    let response = app.get("/api/docs").await;
    assert_eq!(response.status(), 200);
    let csp = header(&response, "content-security-policy");
    assert!(
        csp.starts_with("default-src 'none'; style-src 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("script-src"));
    let page = response.text().await.expect("page");
    assert!(!page.contains("<script"));
    for (_, _, operation) in operations(&document) {
        let id = operation["operationId"].as_str().expect("id");
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{id} not on the page"
        );
    }
}
