//! Changing one's password. Every other device is signed out: the usual reason to change it
//! is that someone else may know it.

use kopdes_domain::Lang;
use kopdes_domain::account::PasswordChange;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::TextField;
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};

struct Texts {
    title: &'static str,
    intro: &'static str,
    current: &'static str,
    new: &'static str,
    new_hint: &'static str,
    submit: &'static str,
    done: &'static str,
}

const ID: Texts = Texts {
    title: "Ganti kata sandi",
    intro: "Setelah diganti, semua perangkat lain yang masuk dengan akun ini akan keluar.",
    current: "Kata sandi sekarang",
    new: "Kata sandi baru",
    new_hint: "Paling sedikit 8 huruf atau angka. Jangan beri tahu siapa pun, termasuk petugas.",
    submit: "Ganti kata sandi",
    done: "Kata sandi sudah diganti. Perangkat lain sudah dikeluarkan.",
};

const EN: Texts = Texts {
    title: "Change password",
    intro: "Once changed, every other device signed in with this account is signed out.",
    current: "Current password",
    new: "New password",
    new_hint: "At least 8 characters. Do not tell anyone, officials included.",
    submit: "Change password",
    done: "The password is changed. Other devices have been signed out.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let done = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let change = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        if let Err(fields) = change.parse() {
            form.invalid(fields);
            return;
        }
        form.sending();
        spawn_local(async move {
            match api::change_password(&change).await {
                Ok(()) => {
                    form.done();
                    current.set(String::new());
                    new.set(String::new());
                    done.set(true);
                }
                Err(failure) => form.failed(failure),
            }
        });
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        <Show when=move || done.get()>
            <p class="status" role="status" data-testid="password-changed">{tr_in(texts, |t| t.done)}</p>
        </Show>
        <form class="card form" on:submit=submit novalidate=true data-testid="password-form">
            <TextField name="current_password" label=tr_in(texts, |t| t.current) value=current
                error=form.error("current_password") input_type="password" autocomplete="current-password"/>
            <TextField name="new_password" label=tr_in(texts, |t| t.new) hint=tr_in(texts, |t| t.new_hint)
                value=new error=form.error("new_password") input_type="password" autocomplete="new-password"/>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="submit" disabled=move || form.pending.get()>
                {tr_in(texts, |t| t.submit)}
            </button>
        </form>
    }
}
