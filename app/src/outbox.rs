//! The person's changes waiting for the server (docs/SYNC.md, "The outbox"). A change is
//! written here, durably, before the screen says it is saved; the service worker's engine
//! (public/sync.js) sends it whenever it can and files the server's answer on the entry.
//! Only conflicts and rejections stay for the person, who settles them here with a new
//! operation or discards them explicitly.

use kopdes_domain::api::FieldError;
use kopdes_domain::cooperative::{Cooperative, CooperativeProfile};
use kopdes_domain::sync::{Change, Operation};
use serde::Deserialize;
use wasm_bindgen::JsValue;

use crate::store::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryState {
    /// Waiting to be sent (or sent, without an answer yet).
    Queued,
    /// The record changed on the server first; the person chooses.
    Conflict,
    /// The server will not apply it; the person fixes or discards it.
    Rejected,
}

/// One operation in the outbox, as stored (the service worker reads the same fields).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Entry {
    /// The store's counter; `None` until written.
    #[serde(default)]
    pub seq: Option<f64>,
    pub account: String,
    pub id: String,
    pub record: String,
    /// The operation's `kind` (empty in entries written before kinds were kept: profiles).
    #[serde(default)]
    pub kind: String,
    /// The operation's JSON text, sent exactly as written however often it is sent again: the
    /// server recognises a replay by its content.
    pub op: String,
    /// Device time (Unix ms) the change was made, for the person's own list only.
    pub made_at: f64,
    pub state: EntryState,
    /// The server's answer (JSON text) for a conflict or a rejection.
    #[serde(default)]
    pub outcome: Option<String>,
}

impl Entry {
    pub fn new(account: &str, operation: &Operation) -> Entry {
        Entry {
            seq: None,
            account: account.to_owned(),
            id: operation.id.clone(),
            record: operation.record_id.clone(),
            kind: match operation.change {
                Change::CooperativeProfile(_) => "cooperative_profile",
                Change::FormResponse(_) => "form_response",
                Change::MemberDataChange(_) => "member_data_change",
                Change::LessonDone(_) => "lesson_done",
                Change::QuizAttempt(_) => "quiz_attempt",
                Change::EventRegistration(_) => "event_registration",
                Change::SavingsEntry(_) => "savings_entry",
            }
            .to_owned(),
            op: serde_json::to_string(operation).unwrap_or_default(),
            made_at: js_sys::Date::now(),
            state: EntryState::Queued,
            outcome: None,
        }
    }

    // The readers below pick fields out of the parsed JSON instead of deserialising
    // `Operation` and `Outcome` whole: their flattened and tagged enums make serde buffer every
    // value and compile a second deserialiser per record type, some 20 KB of this chunk.

    /// The record version the change was made on.
    pub fn base_version(&self) -> Option<i64> {
        let op = js_sys::JSON::parse(&self.op).ok()?;
        field(&op, "base_version")?.as_f64().map(|v| v as i64)
    }

    /// The profile a cooperative-profile change carries.
    pub fn profile(&self) -> Option<CooperativeProfile> {
        let op = js_sys::JSON::parse(&self.op).ok()?;
        (field(&op, "kind")?.as_string()? == "cooperative_profile")
            .then(|| crate::json::from_js(field(&op, "data")?))?
    }

    /// The form response a `form_response` entry carries.
    pub fn form_response(&self) -> Option<kopdes_domain::form::FormResponse> {
        let op = js_sys::JSON::parse(&self.op).ok()?;
        (field(&op, "kind")?.as_string()? == "form_response")
            .then(|| crate::json::from_js(field(&op, "data")?))?
    }

    /// The request a `member_data_change` entry carries.
    pub fn own_data_change(&self) -> Option<kopdes_domain::member::OwnDataChange> {
        let op = js_sys::JSON::parse(&self.op).ok()?;
        (field(&op, "kind")?.as_string()? == "member_data_change")
            .then(|| crate::json::from_js(field(&op, "data")?))?
    }

    /// For an `event_registration` entry: the event, and whether it registers (else cancels).
    pub fn event_registration(&self) -> Option<(String, bool)> {
        if self.kind != "event_registration" {
            return None;
        }
        let op = js_sys::JSON::parse(&self.op).ok()?;
        let data = field(&op, "data")?;
        Some((
            field(&data, "event_id")?.as_string()?,
            field(&data, "register")?.as_bool()?,
        ))
    }

    /// The ledger entry a `savings_entry` carries.
    pub fn savings_entry(&self) -> Option<kopdes_domain::savings::EntryInput> {
        if self.kind != "savings_entry" {
            return None;
        }
        let op = js_sys::JSON::parse(&self.op).ok()?;
        crate::json::from_js(field(&op, "data")?)
    }

    /// The course an operation of a course kind is about, and its data (a lesson done or an
    /// attempt), as JSON for the caller to read.
    pub fn course_data(&self) -> Option<(String, JsValue)> {
        if self.kind != "lesson_done" && self.kind != "quiz_attempt" {
            return None;
        }
        let op = js_sys::JSON::parse(&self.op).ok()?;
        let data = field(&op, "data")?;
        Some((field(&data, "course_id")?.as_string()?, data))
    }

    /// For a conflict: the record as the server has it, when it is a cooperative.
    pub fn conflict_cooperative(&self) -> Option<Cooperative> {
        let outcome = self.answer()?;
        let server = field(&outcome, "server")?;
        (field(&server, "kind")?.as_string()? == "cooperative")
            .then(|| crate::json::from_js(field(&server, "data")?))?
    }

    /// For a rejection: its code and field errors.
    pub fn rejection(&self) -> Option<(String, Vec<FieldError>)> {
        let outcome = self.answer()?;
        let code = field(&outcome, "code")?.as_string()?;
        let fields = field(&outcome, "fields")
            .and_then(crate::json::from_js)
            .unwrap_or_default();
        Some((code, fields))
    }

    /// The stored object. Built by hand: serde's JS serialiser would add kilobytes to the
    /// chunk for one struct of text and numbers. A new entry is always queued, without answer.
    fn to_js(&self) -> JsValue {
        let object = js_sys::Object::new();
        let set = |name: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), &value);
        };
        set("account", JsValue::from_str(&self.account));
        set("id", JsValue::from_str(&self.id));
        set("record", JsValue::from_str(&self.record));
        set("kind", JsValue::from_str(&self.kind));
        set("op", JsValue::from_str(&self.op));
        set("made_at", JsValue::from_f64(self.made_at));
        set("state", JsValue::from_str("queued"));
        object.into()
    }

    fn answer(&self) -> Option<JsValue> {
        js_sys::JSON::parse(self.outcome.as_deref()?).ok()
    }
}

fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// A new operation id. Random (v4) is enough: an id only has to be unique per account.
pub fn new_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default()
}

/// The account's entries, oldest first.
pub async fn entries(store: &Store, account: &str) -> Result<Vec<Entry>, StoreError> {
    let raw = store.outbox(account).await?;
    Ok(raw.iter().filter_map(crate::json::from_js).collect())
}

/// The entries of one record, oldest first: the chain a new change to it builds on.
pub async fn of_record(
    store: &Store,
    account: &str,
    record: &str,
) -> Result<Vec<Entry>, StoreError> {
    let mut all = entries(store, account).await?;
    all.retain(|e| e.record == record);
    Ok(all)
}

/// Writes `add` and removes `remove` (entries settled by it) in one durable transaction, then
/// asks the engine to send. Only a returned `Ok` means the change is on the device.
pub async fn write(store: &Store, remove: &[Entry], add: Option<Entry>) -> Result<(), StoreError> {
    write_settling(store, remove, add, None).await
}

/// [`write`], also dropping the draft `(account, id)` the new entry was made from.
pub async fn write_settling(
    store: &Store,
    remove: &[Entry],
    add: Option<Entry>,
    draft_done: Option<(&str, &str)>,
) -> Result<(), StoreError> {
    let keys: Vec<f64> = remove.iter().filter_map(|e| e.seq).collect();
    let added: Vec<JsValue> = add.iter().map(Entry::to_js).collect();
    store.change_outbox(&keys, &added, draft_done).await?;
    if add.is_some() {
        keep_storage();
        crate::sync::request_sync();
    }
    Ok(())
}

/// Asks the browser not to evict this site's storage under pressure: the outbox holds what the
/// person typed and nowhere else has it yet. The answer shows on the send-queue page.
fn keep_storage() {
    wasm_bindgen_futures::spawn_local(async {
        crate::device::request_persistent_storage().await;
    });
}

/// What the engine last reported for an account (written by public/sync.js).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct SyncStatus {
    /// When the outbox was last found empty after talking to the server (Unix ms).
    #[serde(default)]
    pub last_ok: Option<f64>,
    /// Why the last attempt stopped: `offline`, `network`, `server` or `sign_in`.
    #[serde(default)]
    pub problem: Option<String>,
    /// When the engine tries again by itself, while it keeps trying (Unix ms).
    #[serde(default)]
    pub retry_at: Option<f64>,
}

pub async fn status(store: &Store, account: &str) -> SyncStatus {
    store
        .setting::<SyncStatus>(&format!("sync\u{1}{account}"))
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}
