//! "Koperasi saya": the cooperatives the signed-in person works with, and their status.

use kopdes_domain::Lang;
use kopdes_domain::cooperative::{Cooperative, CooperativeStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::ApiFailure;
use crate::components::{ListTexts, kept_list};
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::session::use_session;

struct Texts {
    title: &'static str,
    loading: &'static str,
    none: &'static str,
    members: &'static str,
    register: &'static str,
    dashboard: &'static str,
    forms: &'static str,
    courses: &'static str,
    draft: &'static str,
    submitted: &'static str,
    verified: &'static str,
    returned: &'static str,
    failed: &'static str,
}

const ID: Texts = Texts {
    title: "Koperasi",
    loading: "Memuat data koperasi…",
    none: "Belum ada koperasi untuk akun ini.",
    members: "Anggota",
    register: "Daftarkan koperasi",
    dashboard: "Dasbor program",
    forms: "Formulir dan laporan",
    courses: "Tulis pelatihan",
    draft: "Draf",
    submitted: "Menunggu verifikasi dinas",
    verified: "Terverifikasi",
    returned: "Dikembalikan untuk diperbaiki",
    failed: "Data koperasi belum bisa dimuat. Periksa sambungan lalu buka lagi halaman ini.",
};

const EN: Texts = Texts {
    title: "Cooperatives",
    loading: "Loading cooperatives…",
    none: "No cooperative for this account yet.",
    members: "Members",
    register: "Register a cooperative",
    dashboard: "Programme dashboard",
    forms: "Forms and reports",
    courses: "Write training",
    draft: "Draft",
    submitted: "Waiting for the district office to verify",
    verified: "Verified",
    returned: "Returned to be fixed",
    failed: "Cooperatives could not be loaded. Check the connection and open this page again.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// A status in words, for every page that shows one.
pub fn status_text(lang: Lang, status: CooperativeStatus) -> &'static str {
    let t = texts(lang);
    match status {
        CooperativeStatus::Draft => t.draft,
        CooperativeStatus::Submitted => t.submitted,
        CooperativeStatus::Verified => t.verified,
        CooperativeStatus::Returned => t.returned,
    }
}

#[component]
pub fn CooperativesPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let can_register = use_session()
        .me
        .with_untracked(|me| me.as_ref().is_some_and(|m| m.is_admin()));
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<Cooperative>>, ApiFailure>>);
    spawn_local(async move {
        let mut answer = reader.get::<Vec<Cooperative>>("/api/cooperatives").await;
        // A list rebuilt from pulled records comes unordered.
        if let Ok(list) = &mut answer {
            list.value.sort_by(Cooperative::display_order);
        }
        loaded.set(Some(answer));
    });
    let list_texts = ListTexts {
        loading: tr_in(texts, |t| t.loading),
        failed: tr_in(texts, |t| t.failed),
        none: tr_in(texts, |t| t.none),
    };
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {can_register.then(|| view! {
            <A href="/koperasi/dasbor" attr:class="button" attr:data-testid="admin-dashboard">
                {tr_in(texts, |t| t.dashboard)}
            </A>
            <A href="/koperasi/baru" attr:class="button" attr:data-testid="register-cooperative">
                {tr_in(texts, |t| t.register)}
            </A>
            <A href="/koperasi/formulir" attr:class="button button-light" attr:data-testid="admin-forms">
                {tr_in(texts, |t| t.forms)}
            </A>
            <A href="/koperasi/pelatihan" attr:class="button button-light" attr:data-testid="admin-courses">
                {tr_in(texts, |t| t.courses)}
            </A>
        })}
        {move || kept_list(loaded.get(), list_texts, |list, _| {
            list.into_iter()
                .map(|c| {
                    let status = c.status;
                    view! {
                        <section class="card" data-testid="cooperative">
                            <h2><A href=format!("/koperasi/{}", c.id)>{c.profile.name.clone()}</A></h2>
                            <p class="hint">{c.village_name.clone()} " · " {c.village.to_string()}</p>
                            <p
                                class="status"
                                class:status-bad=status == CooperativeStatus::Returned
                                data-testid="cooperative-status"
                                data-status=status.as_str()
                            >
                                {move || status_text(i18n.lang.get(), status)}
                            </p>
                            <A href=format!("/koperasi/{}/anggota", c.id) attr:class="button button-light">
                                {tr_in(texts, |t| t.members)}
                            </A>
                        </section>
                    }
                })
                .collect_view()
        })}
    }
}
