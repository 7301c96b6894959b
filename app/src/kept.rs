//! Reads that keep working offline. Every answer a signed-in person reads is kept on the device
//! under their account; when the network (or the session) is gone, the page shows that copy and
//! says how old it is. Kept copies are read-only: changes travel through forms and, later, the
//! outbox, never by editing a copy.

use kopdes_domain::api::ErrorCode;
use leptos::prelude::*;
use serde::de::DeserializeOwned;

use crate::api::{self, ApiFailure};
use crate::json;
use crate::session::Session;
use crate::store::Store;

/// Regions are the same for everyone, so one copy serves every account on the phone.
const PUBLIC: &str = "public";

/// A value and, when it came from the device rather than the server, when it was fetched.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<T> {
    pub value: T,
    /// Unix milliseconds of the kept copy; `None` for a fresh answer.
    pub kept_at: Option<f64>,
}

/// Everything a page needs to read through the device's copies; taken from context while the
/// page is built, then moved into its async tasks.
#[derive(Clone)]
pub struct Reader {
    store: Option<Store>,
    partition: Option<String>,
    session: Option<Session>,
}

/// A reader for the signed-in person's own data.
pub fn use_reader() -> Reader {
    let session = use_context::<Session>();
    Reader {
        store: crate::device::use_store(),
        partition: session
            .and_then(|s| s.me.with_untracked(|me| me.as_ref().map(|m| m.id.clone()))),
        session,
    }
}

/// A reader for data that is the same for everyone (the region tree).
pub fn use_public_reader() -> Reader {
    Reader {
        store: crate::device::use_store(),
        partition: Some(PUBLIC.to_owned()),
        session: None,
    }
}

impl Reader {
    /// The server's answer when it can be had, else the kept copy. A 401 also falls back to the
    /// copy, and asks the person to sign in again; nothing on the device is dropped.
    pub async fn get<R: DeserializeOwned>(&self, path: &str) -> Result<Loaded<R>, ApiFailure> {
        self.read(path, true).await
    }

    /// Like [`Reader::get`], but the answer is not kept: for records too sensitive to leave on a
    /// phone (a member's full NIK). An earlier copy is not read either.
    pub async fn get_unkept<R: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<Loaded<R>, ApiFailure> {
        self.read(path, false).await
    }

    async fn read<R: DeserializeOwned>(
        &self,
        path: &str,
        keep: bool,
    ) -> Result<Loaded<R>, ApiFailure> {
        let failure = match api::get_text(path).await {
            Ok(body) => match json::decode(&body) {
                Some(value) => {
                    if keep {
                        self.keep(path, &body).await;
                    }
                    return Ok(Loaded {
                        value,
                        kept_at: None,
                    });
                }
                None => ApiFailure::UnexpectedResponse,
            },
            Err(failure) => failure,
        };
        let unauthenticated = matches!(
            failure,
            ApiFailure::Server {
                code: ErrorCode::Unauthenticated,
                ..
            }
        );
        if unauthenticated && let Some(session) = self.session {
            session.expired.set(true);
        }
        // The copy stands in whenever the server cannot give a usable answer; a refusal that is
        // about the request itself (403, 404) is shown as it is.
        let server_trouble = matches!(
            failure,
            ApiFailure::Network
                | ApiFailure::UnexpectedResponse
                | ApiFailure::Server {
                    code: ErrorCode::Unauthenticated
                        | ErrorCode::Unavailable
                        | ErrorCode::Internal
                        | ErrorCode::Timeout,
                    ..
                }
        );
        if !keep || !server_trouble {
            return Err(failure);
        }
        match self.kept(path).await {
            Some(loaded) => Ok(loaded),
            None => Err(failure),
        }
    }

    /// The kept copy when there is one, else the server: for data that changes once a year
    /// (regions), where a satellite round trip per tap would cost more than it is worth.
    pub async fn get_kept_first<R: DeserializeOwned>(
        &self,
        path: &str,
    ) -> Result<Loaded<R>, ApiFailure> {
        match self.kept(path).await {
            Some(loaded) => Ok(loaded),
            None => self.get(path).await,
        }
    }

    /// The newer of the copy kept from the last read of `path` and the answer rebuilt from
    /// pulled records ([`crate::pulled`]).
    async fn kept<R: DeserializeOwned>(&self, path: &str) -> Option<Loaded<R>> {
        let (store, partition) = (self.store.as_ref()?, self.partition.as_deref()?);
        let read = store.kept(partition, path).await.ok().flatten();
        let pulled = crate::pulled::answer(store, partition, path).await;
        let kept = match (read, pulled) {
            (Some(read), Some(pulled)) if pulled.fetched_at > read.fetched_at => pulled,
            (Some(read), _) => read,
            (None, pulled) => pulled?,
        };
        let value = json::decode(&kept.body)?;
        Some(Loaded {
            value,
            kept_at: Some(kept.fetched_at),
        })
    }

    async fn keep(&self, path: &str, body: &str) {
        // An answer that arrives after its account signed out (or another signed in) is not
        // written: it would outlive the sign-out's clean-up.
        if let Some(session) = self.session {
            let current = session
                .me
                .with_untracked(|me| me.as_ref().map(|m| m.id.clone()));
            if current != self.partition {
                return;
            }
        }
        if let (Some(store), Some(partition)) = (&self.store, &self.partition)
            && let Err(error) = store.keep(partition, path, body, js_sys::Date::now()).await
        {
            leptos::logging::warn!("could not keep {path} on the device: {error:?}");
        }
    }
}

/// Drops every copy kept for an account (on sign-out).
pub async fn forget(store: &Store, account_id: &str) {
    if let Err(error) = store.forget_kept(account_id).await {
        leptos::logging::warn!("could not clear kept data: {error:?}");
    }
}
