//! The device's own database (IndexedDB), typed.
//!
//! Later features (drafts, outbox, cached records, sync cursors) add object stores here, each by
//! a new step in [`upgrade`]. A step that has shipped is never edited: phones in the field may
//! be any number of versions behind and must climb every step in order.

use js_sys::Promise;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbVersionChangeEvent,
};

#[wasm_bindgen]
extern "C" {
    /// `IDBDatabase` again, for the one call web-sys only offers behind its unstable-API flag
    /// (which would apply to the whole build): `transaction(names, mode, options)`.
    #[wasm_bindgen(js_name = IDBDatabase)]
    type DatabaseWithOptions;

    #[wasm_bindgen(catch, method, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        store: &str,
        mode: &str,
        options: &JsValue,
    ) -> Result<IdbTransaction, JsValue>;
}

const DB_NAME: &str = "kopdes";
/// Bump with every new step in [`upgrade`].
pub const SCHEMA_VERSION: u32 = 1;

/// Small key-value preferences for the device (language, and later the signed-in user's id).
const SETTINGS: &str = "settings";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser has no IndexedDB (some private modes): nothing can be kept on the device.
    Unsupported,
    /// The device is out of space for this site; the write did not happen.
    QuotaExceeded,
    Failed(String),
}

impl StoreError {
    fn from_js(value: JsValue) -> StoreError {
        match value.dyn_into::<DomException>() {
            Ok(e) if e.name() == "QuotaExceededError" => StoreError::QuotaExceeded,
            Ok(e) => StoreError::Failed(format!("{}: {}", e.name(), e.message())),
            Err(other) => StoreError::Failed(format!("{other:?}")),
        }
    }

    fn from_request(request: &IdbRequest) -> StoreError {
        match request.error() {
            Ok(Some(e)) => StoreError::from_js(e.into()),
            _ => StoreError::Failed("request failed".into()),
        }
    }
}

/// An open connection to the device database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: IdbDatabase,
}

impl Store {
    pub async fn open() -> Result<Store, StoreError> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or(StoreError::Unsupported)?;
        let request: IdbOpenDbRequest = factory
            .open_with_u32(DB_NAME, SCHEMA_VERSION)
            .map_err(StoreError::from_js)?;
        let on_upgrade = {
            let request = request.clone();
            Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |event: IdbVersionChangeEvent| {
                if let Ok(db) = request.result().and_then(|r| r.dyn_into::<IdbDatabase>()) {
                    // `old_version` is 0 for a new device, and never fractional.
                    upgrade(&db, event.old_version() as u32);
                }
            })
        };
        request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
        // While another tab holds an older version open, the request waits ("blocked") until
        // that tab's `versionchange` handler below closes it.
        let result = settle(&request).await;
        request.set_onupgradeneeded(None);
        drop(on_upgrade);
        let db: IdbDatabase = result?.unchecked_into();
        // A newer version of the app opened in another tab must be able to upgrade the schema:
        // step aside instead of blocking it. The other tab's app reloads this one.
        let to_close = db.clone();
        let on_version_change = Closure::<dyn FnMut()>::new(move || to_close.close());
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        on_version_change.forget();
        Ok(Store { db })
    }

    /// Reads a setting; `None` when it was never written.
    pub async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let tx = self
            .db
            .transaction_with_str(SETTINGS)
            .map_err(StoreError::from_js)?;
        let store = tx.object_store(SETTINGS).map_err(StoreError::from_js)?;
        let request = store
            .get(&JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        let value = settle(&request).await?;
        match value.as_string() {
            Some(json) => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| StoreError::Failed(e.to_string())),
            None => Ok(None),
        }
    }

    /// Writes a setting and returns only once the browser has committed it to disk.
    pub async fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let json = serde_json::to_string(value).map_err(|e| StoreError::Failed(e.to_string()))?;
        let tx = self.write_transaction(SETTINGS)?;
        let store = tx.object_store(SETTINGS).map_err(StoreError::from_js)?;
        store
            .put_with_key(&JsValue::from_str(&json), &JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    /// Forgets a setting, committed like a write.
    pub async fn remove_setting(&self, key: &str) -> Result<(), StoreError> {
        let tx = self.write_transaction(SETTINGS)?;
        let store = tx.object_store(SETTINGS).map_err(StoreError::from_js)?;
        store
            .delete(&JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    /// A read-write transaction with "strict" durability: `complete` fires only after the data
    /// reached storage, so "saved" on screen means saved even if the phone dies next second.
    fn write_transaction(&self, store: &str) -> Result<IdbTransaction, StoreError> {
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"durability".into(), &"strict".into())
            .map_err(StoreError::from_js)?;
        self.db
            .unchecked_ref::<DatabaseWithOptions>()
            .transaction_with_options(store, "readwrite", &options)
            .map_err(StoreError::from_js)
    }
}

/// Moves the schema from `old_version` up to [`SCHEMA_VERSION`], one shipped step at a time.
fn upgrade(db: &IdbDatabase, old_version: u32) {
    if old_version < 1 {
        let _ = db.create_object_store(SETTINGS);
    }
}

/// Resolves with the request's result once it succeeds. The promise's own resolve and reject
/// functions are the event handlers, so no Rust closure is allocated or leaked per request.
async fn settle(request: &IdbRequest) -> Result<JsValue, StoreError> {
    let promise = Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    match JsFuture::from(promise).await {
        Ok(_) => request.result().map_err(StoreError::from_js),
        Err(_) => Err(StoreError::from_request(request)),
    }
}

async fn committed(tx: &IdbTransaction) -> Result<(), StoreError> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&resolve));
        tx.set_onerror(Some(&reject));
        tx.set_onabort(Some(&reject));
    });
    match JsFuture::from(promise).await {
        Ok(_) => Ok(()),
        Err(_) => Err(match tx.error() {
            Some(e) => StoreError::from_js(e.into()),
            None => StoreError::Failed("transaction aborted".into()),
        }),
    }
}
