use kopdes_domain::api::DatabaseBackend;
use kopdes_domain::format;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::connectivity::use_connectivity;
use crate::device::{self, request_persistent_storage, storage_persisted, storage_use};
use crate::i18n::{tr, use_i18n};
use crate::server_health::use_server_health;
use crate::service_worker::{SwStatus, use_updates};

/// Licences, in this chunk's own words: the main module's texts are for every first screen.
struct Licences {
    title: &'static str,
    app: &'static str,
    regions: &'static str,
    others: &'static str,
}

const LICENCES_ID: Licences = Licences {
    title: "Lisensi",
    app: "Si Kopdes: Apache License 2.0.",
    regions: "Data wilayah: idn-area-data 4.0.1 (mengikuti Kemendagri), © kontributor idn-area-data, Open Database License (ODbL) 1.0.",
    others: "Perangkat lunak pihak ketiga",
};

const LICENCES_EN: Licences = Licences {
    title: "Licences",
    app: "Si Kopdes: Apache License 2.0.",
    regions: "Region data: idn-area-data 4.0.1 (following Kemendagri), © idn-area-data contributors, Open Database License (ODbL) 1.0.",
    others: "Third-party software",
};

fn licences(lang: kopdes_domain::Lang) -> &'static Licences {
    match lang {
        kopdes_domain::Lang::Id => &LICENCES_ID,
        kopdes_domain::Lang::En => &LICENCES_EN,
    }
}

/// Diagnostics a support person asks for on the phone: what runs, what is stored, what works.
#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_connectivity().online;
    let updates = use_updates();
    let storage = RwSignal::new(None);
    let persisted = RwSignal::new(None::<bool>);
    let persist_denied = RwSignal::new(false);
    spawn_local(async move {
        storage.set(storage_use().await);
        persisted.set(storage_persisted().await);
    });
    let health = use_server_health().latest;

    let ask_persist = move |_| {
        spawn_local(async move {
            let granted = request_persistent_storage().await.unwrap_or(false);
            persisted.set(Some(granted));
            persist_denied.set(!granted);
        });
    };

    let sw_text = move || {
        let t = i18n.t();
        match updates.status.get() {
            SwStatus::Unsupported => t.sw_unsupported,
            SwStatus::Registering => t.sw_registering,
            SwStatus::Active => t.sw_active,
            SwStatus::UpdateWaiting => t.sw_waiting,
            SwStatus::Failed => t.sw_failed,
        }
    };
    let storage_text = move || {
        let t = i18n.t();
        let lang = i18n.lang.get();
        match storage.get() {
            Some(s) => format!(
                "{} {} {}",
                format::bytes(s.usage, lang),
                t.of,
                format::bytes(s.quota, lang)
            ),
            None => t.about_storage_unknown.to_owned(),
        }
    };
    let server = move || health.get().and_then(Result::ok);

    view! {
        <h1>{tr(|t| t.about_title)}</h1>
        <p>{tr(|t| t.about_intro)}</p>
        <dl class="facts">
            <dt>{tr(|t| t.about_app_version)}</dt>
            <dd data-testid="about-version">{env!("CARGO_PKG_VERSION")}</dd>
            <dt>{tr(|t| t.about_build)}</dt>
            <dd data-testid="about-build">{device::build_id().unwrap_or_else(|| "-".into())}</dd>
            <dt>{tr(|t| t.about_connection)}</dt>
            <dd data-testid="about-connection">
                {move || if online.get() { i18n.t().online } else { i18n.t().offline }}
            </dd>
            <dt>{tr(|t| t.about_sw)}</dt>
            <dd data-testid="about-sw" data-state=move || updates.status.get().as_str()>
                {sw_text}
            </dd>
            <dt>{tr(|t| t.about_storage_used)}</dt>
            <dd data-testid="about-storage">{storage_text}</dd>
            <dt>{tr(|t| t.about_persisted)}</dt>
            <dd data-testid="about-persisted">
                {move || match persisted.get() {
                    Some(true) => i18n.t().about_persisted_yes,
                    Some(false) => i18n.t().about_persisted_no,
                    None => i18n.t().about_storage_unknown,
                }}
            </dd>
            <dt>{tr(|t| t.about_server)}</dt>
            <dd data-testid="about-server">
                {move || match server() {
                    Some(h) => h.version,
                    None => i18n.t().server_unreachable.to_owned(),
                }}
            </dd>
            <dt>{tr(|t| t.about_database)}</dt>
            <dd data-testid="about-database">
                {move || match server().map(|h| h.database.backend) {
                    Some(DatabaseBackend::Sqlite) => "SQLite",
                    Some(DatabaseBackend::Postgres) => "PostgreSQL",
                    None => "-",
                }}
            </dd>
            <dt>{tr(|t| t.about_migration)}</dt>
            <dd data-testid="about-migration">
                {move || server()
                    .and_then(|h| h.database.migration_version)
                    .map_or_else(|| "-".to_owned(), |v| v.to_string())}
            </dd>
        </dl>
        <section data-testid="about-licences">
            <h2>{crate::i18n::tr_in(licences, |t| t.title)}</h2>
            <p>{crate::i18n::tr_in(licences, |t| t.app)}</p>
            <p data-testid="about-region-data">{crate::i18n::tr_in(licences, |t| t.regions)}</p>
            // Read on request, never precached: see scripts/build-app.sh.
            <p><a href="/third-party-licences.txt" data-testid="about-third-party">{crate::i18n::tr_in(licences, |t| t.others)}</a></p>
        </section>
        <Show when=move || persisted.get() != Some(true)>
            <button type="button" class="button" data-testid="about-persist" on:click=ask_persist>
                {tr(|t| t.about_persist_button)}
            </button>
            <Show when=move || persist_denied.get()>
                <p class="hint" role="status">{tr(|t| t.about_persist_denied)}</p>
            </Show>
        </Show>
    }
}

/// Loaded only when opened: its code is a separate WebAssembly chunk, so the first screen does
/// not pay for it.
#[derive(Clone, Copy)]
pub struct AboutRoute;

#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for AboutRoute {
    fn data() -> Self {
        AboutRoute
    }

    fn view(_this: Self) -> AnyView {
        view! { <AboutPage/> }.into_any()
    }
}
