//! `kopdes-server import`: the same import as the app's, for files too large to upload, run on
//! behalf of a staff account (its regions bound the rows it may touch; the audit names it),
//! with progress on stderr, the summary on stdout, and the report and hand-over sheet written
//! to files.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use kopdes_domain::Lang;
use kopdes_domain::account::Role;
use kopdes_domain::format;
use kopdes_domain::import::ImportKind;
use kopdes_domain::phone::Phone;

use super::sheet::{Format, SheetWriter};
use super::{Importer, Options, write_handover};
use crate::db::Db;
use crate::registry::Within;
use crate::vault::Vault;

/// The command's arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// `cooperatives` (koperasi) or `members` (anggota).
    pub kind: String,
    /// The CSV or XLSX file.
    pub file: PathBuf,
    /// The ministry or dinas admin answerable for the rows, by mobile number: its regions
    /// bound the import and the audit trail names it.
    #[arg(long = "as")]
    pub as_phone: String,
    /// Write the rows that pass (without it the file is only checked).
    #[arg(long)]
    pub apply: bool,
    /// A chair whose phone already has an account is that person: appoint the account,
    /// with no new code.
    #[arg(long)]
    pub attach_existing_accounts: bool,
    /// Members: each consented, under the current notice, when their data was collected.
    #[arg(long)]
    pub consent_collected: bool,
    /// Write the row-by-row report here (.csv or .xlsx; must not exist).
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// With --apply: write the new chairs' one-time codes here (.csv or .xlsx; must not
    /// exist; readable by you only).
    #[arg(long)]
    pub handover: Option<PathBuf>,
    /// The language of the report and sheet: id or en.
    #[arg(long, default_value = "id")]
    pub lang: String,
}

/// A new file for something people will open; never over an existing one (a report or a sheet
/// of codes from an earlier run is not silently lost).
fn create(path: &Path) -> anyhow::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        // Hand-over sheets hold one-time codes: readable by the operator only.
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("cannot create {} (it must not exist yet)", path.display()))
}

fn format_of(path: &Path) -> anyhow::Result<Format> {
    Format::of_path(path)
        .with_context(|| format!("{}: the name must end in .csv or .xlsx", path.display()))
}

/// The staff account the import runs for, and the regions it administers.
async fn importer(db: &Db, phone: &str) -> anyhow::Result<Importer> {
    let phone =
        Phone::parse(phone).with_context(|| format!("--as {phone}: not a mobile number"))?;
    let account = crate::accounts::find_by_phone(db, &phone)
        .await?
        .with_context(|| format!("--as {}: no account has this number", phone.local()))?;
    if account.disabled {
        bail!("--as {}: the account is disabled", phone.local());
    }
    let roles = crate::accounts::roles(db, &account.id).await?;
    let mut regions = Vec::new();
    let mut country = false;
    for grant in roles {
        match grant.role {
            Role::MinistryAdmin => country = true,
            Role::DinasAdmin => regions.extend(grant.region),
            _ => {}
        }
    }
    let within = match (country, regions.is_empty()) {
        (true, _) => Within::Country,
        (false, false) => Within::Regions(regions),
        (false, true) => bail!(
            "--as {}: not a ministry or dinas admin; imports run on behalf of staff",
            phone.local()
        ),
    };
    Ok(Importer {
        user_id: account.id,
        within,
        by: "operator",
    })
}

pub async fn run(
    db: &Db,
    vault: &Vault,
    args: ImportArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let kind = ImportKind::parse(&args.kind)
        .with_context(|| format!("{}: the kind is cooperatives or members", args.kind))?;
    let lang = match args.lang.as_str() {
        "id" => Lang::Id,
        "en" => Lang::En,
        other => bail!("--lang {other}: id or en"),
    };
    if args.handover.is_some() && !args.apply {
        bail!("--handover comes with --apply: a check makes no codes");
    }
    let importer = importer(db, &args.as_phone).await?;
    let report = match &args.report {
        Some(path) => Some(SheetWriter::new(
            format_of(path)?,
            std::io::BufWriter::new(create(path)?),
            "Laporan",
        )?),
        None => None,
    };
    let handover = match &args.handover {
        Some(path) => Some((format_of(path)?, create(path)?)),
        None => None,
    };
    let source = BufReader::new(
        File::open(&args.file).with_context(|| format!("cannot open {}", args.file.display()))?,
    );
    let options = Options {
        kind,
        apply: args.apply,
        attach_existing_accounts: args.attach_existing_accounts,
        consent_collected: args.consent_collected,
        max_rows: None,
        lang,
    };
    let started = Instant::now();
    let mut last_shown = Instant::now();
    let finished = super::run(db, vault, &importer, &options, source, report, |rows| {
        if last_shown.elapsed().as_secs() >= 2 {
            last_shown = Instant::now();
            let seconds = started.elapsed().as_secs_f64().max(0.001);
            tracing::info!(
                rows,
                per_second = (rows as f64 / seconds).round(),
                "import progress"
            );
        }
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let summary = &finished.summary;
    if let Some((format, file)) = handover {
        write_handover(
            &summary.handover,
            SheetWriter::new(format, file, "Serah terima")?,
            lang,
        )?;
    }
    let n = |v: u64| format::integer(v, lang);
    writeln!(
        out,
        "{} {}: {} rows, {} new, {} unchanged, {} to fix ({:.1} s)",
        if summary.applied {
            "Imported"
        } else {
            "Checked"
        },
        kind.as_str(),
        n(summary.rows),
        n(summary.new),
        n(summary.unchanged),
        n(summary.invalid),
        started.elapsed().as_secs_f64()
    )?;
    if summary.applied && !summary.handover.is_empty() && args.handover.is_none() {
        writeln!(
            out,
            "{} new chairs got codes; without --handover they are not shown. Issue new codes in the app.",
            n(summary.handover.len() as u64)
        )?;
    }
    Ok(())
}
