//! "Daftarkan koperasi": a dinas or ministry admin records a cooperative in a village and its
//! chair, and hands the chair the activation code shown once at the end.

use kopdes_domain::Lang;
use kopdes_domain::account::Role;
use kopdes_domain::api::RegionSummary;
use kopdes_domain::cooperative::{
    CooperativeRegistration, RegisteredCooperative, Scheme, name_lacks_village,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::components::{ExistingAccountConfirm, RegionPicker, TextField};
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};
use crate::session::use_session;

struct Texts {
    title: &'static str,
    intro: &'static str,
    place: &'static str,
    scheme: &'static str,
    schemes: [(&'static str, &'static str); 3],
    name: &'static str,
    name_hint: &'static str,
    name_lacks_village: &'static str,
    ketua_name: &'static str,
    ketua_phone: &'static str,
    ketua_hint: &'static str,
    submit: &'static str,
    saved: &'static str,
    code_intro: &'static str,
    had_account: &'static str,
    open: &'static str,
    another: &'static str,
    err_village: &'static str,
    err_village_taken: &'static str,
    err_region_unknown: &'static str,
    not_admin: &'static str,
}

const ID: Texts = Texts {
    title: "Daftarkan koperasi",
    intro: "Catat koperasi desa/kelurahan dan ketuanya. Ketua akan melengkapi profil koperasi sendiri.",
    place: "Letak koperasi",
    scheme: "Skema pembentukan",
    schemes: [
        ("Pembentukan baru", "Koperasi baru didirikan di desa ini."),
        (
            "Mengembangkan koperasi yang ada",
            "Koperasi desa yang sudah ada diperluas usahanya.",
        ),
        (
            "Revitalisasi",
            "Koperasi yang tidak aktif dihidupkan kembali atau digabung.",
        ),
    ],
    name: "Nama koperasi",
    name_hint: "Contoh: Koperasi Desa Merah Putih Cangkuang Wetan",
    name_lacks_village: "Nama ini tidak memuat nama desanya. Periksa lagi; boleh disimpan jika memang benar.",
    ketua_name: "Nama ketua",
    ketua_phone: "Nomor HP ketua",
    ketua_hint: "Ketua masuk dengan nomor ini memakai kode aktivasi.",
    submit: "Simpan koperasi",
    saved: "Koperasi tersimpan sebagai draf.",
    code_intro: "Berikan kode aktivasi ini kepada ketua. Kode berlaku 7 hari dan hanya tampil sekali:",
    had_account: "Ketua sudah punya akun: ia masuk dengan kata sandinya sendiri dan akan melihat jabatan ini. Tidak ada kode aktivasi baru.",
    open: "Buka koperasi",
    another: "Daftarkan koperasi lain",
    err_village: "Pilih desa/kelurahan sampai tingkat terakhir.",
    err_village_taken: "Desa/kelurahan ini sudah punya koperasi terdaftar.",
    err_region_unknown: "Wilayah ini tidak ada dalam data wilayah Kemendagri.",
    not_admin: "Hanya admin dinas atau kementerian yang bisa mendaftarkan koperasi.",
};

const EN: Texts = Texts {
    title: "Register a cooperative",
    intro: "Record a village cooperative and its chair. The chair fills in the rest of the profile.",
    place: "Where the cooperative is",
    scheme: "How it is being set up",
    schemes: [
        ("New", "A new cooperative is founded in this village."),
        (
            "Developing an existing one",
            "An existing village cooperative takes on the programme.",
        ),
        (
            "Revitalisation",
            "An inactive cooperative is revived or merged.",
        ),
    ],
    name: "Cooperative name",
    name_hint: "For example: Koperasi Desa Merah Putih Cangkuang Wetan",
    name_lacks_village: "This name does not contain the village's name. Check it; you may save it if it is right.",
    ketua_name: "Chair's name",
    ketua_phone: "Chair's mobile number",
    ketua_hint: "The chair signs in with this number using an activation code.",
    submit: "Save cooperative",
    saved: "The cooperative is saved as a draft.",
    code_intro: "Give this activation code to the chair. It works for 7 days and is shown only once:",
    had_account: "The chair already has an account: they sign in with their own password and will see this position. No new activation code is made.",
    open: "Open the cooperative",
    another: "Register another cooperative",
    err_village: "Choose down to the village.",
    err_village_taken: "This village already has a registered cooperative.",
    err_region_unknown: "This place is not in the Kemendagri region data.",
    not_admin: "Only district office or ministry admins can register cooperatives.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

const SCHEMES: [Scheme; 3] = [Scheme::Baru, Scheme::Mengembangkan, Scheme::Revitalisasi];

#[component]
pub fn CooperativeRegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let form = FormState::new(i18n);
    let village = RwSignal::new(None::<RegionSummary>);
    let scheme = RwSignal::new(Scheme::Baru);
    let name = RwSignal::new(String::new());
    let ketua_name = RwSignal::new(String::new());
    let ketua_phone = RwSignal::new(String::new());
    let saved = RwSignal::new(None::<RegisteredCooperative>);
    let confirmed = RwSignal::new(false);

    // An admin of one region picks inside it; a ministry admin picks anywhere.
    let grants = session
        .me
        .with_untracked(|me| me.as_ref().map(|m| m.roles.clone()).unwrap_or_default());
    let is_admin = session
        .me
        .with_untracked(|me| me.as_ref().is_some_and(|m| m.is_admin()));
    let within = if grants.iter().any(|g| g.role == Role::MinistryAdmin) {
        None
    } else {
        grants
            .iter()
            .find(|g| g.role == Role::DinasAdmin)
            .and_then(|g| g.region.clone())
    };

    let village_error = Signal::derive(move || {
        let t = texts(i18n.lang.get());
        form.code_of("village").map(|code| match code.as_str() {
            "village.taken" => t.err_village_taken,
            "region.unknown" => t.err_region_unknown,
            _ => t.err_village,
        })
    });
    let name_warning = move || {
        let place = village.get()?;
        let typed = name.get();
        (!typed.trim().is_empty() && name_lacks_village(&typed, &place.name))
            .then(|| texts(i18n.lang.get()).name_lacks_village)
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let registration = CooperativeRegistration {
            village: village
                .get_untracked()
                .map(|v| v.code.to_string())
                .unwrap_or_default(),
            scheme: scheme.get_untracked(),
            name: name.get_untracked(),
            ketua_name: ketua_name.get_untracked(),
            ketua_phone: ketua_phone.get_untracked(),
            existing_account_confirmed: confirmed.get_untracked(),
        };
        if let Err(fields) = registration.parse() {
            form.invalid(fields);
            return;
        }
        form.sending();
        spawn_local(async move {
            match api::register_cooperative(&registration).await {
                Ok(registered) => {
                    form.done();
                    saved.set(Some(registered));
                }
                Err(failure) => form.failed(failure),
            }
        });
    };
    let again = move |_| {
        for field in [name, ketua_name, ketua_phone] {
            field.set(String::new());
        }
        village.set(None);
        saved.set(None);
    };

    let form_view = move || {
        view! {
            <form class="card form" on:submit=submit novalidate=true data-testid="cooperative-form">
                <p class="hint">{tr_in(texts, |t| t.intro)}</p>
                <RegionPicker legend=Signal::derive(move || tr_in(texts, |t| t.place).get().to_owned()) picked=village within=within.clone() error=village_error/>
                <fieldset class="choices">
                    <legend>{tr_in(texts, |t| t.scheme)}</legend>
                    {SCHEMES.into_iter().enumerate().map(|(i, s)| view! {
                        <label class="check">
                            <input type="radio" name="scheme" value=s.as_str()
                                data-testid=format!("scheme-{}", s.as_str())
                                prop:checked=move || scheme.get() == s
                                on:change=move |_| scheme.set(s)/>
                            <span>
                                <strong>{move || texts(i18n.lang.get()).schemes[i].0}</strong><br/>
                                <span class="hint">{move || texts(i18n.lang.get()).schemes[i].1}</span>
                            </span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <TextField name="name" label=tr_in(texts, |t| t.name) hint=tr_in(texts, |t| t.name_hint)
                    value=name error=form.error("name")/>
                {move || name_warning().map(|w| view! { <p class="field-warning" role="status" data-testid="name-warning">{w}</p> })}
                <TextField name="ketua_name" label=tr_in(texts, |t| t.ketua_name) value=ketua_name error=form.error("ketua_name")/>
                <TextField name="ketua_phone" label=tr_in(texts, |t| t.ketua_phone) hint=tr_in(texts, |t| t.ketua_hint)
                    value=ketua_phone error=form.error("ketua_phone") input_type="tel" inputmode="tel"/>
                <ExistingAccountConfirm form=form field="ketua_phone" phone=ketua_phone name=ketua_name confirmed=confirmed/>
                {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                <button type="submit" class="button" data-testid="submit" disabled=move || form.pending.get()>
                    {tr_in(texts, |t| t.submit)}
                </button>
            </form>
        }
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {move || match (is_admin, saved.get()) {
            (false, _) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.not_admin)}</p> }.into_any(),
            (true, None) => form_view().into_any(),
            (true, Some(registered)) => view! {
                <section class="card" role="status" data-testid="cooperative-saved">
                    <h2>{tr_in(texts, |t| t.saved)}</h2>
                    <p><strong>{registered.cooperative.profile.name.clone()}</strong><br/>{registered.cooperative.village_name.clone()}</p>
                    {match registered.ketua_activation_code {
                        Some(code) => view! {
                            <p>{tr_in(texts, |t| t.code_intro)}</p>
                            <p class="code" data-testid="activation-code">{code}</p>
                        }.into_any(),
                        None => view! { <p>{tr_in(texts, |t| t.had_account)}</p> }.into_any(),
                    }}
                    <A href=format!("/koperasi/{}", registered.cooperative.id) attr:class="button">{tr_in(texts, |t| t.open)}</A>
                    <button type="button" class="button button-light" on:click=again>{tr_in(texts, |t| t.another)}</button>
                </section>
            }.into_any(),
        }}
    }
}
