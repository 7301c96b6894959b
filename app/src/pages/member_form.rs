//! Registering a member: the NIK is read as it is typed, with the shared crate's rules, and
//! what it says (gender, birth date) is shown for the officer to compare with the ID card.

use kopdes_domain::Lang;
use kopdes_domain::format;
use kopdes_domain::member::{CONSENT_NOTICE_VERSION, MemberRegistration, nik_error_code};
use kopdes_domain::nik::{Gender, Nik};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::clock::today;
use crate::components::TextField;
use crate::forms::FormState;
use crate::i18n::{tr_in, use_i18n};

struct Texts {
    title: &'static str,
    nik: &'static str,
    nik_hint: &'static str,
    name: &'static str,
    address: &'static str,
    phone: &'static str,
    join_date: &'static str,
    create_account: &'static str,
    consent: &'static str,
    submit: &'static str,
    female: &'static str,
    male: &'static str,
    born: &'static str,
    nik_says: &'static str,
    saved: &'static str,
    code_intro: &'static str,
    back: &'static str,
    another: &'static str,
    err_nik_length: &'static str,
    err_nik_digits: &'static str,
    err_nik_district: &'static str,
    err_nik_birth: &'static str,
    err_nik_serial: &'static str,
    err_nik_taken: &'static str,
    err_consent: &'static str,
}

const ID: Texts = Texts {
    title: "Daftarkan anggota",
    nik: "NIK (16 angka di KTP)",
    nik_hint: "Ketik sesuai KTP. Jenis kelamin dan tanggal lahir terbaca dari NIK.",
    name: "Nama lengkap",
    address: "Alamat",
    phone: "Nomor HP (boleh kosong)",
    join_date: "Tanggal masuk",
    create_account: "Buatkan akun agar anggota bisa masuk sendiri (perlu nomor HP)",
    consent: "Anggota sudah membaca pemberitahuan privasi dan setuju datanya dicatat koperasi.",
    submit: "Simpan anggota",
    female: "Perempuan",
    male: "Laki-laki",
    born: "lahir",
    nik_says: "Menurut NIK:",
    saved: "Anggota tersimpan.",
    code_intro: "Berikan kode aktivasi ini kepada anggota (berlaku 7 hari, sekali pakai):",
    back: "Kembali ke daftar anggota",
    another: "Daftarkan anggota lain",
    err_nik_length: "NIK terdiri dari 16 angka.",
    err_nik_digits: "NIK hanya berisi angka.",
    err_nik_district: "6 angka pertama NIK bukan kode kecamatan yang dikenal. Periksa lagi KTP.",
    err_nik_birth: "Angka ke-7 sampai ke-12 NIK bukan tanggal lahir yang benar.",
    err_nik_serial: "4 angka terakhir NIK tidak boleh 0000.",
    err_nik_taken: "NIK ini sudah terdaftar sebagai anggota aktif sebuah koperasi.",
    err_consent: "Centang persetujuan anggota sebelum menyimpan.",
};

const EN: Texts = Texts {
    title: "Register a member",
    nik: "NIK (16 digits on the ID card)",
    nik_hint: "Type it as on the ID card. Gender and birth date are read from the NIK.",
    name: "Full name",
    address: "Address",
    phone: "Mobile number (optional)",
    join_date: "Date joined",
    create_account: "Create an account so the member can sign in (needs a mobile number)",
    consent: "The member has read the privacy notice and agrees to the cooperative recording their data.",
    submit: "Save member",
    female: "Female",
    male: "Male",
    born: "born",
    nik_says: "The NIK says:",
    saved: "Member saved.",
    code_intro: "Give this activation code to the member (valid 7 days, single use):",
    back: "Back to the member list",
    another: "Register another member",
    err_nik_length: "A NIK has 16 digits.",
    err_nik_digits: "A NIK has digits only.",
    err_nik_district: "The first 6 digits are not a known district code. Check the ID card again.",
    err_nik_birth: "Digits 7 to 12 are not a real birth date.",
    err_nik_serial: "The last 4 digits cannot be 0000.",
    err_nik_taken: "This NIK is already registered as an active member of a cooperative.",
    err_consent: "Tick the member's consent before saving.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// Field errors this page words itself; the rest are the app's common ones.
fn own_error(t: &'static Texts, code: &str) -> Option<&'static str> {
    Some(match code {
        "nik.length" => t.err_nik_length,
        "nik.not_digits" => t.err_nik_digits,
        "nik.district" | "nik.unknown_district" => t.err_nik_district,
        "nik.birth_date" | "nik.future_birth_date" => t.err_nik_birth,
        "nik.serial" => t.err_nik_serial,
        "nik.taken" => t.err_nik_taken,
        "consent.required" => t.err_consent,
        _ => return None,
    })
}

#[component]
pub fn MemberFormPage(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let cooperative_id = StoredValue::new(id);
    let cooperative_id = move || cooperative_id.get_value();
    let form = FormState::new(i18n);
    let nik = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let join_date = RwSignal::new(today().to_string());
    let create_account = RwSignal::new(false);
    let consent = RwSignal::new(false);
    let saved = RwSignal::new(None::<Option<String>>);

    // The NIK as typed so far, read with the same rules the server applies.
    let reading = Memo::new(move |_| {
        let typed = nik.get();
        let digits = typed.chars().filter(char::is_ascii_digit).count();
        (digits >= 16).then(|| Nik::parse(&typed, today()))
    });
    let error_of = move |field: &'static str| {
        let common = form.error(field);
        Signal::derive(move || {
            let t = texts(i18n.lang.get());
            if field == "nik"
                && let Some(Err(e)) = reading.get()
            {
                return own_error(t, nik_error_code(e));
            }
            form.code_of(field)
                .and_then(|code: String| own_error(t, code.as_str()))
                .or(common.get())
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.begin() {
            return;
        }
        let registration = MemberRegistration {
            nik: nik.get_untracked(),
            name: name.get_untracked(),
            address: Some(address.get_untracked()),
            phone: Some(phone.get_untracked()),
            join_date: join_date
                .get_untracked()
                .parse()
                .unwrap_or_else(|_| today()),
            consent_notice_version: if consent.get_untracked() {
                CONSENT_NOTICE_VERSION.to_owned()
            } else {
                String::new()
            },
            create_account: create_account.get_untracked(),
        };
        if let Err(fields) = registration.parse(today()) {
            form.invalid(fields);
            return;
        }
        form.sending();
        let id = cooperative_id();
        spawn_local(async move {
            match api::register_member(&id, &registration).await {
                Ok(registered) => {
                    form.done();
                    saved.set(Some(registered.activation_code));
                }
                Err(failure) => form.failed(failure),
            }
        });
    };
    let again = move |_| {
        for field in [nik, name, address, phone] {
            field.set(String::new());
        }
        consent.set(false);
        create_account.set(false);
        saved.set(None);
    };

    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        {move || match saved.get() {
            Some(code) => view! {
                <section class="card" role="status" data-testid="member-saved">
                    <h2>{tr_in(texts, |t| t.saved)}</h2>
                    {code.map(|c| view! {
                        <p>{tr_in(texts, |t| t.code_intro)}</p>
                        <p class="code" data-testid="activation-code">{c}</p>
                    })}
                    <A href=format!("/koperasi/{}/anggota", cooperative_id()) attr:class="button">{tr_in(texts, |t| t.back)}</A>
                    <button type="button" class="button button-light" on:click=again>{tr_in(texts, |t| t.another)}</button>
                </section>
            }.into_any(),
            None => view! {
                <form class="card form" on:submit=submit novalidate=true data-testid="member-form">
                    <TextField name="nik" label=tr_in(texts, |t| t.nik) hint=tr_in(texts, |t| t.nik_hint)
                        value=nik error=error_of("nik") inputmode="numeric"/>
                    {move || reading.get().and_then(Result::ok).map(|(_, facts)| {
                        let lang = i18n.lang.get();
                        let t = texts(lang);
                        let gender = match facts.gender { Gender::Female => t.female, Gender::Male => t.male };
                        view! {
                            <p class="nik-facts" data-testid="nik-facts">
                                {t.nik_says} " " {gender} ", " {t.born} " " {format::date(facts.birth_date, lang)}
                            </p>
                        }
                    })}
                    <TextField name="name" label=tr_in(texts, |t| t.name) value=name error=error_of("name") autocomplete="name"/>
                    <TextField name="address" label=tr_in(texts, |t| t.address) value=address error=error_of("address") autocomplete="street-address"/>
                    <TextField name="phone" label=tr_in(texts, |t| t.phone) value=phone error=error_of("phone")
                        input_type="tel" inputmode="tel" autocomplete="tel"/>
                    <TextField name="join_date" label=tr_in(texts, |t| t.join_date) value=join_date error=error_of("join_date") input_type="date"/>
                    <label class="check">
                        <input type="checkbox" data-testid="input-create-account"
                            prop:checked=move || create_account.get()
                            on:change=move |ev| create_account.set(event_target_checked(&ev))/>
                        <span>{tr_in(texts, |t| t.create_account)}</span>
                    </label>
                    <label class="check">
                        <input type="checkbox" data-testid="input-consent"
                            prop:checked=move || consent.get()
                            on:change=move |ev| consent.set(event_target_checked(&ev))/>
                        <span>{tr_in(texts, |t| t.consent)}</span>
                    </label>
                    {move || error_of("consent").get().map(|e| view! { <p class="field-error" data-testid="error-consent">{e}</p> })}
                    {move || form.message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="form-error">{m}</p> })}
                    <button type="submit" class="button" data-testid="submit" disabled=move || form.pending.get()>
                        {tr_in(texts, |t| t.submit)}
                    </button>
                </form>
            }.into_any(),
        }}
    }
}
