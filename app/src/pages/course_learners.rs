//! `/belajar/{id}/peserta`: for dinas and ministry admins, the course's learners in their
//! region and how far each has come, as the server counted it.

use kopdes_domain::course::Learner;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::ApiFailure;
use crate::components::KeptNotice;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::pages::learning_texts::texts;

#[component]
pub fn CourseLearnersPage(course: String) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<Learner>>, ApiFailure>>);
    {
        let path = format!("/api/courses/{course}/learners");
        spawn_local(async move { loaded.set(Some(reader.get(&path).await)) });
    }
    let table = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        match loaded.get() {
            None => view! { <p class="status">{t.loading}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{t.failed}</p> }.into_any(),
            Some(Ok(Loaded { value, .. })) if value.is_empty() => view! { <p data-testid="learners-none">{t.learners_none}</p> }.into_any(),
            // A list, not a table: six columns do not fit a phone.
            Some(Ok(Loaded { value, kept_at })) => view! {
                <KeptNotice kept_at/>
                <ul class="list" data-testid="learners">
                    {value.into_iter().map(|l| view! {
                        <li class="card" data-testid="learner">
                            <strong>{l.name}</strong>
                            <br/>
                            <span class="hint">{l.cooperative}</span>
                            <dl class="facts">
                                <dt>{t.col_lessons}</dt><dd>{format!("{}/{}", l.lessons_done, l.lessons)}</dd>
                                <dt>{t.col_attempts}</dt><dd data-testid="learner-attempts">{l.attempts}</dd>
                                <dt>{t.col_best}</dt><dd>{l.best_percent.map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())}</dd>
                                <dt>{t.col_completed}</dt>
                                <dd data-testid="learner-completed">{l.completed_at.map(|at| format::moment_wib(at * 1000, lang)).unwrap_or_else(|| "—".into())}</dd>
                            </dl>
                        </li>
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }
    };
    view! {
        <p><A href=format!("/belajar/{course}")>{tr_in(texts, |t| t.back_to_course)}</A></p>
        <h1>{tr_in(texts, |t| t.learners_title)}</h1>
        {table}
    }
}
