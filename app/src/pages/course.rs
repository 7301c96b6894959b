//! `/belajar/{id}`: one course: its lessons with what is read, the download for offline use
//! (and, when a new version is published, the download of only what changed), the quiz and,
//! once completed, the certificate.

use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::components::KeptNotice;
use crate::device::use_store;
use crate::i18n::{tr_in, use_i18n};
use crate::learning::{self, Status};
use crate::pages::course_download::{Cover, DownloadControls};
use crate::pages::course_state::use_course;
use crate::pages::learning_texts::{level, shown, texts, topic};
use crate::session::use_session;

#[component]
pub fn CoursePage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let (state, held) = use_course(id.clone(), reload.into());
    // A download that completes switches the page to the phone's copy.
    Effect::new(move |before: Option<Status>| {
        let now = held.with(|h| h.status);
        if before.is_some_and(|b| b != Status::Ready) && now == Status::Ready {
            reload.update(|n| *n += 1);
        }
        now
    });
    let is_admin = use_session()
        .me
        .with_untracked(|me| me.as_ref().is_some_and(|m| m.is_admin()));
    let store = use_store();
    let saver = RwSignal::new(None::<bool>);
    spawn_local(async move { saver.set(Some(learning::data_saver(store.as_ref()).await)) });
    // What the newest version costs when the phone holds an older one.
    let update = RwSignal::new(None::<(u32, u64)>);
    {
        let id = id.clone();
        Effect::new(move |_| {
            let Some(Ok(s)) = state.get() else { return };
            if s.on_phone && s.newest.is_some_and(|n| n > s.manifest.summary.version) {
                let id = id.clone();
                spawn_local(async move {
                    let _ = update.try_set(learning::plan(&id).await);
                });
            }
        });
    }

    let page = move || {
        let s = match state.get() {
            None => return view! { <p class="status" role="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => return view! {
                <p class="form-error" role="alert" data-testid="course-failed">{tr_in(texts, |t| t.not_held_offline)}</p>
            }
            .into_any(),
            Some(Ok(s)) => s,
        };
        let lang = i18n.lang.get();
        let t = texts(lang);
        let summary = s.manifest.summary.clone();
        let course_id = summary.id.clone();
        let completed = s.mine.completed(&s.manifest);
        let lessons = s
            .manifest
            .lessons
            .iter()
            .enumerate()
            .map(|(n, lesson)| {
                let read = s.mine.has_read(&lesson.id);
                view! {
                    <li data-testid="lesson" data-read=read.to_string()>
                        <A href=format!("/belajar/{}/pelajaran/{}", course_id, lesson.id)>
                            {format!("{}. {}", n + 1, shown(&lesson.title, lang))}
                        </A>
                        {read.then(|| view! { " " <span class="badge badge-ok">{t.read}</span> })}
                    </li>
                }
            })
            .collect_view();
        let quiz = &s.manifest.quiz;
        let update_id = summary.id.clone();
        let best = s.mine.server.best;
        let waiting = !s.mine.all_sent();
        view! {
            <KeptNotice kept_at=s.kept_at/>
            {move || saver.get().map(|on| view! { <Cover cover=summary.cover.clone() saver={on && !s.on_phone}/> })}
            <h1 data-testid="course-name">{shown(&summary.title, lang)}</h1>
            <p>{shown(&summary.summary, lang)}</p>
            <p class="hint">{format!(
                "{} · {} · {} {} · {} {}",
                topic(t, summary.topic), level(t, summary.level), summary.minutes, t.minutes,
                summary.lesson_count, t.lessons
            )}</p>
            <section class="card" data-testid="download-card">
                {move || update.get().map(|(version, bytes)| view! {
                    <p data-testid="update">{tr_in(texts, |t| t.update_hint)} " (v" {version} ")"</p>
                    <button type="button" class="button" data-testid="download-update"
                        on:click={let id = update_id.clone(); move |_| { update.set(None); learning::tell(&id, "download"); }}>
                        {tr_in(texts, |t| t.update)} " · " {move || format::bytes(bytes, i18n.lang.get())}
                    </button>
                })}
                <DownloadControls course=summary.id.clone() held size=summary.download_bytes/>
            </section>
            <ol class="list lessons" data-testid="lessons">{lessons}</ol>
            <section class="card" data-testid="quiz-card">
                <h2>{t.quiz}</h2>
                <p class="hint">{format!("{} {} {}%", quiz.questions.len(), t.quiz_meta, quiz.pass_percent)}</p>
                {best.map(|b| view! { <p data-testid="best">{t.best} ": " {b.percent} "%"</p> })}
                <A href=format!("/belajar/{}/kuis", summary.id) attr:class="button" attr:data-testid="start-quiz">{t.start_quiz}</A>
            </section>
            {completed.then(|| view! {
                <section class="card" data-testid="completed">
                    <p><strong>{t.completed}</strong></p>
                    {waiting.then(|| view! { <p class="hint" data-testid="waiting">{t.waiting_to_send}</p> })}
                    <A href=format!("/belajar/{}/sertifikat", summary.id) attr:class="button" attr:data-testid="certificate-link">{t.certificate}</A>
                </section>
            })}
            {is_admin.then(|| view! {
                <p><A href=format!("/belajar/{}/peserta", summary.id) attr:data-testid="learners-link">{t.learners_link}</A></p>
            })}
        }
        .into_any()
    };
    view! {
        <p><A href="/belajar">{tr_in(texts, |t| t.title)}</A></p>
        {page}
    }
}
