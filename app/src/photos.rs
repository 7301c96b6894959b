//! Photos for form answers: the service worker (public/photos.js) shrinks a chosen picture to
//! about [`TARGET_BYTES`], names it by its SHA-256 and keeps it on the phone; the answer holds
//! that name, and the worker uploads the photo before the answer (docs/FORMS.md, "Photos").
//!
//! The worker does the image work so the app's first download carries none of it. The calls go
//! through `Reflect` rather than typed web-sys bindings: each typed binding adds its JavaScript
//! glue to the first download too.

use js_sys::{Array, Function, Object, Promise, Reflect};
use kopdes_domain::photo::{MAX_SIDE, TARGET_BYTES};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A photo kept on the phone, ready to be answered with.
#[derive(Debug, Clone, PartialEq)]
pub struct KeptPhoto {
    /// `sha256:<hex>`, the answer's value.
    pub reference: String,
    pub size: u64,
    /// The size of the picture as the camera made it.
    pub original: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoError {
    /// No service worker controls the page yet (the very first visit): nothing can keep it.
    NoWorker,
    /// Not an image the browser can open.
    Unreadable,
    /// The phone's storage is full.
    Quota,
    NotSaved,
}

fn get(target: &JsValue, name: &str) -> Result<JsValue, PhotoError> {
    Reflect::get(target, &JsValue::from_str(name)).map_err(|_| PhotoError::NoWorker)
}

/// Hands `file` (a `File` from an `<input type=file>`) to the worker and waits for its answer.
pub async fn keep(
    file: JsValue,
    account: &str,
    cooperative: &str,
) -> Result<KeptPhoto, PhotoError> {
    let container = web_sys::window()
        .map(|w| w.navigator().service_worker())
        .ok_or(PhotoError::NoWorker)?;
    let worker = container.controller().ok_or(PhotoError::NoWorker)?;
    let constructor: Function = get(&js_sys::global(), "MessageChannel")?
        .dyn_into()
        .map_err(|_| PhotoError::NoWorker)?;
    let channel =
        Reflect::construct(&constructor, &Array::new()).map_err(|_| PhotoError::NoWorker)?;
    let (mine, theirs) = (get(&channel, "port1")?, get(&channel, "port2")?);
    let answered = Promise::new(&mut |resolve, _| {
        let _ = Reflect::set(&mine, &JsValue::from_str("onmessage"), &resolve);
    });
    let message = Object::new();
    for (name, value) in [
        ("type", JsValue::from_str("photo")),
        ("file", file),
        ("account", JsValue::from_str(account)),
        ("cooperative", JsValue::from_str(cooperative)),
        ("target", JsValue::from(TARGET_BYTES)),
        ("max_side", JsValue::from(MAX_SIDE)),
    ] {
        let _ = Reflect::set(&message, &JsValue::from_str(name), &value);
    }
    let post: Function = get(&worker, "postMessage")?
        .dyn_into()
        .map_err(|_| PhotoError::NoWorker)?;
    post.call2(&worker, &message, &Array::of1(&theirs))
        .map_err(|_| PhotoError::NoWorker)?;
    let event = JsFuture::from(answered)
        .await
        .map_err(|_| PhotoError::NotSaved)?;
    let answer = get(&event, "data")?;
    if get(&answer, "ok")?.as_bool() == Some(true) {
        let number = |name| {
            get(&answer, name)
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0) as u64
        };
        Ok(KeptPhoto {
            reference: get(&answer, "ref")?.as_string().unwrap_or_default(),
            size: number("size"),
            original: number("original"),
        })
    } else {
        Err(match get(&answer, "error")?.as_string().as_deref() {
            Some("unreadable") => PhotoError::Unreadable,
            Some("quota") => PhotoError::Quota,
            _ => PhotoError::NotSaved,
        })
    }
}

/// The address the photo is shown from: the worker answers it from the phone until it is
/// uploaded, the server after.
pub fn url(reference: &str) -> Option<String> {
    kopdes_domain::photo::answer_digest(reference).map(|hex| format!("/api/photos/{hex}"))
}
