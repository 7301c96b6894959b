//! Reading JSON with the browser's own parser. `JSON.parse` is already on every phone, so the
//! app ships only serde's mapping from JS values to Rust types, not a JSON parser of its own:
//! several kilobytes less in the first download.

use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// A value from JSON text; `None` when the text is not JSON or not this type.
pub fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    from_js(js_sys::JSON::parse(text).ok()?)
}

/// A value from what `JSON.parse` or `Response.json()` gave.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    serde_wasm_bindgen::from_value(value).ok()
}

/// The JSON body of a response, parsed by the browser.
pub async fn body<T: DeserializeOwned>(response: &gloo_net::http::Response) -> Option<T> {
    decode(&response.text().await.ok()?)
}
