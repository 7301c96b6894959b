use kopdes_domain::account::LoginRequest;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::{AccountPhoneField, TextField};
use crate::forms::FormState;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new(i18n);
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let request = LoginRequest {
            phone: phone.get_untracked(),
            password: password.get_untracked(),
        };
        if let Err(fields) = request.parse() {
            form.invalid(fields);
            return;
        }
        session.sign_in_with(form, navigate.clone(), async move {
            api::sign_in(&request).await
        });
    };

    view! {
        <h1>{tr(|t| t.sign_in_title)}</h1>
        <p>{tr(|t| t.sign_in_intro)}</p>
        <form class="card form" on:submit=submit novalidate=true data-testid="sign-in-form">
            <AccountPhoneField value=phone error=form.error("phone")/>
            <TextField
                name="password"
                label=tr(|t| t.field_password)
                value=password
                error=form.error("password")
                input_type="password"
                autocomplete="current-password"
            />
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="submit" disabled=move || form.pending.get()>
                {move || if form.pending.get() { i18n.t().working } else { i18n.t().sign_in_button }}
            </button>
        </form>
        <p class="more"><A href="/masuk/aktivasi">{tr(|t| t.activate_link)}</A></p>
    }
}
