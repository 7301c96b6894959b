//! `/koperasi/dasbor/impor`: bringing an office's spreadsheet into the registry. The file is
//! checked first (nothing written), every problem named by line and column with near matches
//! for misspelt places, and a report to download and fix the file from; then imported. New
//! chairs' one-time codes are shown once, with a hand-over sheet to download or print.

use kopdes_domain::Lang;
use kopdes_domain::api::{ErrorCode, FieldError};
use kopdes_domain::format;
use kopdes_domain::import::{self, Handover, ImportKind, ImportSummary, RowReport};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use wasm_bindgen::{JsCast, JsValue};

use crate::api::{self, ApiFailure};
use crate::i18n::{tr_in, use_i18n};

struct Texts {
    title: &'static str,
    intro: &'static str,
    back: &'static str,
    kind: &'static str,
    cooperatives: &'static str,
    cooperatives_hint: &'static str,
    members: &'static str,
    members_hint: &'static str,
    template: &'static str,
    file: &'static str,
    file_hint: &'static str,
    attach: &'static str,
    consent: &'static str,
    check: &'static str,
    checking: &'static str,
    rows: &'static str,
    new_checked: &'static str,
    new_applied: &'static str,
    unchanged: &'static str,
    invalid: &'static str,
    problems: &'static str,
    more_problems: &'static str,
    line: &'static str,
    suggested: &'static str,
    report_xlsx: &'static str,
    report_csv: &'static str,
    apply: &'static str,
    apply_confirm: &'static str,
    applied: &'static str,
    rerun: &'static str,
    handover: &'static str,
    handover_hint: &'static str,
    handover_csv: &'static str,
    print: &'static str,
    cooperative: &'static str,
    chair: &'static str,
    code: &'static str,
    file_empty: &'static str,
    file_unreadable: &'static str,
    file_too_many: &'static str,
    file_too_large: &'static str,
    column_missing: &'static str,
    column_repeated: &'static str,
    consent_required: &'static str,
    no_file: &'static str,
    failed: &'static str,
}

const ID: Texts = Texts {
    title: "Impor dari berkas",
    intro: "Masukkan data koperasi atau anggota dari berkas Excel (XLSX) atau CSV. Berkas diperiksa dulu tanpa mengubah apa pun; setelah itu baru diimpor. Mengimpor berkas yang sama dua kali tidak mengubah apa-apa.",
    back: "← Kembali ke daftar koperasi",
    kind: "Isi berkas",
    cooperatives: "Koperasi dan ketuanya",
    cooperatives_hint: "Satu baris satu koperasi. Ketua baru mendapat kode aktivasi.",
    members: "Anggota koperasi",
    members_hint: "Satu baris satu anggota, di koperasi desanya.",
    template: "Unduh contoh kolom (CSV)",
    file: "Berkas",
    file_hint: "XLSX atau CSV, paling banyak 5.000 baris dan 1 MB. Berkas lebih besar diimpor petugas server dengan perintah kopdes-server import.",
    attach: "Bila nomor HP ketua sudah punya akun, pakai akun itu (tanpa kode baru). Centang hanya bila Anda yakin nomor-nomor itu milik ketua yang tertulis.",
    consent: "Saya menyatakan setiap anggota telah memberi persetujuan atas pemberitahuan privasi saat datanya dikumpulkan.",
    check: "Periksa berkas",
    checking: "Memeriksa…",
    rows: "baris dibaca",
    new_checked: "siap ditambahkan",
    new_applied: "ditambahkan",
    unchanged: "sudah ada, tidak diubah",
    invalid: "perlu diperbaiki",
    problems: "Yang perlu diperbaiki",
    more_problems: "Daftar lengkap ada di laporan.",
    line: "Baris",
    suggested: "Mungkin maksud Anda:",
    report_xlsx: "Unduh laporan (Excel)",
    report_csv: "Unduh laporan (CSV)",
    apply: "Impor baris yang benar",
    apply_confirm: "Impor {} baris ke daftar koperasi? Baris yang perlu diperbaiki dilewati; perbaiki lalu impor lagi berkas yang sama.",
    applied: "Impor selesai.",
    rerun: "Perbaiki baris yang salah di berkas, lalu pilih berkas itu lagi dan periksa ulang.",
    handover: "Lembar serah terima kode aktivasi",
    handover_hint: "Berikan kode ini kepada masing-masing ketua. Kode hanya tampil sekali di sini dan berlaku 7 hari. Unduh atau cetak sekarang.",
    handover_csv: "Unduh lembar serah terima (CSV)",
    print: "Cetak",
    cooperative: "Koperasi",
    chair: "Ketua",
    code: "Kode aktivasi",
    file_empty: "Berkas ini kosong atau tidak punya baris judul kolom.",
    file_unreadable: "Berkas ini tidak bisa dibaca. Simpan sebagai XLSX atau CSV lalu coba lagi.",
    file_too_many: "Berkas ini lebih dari 5.000 baris. Bagi menjadi beberapa berkas, atau minta petugas server mengimpornya.",
    file_too_large: "Berkas ini lebih dari 1 MB. Bagi menjadi beberapa berkas, atau minta petugas server mengimpornya.",
    column_missing: "Kolom wajib tidak ada:",
    column_repeated: "Kolom ini ada dua kali:",
    consent_required: "Centang pernyataan persetujuan anggota dulu.",
    no_file: "Pilih berkasnya dulu.",
    failed: "Belum berhasil. Periksa sambungan lalu coba lagi.",
};

const EN: Texts = Texts {
    title: "Import from a file",
    intro: "Bring cooperatives or members in from an Excel (XLSX) or CSV file. The file is checked first without changing anything; then it is imported. Importing the same file twice changes nothing.",
    back: "← Back to the cooperatives",
    kind: "The file holds",
    cooperatives: "Cooperatives and their chairs",
    cooperatives_hint: "One cooperative per row. New chairs get an activation code.",
    members: "Members",
    members_hint: "One member per row, in the cooperative of their village.",
    template: "Download the columns (CSV)",
    file: "File",
    file_hint: "XLSX or CSV, at most 5,000 rows and 1 MB. Larger files are imported by the server's operator with kopdes-server import.",
    attach: "If a chair's mobile number already has an account, use that account (no new code). Tick only if you are sure those numbers belong to the chairs named.",
    consent: "I confirm every member consented to the privacy notice when their data was collected.",
    check: "Check the file",
    checking: "Checking…",
    rows: "rows read",
    new_checked: "ready to add",
    new_applied: "added",
    unchanged: "already there, unchanged",
    invalid: "need fixing",
    problems: "What needs fixing",
    more_problems: "The report lists them all.",
    line: "Row",
    suggested: "Did you mean:",
    report_xlsx: "Download the report (Excel)",
    report_csv: "Download the report (CSV)",
    apply: "Import the good rows",
    apply_confirm: "Import {} rows into the registry? Rows that need fixing are skipped; fix them and import the same file again.",
    applied: "Import finished.",
    rerun: "Fix the wrong rows in the file, then choose it again and check it once more.",
    handover: "Activation code hand-over sheet",
    handover_hint: "Give each chair their code. Codes are shown only once, here, and last 7 days. Download or print now.",
    handover_csv: "Download the hand-over sheet (CSV)",
    print: "Print",
    cooperative: "Cooperative",
    chair: "Chair",
    code: "Activation code",
    file_empty: "This file is empty or has no heading row.",
    file_unreadable: "This file cannot be read. Save it as XLSX or CSV and try again.",
    file_too_many: "This file has more than 5,000 rows. Split it, or ask the server's operator to import it.",
    file_too_large: "This file is over 1 MB. Split it, or ask the server's operator to import it.",
    column_missing: "Required columns are missing:",
    column_repeated: "This column is there twice:",
    consent_required: "Tick the members' consent statement first.",
    no_file: "Choose the file first.",
    failed: "That did not work. Check the connection and try again.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    }
}

/// Why the whole file was refused, in words.
fn file_problem(t: &Texts, failure: &ApiFailure) -> String {
    match failure {
        ApiFailure::Server {
            code: ErrorCode::InvalidInput,
            fields,
            ..
        } => {
            let codes = |code: &str| -> Vec<&FieldError> {
                fields.iter().filter(|f| f.code == code).collect()
            };
            let missing = codes("import.column_missing");
            let repeated = codes("import.column_repeated");
            let first = fields.first().map_or("", |f| f.code.as_str());
            if !missing.is_empty() {
                let names: Vec<&str> = missing.iter().map(|f| f.field.as_str()).collect();
                format!("{} {}", t.column_missing, names.join(", "))
            } else if let Some(column) = repeated.first() {
                format!("{} {}", t.column_repeated, column.field)
            } else {
                match first {
                    "import.empty" => t.file_empty,
                    "import.too_many_rows" => t.file_too_many,
                    "consent.required" => t.consent_required,
                    _ => t.file_unreadable,
                }
                .to_owned()
            }
        }
        ApiFailure::Server {
            code: ErrorCode::PayloadTooLarge,
            ..
        } => t.file_too_large.to_owned(),
        _ => t.failed.to_owned(),
    }
}

/// The template's headings for a kind, as a CSV to fill in.
fn template(kind: ImportKind) -> String {
    let headings: Vec<&str> = kind.columns().iter().map(|c| c.key).collect();
    format!("\u{feff}{}", kopdes_domain::csv::record(&headings))
}

#[component]
pub fn RegistryImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ImportKind::Cooperatives);
    let file = RwSignal::new_local(None::<JsValue>);
    let attach = RwSignal::new(false);
    let consent = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let summary = RwSignal::new(None::<ImportSummary>);

    // Anything changed: what was found no longer describes what would be sent.
    let reset = move || {
        summary.set(None);
        message.set(None);
    };
    let query = move |apply: bool| {
        let mut q = format!("kind={}", kind.get_untracked().as_str());
        if apply {
            q.push_str("&apply=true");
        }
        if attach.get_untracked() {
            q.push_str("&attach_existing_accounts=true");
        }
        if consent.get_untracked() {
            q.push_str("&consent_collected=true");
        }
        q
    };
    let send = move |apply: bool| {
        let lang = i18n.lang.get_untracked();
        let t = texts(lang);
        let Some(chosen) = file.get_untracked() else {
            message.set(Some(t.no_file.to_owned()));
            return;
        };
        if pending.get_untracked() {
            return;
        }
        if apply {
            let count = summary.with_untracked(|s| s.as_ref().map_or(0, |s| s.new));
            let question = t.apply_confirm.replace("{}", &format::integer(count, lang));
            if !crate::dialog::confirmed(&question) {
                return;
            }
        }
        pending.set(true);
        message.set(None);
        let q = query(apply);
        spawn_local(async move {
            let answer = api::import_registry(&q, &chosen).await;
            pending.set(false);
            match answer {
                Ok(found) => summary.set(Some(found)),
                Err(failure) => {
                    summary.set(None);
                    message.set(Some(file_problem(
                        texts(i18n.lang.get_untracked()),
                        &failure,
                    )));
                }
            }
        });
    };
    let report = move |format: &'static str| {
        let Some(chosen) = file.get_untracked() else {
            return;
        };
        let lang = i18n.lang.get_untracked();
        let q = format!("{}&report={format}&lang={}", query(false), lang.code());
        let kind = kind.get_untracked();
        spawn_local(async move {
            match api::import_report(&q, &chosen).await {
                Ok(bytes) => {
                    let mime = if format == "xlsx" {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    } else {
                        "text/csv"
                    };
                    crate::download::save(
                        &bytes,
                        &format!("laporan-impor-{}.{format}", kind.as_str()),
                        mime,
                    );
                }
                Err(failure) => message.set(Some(file_problem(texts(lang), &failure))),
            }
        });
    };

    let choice = move |value: ImportKind,
                       label: fn(&Texts) -> &'static str,
                       hint: fn(&Texts) -> &'static str,
                       id: &'static str| {
        view! {
            <label>
                <input type="radio" name="import-kind" data-testid=id
                    checked=move || kind.get() == value
                    on:change=move |_| { kind.set(value); reset(); }/>
                <span><strong>{move || label(texts(i18n.lang.get()))}</strong><br/>
                    <span class="hint">{move || hint(texts(i18n.lang.get()))}</span></span>
            </label>
        }
    };

    let results = move || {
        summary.get().map(|found| {
            let lang = i18n.lang.get();
            let t = texts(lang);
            let n = |v: u64| format::integer(v, lang);
            let listed = found.problems.len() as u64;
            let has_more = found.invalid > listed;
            let applied = found.applied;
            let can_apply = !applied && found.new > 0;
            let has_invalid = found.invalid > 0;
            let handover = found.handover.clone();
            view! {
                <section class="card" data-testid="import-summary" data-applied=applied.to_string()>
                    {applied.then(|| view! { <p class="status" role="status">{t.applied}</p> })}
                    <ul class="list">
                        <li>{n(found.rows)} " " {t.rows}</li>
                        <li data-testid="import-new" data-count=found.new>
                            <strong>{n(found.new)}</strong> " " {if applied { t.new_applied } else { t.new_checked }}
                        </li>
                        <li data-testid="import-unchanged" data-count=found.unchanged>{n(found.unchanged)} " " {t.unchanged}</li>
                        <li data-testid="import-invalid" data-count=found.invalid class:status-bad=has_invalid>
                            {n(found.invalid)} " " {t.invalid}
                        </li>
                    </ul>
                    {(!found.problems.is_empty()).then(|| view! {
                        <h2>{t.problems}</h2>
                        <ul class="list" data-testid="import-problems">
                            {found.problems.iter().map(|row| problem_row(row, lang)).collect_view()}
                        </ul>
                        {has_more.then(|| view! { <p class="hint">{t.more_problems}</p> })}
                    })}
                    {(found.invalid > 0).then(|| view! {
                        <p class="row-actions">
                            <button type="button" class="button button-light" data-testid="report-xlsx"
                                on:click=move |_| report("xlsx")>{t.report_xlsx}</button>
                            <button type="button" class="button button-light" data-testid="report-csv"
                                on:click=move |_| report("csv")>{t.report_csv}</button>
                        </p>
                        {applied.then(|| view! { <p class="hint">{t.rerun}</p> })}
                    })}
                    {can_apply.then(|| view! {
                        <button type="button" class="button" data-testid="import-apply"
                            disabled=move || pending.get() on:click=move |_| send(true)>
                            {t.apply} " (" {n(found.new)} ")"
                        </button>
                    })}
                </section>
                {(!handover.is_empty()).then(|| view! { <HandoverSheet handover/> })}
            }
        })
    };

    view! {
        <p><A href="/koperasi/dasbor/daftar">{tr_in(texts, |t| t.back)}</A></p>
        <h1>{tr_in(texts, |t| t.title)}</h1>
        <p class="hint">{tr_in(texts, |t| t.intro)}</p>
        <section class="card form">
            <fieldset class="choice">
                <legend>{tr_in(texts, |t| t.kind)}</legend>
                {choice(ImportKind::Cooperatives, |t| t.cooperatives, |t| t.cooperatives_hint, "import-kind-cooperatives")}
                {choice(ImportKind::Members, |t| t.members, |t| t.members_hint, "import-kind-members")}
            </fieldset>
            <p>
                <button type="button" class="link-button" data-testid="import-template"
                    on:click=move |_| {
                        let kind = kind.get_untracked();
                        crate::download::save(template(kind).as_bytes(), &format!("contoh-impor-{}.csv", kind.as_str()), "text/csv");
                    }>{tr_in(texts, |t| t.template)}</button>
            </p>
            <div class="field">
                <label for="import-file">{tr_in(texts, |t| t.file)}</label>
                <p class="field-hint" id="import-file-hint">{tr_in(texts, |t| t.file_hint)}</p>
                <input id="import-file" type="file" data-testid="import-file" aria-describedby="import-file-hint"
                    accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    on:change=move |ev| {
                        let input: JsValue = event_target::<web_sys::HtmlInputElement>(&ev).into();
                        let chosen = js_sys::Reflect::get(&input, &"files".into())
                            .and_then(|files| js_sys::Reflect::get(&files, &JsValue::from_f64(0.0)))
                            .ok()
                            .filter(|f| !f.is_undefined() && !f.is_null());
                        file.set(chosen);
                        reset();
                    }/>
            </div>
            {move || (kind.get() == ImportKind::Cooperatives).then(|| view! {
                <label class="check">
                    <input type="checkbox" data-testid="import-attach" prop:checked=move || attach.get()
                        on:change=move |ev| { attach.set(event_target_checked(&ev)); reset(); }/>
                    <span>{tr_in(texts, |t| t.attach)}</span>
                </label>
            })}
            {move || (kind.get() == ImportKind::Members).then(|| view! {
                <label class="check">
                    <input type="checkbox" data-testid="import-consent" prop:checked=move || consent.get()
                        on:change=move |ev| { consent.set(event_target_checked(&ev)); reset(); }/>
                    <span>{tr_in(texts, |t| t.consent)}</span>
                </label>
            })}
            {move || message.get().map(|m| view! { <p class="form-error" role="alert" data-testid="import-error">{m}</p> })}
            <button type="button" class="button" data-testid="import-check"
                disabled=move || pending.get() on:click=move |_| send(false)>
                {move || if pending.get() { texts(i18n.lang.get()).checking } else { texts(i18n.lang.get()).check }}
            </button>
        </section>
        {results}
    }
}

/// One invalid row: its line, each problem under its column in words, and near matches.
fn problem_row(row: &RowReport, lang: Lang) -> impl IntoView + use<> {
    let t = texts(lang);
    let problems = row
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.field, import::problem_words(&p.code, lang)))
        .collect::<Vec<_>>()
        .join(" ");
    let suggestions = (!row.suggestions.is_empty()).then(|| {
        let names = row
            .suggestions
            .iter()
            .map(|s| format!("{} ({})", s.name, s.code))
            .collect::<Vec<_>>()
            .join(", ");
        view! { <br/><span class="hint" data-testid="import-suggestions">{t.suggested} " " {names}</span> }
    });
    view! {
        <li data-testid="import-problem" data-line=row.line>
            <strong>{t.line} " " {row.line}</strong> ": " {problems}
            {suggestions}
        </li>
    }
}

/// The new chairs and their codes, shown once: to download as a CSV or print.
#[component]
fn HandoverSheet(handover: Vec<Handover>) -> impl IntoView {
    let i18n = use_i18n();
    let sheet = StoredValue::new(handover.clone());
    let download = move |_| {
        let lang = i18n.lang.get_untracked();
        let rows: Vec<Vec<String>> =
            sheet.with_value(|all| all.iter().map(|h| h.cells().to_vec()).collect());
        let headings = Handover::headings(lang);
        let csv = format!("\u{feff}{}", kopdes_domain::csv::table(&headings, &rows));
        crate::download::save(csv.as_bytes(), "serah-terima-kode-aktivasi.csv", "text/csv");
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::get(&window, &"print".into())
                .ok()
                .and_then(|p| p.dyn_into::<js_sys::Function>().ok())
                .map(|p| p.call0(&window));
        }
    };
    let rows = handover
        .into_iter()
        .map(|h| {
            view! {
                <tr data-testid="handover-row">
                    <td>{h.cooperative_name}<br/><span class="hint">{h.village_name} " · " {h.village.to_string()}</span></td>
                    <td>{h.ketua_name}<br/><span class="hint">{h.ketua_phone.local()}</span></td>
                    <td class="code" data-testid="handover-code">{h.activation_code}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card card-alert" data-testid="handover">
            <h2>{tr_in(texts, |t| t.handover)}</h2>
            <p>{tr_in(texts, |t| t.handover_hint)}</p>
            <div class="table-scroll">
                <table class="table">
                    <thead><tr>
                        <th>{tr_in(texts, |t| t.cooperative)}</th>
                        <th>{tr_in(texts, |t| t.chair)}</th>
                        <th>{tr_in(texts, |t| t.code)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p class="row-actions">
                <button type="button" class="button" data-testid="handover-csv" on:click=download>{tr_in(texts, |t| t.handover_csv)}</button>
                <button type="button" class="button button-light" on:click=print>{tr_in(texts, |t| t.print)}</button>
            </p>
        </section>
    }
}
