use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::{AccountCard, InstallPrompt, ServerStatus};
use crate::connectivity::use_connectivity;
use crate::i18n::tr;
use crate::session::use_session;

#[component]
pub fn HomePage() -> impl IntoView {
    let online = use_connectivity().online;
    // Until the phone's copy of the account is read (a few milliseconds), the account card
    // would show "sign in" to a person who is signed in, then grow and push every card below
    // it down under their thumb. So the cards wait and arrive once, below the title.
    let session = use_session();
    let ready = session.ready;
    // An admin's home is their work: the dashboard, with what waits for them on top. The
    // address is replaced (Back leaves the app instead of bouncing here) and the router told as
    // for the browser's own Back: the router's navigate would cost every phone's first
    // download 1.7 KB more.
    Effect::new(move |_| {
        if ready.get()
            && session
                .me
                .with(|m| m.as_ref().is_some_and(|m| m.is_admin()))
        {
            let window = window();
            let replaced = window.history().is_ok_and(|history| {
                history
                    .replace_state_with_url(
                        &wasm_bindgen::JsValue::NULL,
                        "",
                        Some("/koperasi/dasbor"),
                    )
                    .is_ok()
            });
            if replaced && let Ok(event) = web_sys::Event::new("popstate") {
                let _ = window.dispatch_event(&event);
            }
        }
    });
    view! {
        <section class="hero">
            <h1 data-testid="home-title">{tr(|t| t.home_title)}</h1>
            <p>{tr(|t| t.home_intro)}</p>
        </section>
        <Show when=move || ready.get()>
            <AccountCard/>
            <section class="card" class:card-alert=move || !online.get()>
                <h2>{tr(|t| t.home_offline_title)}</h2>
                <p>{tr(|t| t.home_offline_body)}</p>
            </section>
            <section class="card">
                <h2>{tr(|t| t.home_server_title)}</h2>
                <ServerStatus/>
            </section>
            <p class="more">
                <A href="/tentang">{tr(|t| t.home_details_link)}</A>
            </p>
            // Last: the browser offers installing seconds after the page is drawn, and a card
            // appearing here moves nothing a person is reading or about to tap.
            <InstallPrompt/>
        </Show>
    }
}
