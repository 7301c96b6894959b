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
        let n = |v: u64| format::integer(v, lang);
        // While loading, the card keeps its place with every label and no value, so the
        // profile below it does not jump down under the reader's eyes when the figures arrive.
        let values: Option<[AnyView; 5]> = match figures.get() {
            None => None,
            Some(loaded) => {
                let Loaded { value: d, .. } = loaded?;
                let forms = if d.forms_due.is_empty() {
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
                };
                Some([
                    format!("{} ({} {})", n(d.members_active), n(d.members_left), t.left)
                        .into_any(),
                    n(d.pending_requests).into_any(),
                    format::rupiah(d.savings_this_month, lang).into_any(),
                    format!("{} / {}", n(d.members_trained), n(d.members_with_account)).into_any(),
                    forms,
                ])
            }
        };
        let loading = values.is_none();
        let labels = [
            (t.members, "figure-members"),
            (t.requests, "figure-requests"),
            (t.savings, "figure-savings"),
            (t.trained, "figure-trained"),
            (t.forms_due, "figure-forms"),
        ];
        let rows: Vec<AnyView> = match values {
            Some(values) => labels
                .into_iter()
                .zip(values)
                .map(|((label, test_id), value)| {
                    view! { <dt>{label}</dt><dd data-testid=test_id>{value}</dd> }.into_any()
                })
                .collect(),
            None => labels
                .into_iter()
                .map(|(label, _)| view! { <dt>{label}</dt><dd>"…"</dd> }.into_any())
                .collect(),
        };
        Some(view! {
            <section class="card" aria-busy=loading.then_some("true")
                data-testid=if loading { "cooperative-figures-loading" } else { "cooperative-figures" }>
                <h2>{t.title}</h2>
                <dl class="facts">{rows.into_iter().collect_view()}</dl>
            </section>
        })
    }
}
