//! Who is calling: the signed-in account behind the session cookie, as an extractor.
//! Handlers that take [`CurrentUser`] are closed to anyone without a live session.

use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;

use crate::accounts::{self, Account};
use crate::error::ApiError;
use crate::sessions;
use crate::startup::AppState;

#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub account: Account,
    pub session_token_hash: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(sessions::token_from_cookies)
            .ok_or(ApiError::Unauthenticated)?;
        let session = sessions::lookup(&state.db, token, state.sessions)
            .await?
            .ok_or(ApiError::Unauthenticated)?;
        let account = accounts::find(&state.db, &session.user_id)
            .await?
            .filter(|a| !a.disabled)
            .ok_or(ApiError::Unauthenticated)?;
        Ok(CurrentUser {
            account,
            session_token_hash: session.token_hash,
        })
    }
}
