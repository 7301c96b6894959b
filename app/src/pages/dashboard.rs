//! `/koperasi/dasbor[?wilayah=CODE]`: where the programme stands, for dinas and ministry
//! admins. From the country (or the admin's region) down to the village: cooperatives by
//! status, scheme and legal status, members, officers, units, who keeps their data up to date,
//! form response rates, training and events. Every chart is also a table, every table exports
//! as CSV, and the page opens offline from the copy kept on the phone, with its "as of" time.

use kopdes_domain::Lang;
use kopdes_domain::cooperative::CooperativeStatus;
use kopdes_domain::dashboard::{Counts, Dashboard, Row, percent};
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::ApiFailure;
use crate::components::{AccountCard, KeptNotice};
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::pages::cooperatives::status_text;
use crate::pages::dashboard_charts::{Bar, Meter, StackedBars, Trend};
use crate::pages::staff_work::WorkCard;
use crate::pages::units::unit_words;

struct Texts {
    title: &'static str,
    country: &'static str,
    loading: &'static str,
    failed: &'static str,
    as_of: &'static str,
    up: &'static str,
    cooperatives: &'static str,
    verified_share: &'static str,
    members: &'static str,
    officers: &'static str,
    units: &'static str,
    operating: &'static str,
    fresh: &'static str,
    never: &'static str,
    savings: &'static str,
    by_region: &'static str,
    region: &'static str,
    trend: &'static str,
    registered: &'static str,
    schemes: &'static str,
    baru: &'static str,
    mengembangkan: &'static str,
    revitalisasi: &'static str,
    legal: &'static str,
    unit_kinds: &'static str,
    kind: &'static str,
    status: &'static str,
    count: &'static str,
    forms: &'static str,
    form: &'static str,
    asked: &'static str,
    answered: &'static str,
    rate: &'static str,
    completion: &'static str,
    training: &'static str,
    course: &'static str,
    enrolled: &'static str,
    completed: &'static str,
    events: &'static str,
    seats: &'static str,
    attended: &'static str,
    csv: &'static str,
    none: &'static str,
}

const ID: Texts = Texts {
    title: "Dasbor program",
    country: "Indonesia",
    loading: "Memuat angka…",
    failed: "Angka belum bisa dimuat dan belum tersimpan di ponsel. Coba lagi saat ada sambungan.",
    as_of: "Angka per",
    up: "↑ Naik satu tingkat",
    cooperatives: "Koperasi",
    verified_share: "Terverifikasi",
    members: "Anggota aktif",
    officers: "Pengurus dan pengawas",
    units: "Gerai usaha",
    operating: "beroperasi",
    fresh: "Memperbarui data (30 hari)",
    never: "Belum pernah memperbarui",
    savings: "Simpanan anggota",
    by_region: "Koperasi per wilayah",
    region: "Wilayah",
    trend: "Perkembangan 12 bulan",
    registered: "Terdaftar",
    schemes: "Skema dan badan hukum",
    baru: "Pembentukan baru",
    mengembangkan: "Pengembangan",
    revitalisasi: "Revitalisasi",
    legal: "Berbadan hukum",
    unit_kinds: "Gerai menurut jenis",
    kind: "Jenis",
    status: "Status",
    count: "Jumlah",
    forms: "Formulir",
    form: "Formulir",
    asked: "Diminta",
    answered: "Mengisi",
    rate: "Tingkat isi",
    completion: "Tingkat selesai",
    training: "Pelatihan",
    course: "Kursus",
    enrolled: "Mulai",
    completed: "Selesai",
    events: "Acara pelatihan",
    seats: "Kursi terisi",
    attended: "Hadir",
    csv: "Unduh CSV",
    none: "Belum ada data.",
};

const EN: Texts = Texts {
    title: "Programme dashboard",
    country: "Indonesia",
    loading: "Loading figures…",
    failed: "The figures could not be loaded and none are kept on this phone. Try again with a connection.",
    as_of: "Figures as of",
    up: "↑ Up one level",
    cooperatives: "Cooperatives",
    verified_share: "Verified",
    members: "Active members",
    officers: "Officers",
    units: "Business units",
    operating: "operating",
    fresh: "Updated their data (30 days)",
    never: "Never updated",
    savings: "Members' savings",
    by_region: "Cooperatives by region",
    region: "Region",
    trend: "Last 12 months",
    registered: "Registered",
    schemes: "Schemes and legal status",
    baru: "Newly formed",
    mengembangkan: "Developed",
    revitalisasi: "Revitalised",
    legal: "Legal entity",
    unit_kinds: "Units by kind",
    kind: "Kind",
    status: "Status",
    count: "Count",
    forms: "Forms",
    form: "Form",
    asked: "Asked",
    answered: "Answered",
    rate: "Response rate",
    completion: "Completion rate",
    training: "Training",
    course: "Course",
    enrolled: "Started",
    completed: "Finished",
    events: "Training events",
    seats: "Seats taken",
    attended: "Attended",
    csv: "Download CSV",
    none: "No data yet.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// A link that saves a table as a CSV file, made on the phone (so it works offline too). The
/// byte-order mark makes spreadsheet programs read the names' accents right.
fn csv_link(file: String, header: &[&str], rows: &[Vec<String>]) -> impl IntoView + use<> {
    let text = format!("\u{feff}{}", kopdes_domain::csv::table(header, rows));
    let href = format!(
        "data:text/csv;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&text))
    );
    view! {
        <a class="button button-light" href=href download=file data-testid="csv">
            {tr_in(texts, |t| t.csv)}
        </a>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let reader = use_reader();
    let loaded = RwSignal::new(None::<Result<Loaded<Dashboard>, ApiFailure>>);
    Effect::new(move |_| {
        let region = query.with(|q| q.get("wilayah")).unwrap_or_default();
        let path = if region.is_empty() {
            "/api/dashboard".to_owned()
        } else {
            format!("/api/dashboard?region={region}")
        };
        let reader = reader.clone();
        loaded.set(None);
        spawn_local(async move { loaded.set(Some(reader.get::<Dashboard>(&path).await)) });
    });
    // Without a region chosen this is the admin's home: their work first, their account last.
    let home = move || query.with(|q| q.get("wilayah").is_none());
    view! {
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <Show when=home><WorkCard/></Show>
        {move || match loaded.get() {
            None => view! { <p class="status">{tr_in(texts, |t| t.loading)}</p> }.into_any(),
            Some(Err(_)) => view! {
                <p class="form-error" role="alert" data-testid="load-failed">{tr_in(texts, |t| t.failed)}</p>
            }.into_any(),
            Some(Ok(Loaded { value, kept_at })) => view! {
                <KeptNotice kept_at/>
                <Figures dashboard=value/>
            }.into_any(),
        }}
        <Show when=home><AccountCard/></Show>
    }
}

#[component]
fn Figures(dashboard: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        let d = dashboard.clone();
        let n = |v: u64| format::integer(v, lang);
        let c = d.totals;
        let here = d
            .path
            .last()
            .map_or_else(|| t.country.to_owned(), |p| p.name.clone());
        let file = |what: &str| {
            format!(
                "{what}-{}.csv",
                d.path.last().map_or("indonesia", |p| p.code.as_str())
            )
        };
        let up = d.can_go_up.then(|| {
            let parent = d.path.len().checked_sub(2).map(|i| d.path[i].code.clone());
            let href = match parent {
                Some(code) => format!("/koperasi/dasbor?wilayah={code}"),
                None => "/koperasi/dasbor".to_owned(),
            };
            view! { <A href=href attr:data-testid="dashboard-up">{t.up}</A> }
        });
        let tiles = [
            (t.cooperatives, n(c.cooperatives), "tile-cooperatives"),
            (
                t.verified_share,
                format!(
                    "{} ({}%)",
                    n(c.verified),
                    percent(c.verified, c.cooperatives)
                ),
                "tile-verified",
            ),
            (t.members, n(c.members), "tile-members"),
            (t.officers, n(c.officers), "tile-officers"),
            (
                t.units,
                format!("{} ({} {})", n(c.units), n(c.units_operating), t.operating),
                "tile-units",
            ),
            (
                t.fresh,
                format!("{} ({}%)", n(c.fresh), percent(c.fresh, c.cooperatives)),
                "tile-fresh",
            ),
            (t.never, n(c.never_updated), "tile-never"),
            (t.savings, format::rupiah(c.savings, lang), "tile-savings"),
        ];
        view! {
            <nav class="breadcrumb" data-testid="breadcrumb">
                <span>{t.country}</span>
                {d.path.iter().map(|p| {
                    let (href, name) = (format!("/koperasi/dasbor?wilayah={}", p.code), p.name.clone());
                    view! { " › " <A href=href>{name}</A> }
                }).collect_view()}
            </nav>
            <h2 data-testid="dashboard-place">{here.clone()}</h2>
            <p class="hint" data-testid="dashboard-as-of">{t.as_of} " " {format::moment_wib(d.as_of, lang)}</p>
            {up}
            <dl class="tiles" data-testid="tiles">
                {tiles.into_iter().map(|(label, value, id)| view! {
                    <div><dt>{label}</dt><dd data-testid=id>{value}</dd></div>
                }).collect_view()}
            </dl>
            <RegionSection rows=d.rows.clone() lang file=file("koperasi")/>
            <section class="card">
                <h2>{t.trend}</h2>
                <Trend months=d.trend.iter().map(|m| m.month.clone()).collect()
                    lines=vec![d.trend.iter().map(|m| m.verified).collect(), d.trend.iter().map(|m| m.registered).collect()]
                    legend=vec![status_text(lang, CooperativeStatus::Verified), t.registered]
                    title=format!("{} · {}", t.trend, here) lang/>
            </section>
            <SchemeSection counts=c lang/>
            <UnitSection dashboard=d.clone() lang file=file("gerai")/>
            <FormSection dashboard=d.clone() lang file=file("formulir")/>
            <TrainingSection dashboard=d.clone() lang file=file("pelatihan")/>
        }
    }
}

#[component]
fn RegionSection(rows: Vec<Row>, lang: Lang, file: String) -> impl IntoView {
    let t = texts(lang);
    let statuses = [
        CooperativeStatus::Verified,
        CooperativeStatus::Submitted,
        CooperativeStatus::Draft,
        CooperativeStatus::Returned,
    ];
    let bars = rows
        .iter()
        .map(|r| Bar {
            label: r.name.clone(),
            values: vec![
                r.counts.verified,
                r.counts.submitted,
                r.counts.draft,
                r.counts.returned,
            ],
        })
        .collect();
    let header = [
        t.region,
        t.cooperatives,
        status_text(lang, CooperativeStatus::Verified),
        status_text(lang, CooperativeStatus::Submitted),
        status_text(lang, CooperativeStatus::Draft),
        status_text(lang, CooperativeStatus::Returned),
        t.members,
        t.units,
        t.fresh,
        t.never,
    ];
    let cells = |c: &Counts| {
        [
            c.cooperatives,
            c.verified,
            c.submitted,
            c.draft,
            c.returned,
            c.members,
            c.units,
            c.fresh,
            c.never_updated,
        ]
    };
    let csv_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            std::iter::once(r.name.clone())
                .chain(cells(&r.counts).iter().map(u64::to_string))
                .collect()
        })
        .collect();
    let empty = rows.is_empty();
    view! {
        <section class="card" data-testid="by-region">
            <h2>{t.by_region}</h2>
            {if empty {
                view! { <p class="hint">{t.none}</p> }.into_any()
            } else {
                view! {
                    <StackedBars bars legend=statuses.iter().map(|s| status_text(lang, *s)).collect()
                        title=t.by_region.to_owned()/>
                    <ScrollTable label=t.by_region>
                        <table class="table figures" data-testid="region-table">
                            <thead><tr>{header.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                            <tbody>
                                {rows.iter().map(|r| {
                                    // Regions open one level down; a village opens its cooperative.
                                    let href = match &r.cooperative_id {
                                        Some(id) => format!("/koperasi/{id}"),
                                        None => format!("/koperasi/dasbor?wilayah={}", r.code),
                                    };
                                    let name = r.name.clone();
                                    view! {
                                        <tr data-testid="region-row">
                                            <th scope="row"><A href=href>{name}</A></th>
                                            {cells(&r.counts).iter().map(|v| view! { <td>{format::integer(*v, lang)}</td> }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </ScrollTable>
                    {csv_link(file, &header, &csv_rows)}
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn SchemeSection(counts: Counts, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let of = |v: u64| {
        format!(
            "{} ({}%)",
            format::integer(v, lang),
            percent(v, counts.cooperatives)
        )
    };
    view! {
        <section class="card" data-testid="schemes">
            <h2>{t.schemes}</h2>
            <dl class="facts">
                <dt>{t.baru}</dt><dd>{of(counts.baru)}</dd>
                <dt>{t.mengembangkan}</dt><dd>{of(counts.mengembangkan)}</dd>
                <dt>{t.revitalisasi}</dt><dd>{of(counts.revitalisasi)}</dd>
                <dt>{t.legal}</dt><dd data-testid="legal-entity">{of(counts.legal_entity)}</dd>
            </dl>
        </section>
    }
}

#[component]
fn UnitSection(dashboard: Dashboard, lang: Lang, file: String) -> impl IntoView {
    let t = texts(lang);
    let rows: Vec<Vec<String>> = dashboard
        .units
        .iter()
        .map(|u| {
            let (kind, status) = unit_words(lang, u.kind, u.status);
            vec![kind.to_owned(), status.to_owned(), u.count.to_string()]
        })
        .collect();
    let header = [t.kind, t.status, t.count];
    view! {
        <section class="card" data-testid="units">
            <h2>{t.unit_kinds}</h2>
            {if rows.is_empty() {
                view! { <p class="hint">{t.none}</p> }.into_any()
            } else {
                let csv = csv_link(file, &header, &rows);
                view! {
                    <ScrollTable label=t.unit_kinds>
                    <table class="table figures">
                        <thead><tr>{header.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr><th scope="row">{r[0].clone()}</th><td>{r[1].clone()}</td><td>{r[2].clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </ScrollTable>
                    {csv}
                }.into_any()
            }}
        </section>
    }
}

/// A table of shares (forms answered of those asked, courses finished of those started), with
/// a meter per row and its CSV.
#[component]
fn RateTable(
    header: [&'static str; 4],
    /// Name, whole, part.
    rows: Vec<(String, u64, u64)>,
    lang: Lang,
    file: String,
    row_id: &'static str,
    label: &'static str,
) -> impl IntoView {
    let csv_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|(name, whole, part)| {
            vec![
                name.clone(),
                whole.to_string(),
                part.to_string(),
                format!("{}%", percent(*part, *whole)),
            ]
        })
        .collect();
    view! {
        <ScrollTable label>
            <table class="table figures">
                <thead><tr>{header.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {rows.into_iter().map(|(name, whole, part)| view! {
                        <tr data-testid=row_id>
                            <th scope="row">{name}</th>
                            <td>{format::integer(whole, lang)}</td>
                            <td>{format::integer(part, lang)}</td>
                            <td><Meter percent=percent(part, whole)/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
        {csv_link(file, &header, &csv_rows)}
    }
}

/// A wide table that scrolls sideways on a narrow phone. Keyboard users must be able to reach
/// and scroll it too, so it is a named, focusable region.
#[component]
fn ScrollTable(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}

#[component]
fn FormSection(dashboard: Dashboard, lang: Lang, file: String) -> impl IntoView {
    let t = texts(lang);
    let rows: Vec<(String, u64, u64)> = dashboard
        .forms
        .iter()
        .map(|f| (f.title.get(lang).to_owned(), f.asked, f.answered))
        .collect();
    view! {
        <section class="card" data-testid="forms">
            <h2>{t.forms}</h2>
            {if rows.is_empty() {
                view! { <p class="hint">{t.none}</p> }.into_any()
            } else {
                view! {
                    <RateTable header=[t.form, t.asked, t.answered, t.rate] rows lang file row_id="form-rate" label=t.forms/>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn TrainingSection(dashboard: Dashboard, lang: Lang, file: String) -> impl IntoView {
    let t = texts(lang);
    let c = dashboard.totals;
    let rows: Vec<(String, u64, u64)> = dashboard
        .courses
        .iter()
        .map(|r| (r.title.get(lang).to_owned(), r.enrolled, r.completed))
        .collect();
    view! {
        <section class="card" data-testid="training">
            <h2>{t.training}</h2>
            <dl class="facts">
                <dt>{t.enrolled}</dt><dd data-testid="training-enrolled">{format::integer(c.enrolled, lang)}</dd>
                <dt>{t.completed}</dt><dd data-testid="training-completed">{format::integer(c.completed, lang)}</dd>
                <dt>{t.events} " · " {t.seats}</dt><dd>{format::integer(c.registered, lang)}</dd>
                <dt>{t.events} " · " {t.attended}</dt><dd>{format::integer(c.attended, lang)}</dd>
            </dl>
            {(!rows.is_empty()).then(|| view! {
                <RateTable header=[t.course, t.enrolled, t.completed, t.completion] rows lang file row_id="course-rate" label=t.training/>
            })}
        </section>
    }
}
