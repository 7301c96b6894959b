//! The registry for staff: every cooperative in their regions, searched, filtered and sorted on
//! the server one page at a time, with the total always shown. Opened as
//! `?status=submitted&sort=oldest_submitted` it is the verification queue.

use kopdes_domain::Lang;
use kopdes_domain::api::RegionSummary;
use kopdes_domain::cooperative::{CooperativeStatus, Scheme};
use kopdes_domain::format;
use kopdes_domain::region::{RegionCode, RegionLevel};
use kopdes_domain::registry::{RegistryEntry, RegistryPage, RegistrySort};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::ApiFailure;
use crate::components::{KeptNotice, RegionPicker};
use crate::i18n::{tr_in, use_i18n};
use crate::kept::{Loaded, use_reader};
use crate::pages::cooperatives::{scheme_text, status_text};
use crate::session::use_session;

struct Texts {
    title: &'static str,
    queue_title: &'static str,
    queue_intro: &'static str,
    back: &'static str,
    search: &'static str,
    search_hint: &'static str,
    search_button: &'static str,
    status: &'static str,
    scheme: &'static str,
    any: &'static str,
    sort: &'static str,
    sorts: [&'static str; 4],
    region: &'static str,
    whole_scope: &'static str,
    of: &'static str,
    cooperatives: &'static str,
    none: &'static str,
    loading: &'static str,
    failed: &'static str,
    previous: &'static str,
    next: &'static str,
    submitted: &'static str,
    open_queue: &'static str,
    open_all: &'static str,
    import: &'static str,
    filters: &'static str,
}

const ID: Texts = Texts {
    title: "Daftar koperasi",
    queue_title: "Antrean verifikasi",
    queue_intro: "Koperasi yang sudah dikirim pengurusnya, yang terlama diajukan lebih dulu.",
    back: "← Kembali ke dasbor",
    search: "Cari nama, desa, kabupaten atau kode",
    search_hint: "Contoh: sukamaju bandung, 32.04.12, atau nomor badan hukum.",
    search_button: "Cari",
    status: "Status",
    scheme: "Skema",
    any: "Semua",
    sort: "Urutkan",
    sorts: [
        "Nama (A–Z)",
        "Kode wilayah",
        "Terlama diajukan",
        "Terakhir diubah",
    ],
    region: "Wilayah",
    whole_scope: "Seluruh wilayah Anda",
    of: "dari",
    cooperatives: "koperasi",
    none: "Tidak ada koperasi yang cocok.",
    loading: "Memuat daftar koperasi…",
    failed: "Daftar koperasi belum bisa dimuat. Periksa sambungan lalu coba lagi.",
    previous: "← Sebelumnya",
    next: "Berikutnya →",
    submitted: "diajukan",
    open_queue: "Lihat antrean verifikasi",
    open_all: "Lihat semua koperasi",
    import: "Impor dari berkas Excel atau CSV",
    filters: "Saring dan urutkan",
};

const EN: Texts = Texts {
    title: "Cooperatives",
    queue_title: "Verification queue",
    queue_intro: "Cooperatives their officers have sent, the longest waiting first.",
    back: "← Back to the dashboard",
    search: "Search a name, village, regency or code",
    search_hint: "For example: sukamaju bandung, 32.04.12, or a legal entity number.",
    search_button: "Search",
    status: "Status",
    scheme: "Scheme",
    any: "All",
    sort: "Sort by",
    sorts: [
        "Name (A–Z)",
        "Region code",
        "Longest waiting",
        "Recently changed",
    ],
    region: "Region",
    whole_scope: "All your regions",
    of: "of",
    cooperatives: "cooperatives",
    none: "No cooperative matches.",
    loading: "Loading cooperatives…",
    failed: "The list could not be loaded. Check the connection and try again.",
    previous: "← Previous",
    next: "Next →",
    submitted: "submitted",
    open_queue: "See the verification queue",
    open_all: "See all cooperatives",
    import: "Import from an Excel or CSV file",
    filters: "Filter and sort",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

const PAGE: i64 = 25;
const STATUSES: [CooperativeStatus; 4] = [
    CooperativeStatus::Submitted,
    CooperativeStatus::Returned,
    CooperativeStatus::Draft,
    CooperativeStatus::Verified,
];
const SCHEMES: [Scheme; 3] = [Scheme::Baru, Scheme::Mengembangkan, Scheme::Revitalisasi];

/// What the list shows: the page's own state, also what its address says.
#[derive(Clone, Default, PartialEq)]
struct Wanted {
    q: String,
    status: String,
    scheme: String,
    sort: String,
    region: String,
    offset: i64,
}

impl Wanted {
    fn params(&self) -> String {
        let mut params = Vec::new();
        for (key, value) in [
            ("q", self.q.trim()),
            ("status", &self.status),
            ("scheme", &self.scheme),
            ("sort", &self.sort),
            ("region", &self.region),
        ] {
            if !value.is_empty() {
                params.push(format!("{key}={}", js_sys::encode_uri_component(value)));
            }
        }
        if self.offset > 0 {
            params.push(format!("offset={}", self.offset));
        }
        params.join("&")
    }

    fn is_queue(&self) -> bool {
        self.status == CooperativeStatus::Submitted.as_str()
            && self.sort == RegistrySort::OldestSubmitted.as_str()
    }
}

/// Keeps the list's state in the address, so going back to it or reloading it finds the same
/// page, without a navigation that would rebuild it.
fn show_in_address(params: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = if params.is_empty() {
        "/koperasi/dasbor/daftar".to_owned()
    } else {
        format!("/koperasi/dasbor/daftar?{params}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

#[component]
pub fn RegistryPage() -> impl IntoView {
    let i18n = use_i18n();
    let reader = use_reader();
    let query = use_query_map();
    let me = use_session().me.get_untracked();
    // A dinas admin's picker starts inside their region; the ministry's at the provinces.
    let within: Option<RegionCode> = me.as_ref().and_then(|m| {
        (!m.roles
            .iter()
            .any(|g| g.role == kopdes_domain::account::Role::MinistryAdmin))
        .then(|| m.roles.iter().find_map(|g| g.region.clone()))
        .flatten()
    });
    let picks_region = within
        .as_ref()
        .is_none_or(|r| r.level() < RegionLevel::Regency);
    let initial = query.with_untracked(|q| Wanted {
        q: q.get("q").unwrap_or_default(),
        status: q.get("status").unwrap_or_default(),
        scheme: q.get("scheme").unwrap_or_default(),
        sort: q.get("sort").unwrap_or_default(),
        region: q.get("region").unwrap_or_default(),
        offset: q
            .get("offset")
            .and_then(|o| o.parse().ok())
            .unwrap_or(0)
            .max(0),
    });
    let wanted = RwSignal::new(initial.clone());
    // The search box is typed into freely; it takes effect on "Cari".
    let typed = RwSignal::new(initial.q);
    let region = RwSignal::new(None::<RegionSummary>);
    let loaded = RwSignal::new(None::<Result<Loaded<RegistryPage>, ApiFailure>>);
    // Each read gets a number: a late answer to an earlier one is dropped.
    let generation = StoredValue::new(0u32);

    Effect::new(move |_| {
        let params = wanted.with(Wanted::params);
        show_in_address(&params);
        let ticket = generation.get_value() + 1;
        generation.set_value(ticket);
        loaded.set(None);
        let reader = reader.clone();
        let path = format!("/api/registry?limit={PAGE}&{params}");
        spawn_local(async move {
            let answer = reader.get::<RegistryPage>(&path).await;
            // The page may have been left meanwhile: a disposed value is not read (that
            // would end the app), and updating a disposed signal does nothing.
            if generation.try_get_value() == Some(ticket) {
                loaded.maybe_update(|l| {
                    *l = Some(answer);
                    true
                });
            }
        });
    });

    let set = move |change: &dyn Fn(&mut Wanted)| {
        wanted.update(|w| {
            change(w);
            w.offset = 0;
        });
    };

    let row = move |entry: RegistryEntry, lang: Lang| {
        let t = texts(lang);
        let status = entry.status;
        let submitted = entry
            .submitted_at
            .filter(|_| status == CooperativeStatus::Submitted)
            .map(|at| format!(" · {} {}", t.submitted, format::moment_wib(at, lang)));
        view! {
            <li data-testid="registry-row" data-status=status.as_str()>
                <A href=format!("/koperasi/{}", entry.id)><strong>{entry.name}</strong></A>
                <br/>
                <span>{entry.village_name} ", " {entry.regency_name}</span>
                <br/>
                <span class="hint">{entry.village.to_string()} " · " {scheme_text(lang, entry.scheme)}</span>
                <br/>
                <span class="status" class:status-bad=status == CooperativeStatus::Returned>
                    {status_text(lang, status)}
                </span>
                <span class="hint">{submitted}</span>
            </li>
        }
    };

    let list = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        match loaded.get() {
            None => view! { <p class="status" role="status">{t.loading}</p> }.into_any(),
            Some(Err(_)) => {
                view! { <p class="form-error" role="alert" data-testid="registry-failed">{t.failed}</p> }
                    .into_any()
            }
            Some(Ok(Loaded { value: page, kept_at })) => {
                let first = page.offset + 1;
                let last = page.offset + page.items.len() as i64;
                let earlier = page.offset > 0;
                let more = last < page.total;
                let total = format::integer(page.total.max(0) as u64, lang);
                view! {
                    <KeptNotice kept_at/>
                    <p data-testid="registry-total" data-total=page.total>
                        {(page.total > 0).then(|| format!("{}–{} {} ", format::integer(first as u64, lang), format::integer(last as u64, lang), t.of))}
                        <strong>{total}</strong> " " {t.cooperatives}
                    </p>
                    {if page.items.is_empty() {
                        view! { <p data-testid="registry-none">{t.none}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="list" data-testid="registry-list">
                                {page.items.into_iter().map(|e| row(e, lang)).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                    <p class="row-actions">
                        {earlier.then(|| view! {
                            <button type="button" class="button button-light" data-testid="registry-previous"
                                on:click=move |_| wanted.update(|w| w.offset = (w.offset - PAGE).max(0))>{t.previous}</button>
                        })}
                        {more.then(|| view! {
                            <button type="button" class="button button-light" data-testid="registry-next"
                                on:click=move |_| wanted.update(|w| w.offset += PAGE)>{t.next}</button>
                        })}
                    </p>
                }
                .into_any()
            }
        }
    };

    let select = move |name: &'static str,
                       label: Signal<&'static str>,
                       options: Vec<(&'static str, Signal<&'static str>)>,
                       current: fn(&Wanted) -> &String,
                       change: fn(&mut Wanted, String)| {
        let id = format!("registry-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select id=id data-testid=format!("registry-{name}")
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        set(&|w| change(w, value.clone()));
                    }>
                    {options.into_iter().map(|(value, words)| view! {
                        <option value=value selected=move || wanted.with(|w| current(w) == value)>{words}</option>
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let any = tr_in(texts, |t| t.any);
    let statuses: Vec<_> = std::iter::once(("", any))
        .chain(STATUSES.into_iter().map(|s| {
            (
                s.as_str(),
                Signal::derive(move || status_text(i18n.lang.get(), s)),
            )
        }))
        .collect();
    let schemes: Vec<_> = std::iter::once(("", any))
        .chain(SCHEMES.into_iter().map(|s| {
            (
                s.as_str(),
                Signal::derive(move || scheme_text(i18n.lang.get(), s)),
            )
        }))
        .collect();
    let sorts: Vec<_> = RegistrySort::ALL
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let value = if s == RegistrySort::Name {
                ""
            } else {
                s.as_str()
            };
            (
                value,
                Signal::derive(move || texts(i18n.lang.get()).sorts[i]),
            )
        })
        .collect();

    let heading = move || {
        let t = texts(i18n.lang.get());
        if wanted.with(Wanted::is_queue) {
            view! {
                <h1>{t.queue_title}</h1>
                <p class="hint">{t.queue_intro}</p>
                <p><a href="/koperasi/dasbor/daftar" data-testid="open-all"
                    on:click=move |ev| { ev.prevent_default(); typed.set(String::new()); region.set(None); wanted.set(Wanted::default()); }>{t.open_all}</a></p>
            }
            .into_any()
        } else {
            view! {
                <h1>{t.title}</h1>
                <p><a href="/koperasi/dasbor/daftar?status=submitted&sort=oldest_submitted" data-testid="open-queue"
                    on:click=move |ev| {
                        ev.prevent_default();
                        set(&|w| {
                            w.status = CooperativeStatus::Submitted.as_str().to_owned();
                            w.sort = RegistrySort::OldestSubmitted.as_str().to_owned();
                        });
                    }>{t.open_queue}</a></p>
            }
            .into_any()
        }
    };
    let legend = Signal::derive(move || texts(i18n.lang.get()).region.to_owned());
    // A region picked narrows the list at once, from its first page.
    Effect::new(move |_| {
        if let Some(code) = region.with(|r| r.as_ref().map(|r| r.code.to_string())) {
            wanted.maybe_update(|w| {
                let changed = w.region != code;
                if changed {
                    w.region = code;
                    w.offset = 0;
                }
                changed
            });
        }
    });
    // The filters in force, in words, for the folded summary.
    let filters_shown = move || {
        let lang = i18n.lang.get();
        let t = texts(lang);
        wanted.with(|w| {
            let mut shown = Vec::new();
            if let Some(status) = CooperativeStatus::parse(&w.status) {
                shown.push(status_text(lang, status).to_owned());
            }
            if let Some(scheme) = Scheme::parse(&w.scheme) {
                shown.push(scheme_text(lang, scheme).to_owned());
            }
            if !w.region.is_empty() {
                shown.push(w.region.clone());
            }
            let sort = RegistrySort::parse(&w.sort).unwrap_or_default();
            let index = RegistrySort::ALL
                .iter()
                .position(|s| *s == sort)
                .unwrap_or(0);
            shown.push(t.sorts[index].to_owned());
            shown.join(" · ")
        })
    };
    let region_shown = move || {
        let t = texts(i18n.lang.get());
        match (region.get(), wanted.with(|w| w.region.clone())) {
            (Some(picked), _) => picked.name,
            (None, code) if !code.is_empty() => code,
            _ => t.whole_scope.to_owned(),
        }
    };

    view! {
        <p><A href="/koperasi/dasbor">{tr_in(texts, |t| t.back)}</A></p>
        {heading}
        <p><A href="/koperasi/dasbor/impor" attr:data-testid="open-import">{tr_in(texts, |t| t.import)}</A></p>
        <form class="filters" role="search" data-testid="registry-search-form"
            on:submit=move |ev| { ev.prevent_default(); let q = typed.get_untracked(); set(&|w| w.q = q.clone()); }>
            <div class="field">
                <label for="registry-q">{tr_in(texts, |t| t.search)}</label>
                <p class="field-hint" id="registry-q-hint">{tr_in(texts, |t| t.search_hint)}</p>
                <input id="registry-q" type="search" data-testid="registry-q" aria-describedby="registry-q-hint"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
            </div>
            <button type="submit" class="button button-light" data-testid="registry-search">{tr_in(texts, |t| t.search_button)}</button>
        </form>
        // Folded on a phone so the list starts near the top; what is chosen shows in the summary.
        <details class="card" data-testid="registry-filters">
            <summary>{tr_in(texts, |t| t.filters)} ": " {filters_shown}</summary>
            <div class="filters">
                {select("status", tr_in(texts, |t| t.status), statuses, |w| &w.status, |w, v| w.status = v)}
                {select("scheme", tr_in(texts, |t| t.scheme), schemes, |w| &w.scheme, |w, v| w.scheme = v)}
                {select("sort", tr_in(texts, |t| t.sort), sorts, |w| &w.sort, |w, v| w.sort = v)}
            </div>
            {picks_region.then(|| view! {
                <p>{tr_in(texts, |t| t.region)} ": " <span data-testid="registry-region">{region_shown}</span></p>
                <RegionPicker legend picked=region within=within.clone() error=Signal::derive(|| None)
                    level=RegionLevel::Regency name="registry"/>
            })}
        </details>
        {list}
    }
}
