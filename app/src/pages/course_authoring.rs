//! `/koperasi/pelatihan`: the courses a dinas or ministry admin may write, and a new one.

use kopdes_domain::Lang;
use kopdes_domain::course::{AuthoredCourse, CourseDraft, LessonDraft, Question, Quiz};
use kopdes_domain::form::Text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiFailure};
use crate::components::KeptNotice;
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};

struct Texts {
    title: &'static str,
    intro: &'static str,
    new: &'static str,
    loading: &'static str,
    failed: &'static str,
    none: &'static str,
    draft: &'static str,
    published: &'static str,
    untitled: &'static str,
}

const ID: Texts = Texts {
    title: "Tulis pelatihan",
    intro: "Pelatihan yang Anda tulis untuk wilayah Anda. Perubahan sampai ke peserta setelah diterbitkan, sebagai versi baru yang hanya mengunduh bagian yang berubah.",
    new: "Buat pelatihan baru",
    loading: "Memuat…",
    failed: "Daftar pelatihan belum bisa dimuat.",
    none: "Belum ada pelatihan yang Anda tulis.",
    draft: "Draf, belum terbit",
    published: "Terbit, versi",
    untitled: "(tanpa judul)",
};

const EN: Texts = Texts {
    title: "Write training",
    intro: "The courses you write for your region. Changes reach learners once published, as a new version that downloads only what changed.",
    new: "New course",
    loading: "Loading…",
    failed: "The courses could not be loaded.",
    none: "You have not written a course yet.",
    draft: "Draft, not published",
    published: "Published, version",
    untitled: "(untitled)",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// What a new course starts from: one empty lesson and one empty question to fill in.
pub fn blank_course() -> CourseDraft {
    let id = crate::outbox::new_id;
    CourseDraft {
        minutes: 15,
        lessons: vec![LessonDraft {
            id: id(),
            ..LessonDraft::default()
        }],
        quiz: Quiz {
            pass_percent: 70,
            questions: vec![Question {
                id: id(),
                options: vec![Text::default(), Text::default()],
                correct: vec![0],
                ..Question::default()
            }],
        },
        ..CourseDraft::default()
    }
}

#[component]
pub fn CourseAuthoringPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let form = FormState::new(i18n);
    let navigate = use_navigate();
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<AuthoredCourse>>, ApiFailure>>);
    spawn_local(async move { loaded.set(Some(reader.get("/api/courses/authoring").await)) });
    let create = move |_| {
        if !form.begin() {
            return;
        }
        form.sending();
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::create_course(&blank_course()).await {
                Ok(course) => {
                    form.done();
                    navigate(
                        &format!("/koperasi/pelatihan/{}", course.id),
                        Default::default(),
                    );
                }
                Err(failure) => form.failed(failure),
            }
        });
    };
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        <button type="button" class="button" data-testid="new-course" on:click=create disabled=move || form.pending.get()>
            {tr_in(texts, |t| t.new)}
        </button>
        {move || form.message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        {move || {
            let lang = i18n.lang.get();
            let t = texts(lang);
            match loaded.get() {
                None => view! { <p class="status">{t.loading}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="form-error" role="alert">{t.failed}</p> }.into_any(),
                Some(Ok(Loaded { value, .. })) if value.is_empty() => view! { <p>{t.none}</p> }.into_any(),
                Some(Ok(Loaded { value, kept_at })) => view! {
                    <KeptNotice kept_at/>
                    <ul class="list" data-testid="authored-courses">
                        {value.into_iter().map(|c| {
                            let title = if c.draft.title.id.trim().is_empty() { t.untitled.to_owned() } else { c.draft.title.id.clone() };
                            let state = match c.published_version {
                                Some(v) => format!("{} {v}", t.published),
                                None => t.draft.to_owned(),
                            };
                            view! {
                                <li class="card" data-testid="authored-course">
                                    <A href=format!("/koperasi/pelatihan/{}", c.id)>{title}</A>
                                    <p class="hint">{state}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }
        }}
    }
}
