//! `/belajar/penyimpanan`: what the downloaded courses take on the phone, what the browser
//! allows, and a way to free space course by course.

use std::collections::HashMap;

use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::device::use_store;
use crate::i18n::{tr_in, use_i18n};
use crate::learning::{self, Held};
use crate::pages::course_catalogue::DataSaverSwitch;
use crate::pages::learning_texts::{shown, texts};

/// The origin's use and quota, as the browser estimates them.
async fn estimate() -> Option<(u64, u64)> {
    let storage = web_sys::window()?.navigator().storage();
    let promise = storage.estimate().ok()?;
    let answer = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let number = |name: &str| {
        js_sys::Reflect::get(&answer, &wasm_bindgen::JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_f64())
            .map(|v| v as u64)
    };
    Some((number("usage")?, number("quota")?))
}

#[component]
pub fn CourseStoragePage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let held = RwSignal::new(None::<HashMap<String, Held>>);
    let usage = RwSignal::new(None::<(u64, u64)>);
    let saver = RwSignal::new(false);
    let load = {
        let store = store.clone();
        move || {
            let store = store.clone();
            spawn_local(async move {
                saver.set(learning::data_saver(store.as_ref()).await);
                let on_phone = match &store {
                    Some(store) => learning::held(store).await,
                    None => HashMap::new(),
                };
                let _ = held.try_set(Some(on_phone));
                let _ = usage.try_set(estimate().await);
            });
        }
    };
    load();
    {
        let load = load.clone();
        learning::on_progress(move |_, report| {
            if report.status == learning::Status::None {
                load();
            }
        });
    }
    let list = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let Some(all) = held.get() else {
            return view! { <p class="status">{t.loading}</p> }.into_any();
        };
        if all.is_empty() {
            return view! { <p data-testid="storage-none">{t.storage_none}</p> }.into_any();
        }
        let mut rows: Vec<(String, Held)> = all.into_iter().collect();
        rows.sort_by_key(|row| std::cmp::Reverse(row.1.done));
        view! {
            <ul class="list" data-testid="stored-courses">
                {rows.into_iter().map(|(id, h)| {
                    let title = h.manifest().map(|m| shown(&m.summary.title, lang)).unwrap_or_else(|| id.clone());
                    let delete = { let id = id.clone(); move |_| learning::tell(&id, "delete") };
                    view! {
                        <li class="card" data-testid="stored-course">
                            <A href=format!("/belajar/{id}")>{title}</A>
                            <p data-testid="stored-bytes">{format::bytes(h.done, lang)}</p>
                            <button type="button" class="button button-light" data-testid="delete" on:click=delete>{t.delete}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <p><A href="/belajar">{tr_in(texts, |t| t.title)}</A></p>
        <h1>{tr_in(texts, |t| t.storage_title)}</h1>
        <p>{tr_in(texts, |t| t.storage_intro)}</p>
        <DataSaverSwitch saver/>
        {move || usage.get().map(|(used, quota)| view! {
            <p data-testid="storage-usage">{tr_in(texts, |t| t.storage_used)} ": "
                {move || format!("{} / {}", format::bytes(used, i18n.lang.get()), format::bytes(quota, i18n.lang.get()))}</p>
        })}
        {list}
    }
}
