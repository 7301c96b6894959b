//! "Koperasi saya": the cooperatives the signed-in person works with, and their status; for
//! staff, the first page of their regions' registry and the way into the rest.

use kopdes_domain::Lang;
use kopdes_domain::cooperative::{Cooperative, CooperativeStatus, Scheme};
use kopdes_domain::format;
use kopdes_domain::registry::RegistryPage;
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
    schemes: [&'static str; 3],
    registry: &'static str,
    registry_hint: &'static str,
    see_all: &'static str,
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
    schemes: ["Pembentukan baru", "Pengembangan", "Revitalisasi"],
    registry: "Daftar koperasi di wilayah Anda",
    registry_hint: "Cari, saring, dan periksa koperasi yang menunggu verifikasi.",
    see_all: "Cari di semua koperasi",
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
    schemes: ["New", "Developed", "Revitalised"],
    registry: "Cooperatives in your regions",
    registry_hint: "Search, filter and check the cooperatives waiting for verification.",
    see_all: "Search all cooperatives",
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

/// How a cooperative came to be, in words.
pub fn scheme_text(lang: Lang, scheme: Scheme) -> &'static str {
    let t = texts(lang);
    match scheme {
        Scheme::Baru => t.schemes[0],
        Scheme::Mengembangkan => t.schemes[1],
        Scheme::Revitalisasi => t.schemes[2],
    }
}

/// A cooperative as this list shows it, from either source.
#[derive(Clone)]
struct Row {
    id: String,
    name: String,
    village_name: String,
    village: String,
    status: CooperativeStatus,
}

/// How many of their regions' cooperatives an admin sees here; the registry has the rest.
const ADMIN_PREVIEW: i64 = 25;

#[component]
pub fn CooperativesPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let (can_register, belongs) = use_session().me.with_untracked(|me| {
        me.as_ref().map_or((false, false), |m| {
            (
                m.is_admin(),
                m.roles.iter().any(|g| g.cooperative_id.is_some()),
            )
        })
    });
    let loaded = RwSignal::new(None::<Result<Loaded<Vec<Row>>, ApiFailure>>);
    // An admin who belongs to no cooperative sees the first page of their regions' registry,
    // with its total; everyone else the cooperatives they belong to.
    let from_registry = can_register && !belongs;
    let total = RwSignal::new(None::<i64>);
    spawn_local(async move {
        let answer = if from_registry {
            let path = format!("/api/registry?limit={ADMIN_PREVIEW}");
            reader.get::<RegistryPage>(&path).await.map(|loaded| {
                total.set(Some(loaded.value.total));
                Loaded {
                    kept_at: loaded.kept_at,
                    value: loaded
                        .value
                        .items
                        .into_iter()
                        .map(|e| Row {
                            id: e.id,
                            name: e.name,
                            village_name: format!("{}, {}", e.village_name, e.regency_name),
                            village: e.village.to_string(),
                            status: e.status,
                        })
                        .collect(),
                }
            })
        } else {
            reader
                .get::<Vec<Cooperative>>("/api/cooperatives")
                .await
                .map(|mut loaded| {
                    // A list rebuilt from pulled records comes unordered.
                    loaded.value.sort_by(Cooperative::display_order);
                    Loaded {
                        kept_at: loaded.kept_at,
                        value: loaded
                            .value
                            .into_iter()
                            .map(|c| Row {
                                id: c.id,
                                name: c.profile.name,
                                village_name: c.village_name,
                                village: c.village.to_string(),
                                status: c.status,
                            })
                            .collect(),
                    }
                })
        };
        loaded.set(Some(answer));
    });
    let list_texts = ListTexts {
        loading: tr_in(texts, |t| t.loading),
        failed: tr_in(texts, |t| t.failed),
        none: tr_in(texts, |t| t.none),
    };
    let see_all = move || {
        let t = texts(i18n.lang.get());
        total.get().map(|total| {
            view! {
                <p>
                    <A href="/koperasi/dasbor/daftar" attr:class="button button-light" attr:data-testid="see-all">
                        {t.see_all} " (" {format::integer(total.max(0) as u64, i18n.lang.get())} ")"
                    </A>
                </p>
            }
        })
    };
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {can_register.then(|| view! {
            <section class="card">
                <h2><A href="/koperasi/dasbor/daftar" attr:data-testid="open-registry">{tr_in(texts, |t| t.registry)}</A></h2>
                <p class="hint">{tr_in(texts, |t| t.registry_hint)}</p>
            </section>
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
                            <h2><A href=format!("/koperasi/{}", c.id)>{c.name}</A></h2>
                            <p class="hint">{c.village_name} " · " {c.village}</p>
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
        {see_all}
    }
}
