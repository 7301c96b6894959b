//! One cooperative: its profile and status, and what the person looking at it may do next.
//! Its pengurus edit the profile and submit it; a dinas admin of its region verifies it or
//! returns it with reasons. Every step lands in the server's audit log.

use kopdes_domain::Lang;
use kopdes_domain::account::Me;
use kopdes_domain::cooperative::{
    Cooperative, CooperativeStatus, CooperativeUpdate, ProfileInput, ReturnRequest,
};
use kopdes_domain::date::Date;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::clock::today;
use crate::components::{KeptNotice, TextField};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::pages::cooperatives::status_text;
use crate::session::use_session;

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
    officers: &'static str,
    units: &'static str,
    changed_meanwhile: &'static str,
    no_longer_editable: &'static str,
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
    officers: "Pengurus dan pengawas",
    units: "Gerai usaha",
    changed_meanwhile: "Profil ini baru saja diubah orang lain. Isian Anda masih di sini: periksa, lalu simpan lagi untuk menimpa perubahan itu, atau tekan Batal untuk melihatnya.",
    no_longer_editable: "Profil ini sudah dikirim ke dinas, jadi belum bisa diubah. Isian Anda masih di sini; catat bila perlu, lalu tekan Batal.",
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
    officers: "Officers and supervisors",
    units: "Business units",
    changed_meanwhile: "Someone else has just changed this profile. Your entries are still here: check them and save again to replace that change, or tap Cancel to see it.",
    no_longer_editable: "This profile has been sent to the district office and cannot be changed now. Your entries are still here; note them if needed, then tap Cancel.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn CooperativePage(id: String) -> impl IntoView {
    let reader = use_reader();
    let loaded = RwSignal::new(None::<Result<Loaded<Cooperative>, ApiFailure>>);
    let reload = {
        let id = id.clone();
        move || {
            let (reader, path) = (reader.clone(), format!("/api/cooperatives/{id}"));
            spawn_local(async move { loaded.set(Some(reader.get(&path).await)) });
        }
    };
    reload();
    let reload = StoredValue::new_local(reload);
    let refresh = move || reload.with_value(|r| r());

    view! {
        {move || match loaded.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! {
                <p class="form-error" role="alert" data-testid="load-failed">{tr_in(texts, |t| t.failed)}</p>
            }.into_any(),
            Some(Ok(Loaded { value, kept_at })) => view! {
                <KeptNotice kept_at/>
                <CooperativeView cooperative=value offline=kept_at.is_some() refresh/>
            }.into_any(),
        }}
    }
}

#[component]
fn CooperativeView(
    cooperative: Cooperative,
    offline: bool,
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
    let editing = RwSignal::new(false);
    let action = FormState::new(i18n);
    let id = cooperative.id.clone();

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

    let profile = cooperative.profile.clone();
    let facts = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let blank = i18n.t().not_filled;
        let text = |v: &Option<String>| v.clone().unwrap_or_else(|| blank.to_owned());
        let date = |v: Option<Date>| {
            v.map(|d| format::date(d, lang))
                .unwrap_or_else(|| blank.to_owned())
        };
        let p = &profile;
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
    };

    let links = {
        let id = id.clone();
        view! {
            <nav class="link-list">
                <A href=format!("/koperasi/{id}/anggota") attr:class="button button-light">{tr_in(texts, |t| t.members)}</A>
                <A href=format!("/koperasi/{id}/pengurus") attr:class="button button-light">{tr_in(texts, |t| t.officers)}</A>
                <A href=format!("/koperasi/{id}/gerai") attr:class="button button-light">{tr_in(texts, |t| t.units)}</A>
            </nav>
        }
    };

    let edit_form = {
        let cooperative = cooperative.clone();
        move || {
            view! {
                <ProfileForm
                    id=cooperative.id.clone()
                    version=cooperative.version
                    input=ProfileInput::of(&cooperative.profile)
                    on_done=move || { editing.set(false); refresh(); }
                    on_cancel=move || { editing.set(false); refresh(); }
                />
            }
        }
    };

    view! {
        <h1 data-testid="cooperative-name">{cooperative.profile.name.clone()}</h1>
        <p class="hint">{cooperative.village_name.clone()} " · " {cooperative.village.to_string()}</p>
        <p class="status" class:status-bad=status == CooperativeStatus::Returned
            data-testid="cooperative-status" data-status=status.as_str()>
            {move || status_text(i18n.lang.get(), status)}
        </p>
        {cooperative.return_reasons.clone().map(|r| view! {
            <p class="card card-alert" data-testid="return-reasons">{tr_in(texts, |t| t.returned_because)} " " {r}</p>
        })}
        {links}
        {move || if editing.get() {
            edit_form().into_any()
        } else {
            view! {
                <section class="card">
                    <h2>{tr_in(texts, |t| t.profile)}</h2>
                    <dl class="facts" data-testid="profile">{facts.clone()}</dl>
                    {(is_pengurus && status.editable() && !offline).then(|| view! {
                        <button type="button" class="button button-light" data-testid="edit-profile"
                            on:click=move |_| editing.set(true)>{tr_in(texts, |t| t.edit)}</button>
                        <p class="hint">{tr_in(texts, |t| t.submit_hint)}</p>
                        <button type="button" class="button" data-testid="submit-profile"
                            disabled=move || action.pending.get()
                            on:click=move |_| act.with_value(|a| a("submit"))>{tr_in(texts, |t| t.submit)}</button>
                    })}
                </section>
            }.into_any()
        }}
        {(is_admin && status == CooperativeStatus::Submitted && !offline).then(|| view! {
            <section class="card" data-testid="verification">
                <button type="button" class="button" data-testid="verify"
                    disabled=move || action.pending.get()
                    on:click=move |_| act.with_value(|a| a("verify"))>{tr_in(texts, |t| t.verify)}</button>
                <ReturnForm id=id.clone() on_done=refresh/>
            </section>
        })}
        {move || action.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="action-error">{m}</p> })}
    }
}

#[component]
fn ProfileForm(
    id: String,
    version: i64,
    input: ProfileInput,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
    on_cancel: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    // Moves on when someone else's change is found, so a second save may replace it.
    let version = RwSignal::new(version);
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
        form.sending();
        let id = id.clone();
        let update = CooperativeUpdate {
            version: version.get_untracked(),
            profile,
        };
        spawn_local(async move {
            match api::update_cooperative(&id, &update).await {
                Ok(_) => {
                    form.done();
                    on_done();
                }
                Err(ApiFailure::Server {
                    code: kopdes_domain::api::ErrorCode::Conflict,
                    ..
                }) => {
                    let t = texts(i18n.lang.get_untracked());
                    let message = match api::cooperative(&id).await {
                        Ok(latest) if latest.status.editable() => {
                            version.set(latest.version);
                            t.changed_meanwhile
                        }
                        Ok(_) => t.no_longer_editable,
                        Err(_) => t.changed_meanwhile,
                    };
                    form.done();
                    form.message.set(Some(message.to_owned()));
                }
                Err(failure) => form.failed(failure),
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
        let request = ReturnRequest {
            reasons: reasons.get_untracked(),
        };
        if let Err(error) = request.parse() {
            return form.invalid(vec![error]);
        }
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
                value=reasons error=form.error("reasons")/>
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <button type="submit" class="button button-light" data-testid="return" disabled=move || form.pending.get()>
                {tr_in(texts, |t| t.return_button)}
            </button>
        </form>
    }
}
