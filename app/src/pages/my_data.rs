//! "Data saya": a member's own record as the cooperative holds it, and who has seen or changed
//! it (UU PDP: a person may see their data and its processing).

use kopdes_domain::Lang;
use kopdes_domain::format;
use kopdes_domain::member::{AccessLogEntry, Member, MemberStatus};
use kopdes_domain::nik::Gender;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiFailure;
use crate::components::KeptNotice;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::use_reader;
use crate::pages::member_savings::MemberSavingsCard;
use crate::pages::own_data_change::OwnDataChangeCard;

struct Texts {
    title: &'static str,
    intro: &'static str,
    loading: &'static str,
    none: &'static str,
    failed: &'static str,
    nik: &'static str,
    gender: &'static str,
    female: &'static str,
    male: &'static str,
    birth_date: &'static str,
    join_date: &'static str,
    address: &'static str,
    log_title: &'static str,
    registered: &'static str,
    nik_viewed: &'static str,
    left: &'static str,
    code_issued: &'static str,
    change_requested: &'static str,
    change_approved: &'static str,
    change_rejected: &'static str,
    other: &'static str,
    phone: &'static str,
}

const ID: Texts = Texts {
    title: "Data saya",
    intro: "Inilah data Anda yang dicatat koperasi, dan siapa yang pernah melihat atau mengubahnya. Jika ada yang salah, hubungi pengurus koperasi.",
    loading: "Memuat data Anda…",
    none: "Akun ini belum terdaftar sebagai anggota koperasi.",
    failed: "Data belum bisa dimuat. Periksa sambungan lalu buka lagi halaman ini.",
    nik: "NIK",
    gender: "Jenis kelamin",
    female: "Perempuan",
    male: "Laki-laki",
    birth_date: "Tanggal lahir",
    join_date: "Tanggal masuk",
    address: "Alamat",
    log_title: "Riwayat akses data",
    registered: "mendaftarkan Anda sebagai anggota",
    nik_viewed: "melihat NIK lengkap Anda",
    left: "mencatat Anda keluar",
    code_issued: "membuat kode aktivasi baru untuk akun Anda",
    change_requested: "meminta perubahan data",
    change_approved: "menyetujui perubahan data Anda",
    change_rejected: "menolak perubahan data Anda",
    other: "mengubah data Anda",
    phone: "Nomor HP",
};

const EN: Texts = Texts {
    title: "My data",
    intro: "This is the data your cooperative keeps about you, and who has seen or changed it. If something is wrong, contact the cooperative's officers.",
    loading: "Loading your data…",
    none: "This account is not registered as a cooperative member yet.",
    failed: "Your data could not be loaded. Check the connection and open this page again.",
    nik: "NIK",
    gender: "Gender",
    female: "Female",
    male: "Male",
    birth_date: "Birth date",
    join_date: "Date joined",
    address: "Address",
    log_title: "Who accessed your data",
    registered: "registered you as a member",
    nik_viewed: "viewed your full NIK",
    left: "recorded that you left",
    code_issued: "made a new activation code for your account",
    change_requested: "asked for a change to the data",
    change_approved: "approved a change to your data",
    change_rejected: "rejected a change to your data",
    other: "changed your data",
    phone: "Phone number",
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
pub fn MyDataPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let loaded = RwSignal::new(None::<Result<Vec<(Member, Vec<AccessLogEntry>)>, ApiFailure>>);
    // Offline, the copies kept on the phone; the oldest copy's date is the one to tell.
    let kept_at = RwSignal::new(None::<f64>);
    spawn_local(async move {
        let result = async {
            let members = reader.get::<Vec<Member>>("/api/me/members").await?;
            let mut oldest = members.kept_at;
            let mut out = Vec::new();
            for member in members.value {
                let path = format!("/api/members/{}/access-log", member.id);
                let log = reader.get::<Vec<AccessLogEntry>>(&path).await?;
                oldest = match (oldest, log.kept_at) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                out.push((member, log.value));
            }
            kept_at.set(oldest);
            Ok(out)
        }
        .await;
        loaded.set(Some(result));
    });
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p>{tr_in(texts, |t| t.intro)}</p>
        {move || view! { <KeptNotice kept_at=kept_at.get()/> }}
        // Only a new answer rebuilds the records; a language switch changes their words in
        // place, so a change request being written keeps its state.
        {move || match loaded.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Ok(records)) if records.is_empty() => view! { <p>{tr_in(texts, |t| t.none)}</p> }.into_any(),
            Some(Ok(records)) => records
                .into_iter()
                .map(|(m, log)| {
                    let lang = move || i18n.lang.get();
                    let gender = m.gender;
                    let (born, joined) = (m.birth_date, m.join_date);
                    view! {
                        <section class="card" data-testid="my-record">
                            <h2 data-testid="my-name">{m.name.clone()}</h2>
                            <dl class="facts">
                                <dt>{tr_in(texts, |t| t.nik)}</dt><dd data-testid="my-nik">{m.nik.clone()}</dd>
                                <dt>{tr_in(texts, |t| t.gender)}</dt>
                                <dd>{move || {
                                    let t = texts(lang());
                                    match gender { Some(Gender::Female) => t.female, Some(Gender::Male) => t.male, None => "-" }
                                }}</dd>
                                <dt>{tr_in(texts, |t| t.birth_date)}</dt><dd>{move || born.map_or_else(|| "-".to_owned(), |d| format::date(d, lang()))}</dd>
                                <dt>{tr_in(texts, |t| t.join_date)}</dt><dd>{move || format::date(joined, lang())}</dd>
                                <dt>{tr_in(texts, |t| t.phone)}</dt><dd data-testid="my-phone">{m.phone.as_ref().map(|p| p.local()).unwrap_or_else(|| "-".into())}</dd>
                                <dt>{tr_in(texts, |t| t.address)}</dt><dd data-testid="my-address">{m.address.clone().unwrap_or_else(|| "-".into())}</dd>
                            </dl>
                            <OwnDataChangeCard active=m.status == MemberStatus::Active member=m.clone()/>
                            <MemberSavingsCard cooperative_id=m.cooperative_id.clone() member_id=m.id.clone() mine=true can_correct=false/>
                            <h3>{tr_in(texts, |t| t.log_title)}</h3>
                            <ul class="list" data-testid="access-log">
                                {log.into_iter().map(|e| {
                                    let day = kopdes_domain::date::Date::in_wib(e.at);
                                    let action = e.action.clone();
                                    view! {
                                        <li>
                                            {move || format::date(day, lang())} ": "
                                            {e.actor_name.map(|n| format!("{n} ")).unwrap_or_default()}
                                            {move || action_text(texts(lang()), &action)}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()
                .into_any(),
        }}
    }
}
