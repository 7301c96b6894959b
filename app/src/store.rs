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
        stores: &JsValue,
        mode: &str,
        options: &JsValue,
    ) -> Result<IdbTransaction, JsValue>;
}

const DB_NAME: &str = "kopdes";
/// Bump with every new step in [`upgrade`].
pub const SCHEMA_VERSION: u32 = 7;

/// Small key-value preferences for the device (language, and later the signed-in user's id).
const SETTINGS: &str = "settings";

/// The last answer the server gave to a read, per account, so pages open without a network.
/// Keys are `"<partition>\u{1}<path>"`: one account's copies are one key range.
const KEPT: &str = "kept";

/// Changes made on this device that the server has not applied yet (docs/SYNC.md, "The
/// outbox"). Keyed by a counter, so the key order is the order they were made in. It holds
/// dozens of entries, rarely thousands: readers take them all and keep one account's, which
/// costs less than an index's code in every phone's first download.
/// The service worker (public/sync.js) sends and files them.
const OUTBOX: &str = "outbox";

/// Forms being filled in, saved on every change. Keys are `"<account>\u{1}<draft id>"`.
const DRAFTS: &str = "drafts";

/// Photos for form answers, shrunk and kept until uploaded. Keys are
/// `"<account>\u{1}sha256:<hex>"`. Only the service worker (public/photos.js) writes and reads
/// them; the app shows them through `/api/photos/<hex>`, which the worker answers from here.
const PHOTOS: &str = "photos";

/// The person's cooperatives, their units and officers as the last pull brought them (docs/SYNC.md,
/// "Pull"). Keys are `"<account>\u{1}<cooperative>\u{1}<kind>\u{1}<id>"`: one cooperative's
/// records are one key range. Written only by the service worker (public/sync.js);
/// [`crate::pulled`] answers reads from them.
const RECORDS: &str = "records";

/// Courses downloaded for offline use, by id, and their rendered lessons, by hash (docs/TRAINING.md).
/// Written only by the service worker (public/courses.js); pages read them.
const COURSES: &str = "courses";
const LESSONS: &str = "lessons";

/// A server answer as kept on the device: its JSON text and when it was fetched (Unix ms).
pub struct Kept {
    pub body: String,
    pub fetched_at: f64,
}

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
            Some(json) => crate::json::decode(&json)
                .map(Some)
                .ok_or_else(|| StoreError::Failed("stored value unreadable".into())),
            None => Ok(None),
        }
    }

    /// Writes a setting and returns only once the browser has committed it to disk.
    pub async fn set_setting<T: Serialize>(&self, key: &str, value: &T) -> Result<(), StoreError> {
        let json = serde_json::to_string(value)
            .map_err(|_| StoreError::Failed("value not serialisable".into()))?;
        let tx = self.write_transaction(&SETTINGS.into())?;
        let store = tx.object_store(SETTINGS).map_err(StoreError::from_js)?;
        store
            .put_with_key(&JsValue::from_str(&json), &JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    /// Forgets a setting, committed like a write.
    pub async fn remove_setting(&self, key: &str) -> Result<(), StoreError> {
        let tx = self.write_transaction(&SETTINGS.into())?;
        let store = tx.object_store(SETTINGS).map_err(StoreError::from_js)?;
        store
            .delete(&JsValue::from_str(key))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    /// Every course downloaded (or being downloaded), as the worker keeps them.
    pub async fn course_records(&self) -> Result<js_sys::Array, StoreError> {
        let tx = self
            .db
            .transaction_with_str(COURSES)
            .map_err(StoreError::from_js)?;
        let request = tx
            .object_store(COURSES)
            .and_then(|s| s.get_all())
            .map_err(StoreError::from_js)?;
        Ok(settle(&request).await?.unchecked_into())
    }

    /// A downloaded lesson's JSON text, by its hash.
    pub async fn lesson(&self, hash: &str) -> Result<Option<String>, StoreError> {
        let tx = self
            .db
            .transaction_with_str(LESSONS)
            .map_err(StoreError::from_js)?;
        let request = tx
            .object_store(LESSONS)
            .and_then(|s| s.get(&JsValue::from_str(hash)))
            .map_err(StoreError::from_js)?;
        let value = settle(&request).await?;
        Ok(js_sys::Reflect::get(&value, &JsValue::from_str("body"))
            .ok()
            .and_then(|b| b.as_string()))
    }

    /// The kept answer for `path` in `partition`, if this device has one.
    pub async fn kept(&self, partition: &str, path: &str) -> Result<Option<Kept>, StoreError> {
        let tx = self
            .db
            .transaction_with_str(KEPT)
            .map_err(StoreError::from_js)?;
        let store = tx.object_store(KEPT).map_err(StoreError::from_js)?;
        let request = store
            .get(&JsValue::from_str(&kept_key(partition, path)))
            .map_err(StoreError::from_js)?;
        let value = settle(&request).await?;
        if value.is_undefined() {
            return Ok(None);
        }
        let field = |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name));
        match (
            field("body").ok().and_then(|v| v.as_string()),
            field("at").ok().and_then(|v| v.as_f64()),
        ) {
            (Some(body), Some(fetched_at)) => Ok(Some(Kept { body, fetched_at })),
            _ => Ok(None),
        }
    }

    /// Keeps an answer. A copy that can be fetched again needs no "strict" durability.
    pub async fn keep(
        &self,
        partition: &str,
        path: &str,
        body: &str,
        fetched_at: f64,
    ) -> Result<(), StoreError> {
        let value = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&value, &"body".into(), &JsValue::from_str(body));
        let _ = js_sys::Reflect::set(&value, &"at".into(), &JsValue::from_f64(fetched_at));
        let tx = self
            .db
            .transaction_with_str_and_mode(KEPT, web_sys::IdbTransactionMode::Readwrite)
            .map_err(StoreError::from_js)?;
        let store = tx.object_store(KEPT).map_err(StoreError::from_js)?;
        store
            .put_with_key(&value, &JsValue::from_str(&kept_key(partition, path)))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    /// Deletes every kept answer of one partition: an account that signs out leaves none of
    /// its people's data on a shared phone.
    pub async fn forget_kept(&self, partition: &str) -> Result<(), StoreError> {
        let range = account_range(partition)?;
        // Pulled records are copies too, and the cursor says which of them the phone has.
        let stores =
            js_sys::JSON::parse(r#"["kept","records","settings"]"#).map_err(StoreError::from_js)?;
        let tx = self.write_transaction(&stores)?;
        for name in [KEPT, RECORDS] {
            tx.object_store(name)
                .and_then(|s| s.delete(&range))
                .map_err(StoreError::from_js)?;
        }
        tx.object_store(SETTINGS)
            .and_then(|s| s.delete(&JsValue::from_str(&format!("pull\u{1}{partition}"))))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    /// One account's outbox, oldest first, as raw objects for [`crate::outbox`] to read.
    pub async fn outbox(&self, account: &str) -> Result<js_sys::Array, StoreError> {
        let tx = self
            .db
            .transaction_with_str(OUTBOX)
            .map_err(StoreError::from_js)?;
        let request = tx
            .object_store(OUTBOX)
            .and_then(|s| s.get_all_with_key(&JsValue::UNDEFINED))
            .map_err(StoreError::from_js)?;
        let all: js_sys::Array = settle(&request).await?.unchecked_into();
        let account = JsValue::from_str(account);
        Ok(all.filter(&mut |entry, _, _| {
            js_sys::Reflect::get(&entry, &"account".into()).is_ok_and(|a| a == account)
        }))
    }

    /// Removes outbox entries by key and adds new ones, and drops a finished draft, in one
    /// durable transaction: a person's choice in a conflict replaces what it settles, a sent
    /// form replaces its draft, or nothing happens.
    pub async fn change_outbox(
        &self,
        remove: &[f64],
        add: &[JsValue],
        draft_done: Option<(&str, &str)>,
    ) -> Result<(), StoreError> {
        // `["outbox", "drafts"]`, made by the parser the app imports anyway.
        let stores = js_sys::JSON::parse(r#"["outbox","drafts"]"#).map_err(StoreError::from_js)?;
        let tx = self.write_transaction(&stores)?;
        let store = tx.object_store(OUTBOX).map_err(StoreError::from_js)?;
        for key in remove {
            store
                .delete(&JsValue::from_f64(*key))
                .map_err(StoreError::from_js)?;
        }
        for entry in add {
            store.add(entry).map_err(StoreError::from_js)?;
        }
        if let Some((account, id)) = draft_done {
            tx.object_store(DRAFTS)
                .and_then(|d| d.delete(&JsValue::from_str(&kept_key(account, id))))
                .map_err(StoreError::from_js)?;
        }
        committed(&tx).await
    }

    /// Pulled records of one account, or of one of its cooperatives, as stored objects
    /// (`{kind, id, data, version, pulled_at}`, `data` as JSON text).
    pub async fn records(
        &self,
        account: &str,
        cooperative: Option<&str>,
    ) -> Result<js_sys::Array, StoreError> {
        let tx = self
            .db
            .transaction_with_str(RECORDS)
            .map_err(StoreError::from_js)?;
        let range = match cooperative {
            Some(id) => account_range(&kept_key(account, id))?,
            None => account_range(account)?,
        };
        let request = tx
            .object_store(RECORDS)
            .and_then(|s| s.get_all_with_key(&range))
            .map_err(StoreError::from_js)?;
        Ok(settle(&request).await?.unchecked_into())
    }

    /// One account's drafts, as stored objects for [`crate::drafts`] to read.
    pub async fn drafts(&self, account: &str) -> Result<js_sys::Array, StoreError> {
        let tx = self
            .db
            .transaction_with_str(DRAFTS)
            .map_err(StoreError::from_js)?;
        let range = account_range(account)?;
        let request = tx
            .object_store(DRAFTS)
            .and_then(|s| s.get_all_with_key(&range))
            .map_err(StoreError::from_js)?;
        Ok(settle(&request).await?.unchecked_into())
    }

    /// Saves a draft, durably: it holds what the person typed and nothing else does.
    pub async fn put_draft(
        &self,
        account: &str,
        id: &str,
        draft: &JsValue,
    ) -> Result<(), StoreError> {
        let tx = self.write_transaction(&DRAFTS.into())?;
        tx.object_store(DRAFTS)
            .and_then(|s| s.put_with_key(draft, &JsValue::from_str(&kept_key(account, id))))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    /// Deletes every draft of one account: on sign-out, what a person was typing does not
    /// stay on a shared phone (the sign-out page says how many go first).
    pub async fn forget_drafts(&self, account: &str) -> Result<(), StoreError> {
        let range = account_range(account)?;
        let tx = self.write_transaction(&DRAFTS.into())?;
        tx.object_store(DRAFTS)
            .and_then(|s| s.delete(&range))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    pub async fn delete_draft(&self, account: &str, id: &str) -> Result<(), StoreError> {
        let tx = self.write_transaction(&DRAFTS.into())?;
        tx.object_store(DRAFTS)
            .and_then(|s| s.delete(&JsValue::from_str(&kept_key(account, id))))
            .map_err(StoreError::from_js)?;
        committed(&tx).await
    }

    /// A read-write transaction with "strict" durability: `complete` fires only after the data
    /// reached storage, so "saved" on screen means saved even if the phone dies next second.
    fn write_transaction(&self, stores: &JsValue) -> Result<IdbTransaction, StoreError> {
        let options = js_sys::Object::new();
        js_sys::Reflect::set(&options, &"durability".into(), &"strict".into())
            .map_err(StoreError::from_js)?;
        self.db
            .unchecked_ref::<DatabaseWithOptions>()
            .transaction_with_options(stores, "readwrite", &options)
            .map_err(StoreError::from_js)
    }
}

/// Moves the schema from `old_version` up to [`SCHEMA_VERSION`], one shipped step at a time.
fn upgrade(db: &IdbDatabase, old_version: u32) {
    if old_version < 1 {
        let _ = db.create_object_store(SETTINGS);
    }
    if old_version < 2 {
        let _ = db.create_object_store(KEPT);
    }
    if old_version < 3 {
        // The options object through JSON.parse: web-sys' builder for it would be more glue.
        if let Ok(options) = js_sys::JSON::parse(r#"{"keyPath":"seq","autoIncrement":true}"#) {
            let _ =
                db.create_object_store_with_optional_parameters(OUTBOX, options.unchecked_ref());
        }
    }
    if old_version < 4 {
        let _ = db.create_object_store(DRAFTS);
    }
    if old_version < 5 {
        let _ = db.create_object_store(PHOTOS);
    }
    if old_version < 6 {
        let _ = db.create_object_store(RECORDS);
    }
    if old_version < 7 {
        let _ = db.create_object_store(COURSES);
        let _ = db.create_object_store(LESSONS);
    }
}

fn kept_key(partition: &str, path: &str) -> String {
    format!("{partition}\u{1}{path}")
}

/// Every key of one account (or partition) in a store keyed by [`kept_key`].
fn account_range(partition: &str) -> Result<web_sys::IdbKeyRange, StoreError> {
    web_sys::IdbKeyRange::bound(
        &JsValue::from_str(&kept_key(partition, "")),
        &JsValue::from_str(&format!("{partition}\u{2}")),
    )
    .map_err(StoreError::from_js)
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
