//! Si Kopdes in the browser: a Leptos app rendered on the client, compiled to WebAssembly.

mod api;
mod app;
mod clock;
mod components;
mod connectivity;
mod device;
mod dialog;
mod download;
mod drafts;
mod forms;
mod i18n;
mod json;
mod kept;
mod learning;
mod outbox;
mod pages;
mod photos;
mod pulled;
mod server_health;
mod service_worker;
mod session;
mod store;
mod sync;
mod unread;

// Smaller than Rust's default (dlmalloc) by a few kilobytes of every phone's first download,
// and faster; the app is single-threaded.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    // The language must be known before the first paint, or an English reader would see a flash
    // of Indonesian; reading it from IndexedDB takes a few milliseconds.
    wasm_bindgen_futures::spawn_local(async {
        let store = store::Store::open().await;
        if let Err(error) = &store {
            leptos::logging::warn!("device storage unavailable: {error:?}");
        }
        let store = store.ok();
        let lang = device::initial_lang(store.as_ref()).await;
        leptos::mount::mount_to_body(move || {
            leptos::view! { <app::App store=store.clone() lang/> }
        });
        // index.html shows "Memuat…" until the app is there to replace it.
        if let Some(boot) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("boot"))
        {
            boot.remove();
        }
    });
}
