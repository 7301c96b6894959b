//! A cooperative's members, searchable by name, with NIKs masked.

use kopdes_domain::Lang;
use kopdes_domain::member::{MemberPage, MemberStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::ApiFailure;
use crate::components::KeptNotice;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};

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
pub fn MembersPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let query = RwSignal::new(String::new());
    let loaded = RwSignal::new(None::<Result<Loaded<MemberPage>, ApiFailure>>);
    let list_path = {
        let id = id.clone();
        move |q: &str| {
            let q = String::from(js_sys::encode_uri_component(q));
            format!("/api/cooperatives/{id}/members?q={q}&page=1")
        }
    };
    Effect::new(move |_| {
        let (reader, path) = (reader.clone(), list_path(&query.get()));
        spawn_local(async move { loaded.set(Some(reader.get(&path).await)) });
    });
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <A href=format!("/koperasi/{id}/anggota/baru") attr:class="button" attr:data-testid="register-member">
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
            Some(Ok(Loaded { value: page, kept_at })) if page.members.is_empty() => view! {
                <KeptNotice kept_at/>
                <p>{tr_in(texts, |t| t.none)}</p>
            }.into_any(),
            Some(Ok(Loaded { value: page, kept_at })) => {
                let t = texts(i18n.lang.get());
                view! {
                    <KeptNotice kept_at/>
                    <p class="hint" data-testid="member-total">{page.total} " " {t.total}</p>
                    <ul class="list" data-testid="member-list">
                        {page.members.into_iter().map(|m| view! {
                            <li>
                                <A href=format!("/koperasi/{}/anggota/{}", m.cooperative_id, m.id)><strong>{m.name}</strong></A>
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
