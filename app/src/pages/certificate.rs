//! `/belajar/{id}/sertifikat`: a printable certificate once every lesson is read and an attempt
//! passed. Made on the phone from the server's record (its date and best score); while results
//! still wait in the outbox it says so, since the server's count is the one that holds.

use kopdes_domain::format;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{tr_in, use_i18n};
use crate::pages::course_state::use_course;
use crate::pages::learning_texts::{shown, texts};
use crate::session::use_session;

#[component]
pub fn CertificatePage(course: String) -> impl IntoView {
    let i18n = use_i18n();
    let (state, _) = use_course(course.clone(), Signal::derive(|| 0));
    let me = use_session().me.get_untracked();
    let name = me.as_ref().map(|m| m.name.clone()).unwrap_or_default();
    let account = me.map(|m| m.id).unwrap_or_default();
    let print = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    let page = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let Some(Ok(s)) = state.get() else {
            return view! { <p class="status" role="status">{t.loading}</p> }.into_any();
        };
        if !s.mine.completed(&s.manifest) {
            return view! { <p data-testid="certificate-not-yet">{t.cert_not_yet}</p> }.into_any();
        }
        let when = s
            .mine
            .server
            .completed_at
            .unwrap_or_else(|| (js_sys::Date::now() / 1000.0) as i64);
        let percent = s
            .mine
            .server
            .best
            .map(|b| b.percent)
            .or_else(|| {
                s.mine
                    .waiting_attempts
                    .iter()
                    .map(|a| s.manifest.quiz.score(&a.answers).percent)
                    .max()
            })
            .unwrap_or(0);
        // Stable for one person and course: the course's and the account's first characters.
        let number = format!(
            "KOPDES-{}-{}",
            s.manifest
                .summary
                .id
                .chars()
                .rev()
                .take(6)
                .collect::<String>()
                .to_uppercase(),
            account
                .chars()
                .rev()
                .take(6)
                .collect::<String>()
                .to_uppercase()
        );
        view! {
            {(!s.mine.all_sent()).then(|| view! { <p class="kept-notice" data-testid="certificate-pending">{t.cert_pending}</p> })}
            <article class="certificate" data-testid="certificate">
                <p class="certificate-issuer">{t.cert_issuer}</p>
                <h1>{t.cert_heading}</h1>
                <p>{t.cert_given_to}</p>
                <p class="certificate-name" data-testid="certificate-name">{name.clone()}</p>
                <p>{t.cert_for}</p>
                <p class="certificate-course" data-testid="certificate-course">{shown(&s.manifest.summary.title, lang)}</p>
                <p>{format::moment_wib(when * 1000, lang)}</p>
                <p>{t.cert_score} ": " <span data-testid="certificate-score">{percent} "%"</span></p>
                <p class="hint">{t.cert_number} ": " {number}</p>
            </article>
            <button type="button" class="button no-print" data-testid="print" on:click=print>{t.print}</button>
        }
        .into_any()
    };
    view! {
        <p class="no-print"><A href=format!("/belajar/{course}")>{tr_in(texts, |t| t.back_to_course)}</A></p>
        {page}
    }
}
