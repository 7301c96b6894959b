//! The top of an admin's dashboard, which is their home: what waits for them in their scope,
//! each count a way into the work, and the staff pages for those who appoint admins.

use kopdes_domain::Lang;
use kopdes_domain::format;
use kopdes_domain::staff::{StaffWork, appoints_staff};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::components::KeptNotice;
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::session::use_session;

struct Texts {
    title: &'static str,
    awaiting: &'static str,
    oldest: &'static str,
    returned: &'static str,
    drafts: &'static str,
    not_activated: &'static str,
    nothing: &'static str,
    open_list: &'static str,
    open_queue: &'static str,
    register: &'static str,
    staff: &'static str,
    audit: &'static str,
    failed: &'static str,
}

const ID: Texts = Texts {
    title: "Pekerjaan Anda",
    awaiting: "koperasi menunggu verifikasi",
    oldest: "terlama diajukan",
    returned: "dikembalikan, menunggu perbaikan pengurus",
    drafts: "masih draf",
    not_activated: "petugas belum mengaktifkan akun",
    nothing: "Tidak ada yang menunggu verifikasi.",
    open_list: "Buka daftar koperasi",
    open_queue: "Periksa antrean verifikasi",
    register: "Daftarkan koperasi",
    staff: "Petugas dinas",
    audit: "Jejak audit",
    failed: "Daftar pekerjaan belum bisa dimuat dan belum tersimpan di ponsel.",
};

const EN: Texts = Texts {
    title: "Your work",
    awaiting: "cooperatives waiting for verification",
    oldest: "oldest submitted",
    returned: "returned, waiting for their board to correct",
    drafts: "still drafts",
    not_activated: "staff who have not activated their account",
    nothing: "Nothing waits for verification.",
    open_list: "Open the list of cooperatives",
    open_queue: "Check the verification queue",
    register: "Register a cooperative",
    staff: "Dinas staff",
    audit: "Audit trail",
    failed: "Your work list could not be loaded and is not kept on the phone yet.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn WorkCard() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let me = use_session().me.get_untracked();
    let appoints = me.as_ref().is_some_and(|m| {
        m.roles
            .iter()
            .any(|g| appoints_staff(g.role, g.region.as_ref()))
    });
    let loaded = RwSignal::new(None::<Result<Loaded<StaffWork>, crate::api::ApiFailure>>);
    spawn_local(async move {
        loaded.set(Some(reader.get::<StaffWork>("/api/staff/work").await));
    });
    let counts = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        match loaded.get() {
            None => ().into_any(),
            Some(Err(_)) => view! { <p class="form-error" role="alert">{t.failed}</p> }.into_any(),
            Some(Ok(Loaded {
                value: work,
                kept_at,
            })) => {
                let oldest = work
                    .oldest_submitted_at
                    .map(|at| format!(" · {} {}", t.oldest, format::moment_wib(at, lang)));
                view! {
                    <KeptNotice kept_at/>
                    {if work.awaiting_verification > 0 {
                        view! {
                            <p data-testid="work-awaiting">
                                <strong>{work.awaiting_verification}</strong>
                                " " {t.awaiting} {oldest}
                            </p>
                            <p>
                                <A href="/koperasi/dasbor/daftar?status=submitted&sort=oldest_submitted"
                                    attr:class="button" attr:data-testid="go-queue">{t.open_queue}</A>
                            </p>
                        }.into_any()
                    } else {
                        view! { <p data-testid="work-awaiting">{t.nothing}</p> }.into_any()
                    }}
                    <ul class="list">
                        <li>{work.returned} " " {t.returned}</li>
                        <li>{work.drafts} " " {t.drafts}</li>
                        {(work.staff_not_activated > 0).then(|| view! {
                            <li data-testid="work-not-activated">{work.staff_not_activated} " " {t.not_activated}</li>
                        })}
                    </ul>
                }
                .into_any()
            }
        }
    };
    view! {
        <section class="card" data-testid="work-card">
            <h2>{tr_in(texts, |t| t.title)}</h2>
            {counts}
            <p class="row-actions">
                <A href="/koperasi/dasbor/daftar" attr:class="button button-light" attr:data-testid="go-registry">{tr_in(texts, |t| t.open_list)}</A>
                <A href="/koperasi/baru" attr:class="button button-light" attr:data-testid="go-register">{tr_in(texts, |t| t.register)}</A>
            </p>
            <p class="more">
                {appoints.then(|| view! {
                    <A href="/koperasi/dasbor/staf" attr:data-testid="go-staff">{tr_in(texts, |t| t.staff)}</A>
                    " · "
                })}
                <A href="/koperasi/dasbor/jejak" attr:data-testid="go-audit">{tr_in(texts, |t| t.audit)}</A>
            </p>
        </section>
    }
}
