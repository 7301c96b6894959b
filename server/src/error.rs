//! The one error type of the API. Every failure a handler can meet becomes an [`ApiError`],
//! and every error response, including those made by middleware, carries an [`ErrorBody`].

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kopdes_domain::api::{ErrorBody, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such resource")]
    NotFound,
    /// Input the caller can fix; the message says how and is shown as it is.
    #[error("{0}")]
    BadRequest(String),
    #[error("the database cannot be reached")]
    Unavailable(#[source] sqlx::Error),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Unavailable(_) => ErrorCode::Unavailable,
            ApiError::Database(_) | ApiError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code();
        match &self {
            ApiError::Database(e) => tracing::error!(error = ?e, "database error"),
            ApiError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "database unavailable"),
            ApiError::NotFound => {}
            ApiError::BadRequest(message) => return error_with_message(code, message.clone()),
        }
        error_response(code)
    }
}

/// A response for `code` with its status and a message that is safe to show anyone.
pub fn error_response(code: ErrorCode) -> Response {
    error_with_message(code, public_message(code).to_owned())
}

fn error_with_message(code: ErrorCode, message: String) -> Response {
    (status_of(code), Json(ErrorBody { code, message })).into_response()
}

pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Timeout => StatusCode::REQUEST_TIMEOUT,
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The error code for a bare status produced outside a handler (routing, body limit, timeout).
pub fn code_of(status: StatusCode) -> ErrorCode {
    match status {
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
        StatusCode::REQUEST_TIMEOUT => ErrorCode::Timeout,
        StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
        s if s.is_client_error() => ErrorCode::BadRequest,
        _ => ErrorCode::Internal,
    }
}

fn public_message(code: ErrorCode) -> &'static str {
    match code {
        ErrorCode::NotFound => "No such resource.",
        ErrorCode::MethodNotAllowed => "This method is not allowed on this resource.",
        ErrorCode::BadRequest => "The request is not valid.",
        ErrorCode::PayloadTooLarge => "The request body is too large.",
        ErrorCode::Timeout => "The request took too long. Try again.",
        ErrorCode::Unavailable => "The service is unavailable right now. Try again later.",
        ErrorCode::Internal => "Something went wrong on the server. Try again later.",
    }
}
