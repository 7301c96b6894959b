//! `/saya/keluar`: signing out, on a phone a family may share. Changes still waiting to be sent
//! are named before the person leaves; they stay on the phone under this account (no one else
//! sees or sends them) and go out when this person signs in again. Drafts of forms not yet sent
//! are deleted, so nothing personal stays for the next person: the page says how many first.

use kopdes_domain::Lang;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::device::use_store;
use crate::i18n::{tr, tr_in};
use crate::outbox;
use crate::session::use_session;

struct Texts {
    title: &'static str,
    confirm: &'static str,
    unsent: &'static str,
    unsent_kept: &'static str,
    drafts: &'static str,
    stay: &'static str,
}

const ID: Texts = Texts {
    title: "Keluar dari Si Kopdes?",
    confirm: "Data koperasi yang tersimpan di ponsel ini untuk akun Anda akan dihapus dari ponsel.",
    unsent: "perubahan Anda belum terkirim.",
    unsent_kept: "Perubahan itu tetap tersimpan di ponsel ini, tidak terlihat oleh orang lain, dan akan dikirim saat Anda masuk lagi. Bila bisa, tunggu sinyal dan kirim dulu.",
    drafts: "draf formulir yang belum dikirim akan dihapus dari ponsel ini. Kirim dulu jika isinya masih diperlukan.",
    stay: "Batal",
};

const EN: Texts = Texts {
    title: "Sign out of Si Kopdes?",
    confirm: "The cooperative data kept on this phone for your account will be removed from the phone.",
    unsent: "of your changes have not been sent yet.",
    unsent_kept: "They stay on this phone, hidden from anyone else, and will be sent when you sign in again. If you can, wait for a signal and send them first.",
    drafts: "unsent form drafts will be deleted from this phone. Send them first if you still need what they hold.",
    stay: "Cancel",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn SignOutPage() -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let store = use_store();
    let account = session
        .me
        .with_untracked(|me| me.as_ref().map(|m| m.id.clone()))
        .unwrap_or_default();
    let unsent = RwSignal::new(0usize);
    let drafts = RwSignal::new(0u32);
    if let Some(store) = store {
        spawn_local(async move {
            let entries = outbox::entries(&store, &account).await.unwrap_or_default();
            unsent.set(entries.len());
            drafts.set(store.drafts(&account).await.map_or(0, |all| all.length()));
        });
    }
    let leaving = RwSignal::new(false);
    let sign_out = {
        let navigate = navigate.clone();
        move |_| {
            leaving.set(true);
            let navigate = navigate.clone();
            spawn_local(async move {
                // Final on the phone at once, online or not; the server hears now or when the
                // signal returns, and until then the phone never asks it who is signed in.
                session.sign_out().await;
                navigate("/", Default::default());
            });
        }
    };
    let back = move |_| {
        let _ = web_sys::window()
            .and_then(|w| w.history().ok())
            .map(|h| h.back());
    };
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {move || (unsent.get() > 0).then(|| view! {
            <section class="card card-alert" data-testid="unsent-warning">
                <p><strong>{unsent.get()} " " {tr_in(texts, |t| t.unsent)}</strong></p>
                <p>{tr_in(texts, |t| t.unsent_kept)}</p>
            </section>
        })}
        {move || (drafts.get() > 0).then(|| view! {
            <section class="card card-alert" data-testid="drafts-warning">
                <p><strong>{drafts.get()} " " {tr_in(texts, |t| t.drafts)}</strong></p>
            </section>
        })}
        <p>{tr_in(texts, |t| t.confirm)}</p>
        <button type="button" class="button" data-testid="confirm-sign-out" on:click=sign_out
            disabled=move || leaving.get()>
            {tr(|t| t.sign_out)}
        </button>
        <button type="button" class="button button-light" on:click=back>{tr_in(texts, |t| t.stay)}</button>
    }
}
