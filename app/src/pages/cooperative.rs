//! One cooperative: its profile and status, and what the person looking at it may do next.
//! Its pengurus edit the profile and submit it; a dinas admin of its region verifies it or
//! returns it with reasons. Every step lands in the server's audit log.

use kopdes_domain::Lang;
use kopdes_domain::account::Me;
use kopdes_domain::cooperative::{
    Cooperative, CooperativeEvent, CooperativeProfile, CooperativeStatus, CooperativeStep,
    ProfileInput,
};
use kopdes_domain::date::Date;
use kopdes_domain::format;
use kopdes_domain::sync::{Change, Operation};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::clock::today;
use crate::components::{KeptNotice, TextField};
use crate::device::use_store;
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::outbox::{self, Entry, EntryState};
use crate::pages::cooperative_figures::CooperativeFigures;
use crate::pages::cooperatives::{scheme_text, status_text};
use crate::session::account_id;
use crate::session::use_session;
use crate::store::StoreError;
use crate::sync::SyncNews;

struct Texts {
    loading: &'static str,
    failed: &'static str,
    returned_because: &'static str,
    profile: &'static str,
    name: &'static str,
    legal_entity_number: &'static str,
    legal_entity_date: &'static str,
    nik_koperasi: &'static str,
    address: &'static str,
    established_on: &'static str,
    phone: &'static str,
    email: &'static str,
    edit: &'static str,
    save: &'static str,
    cancel: &'static str,
    submit: &'static str,
    submit_hint: &'static str,
    verify: &'static str,
    return_title: &'static str,
    reasons: &'static str,
    reasons_hint: &'static str,
    return_button: &'static str,
    members: &'static str,
    audit: &'static str,
    officers: &'static str,
    units: &'static str,
    forms: &'static str,
    savings: &'static str,
    queued: &'static str,
    queued_hint: &'static str,
    wait_for_sending: &'static str,
    conflict_title: &'static str,
    conflict_intro: &'static str,
    conflict_locked: &'static str,
    mine: &'static str,
    server: &'static str,
    keep_choice: &'static str,
    discard: &'static str,
    rejected_title: &'static str,
    rejected_forbidden: &'static str,
    rejected_other: &'static str,
    fix: &'static str,
    not_saved: &'static str,
    not_saved_full: &'static str,
    missing_before_submit: &'static str,
    missing_before_verify: &'static str,
    verify_confirm: &'static str,
    history: &'static str,
    scheme: &'static str,
    step_registered: &'static str,
    step_submitted: &'static str,
    step_returned: &'static str,
    step_verified: &'static str,
    by: &'static str,
}

const ID: Texts = Texts {
    loading: "Memuat data koperasi…",
    failed: "Data koperasi belum bisa dimuat dan belum tersimpan di ponsel. Buka lagi saat ada sinyal.",
    returned_because: "Alasan dikembalikan:",
    profile: "Profil koperasi",
    name: "Nama koperasi",
    legal_entity_number: "Nomor badan hukum",
    legal_entity_date: "Tanggal badan hukum",
    nik_koperasi: "NIK koperasi",
    address: "Alamat",
    established_on: "Tanggal berdiri",
    phone: "Nomor HP koperasi",
    email: "Email",
    edit: "Ubah profil",
    save: "Simpan profil",
    cancel: "Batal",
    submit: "Kirim ke dinas untuk verifikasi",
    submit_hint: "Setelah dikirim, profil tidak bisa diubah sampai dinas memeriksanya.",
    verify: "Verifikasi koperasi",
    return_title: "Kembalikan untuk diperbaiki",
    reasons: "Alasan",
    reasons_hint: "Tulis apa yang harus diperbaiki pengurus.",
    return_button: "Kembalikan",
    members: "Anggota",
    audit: "Jejak audit",
    officers: "Pengurus dan pengawas",
    units: "Gerai usaha",
    forms: "Formulir",
    savings: "Simpanan anggota",
    queued: "Perubahan belum terkirim",
    queued_hint: "Tersimpan di ponsel ini dan dikirim otomatis saat ada sinyal. Yang tampil di atas adalah isian Anda.",
    wait_for_sending: "Tunggu sampai perubahan profil terkirim sebelum mengirim ke dinas.",
    conflict_title: "Profil diubah orang lain",
    conflict_intro: "Selagi perubahan Anda menunggu, profil ini diubah di server. Pilih isian yang benar untuk tiap kolom, lalu simpan.",
    conflict_locked: "Profil ini sudah dikirim ke dinas, jadi perubahan Anda tidak bisa diterapkan. Catat isian Anda bila perlu, lalu buang.",
    mine: "Isian saya",
    server: "Di server",
    keep_choice: "Simpan pilihan",
    discard: "Buang perubahan saya",
    rejected_title: "Perubahan ditolak server",
    rejected_forbidden: "Anda tidak lagi berhak mengubah profil koperasi ini.",
    rejected_other: "Server tidak bisa menerapkan perubahan ini.",
    fix: "Perbaiki",
    not_saved: "Perubahan BELUM tersimpan: ponsel gagal menyimpannya. Coba lagi.",
    not_saved_full: "Perubahan BELUM tersimpan: memori ponsel penuh. Kosongkan ruang, lalu simpan lagi.",
    missing_before_submit: "Lengkapi dulu sebelum dikirim ke dinas:",
    missing_before_verify: "Profil belum lengkap, jadi belum bisa diverifikasi. Kembalikan ke pengurus dengan alasan. Yang kosong:",
    verify_confirm: "Verifikasi {}? Status terverifikasi tercatat di riwayat koperasi dan jejak audit.",
    history: "Riwayat",
    scheme: "Skema",
    step_registered: "Didaftarkan",
    step_submitted: "Dikirim ke dinas",
    step_returned: "Dikembalikan untuk diperbaiki",
    step_verified: "Diverifikasi",
    by: "oleh",
};

const EN: Texts = Texts {
    loading: "Loading the cooperative…",
    failed: "The cooperative could not be loaded and is not kept on the phone yet. Open it again when you have a signal.",
    returned_because: "Returned because:",
    profile: "Cooperative profile",
    name: "Cooperative name",
    legal_entity_number: "Legal entity number",
    legal_entity_date: "Legal entity date",
    nik_koperasi: "Cooperative NIK",
    address: "Address",
    established_on: "Founded on",
    phone: "Cooperative mobile number",
    email: "E-mail",
    edit: "Edit profile",
    save: "Save profile",
    cancel: "Cancel",
    submit: "Send to the district office to verify",
    submit_hint: "Once sent, the profile cannot be changed until the office has checked it.",
    verify: "Verify cooperative",
    return_title: "Return to be fixed",
    reasons: "Reasons",
    reasons_hint: "Write what the officers must fix.",
    return_button: "Return",
    members: "Members",
    audit: "Audit trail",
    officers: "Officers and supervisors",
    units: "Business units",
    forms: "Forms",
    savings: "Members' savings",
    queued: "Changes not sent yet",
    queued_hint: "Kept on this phone and sent by itself when there is a signal. What you see above is what you entered.",
    wait_for_sending: "Wait until the profile changes have been sent before sending it to the district office.",
    conflict_title: "Someone else changed the profile",
    conflict_intro: "While your changes waited, this profile was changed on the server. Choose the right entry for each field, then save.",
    conflict_locked: "This profile has been sent to the district office, so your changes cannot be applied. Note your entries if needed, then discard them.",
    mine: "My entry",
    server: "On the server",
    keep_choice: "Save my choices",
    discard: "Discard my changes",
    rejected_title: "The server refused the change",
    rejected_forbidden: "You may no longer change this cooperative's profile.",
    rejected_other: "The server cannot apply this change.",
    fix: "Fix it",
    not_saved: "The change is NOT saved: the phone could not store it. Try again.",
    not_saved_full: "The change is NOT saved: the phone's storage is full. Free some space, then save again.",
    missing_before_submit: "Fill these in before sending it to the district office:",
    missing_before_verify: "The profile is incomplete, so it cannot be verified yet. Return it to the officers with reasons. Empty:",
    verify_confirm: "Verify {}? The verified status is kept in the cooperative's history and the audit trail.",
    history: "History",
    scheme: "Scheme",
    step_registered: "Registered",
    step_submitted: "Sent to the district office",
    step_returned: "Returned to be fixed",
    step_verified: "Verified",
    by: "by",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// The cooperative as last read, and this person's changes to it still in the outbox.
#[derive(Clone, PartialEq)]
struct Shown {
    loaded: Loaded<Cooperative>,
    chain: Vec<Entry>,
}

#[component]
pub fn CooperativePage(id: String) -> impl IntoView {
    let reader = use_reader();
    let store = use_store();
    let account = account_id();
    let news = expect_context::<SyncNews>().0;
    let shown = RwSignal::new(None::<Result<Shown, ApiFailure>>);
    // Lifted out of the view so that news from the sync engine never rebuilds an open form.
    let editing = RwSignal::new(false);
    let reload = move || {
        let (reader, store, account) = (reader.clone(), store.clone(), account.clone());
        let path = format!("/api/cooperatives/{id}");
        let id = id.clone();
        spawn_local(async move {
            let loaded = reader.get::<Cooperative>(&path).await;
            let chain = match &store {
                Some(store) => outbox::of_record(store, &account, &id)
                    .await
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            let next = Some(loaded.map(|loaded| Shown { loaded, chain }));
            // News from the sync engine usually changes nothing here; redrawing the same page
            // anyway would make it jump under the reader's thumb. `maybe_update`, not a read:
            // the page may have been left while this loaded, and reading a disposed signal
            // panics (which ends the whole app), where updating one does nothing.
            shown.maybe_update(|now| {
                let changed = *now != next;
                if changed {
                    *now = next;
                }
                changed
            });
        });
    };
    let reload = StoredValue::new_local(reload);
    let refresh = move || reload.with_value(|r| r());
    Effect::new(move |_| {
        news.track();
        if !editing.get_untracked() {
            refresh();
        }
    });

    view! {
        {move || match shown.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! {
                <p class="form-error" role="alert" data-testid="load-failed">{tr_in(texts, |t| t.failed)}</p>
            }.into_any(),
            Some(Ok(Shown { loaded: Loaded { value, kept_at }, chain })) => view! {
                <KeptNotice kept_at/>
                <CooperativeView cooperative=value chain offline=kept_at.is_some() editing refresh/>
            }.into_any(),
        }}
    }
}

/// The profile's rows for a definition list, in the current language.
fn profile_facts(profile: &CooperativeProfile, lang: Lang) -> impl IntoView + use<> {
    let t = texts(lang);
    let blank = crate::i18n::texts(lang).not_filled;
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| blank.to_owned());
    let date = |v: Option<Date>| {
        v.map(|d| format::date(d, lang))
            .unwrap_or_else(|| blank.to_owned())
    };
    let p = profile;
    [
        (t.legal_entity_number, text(&p.legal_entity_number)),
        (t.legal_entity_date, date(p.legal_entity_date)),
        (t.nik_koperasi, text(&p.nik_koperasi)),
        (t.address, text(&p.address)),
        (t.established_on, date(p.established_on)),
        (
            t.phone,
            p.phone
                .as_ref()
                .map(|p| p.local())
                .unwrap_or_else(|| blank.to_owned()),
        ),
        (t.email, text(&p.email)),
    ]
    .into_iter()
    .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
    .collect_view()
}

#[component]
fn CooperativeView(
    cooperative: Cooperative,
    chain: Vec<Entry>,
    offline: bool,
    editing: RwSignal<bool>,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_session().me.get_untracked();
    let is_pengurus = me
        .as_ref()
        .is_some_and(|m: &Me| m.is_pengurus_of(&cooperative.id));
    let is_admin = me
        .as_ref()
        .is_some_and(|m| m.administers(&cooperative.village));
    let status = cooperative.status;
    let scheme = cooperative.scheme;
    let action = FormState::new(i18n);
    let id = cooperative.id.clone();

    // The chain: what this person changed and the server has not applied yet. A set-aside entry
    // (conflict, rejection) needs them first; queued ones show as what the profile will be.
    let attention = chain
        .iter()
        .find(|e| e.state != EntryState::Queued)
        .cloned();
    let queued = chain
        .iter()
        .rev()
        .find_map(|e| Some((e.profile()?, e.base_version()? + 1)));
    let (profile, next_version) = queued
        .clone()
        .unwrap_or_else(|| (cooperative.profile.clone(), cooperative.version));
    let has_queued = queued.is_some();

    let act = {
        let id = id.clone();
        move |step: &'static str| {
            if !action.begin() {
                return;
            }
            action.sending();
            let id = id.clone();
            spawn_local(async move {
                match api::cooperative_step(&id, step).await {
                    Ok(_) => {
                        action.done();
                        refresh();
                    }
                    Err(failure) => action.failed(failure),
                }
            });
        }
    };
    let act = StoredValue::new(act);

    // Savings are personal financial data: only the cooperative's own officers see the ledger.
    let officer = is_pengurus
        || me.as_ref().is_some_and(|m: &Me| {
            m.has_role_in(&cooperative.id, kopdes_domain::account::Role::Pengawas)
        });
    let links = {
        let id = id.clone();
        view! {
            <nav class="link-list">
                <A href=format!("/koperasi/{id}/anggota") attr:class="button button-light">{tr_in(texts, |t| t.members)}</A>
                <A href=format!("/koperasi/{id}/pengurus") attr:class="button button-light">{tr_in(texts, |t| t.officers)}</A>
                <A href=format!("/koperasi/{id}/gerai") attr:class="button button-light">{tr_in(texts, |t| t.units)}</A>
                <A href=format!("/koperasi/{id}/formulir") attr:class="button button-light" attr:data-testid="forms-link">{tr_in(texts, |t| t.forms)}</A>
                {officer.then(|| view! {
                    <A href=format!("/koperasi/{id}/simpanan") attr:class="button button-light" attr:data-testid="savings-link">{tr_in(texts, |t| t.savings)}</A>
                })}
                {is_admin.then(|| view! {
                    <A href=format!("/koperasi/dasbor/jejak?koperasi={id}") attr:class="button button-light" attr:data-testid="audit-link">{tr_in(texts, |t| t.audit)}</A>
                })}
            </nav>
        }
    };

    let profile_card = {
        let (profile, id) = (profile.clone(), id.clone());
        let (chain, cooperative) = (chain.clone(), cooperative.clone());
        move || {
            if let Some(entry) = attention.clone() {
                return view! {
                    <SetAside entry chain=chain.clone() cooperative=cooperative.clone() refresh/>
                }
                .into_any();
            }
            if editing.get() {
                return view! {
                    <ProfileForm
                        id=id.clone()
                        base_version=next_version
                        input=ProfileInput::of(&profile)
                        errors=Vec::new()
                        replaces=Vec::new()
                        on_done=move || { editing.set(false); refresh(); }
                        on_cancel=move || { editing.set(false); refresh(); }
                    />
                }
                .into_any();
            }
            let profile = profile.clone();
            let missing = profile.missing_for_verification();
            view! {
                <section class="card">
                    <h2>{tr_in(texts, |t| t.profile)}</h2>
                    {has_queued.then(|| view! {
                        <p class="status status-bad" data-testid="queued-note">{tr_in(texts, |t| t.queued)}</p>
                        <p class="hint">{tr_in(texts, |t| t.queued_hint)}</p>
                    })}
                    <dl class="facts" data-testid="profile">
                        {move || profile_facts(&profile, i18n.lang.get())}
                    </dl>
                    {(is_pengurus && status.editable()).then(|| view! {
                        <button type="button" class="button button-light" data-testid="edit-profile"
                            on:click=move |_| editing.set(true)>{tr_in(texts, |t| t.edit)}</button>
                    })}
                    {(is_pengurus && status.editable() && !offline).then(|| if has_queued {
                        view! { <p class="hint" data-testid="wait-for-sending">{tr_in(texts, |t| t.wait_for_sending)}</p> }.into_any()
                    } else if !missing.is_empty() {
                        view! { <MissingFields intro=tr_in(texts, |t| t.missing_before_submit) missing=missing.clone()/> }.into_any()
                    } else {
                        view! {
                            <p class="hint">{tr_in(texts, |t| t.submit_hint)}</p>
                            <button type="button" class="button" data-testid="submit-profile"
                                disabled=move || action.pending.get()
                                on:click=move |_| act.with_value(|a| a("submit"))>{tr_in(texts, |t| t.submit)}</button>
                        }.into_any()
                    })}
                </section>
            }
            .into_any()
        }
    };

    view! {
        <h1 data-testid="cooperative-name">{profile.name.clone()}</h1>
        <p class="hint">{cooperative.village_name.clone()} " · " {cooperative.village.to_string()}</p>
        <p class="status" class:status-bad=status == CooperativeStatus::Returned
            data-testid="cooperative-status" data-status=status.as_str()>
            {move || status_text(i18n.lang.get(), status)}
        </p>
        <p class="hint" data-testid="cooperative-scheme">
            {tr_in(texts, |t| t.scheme)} ": " {move || scheme_text(i18n.lang.get(), scheme)}
        </p>
        {cooperative.return_reasons.clone().map(|r| view! {
            <div class="card card-alert" data-testid="return-reasons">
                <p>{tr_in(texts, |t| t.returned_because)}</p>
                <p class="multiline">{r}</p>
            </div>
        })}
        {links}
        {officer.then(|| view! { <CooperativeFigures id=cooperative.id.clone()/> })}
        {profile_card}
        {(is_admin && status == CooperativeStatus::Submitted && !offline).then(|| {
            let missing = cooperative.profile.missing_for_verification();
            let name = cooperative.profile.name.clone();
            let verify = move |_| {
                let question = texts(i18n.lang.get_untracked()).verify_confirm.replace("{}", &name);
                if crate::dialog::confirmed(&question) {
                    act.with_value(|a| a("verify"));
                }
            };
            view! {
                <section class="card" data-testid="verification">
                    {if missing.is_empty() {
                        view! {
                            <button type="button" class="button" data-testid="verify"
                                disabled=move || action.pending.get()
                                on:click=verify>{tr_in(texts, |t| t.verify)}</button>
                        }.into_any()
                    } else {
                        view! { <MissingFields intro=tr_in(texts, |t| t.missing_before_verify) missing/> }.into_any()
                    }}
                    <ReturnForm id=id.clone() on_done=refresh/>
                </section>
            }
        })}
        {move || action.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="action-error">{m}</p> })}
        <CooperativeHistory id=cooperative.id.clone()/>
    }
}

/// A change the server did not apply: a conflict to choose in, field by field, or a rejection
/// to fix. Either way the person decides; nothing is dropped without their tap.
#[component]
fn SetAside(
    entry: Entry,
    chain: Vec<Entry>,
    cooperative: Cooperative,
    refresh: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let store = use_store();
    // The person's latest intent: the last change of the chain.
    let mine = chain
        .iter()
        .rev()
        .find_map(Entry::profile)
        .map(|p| ProfileInput::of(&p))
        .unwrap_or_default();
    let fixing = RwSignal::new(false);
    let chain = StoredValue::new(chain);

    let settle = {
        let store = store.clone();
        move |add: Option<Entry>| {
            let Some(store) = store.clone() else { return };
            if !form.begin() {
                return;
            }
            form.sending();
            spawn_local(async move {
                match outbox::write(&store, &chain.get_value(), add).await {
                    Ok(()) => {
                        form.done();
                        refresh();
                    }
                    Err(error) => {
                        form.done();
                        form.message.set(Some(
                            not_saved(i18n.lang.get_untracked(), &error).to_owned(),
                        ));
                    }
                }
            });
        }
    };
    let settle = StoredValue::new(settle);
    let discard = move |_| settle.with_value(|s| s(None));
    let discard_button = move || {
        view! {
            <button type="button" class="button button-light" data-testid="discard-change"
                disabled=move || form.pending.get() on:click=discard>{tr_in(texts, |t| t.discard)}</button>
        }
    };
    let error_line = move || {
        form.message
            .get()
            .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
    };

    match (entry.state, entry.conflict_cooperative()) {
        (EntryState::Conflict, Some(current)) => {
            if !current.status.editable() {
                return view! {
                    <section class="card card-alert" data-testid="conflict">
                        <h2>{tr_in(texts, |t| t.conflict_title)}</h2>
                        <p>{tr_in(texts, |t| t.conflict_locked)}</p>
                        <dl class="facts">{move || profile_facts(&current.profile, i18n.lang.get())}</dl>
                        {discard_button()}
                        {error_line}
                    </section>
                }.into_any();
            }
            let theirs = ProfileInput::of(&current.profile);
            let differing: Vec<usize> = (0..ProfileInput::FIELDS.len())
                .filter(|&i| mine.field(i) != theirs.field(i))
                .collect();
            // Per differing field: true when the server's entry is chosen. Mine by default.
            let take_server = RwSignal::new(vec![false; ProfileInput::FIELDS.len()]);
            let labels = move |i: usize| field_label(texts(i18n.lang.get()), i);
            let blank = move || i18n.t().not_filled;
            let shown = |v: &str| (!v.is_empty()).then(|| v.to_owned());
            let rows = differing.iter().map(|&i| {
                let (a, b) = (shown(mine.field(i)), shown(theirs.field(i)));
                let name = ProfileInput::FIELDS[i];
                view! {
                    <fieldset class="choice" data-testid=format!("conflict-{name}")>
                        <legend>{move || labels(i)}</legend>
                        <label><input type="radio" name=name checked=true data-testid="take-mine"
                            on:change=move |_| take_server.update(|c| c[i] = false)/>
                            <span><span class="hint">{tr_in(texts, |t| t.mine)}": "</span>
                            {move || a.clone().unwrap_or_else(|| blank().to_owned())}</span></label>
                        <label><input type="radio" name=name data-testid="take-server"
                            on:change=move |_| take_server.update(|c| c[i] = true)/>
                            <span><span class="hint">{tr_in(texts, |t| t.server)}": "</span>
                            {move || b.clone().unwrap_or_else(|| blank().to_owned())}</span></label>
                    </fieldset>
                }
            }).collect_view();
            let (id, version) = (current.id.clone(), current.version);
            let account = entry.account.clone();
            let keep = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let mut chosen = mine.clone();
                for (i, take) in take_server.get_untracked().into_iter().enumerate() {
                    if take {
                        *chosen.field_mut(i) = theirs.field(i).to_owned();
                    }
                }
                match chosen.parse(today()) {
                    Ok(profile) => {
                        let op = Operation {
                            id: outbox::new_id(),
                            record_id: id.clone(),
                            base_version: Some(version),
                            change: Change::CooperativeProfile(profile),
                        };
                        settle.with_value(|s| s(Some(Entry::new(&account, &op))));
                    }
                    Err(fields) => form.invalid(fields),
                }
            };
            view! {
                <form class="card card-alert form" data-testid="conflict" on:submit=keep>
                    <h2>{tr_in(texts, |t| t.conflict_title)}</h2>
                    <p>{tr_in(texts, |t| t.conflict_intro)}</p>
                    {rows}
                    {error_line}
                    <button type="submit" class="button" data-testid="keep-choice"
                        disabled=move || form.pending.get()>{tr_in(texts, |t| t.keep_choice)}</button>
                    {discard_button()}
                </form>
            }.into_any()
        }
        _ => {
            let (code, fields) = entry
                .rejection()
                .unwrap_or_else(|| ("rejected".to_owned(), Vec::new()));
            let base = cooperative.version;
            let id = cooperative.id.clone();
            let fields_for_form = fields.clone();
            let reason = move || {
                let t = texts(i18n.lang.get());
                match code.as_str() {
                    "invalid_input" => None,
                    "forbidden" => Some(t.rejected_forbidden),
                    _ => Some(t.rejected_other),
                }
            };
            let listed = fields.into_iter().map(|f| view! {
                <li>{move || field_label(texts(i18n.lang.get()), ProfileInput::FIELDS.iter().position(|n| *n == f.field).unwrap_or(0))}
                    ": " {move || i18n.t().field_error(&f.code)}</li>
            }).collect_view();
            view! {
                {move || if fixing.get() {
                    view! {
                        <ProfileForm
                            id=id.clone()
                            base_version=base
                            input=mine.clone()
                            errors=fields_for_form.clone()
                            replaces=chain.get_value()
                            on_done=move || { fixing.set(false); refresh(); }
                            on_cancel=move || fixing.set(false)
                        />
                    }.into_any()
                } else {
                    view! {
                        <section class="card card-alert" data-testid="rejected">
                            <h2>{tr_in(texts, |t| t.rejected_title)}</h2>
                            {reason.clone()}
                            <ul class="errors">{listed.clone()}</ul>
                            <button type="button" class="button" data-testid="fix-change"
                                on:click=move |_| fixing.set(true)>{tr_in(texts, |t| t.fix)}</button>
                            {discard_button()}
                            {error_line}
                        </section>
                    }.into_any()
                }}
            }.into_any()
        }
    }
}

/// A profile field's label by its place in [`ProfileInput::FIELDS`].
fn field_label(t: &Texts, index: usize) -> &'static str {
    [
        t.name,
        t.legal_entity_number,
        t.legal_entity_date,
        t.nik_koperasi,
        t.address,
        t.established_on,
        t.phone,
        t.email,
    ][index.min(7)]
}

fn not_saved(lang: Lang, error: &StoreError) -> &'static str {
    let t = texts(lang);
    match error {
        StoreError::QuotaExceeded => t.not_saved_full,
        _ => t.not_saved,
    }
}

/// The profile form. Saving writes a change to the outbox (replacing `replaces`, the entries a
/// fix settles) on top of `base_version`; the engine sends it when it can.
#[component]
fn ProfileForm(
    id: String,
    base_version: i64,
    input: ProfileInput,
    errors: Vec<kopdes_domain::api::FieldError>,
    replaces: Vec<Entry>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    form.invalid(errors);
    let store = use_store();
    let account = account_id();
    let replaces = StoredValue::new(replaces);
    let name = RwSignal::new(input.name);
    let legal_entity_number = RwSignal::new(input.legal_entity_number);
    let legal_entity_date = RwSignal::new(input.legal_entity_date);
    let nik_koperasi = RwSignal::new(input.nik_koperasi);
    let address = RwSignal::new(input.address);
    let established_on = RwSignal::new(input.established_on);
    let phone = RwSignal::new(input.phone);
    let email = RwSignal::new(input.email);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let typed = ProfileInput {
            name: name.get_untracked(),
            legal_entity_number: legal_entity_number.get_untracked(),
            legal_entity_date: legal_entity_date.get_untracked(),
            nik_koperasi: nik_koperasi.get_untracked(),
            address: address.get_untracked(),
            established_on: established_on.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
        };
        let profile = match typed.parse(today()) {
            Ok(profile) => profile,
            Err(fields) => return form.invalid(fields),
        };
        let Some(store) = store.clone() else {
            form.message
                .set(Some(texts(i18n.lang.get_untracked()).not_saved.to_owned()));
            return;
        };
        let op = Operation {
            id: outbox::new_id(),
            record_id: id.clone(),
            base_version: Some(base_version),
            change: Change::CooperativeProfile(profile),
        };
        let entry = Entry::new(&account, &op);
        form.sending();
        spawn_local(async move {
            match outbox::write(&store, &replaces.get_value(), Some(entry)).await {
                Ok(()) => {
                    form.done();
                    on_done();
                }
                Err(error) => {
                    form.done();
                    form.message.set(Some(
                        not_saved(i18n.lang.get_untracked(), &error).to_owned(),
                    ));
                }
            }
        });
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true data-testid="profile-form">
            <h2>{tr_in(texts, |t| t.profile)}</h2>
            <TextField name="name" label=tr_in(texts, |t| t.name) value=name error=form.error("name")/>
            <TextField name="legal_entity_number" label=tr_in(texts, |t| t.legal_entity_number) value=legal_entity_number error=form.error("legal_entity_number")/>
            <TextField name="legal_entity_date" label=tr_in(texts, |t| t.legal_entity_date) value=legal_entity_date error=form.error("legal_entity_date") input_type="date"/>
            <TextField name="nik_koperasi" label=tr_in(texts, |t| t.nik_koperasi) value=nik_koperasi error=form.error("nik_koperasi")/>
            <TextField name="address" label=tr_in(texts, |t| t.address) value=address error=form.error("address") autocomplete="street-address"/>
            <TextField name="established_on" label=tr_in(texts, |t| t.established_on) value=established_on error=form.error("established_on") input_type="date"/>
            <TextField name="phone" label=tr_in(texts, |t| t.phone) value=phone error=form.error("phone") input_type="tel" inputmode="tel"/>
            <TextField name="email" label=tr_in(texts, |t| t.email) value=email error=form.error("email") input_type="email" inputmode="email"/>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="save-profile" disabled=move || form.pending.get()>
                {tr_in(texts, |t| t.save)}
            </button>
            <button type="button" class="button button-light" on:click=move |_| on_cancel()>{tr_in(texts, |t| t.cancel)}</button>
        </form>
    }
}

#[component]
fn ReturnForm(id: String, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let reasons = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let Some(request) = form.reasons(reasons) else {
            return;
        };
        form.sending();
        let id = id.clone();
        spawn_local(async move {
            match api::return_cooperative(&id, &request).await {
                Ok(_) => {
                    form.done();
                    on_done();
                }
                Err(failure) => form.failed(failure),
            }
        });
    };
    view! {
        <form class="form" on:submit=submit novalidate=true data-testid="return-form">
            <h2>{tr_in(texts, |t| t.return_title)}</h2>
            <TextField name="reasons" label=tr_in(texts, |t| t.reasons) hint=tr_in(texts, |t| t.reasons_hint)
                value=reasons error=form.error("reasons") multiline=true/>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <button type="submit" class="button button-light" data-testid="return" disabled=move || form.pending.get()>
                {tr_in(texts, |t| t.return_button)}
            </button>
        </form>
    }
}

/// The profile fields still empty that the dinas needs, by their labels.
#[component]
fn MissingFields(
    intro: Signal<&'static str>,
    missing: Vec<kopdes_domain::api::FieldError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = missing
        .into_iter()
        .map(|f| {
            let index = ProfileInput::FIELDS
                .iter()
                .position(|n| *n == f.field)
                .unwrap_or(0);
            view! { <li data-field=f.field.clone()>{move || field_label(texts(i18n.lang.get()), index)}</li> }
        })
        .collect_view();
    view! {
        <div data-testid="missing-fields">
            <p class="hint">{intro}</p>
            <ul class="errors">{items}</ul>
        </div>
    }
}

/// Every step of the cooperative's life, newest first, with the dinas' reasons for each return
/// as they wrote them.
#[component]
fn CooperativeHistory(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let events = RwSignal::new(None::<Vec<CooperativeEvent>>);
    spawn_local(async move {
        let path = format!("/api/cooperatives/{id}/history");
        if let Ok(loaded) = reader.get::<Vec<CooperativeEvent>>(&path).await {
            // The page may have been left meanwhile; updating a disposed signal does nothing.
            events.maybe_update(|e| {
                *e = Some(loaded.value);
                true
            });
        }
    });
    move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        events.get().filter(|e| !e.is_empty()).map(|list| {
            let rows = list
                .into_iter()
                .map(|event| {
                    let step = match event.step {
                        CooperativeStep::Registered => t.step_registered,
                        CooperativeStep::Submitted => t.step_submitted,
                        CooperativeStep::Returned => t.step_returned,
                        CooperativeStep::Verified => t.step_verified,
                    };
                    let by = event.by.map(|name| format!(" {} {name}", t.by));
                    view! {
                        <li data-testid="history-step" data-step=event.step.as_str()>
                            <strong>{step}</strong>
                            <span class="hint">" · " {format::moment_wib(event.at, lang)} {by}</span>
                            {event.reasons.map(|r| view! { <p class="multiline" data-testid="history-reasons">{r}</p> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="card" data-testid="cooperative-history">
                    <h2>{t.history}</h2>
                    <ul class="list">{rows}</ul>
                </section>
            }
        })
    }
}
