//! Everything under `/belajar` (training): one chunk, fetched the first time one of its pages
//! opens (see [`crate::pages::cooperative_area`] for why areas dispatch their own pages).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::i18n::tr_in;
use crate::pages::NotFoundPage;
use crate::pages::certificate::CertificatePage;
use crate::pages::course::CoursePage;
use crate::pages::course_catalogue::CourseCataloguePage;
use crate::pages::course_learners::CourseLearnersPage;
use crate::pages::course_storage::CourseStoragePage;
use crate::pages::events::{EventPage, EventsPage};
use crate::pages::learning_texts::texts;
use crate::pages::lesson::LessonPage;
use crate::pages::quiz::QuizPage;
use crate::session::use_account;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Page {
    Catalogue,
    Storage,
    Events,
    Event(String),
    Course(String),
    Lesson(String, String),
    Quiz(String),
    Certificate(String),
    Learners(String),
    NotFound,
}

impl Page {
    fn of(path: &str) -> Page {
        let rest = path.strip_prefix("/belajar").unwrap_or(path);
        let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Page::Catalogue,
            ["penyimpanan"] => Page::Storage,
            ["acara"] => Page::Events,
            ["acara", id] => Page::Event(id.to_string()),
            [id] => Page::Course(id.to_string()),
            [id, "pelajaran", lesson] => Page::Lesson(id.to_string(), lesson.to_string()),
            [id, "kuis"] => Page::Quiz(id.to_string()),
            [id, "sertifikat"] => Page::Certificate(id.to_string()),
            [id, "peserta"] => Page::Learners(id.to_string()),
            _ => Page::NotFound,
        }
    }
}

#[component]
fn LearningArea() -> impl IntoView {
    let location = use_location();
    let page = Memo::new(move |_| Page::of(&location.pathname.get()));
    let account = use_account();
    move || {
        match (account.get(), page.get()) {
        (None, _) => ().into_any(),
        (Some(None), _) => view! {
            <h1>{tr_in(texts, |t| t.title)}</h1>
            <p data-testid="learning-sign-in">{tr_in(texts, |t| t.sign_in)} " " <A href="/masuk">"Masuk / Sign in"</A></p>
        }
        .into_any(),
        (Some(Some(_)), page) => match page {
            Page::Catalogue => view! { <CourseCataloguePage/> }.into_any(),
            Page::Storage => view! { <CourseStoragePage/> }.into_any(),
            Page::Events => view! { <EventsPage/> }.into_any(),
            Page::Event(id) => view! { <EventPage id/> }.into_any(),
            Page::Course(id) => view! { <CoursePage id/> }.into_any(),
            Page::Lesson(course, lesson) => view! { <LessonPage course lesson/> }.into_any(),
            Page::Quiz(course) => view! { <QuizPage course/> }.into_any(),
            Page::Certificate(course) => view! { <CertificatePage course/> }.into_any(),
            Page::Learners(course) => view! { <CourseLearnersPage course/> }.into_any(),
            Page::NotFound => view! { <NotFoundPage/> }.into_any(),
        },
    }
    }
}

#[derive(Clone, Copy)]
pub struct LearningAreaRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for LearningAreaRoute {
    fn data() -> Self {
        LearningAreaRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <LearningArea/> }.into_any()
    }
}
