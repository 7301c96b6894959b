//! When the outbox is sent: the engine lives in the service worker (public/sync.js) so that it
//! runs with the app closed too. The app tells it when to try (start, back online, a session
//! confirmed, after each change, and through Background Sync where the browser has it) and
//! hears back when answers were filed.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, ServiceWorkerRegistration};

use crate::session::Session;

/// Changes each time the engine filed answers: pages showing the outbox read it again.
#[derive(Clone, Copy)]
pub struct SyncNews(pub RwSignal<u32>);

pub fn provide_sync(session: Session) {
    let news = RwSignal::new(0u32);
    provide_context(SyncNews(news));
    let unread = RwSignal::new(0u32);
    provide_context(crate::unread::Unread(unread));
    let Some(container) = web_sys::window().map(|w| w.navigator().service_worker()) else {
        return;
    };
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // The engine's count of unread announcements for the signed-in person.
        if let Ok(count) = js_sys::Reflect::get(&event.data(), &JsValue::from_str("unread"))
            && let Some(count) = count.as_f64()
        {
            unread.set(if session.me.get_untracked().is_some() {
                count as u32
            } else {
                0
            });
            return;
        }
        let message = event.data().as_string();
        // The server refused this device's session while sending: nothing was lost, the person
        // signs in again and sending resumes.
        if message.as_deref() == Some("sign_in") && session.me.get_untracked().is_some() {
            session.expired.set(true);
        }
        if matches!(message.as_deref(), Some("synced" | "sign_in")) {
            news.update(|n| *n += 1);
        }
    });
    container.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    request_sync();
    let _ = window_event_listener(leptos::ev::online, |_| request_sync());
}

/// Asks the engine to send what waits, now and, through Background Sync, once the phone is
/// online again even if the app is closed by then.
pub fn request_sync() {
    let Some(container) = web_sys::window().map(|w| w.navigator().service_worker()) else {
        return;
    };
    let Ok(ready) = container.ready() else {
        return;
    };
    leptos::task::spawn_local(async move {
        let Ok(registration) = JsFuture::from(ready).await else {
            return;
        };
        let registration: ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(worker) = registration.active() {
            let _ = worker.post_message(&JsValue::from_str("sync"));
        }
        // `registration.sync` is not in every browser (nor in web-sys' stable API).
        if let Ok(manager) = js_sys::Reflect::get(&registration, &"sync".into())
            && let Ok(register) = js_sys::Reflect::get(&manager, &"register".into())
            && let Some(register) = register.dyn_ref::<js_sys::Function>()
            && let Ok(promise) = register.call1(&manager, &"outbox".into())
        {
            // Refused (permission, private mode): the triggers above still work.
            let _ = JsFuture::from(js_sys::Promise::resolve(&promise)).await;
        }
    });
}
