//! `/saya/antrean`: what this phone still has to send, when it last reached the server, and
//! what needs the person (conflicts and refusals, each linking to where it is settled).

use kopdes_domain::Lang;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::device::use_store;
use crate::i18n::{tr_in, use_i18n};
use crate::outbox::{self, Entry, EntryState, SyncStatus};
use crate::session::account_id;
use crate::sync::{SyncNews, request_sync};

struct Texts {
    title: &'static str,
    intro: &'static str,
    waiting: &'static str,
    attention: &'static str,
    last_sync: &'static str,
    never: &'static str,
    problem_offline: &'static str,
    problem_network: &'static str,
    problem_server: &'static str,
    problem_sign_in: &'static str,
    retry_at: &'static str,
    send_now: &'static str,
    empty: &'static str,
    profile_change: &'static str,
    form_response: &'static str,
    own_data_change: &'static str,
    state_queued: &'static str,
    state_conflict: &'static str,
    state_rejected: &'static str,
    open: &'static str,
    storage: &'static str,
    storage_kept: &'static str,
    storage_not_kept: &'static str,
    no_storage: &'static str,
}

const ID: Texts = Texts {
    title: "Antrean kirim",
    intro: "Perubahan yang Anda simpan tersimpan dulu di ponsel ini, lalu dikirim otomatis ke server saat ada sinyal.",
    waiting: "Menunggu dikirim",
    attention: "Perlu tindakan Anda",
    last_sync: "Terakhir tersinkron",
    never: "belum pernah",
    problem_offline: "Tidak ada sinyal. Akan dikirim saat ponsel tersambung lagi.",
    problem_network: "Sambungan putus saat mengirim. Dicoba lagi otomatis.",
    problem_server: "Server sedang sibuk. Dicoba lagi otomatis.",
    problem_sign_in: "Sesi Anda berakhir. Masuk lagi agar perubahan bisa dikirim; tidak ada yang hilang.",
    retry_at: "Dicoba lagi sekitar",
    send_now: "Kirim sekarang",
    empty: "Tidak ada perubahan yang menunggu. Semua sudah sampai di server.",
    profile_change: "Perubahan profil koperasi",
    form_response: "Formulir terisi",
    own_data_change: "Permintaan perubahan data saya",
    state_queued: "menunggu dikirim",
    state_conflict: "bentrok dengan perubahan lain: pilih isian",
    state_rejected: "ditolak server: perbaiki atau buang",
    open: "Buka",
    storage: "Penyimpanan ponsel",
    storage_kept: "Permanen: browser tidak akan menghapus data ini saat memori hampir penuh.",
    storage_not_kept: "Belum permanen: bila memori hampir penuh, browser bisa menghapus data situs. Kirim perubahan saat ada sinyal.",
    no_storage: "Browser ini tidak bisa menyimpan data di ponsel, jadi perubahan tidak bisa disimpan tanpa sinyal.",
};

const EN: Texts = Texts {
    title: "Send queue",
    intro: "Changes you save are kept on this phone first, then sent to the server by themselves when there is a signal.",
    waiting: "Waiting to be sent",
    attention: "Need your action",
    last_sync: "Last synced",
    never: "never",
    problem_offline: "No signal. They will be sent when the phone is connected again.",
    problem_network: "The connection dropped while sending. Trying again by itself.",
    problem_server: "The server is busy. Trying again by itself.",
    problem_sign_in: "Your session has ended. Sign in again so the changes can be sent; nothing is lost.",
    retry_at: "Next try around",
    send_now: "Send now",
    empty: "No changes are waiting. Everything has reached the server.",
    profile_change: "Cooperative profile change",
    form_response: "Filled-in form",
    own_data_change: "Request to change my data",
    state_queued: "waiting to be sent",
    state_conflict: "clashes with another change: choose the entries",
    state_rejected: "refused by the server: fix or discard",
    open: "Open",
    storage: "Phone storage",
    storage_kept: "Persistent: the browser will not delete this data when storage runs low.",
    storage_not_kept: "Not persistent: when storage runs low the browser may delete site data. Send your changes when you have a signal.",
    no_storage: "This browser cannot keep data on the phone, so changes cannot be saved without a signal.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[derive(Clone, Default)]
struct Queue {
    entries: Vec<Entry>,
    status: SyncStatus,
    persisted: Option<bool>,
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let account = account_id();
    let news = expect_context::<SyncNews>().0;
    let queue = RwSignal::new(None::<Queue>);
    let has_store = store.is_some();
    Effect::new(move |_| {
        news.track();
        let (store, account) = (store.clone(), account.clone());
        spawn_local(async move {
            let Some(store) = store else { return };
            let entries = outbox::entries(&store, &account).await.unwrap_or_default();
            let status = outbox::status(&store, &account).await;
            queue.set(Some(Queue {
                entries,
                status,
                persisted: crate::device::storage_persisted().await,
            }));
        });
    });

    let moment = move |ms: f64| format::moment_wib(ms as i64, i18n.lang.get());
    let summary = move || {
        let q = queue.get()?;
        let t = texts(i18n.lang.get());
        let waiting = q
            .entries
            .iter()
            .filter(|e| e.state == EntryState::Queued)
            .count();
        let attention = q.entries.len() - waiting;
        let problem = q.status.problem.as_deref().and_then(|p| match p {
            "offline" => Some(t.problem_offline),
            "network" => Some(t.problem_network),
            "server" => Some(t.problem_server),
            "sign_in" => Some(t.problem_sign_in),
            _ => None,
        });
        Some(view! {
            <dl class="facts" data-testid="sync-summary">
                <dt>{t.waiting}</dt><dd data-testid="waiting-count">{waiting}</dd>
                <dt>{t.attention}</dt><dd data-testid="attention-count">{attention}</dd>
                <dt>{t.last_sync}</dt>
                <dd data-testid="last-sync">{q.status.last_ok.map(moment).unwrap_or_else(|| t.never.to_owned())}</dd>
            </dl>
            {(!q.entries.is_empty()).then_some(problem).flatten().map(|p| view! {
                <p class="status status-bad" data-testid="sync-problem">{p}</p>
            })}
            {q.status.retry_at.filter(|_| waiting > 0).map(|at| view! {
                <p class="hint">{t.retry_at} " " {moment(at)}</p>
            })}
            <p class="hint" data-testid="storage-state">{t.storage} ": "
                {match q.persisted {
                    Some(true) => t.storage_kept,
                    _ => t.storage_not_kept,
                }}
            </p>
        })
    };
    let list = move || {
        let q = queue.get()?;
        let t = texts(i18n.lang.get());
        if q.entries.is_empty() {
            return Some(
                view! { <p class="status" data-testid="queue-empty">{t.empty}</p> }.into_any(),
            );
        }
        Some(view! {
            <ul class="list" data-testid="queue">
                {q.entries.into_iter().map(|e| {
                    let state = match e.state {
                        EntryState::Queued => t.state_queued,
                        EntryState::Conflict => t.state_conflict,
                        EntryState::Rejected => t.state_rejected,
                    };
                    // Where the entry is settled: the cooperative page, the form's page, or "Data saya".
                    let (what, href) = match (e.kind.as_str(), e.form_response()) {
                        (_, Some(r)) => (t.form_response, format!("/koperasi/{}/formulir/{}", r.cooperative_id, r.form_id)),
                        ("member_data_change", _) => (t.own_data_change, "/saya".to_owned()),
                        _ => (t.profile_change, format!("/koperasi/{}", e.record)),
                    };
                    view! {
                        <li data-testid="queue-item" data-state=format!("{:?}", e.state).to_lowercase()>
                            <strong>{what}</strong>
                            <span class="hint">" · " {moment(e.made_at)}</span><br/>
                            <span class:status-bad=e.state != EntryState::Queued>{state}</span>
                            " " <A href=href>{t.open}</A>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any())
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        {(!has_store).then(|| view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.no_storage)}</p> })}
        {summary}
        <button type="button" class="button button-light" data-testid="send-now"
            on:click=move |_| request_sync()>{tr_in(texts, |t| t.send_now)}</button>
        {list}
    }
}
