//! The API's OpenAPI 3.1 description, made from the code: each handler's `#[utoipa::path]` gives
//! its path, parameters, body and its own answers, and the shared types give the schemas. What
//! any endpoint may answer whatever it does (a session needed, busy, the database down, a
//! cross-site refusal, a body that cannot be read) is added here once, so a handler lists only
//! the answers that are its own.

use axum::body::Bytes;
use serde_json::{Map, Value, json};
use utoipa::OpenApi;

/// The top of the description; the paths come from the routers (`routes::api_router`).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Si Kopdes API",
        description = "The JSON API of Si Kopdes, the platform of Indonesia's village \
            cooperatives (Koperasi Desa/Kelurahan Merah Putih). Every error has the body \
            `ErrorBody`, whose `code` is stable. Changes made offline travel through \
            `/api/sync/push` (docs/SYNC.md). Sign in with `POST /api/session`: the answer \
            sets the `kopdes_session` cookie that every other call needs.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    // Every error answer has this body; the operations refer to it (see `complete`). A push's
    // items refer to `Operation` by name (routes/sync.rs).
    components(schemas(kopdes_domain::api::ErrorBody, kopdes_domain::sync::Operation)),
    tags(
        (name = "system", description = "Health and this description"),
        (name = "accounts", description = "Activation, sign-in, sessions and one's own account"),
        (name = "staff", description = "Ministry and dinas admins: appointing, removing, disabling"),
        (name = "audit", description = "Who did what, when: the audit trail"),
        (name = "regions", description = "Kemendagri's provinces, regencies, districts and villages"),
        (name = "cooperatives", description = "Registration, profile, verification"),
        (name = "registry", description = "The registry for staff: search, queues, import, export"),
        (name = "members", description = "Members, their data and who read it"),
        (name = "officers", description = "Pengurus and pengawas and their terms"),
        (name = "units", description = "Business units (gerai)"),
        (name = "change-requests", description = "Members' requests to change their own data"),
        (name = "forms", description = "Forms the ministry asks for, and their answers"),
        (name = "courses", description = "Training: courses, lessons, quizzes, progress"),
        (name = "events", description = "Training events, registrations and attendance"),
        (name = "announcements", description = "Announcements of dinas and ministry"),
        (name = "savings", description = "Simpanan: products, ledger, balances, bills"),
        (name = "dashboard", description = "Figures for the cooperative, dinas and ministry"),
        (name = "media", description = "Pictures for training, announcements and members"),
        (name = "sync", description = "The offline outbox's push and the pull of changes"),
    ),
)]
pub struct ApiDoc;

/// Operations anyone may call without a session. Every other one needs `kopdes_session`.
const PUBLIC: &[(&str, &str)] = &[
    ("get", "/api/health"),
    ("get", "/api/health/ready"),
    ("get", "/api/health/live"),
    ("get", "/api/openapi.json"),
    ("get", "/api/docs"),
    ("get", "/api/regions"),
    ("get", "/api/regions/{code}"),
    ("post", "/api/activation"),
    ("post", "/api/session"),
    ("delete", "/api/session"),
    ("get", "/media/{hash}"),
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// The description as served: JSON bytes and the docs page made from it.
#[derive(Debug, Clone)]
pub struct Published {
    pub json: Bytes,
    pub html: Bytes,
    /// The docs page's policy, which allows its one stylesheet by hash.
    pub html_policy: String,
}

impl Published {
    pub fn new(api: utoipa::openapi::OpenApi) -> Published {
        let document = complete(api);
        let json = serde_json::to_vec(&document).expect("a JSON value serialises");
        let html = crate::api_docs::render(&document);
        Published {
            json: json.into(),
            html: html.into(),
            html_policy: crate::api_docs::content_security_policy(),
        }
    }
}

/// Adds to every operation the security it needs and the answers every endpoint can give.
pub fn complete(api: utoipa::openapi::OpenApi) -> Value {
    let mut document = serde_json::to_value(api).expect("an OpenAPI document serialises");
    let components = document
        .as_object_mut()
        .expect("an object")
        .entry("components")
        .or_insert_with(|| json!({}));
    components["securitySchemes"] = json!({
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": "kopdes_session",
            "description": "Set by POST /api/session or /api/activation (HttpOnly, Secure, \
                SameSite=Strict, Path=/api). Ends after 30 days unused, 90 after sign-in, on \
                sign-out or a password change."
        }
    });
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return document;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let public = PUBLIC.contains(&(method.as_str(), path.as_str()));
            complete_operation(operation, method, public);
            // Handlers in different modules share names (`list`, `create`); the method and
            // path never repeat, so they make the id.
            operation["operationId"] = Value::String(operation_id(method, path));
        }
    }
    document
}

fn complete_operation(operation: &mut Value, method: &str, public: bool) {
    let has_body = operation.get("requestBody").is_some();
    let has_query = operation
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
    if public {
        operation["security"] = json!([]);
    } else {
        operation["security"] = json!([{ "session": [] }]);
        error(
            operation,
            "401",
            "`unauthenticated`: no session, or it ended (sign in again).",
        );
    }
    if method != "get" {
        error(
            operation,
            "403",
            "`cross_site`: sent by a page of another site (`Sec-Fetch-Site` or `Origin`); \
             nothing was done.",
        );
    }
    if has_body || has_query {
        error(
            operation,
            "400",
            "`bad_request`: the body or the query cannot be read.",
        );
    }
    if has_body {
        error(
            operation,
            "413",
            "`payload_too_large`: the body is over the limit (1 MiB unless configured).",
        );
        error(
            operation,
            "415",
            "`bad_request`: the body is not of the declared content type.",
        );
        error(
            operation,
            "422",
            "`invalid_input`: the body does not have the documented shape, or fields are not \
             valid (see `fields`); nothing was changed.",
        );
    }
    error(
        operation,
        "408",
        "`timeout`: the request took longer than the server allows (30 s unless configured).",
    );
    error(
        operation,
        "429",
        "`busy`: the server has all the requests in hand it can answer well, or a write could \
         not have its turn at the database in time; nothing was changed. Come back after \
         `Retry-After` seconds.",
    );
    if let Some(busy) = operation.pointer_mut("/responses/429")
        && let Some(busy) = busy.as_object_mut()
    {
        busy.insert(
            "headers".to_owned(),
            json!({ "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": { "type": "integer", "minimum": 1 }
            }}),
        );
    }
    error(
        operation,
        "500",
        "`internal`: something went wrong; the server log has it under `x-request-id`.",
    );
    error(
        operation,
        "503",
        "`unavailable`: the database cannot be reached.",
    );
    // The handlers' own error answers name their code and case; the body is always ErrorBody.
    if let Some(responses) = operation["responses"].as_object_mut() {
        for (status, response) in responses.iter_mut() {
            let is_error = status.starts_with('4') || status.starts_with('5');
            if let (true, Some(response)) = (is_error, response.as_object_mut()) {
                response.entry("content").or_insert_with(error_content);
            }
        }
    }
}

/// `get /api/cooperatives/{id}/units` -> `get_cooperatives_id_units`.
fn operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .trim_start_matches("/api")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!("{method}_{}", words.join("_"))
}

/// Documents an error answer, or adds this reason to one the handler already documents.
fn error(operation: &mut Value, status: &str, why: &str) {
    let responses = operation
        .as_object_mut()
        .expect("an operation is an object")
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("responses are an object");
    match responses.get_mut(status) {
        Some(existing) => {
            let description = existing["description"].as_str().unwrap_or("").to_owned();
            existing["description"] = Value::String(if description.is_empty() {
                why.to_owned()
            } else {
                format!("{description} Or {why}")
            });
            existing
                .as_object_mut()
                .expect("a response is an object")
                .entry("content")
                .or_insert_with(error_content);
        }
        None => {
            let mut response = Map::new();
            response.insert("description".to_owned(), Value::String(why.to_owned()));
            response.insert("content".to_owned(), error_content());
            responses.insert(status.to_owned(), Value::Object(response));
        }
    }
}

fn error_content() -> Value {
    json!({ "application/json": { "schema": { "$ref": "#/components/schemas/ErrorBody" } } })
}
