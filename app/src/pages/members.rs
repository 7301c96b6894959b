//! A cooperative's members, searchable by name, with NIKs masked.

use kopdes_domain::Lang;
use kopdes_domain::member::{MemberPage, MemberStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{self, ApiFailure};
use crate::i18n::{tr_in, use_i18n};

struct Texts {
    title: &'static str,
    search: &'static str,
    register: &'static str,
    loading: &'static str,
    none: &'static str,
    failed: &'static str,
    left: &'static str,
    total: &'static str,
}

const ID: Texts = Texts {
    title: "Anggota koperasi",
    search: "Cari nama",
    register: "Daftarkan anggota",
    loading: "Memuat daftar anggota…",
    none: "Belum ada anggota yang cocok.",
    failed: "Daftar anggota belum bisa dimuat. Periksa sambungan lalu coba lagi.",
    left: "keluar",
    total: "anggota",
};

const EN: Texts = Texts {
    title: "Cooperative members",
    search: "Search by name",
    register: "Register a member",
    loading: "Loading members…",
    none: "No matching member yet.",
    failed: "The member list could not be loaded. Check the connection and try again.",
    left: "left",
    total: "members",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let cooperative_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let query = RwSignal::new(String::new());
    let loaded = RwSignal::new(None::<Result<MemberPage, ApiFailure>>);
    Effect::new(move |_| {
        let (id, q) = (cooperative_id(), query.get());
        spawn_local(async move { loaded.set(Some(api::members(&id, &q, 1).await)) });
    });
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <A href=format!("/koperasi/{}/anggota/baru", cooperative_id()) attr:class="button" attr:data-testid="register-member">
            {tr_in(texts, |t| t.register)}
        </A>
        <div class="field search">
            <label for="member-search">{tr_in(texts, |t| t.search)}</label>
            <input id="member-search" type="search" data-testid="member-search"
                prop:value=move || query.get()
                on:change=move |ev| query.set(event_target_value(&ev))/>
        </div>
        {move || match loaded.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Ok(page)) if page.members.is_empty() => view! { <p>{tr_in(texts, |t| t.none)}</p> }.into_any(),
            Some(Ok(page)) => {
                let t = texts(i18n.lang.get());
                view! {
                    <p class="hint" data-testid="member-total">{page.total} " " {t.total}</p>
                    <ul class="list" data-testid="member-list">
                        {page.members.into_iter().map(|m| view! {
                            <li>
                                <strong>{m.name}</strong>
                                <span class="hint">" " {m.nik}</span>
                                {(m.status == MemberStatus::Left).then(|| view! { <span class="badge">{t.left}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
    }
}

/// Loaded on demand: see [`crate::pages::AboutRoute`].
#[derive(Clone, Copy)]
pub struct MembersRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for MembersRoute {
    fn data() -> Self {
        MembersRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <MembersPage/> }.into_any()
    }
}
