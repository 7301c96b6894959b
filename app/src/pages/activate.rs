use kopdes_domain::account::ActivationRequest;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::components::{AccountPhoneField, TextField};
use crate::forms::FormState;
use crate::i18n::{tr, use_i18n};
use crate::session::use_session;

/// A person sets their own password with the code an officer handed them, and is signed in.
#[component]
pub fn ActivatePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let form = FormState::new(i18n);
    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let request = ActivationRequest {
            phone: phone.get_untracked(),
            code: code.get_untracked(),
            password: password.get_untracked(),
        };
        if let Err(fields) = request.parse() {
            form.invalid(fields);
            return;
        }
        session.sign_in_with(form, navigate.clone(), async move {
            api::activate(&request).await
        });
    };

    view! {
        <h1>{tr(|t| t.activate_title)}</h1>
        <p>{tr(|t| t.activate_intro)}</p>
        <form class="card form" on:submit=submit novalidate=true data-testid="activate-form">
            <AccountPhoneField value=phone error=form.error("phone")/>
            <TextField
                name="code"
                label=tr(|t| t.field_code)
                hint=tr(|t| t.field_code_hint)
                value=code
                error=form.error("code")
                inputmode="numeric"
                autocomplete="one-time-code"
            />
            <TextField
                name="password"
                label=tr(|t| t.field_new_password)
                hint=tr(|t| t.field_new_password_hint)
                value=password
                error=form.error("password")
                input_type="password"
                autocomplete="new-password"
            />
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="submit" disabled=move || form.pending.get()>
                {move || if form.pending.get() { i18n.t().working } else { i18n.t().activate_button }}
            </button>
        </form>
    }
}
