//! The typed client of the server's JSON API. Bodies are the shared crate's types, so the app
//! and the server cannot disagree on a field.

use gloo_net::http::{Request, Response};
use kopdes_domain::account::{ActivationRequest, LoginRequest, Me, PasswordChange};
use kopdes_domain::api::{ErrorBody, ErrorCode, FieldError, Health};
use kopdes_domain::cooperative::Cooperative;
use kopdes_domain::member::{
    AccessLogEntry, Member, MemberPage, MemberRegistration, RegisteredMember,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a call did not return what was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// No answer at all: offline, DNS, the link dropped. The usual case in a village.
    Network,
    /// The server answered with one of its documented errors; `retry_after` (seconds) comes
    /// with `too_many_attempts`.
    Server {
        code: ErrorCode,
        fields: Vec<FieldError>,
        retry_after: Option<u64>,
    },
    /// The server answered something this version of the app cannot read.
    UnexpectedResponse,
}

impl ApiFailure {
    pub fn code(code: ErrorCode) -> ApiFailure {
        ApiFailure::Server {
            code,
            fields: Vec::new(),
            retry_after: None,
        }
    }
}

pub async fn health() -> Result<Health, ApiFailure> {
    let response = Request::get("/api/health")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    // 503 still carries a health body: the server is up, its database is not.
    if response.ok() || response.status() == 503 {
        response
            .json::<Health>()
            .await
            .map_err(|_| ApiFailure::UnexpectedResponse)
    } else {
        Err(failure_of(response).await)
    }
}

pub async fn me() -> Result<Me, ApiFailure> {
    read(Request::get("/api/me").send().await).await
}

pub async fn sign_in(request: &LoginRequest) -> Result<Me, ApiFailure> {
    post("/api/session", request).await
}

pub async fn activate(request: &ActivationRequest) -> Result<Me, ApiFailure> {
    post("/api/activation", request).await
}

pub async fn cooperatives() -> Result<Vec<Cooperative>, ApiFailure> {
    read(Request::get("/api/cooperatives").send().await).await
}

pub async fn members(
    cooperative_id: &str,
    query: &str,
    page: i64,
) -> Result<MemberPage, ApiFailure> {
    let request = Request::get(&format!("/api/cooperatives/{cooperative_id}/members"))
        .query([("q", query), ("page", &page.to_string())]);
    read(request.send().await).await
}

pub async fn register_member(
    cooperative_id: &str,
    registration: &MemberRegistration,
) -> Result<RegisteredMember, ApiFailure> {
    post(
        &format!("/api/cooperatives/{cooperative_id}/members"),
        registration,
    )
    .await
}

pub async fn my_members() -> Result<Vec<Member>, ApiFailure> {
    read(Request::get("/api/me/members").send().await).await
}

pub async fn access_log(member_id: &str) -> Result<Vec<AccessLogEntry>, ApiFailure> {
    read(
        Request::get(&format!("/api/members/{member_id}/access-log"))
            .send()
            .await,
    )
    .await
}

pub async fn change_password(change: &PasswordChange) -> Result<(), ApiFailure> {
    let request = Request::post("/api/me/password")
        .json(change)
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    let response = request.send().await.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure_of(response).await)
    }
}

pub async fn sign_out() -> Result<(), ApiFailure> {
    let response = Request::delete("/api/session")
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        Ok(())
    } else {
        Err(failure_of(response).await)
    }
}

async fn post<B: Serialize, R: DeserializeOwned>(path: &str, body: &B) -> Result<R, ApiFailure> {
    let request = Request::post(path)
        .json(body)
        .map_err(|_| ApiFailure::UnexpectedResponse)?;
    read(request.send().await).await
}

async fn read<R: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<R, ApiFailure> {
    let response = sent.map_err(|_| ApiFailure::Network)?;
    if response.ok() {
        response
            .json::<R>()
            .await
            .map_err(|_| ApiFailure::UnexpectedResponse)
    } else {
        Err(failure_of(response).await)
    }
}

async fn failure_of(response: Response) -> ApiFailure {
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.parse().ok());
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiFailure::Server {
            code: body.code,
            fields: body.fields,
            retry_after,
        },
        Err(_) => ApiFailure::UnexpectedResponse,
    }
}
