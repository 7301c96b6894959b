//! Registers the service worker that keeps the app usable offline, and tells the person when a
//! new version has been downloaded and is waiting.
//!
//! A new version never takes over by itself: the person may be half-way through a form. It waits
//! until they tap "Muat ulang"; then the new worker activates and the page reloads once.

use std::cell::Cell;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// Message the worker in `public/sw.js` understands as "activate now".
const SKIP_WAITING: &str = "skip-waiting";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SwStatus {
    Unsupported,
    Registering,
    Active,
    UpdateWaiting,
    Failed,
}

impl SwStatus {
    /// A stable name for tests and support staff (`data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            SwStatus::Unsupported => "unsupported",
            SwStatus::Registering => "registering",
            SwStatus::Active => "active",
            SwStatus::UpdateWaiting => "update-waiting",
            SwStatus::Failed => "failed",
        }
    }
}

#[derive(Clone, Copy)]
pub struct Updates {
    pub status: RwSignal<SwStatus>,
    registration: StoredValue<Option<ServiceWorkerRegistration>, LocalStorage>,
    update_requested: StoredValue<Rc<Cell<bool>>, LocalStorage>,
}

impl Updates {
    /// Activates the waiting version; the page reloads when it has taken control.
    pub fn apply(&self) {
        let waiting = self
            .registration
            .with_value(|r| r.as_ref().and_then(ServiceWorkerRegistration::waiting));
        if let Some(worker) = waiting {
            self.update_requested.with_value(|flag| flag.set(true));
            let _ = worker.post_message(&JsValue::from_str(SKIP_WAITING));
        }
    }
}

pub fn provide_updates() -> Updates {
    let updates = Updates {
        status: RwSignal::new(SwStatus::Registering),
        registration: StoredValue::new_local(None),
        update_requested: StoredValue::new_local(Rc::new(Cell::new(false))),
    };
    provide_context(updates);
    spawn_local(register(updates));
    updates
}

pub fn use_updates() -> Updates {
    expect_context::<Updates>()
}

async fn register(updates: Updates) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        updates.status.set(SwStatus::Unsupported);
        return;
    }
    let container = navigator.service_worker();

    let requested = updates.update_requested.get_value();
    let on_controller_change = Closure::<dyn FnMut()>::new(move || {
        // The first install also changes controller (clients.claim): only reload on request.
        if requested.get()
            && let Some(w) = web_sys::window()
        {
            let _ = w.location().reload();
        }
    });
    container.set_oncontrollerchange(Some(on_controller_change.as_ref().unchecked_ref()));
    on_controller_change.forget();

    // An existing registration is used as it is: `register()` would first try to fetch sw.js,
    // which offline keeps the status unknown for seconds.
    let existing = JsFuture::from(container.get_registration())
        .await
        .ok()
        .filter(|r| !r.is_undefined());
    let registration = match existing {
        Some(r) => r,
        None => match JsFuture::from(container.register("/sw.js")).await {
            Ok(r) => r,
            Err(error) => {
                leptos::logging::warn!("service worker registration failed: {error:?}");
                updates.status.set(SwStatus::Failed);
                return;
            }
        },
    }
    .unchecked_into::<ServiceWorkerRegistration>();
    updates.registration.set_value(Some(registration.clone()));
    watch(&container, &registration, updates);
    // Ask for a newer version now instead of waiting for the browser's own check, which Chrome
    // runs some seconds after a navigation. Unchanged, this costs one 304 for sw.js.
    if let Ok(update) = registration.update()
        && JsFuture::from(update).await.is_ok()
    {
        notice_new_worker(&container, &registration, updates);
    }

    // Links come and go: look for a new version whenever the phone is back online.
    let _ = window_event_listener(ev::online, move |_| {
        updates.registration.with_value(|r| {
            if let Some(r) = r {
                let _ = r.update();
            }
        });
    });
}

/// Follows the registration for the rest of the session: each newly found worker is tracked.
fn watch(
    container: &ServiceWorkerContainer,
    registration: &ServiceWorkerRegistration,
    updates: Updates,
) {
    if registration.active().is_some() && registration.waiting().is_none() {
        updates.status.set(SwStatus::Active);
    }
    notice_new_worker(container, registration, updates);
    let container = container.clone();
    let found = registration.clone();
    let on_update_found = Closure::<dyn FnMut()>::new(move || {
        notice_new_worker(&container, &found, updates);
    });
    registration.set_onupdatefound(Some(on_update_found.as_ref().unchecked_ref()));
    on_update_found.forget();
}

/// Looks at the registration's newer worker, if any: already waiting means an update is ready;
/// still installing means one will be once it has installed. Safe to call repeatedly.
fn notice_new_worker(
    container: &ServiceWorkerContainer,
    registration: &ServiceWorkerRegistration,
    updates: Updates,
) {
    let controlled = {
        let container = container.clone();
        move || container.controller().is_some()
    };
    // With no controller this is the first install, which simply becomes active.
    if registration.waiting().is_some() && controlled() {
        updates.status.set(SwStatus::UpdateWaiting);
    }
    let Some(worker) = registration.installing() else {
        return;
    };
    let observed = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || match observed.state() {
        ServiceWorkerState::Installed if controlled() => {
            updates.status.set(SwStatus::UpdateWaiting);
        }
        ServiceWorkerState::Activated
            if updates.status.get_untracked() != SwStatus::UpdateWaiting =>
        {
            updates.status.set(SwStatus::Active);
        }
        _ => {}
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}
