use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::icons::DownloadIcon;
use crate::i18n::tr;

/// Offers to install the app when the browser allows it (Chrome's `beforeinstallprompt`), so a
/// member can open it from the home screen and offline without knowing the browser menu.
#[component]
pub fn InstallPrompt() -> impl IntoView {
    let deferred = StoredValue::new_local(None::<web_sys::Event>);
    let available = RwSignal::new(false);
    let handle = window_event_listener_untyped("beforeinstallprompt", move |event| {
        // Keep the browser's own mini-bar away; the card below explains what installing means.
        event.prevent_default();
        deferred.set_value(Some(event));
        available.set(true);
    });
    let installed = window_event_listener_untyped("appinstalled", move |_| {
        available.set(false);
    });
    on_cleanup(move || {
        handle.remove();
        installed.remove();
    });

    let install = move |_| {
        if let Some(event) = deferred.get_value() {
            if let Ok(prompt) = js_sys::Reflect::get(&event, &JsValue::from_str("prompt"))
                .and_then(|f| f.dyn_into::<js_sys::Function>())
            {
                let _ = prompt.call0(&event);
            }
            deferred.set_value(None);
            available.set(false);
        }
    };

    view! {
        <Show when=move || available.get()>
            <section class="card" data-testid="install-card">
                <h2>{tr(|t| t.install_title)}</h2>
                <p>{tr(|t| t.install_body)}</p>
                <button type="button" class="button" on:click=install>
                    <DownloadIcon/>
                    {tr(|t| t.install_button)}
                </button>
            </section>
        </Show>
    }
}
