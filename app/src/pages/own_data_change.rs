//! Pembaruan data mandiri on "Data saya": a member asks for their name, phone or address to be
//! changed, with or without a signal. The request waits in the outbox, reaches the cooperative's
//! pengurus, and its outcome (approved, or rejected with a reason) shows here.

use kopdes_domain::Lang;
use kopdes_domain::api::{ErrorCode, FieldError};
use kopdes_domain::form::{Answer, Answers};
use kopdes_domain::format;
use kopdes_domain::member::{ChangeRequest, Member, OwnData, OwnDataChange, RequestStatus};
use kopdes_domain::phone::Phone;
use kopdes_domain::sync::{Change, Operation};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::TextField;
use crate::device::use_store;
use crate::drafts::{self, Draft};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::use_reader;
use crate::outbox::{self, Entry, EntryState};
use crate::session::account_id;
use crate::sync::SyncNews;

struct Texts {
    title: &'static str,
    intro: &'static str,
    start: &'static str,
    name: &'static str,
    phone: &'static str,
    phone_hint: &'static str,
    address: &'static str,
    send: &'static str,
    cancel: &'static str,
    unchanged: &'static str,
    saved: &'static str,
    not_saved: &'static str,
    requests: &'static str,
    none: &'static str,
    queued: &'static str,
    pending: &'static str,
    approved: &'static str,
    rejected: &'static str,
    refused: &'static str,
    reason: &'static str,
    fix: &'static str,
    discard: &'static str,
    empty: &'static str,
}

const ID: Texts = Texts {
    title: "Ubah data saya",
    intro: "Nama, nomor HP dan alamat bisa Anda ubah sendiri, juga tanpa sinyal. Pengurus koperasi memeriksanya dulu sebelum data berubah. NIK dan tanggal hanya bisa diubah pengurus.",
    start: "Ajukan perubahan",
    name: "Nama lengkap",
    phone: "Nomor HP",
    phone_hint: "Boleh dikosongkan. Contoh: 0812 3456 7890.",
    address: "Alamat",
    send: "Kirim ke pengurus",
    cancel: "Batal",
    unchanged: "Belum ada yang diubah.",
    saved: "Tersimpan di ponsel. Dikirim ke pengurus saat ada sambungan.",
    not_saved: "Belum tersimpan: penyimpanan ponsel gagal atau penuh. Isian Anda masih di layar.",
    requests: "Permintaan perubahan",
    none: "Belum ada permintaan.",
    queued: "Menunggu dikirim",
    pending: "Menunggu persetujuan pengurus",
    approved: "Disetujui",
    rejected: "Ditolak",
    refused: "Tidak diterima server: perbaiki atau buang",
    reason: "Alasan:",
    fix: "Perbaiki",
    discard: "Buang",
    empty: "(kosong)",
};

const EN: Texts = Texts {
    title: "Change my data",
    intro: "You can change your name, phone number and address yourself, even without a signal. The cooperative's officers check the change before it applies. Only the officers can change the NIK and dates.",
    start: "Request a change",
    name: "Full name",
    phone: "Phone number",
    phone_hint: "May be left empty. Example: 0812 3456 7890.",
    address: "Address",
    send: "Send to the officers",
    cancel: "Cancel",
    unchanged: "Nothing has been changed yet.",
    saved: "Saved on this phone. It goes to the officers when there is a connection.",
    not_saved: "Not saved: the phone's storage failed or is full. What you typed is still on the screen.",
    requests: "Change requests",
    none: "No requests yet.",
    queued: "Waiting to be sent",
    pending: "Waiting for the officers' approval",
    approved: "Approved",
    rejected: "Rejected",
    refused: "Not accepted by the server: fix or discard",
    reason: "Reason:",
    fix: "Fix",
    discard: "Discard",
    empty: "(empty)",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// One line of the request list: what was asked, and where it stands.
#[derive(Clone, PartialEq)]
enum Item {
    /// Still on the phone (or refused by the server and set aside).
    Waiting(Entry, OwnDataChange),
    Sent(ChangeRequest),
}

/// The draft of a request, one per member record; it lives until the request is sent.
fn draft_id(member_id: &str) -> String {
    format!("own-data-{member_id}")
}

fn phone_text(data: &OwnData) -> String {
    data.phone.as_ref().map(|p| p.local()).unwrap_or_default()
}

#[component]
pub fn OwnDataChangeCard(
    member: Member,
    /// A member who left asks for nothing more, but still reads how earlier requests ended.
    active: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let store = use_store();
    let account = account_id();
    let news = expect_context::<SyncNews>().0;
    let member_id = StoredValue::new(member.id.clone());
    let cooperative_id = StoredValue::new(member.cooperative_id.clone());
    let current = StoredValue::new(OwnData {
        name: member.name.clone(),
        phone: member.phone.clone(),
        address: member.address.clone(),
    });
    let items = RwSignal::new(Vec::<Item>::new());
    let editing = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    // The refused entry a corrected request replaces, in the same transaction.
    let replaces = StoredValue::new(Vec::<Entry>::new());
    let form = FormState::new(i18n);
    let notice = RwSignal::new(None::<(fn(&'static Texts) -> &'static str, bool)>);

    let load = {
        let (store, account) = (store.clone(), account.clone());
        move || {
            let (reader, store, account) = (reader.clone(), store.clone(), account.clone());
            let member_id = member_id.get_value();
            spawn_local(async move {
                let mut list = Vec::new();
                if let Some(store) = &store {
                    for entry in outbox::entries(store, &account).await.unwrap_or_default() {
                        if let Some(change) = entry.own_data_change()
                            && change.member_id == member_id
                        {
                            list.push(Item::Waiting(entry, change));
                        }
                    }
                    list.reverse();
                }
                if let Ok(sent) = reader
                    .get::<Vec<ChangeRequest>>("/api/me/change-requests")
                    .await
                {
                    list.extend(
                        sent.value
                            .into_iter()
                            .filter(|r| r.member_id == member_id)
                            .map(Item::Sent),
                    );
                }
                items.set(list);
            });
        }
    };
    let load = StoredValue::new_local(load);
    Effect::new(move |_| {
        news.track();
        load.with_value(|l| l());
    });

    // A request being written survives a reload: reopen it where it was left.
    {
        let (store, account) = (store.clone(), account.clone());
        spawn_local(async move {
            let Some(store) = store else { return };
            if let Ok(Some(draft)) =
                drafts::find(&store, &account, &draft_id(&member_id.get_value())).await
            {
                let answers = draft.answers();
                let text = |key: &str| match answers.get(key) {
                    Some(Answer::One(v)) => v.clone(),
                    _ => String::new(),
                };
                name.set(text("name"));
                phone.set(text("phone"));
                address.set(text("address"));
                editing.set(true);
            }
        });
    }

    let save_draft = {
        let (store, account) = (store.clone(), account.clone());
        move || {
            let Some(store) = store.clone() else { return };
            let account = account.clone();
            let answers: Answers = [("name", name), ("phone", phone), ("address", address)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), Answer::One(v.get_untracked())))
                .collect();
            let draft = Draft {
                id: draft_id(&member_id.get_value()),
                form_id: "own-data".to_owned(),
                cooperative_id: cooperative_id.get_value(),
                unit_id: None,
                answers: serde_json::to_string(&answers).unwrap_or_default(),
                updated_at: js_sys::Date::now(),
            };
            spawn_local(async move {
                let _ = drafts::save(&store, &account, &draft).await;
            });
        }
    };
    let save_draft = StoredValue::new(save_draft);
    Effect::new(move |first: Option<()>| {
        name.track();
        phone.track();
        address.track();
        if first.is_some() && editing.get_untracked() {
            save_draft.with_value(|s| s());
        }
    });

    let open = move |from: &OwnDataChange| {
        name.set(from.name.clone());
        phone.set(from.phone.clone().unwrap_or_default());
        address.set(from.address.clone().unwrap_or_default());
        editing.set(true);
        notice.set(None);
    };
    let start = move |_| {
        let now = current.get_value();
        open(&OwnDataChange {
            member_id: member_id.get_value(),
            phone: now.phone.as_ref().map(|p| p.local()),
            address: now.address.clone(),
            name: now.name,
        });
        replaces.set_value(Vec::new());
    };
    let close = {
        let (store, account) = (store.clone(), account.clone());
        move || {
            editing.set(false);
            replaces.set_value(Vec::new());
            form.invalid(Vec::new());
            if let Some(store) = store.clone() {
                let account = account.clone();
                spawn_local(async move {
                    let _ =
                        drafts::discard(&store, &account, &draft_id(&member_id.get_value())).await;
                });
            }
        }
    };
    let close = StoredValue::new(close);

    let submit = {
        let (store, account) = (store.clone(), account.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !form.begin() {
                return;
            }
            let typed = OwnDataChange {
                member_id: member_id.get_value(),
                name: name.get_untracked(),
                phone: Some(phone.get_untracked()),
                address: Some(address.get_untracked()),
            };
            // The same rules the server applies, so a mistake is shown while the person is
            // still here, not days later when the request arrives.
            let data = match typed.parse() {
                Ok(data) => data,
                Err(fields) => return form.invalid(fields),
            };
            if data == current.get_value() {
                return form.invalid(vec![FieldError::new("name", "own_data.unchanged")]);
            }
            let op = Operation {
                id: outbox::new_id(),
                record_id: outbox::new_id(),
                base_version: None,
                change: Change::MemberDataChange(OwnDataChange {
                    member_id: typed.member_id,
                    phone: data.phone.as_ref().map(|p| p.as_str().to_owned()),
                    address: data.address,
                    name: data.name,
                }),
            };
            let entry = Entry::new(&account, &op);
            let (store, account) = (store.clone(), account.clone());
            form.sending();
            spawn_local(async move {
                let draft = draft_id(&member_id.get_value());
                let written = match &store {
                    Some(store) => outbox::write_settling(
                        store,
                        &replaces.get_value(),
                        Some(entry),
                        Some((&account, &draft)),
                    )
                    .await
                    .is_ok(),
                    None => false,
                };
                form.done();
                if written {
                    editing.set(false);
                    replaces.set_value(Vec::new());
                    notice.set(Some((|t| t.saved, false)));
                    load.with_value(|l| l());
                } else {
                    notice.set(Some((|t| t.not_saved, true)));
                }
            });
        }
    };

    let discard = {
        let store = store.clone();
        move |entry: Entry| {
            let Some(store) = store.clone() else { return };
            spawn_local(async move {
                if outbox::write(&store, &[entry], None).await.is_ok() {
                    load.with_value(|l| l());
                }
            });
        }
    };
    let discard = StoredValue::new(discard);

    let unchanged_error = move || {
        (form.code_of("name").as_deref() == Some("own_data.unchanged"))
            .then(|| texts(i18n.lang.get()).unchanged)
    };
    let name_error = form.error("name");
    let name_error = Signal::derive(move || {
        if unchanged_error().is_some() {
            None
        } else {
            name_error.get()
        }
    });

    let list = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let all = items.get();
        if all.is_empty() {
            return view! { <p class="hint" data-testid="own-requests-none">{t.none}</p> }
                .into_any();
        }
        let shown = |value: String| {
            if value.is_empty() {
                t.empty.to_owned()
            } else {
                value
            }
        };
        view! {
            <ul class="list" data-testid="own-requests">
                {all.into_iter().map(|item| match item {
                    Item::Waiting(entry, change) => {
                        let refused = entry.state != EntryState::Queued;
                        let (code, errors) = entry.rejection().unwrap_or_default();
                        // Not about a field (the member left meanwhile, say): the app's words for it.
                        let why = (refused && errors.is_empty())
                            .then(|| crate::json::decode::<ErrorCode>(&format!("\"{code}\"")))
                            .flatten()
                            .map(|code| i18n.t().error(code));
                        let (for_fix, for_discard) = (entry.clone(), entry.clone());
                        let change_for_fix = change.clone();
                        view! {
                            <li data-testid="own-request" data-state=if refused { "refused" } else { "queued" }>
                                <strong class:status-bad=refused>{if refused { t.refused } else { t.queued }}</strong>
                                <span class="hint">" · " {format::moment_wib(entry.made_at as i64, lang)}</span>
                                {why.map(|w| view! { <p class="status-bad" data-testid="own-request-reason">{w}</p> })}
                                <dl class="facts">
                                    <dt>{t.name}</dt><dd>{change.name.clone()}</dd>
                                    <dt>{t.phone}</dt><dd>{shown(change.phone.as_deref().and_then(|p| Phone::parse(p).ok()).map(|p| p.local()).unwrap_or_default())}</dd>
                                    <dt>{t.address}</dt><dd>{shown(change.address.clone().unwrap_or_default())}</dd>
                                </dl>
                                {refused.then(move || view! {
                                    <div class="row-actions">
                                        <button type="button" class="button" data-testid="own-request-fix"
                                            on:click=move |_| {
                                                open(&change_for_fix);
                                                replaces.set_value(vec![for_fix.clone()]);
                                                form.invalid(errors.clone());
                                            }>{t.fix}</button>
                                        <button type="button" class="button button-light" data-testid="own-request-discard"
                                            on:click=move |_| discard.with_value(|d| d(for_discard.clone()))>{t.discard}</button>
                                    </div>
                                })}
                            </li>
                        }.into_any()
                    }
                    Item::Sent(request) => {
                        let (state, label) = match request.status {
                            RequestStatus::Pending => ("pending", t.pending),
                            RequestStatus::Approved => ("approved", t.approved),
                            RequestStatus::Rejected => ("rejected", t.rejected),
                        };
                        let at = request.decided_at.unwrap_or(request.requested_at);
                        view! {
                            <li data-testid="own-request" data-state=state>
                                <strong class:status-bad=request.status == RequestStatus::Rejected>{label}</strong>
                                <span class="hint">" · " {format::moment_wib(at, lang)}</span>
                                {request.reason.clone().map(|r| view! {
                                    <p data-testid="own-request-reason">{t.reason} " " {r}</p>
                                })}
                                <dl class="facts">
                                    <dt>{t.name}</dt><dd>{request.requested.name.clone()}</dd>
                                    <dt>{t.phone}</dt><dd>{shown(phone_text(&request.requested))}</dd>
                                    <dt>{t.address}</dt><dd>{shown(request.requested.address.clone().unwrap_or_default())}</dd>
                                </dl>
                            </li>
                        }.into_any()
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };

    view! {
        <section class="card" data-testid="own-change">
            <h3>{tr_in(texts, |t| t.title)}</h3>
            {move || notice.get().map(|(pick, bad)| view! {
                <p class:form-error=bad class:status=!bad role="status" data-testid="own-change-notice">
                    {pick(texts(i18n.lang.get()))}
                </p>
            })}
            {move || if !active {
                ().into_any()
            } else if editing.get() {
                view! {
                    <form class="form" on:submit=submit.clone() novalidate=true data-testid="own-change-form">
                        <TextField name="name" label=tr_in(texts, |t| t.name) value=name error=name_error
                            autocomplete="name"/>
                        <TextField name="phone" label=tr_in(texts, |t| t.phone) hint=tr_in(texts, |t| t.phone_hint)
                            value=phone error=form.error("phone") input_type="tel" inputmode="tel" autocomplete="tel"/>
                        <TextField name="address" label=tr_in(texts, |t| t.address) value=address
                            error=form.error("address") autocomplete="street-address"/>
                        {move || unchanged_error().map(|e| view! {
                            <p class="form-error" role="alert" data-testid="error-unchanged">{e}</p>
                        })}
                        <div class="row-actions">
                            <button type="submit" class="button" data-testid="own-change-send"
                                disabled=move || form.pending.get()>{tr_in(texts, |t| t.send)}</button>
                            <button type="button" class="button button-light" data-testid="own-change-cancel"
                                on:click=move |_| close.with_value(|c| c())>{tr_in(texts, |t| t.cancel)}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! {
                    <p class="hint">{tr_in(texts, |t| t.intro)}</p>
                    <button type="button" class="button" data-testid="own-change-start" on:click=start>
                        {tr_in(texts, |t| t.start)}
                    </button>
                }.into_any()
            }}
            <h4>{tr_in(texts, |t| t.requests)}</h4>
            {list}
        </section>
    }
}
