//! Forms being filled in, kept on the device on every change: a reload, a crash, an app update
//! or a dead battery loses nothing. A person may keep several drafts of one form (one per
//! business unit, or one per month); sending one replaces it by an outbox entry in the same
//! transaction.

use kopdes_domain::form::Answers;
use serde::Deserialize;
use wasm_bindgen::JsValue;

use crate::store::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Draft {
    pub id: String,
    pub form_id: String,
    pub cooperative_id: String,
    #[serde(default)]
    pub unit_id: Option<String>,
    /// JSON text of the answers so far.
    pub answers: String,
    /// Device time (Unix ms) of the last change.
    pub updated_at: f64,
}

impl Draft {
    pub fn answers(&self) -> Answers {
        crate::json::decode(&self.answers).unwrap_or_default()
    }

    fn to_js(&self) -> JsValue {
        let object = js_sys::Object::new();
        let set = |name: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&object, &JsValue::from_str(name), &value);
        };
        set("id", JsValue::from_str(&self.id));
        set("form_id", JsValue::from_str(&self.form_id));
        set("cooperative_id", JsValue::from_str(&self.cooperative_id));
        if let Some(unit) = &self.unit_id {
            set("unit_id", JsValue::from_str(unit));
        }
        set("answers", JsValue::from_str(&self.answers));
        set("updated_at", JsValue::from_f64(self.updated_at));
        object.into()
    }
}

/// The drafts of one form for one cooperative, newest first.
pub async fn of_form(
    store: &Store,
    account: &str,
    form_id: &str,
    cooperative_id: &str,
) -> Result<Vec<Draft>, StoreError> {
    let mut drafts: Vec<Draft> = store
        .drafts(account)
        .await?
        .iter()
        .filter_map(crate::json::from_js::<Draft>)
        .filter(|d| d.form_id == form_id && d.cooperative_id == cooperative_id)
        .collect();
    drafts.sort_by(|a, b| b.updated_at.total_cmp(&a.updated_at));
    Ok(drafts)
}

/// One draft by its id.
pub async fn find(store: &Store, account: &str, id: &str) -> Result<Option<Draft>, StoreError> {
    Ok(store
        .drafts(account)
        .await?
        .iter()
        .filter_map(crate::json::from_js::<Draft>)
        .find(|d| d.id == id))
}

pub async fn save(store: &Store, account: &str, draft: &Draft) -> Result<(), StoreError> {
    store.put_draft(account, &draft.id, &draft.to_js()).await
}

pub async fn discard(store: &Store, account: &str, id: &str) -> Result<(), StoreError> {
    store.delete_draft(account, id).await
}
