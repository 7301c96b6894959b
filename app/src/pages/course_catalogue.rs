//! `/belajar`: the courses meant for the signed-in person, kept on the phone for offline use,
//! each with its size before anything is downloaded.

use std::collections::HashMap;

use kopdes_domain::course::CourseSummary;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::ApiFailure;
use crate::components::KeptNotice;
use crate::device::use_store;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::learning::{self, Held};
use crate::pages::course_download::{Cover, DownloadControls};
use crate::pages::learning_texts::{level, shown, texts, topic};

/// The switch for data-saver mode, remembered on the phone.
#[component]
pub fn DataSaverSwitch(saver: RwSignal<bool>) -> impl IntoView {
    let store = use_store();
    view! {
        <label class="choice-option data-saver">
            <input type="checkbox" data-testid="data-saver" prop:checked=move || saver.get()
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    saver.set(on);
                    let store = store.clone();
                    spawn_local(async move { learning::set_data_saver(store.as_ref(), on).await });
                }/>
            <span>
                <strong>{tr_in(texts, |t| t.data_saver)}</strong>
                <br/>
                <span class="hint">{tr_in(texts, |t| t.data_saver_hint)}</span>
            </span>
        </label>
    }
}

#[component]
pub fn CourseCataloguePage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let store = use_store();
    let is_admin = crate::session::use_session()
        .me
        .with_untracked(|me| me.as_ref().is_some_and(|m| m.is_admin()));
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<CourseSummary>>, ApiFailure>>);
    let held = RwSignal::new(HashMap::<String, RwSignal<Held>>::new());
    let saver = RwSignal::new(false);
    let known = RwSignal::new(false);
    {
        let store = store.clone();
        spawn_local(async move {
            saver.set(learning::data_saver(store.as_ref()).await);
            known.set(true);
            let on_phone = match &store {
                Some(store) => learning::held(store).await,
                None => HashMap::new(),
            };
            held.set(
                on_phone
                    .into_iter()
                    .map(|(id, h)| (id, RwSignal::new(h)))
                    .collect(),
            );
            loaded.set(Some(reader.get::<Vec<CourseSummary>>("/api/courses").await));
        });
    }
    learning::on_progress(move |course, report| {
        let known = held.with_untracked(|h| h.get(&course).copied());
        match known {
            Some(signal) => {
                let _ = signal.try_update(|h| {
                    let manifest = h.manifest.take();
                    *h = report;
                    h.manifest = manifest;
                });
            }
            None => {
                let _ = held.try_update(|h| {
                    h.insert(course, RwSignal::new(report));
                });
            }
        }
    });
    let held_of = move |id: &str| {
        held.with_untracked(|h| h.get(id).copied())
            .unwrap_or_else(|| {
                let signal = RwSignal::new(Held::none());
                held.update_untracked(|h| {
                    h.insert(id.to_owned(), signal);
                });
                signal
            })
    };

    let card = move |course: CourseSummary| {
        let signal = held_of(&course.id);
        let href = format!("/belajar/{}", course.id);
        let (title, summary) = (course.title.clone(), course.summary.clone());
        let on_phone = signal.with_untracked(|h| h.manifest.is_some());
        view! {
            <li class="card course" data-testid="course">
                {move || known.get().then(|| view! { <Cover cover=course.cover.clone() saver={saver.get() && !on_phone}/> })}
                <h2><A href=href.clone() attr:data-testid="course-title">{move || shown(&title, i18n.lang.get())}</A></h2>
                <p>{move || shown(&summary, i18n.lang.get())}</p>
                <p class="hint" data-testid="course-meta">{move || {
                    let lang = i18n.lang.get();
                    let t = texts(lang);
                    let mut meta = format!(
                        "{} · {} · {} {} · {} {}",
                        topic(t, course.topic), level(t, course.level), course.minutes, t.minutes,
                        course.lesson_count, t.lessons
                    );
                    if course.has_english && lang == kopdes_domain::Lang::Id {
                        meta.push_str(" · ");
                        meta.push_str(t.english_too);
                    }
                    meta
                }}</p>
                <DownloadControls course=course.id.clone() held=signal size=course.download_bytes/>
            </li>
        }
    };
    let card = StoredValue::new(card);

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        <DataSaverSwitch saver/>
        <p><A href="/belajar/acara" attr:data-testid="events-link">{tr_in(texts, |t| t.events_link)}</A></p>
        <p><A href="/belajar/penyimpanan" attr:data-testid="storage-link">{tr_in(texts, |t| t.storage_link)}</A></p>
        {is_admin.then(|| view! {
            <p><A href="/koperasi/pelatihan" attr:data-testid="write-courses">{tr_in(texts, |t| t.write)}</A></p>
        })}
        {move || match loaded.get() {
            None => view! { <p class="status" role="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Ok(Loaded { value, kept_at })) if value.is_empty() => view! {
                <KeptNotice kept_at/>
                <p data-testid="courses-none">{tr_in(texts, |t| t.none)}</p>
            }
            .into_any(),
            Some(Ok(Loaded { value, kept_at })) => view! {
                <KeptNotice kept_at/>
                <ul class="list courses" data-testid="courses">
                    {value.into_iter().map(|c| card.with_value(|card| card(c))).collect_view()}
                </ul>
            }
            .into_any(),
        }}
        {move || {
            let total: u64 = held.with(|h| h.values().map(|s| s.with(|h| h.done)).sum());
            (total > 0).then(|| view! {
                <p class="hint" data-testid="held-total">{tr_in(texts, |t| t.held)} ": " {format::bytes(total, i18n.lang.get())}</p>
            })
        }}
    }
}
