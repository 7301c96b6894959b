//! One member, as their cooperative's officers see it: the record (full NIK for pengurus, whose
//! viewing is logged for the member), who accessed it, and the pengurus' actions: recording that
//! the member left, and a new activation code for a member who lost theirs.

use kopdes_domain::Lang;
use kopdes_domain::api::FieldError;
use kopdes_domain::date::Date;
use kopdes_domain::format;
use kopdes_domain::member::{AccessLogEntry, Leaving, Member, MemberStatus};
use kopdes_domain::nik::Gender;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::clock::today;
use crate::components::{KeptNotice, TextField};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::pages::member_savings::MemberSavingsCard;
use crate::session::use_session;

struct Texts {
    back: &'static str,
    loading: &'static str,
    failed: &'static str,
    nik: &'static str,
    gender: &'static str,
    female: &'static str,
    male: &'static str,
    birth_date: &'static str,
    address: &'static str,
    phone: &'static str,
    join_date: &'static str,
    status: &'static str,
    active: &'static str,
    left_on: &'static str,
    account: &'static str,
    account_yes: &'static str,
    account_no: &'static str,
    log_title: &'static str,
    registered: &'static str,
    nik_viewed: &'static str,
    left: &'static str,
    code_issued: &'static str,
    change_requested: &'static str,
    change_approved: &'static str,
    change_rejected: &'static str,
    other: &'static str,
    new_code: &'static str,
    code_intro: &'static str,
    leave_title: &'static str,
    leave_date: &'static str,
    reason: &'static str,
    reason_hint: &'static str,
    leave_button: &'static str,
    err_before_join: &'static str,
}

const ID: Texts = Texts {
    back: "Kembali ke daftar anggota",
    loading: "Memuat data anggota…",
    failed: "Data anggota belum bisa dimuat dan belum tersimpan di ponsel.",
    nik: "NIK",
    gender: "Jenis kelamin",
    female: "Perempuan",
    male: "Laki-laki",
    birth_date: "Tanggal lahir",
    address: "Alamat",
    phone: "Nomor HP",
    join_date: "Tanggal masuk",
    status: "Keanggotaan",
    active: "Aktif",
    left_on: "Keluar pada",
    account: "Akun Si Kopdes",
    account_yes: "Ada",
    account_no: "Belum ada",
    log_title: "Riwayat akses data",
    registered: "mendaftarkan anggota ini",
    nik_viewed: "melihat NIK lengkap",
    left: "mencatat anggota ini keluar",
    code_issued: "membuat kode aktivasi baru",
    change_requested: "meminta perubahan data",
    change_approved: "menyetujui perubahan data anggota ini",
    change_rejected: "menolak perubahan data anggota ini",
    other: "mengubah data",
    new_code: "Buat kode aktivasi baru",
    code_intro: "Berikan kode ini kepada anggota (berlaku 7 hari, tampil sekali). Kode lama tidak berlaku lagi:",
    leave_title: "Catat anggota keluar",
    leave_date: "Tanggal keluar",
    reason: "Alasan",
    reason_hint: "Contoh: pindah domisili, mengundurkan diri, meninggal dunia.",
    leave_button: "Catat keluar",
    err_before_join: "Tanggal keluar tidak boleh sebelum tanggal masuk.",
};

const EN: Texts = Texts {
    back: "Back to the member list",
    loading: "Loading the member…",
    failed: "The member could not be loaded and is not kept on the phone yet.",
    nik: "NIK",
    gender: "Gender",
    female: "Female",
    male: "Male",
    birth_date: "Birth date",
    address: "Address",
    phone: "Mobile number",
    join_date: "Date joined",
    status: "Membership",
    active: "Active",
    left_on: "Left on",
    account: "Si Kopdes account",
    account_yes: "Yes",
    account_no: "Not yet",
    log_title: "Who accessed this record",
    registered: "registered this member",
    nik_viewed: "viewed the full NIK",
    left: "recorded that this member left",
    code_issued: "made a new activation code",
    change_requested: "asked for a change to the data",
    change_approved: "approved a change to this member's data",
    change_rejected: "rejected a change to this member's data",
    other: "changed the record",
    new_code: "Make a new activation code",
    code_intro: "Give this code to the member (valid 7 days, shown once). The old code no longer works:",
    leave_title: "Record that the member left",
    leave_date: "Date left",
    reason: "Reason",
    reason_hint: "For example: moved away, resigned, passed away.",
    leave_button: "Record leaving",
    err_before_join: "The date left cannot be before the date joined.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

fn action_text(t: &'static Texts, action: &str) -> &'static str {
    match action {
        "member.registered" => t.registered,
        "member.nik_viewed" => t.nik_viewed,
        "member.left" => t.left,
        "member.activation_code_issued" => t.code_issued,
        "member.change_requested" => t.change_requested,
        "member.updated_on_request" => t.change_approved,
        "member.change_rejected" => t.change_rejected,
        _ => t.other,
    }
}

#[component]
pub fn MemberPage(cooperative_id: String, member_id: String) -> impl IntoView {
    let reader = use_reader();
    let (is_pengurus, is_pengawas, is_admin) = use_session().me.with_untracked(|me| {
        me.as_ref().map_or((false, false, false), |m| {
            (
                m.is_pengurus_of(&cooperative_id),
                m.has_role_in(&cooperative_id, kopdes_domain::account::Role::Pengawas),
                m.is_admin(),
            )
        })
    });
    let member = RwSignal::new(None::<Result<Loaded<Member>, ApiFailure>>);
    let log = RwSignal::new(None::<Loaded<Vec<AccessLogEntry>>>);
    let issued = RwSignal::new(None::<String>);
    // Only the member and the pengurus may read the log; others see none.
    let reload_log = {
        let (reader, path) = (
            reader.clone(),
            format!("/api/members/{member_id}/access-log"),
        );
        move || {
            if is_pengurus {
                let (reader, path) = (reader.clone(), path.clone());
                spawn_local(async move { log.set(reader.get(&path).await.ok()) });
            }
        }
    };
    {
        let path = format!("/api/members/{member_id}");
        let reload_log = reload_log.clone();
        spawn_local(async move {
            // A pengurus gets the full NIK: shown, but not left on the phone.
            let record = if is_pengurus {
                reader.get_unkept(&path).await
            } else {
                reader.get(&path).await
            };
            member.set(Some(record));
            reload_log();
        });
    }
    let reload_log = StoredValue::new_local(reload_log);
    let refresh_log = move || reload_log.with_value(|r| r());
    // The server answers a change with the new record; reading it again would log another
    // view of the full NIK.
    let changed = move |updated: Member| {
        member.set(Some(Ok(Loaded {
            value: updated,
            kept_at: None,
        })));
        refresh_log();
    };

    view! {
        <p><A href=format!("/koperasi/{cooperative_id}/anggota")>{tr_in(texts, |t| t.back)}</A></p>
        {move || match member.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert" data-testid="load-failed">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Ok(Loaded { value, kept_at })) => view! {
                <KeptNotice kept_at/>
                <MemberView member=value offline=kept_at.is_some() is_pengurus issued refresh_log changed/>
            }.into_any(),
        }}
        {(is_pengurus || is_pengawas).then(|| view! {
            <MemberSavingsCard cooperative_id=cooperative_id.clone() member_id=member_id.clone() mine=false can_correct=is_pengurus/>
        })}
        {move || log.get().map(|Loaded { value, .. }| view! { <AccessLog entries=value/> })}
        // Admins read the record's history in the audit trail (the server decides how far).
        {is_admin.then(|| view! {
            <p class="more"><A href=format!("/koperasi/dasbor/jejak?anggota={member_id}") attr:data-testid="member-audit-link">
                {tr_in(texts, |t| t.log_title)}
            </A></p>
        })}
    }
}

#[component]
fn MemberView(
    member: Member,
    offline: bool,
    is_pengurus: bool,
    /// Holds a new activation code across the record's re-rendering.
    issued: RwSignal<Option<String>>,
    refresh_log: impl Fn() + Copy + Send + Sync + 'static,
    changed: impl Fn(Member) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = FormState::new(i18n);
    let active = member.status == MemberStatus::Active;
    let facts = {
        let m = member.clone();
        move || {
            let lang = i18n.lang.get();
            let t = texts(lang);
            let blank = i18n.t().not_filled;
            let status = match (m.status, m.left_on) {
                (MemberStatus::Left, Some(on)) => format!(
                    "{} {} ({})",
                    t.left_on,
                    format::date(on, lang),
                    m.left_reason.clone().unwrap_or_default()
                ),
                _ => t.active.to_owned(),
            };
            // A masked record comes without gender and birth date: with the NIK's district
            // they would give the whole number back.
            let gender = m.gender.map(|g| {
                let word = match g {
                    Gender::Female => t.female,
                    Gender::Male => t.male,
                };
                (t.gender, word.to_owned())
            });
            let born = m.birth_date.map(|d| (t.birth_date, format::date(d, lang)));
            [(t.nik, m.nik.clone())]
                .into_iter()
                .chain(gender)
                .chain(born)
                .chain([
                    (
                        t.address,
                        m.address.clone().unwrap_or_else(|| blank.to_owned()),
                    ),
                    (
                        t.phone,
                        m.phone
                            .as_ref()
                            .map(|p| p.local())
                            .unwrap_or_else(|| blank.to_owned()),
                    ),
                    (t.join_date, format::date(m.join_date, lang)),
                    (t.status, status),
                    (
                        t.account,
                        if m.has_account {
                            t.account_yes
                        } else {
                            t.account_no
                        }
                        .to_owned(),
                    ),
                ])
                .map(|(label, value)| view! { <dt>{label}</dt><dd>{value}</dd> })
                .collect_view()
        }
    };
    let member_id = member.id.clone();
    let new_code = move |_| {
        if !action.begin() {
            return;
        }
        action.sending();
        let id = member_id.clone();
        spawn_local(async move {
            match api::new_activation_code("members", &id).await {
                Ok(code) => {
                    action.done();
                    issued.set(Some(code.activation_code));
                    refresh_log();
                }
                Err(failure) => action.code_failed(failure),
            }
        });
    };
    let can_act = is_pengurus && active && !offline;

    view! {
        <h1 data-testid="member-name">{member.name.clone()}</h1>
        <section class="card">
            <dl class="facts" data-testid="member-facts" data-status=if active { "active" } else { "left" }>{facts}</dl>
        </section>
        {move || issued.get().map(|code| view! {
            <section class="card" role="status">
                <p>{tr_in(texts, |t| t.code_intro)}</p>
                <p class="code" data-testid="member-code">{code}</p>
            </section>
        })}
        {move || action.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="action-error">{m}</p> })}
        {(can_act && member.has_account).then(|| view! {
            <div class="actions">
                <button type="button" class="button button-light" data-testid="new-code"
                    disabled=move || action.pending.get() on:click=new_code>{tr_in(texts, |t| t.new_code)}</button>
            </div>
        })}
        {can_act.then(|| view! {
            <LeaveForm member_id=member.id.clone() version=member.version join_date=member.join_date on_done=changed/>
        })}
    }
}

#[component]
fn LeaveForm(
    member_id: String,
    version: i64,
    join_date: Date,
    on_done: impl Fn(Member) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let left_on = RwSignal::new(today().to_string());
    let reason = RwSignal::new(String::new());
    let error_of = move |field: &'static str| {
        let common = form.error(field);
        Signal::derive(move || match form.code_of(field).as_deref() {
            Some("date.before_join") => Some(texts(i18n.lang.get()).err_before_join),
            _ => common.get(),
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let Ok(date) = left_on.get_untracked().parse::<Date>() else {
            return form.invalid(vec![FieldError::new("left_on", "date.format")]);
        };
        let leaving = Leaving {
            version,
            left_on: date,
            reason: reason.get_untracked(),
        };
        let errors = leaving.validate(join_date, today());
        if !errors.is_empty() {
            return form.invalid(errors);
        }
        form.sending();
        let id = member_id.clone();
        spawn_local(async move {
            match api::member_leaves(&id, &leaving).await {
                Ok(updated) => {
                    form.done();
                    on_done(updated);
                }
                Err(failure) => form.failed(failure),
            }
        });
    };
    view! {
        <form class="card form" on:submit=submit novalidate=true data-testid="leave-form">
            <h2>{tr_in(texts, |t| t.leave_title)}</h2>
            <TextField name="left_on" label=tr_in(texts, |t| t.leave_date) value=left_on error=error_of("left_on") input_type="date"/>
            <TextField name="reason" label=tr_in(texts, |t| t.reason) hint=tr_in(texts, |t| t.reason_hint)
                value=reason error=error_of("reason")/>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button button-light" data-testid="leave" disabled=move || form.pending.get()>
                {tr_in(texts, |t| t.leave_button)}
            </button>
        </form>
    }
}

#[component]
fn AccessLog(entries: Vec<AccessLogEntry>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let entries = entries.clone();
        view! {
            <h2>{t.log_title}</h2>
            <ul class="list" data-testid="access-log">
                {entries.into_iter().map(|e| view! {
                    <li>
                        {format::moment_wib(e.at, lang)} ": "
                        {e.actor_name.map(|n| format!("{n} ")).unwrap_or_default()}
                        {action_text(t, &e.action)}
                    </li>
                }).collect_view()}
            </ul>
        }
    }
}
