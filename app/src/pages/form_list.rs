//! `/koperasi/:id/formulir`: the forms published to this cooperative's region, newest first,
//! each opening its fill page (which lists drafts and what was sent).

use kopdes_domain::Lang;
use kopdes_domain::form::PublishedForm;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::ApiFailure;
use crate::components::KeptNotice;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};

struct Texts {
    title: &'static str,
    loading: &'static str,
    failed: &'static str,
    empty: &'static str,
    deadline: &'static str,
}

const ID: Texts = Texts {
    title: "Formulir",
    loading: "Memuat formulir…",
    failed: "Daftar formulir belum bisa dimuat dan belum tersimpan di ponsel. Buka lagi saat ada sinyal.",
    empty: "Belum ada formulir untuk koperasi ini.",
    deadline: "batas",
};

const EN: Texts = Texts {
    title: "Forms",
    loading: "Loading forms…",
    failed: "The forms could not be loaded and are not kept on the phone yet. Open them again when you have a signal.",
    empty: "No forms for this cooperative yet.",
    deadline: "due",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn FormListPage(cooperative_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<PublishedForm>>, ApiFailure>>);
    spawn_local(async move { loaded.set(Some(reader.get("/api/forms").await)) });
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {move || match loaded.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Ok(Loaded { value, kept_at })) if value.is_empty() => view! {
                <KeptNotice kept_at/>
                <p class="status">{tr_in(texts, |t| t.empty)}</p>
            }.into_any(),
            Some(Ok(Loaded { mut value, kept_at })) => {
                value.sort_by_key(|f| std::cmp::Reverse(f.published_at));
                let cooperative_id = cooperative_id.clone();
                view! {
                    <KeptNotice kept_at/>
                    <ul class="list" data-testid="forms">
                        {value.into_iter().map(|form| {
                            let deadline = form.deadline;
                            view! {
                                <li>
                                    <A href=format!("/koperasi/{cooperative_id}/formulir/{}", form.id)>
                                        {move || form.spec.title.get(i18n.lang.get()).to_owned()}
                                    </A>
                                    {deadline.map(|d| view! {
                                        <span class="hint">" · " {tr_in(texts, |t| t.deadline)} " " {move || format::date(d, i18n.lang.get())}</span>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
}
