//! `/koperasi/formulir/:form`: for admins, how many cooperatives in each region answered a
//! form, region by region down to the village, and the answers as CSV.

use kopdes_domain::Lang;
use kopdes_domain::form::{PublishedForm, RegionCount};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::i18n::{tr_in, use_i18n};
use crate::kept::use_reader;

struct Texts {
    loading: &'static str,
    failed: &'static str,
    region: &'static str,
    cooperatives: &'static str,
    responded: &'static str,
    rate: &'static str,
    csv: &'static str,
    up: &'static str,
}

const ID: Texts = Texts {
    loading: "Memuat…",
    failed: "Hasil belum bisa dimuat. Buka lagi saat ada sinyal.",
    region: "Wilayah",
    cooperatives: "Koperasi",
    responded: "Sudah mengisi",
    rate: "Persen",
    csv: "Unduh jawaban (CSV)",
    up: "Naik satu tingkat",
};

const EN: Texts = Texts {
    loading: "Loading…",
    failed: "The results could not be loaded. Open them again when you have a signal.",
    region: "Region",
    cooperatives: "Cooperatives",
    responded: "Answered",
    rate: "Percent",
    csv: "Download answers (CSV)",
    up: "Up one level",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

#[component]
pub fn FormResultsPage(form_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let region = Memo::new(move |_| query.with(|q| q.get("wilayah")));
    let form = RwSignal::new(None::<PublishedForm>);
    let counts = RwSignal::new(None::<Option<Vec<RegionCount>>>);
    {
        let (reader, form_id) = (use_reader(), form_id.clone());
        spawn_local(async move {
            if let Ok(loaded) = reader
                .get::<PublishedForm>(&format!("/api/forms/{form_id}"))
                .await
            {
                form.set(Some(loaded.value));
            }
        });
    }
    {
        let (reader, form_id) = (use_reader(), form_id.clone());
        Effect::new(move |_| {
            let within = region
                .get()
                .map(|r| format!("?region={r}"))
                .unwrap_or_default();
            let (reader, path) = (
                reader.clone(),
                format!("/api/forms/{form_id}/counts{within}"),
            );
            counts.set(None);
            spawn_local(async move {
                counts.set(Some(
                    reader
                        .get::<Vec<RegionCount>>(&path)
                        .await
                        .ok()
                        .map(|l| l.value),
                ));
            });
        });
    }
    let csv = move || {
        let within = region
            .get()
            .map(|r| format!("?region={r}"))
            .unwrap_or_default();
        format!("/api/forms/{form_id}/responses.csv{within}")
    };
    let up = move || {
        let parent = region.get()?.rsplit_once('.').map(|(p, _)| p.to_owned());
        Some(match parent {
            Some(p) => format!("?wilayah={p}"),
            None => "?".to_owned(),
        })
    };
    view! {
        <h1 data-testid="form-title">{move || form.get().map(|f| f.spec.title.get(i18n.lang.get()).to_owned())}</h1>
        <p class="hint">{move || region.get()}</p>
        {move || up().map(|href| view! { <p class="more"><A href=href>{tr_in(texts, |t| t.up)}</A></p> })}
        {move || match counts.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(None) => view! { <p class="form-error" role="alert">{tr_in(texts, |t| t.failed)}</p> }.into_any(),
            Some(Some(rows)) => view! {
                <table class="table" data-testid="counts">
                    <thead><tr>
                        <th>{tr_in(texts, |t| t.region)}</th>
                        <th>{tr_in(texts, |t| t.cooperatives)}</th>
                        <th>{tr_in(texts, |t| t.responded)}</th>
                        <th>{tr_in(texts, |t| t.rate)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().filter(|r| r.cooperatives > 0).map(|r| {
                            let rate = r.responded * 100 / r.cooperatives.max(1);
                            let deeper = r.region.level() != kopdes_domain::region::RegionLevel::Village;
                            let code = r.region.to_string();
                            view! {
                                <tr data-testid="count-row">
                                    <td>{if deeper {
                                        view! { <A href=format!("?wilayah={code}")>{r.name.clone()}</A> }.into_any()
                                    } else {
                                        r.name.clone().into_any()
                                    }}</td>
                                    <td>{r.cooperatives}</td>
                                    <td>{r.responded}</td>
                                    <td>{rate} "%"</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any(),
        }}
        <a class="button button-light" href=csv download="" data-testid="download-csv">{tr_in(texts, |t| t.csv)}</a>
    }
}
