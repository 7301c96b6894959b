//! "Koperasi saya": the cooperatives the signed-in person works with, and their status.

use kopdes_domain::Lang;
use kopdes_domain::cooperative::{Cooperative, CooperativeStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::i18n::{tr_in, use_i18n};

struct Texts {
    title: &'static str,
    loading: &'static str,
    none: &'static str,
    members: &'static str,
    draft: &'static str,
    submitted: &'static str,
    verified: &'static str,
    returned: &'static str,
    returned_because: &'static str,
    failed: &'static str,
}

const ID: Texts = Texts {
    title: "Koperasi",
    loading: "Memuat data koperasi…",
    none: "Belum ada koperasi untuk akun ini.",
    members: "Anggota",
    draft: "Draf",
    submitted: "Menunggu verifikasi dinas",
    verified: "Terverifikasi",
    returned: "Dikembalikan untuk diperbaiki",
    returned_because: "Alasan:",
    failed: "Data koperasi belum bisa dimuat. Periksa sambungan lalu buka lagi halaman ini.",
};

const EN: Texts = Texts {
    title: "Cooperatives",
    loading: "Loading cooperatives…",
    none: "No cooperative for this account yet.",
    members: "Members",
    draft: "Draft",
    submitted: "Waiting for the district office to verify",
    verified: "Verified",
    returned: "Returned to be fixed",
    returned_because: "Reason:",
    failed: "Cooperatives could not be loaded. Check the connection and open this page again.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

fn status_text(t: &'static Texts, status: CooperativeStatus) -> &'static str {
    match status {
        CooperativeStatus::Draft => t.draft,
        CooperativeStatus::Submitted => t.submitted,
        CooperativeStatus::Verified => t.verified,
        CooperativeStatus::Returned => t.returned,
    }
}

#[component]
fn CooperativesPage() -> impl IntoView {
    let i18n = use_i18n();
    let loaded = RwSignal::new(None::<Result<Vec<Cooperative>, ApiFailure>>);
    spawn_local(async move { loaded.set(Some(api::cooperatives().await)) });
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {move || match loaded.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>{tr_in(texts, |t| t.none)}</p> }.into_any(),
            Some(Ok(list)) => list
                .into_iter()
                .map(|c| {
                    let status = c.status;
                    let reasons = c.return_reasons.clone();
                    view! {
                        <section class="card" data-testid="cooperative">
                            <h2>{c.profile.name.clone()}</h2>
                            <p class="hint">{c.village_name.clone()} " · " {c.village.to_string()}</p>
                            <p
                                class="status"
                                class:status-bad=status == CooperativeStatus::Returned
                                data-testid="cooperative-status"
                                data-status=status.as_str()
                            >
                                {move || status_text(texts(i18n.lang.get()), status)}
                            </p>
                            {reasons.map(|r| view! {
                                <p>{tr_in(texts, |t| t.returned_because)} " " {r}</p>
                            })}
                            <A href=format!("/koperasi/{}/anggota", c.id) attr:class="button button-light">
                                {tr_in(texts, |t| t.members)}
                            </A>
                        </section>
                    }
                })
                .collect_view()
                .into_any(),
        }}
    }
}

/// Loaded on demand: see [`crate::pages::AboutRoute`].
#[derive(Clone, Copy)]
pub struct CooperativesRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for CooperativesRoute {
    fn data() -> Self {
        CooperativesRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <CooperativesPage/> }.into_any()
    }
}
