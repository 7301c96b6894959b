//! What the app keeps on this device, and what it knows about the browser it runs in.

use kopdes_domain::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::I18n;
use crate::store::Store;

const LANG_KEY: &str = "lang";

/// The device database handle, shared through context (IndexedDB objects cannot cross
/// threads, so it is kept in local storage of the reactive system).
#[derive(Clone, Copy)]
pub struct Device {
    store: StoredValue<Option<Store>, LocalStorage>,
}

impl Device {
    pub fn store(&self) -> Option<Store> {
        self.store.get_value()
    }
}

pub fn provide_device(store: Option<Store>) -> Device {
    let device = Device {
        store: StoredValue::new_local(store),
    };
    provide_context(device);
    device
}

/// The language chosen on this device before, else Bahasa Indonesia: the programme's language,
/// whatever the phone's own setting (many are left on English by the shop that sold them).
pub async fn initial_lang(store: Option<&Store>) -> Lang {
    match store {
        Some(store) => store
            .setting::<Lang>(LANG_KEY)
            .await
            .ok()
            .flatten()
            .unwrap_or_default(),
        None => Lang::default(),
    }
}

/// Keeps `<html lang>` in step with the chosen language (screen readers and hyphenation use
/// it) and remembers every change on the device.
pub fn follow_language(i18n: I18n, device: Device) {
    Effect::new(move |previous: Option<Lang>| {
        let lang = i18n.lang.get();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang.code());
        }
        if previous.is_some_and(|p| p != lang)
            && let Some(store) = device.store()
        {
            spawn_local(async move {
                if let Err(error) = store.set_setting(LANG_KEY, &lang).await {
                    leptos::logging::warn!("could not remember the language: {error:?}");
                }
            });
        }
        lang
    });
}

/// Bytes this site uses on the device and the most the browser will give it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StorageUse {
    pub usage: u64,
    pub quota: u64,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Older WebViews lack `navigator.storage`; web-sys would assume it exists.
    js_sys::Reflect::has(&navigator, &"storage".into())
        .ok()
        .filter(|has| *has)
        .map(|_| navigator.storage())
}

async fn promised(
    promise: Result<js_sys::Promise, wasm_bindgen::JsValue>,
) -> Option<wasm_bindgen::JsValue> {
    wasm_bindgen_futures::JsFuture::from(promise.ok()?)
        .await
        .ok()
}

pub async fn storage_use() -> Option<StorageUse> {
    let estimate = promised(storage_manager()?.estimate()).await?;
    let number = |key: &str| {
        js_sys::Reflect::get(&estimate, &key.into())
            .ok()
            .and_then(|v| v.as_f64())
            .map(|v| v as u64)
    };
    Some(StorageUse {
        usage: number("usage")?,
        quota: number("quota")?,
    })
}

/// Whether the browser promised not to evict this site's data under storage pressure.
pub async fn storage_persisted() -> Option<bool> {
    promised(storage_manager()?.persisted()).await?.as_bool()
}

/// Asks for that promise; Chrome grants it to installed or often-used sites without a dialog.
pub async fn request_persistent_storage() -> Option<bool> {
    promised(storage_manager()?.persist()).await?.as_bool()
}

/// The release the build script stamped into index.html (a hash of every shipped file).
pub fn build_id() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector("meta[name=kopdes-build]")
        .ok()??
        .get_attribute("content")
}

/// The device database, if this browser has one; taken from context while a page is built.
pub fn use_store() -> Option<Store> {
    use_context::<Device>().and_then(|d| d.store())
}
