//! The typed client of the server's JSON API. Bodies are the shared crate's types, so the app
//! and the server cannot disagree on a field.

use gloo_net::http::{Request, Response};
use kopdes_domain::api::{ErrorBody, ErrorCode, Health};

/// Why a call did not return what was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// No answer at all: offline, DNS, the link dropped. The usual case in a village.
    Network,
    /// The server answered with one of its documented errors.
    Server(ErrorCode),
    /// The server answered something this version of the app cannot read.
    UnexpectedResponse,
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

async fn failure_of(response: Response) -> ApiFailure {
    match response.json::<ErrorBody>().await {
        Ok(body) => ApiFailure::Server(body.code),
        Err(_) => ApiFailure::UnexpectedResponse,
    }
}
