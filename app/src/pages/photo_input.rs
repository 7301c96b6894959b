//! A form's photo field: take or choose a picture, see it shrunk and kept on the phone, replace
//! or remove it. The answer is the photo's name (`sha256:<hex>`); the picture itself travels
//! separately, before the answer (see [`crate::photos`]).

use kopdes_domain::Lang;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use crate::i18n::{tr_in, use_i18n};
use crate::photos::{self, PhotoError};

struct Texts {
    take: &'static str,
    replace: &'static str,
    remove: &'static str,
    working: &'static str,
    shrunk: &'static str,
    unreadable: &'static str,
    no_worker: &'static str,
    not_saved: &'static str,
    preview_only: &'static str,
}

const ID: Texts = Texts {
    take: "Ambil atau pilih foto",
    replace: "Ganti foto",
    remove: "Hapus foto",
    working: "Memperkecil foto…",
    shrunk: "Foto diperkecil dari {from} menjadi {to} dan disimpan di ponsel. Dikirim bersama formulir.",
    unreadable: "Berkas ini bukan foto yang bisa dibuka. Pilih foto lain.",
    no_worker: "Foto belum bisa disimpan. Buka aplikasi sekali lagi saat ada sinyal, lalu coba lagi.",
    not_saved: "Foto tidak tersimpan: penyimpanan ponsel penuh atau gagal.",
    preview_only: "Di pratinjau ini foto tidak disimpan.",
};

const EN: Texts = Texts {
    take: "Take or choose a photo",
    replace: "Replace the photo",
    remove: "Remove the photo",
    working: "Making the photo smaller…",
    shrunk: "Photo made smaller from {from} to {to} and kept on this phone. It is sent with the form.",
    unreadable: "This file is not a photo that can be opened. Choose another one.",
    no_worker: "The photo cannot be kept yet. Open the app once more with a signal, then try again.",
    not_saved: "The photo was not saved: the phone's storage is full or failed.",
    preview_only: "Photos are not kept in this preview.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Idle,
    Working,
    Shrunk { from: u64, to: u64 },
    Failed(PhotoError),
}

#[component]
pub fn PhotoInput(
    name: String,
    label: Signal<String>,
    /// The answer: the photo's name, or empty.
    current: Signal<String>,
    set: Callback<String>,
    invalid: Signal<bool>,
    /// Whose photo it is; `None` in the publish page's preview, which keeps nothing.
    cooperative_id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(State::Idle);
    let account = crate::session::account_id();
    let testid = format!("input-{name}");
    let (preview_id, remove_id, note_id) = (
        format!("photo-{name}"),
        format!("remove-{name}"),
        format!("photo-note-{name}"),
    );
    let keeps = cooperative_id.is_some();
    let chosen = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlElement>(&ev);
        let file = js_sys::Reflect::get(&input, &JsValue::from_str("files"))
            .and_then(|files| js_sys::Reflect::get(&files, &JsValue::from_f64(0.0)))
            .ok()
            .filter(|f| !f.is_undefined() && !f.is_null());
        // Cleared, so choosing the same picture again still counts as a choice.
        let _ = js_sys::Reflect::set(&input, &JsValue::from_str("value"), &JsValue::from_str(""));
        let (Some(file), Some(cooperative)) = (file, cooperative_id.clone()) else {
            return;
        };
        state.set(State::Working);
        let account = account.clone();
        spawn_local(async move {
            match photos::keep(file, &account, &cooperative).await {
                Ok(kept) => {
                    state.set(State::Shrunk {
                        from: kept.original,
                        to: kept.size,
                    });
                    set.run(kept.reference);
                }
                Err(error) => state.set(State::Failed(error)),
            }
        });
    };
    let preview = move || {
        let src = photos::url(&current.get())?;
        Some(view! {
            <img class="photo-preview" src=src alt=move || label.get() data-testid=preview_id.clone()/>
        })
    };
    let note = move || {
        let t = texts(i18n.lang.get());
        let lang = i18n.lang.get();
        match state.get() {
            State::Idle if !keeps => Some((t.preview_only.to_owned(), false)),
            State::Idle => None,
            State::Working => Some((t.working.to_owned(), false)),
            State::Shrunk { from, to } => Some((
                t.shrunk
                    .replace("{from}", &format::bytes(from, lang))
                    .replace("{to}", &format::bytes(to, lang)),
                false,
            )),
            State::Failed(error) => Some((
                match error {
                    PhotoError::Unreadable => t.unreadable,
                    PhotoError::NoWorker => t.no_worker,
                    PhotoError::Quota | PhotoError::NotSaved => t.not_saved,
                }
                .to_owned(),
                true,
            )),
        }
    };
    view! {
        <div class="photo-field">
            {preview}
            <label class="button button-light photo-pick">
                {move || if current.get().is_empty() { tr_in(texts, |t| t.take).get() } else { tr_in(texts, |t| t.replace).get() }}
                <input type="file" accept="image/*" capture="environment" class="photo-file"
                    data-testid=testid aria-invalid=move || invalid.get().to_string()
                    disabled=!keeps on:change=chosen/>
            </label>
            {move || (!current.get().is_empty()).then(|| view! {
                <button type="button" class="link-button" data-testid=remove_id.clone()
                    on:click=move |_| { state.set(State::Idle); set.run(String::new()); }>
                    {tr_in(texts, |t| t.remove)}
                </button>
            })}
            {move || note().map(|(text, bad)| view! {
                <p class:field-hint=!bad class:field-error=bad role="status" data-testid=note_id.clone()>{text}</p>
            })}
        </div>
    }
}
