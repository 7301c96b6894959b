//! Reads answered from the records the sync engine pulled into the phone (docs/SYNC.md, "Pull").
//! A page the person never opened online still opens offline, and one opened long ago shows
//! what the last pull brought rather than what it showed then: the engine pulls whenever it
//! syncs, app open or not.
//!
//! The records are exactly what the REST paths return, so the answer is rebuilt as their JSON
//! and read like any kept copy; lists come in key order, and pages sort them with the same
//! display order the server uses (`display_order` in the shared crate).

use serde::Deserialize;
use wasm_bindgen::JsValue;

use crate::store::{Kept, Store};

/// What the engine notes after each pull: the cursor, and when the records were current.
#[derive(Deserialize)]
struct PullState {
    #[serde(default)]
    at: Option<f64>,
}

fn text(record: &JsValue, name: &str) -> Option<String> {
    js_sys::Reflect::get(record, &JsValue::from_str(name))
        .ok()?
        .as_string()
}

/// The answer `path` would have had at the last pull, for the paths pulls cover:
/// `/api/cooperatives`, `/api/cooperatives/{id}` and its `/units` and `/officers`.
pub async fn answer(store: &Store, account: &str, path: &str) -> Option<Kept> {
    let rest = path.strip_prefix("/api/cooperatives")?;
    if rest.contains('?') {
        return None;
    }
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let (cooperative, kind, single) = match parts.as_slice() {
        [] => (None, "cooperative", false),
        [id] => (Some(*id), "cooperative", true),
        [id, "units"] => (Some(*id), "unit", false),
        [id, "officers"] => (Some(*id), "officer", false),
        _ => return None,
    };
    let state: PullState = store.setting(&format!("pull\u{1}{account}")).await.ok()??;
    let records = store.records(account, cooperative).await.ok()?;
    // Without the cooperative itself, the phone does not hold its scope: nothing to say.
    if !records
        .iter()
        .any(|r| text(&r, "kind").as_deref() == Some("cooperative"))
    {
        return None;
    }
    let mut found = records
        .iter()
        .filter(|r| text(r, "kind").as_deref() == Some(kind))
        .filter_map(|r| text(&r, "data"));
    let body = if single {
        found.next()?
    } else {
        format!("[{}]", found.collect::<Vec<_>>().join(","))
    };
    Some(Kept {
        body,
        fetched_at: state.at?,
    })
}
