//! Saving a file the app made or fetched (an import report, a hand-over sheet) to the laptop's
//! downloads, through the browser's own objects by name: typed bindings for `Blob`, `URL` and
//! the anchor element would add their glue to every phone's first download.

use js_sys::{Array, Function, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name)).ok()
}

fn call(target: &JsValue, name: &str, args: &Array) -> Option<JsValue> {
    let function: Function = get(target, name)?.dyn_into().ok()?;
    Reflect::apply(&function, target, args).ok()
}

/// Offers `bytes` as a download named `name`; false when the browser would not.
pub fn save(bytes: &[u8], name: &str, mime: &str) -> bool {
    (|| {
        let global = js_sys::global();
        let blob_type: Function = get(&global, "Blob")?.dyn_into().ok()?;
        let options = js_sys::Object::new();
        Reflect::set(&options, &"type".into(), &mime.into()).ok()?;
        let parts = Array::of1(&Uint8Array::from(bytes));
        let blob = Reflect::construct(&blob_type, &Array::of2(&parts, &options)).ok()?;
        let url_type = get(&global, "URL")?;
        let url = call(&url_type, "createObjectURL", &Array::of1(&blob))?;
        let document = web_sys::window()?.document()?;
        let anchor = document.create_element("a").ok()?;
        anchor.set_attribute("href", &url.as_string()?).ok()?;
        anchor.set_attribute("download", name).ok()?;
        call(&anchor, "click", &Array::new())?;
        call(&url_type, "revokeObjectURL", &Array::of1(&url));
        Some(())
    })()
    .is_some()
}
