//! Changing one's password, and the account's history: every code issued for it, every
//! appointment that named it, every password change, with who did it. Every other device is
//! signed out on a change: the usual reason to change it is that someone else may know it.

use kopdes_domain::Lang;
use kopdes_domain::account::PasswordChange;
use kopdes_domain::format;
use kopdes_domain::member::AccessLogEntry;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::{ListTexts, TextField, kept_list};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::use_reader;

struct Texts {
    title: &'static str,
    intro: &'static str,
    current: &'static str,
    new: &'static str,
    new_hint: &'static str,
    submit: &'static str,
    done: &'static str,
    history: &'static str,
    history_intro: &'static str,
    history_loading: &'static str,
    history_failed: &'static str,
    history_none: &'static str,
    activated: &'static str,
    code_issued: &'static str,
    appointed: &'static str,
    password_changed: &'static str,
    other: &'static str,
}

const ID: Texts = Texts {
    title: "Ganti kata sandi",
    intro: "Setelah diganti, semua perangkat lain yang masuk dengan akun ini akan keluar.",
    current: "Kata sandi sekarang",
    new: "Kata sandi baru",
    new_hint: "Paling sedikit 8 huruf atau angka. Jangan beri tahu siapa pun, termasuk petugas.",
    submit: "Ganti kata sandi",
    done: "Kata sandi sudah diganti. Perangkat lain sudah dikeluarkan.",
    history: "Riwayat akun",
    history_intro: "Siapa yang membuat kode aktivasi untuk akun Anda, mengangkat Anda ke suatu jabatan, atau mengganti kata sandinya. Jika ada yang tidak Anda kenal, ganti kata sandi dan hubungi dinas.",
    history_loading: "Memuat riwayat akun…",
    history_failed: "Riwayat akun belum bisa dimuat dan belum tersimpan di ponsel.",
    history_none: "Belum ada catatan.",
    activated: "mengaktifkan akun dengan kode aktivasi",
    code_issued: "membuat kode aktivasi baru untuk akun ini",
    appointed: "mengangkat Anda sebagai pengurus atau pengawas koperasi",
    password_changed: "mengganti kata sandi",
    other: "mengubah akun",
};

const EN: Texts = Texts {
    title: "Change password",
    intro: "Once changed, every other device signed in with this account is signed out.",
    current: "Current password",
    new: "New password",
    new_hint: "At least 8 characters. Do not tell anyone, officials included.",
    submit: "Change password",
    done: "The password is changed. Other devices have been signed out.",
    history: "Account history",
    history_intro: "Who made an activation code for your account, appointed you to a position, or changed its password. If you do not recognise something, change your password and contact the district office.",
    history_loading: "Loading the account history…",
    history_failed: "The account history could not be loaded and is not kept on the phone yet.",
    history_none: "Nothing recorded yet.",
    activated: "activated the account with an activation code",
    code_issued: "made a new activation code for this account",
    appointed: "appointed you as an officer or supervisor of a cooperative",
    password_changed: "changed the password",
    other: "changed the account",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

fn action_text(t: &'static Texts, action: &str) -> &'static str {
    match action {
        "account.activated" => t.activated,
        "account.code_issued" => t.code_issued,
        "account.appointed" => t.appointed,
        "account.password_changed" => t.password_changed,
        _ => t.other,
    }
}

#[component]
fn AccountHistory() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let loaded = RwSignal::new(None);
    spawn_local(async move {
        let answer = reader
            .get::<Vec<AccessLogEntry>>("/api/me/account-log")
            .await;
        loaded.set(Some(answer));
    });
    let list_texts = ListTexts {
        loading: tr_in(texts, |t| t.history_loading),
        failed: tr_in(texts, |t| t.history_failed),
        none: tr_in(texts, |t| t.history_none),
    };
    view! {
        <section class="card" data-testid="account-history">
            <h2>{tr_in(texts, |t| t.history)}</h2>
            <p class="hint">{tr_in(texts, |t| t.history_intro)}</p>
            {move || kept_list(loaded.get(), list_texts, |entries: Vec<AccessLogEntry>, _| {
                let lang = i18n.lang.get();
                let t = texts(lang);
                view! {
                    <ul class="list">
                        {entries.into_iter().map(|e| view! {
                            <li data-action=e.action.clone()>
                                {format::moment_wib(e.at, lang)} ": "
                                {e.actor_name.map(|n| format!("{n} ")).unwrap_or_default()}
                                {action_text(t, &e.action)}
                            </li>
                        }).collect_view()}
                    </ul>
                }
            })}
        </section>
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
        <AccountHistory/>
    }
}
