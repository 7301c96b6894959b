//! `/belajar/{id}/pelajaran/{lesson}`: one lesson, from the phone when the course is
//! downloaded. "Done" records it read (through the outbox) and goes on to the next lesson, or
//! to the quiz after the last.

use kopdes_domain::course::LessonDone;
use kopdes_domain::sync::Change;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::device::use_store;
use crate::i18n::{tr_in, use_i18n};
use crate::learning;
use crate::pages::course_state::use_course;
use crate::pages::learning_texts::{shown, texts};
use crate::session::account_id;

#[component]
pub fn LessonPage(course: String, lesson: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let account = account_id();
    let navigate = use_navigate();
    let (state, _) = use_course(course.clone(), Signal::derive(|| 0));
    let body = RwSignal::new(None::<Option<kopdes_domain::course::LessonBody>>);
    let saver = RwSignal::new(true);
    {
        let (store, lesson) = (store.clone(), lesson.clone());
        Effect::new(move |_| {
            let Some(Ok(s)) = state.get() else { return };
            let Some(found) = s.manifest.lessons.iter().find(|l| l.id == lesson).cloned() else {
                body.set(Some(None));
                return;
            };
            let store = store.clone();
            spawn_local(async move {
                // A downloaded course holds its pictures too: no reason to hold them back.
                let on = !s.on_phone && learning::data_saver(store.as_ref()).await;
                let _ = saver.try_set(on);
                let _ = body.try_set(Some(learning::lesson(store.as_ref(), &found.hash).await));
            });
        });
    }

    let done = {
        let (store, account, course, lesson) = (
            store.clone(),
            account.clone(),
            course.clone(),
            lesson.clone(),
        );
        move |_| {
            let Some(Ok(s)) = state.get_untracked() else {
                return;
            };
            let lessons = &s.manifest.lessons;
            let at = lessons.iter().position(|l| l.id == lesson).unwrap_or(0);
            let next = match lessons.get(at + 1) {
                Some(next) => format!("/belajar/{course}/pelajaran/{}", next.id),
                None => format!("/belajar/{course}/kuis"),
            };
            let already = s.mine.has_read(&lesson);
            let (store, account, course, lesson, navigate) = (
                store.clone(),
                account.clone(),
                course.clone(),
                lesson.clone(),
                navigate.clone(),
            );
            spawn_local(async move {
                if !already {
                    let change = Change::LessonDone(LessonDone {
                        course_id: course,
                        lesson_id: lesson,
                    });
                    learning::queue(store.as_ref(), &account, change).await;
                }
                navigate(&next, Default::default());
            });
        }
    };

    let content = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        match body.get() {
            None => view! { <p class="status" role="status">{t.loading}</p> }.into_any(),
            Some(None) => view! { <p class="form-error" role="alert" data-testid="lesson-missing">{t.lesson_missing}</p> }.into_any(),
            Some(Some(b)) => {
                let html = shown(&b.html, lang);
                let html = if saver.get() { learning::pictures_on_tap(&html, t.picture, lang) } else { html };
                view! {
                    <h1 data-testid="lesson-title">{shown(&b.title, lang)}</h1>
                    <article class="lesson-body" data-testid="lesson-body" inner_html=html
                        on:click=move |ev| {
                            if let Some(target) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok()) {
                                learning::show_picture(&target);
                            }
                        }></article>
                }
                .into_any()
            }
        }
    };
    let last = {
        let lesson = lesson.clone();
        move || {
            state.with(|s| match s {
                Some(Ok(s)) => s.manifest.lessons.last().is_some_and(|l| l.id == lesson),
                _ => false,
            })
        }
    };
    let previous = {
        let (course, lesson) = (course.clone(), lesson.clone());
        move || {
            state.with(|s| {
                let Some(Ok(s)) = s else { return None };
                let at = s.manifest.lessons.iter().position(|l| l.id == lesson)?;
                let before = s.manifest.lessons.get(at.checked_sub(1)?)?;
                Some(view! {
                    <A href=format!("/belajar/{course}/pelajaran/{}", before.id) attr:class="button button-light" attr:data-testid="previous">
                        {tr_in(texts, |t| t.previous)}
                    </A>
                })
            })
        }
    };
    view! {
        <p><A href=format!("/belajar/{course}") attr:data-testid="back-to-course">{tr_in(texts, |t| t.back_to_course)}</A></p>
        {content}
        <div class="actions">
            {previous}
            <button type="button" class="button" data-testid="lesson-done" on:click=done>
                {move || { let t = texts(i18n.lang.get()); if last() { t.done_quiz } else { t.done_next } }}
            </button>
        </div>
    }
}
