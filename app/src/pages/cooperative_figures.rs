//! A cooperative's own figures on its page, for its pengurus and pengawas: members, requests
//! waiting for a decision, forms still to fill in, savings collected this month, and how many
//! members finished a course. Kept on the phone like every read.

use kopdes_domain::Lang;
use kopdes_domain::dashboard::CooperativeDashboard;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::i18n::use_i18n;
use crate::kept::{Loaded, use_reader};

struct Texts {
    title: &'static str,
    members: &'static str,
    left: &'static str,
    requests: &'static str,
    forms_due: &'static str,
    none_due: &'static str,
    savings: &'static str,
    trained: &'static str,
}

const ID: Texts = Texts {
    title: "Ringkasan koperasi",
    members: "Anggota aktif",
    left: "keluar",
    requests: "Permintaan ubah data menunggu",
    forms_due: "Formulir belum diisi",
    none_due: "Semua formulir sudah diisi.",
    savings: "Setoran simpanan bulan ini",
    trained: "Anggota selesai pelatihan",
};

const EN: Texts = Texts {
    title: "Cooperative at a glance",
    members: "Active members",
    left: "left",
    requests: "Data change requests waiting",
    forms_due: "Forms not filled in yet",
    none_due: "Every form is filled in.",
    savings: "Savings deposits this month",
    trained: "Members who finished a course",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn CooperativeFigures(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    // None while loading; Some(None) when neither the server nor the phone has them.
    let figures = RwSignal::new(None::<Option<Loaded<CooperativeDashboard>>>);
    {
        let path = format!("/api/cooperatives/{id}/dashboard");
        spawn_local(async move { figures.set(Some(reader.get(&path).await.ok())) });
    }
    let id = StoredValue::new(id);
    move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let Some(loaded) = figures.get() else {
            // The card keeps its place while its figures load, so the profile below it does
            // not jump down under the reader's eyes when they arrive.
            let labels = [t.members, t.requests, t.savings, t.trained, t.forms_due];
            return Some(
                view! {
                    <section class="card" aria-busy="true" data-testid="cooperative-figures-loading">
                        <h2>{t.title}</h2>
                        <dl class="facts">
                            {labels.map(|label| view! { <dt>{label}</dt><dd>"…"</dd> }).collect_view()}
                        </dl>
                    </section>
                }
                .into_any(),
            );
        };
        let Loaded { value: d, .. } = loaded?;
        let n = |v: u64| format::integer(v, lang);
        Some(view! {
            <section class="card" data-testid="cooperative-figures">
                <h2>{t.title}</h2>
                <dl class="facts">
                    <dt>{t.members}</dt>
                    <dd data-testid="figure-members">{format!("{} ({} {})", n(d.members_active), n(d.members_left), t.left)}</dd>
                    <dt>{t.requests}</dt><dd data-testid="figure-requests">{n(d.pending_requests)}</dd>
                    <dt>{t.savings}</dt><dd data-testid="figure-savings">{format::rupiah(d.savings_this_month, lang)}</dd>
                    <dt>{t.trained}</dt>
                    <dd data-testid="figure-trained">{format!("{} / {}", n(d.members_trained), n(d.members_with_account))}</dd>
                    <dt>{t.forms_due}</dt>
                    <dd data-testid="figure-forms">
                        {if d.forms_due.is_empty() {
                            view! { <span>{t.none_due}</span> }.into_any()
                        } else {
                            view! {
                                <ul class="plain">
                                    {d.forms_due.into_iter().map(|f| {
                                        let (href, title) = (format!("/koperasi/{}/formulir/{}", id.get_value(), f.form_id), f.title.get(lang).to_owned());
                                        view! { <li><A href=href>{title}</A></li> }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </dd>
                </dl>
            </section>
        }.into_any())
    }
}
