//! Who is signed in on this device. The account is kept in IndexedDB, so a person who signed in
//! once keeps seeing their data offline for days; the server's session cookie (HttpOnly, never
//! visible to this code) is what the server trusts.

use kopdes_domain::account::Me;
use kopdes_domain::api::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::connectivity::Connectivity;
use crate::device::Device;

const ME_KEY: &str = "me";
/// Set when a person signs out, until the server has ended the session. While it is set the
/// phone never asks the server who is signed in: offline, the cookie still names the account,
/// and asking would sign the person back in for whoever holds the phone next.
const SIGN_OUT_PENDING_KEY: &str = "sign_out_pending";

#[derive(Clone, Copy)]
pub struct Session {
    /// The signed-in account, from the server or, offline, as last seen.
    pub me: RwSignal<Option<Me>>,
    /// The server no longer accepts this device's session: the person must sign in again.
    /// Nothing on the device is dropped meanwhile.
    pub expired: RwSignal<bool>,
    /// The device's copy of the account has been read: until then `me` may be `None` for a
    /// person who is signed in.
    pub ready: RwSignal<bool>,
    /// A sign-out the server has not heard yet ([`SIGN_OUT_PENDING_KEY`]).
    sign_out_pending: RwSignal<bool>,
    device: Device,
}

impl Session {
    pub fn signed_in(&self, me: Me) {
        // Another account on this phone before (a session that expired, then someone else
        // signed in): its kept copies go, as on sign-out.
        let previous = self
            .me
            .with_untracked(|m| m.as_ref().map(|m| m.id.clone()))
            .filter(|id| *id != me.id);
        self.expired.set(false);
        self.me.set(Some(me.clone()));
        // A new sign-in replaced the old cookie: the old session can no longer be reached
        // from this phone, so there is nothing left to end for it. Set only when it changes:
        // the session check below follows this signal, and would ask again at every answer.
        let was_pending = self.sign_out_pending.get_untracked();
        if was_pending {
            self.sign_out_pending.set(false);
        }
        match self.device.store() {
            Some(store) => spawn_local(async move {
                if was_pending {
                    let _ = store.remove_setting(SIGN_OUT_PENDING_KEY).await;
                }
                if let Some(previous) = previous {
                    crate::kept::forget(&store, &previous).await;
                }
                if let Err(error) = store.set_setting(ME_KEY, &me).await {
                    leptos::logging::warn!("could not keep the account on the device: {error:?}");
                }
                // A session confirmed (or a person signed in again after a 401): send what
                // waits, and pull. Only now: the engine works for the account stored as `me`.
                crate::sync::request_sync();
            }),
            None => crate::sync::request_sync(),
        }
    }

    /// Finishes a form whose answer is an account (sign-in, activation): on success this device
    /// is signed in and the person lands on the home page; on failure the form explains why.
    pub fn sign_in_with(
        self,
        form: crate::forms::FormState,
        navigate: impl Fn(&str, leptos_router::NavigateOptions) + 'static,
        answer: impl std::future::Future<Output = Result<Me, ApiFailure>> + 'static,
    ) {
        form.sending();
        spawn_local(async move {
            match answer.await {
                Ok(me) => {
                    form.done();
                    self.signed_in(me);
                    navigate("/", Default::default());
                }
                Err(failure) => form.failed(failure),
            }
        });
    }

    fn account_id(&self) -> Option<String> {
        self.me
            .with_untracked(|me| me.as_ref().map(|m| m.id.clone()))
    }

    /// Signs out on this phone at once, online or not: the account and its kept copies go,
    /// and the server is told now or as soon as the phone is online again.
    pub async fn sign_out(&self) {
        let account = self.account_id();
        self.expired.set(false);
        self.sign_out_pending.set(true);
        self.me.set(None);
        if let Some(store) = self.device.store() {
            // The mark first: a reload from here on must not sign the person back in.
            if let Err(error) = store.set_setting(SIGN_OUT_PENDING_KEY, &true).await {
                leptos::logging::warn!("could not keep the sign-out on the device: {error:?}");
            }
            let _ = store.remove_setting(ME_KEY).await;
            if let Some(account) = account {
                crate::kept::forget(&store, &account).await;
                if let Err(error) = store.forget_drafts(&account).await {
                    leptos::logging::warn!("could not clear drafts: {error:?}");
                }
            }
        }
        // Not awaited: on a dying link the person must not wait for the server to hear.
        let session = *self;
        spawn_local(async move { session.end_server_session().await });
    }

    /// Ends the server's session for a sign-out made on this phone; the mark stays until the
    /// server has answered.
    async fn end_server_session(&self) {
        if api::sign_out().await.is_ok() {
            self.sign_out_pending.set(false);
            if let Some(store) = self.device.store() {
                let _ = store.remove_setting(SIGN_OUT_PENDING_KEY).await;
            }
        }
    }
}

pub fn provide_session(device: Device, connectivity: Connectivity) -> Session {
    // The device's copy first, so the server's answer is judged against it.
    let loaded = RwSignal::new(device.store().is_none());
    let session = Session {
        me: RwSignal::new(None),
        expired: RwSignal::new(false),
        ready: loaded,
        sign_out_pending: RwSignal::new(false),
        device,
    };
    provide_context(session);
    if let Some(store) = device.store() {
        spawn_local(async move {
            if let Ok(Some(me)) = store.setting::<Me>(ME_KEY).await {
                session.me.set(Some(me));
            }
            if let Ok(Some(true)) = store.setting::<bool>(SIGN_OUT_PENDING_KEY).await {
                session.sign_out_pending.set(true);
            }
            loaded.set(true);
        });
    }
    // Each time the phone is online, confirm the session with the server, or end the one a
    // sign-out left behind.
    Effect::new(move |_| {
        if loaded.get() && connectivity.online.get() && session.sign_out_pending.get() {
            spawn_local(async move { session.end_server_session().await });
        } else if loaded.get() && connectivity.online.get() {
            // An answer about the account that was signed in when it was asked: if someone
            // signed out or in meanwhile, it is stale and must not bring that account back.
            let asked_for = session.account_id();
            spawn_local(async move {
                let answer = api::me().await;
                if session.account_id() != asked_for {
                    return;
                }
                match answer {
                    Ok(me) => session.signed_in(me),
                    Err(ApiFailure::Server {
                        code: ErrorCode::Unauthenticated,
                        ..
                    }) => {
                        if session.me.get_untracked().is_some() {
                            session.expired.set(true);
                        }
                    }
                    Err(_) => {}
                }
            });
        }
    });
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The signed-in account's id once the session is known (`Some(None)`: nobody is signed in),
/// for pages that must wait for it and start again when another person signs in.
pub fn use_account() -> Memo<Option<Option<String>>> {
    let session = use_session();
    Memo::new(move |_| {
        session
            .ready
            .get()
            .then(|| session.me.with(|me| me.as_ref().map(|m| m.id.clone())))
    })
}

/// The signed-in account's id as a page is built (empty when nobody is): the partition its
/// drafts and outbox entries belong to.
pub fn account_id() -> String {
    use_session()
        .me
        .with_untracked(|me| me.as_ref().map(|m| m.id.clone()))
        .unwrap_or_default()
}
