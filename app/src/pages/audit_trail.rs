//! `/koperasi/dasbor/jejak[?koperasi=ID|anggota=ID|akun=ID]`: the audit trail for admins. Who
//! did what, when, with the reasons they wrote; across their region (the country for the
//! ministry) or for one cooperative, member or account; filtered by what, who and when, and
//! paged by the server.

use kopdes_domain::Lang;
use kopdes_domain::audit::{ACTION_GROUPS, AuditEntry, AuditPage};
use kopdes_domain::date::Date;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::ApiFailure;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::use_reader;

struct Texts {
    title: &'static str,
    scope_all: &'static str,
    scope_cooperative: &'static str,
    scope_member: &'static str,
    scope_account: &'static str,
    back: &'static str,
    what: &'static str,
    everything: &'static str,
    groups: [&'static str; 9],
    who: &'static str,
    from: &'static str,
    until: &'static str,
    show: &'static str,
    loading: &'static str,
    failed: &'static str,
    none: &'static str,
    more: &'static str,
    operator: &'static str,
    reasons: &'static str,
}

const ID: Texts = Texts {
    title: "Jejak audit",
    scope_all: "Semua yang tercatat di wilayah Anda.",
    scope_cooperative: "Riwayat satu koperasi.",
    scope_member: "Riwayat data satu anggota.",
    scope_account: "Riwayat satu akun.",
    back: "Kembali ke dasbor",
    what: "Apa",
    everything: "Semua tindakan",
    groups: [
        "Koperasi",
        "Anggota",
        "Pengurus",
        "Gerai",
        "Akun",
        "Petugas",
        "Formulir",
        "Pelatihan",
        "Pengumuman",
    ],
    who: "Oleh (nama)",
    from: "Dari tanggal",
    until: "Sampai tanggal",
    show: "Tampilkan",
    loading: "Memuat jejak audit…",
    failed: "Jejak audit belum bisa dimuat. Jejak hanya dibaca saat tersambung.",
    none: "Tidak ada catatan yang cocok.",
    more: "Muat lebih banyak",
    operator: "Operator server",
    reasons: "Alasan",
};

const EN: Texts = Texts {
    title: "Audit trail",
    scope_all: "Everything recorded in your region.",
    scope_cooperative: "One cooperative's history.",
    scope_member: "One member's data history.",
    scope_account: "One account's history.",
    back: "Back to the dashboard",
    what: "What",
    everything: "Every action",
    groups: [
        "Cooperative",
        "Members",
        "Officers",
        "Units",
        "Accounts",
        "Staff",
        "Forms",
        "Training",
        "Announcements",
    ],
    who: "By (name)",
    from: "From",
    until: "Until",
    show: "Show",
    loading: "Loading the audit trail…",
    failed: "The audit trail could not be loaded. It is read only when connected.",
    none: "No entries match.",
    more: "Load more",
    operator: "Server operator",
    reasons: "Reasons",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// An action in words, where the page has them; otherwise its code, which is still exact.
fn action_words(lang: Lang, action: &str) -> Option<&'static str> {
    const WORDS: [(&str, &str, &str); 22] = [
        (
            "cooperative.registered",
            "Koperasi didaftarkan",
            "Cooperative registered",
        ),
        (
            "cooperative.updated",
            "Profil koperasi diubah",
            "Cooperative profile changed",
        ),
        (
            "cooperative.submitted",
            "Diajukan untuk verifikasi",
            "Submitted for verification",
        ),
        (
            "cooperative.returned",
            "Dikembalikan untuk diperbaiki",
            "Returned for correction",
        ),
        ("cooperative.verified", "Diverifikasi", "Verified"),
        ("cooperative.reopened", "Dibuka lagi", "Reopened"),
        (
            "member.registered",
            "Anggota didaftarkan",
            "Member registered",
        ),
        (
            "member.nik_viewed",
            "NIK lengkap dilihat",
            "Full NIK viewed",
        ),
        ("member.left", "Anggota keluar", "Member left"),
        (
            "member.change_requested",
            "Perubahan data diminta",
            "Data change requested",
        ),
        (
            "member.activation_code_issued",
            "Kode aktivasi anggota dibuat",
            "Member activation code issued",
        ),
        (
            "officer.appointed",
            "Pengurus diangkat",
            "Officer appointed",
        ),
        ("officer.term_ended", "Masa jabatan diakhiri", "Term ended"),
        (
            "officer.activation_code_issued",
            "Kode aktivasi pengurus dibuat",
            "Officer activation code issued",
        ),
        ("staff.appointed", "Admin diangkat", "Admin appointed"),
        ("staff.removed", "Peran admin dicabut", "Admin role removed"),
        ("account.disabled", "Akun dinonaktifkan", "Account disabled"),
        ("account.enabled", "Akun diaktifkan lagi", "Account enabled"),
        (
            "account.activated",
            "Akun diaktifkan pemiliknya",
            "Account activated by its holder",
        ),
        (
            "account.code_issued",
            "Kode aktivasi dibuat",
            "Activation code issued",
        ),
        (
            "account.password_changed",
            "Kata sandi diganti",
            "Password changed",
        ),
        ("form.answered", "Formulir diisi", "Form answered"),
    ];
    WORDS
        .iter()
        .find(|(code, ..)| *code == action)
        .map(|(_, id, en)| if lang == Lang::Id { *id } else { *en })
}

/// Midnight WIB (UTC+7) of a date typed in a date field, in Unix milliseconds.
fn wib_midnight(date: &str) -> Option<i64> {
    let date: Date = date.parse().ok()?;
    Some(date.days_since_epoch() * 86_400_000 - 7 * 3_600_000)
}

#[component]
pub fn AuditTrailPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let query = use_query_map();
    // The record the trail is about, from the address: which one decides who may read it.
    let record = query.with_untracked(|q| {
        [
            ("koperasi", "cooperative"),
            ("anggota", "member"),
            ("akun", "account"),
        ]
        .into_iter()
        .find_map(|(ours, api)| q.get(ours).map(|id| (api, id)))
    });
    let record_kind = record.as_ref().map(|(key, _)| *key);
    let action = RwSignal::new(String::new());
    let who = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let items = RwSignal::new(Vec::<AuditEntry>::new());
    let next = RwSignal::new(None::<String>);
    let state = RwSignal::new(None::<Result<(), ApiFailure>>);
    // Each search gets a number: a late answer to an earlier one is dropped.
    let generation = RwSignal::new(0u32);

    let path_for = move |before: Option<String>| {
        let mut params = vec!["limit=30".to_owned()];
        if let Some((key, id)) = &record {
            params.push(format!("{key}={}", js_sys::encode_uri_component(id)));
        }
        let mut add = |key: &str, value: String| {
            if !value.trim().is_empty() {
                params.push(format!(
                    "{key}={}",
                    js_sys::encode_uri_component(value.trim())
                ));
            }
        };
        add("action", action.get_untracked());
        add("who", who.get_untracked());
        if let Some(ms) = wib_midnight(&from.get_untracked()) {
            params.push(format!("from={ms}"));
        }
        if let Some(ms) = wib_midnight(&until.get_untracked()) {
            // Until the end of the day chosen.
            params.push(format!("until={}", ms + 86_400_000));
        }
        if let Some(before) = before {
            params.push(format!("before={}", js_sys::encode_uri_component(&before)));
        }
        format!("/api/audit?{}", params.join("&"))
    };
    let fetch = move |more: bool| {
        let reader = reader.clone();
        let before = if more { next.get_untracked() } else { None };
        let path = path_for(before);
        let ticket = generation.get_untracked() + u32::from(!more);
        generation.set(ticket);
        if !more {
            state.set(None);
        }
        spawn_local(async move {
            // The trail is not kept on the phone: it holds names and is read where work is done.
            let answer = reader.get_unkept::<AuditPage>(&path).await.map(|l| l.value);
            if generation.get_untracked() != ticket {
                return;
            }
            match answer {
                Ok(page) => {
                    if more {
                        items.update(|all| all.extend(page.items));
                    } else {
                        items.set(page.items);
                    }
                    next.set(page.next);
                    state.set(Some(Ok(())));
                }
                Err(failure) => state.set(Some(Err(failure))),
            }
        });
    };
    fetch(false);
    let fetch = StoredValue::new_local(fetch);

    let row = move |entry: AuditEntry| {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let by = entry
            .actor_name
            .clone()
            .unwrap_or_else(|| t.operator.to_owned());
        view! {
            <li data-testid="audit-entry" data-action=entry.action.clone()>
                <strong>{action_words(lang, &entry.action).map_or_else(|| entry.action.clone(), str::to_owned)}</strong>
                <br/>
                <span class="hint">{format::moment_wib(entry.at, lang)} " · " {by}</span>
                {entry.cooperative_name.clone().map(|name| view! { <br/><span>{name}</span> })}
                {entry.reasons.clone().map(|r| view! {
                    <p data-testid="audit-reasons">{t.reasons} ": " {r}</p>
                })}
            </li>
        }
    };

    let scope = move || {
        let t = texts(i18n.lang.get());
        match record_kind {
            Some("cooperative") => t.scope_cooperative,
            Some("member") => t.scope_member,
            Some(_) => t.scope_account,
            None => t.scope_all,
        }
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{scope}</p>
        <p><A href="/koperasi/dasbor">{tr_in(texts, |t| t.back)}</A></p>
        <form class="card form" on:submit=move |ev| { ev.prevent_default(); fetch.with_value(|f| f(false)); }
            data-testid="audit-filter">
            <div class="field">
                <label for="audit-action">{tr_in(texts, |t| t.what)}</label>
                <select id="audit-action" data-testid="audit-action"
                    on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">{tr_in(texts, |t| t.everything)}</option>
                    {ACTION_GROUPS.into_iter().enumerate().map(|(i, prefix)| view! {
                        <option value=prefix>{move || texts(i18n.lang.get()).groups[i]}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-who">{tr_in(texts, |t| t.who)}</label>
                <input id="audit-who" type="search" data-testid="audit-who"
                    prop:value=move || who.get() on:input=move |ev| who.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="audit-from">{tr_in(texts, |t| t.from)}</label>
                <input id="audit-from" type="date" data-testid="audit-from"
                    prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="audit-until">{tr_in(texts, |t| t.until)}</label>
                <input id="audit-until" type="date" data-testid="audit-until"
                    prop:value=move || until.get() on:input=move |ev| until.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="button" data-testid="audit-show">{tr_in(texts, |t| t.show)}</button>
        </form>
        {move || {
            let t = texts(i18n.lang.get());
            match state.get() {
                None => view! { <p class="status" role="status">{t.loading}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="form-error" role="alert">{t.failed}</p> }.into_any(),
                Some(Ok(())) if items.with(Vec::is_empty) => view! { <p data-testid="audit-none">{t.none}</p> }.into_any(),
                Some(Ok(())) => view! {
                    <ul class="list" data-testid="audit-list">
                        {items.get().into_iter().map(row).collect_view()}
                    </ul>
                    {next.get().is_some().then(|| view! {
                        <button type="button" class="button button-light" data-testid="audit-more"
                            on:click=move |_| fetch.with_value(|f| f(true))>{t.more}</button>
                    })}
                }.into_any(),
            }
        }}
    }
}
