//! A cooperative's members: searched by name, filtered by status, 25 to a page, NIKs masked.

use kopdes_domain::Lang;
use kopdes_domain::account::Role;
use kopdes_domain::member::{MemberPage, MemberStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::ApiFailure;
use crate::components::KeptNotice;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::pages::change_requests::ChangeRequestsCard;
use crate::session::use_session;

struct Texts {
    title: &'static str,
    search: &'static str,
    register: &'static str,
    loading: &'static str,
    none: &'static str,
    failed: &'static str,
    left: &'static str,
    total: &'static str,
    status: &'static str,
    statuses: [&'static str; 3],
    previous: &'static str,
    next: &'static str,
    page_of: &'static str,
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
    status: "Keanggotaan",
    statuses: ["Semua", "Aktif", "Sudah keluar"],
    previous: "Sebelumnya",
    next: "Berikutnya",
    page_of: "Halaman {page} dari {pages}",
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
    status: "Membership",
    statuses: ["All", "Active", "Left"],
    previous: "Previous",
    next: "Next",
    page_of: "Page {page} of {pages}",
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
    let (is_pengurus, is_pengawas) = use_session().me.with_untracked(|me| {
        me.as_ref().map_or((false, false), |m| {
            (m.is_pengurus_of(&id), m.has_role_in(&id, Role::Pengawas))
        })
    });
    // The search, filter and page live in the address too, so coming back from a member's
    // record (or reloading) shows the same list.
    let initial = use_query_map().get_untracked();
    let query = RwSignal::new(initial.get("q").unwrap_or_default());
    // "", "active" or "left", as the API's `status` filter takes it.
    let status = RwSignal::new(
        initial
            .get("status")
            .filter(|s| s == "active" || s == "left")
            .unwrap_or_default(),
    );
    let page = RwSignal::new(
        initial
            .get("page")
            .and_then(|p| p.parse::<i64>().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1),
    );
    let loaded = RwSignal::new(None::<Result<Loaded<MemberPage>, ApiFailure>>);
    // On a slow link answers can overtake each other: only the latest request's is shown.
    let latest = StoredValue::new(0_u32);
    let navigate = use_navigate();
    let here = format!("/koperasi/{id}/anggota");
    let list_path = {
        let id = id.clone();
        move |q: &str, status: &str, page: i64| {
            let q = String::from(js_sys::encode_uri_component(q));
            let status = if status.is_empty() {
                String::new()
            } else {
                format!("&status={status}")
            };
            format!("/api/cooperatives/{id}/members?q={q}{status}&page={page}")
        }
    };
    Effect::new(move |_| {
        let (q, s, p) = (query.get(), status.get(), page.get());
        let search = format!(
            "?q={}&status={s}&page={p}",
            String::from(js_sys::encode_uri_component(&q))
        );
        navigate(
            &format!("{here}{search}"),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
        let path = list_path(&q, &s, p);
        let reader = reader.clone();
        latest.update_value(|n| *n += 1);
        let mine = latest.get_value();
        spawn_local(async move {
            let answer = reader.get(&path).await;
            if latest.get_value() == mine {
                loaded.set(Some(answer));
            }
        });
    });
    let pager = move |p: &MemberPage| {
        let pages = ((p.total + p.per_page - 1) / p.per_page.max(1)).max(1);
        let current = p.page;
        (pages > 1).then(|| view! {
            <nav class="pager" data-testid="pager">
                <button type="button" class="button button-light" data-testid="page-previous"
                    disabled={current <= 1} on:click=move |_| page.set(current - 1)>{tr_in(texts, |t| t.previous)}</button>
                <span data-testid="page-of" role="status">{move || texts(i18n.lang.get()).page_of
                    .replace("{page}", &current.to_string())
                    .replace("{pages}", &pages.to_string())}</span>
                <button type="button" class="button button-light" data-testid="page-next"
                    disabled={current >= pages} on:click=move |_| page.set(current + 1)>{tr_in(texts, |t| t.next)}</button>
            </nav>
        })
    };
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {(is_pengurus || is_pengawas).then(|| view! {
            <ChangeRequestsCard cooperative_id=id.clone() can_decide=is_pengurus/>
        })}
        {is_pengurus.then(|| view! {
            <div class="actions">
                <A href=format!("/koperasi/{id}/anggota/baru") attr:class="button" attr:data-testid="register-member">
                    {tr_in(texts, |t| t.register)}
                </A>
            </div>
        })}
        <div class="filters">
        <div class="field">
            <label for="member-status">{tr_in(texts, |t| t.status)}</label>
            <select id="member-status" data-testid="member-status"
                on:change=move |ev| { status.set(event_target_value(&ev)); page.set(1); }>
                {["", "active", "left"].into_iter().enumerate().map(|(i, value)| view! {
                    <option value=value selected=move || status.get() == value>
                        {move || texts(i18n.lang.get()).statuses[i]}
                    </option>
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="member-search">{tr_in(texts, |t| t.search)}</label>
            <input id="member-search" type="search" data-testid="member-search"
                prop:value=move || query.get()
                on:change=move |ev| { query.set(event_target_value(&ev)); page.set(1); }/>
        </div>
        </div>
        {move || match loaded.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Ok(Loaded { value: found, kept_at })) if found.members.is_empty() => view! {
                <KeptNotice kept_at/>
                <p>{tr_in(texts, |t| t.none)}</p>
            }.into_any(),
            Some(Ok(Loaded { value: found, kept_at })) => {
                let t = texts(i18n.lang.get());
                let pages = pager(&found);
                view! {
                    <KeptNotice kept_at/>
                    <p class="hint" data-testid="member-total">{found.total} " " {t.total}</p>
                    <ul class="list" data-testid="member-list">
                        {found.members.into_iter().map(|m| view! {
                            <li>
                                <A href=format!("/koperasi/{}/anggota/{}", m.cooperative_id, m.id)><strong>{m.name}</strong></A>
                                <span class="hint">" " {m.nik}</span>
                                {(m.status == MemberStatus::Left).then(|| view! { <span class="badge">{t.left}</span> })}
                            </li>
                        }).collect_view()}
                    </ul>
                    {pages}
                }.into_any()
            }
        }}
    }
}
