//! Bodies exchanged over the JSON API. The server serialises them, the app deserialises them:
//! one definition, so the two can never drift apart.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::region::{RegionCode, RegionLevel};

/// `GET /api/health`: whether this server process can serve requests, and what it runs on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: HealthStatus,
    /// The server's release version (the workspace version).
    pub version: String,
    pub database: DatabaseHealth,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    Ok,
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatabaseHealth {
    pub backend: DatabaseBackend,
    /// The newest migration applied, or `None` while the database cannot be reached.
    pub migration_version: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DatabaseBackend {
    Sqlite,
    Postgres,
}

/// A region as a list item: enough to show and to pick it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionSummary {
    pub code: RegionCode,
    pub name: String,
}

/// `GET /api/regions[/{code}]`: one step of the province -> regency -> district -> village
/// cascade. Without a code, `region` is `None` and the children are the provinces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionBranch {
    pub region: Option<Region>,
    /// The enclosing regions, province first, so a picker opened on a saved village can show
    /// where it lies without further requests.
    pub path: Vec<RegionSummary>,
    /// Ordered by name; empty for a village.
    pub children: Vec<RegionSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
}

/// The body of every API error. `code` is stable and meant for programs (the app picks its own
/// translated text from it); `message` is a plain English explanation for people reading logs or
/// calling the API by hand, and never carries internal details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// For `invalid_input`: what is wrong with which field, so the app can say it next to
    /// the field the person typed in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One problem with one field. `code` is stable (`phone.format`, `password.too_short`, ...)
/// and the app words it in the person's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> FieldError {
        FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
        }
    }
}

/// Every way an API call can fail, as the caller sees it. Adding a variant is an API change:
/// the app must learn to explain it in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    MethodNotAllowed,
    BadRequest,
    /// Field errors in `fields`; nothing was changed.
    InvalidInput,
    /// No valid session: sign in (again).
    Unauthenticated,
    /// Wrong phone, password or activation code; deliberately not saying which.
    InvalidCredentials,
    /// Signed in, but this is not yours to see or change.
    Forbidden,
    /// Too many failed attempts; `Retry-After` says when to try again.
    TooManyAttempts,
    /// The server has more requests in hand than it can answer well; `Retry-After` says when.
    Busy,
    /// A state-changing request sent by a page of another site; refused before anything runs.
    CrossSite,
    /// The record already exists or changed meanwhile.
    Conflict,
    PayloadTooLarge,
    Timeout,
    Unavailable,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::Busy => "busy",
            ErrorCode::CrossSite => "cross_site",
            ErrorCode::Conflict => "conflict",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_serialise_as_their_stable_names() {
        for code in [
            ErrorCode::NotFound,
            ErrorCode::MethodNotAllowed,
            ErrorCode::BadRequest,
            ErrorCode::InvalidInput,
            ErrorCode::Unauthenticated,
            ErrorCode::InvalidCredentials,
            ErrorCode::Forbidden,
            ErrorCode::TooManyAttempts,
            ErrorCode::Busy,
            ErrorCode::CrossSite,
            ErrorCode::Conflict,
            ErrorCode::PayloadTooLarge,
            ErrorCode::Timeout,
            ErrorCode::Unavailable,
            ErrorCode::Internal,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn health_has_the_documented_shape() {
        let health = Health {
            status: HealthStatus::Ok,
            version: "0.1.0".into(),
            database: DatabaseHealth {
                backend: DatabaseBackend::Postgres,
                migration_version: Some(20261129000001),
            },
        };
        let json = serde_json::to_value(&health).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "status": "ok",
                "version": "0.1.0",
                "database": {"backend": "postgres", "migration_version": 20261129000001_i64}
            })
        );
    }
}
