//! `/koperasi/formulir`: for admins, the forms reaching their regions, each with its response
//! rates, and the way to publish a new one.

use kopdes_domain::Lang;
use kopdes_domain::form::PublishedForm;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::ApiFailure;
use crate::components::KeptNotice;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};

struct Texts {
    title: &'static str,
    intro: &'static str,
    publish: &'static str,
    loading: &'static str,
    failed: &'static str,
    national: &'static str,
}

const ID: Texts = Texts {
    title: "Formulir",
    intro: "Formulir yang berlaku di wilayah Anda. Buka satu untuk melihat berapa koperasi sudah mengisi.",
    publish: "Terbitkan formulir",
    loading: "Memuat formulir…",
    failed: "Daftar formulir belum bisa dimuat. Buka lagi saat ada sinyal.",
    national: "nasional",
};

const EN: Texts = Texts {
    title: "Forms",
    intro: "Forms in force in your regions. Open one to see how many cooperatives have answered.",
    publish: "Publish a form",
    loading: "Loading forms…",
    failed: "The forms could not be loaded. Open them again when you have a signal.",
    national: "national",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn FormAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<PublishedForm>>, ApiFailure>>);
    spawn_local(async move { loaded.set(Some(reader.get("/api/forms").await)) });
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        <A href="/koperasi/formulir/baru" attr:class="button" attr:data-testid="publish-form">{tr_in(texts, |t| t.publish)}</A>
        {move || match loaded.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Ok(Loaded { value, kept_at })) => view! {
                <KeptNotice kept_at/>
                <ul class="list" data-testid="forms">
                    {value.into_iter().map(|form| {
                        let scope = form.scope.as_ref().map(|s| s.to_string());
                        view! {
                            <li>
                                <A href=format!("/koperasi/formulir/{}", form.id)>
                                    {move || form.spec.title.get(i18n.lang.get()).to_owned()}
                                </A>
                                <span class="hint">" · v" {form.spec.version} " · "
                                    {scope.unwrap_or_else(|| texts(i18n.lang.get_untracked()).national.to_owned())}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
