//! `/belajar/{id}/kuis`: the course's quiz, offline too. Each answer is checked at once and
//! explained; at the end the attempt goes into the outbox, and the server scores it again and
//! keeps the result that counts.

use kopdes_domain::course::{QuizAnswer, QuizAttempt, Score};
use kopdes_domain::sync::Change;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::device::use_store;
use crate::i18n::{tr_in, use_i18n};
use crate::learning;
use crate::pages::course_state::use_course;
use crate::pages::learning_texts::{shown, texts};
use crate::session::account_id;

#[component]
pub fn QuizPage(course: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let account = account_id();
    let (state, _) = use_course(course.clone(), Signal::derive(|| 0));
    let at = RwSignal::new(0usize);
    let chosen = RwSignal::new(Vec::<u8>::new());
    let checked = RwSignal::new(false);
    let answers = RwSignal::new(Vec::<QuizAnswer>::new());
    let result = RwSignal::new(None::<(Score, bool)>);

    let finish = {
        let (store, account) = (store.clone(), account.clone());
        move || {
            let Some(Ok(s)) = state.get_untracked() else {
                return;
            };
            let given = answers.get_untracked();
            let score = s.manifest.quiz.score(&given);
            let attempt = QuizAttempt {
                course_id: s.manifest.summary.id.clone(),
                version: s.manifest.summary.version,
                answers: given,
            };
            let (store, account) = (store.clone(), account.clone());
            spawn_local(async move {
                let stored =
                    learning::queue(store.as_ref(), &account, Change::QuizAttempt(attempt)).await;
                result.set(Some((score, stored)));
            });
        }
    };
    let finish = StoredValue::new(finish);
    let again = move |_| {
        at.set(0);
        chosen.set(Vec::new());
        checked.set(false);
        answers.set(Vec::new());
        result.set(None);
    };

    let question = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let Some(Ok(s)) = state.get() else {
            return view! { <p class="status" role="status">{t.loading}</p> }.into_any();
        };
        if let Some((score, stored)) = result.get() {
            return view! {
                <section class="card" data-testid="quiz-result" data-passed=score.passed.to_string()>
                    <h2>{t.result}</h2>
                    <p class="score" data-testid="score">{score.percent} "% · " {score.correct} "/" {score.total}</p>
                    <p><strong>{if score.passed { t.passed } else { t.not_passed }}</strong></p>
                    <p class="hint" data-testid="attempt-saved">{if stored { t.attempt_saved } else { t.attempt_failed }}</p>
                    <div class="actions">
                        <button type="button" class="button button-light" data-testid="again" on:click=again>{t.again}</button>
                        <A href=format!("/belajar/{}", s.manifest.summary.id) attr:class="button">{t.back_to_course}</A>
                    </div>
                </section>
            }
            .into_any();
        }
        let questions = &s.manifest.quiz.questions;
        let n = at.get();
        let Some(q) = questions.get(n).cloned() else {
            return ().into_any();
        };
        let total = questions.len();
        let multiple = q.multiple;
        let options = q
            .options
            .iter()
            .enumerate()
            .map(|(i, option)| {
                let i = i as u8;
                let is_chosen = move || chosen.with(|c| c.contains(&i));
                let right = q.correct.contains(&i);
                view! {
                    <label class="choice-option" class:option-right=move || checked.get() && right
                        class:option-wrong=move || checked.get() && !right && is_chosen()>
                        <input type=if multiple { "checkbox" } else { "radio" } name="answer" data-testid=format!("option-{i}")
                            prop:checked=is_chosen disabled=move || checked.get()
                            on:change=move |_| chosen.update(|c| {
                                if multiple {
                                    if let Some(p) = c.iter().position(|x| *x == i) { c.remove(p); } else { c.push(i); }
                                } else {
                                    *c = vec![i];
                                }
                            })/>
                        <span>{shown(option, lang)}</span>
                    </label>
                }
            })
            .collect_view();
        let last = n + 1 == total;
        let judged = q.clone();
        let id = q.id.clone();
        view! {
            <section class="card quiz" data-testid="question">
                <p class="hint">{t.question} " " {n + 1} "/" {total}</p>
                <h2 data-testid="prompt">{shown(&q.prompt, lang)}</h2>
                {multiple.then(|| view! { <p class="hint">{t.choose_all}</p> })}
                <fieldset class="choices">{options}</fieldset>
                {move || checked.get().then(|| {
                    let is_right = judged.is_right(&chosen.get_untracked());
                    view! {
                    <div class=if is_right { "feedback feedback-right" } else { "feedback feedback-wrong" } role="status" data-testid="feedback" data-right=is_right.to_string()>
                        <p><strong>{if is_right { t.right } else { t.wrong }}</strong></p>
                        <p>{shown(&judged.explanation, lang)}</p>
                    </div>
                }})}
                {move || if checked.get() {
                    let id = id.clone();
                    view! {
                        <button type="button" class="button" data-testid="next" on:click=move |_| {
                            answers.update(|a| a.push(QuizAnswer { question: id.clone(), chosen: chosen.get_untracked() }));
                            chosen.set(Vec::new());
                            checked.set(false);
                            if last { finish.with_value(|f| f()); } else { at.update(|n| *n += 1); }
                        }>{if last { t.finish } else { t.next }}</button>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button" data-testid="check" disabled=move || chosen.with(Vec::is_empty)
                            on:click=move |_| checked.set(true)>{t.check}</button>
                    }.into_any()
                }}
            </section>
        }
        .into_any()
    };
    view! {
        <p><A href=format!("/belajar/{course}") attr:data-testid="back-to-course">{tr_in(texts, |t| t.back_to_course)}</A></p>
        <h1>{tr_in(texts, |t| t.quiz)}</h1>
        {question}
    }
}
