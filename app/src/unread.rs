//! How many announcements the signed-in person has not read yet: the badge on the bottom
//! navigation. The count is kept on the phone per account, so the badge shows offline too; the
//! announcements page lowers it as the person reads.
//!
//! It lives in the first download, so it counts with the browser's JSON parser and reads only
//! the `read` flags: the kept-copy reader and the announcement type stay in the page's chunk.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

use crate::session::Session;

#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<usize>);

fn key(account: &str) -> String {
    format!("unread\u{1}{account}")
}

/// The unread announcements in a feed's JSON text.
fn count_unread(body: &str) -> Option<usize> {
    let list: js_sys::Array = js_sys::JSON::parse(body).ok()?.dyn_into().ok()?;
    Some(
        list.iter()
            .filter(|a| {
                js_sys::Reflect::get(a, &JsValue::from_str("read")).ok() != Some(JsValue::TRUE)
            })
            .count(),
    )
}

pub fn provide_unread(session: Session) {
    let count = RwSignal::new(0usize);
    provide_context(Unread(count));
    let store = crate::device::use_store();
    let account = Memo::new(move |_| session.me.with(|me| me.as_ref().map(|m| m.id.clone())));
    // Counted again whenever a (different) person is signed in: the phone's count first, then
    // the server's.
    Effect::new({
        let store = store.clone();
        move |_| {
            let Some(account) = account.get() else {
                count.set(0);
                return;
            };
            let store = store.clone();
            spawn_local(async move {
                if let Some(store) = &store
                    && let Ok(Some(kept)) = store.setting::<usize>(&key(&account)).await
                {
                    count.set(kept);
                }
                if let Ok(body) = crate::api::get_text("/api/announcements").await
                    && let Some(unread) = count_unread(&body)
                {
                    count.set(unread);
                }
            });
        }
    });
    // Whatever changes it (the server, or reading on this phone) is kept for the next start.
    Effect::new(move |_| {
        let unread = count.get();
        if let (Some(store), Some(account)) = (store.clone(), account.get_untracked()) {
            spawn_local(async move {
                let _ = store.set_setting(&key(&account), &unread).await;
            });
        }
    });
}

pub fn use_unread() -> RwSignal<usize> {
    expect_context::<Unread>().0
}
