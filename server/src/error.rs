//! The one error type of the API. Every failure a handler can meet becomes an [`ApiError`],
//! and every error response, including those made by middleware, carries an [`ErrorBody`].

use axum::Json;
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use kopdes_domain::api::{ErrorBody, ErrorCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("no such resource")]
    NotFound,
    /// Input the caller can fix; the message says how and is shown as it is.
    #[error("{0}")]
    BadRequest(String),
    /// Field errors, reported together so a person fixes everything in one go.
    #[error("invalid input")]
    InvalidInput(Vec<FieldError>),
    #[error("not signed in")]
    Unauthenticated,
    #[error("wrong credentials")]
    InvalidCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("too many requests in hand")]
    Busy { retry_after_secs: u64 },
    #[error("cross-site request")]
    CrossSite,
    #[error("conflict")]
    Conflict,
    #[error("the database cannot be reached")]
    Unavailable(#[source] sqlx::Error),
    #[error("database error")]
    Database(#[source] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::InvalidInput(_) => ErrorCode::InvalidInput,
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            ApiError::Busy { .. } => ErrorCode::Busy,
            ApiError::CrossSite => ErrorCode::CrossSite,
            ApiError::Conflict => ErrorCode::Conflict,
            ApiError::Unavailable(_) => ErrorCode::Unavailable,
            ApiError::Database(_) | ApiError::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl ApiError {
    /// For a write a unique index may refuse: that refusal means what the person typed is
    /// already taken, said at the field; any other failure stays what it is.
    pub fn taken_at(
        field: &'static str,
        code: &'static str,
    ) -> impl FnOnce(sqlx::Error) -> ApiError {
        move |error| {
            if crate::db::is_unique_violation(&error) {
                ApiError::InvalidInput(vec![FieldError::new(field, code)])
            } else {
                error.into()
            }
        }
    }
}

/// A database failure is the server's fault, unless the database is only busy (`429`, come
/// back shortly: the phone keeps the change in its outbox) or out of reach (`503`).
impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> ApiError {
        match crate::db::failure_of(&error) {
            crate::db::Failure::Contended => {
                tracing::warn!(error = %error, "database busy: request turned away");
                ApiError::Busy {
                    retry_after_secs: CONTENDED_RETRY_AFTER_SECS,
                }
            }
            crate::db::Failure::Unreachable => ApiError::Unavailable(error),
            crate::db::Failure::Fault => ApiError::Database(error),
        }
    }
}

/// A write turned away waited its full turn already; the queue in front drains in about as long.
const CONTENDED_RETRY_AFTER_SECS: u64 = 2;

/// A phone taken between the check and the insert (two officers at once) is a conflict.
impl From<crate::accounts::CreateUserError> for ApiError {
    fn from(error: crate::accounts::CreateUserError) -> ApiError {
        match error {
            crate::accounts::CreateUserError::PhoneTaken => ApiError::Conflict,
            crate::accounts::CreateUserError::ExistingNotConfirmed => {
                ApiError::InvalidInput(vec![FieldError::new("phone", "phone.has_account")])
            }
            crate::accounts::CreateUserError::Database(e) => e.into(),
        }
    }
}

/// A code the issuer has no power to hand out is refused like any other action out of scope.
impl From<crate::accounts::ReissueError> for ApiError {
    fn from(error: crate::accounts::ReissueError) -> ApiError {
        match error {
            crate::accounts::ReissueError::OutOfScope => ApiError::Forbidden,
            crate::accounts::ReissueError::Database(e) => e.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = self.code();
        match self {
            ApiError::Database(e) if crate::db::is_unstorable_text(&e) => {
                tracing::warn!(error = %e, "text the database cannot store");
                return error_body(
                    ErrorCode::BadRequest,
                    "Text may not contain the NUL character (U+0000).".to_owned(),
                    Vec::new(),
                );
            }
            ApiError::Database(e) => tracing::error!(error = ?e, "database error"),
            ApiError::Internal(e) => tracing::error!(error = ?e, "internal error"),
            ApiError::Unavailable(e) => tracing::warn!(error = %e, "database unavailable"),
            ApiError::BadRequest(message) => return error_body(code, message, Vec::new()),
            ApiError::InvalidInput(fields) => {
                return error_body(code, public_message(code).to_owned(), fields);
            }
            ApiError::TooManyAttempts { retry_after_secs }
            | ApiError::Busy { retry_after_secs } => {
                let mut response = error_response(code);
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(retry_after_secs.max(1)));
                return response;
            }
            ApiError::NotFound
            | ApiError::Unauthenticated
            | ApiError::InvalidCredentials
            | ApiError::Forbidden
            | ApiError::CrossSite
            | ApiError::Conflict => {}
        }
        error_response(code)
    }
}

/// A response for `code` with its status and a message that is safe to show anyone.
pub fn error_response(code: ErrorCode) -> Response {
    error_body(code, public_message(code).to_owned(), Vec::new())
}

fn error_body(code: ErrorCode, message: String, fields: Vec<FieldError>) -> Response {
    let body = ErrorBody {
        code,
        message,
        fields,
    };
    (status_of(code), Json(body)).into_response()
}

pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::InvalidInput => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::TooManyAttempts | ErrorCode::Busy => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::CrossSite => StatusCode::FORBIDDEN,
        ErrorCode::Conflict => StatusCode::CONFLICT,
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
        StatusCode::UNPROCESSABLE_ENTITY => ErrorCode::InvalidInput,
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthenticated,
        StatusCode::FORBIDDEN => ErrorCode::Forbidden,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::TooManyAttempts,
        StatusCode::CONFLICT => ErrorCode::Conflict,
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
        ErrorCode::InvalidInput => "Some fields are not valid; see `fields`. Nothing was changed.",
        ErrorCode::Unauthenticated => "Sign in to continue.",
        ErrorCode::InvalidCredentials => "The phone number, password or code is not right.",
        ErrorCode::Forbidden => "You do not have access to this.",
        ErrorCode::TooManyAttempts => "Too many attempts. Wait and try again; see Retry-After.",
        ErrorCode::Busy => "The server is busy. Try again after the seconds in Retry-After.",
        ErrorCode::CrossSite => "Changes may only be sent from Si Kopdes itself.",
        ErrorCode::Conflict => "This already exists or was changed meanwhile.",
        ErrorCode::PayloadTooLarge => "The request body is too large.",
        ErrorCode::Timeout => "The request took too long. Try again.",
        ErrorCode::Unavailable => "The service is unavailable right now. Try again later.",
        ErrorCode::Internal => "Something went wrong on the server. Try again later.",
    }
}
