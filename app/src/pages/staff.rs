//! `/koperasi/dasbor/staf`: the dinas admins the caller administers. The ministry appoints them
//! for a province or a regency, a province admin for the regencies inside it; whoever could
//! appoint an admin can give them a new code, disable or enable their account, or remove them.

use kopdes_domain::Lang;
use kopdes_domain::account::Role;
use kopdes_domain::api::RegionSummary;
use kopdes_domain::region::{RegionCode, RegionLevel};
use kopdes_domain::staff::{StaffAppointment, StaffMember, StaffPage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::components::{ExistingAccountConfirm, KeptNotice, RegionPicker, TextField};
use crate::dialog::confirmed;
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::session::use_session;

struct Texts {
    title: &'static str,
    back: &'static str,
    search: &'static str,
    search_button: &'static str,
    total: &'static str,
    loading: &'static str,
    failed: &'static str,
    none: &'static str,
    ministry: &'static str,
    dinas: &'static str,
    whole_country: &'static str,
    active: &'static str,
    not_activated: &'static str,
    disabled: &'static str,
    new_code: &'static str,
    code_for: &'static str,
    disable: &'static str,
    disable_confirm: &'static str,
    enable: &'static str,
    remove: &'static str,
    remove_confirm: &'static str,
    previous: &'static str,
    next: &'static str,
    appoint_title: &'static str,
    name: &'static str,
    phone: &'static str,
    phone_hint: &'static str,
    level: &'static str,
    levels: [&'static str; 2],
    place: &'static str,
    appoint: &'static str,
    appointed_code: &'static str,
    appointed_existing: &'static str,
    err_level: &'static str,
    err_unknown: &'static str,
    err_already: &'static str,
    history: &'static str,
}

const ID: Texts = Texts {
    title: "Petugas dinas",
    back: "Kembali ke dasbor",
    search: "Cari nama, nomor HP atau wilayah",
    search_button: "Cari",
    total: "petugas",
    loading: "Memuat daftar petugas…",
    failed: "Daftar petugas belum bisa dimuat dan belum tersimpan di ponsel.",
    none: "Belum ada petugas.",
    ministry: "Admin kementerian",
    dinas: "Admin dinas",
    whole_country: "Seluruh Indonesia",
    active: "Aktif",
    not_activated: "Belum aktivasi",
    disabled: "Dinonaktifkan",
    new_code: "Buat kode aktivasi baru",
    code_for: "Kode aktivasi baru (berlaku 7 hari, tampil sekali):",
    disable: "Nonaktifkan akun",
    disable_confirm: "Nonaktifkan akun {}? Semua sesinya langsung berakhir dan ia tidak bisa masuk sampai diaktifkan lagi.",
    enable: "Aktifkan lagi",
    remove: "Cabut peran",
    remove_confirm: "Cabut peran admin dinas {}? Akunnya tetap ada, tetapi tidak lagi mengelola wilayah ini.",
    previous: "Sebelumnya",
    next: "Berikutnya",
    appoint_title: "Angkat admin dinas",
    name: "Nama",
    phone: "Nomor HP",
    phone_hint: "Jika nomor ini belum punya akun, akun dibuat dan kodenya ditampilkan.",
    level: "Tingkat",
    levels: ["Provinsi", "Kabupaten/kota"],
    place: "Wilayah yang dikelola",
    appoint: "Angkat",
    appointed_code: "Berikan kode aktivasi ini kepada admin baru (berlaku 7 hari, tampil sekali):",
    appointed_existing: "Diangkat. Akun yang sudah ada tetap memakai kata sandinya; pemiliknya melihat pengangkatan ini di riwayat akunnya.",
    err_level: "Admin dinas mengelola provinsi atau kabupaten/kota.",
    err_unknown: "Wilayah ini tidak ada dalam daftar Kemendagri.",
    err_already: "Akun ini sudah menjadi admin dinas. Cabut dulu perannya yang lama.",
    history: "Riwayat akun",
};

const EN: Texts = Texts {
    title: "Dinas staff",
    back: "Back to the dashboard",
    search: "Search a name, mobile number or region",
    search_button: "Search",
    total: "staff",
    loading: "Loading staff…",
    failed: "The staff list could not be loaded and is not kept on the phone yet.",
    none: "No staff yet.",
    ministry: "Ministry admin",
    dinas: "Dinas admin",
    whole_country: "All of Indonesia",
    active: "Active",
    not_activated: "Not activated",
    disabled: "Disabled",
    new_code: "Make a new activation code",
    code_for: "New activation code (valid 7 days, shown once):",
    disable: "Disable the account",
    disable_confirm: "Disable {}'s account? Every session ends at once and they cannot sign in until enabled again.",
    enable: "Enable again",
    remove: "Remove the role",
    remove_confirm: "Remove {}'s dinas admin role? The account stays, but no longer administers this region.",
    previous: "Previous",
    next: "Next",
    appoint_title: "Appoint a dinas admin",
    name: "Name",
    phone: "Mobile number",
    phone_hint: "If this number has no account yet, one is made and its code is shown.",
    level: "Level",
    levels: ["Province", "Regency/city"],
    place: "Region they administer",
    appoint: "Appoint",
    appointed_code: "Give this activation code to the new admin (valid 7 days, shown once):",
    appointed_existing: "Appointed. The existing account keeps its password; its holder sees this appointment in their account's history.",
    err_level: "A dinas admin administers a province or a regency/city.",
    err_unknown: "This region is not in Kemendagri's list.",
    err_already: "This account is already a dinas admin. Remove its current role first.",
    history: "Account history",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

fn own_error(lang: Lang, code: &str) -> Option<&'static str> {
    let t = texts(lang);
    Some(match code {
        "staff.region_level" => t.err_level,
        "region.unknown" => t.err_unknown,
        "staff.already_dinas" => t.err_already,
        _ => return None,
    })
}

const PAGE: i64 = 20;

#[component]
pub fn StaffPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let me = use_session().me.get_untracked();
    // A province admin appoints inside their province; the ministry anywhere.
    let within: Option<RegionCode> = me.as_ref().and_then(|m| {
        (!m.roles.iter().any(|g| g.role == Role::MinistryAdmin))
            .then(|| m.roles.iter().find_map(|g| g.region.clone()))
            .flatten()
    });
    let own_id = me.map(|m| m.id).unwrap_or_default();
    let search = RwSignal::new(String::new());
    let offset = RwSignal::new(0i64);
    let loaded = RwSignal::new(None::<Result<Loaded<StaffPage>, ApiFailure>>);
    let load = move || {
        let reader = reader.clone();
        let path = format!(
            "/api/staff?limit={PAGE}&offset={}&search={}",
            offset.get_untracked(),
            js_sys::encode_uri_component(search.get_untracked().trim())
        );
        spawn_local(async move {
            let answer = reader.get::<StaffPage>(&path).await;
            // An answer to an earlier search arriving late must not replace a newer one.
            if path.ends_with(&format!(
                "search={}",
                js_sys::encode_uri_component(search.get_untracked().trim())
            )) {
                loaded.set(Some(answer));
            }
        });
    };
    load();
    let load = StoredValue::new_local(load);
    let reload = move || load.with_value(|l| l());
    let issued = RwSignal::new(None::<(String, String)>);
    let action = FormState::new(i18n);

    let act = move |what: &'static str, member: StaffMember| {
        let t = texts(i18n.lang.get_untracked());
        let question = match what {
            "disable" => Some(t.disable_confirm),
            "remove" => Some(t.remove_confirm),
            _ => None,
        };
        if let Some(q) = question
            && !confirmed(&q.replace("{}", &member.name))
        {
            return;
        }
        if !action.begin() {
            return;
        }
        action.sending();
        spawn_local(async move {
            let id = member.user_id.clone();
            let done = match what {
                "code" => api::staff_code(&id).await.map(|c| {
                    issued.set(Some((id.clone(), c.activation_code)));
                }),
                "remove" => api::remove_staff(&id).await,
                other => api::set_staff_disabled(&id, other == "disable").await,
            };
            match done {
                Ok(()) => {
                    action.done();
                    if what != "code" {
                        reload();
                    }
                }
                Err(failure) => action.code_failed(failure),
            }
        });
    };

    let row = move |member: StaffMember, offline: bool| {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let role = if member.role == Role::MinistryAdmin {
            t.ministry
        } else {
            t.dinas
        };
        let place = member
            .place
            .clone()
            .or_else(|| member.region.as_ref().map(|r| r.to_string()))
            .unwrap_or_else(|| t.whole_country.to_owned());
        let state = if member.disabled {
            t.disabled
        } else if member.activated {
            t.active
        } else {
            t.not_activated
        };
        let actionable = !offline && member.role == Role::DinasAdmin && member.user_id != own_id;
        let id = member.user_id.clone();
        let code = move || {
            issued.get().filter(|(i, _)| *i == id).map(|(_, code)| {
                view! {
                    <p>{tr_in(texts, |t| t.code_for)}</p>
                    <p class="code" data-testid="staff-code">{code}</p>
                }
            })
        };
        let (m1, m2, m3) = (member.clone(), member.clone(), member.clone());
        let disabled = member.disabled;
        view! {
            <li data-testid="staff-member" data-state=state>
                <strong>{member.name.clone()}</strong>
                <br/>
                {role} " · " {place}
                <br/>
                <span class="hint">{member.phone.local()} " · " {state}</span>
                <br/>
                <A href=format!("/koperasi/dasbor/jejak?akun={}", member.user_id) attr:data-testid="staff-history">
                    {tr_in(texts, |t| t.history)}
                </A>
                {actionable.then(|| view! {
                    <div class="row-actions">
                        <button type="button" class="button button-light" data-testid="staff-new-code"
                            disabled=move || action.pending.get()
                            on:click=move |_| act("code", m1.clone())>{tr_in(texts, |t| t.new_code)}</button>
                        <button type="button" class="button button-light" data-testid="staff-disable"
                            disabled=move || action.pending.get()
                            on:click=move |_| act(if disabled { "enable" } else { "disable" }, m2.clone())>
                            {move || if disabled { texts(i18n.lang.get()).enable } else { texts(i18n.lang.get()).disable }}
                        </button>
                        <button type="button" class="button button-light" data-testid="staff-remove"
                            disabled=move || action.pending.get()
                            on:click=move |_| act("remove", m3.clone())>{tr_in(texts, |t| t.remove)}</button>
                    </div>
                })}
                {code}
            </li>
        }
    };

    let list = move || {
        let t = texts(i18n.lang.get());
        match loaded.get() {
            None => view! { <p class="status" role="status">{t.loading}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{t.failed}</p> }.into_any(),
            Some(Ok(Loaded {
                value: page,
                kept_at,
            })) => {
                let offline = kept_at.is_some();
                let (shown_from, shown_to) =
                    (page.offset + 1, page.offset + page.items.len() as i64);
                let more = shown_to < page.total;
                let earlier = page.offset > 0;
                view! {
                    <KeptNotice kept_at/>
                    <p data-testid="staff-total">
                        {(page.total > 0).then(|| format!("{shown_from}–{shown_to} / "))}
                        {page.total} " " {t.total}
                    </p>
                    {if page.items.is_empty() {
                        view! { <p>{t.none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="list" data-testid="staff-list">
                                {page.items.into_iter().map(|m| row(m, offline)).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <p class="row-actions">
                        {earlier.then(|| view! {
                            <button type="button" class="button button-light"
                                on:click=move |_| { offset.update(|o| *o = (*o - PAGE).max(0)); reload(); }>{t.previous}</button>
                        })}
                        {more.then(|| view! {
                            <button type="button" class="button button-light" data-testid="staff-next"
                                on:click=move |_| { offset.update(|o| *o += PAGE); reload(); }>{t.next}</button>
                        })}
                    </p>
                }
                .into_any()
            }
        }
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p><A href="/koperasi/dasbor">{tr_in(texts, |t| t.back)}</A></p>
        <form class="filters" role="search" on:submit=move |ev| { ev.prevent_default(); offset.set(0); reload(); }>
            <div class="field">
                <label for="staff-search">{tr_in(texts, |t| t.search)}</label>
                <input id="staff-search" type="search" data-testid="staff-search"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="button button-light">{tr_in(texts, |t| t.search_button)}</button>
        </form>
        {move || action.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="action-error">{m}</p> })}
        {list}
        <AppointStaffForm within on_done=reload/>
    }
}

#[component]
fn AppointStaffForm(
    within: Option<RegionCode>,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let form = FormState::new(i18n);
    let name = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let confirmed = RwSignal::new(false);
    let picked = RwSignal::new(None::<RegionSummary>);
    // Inside a province only regencies can be chosen; the ministry picks the level.
    let level = RwSignal::new(if within.is_some() {
        RegionLevel::Regency
    } else {
        RegionLevel::Province
    });
    let appointed = RwSignal::new(None::<Option<String>>);
    let error_of = move |field: &'static str| form.error_in(field, own_error);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let request = StaffAppointment {
            name: name.get_untracked(),
            phone: phone.get_untracked(),
            region: picked
                .get_untracked()
                .map(|r| r.code.to_string())
                .unwrap_or_default(),
            existing_account_confirmed: confirmed.get_untracked(),
        };
        if let Err(fields) = request.parse() {
            return form.invalid(fields);
        }
        form.sending();
        spawn_local(async move {
            match api::appoint_staff(&request).await {
                Ok(done) => {
                    form.done();
                    name.set(String::new());
                    phone.set(String::new());
                    appointed.set(Some(done.activation_code));
                    on_done();
                }
                Err(failure) => form.failed(failure),
            }
        });
    };
    let legend = Signal::derive(move || texts(i18n.lang.get()).place.to_owned());
    let picks_level = within.is_none();
    let picker = move || {
        let level = level.get();
        picked.set(None);
        view! {
            <RegionPicker legend picked within=within.clone() error=error_of("region")
                level name="staff"/>
        }
    };

    view! {
        <form class="card form" on:submit=submit novalidate=true data-testid="appoint-staff-form">
            <h2>{tr_in(texts, |t| t.appoint_title)}</h2>
            {move || appointed.get().map(|code| match code {
                Some(code) => view! {
                    <div role="status">
                        <p>{tr_in(texts, |t| t.appointed_code)}</p>
                        <p class="code" data-testid="staff-appointed-code">{code}</p>
                    </div>
                }.into_any(),
                None => view! { <p role="status" data-testid="staff-appointed-existing">{tr_in(texts, |t| t.appointed_existing)}</p> }.into_any(),
            })}
            <TextField name="name" label=tr_in(texts, |t| t.name) value=name error=error_of("name") autocomplete="name"/>
            <TextField name="phone" label=tr_in(texts, |t| t.phone) hint=tr_in(texts, |t| t.phone_hint)
                value=phone error=error_of("phone") input_type="tel" inputmode="tel"/>
            <ExistingAccountConfirm form=form field="phone" phone=phone name=name confirmed=confirmed/>
            {picks_level.then(|| view! {
                <div class="field">
                    <label for="field-level">{tr_in(texts, |t| t.level)}</label>
                    <select id="field-level" data-testid="input-level"
                        on:change=move |ev| level.set(if event_target_value(&ev) == "regency" { RegionLevel::Regency } else { RegionLevel::Province })>
                        <option value="province">{move || texts(i18n.lang.get()).levels[0]}</option>
                        <option value="regency">{move || texts(i18n.lang.get()).levels[1]}</option>
                    </select>
                </div>
            })}
            {picker}
            {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
            <button type="submit" class="button" data-testid="appoint-staff" disabled=move || form.pending.get()>
                {tr_in(texts, |t| t.appoint)}
            </button>
        </form>
    }
}
