//! `/koperasi/formulir/baru`: an admin edits the newest form spec, or pastes one (docs/FORMS.md) and sees it
//! as cooperatives will, live, with every problem the spec check finds; then publishes it to
//! their region (or nationally, for the ministry) with an optional deadline.

use kopdes_domain::Lang;
use kopdes_domain::api::FieldError;
use kopdes_domain::form::{Answers, FormSpec, Publication, PublishedForm};
use kopdes_domain::region::RegionCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::pages::form_fields::FormFields;
use crate::session::use_session;

struct Texts {
    title: &'static str,
    intro: &'static str,
    spec: &'static str,
    scope: &'static str,
    scope_hint: &'static str,
    deadline: &'static str,
    preview: &'static str,
    unreadable: &'static str,
    problems: &'static str,
    publish: &'static str,
}

const ID: Texts = Texts {
    title: "Terbitkan formulir",
    intro: "Ubah spesifikasi formulir terbaru (JSON, lihat docs/FORMS.md) atau tempel yang baru. Pratinjau di bawah menampilkannya seperti yang dilihat pengurus koperasi.",
    spec: "Spesifikasi (JSON)",
    scope: "Wilayah",
    scope_hint: "Kode wilayah, misalnya 32.04. Kosongkan untuk seluruh Indonesia (hanya admin kementerian).",
    deadline: "Batas waktu (boleh kosong)",
    preview: "Pratinjau",
    unreadable: "JSON belum terbaca: periksa tanda kurung, koma dan tanda petik.",
    problems: "Perbaiki dulu:",
    publish: "Terbitkan",
};

const EN: Texts = Texts {
    title: "Publish a form",
    intro: "Change the newest form's spec (JSON, see docs/FORMS.md) or paste a new one. The preview below shows it as the cooperatives' officers will see it.",
    spec: "Spec (JSON)",
    scope: "Region",
    scope_hint: "A region code such as 32.04. Leave empty for all of Indonesia (ministry admins only).",
    deadline: "Deadline (optional)",
    preview: "Preview",
    unreadable: "The JSON cannot be read yet: check brackets, commas and quotes.",
    problems: "Fix first:",
    publish: "Publish",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn FormPublishPage() -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let navigate = use_navigate();
    // A dinas admin publishes to their own region unless they choose one inside it.
    let own_region = use_session().me.with_untracked(|me| {
        me.as_ref()
            .and_then(|m| {
                m.roles
                    .iter()
                    .find_map(|g| g.region.as_ref().map(|r| r.to_string()))
            })
            .unwrap_or_default()
    });
    let text = RwSignal::new(String::new());
    // Start from the newest form in force, as its next version: the usual task is a changed
    // form, and a new one differs from it in its key and fields.
    {
        let reader = crate::kept::use_reader();
        spawn_local(async move {
            let Ok(forms) = reader.get::<Vec<PublishedForm>>("/api/forms").await else {
                return;
            };
            let newest = forms.value.into_iter().max_by_key(|f| f.published_at);
            if let Some(mut spec) = newest.map(|f| f.spec)
                && text.with_untracked(String::is_empty)
            {
                spec.version += 1;
                text.set(serde_json::to_string(&spec).unwrap_or_default());
            }
        });
    }
    let scope = RwSignal::new(own_region);
    let deadline = RwSignal::new(String::new());
    let parsed = Memo::new(move |_| text.with(|t| crate::json::decode::<FormSpec>(t)));
    let problems = Memo::new(move |_| {
        parsed.with(|p| p.as_ref().map(|s| s.check().err().unwrap_or_default()))
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let Some(spec) = parsed.get_untracked() else {
            return;
        };
        let scope_text = scope.get_untracked();
        let scope = match scope_text.trim() {
            "" => None,
            code => match RegionCode::parse(code) {
                Ok(code) => Some(code),
                Err(_) => return form.invalid(vec![FieldError::new("scope", "region.format")]),
            },
        };
        let deadline = match deadline.get_untracked().trim() {
            "" => None,
            d => match d.parse() {
                Ok(d) => Some(d),
                Err(_) => return form.invalid(vec![FieldError::new("deadline", "date.format")]),
            },
        };
        form.sending();
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::publish_form(&Publication {
                spec,
                scope,
                deadline,
            })
            .await
            {
                Ok(published) => {
                    form.done();
                    navigate(
                        &format!("/koperasi/formulir/{}", published.id),
                        Default::default(),
                    );
                }
                Err(failure) => form.failed(failure),
            }
        });
    };

    let preview = move || {
        let spec = parsed.get()?;
        Some(view! {
            <section class="card" data-testid="preview">
                <h2>{tr_in(texts, |t| t.preview)} ": " {spec.title.get(i18n.lang.get()).to_owned()}</h2>
                <FormFields spec answers=RwSignal::new(Answers::new()) errors=RwSignal::new(Vec::new())/>
            </section>
        })
    };
    let problem_list = move || {
        let lang = i18n.lang.get();
        match problems.get() {
            None => Some(view! { <p class="form-error" data-testid="spec-unreadable">{texts(lang).unreadable}</p> }.into_any()),
            Some(list) if list.is_empty() => None,
            Some(list) => Some(view! {
                <div class="form-error" data-testid="spec-problems">
                    <p>{texts(lang).problems}</p>
                    <ul>{list.into_iter().map(|e| view! { <li>{e.field} ": " {e.code}</li> }).collect_view()}</ul>
                </div>
            }.into_any()),
        }
    };
    let server_problems = move || {
        let fields = form.code_of("spec.version");
        fields.map(|code| view! { <p class="form-error" data-testid="version-taken">"spec.version: " {code}</p> })
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        <form class="card form" on:submit=submit novalidate=true data-testid="publish">
            <div class="field">
                <label for="field-spec">{tr_in(texts, |t| t.spec)}</label>
                <textarea id="field-spec" rows="14" class="spec-input" data-testid="input-spec" spellcheck="false"
                    prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
            </div>
            {problem_list}
            {server_problems}
            <div class="field" class:field-invalid=move || form.error("scope").get().is_some()>
                <label for="field-scope">{tr_in(texts, |t| t.scope)}</label>
                <p class="field-hint">{tr_in(texts, |t| t.scope_hint)}</p>
                <input id="field-scope" inputmode="decimal" data-testid="input-scope"
                    prop:value=move || scope.get() on:input=move |ev| scope.set(event_target_value(&ev))/>
                {move || form.error("scope").get().map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
            <div class="field">
                <label for="field-deadline">{tr_in(texts, |t| t.deadline)}</label>
                <input id="field-deadline" type="date" data-testid="input-deadline"
                    prop:value=move || deadline.get() on:input=move |ev| deadline.set(event_target_value(&ev))/>
                {move || form.error("deadline").get().map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="submit"
                disabled=move || form.pending.get() || problems.with(|p| !matches!(p, Some(l) if l.is_empty()))>
                {tr_in(texts, |t| t.publish)}
            </button>
        </form>
        {preview}
    }
}
