//! Bulk import of the registry: cooperatives with their chairs, and members, from the CSV and
//! XLSX files offices already keep. The same run checks (nothing written) or imports; either
//! way every row gets an outcome and the report lists them all beside the row as it was.
//!
//! Importing the same file twice changes nothing (a cooperative already in its village under
//! the same name, a member already active in that cooperative, are "unchanged"), so a file
//! with some bad rows is fixed and run again. Rows are written 500 to a transaction: other
//! staff keep working, and a run cut short keeps what it finished.

pub mod command;
pub mod places;
pub mod sheet;
pub mod table;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::{Read, Seek, Write};

use kopdes_domain::Lang;
use kopdes_domain::api::FieldError;
use kopdes_domain::import::{
    self, CooperativeRow, FileProblem, Handover, ImportKind, ImportSummary, LISTED_PROBLEMS_MAX,
    Layout, MemberRow, PlaceInput, PlaceSuggestion, RowOutcome, RowReport,
};
use kopdes_domain::member::CONSENT_NOTICE_VERSION;
use kopdes_domain::region::RegionCode;
use serde_json::json;
use sqlx::AnyConnection;
use tokio::sync::mpsc;

use crate::accounts;
use crate::audit::{self, Entry};
use crate::clock::today;
use crate::cooperatives;
use crate::db::Db;
use crate::members::{self, NewMember};
use crate::registration::{Registration, register_in};
use crate::registry::Within;
use crate::vault::Vault;

use places::Places;
use sheet::{SheetError, SheetWriter};
use table::{Piece, Row};

/// Who imports: a staff account, inside the regions it administers. The command line imports
/// on behalf of one too, so every row has someone answerable for it.
#[derive(Debug, Clone)]
pub struct Importer {
    pub user_id: String,
    pub within: Within,
    /// `"app"` or `"operator"`, for the audit entries.
    pub by: &'static str,
}

impl Importer {
    fn reaches(&self, village: &RegionCode) -> bool {
        match &self.within {
            Within::Country => true,
            Within::Regions(regions) => regions.iter().any(|r| r.contains(village)),
        }
    }
}

/// What a run is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub kind: ImportKind,
    /// Write the rows that pass; otherwise only check them.
    pub apply: bool,
    /// A chair whose phone has an account is that person: appoint the account (no code, and
    /// no power over it). Otherwise such rows are refused until the importer confirms.
    pub attach_existing_accounts: bool,
    /// Members only: the importer states the members consented, under the current notice,
    /// when their data was collected. Required.
    pub consent_collected: bool,
    /// More data rows than this end the run before anything is written.
    pub max_rows: Option<u64>,
    /// The language of the report's words.
    pub lang: Lang,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the file cannot be imported: {0:?}")]
    File(FileProblem),
    #[error("members are imported only with their consent confirmed")]
    ConsentNotConfirmed,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Sheet(#[from] SheetError),
    #[error("the file reader stopped: {0}")]
    Reader(String),
}

/// The outcome of a run: the summary, and the report when one was asked for.
pub struct Finished<W> {
    pub summary: ImportSummary,
    pub report: Option<W>,
}

/// Runs an import over `source`, writing a row-by-row report into `report` when given, and
/// calling `progress` with the rows done after every batch.
pub async fn run<R, W>(
    db: &Db,
    vault: &Vault,
    importer: &Importer,
    options: &Options,
    source: R,
    report: Option<SheetWriter<W>>,
    mut progress: impl FnMut(u64),
) -> Result<Finished<W>, ImportError>
where
    R: Read + Seek + Send + 'static,
    W: Write + Send,
{
    if options.kind == ImportKind::Members && !options.consent_collected {
        return Err(ImportError::ConsentNotConfirmed);
    }
    let (pieces, mut received) = mpsc::channel::<Piece>(4);
    let reader = tokio::task::spawn_blocking(move || table::read(source, &pieces));
    let places = Places::load(db).await?;
    let mut run = Run {
        db,
        vault,
        importer,
        options,
        places,
        layout: None,
        width: 0,
        report,
        summary: ImportSummary {
            kind: options.kind,
            applied: options.apply,
            rows: 0,
            new: 0,
            unchanged: 0,
            invalid: 0,
            problems: Vec::new(),
            handover: Vec::new(),
        },
        seen: HashMap::new(),
        cooperative_of: HashMap::new(),
    };
    // A bounded run (an upload) reads the whole file before writing a row, so a file over
    // the limit, or one damaged half-way, changes nothing. An unbounded one (the command
    // line) streams, keeping what its finished batches wrote.
    let mut held: Option<Vec<Row>> = options.max_rows.map(|_| Vec::new());
    let mut done = 0;
    while let Some(piece) = received.recv().await {
        match piece {
            Piece::Headings(headings) => run.start(&headings)?,
            Piece::Rows(rows) => {
                run.summary.rows += rows.len() as u64;
                if let Some(limit) = options.max_rows
                    && run.summary.rows > limit
                {
                    return Err(ImportError::File(FileProblem::TooManyRows { limit }));
                }
                match &mut held {
                    Some(held) => held.extend(rows),
                    None => {
                        done += rows.len() as u64;
                        run.batch(rows).await?;
                        progress(done);
                    }
                }
            }
        }
    }
    match reader.await {
        Ok(Ok(())) => {}
        Ok(Err(problem)) => return Err(ImportError::File(problem)),
        Err(join) => return Err(ImportError::Reader(join.to_string())),
    }
    if run.layout.is_none() {
        return Err(ImportError::File(FileProblem::Empty));
    }
    for chunk in held.unwrap_or_default().chunks(table::BATCH_ROWS) {
        done += chunk.len() as u64;
        run.batch(chunk.to_vec()).await?;
        progress(done);
    }
    let report = run.report.take().map(SheetWriter::finish).transpose()?;
    Ok(Finished {
        summary: run.summary,
        report,
    })
}

/// What a row found on the way: its outcome, its problems, and near matches for a place.
struct Verdict {
    outcome: RowOutcome,
    problems: Vec<FieldError>,
    suggestions: Vec<PlaceSuggestion>,
}

impl Verdict {
    fn new() -> Verdict {
        Verdict {
            outcome: RowOutcome::New,
            problems: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    fn unchanged() -> Verdict {
        Verdict {
            outcome: RowOutcome::Unchanged,
            ..Verdict::new()
        }
    }

    fn invalid(problems: Vec<FieldError>) -> Verdict {
        Verdict {
            outcome: RowOutcome::Invalid,
            problems,
            suggestions: Vec::new(),
        }
    }

    fn refused(column: &str, code: &str) -> Verdict {
        Verdict::invalid(vec![FieldError::new(column, code)])
    }
}

/// A value's fingerprint, for "seen earlier in this file" without keeping NIKs in the clear.
fn fingerprint(value: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The column a place problem belongs under: the code's, or the village name's.
fn place_column(place: &PlaceInput) -> &'static str {
    match place {
        PlaceInput::Code(_) => "kode_desa",
        PlaceInput::Names(_) => "desa_kelurahan",
    }
}

struct Run<'a, W: Write> {
    db: &'a Db,
    vault: &'a Vault,
    importer: &'a Importer,
    options: &'a Options,
    places: Places,
    layout: Option<Layout>,
    /// Columns in the heading row.
    width: usize,
    report: Option<SheetWriter<W>>,
    summary: ImportSummary,
    /// What earlier rows of the file used (a village, a chair's phone, a NIK), by fingerprint,
    /// with the line that used it.
    seen: HashMap<u64, u64>,
    /// Members: the cooperative of each village met so far.
    cooperative_of: HashMap<RegionCode, Option<String>>,
}

impl<W: Write + Send> Run<'_, W> {
    fn start(&mut self, headings: &[String]) -> Result<(), ImportError> {
        let layout = Layout::read(self.options.kind, headings).map_err(ImportError::File)?;
        if let Some(report) = &mut self.report {
            let lang = self.options.lang;
            let mut row: Vec<String> = headings.to_vec();
            row.extend(
                match lang {
                    Lang::Id => ["hasil", "kesalahan", "saran"],
                    Lang::En => ["outcome", "problems", "suggestions"],
                }
                .map(str::to_owned),
            );
            report.row(&row)?;
        }
        self.layout = Some(layout);
        self.width = headings.len();
        Ok(())
    }

    #[tracing::instrument(name = "import.batch", skip_all, fields(rows = rows.len()))]
    async fn batch(&mut self, rows: Vec<Row>) -> Result<(), ImportError> {
        let Some(layout) = self.layout.clone() else {
            return Err(ImportError::File(FileProblem::Empty));
        };
        let mut verdicts = Vec::with_capacity(rows.len());
        if self.options.apply {
            let mut tx = self.db.writer.begin().await?;
            for row in &rows {
                verdicts.push(self.row(&mut tx, &layout, row).await?);
            }
            tx.commit().await?;
        } else {
            let mut conn = self.db.pool.acquire().await?;
            for row in &rows {
                verdicts.push(self.row(&mut conn, &layout, row).await?);
            }
        }
        for (row, verdict) in rows.iter().zip(verdicts) {
            self.record(row, verdict)?;
        }
        Ok(())
    }

    fn record(&mut self, row: &Row, verdict: Verdict) -> Result<(), ImportError> {
        match verdict.outcome {
            RowOutcome::New => self.summary.new += 1,
            RowOutcome::Unchanged => self.summary.unchanged += 1,
            RowOutcome::Invalid => self.summary.invalid += 1,
        }
        let lang = self.options.lang;
        if let Some(report) = &mut self.report {
            // Every row as wide as the headings, so the added columns line up.
            let mut cells: Vec<String> = row.cells.clone();
            cells.resize(self.width.max(row.cells.len()), String::new());
            cells.push(import::outcome_words(verdict.outcome, self.options.apply, lang).to_owned());
            cells.push(
                verdict
                    .problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, import::problem_words(&p.code, lang)))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            cells.push(
                verdict
                    .suggestions
                    .iter()
                    .map(|s| format!("{}: {} ({})", s.column, s.name, s.code))
                    .collect::<Vec<_>>()
                    .join("; "),
            );
            report.row(&cells)?;
        }
        if verdict.outcome == RowOutcome::Invalid
            && self.summary.problems.len() < LISTED_PROBLEMS_MAX
        {
            self.summary.problems.push(RowReport {
                line: row.line,
                outcome: verdict.outcome,
                problems: verdict.problems,
                suggestions: verdict.suggestions,
            });
        }
        Ok(())
    }

    async fn row(
        &mut self,
        conn: &mut AnyConnection,
        layout: &Layout,
        row: &Row,
    ) -> Result<Verdict, sqlx::Error> {
        // A number a spreadsheet cut short is wrong whatever the rules say of what is left.
        let lossy: Vec<FieldError> = row
            .lossy
            .iter()
            .filter_map(|at| layout.key_at(*at))
            .map(|key| FieldError::new(key, "cell.number_lost_digits"))
            .collect();
        let today = today();
        match self.options.kind {
            ImportKind::Cooperatives => match import::cooperative_row(layout, &row.cells, today) {
                Ok(_) if !lossy.is_empty() => Ok(Verdict::invalid(lossy)),
                Ok(parsed) => self.cooperative(conn, row.line, parsed).await,
                Err(mut problems) => {
                    problems.extend(lossy);
                    Ok(Verdict::invalid(problems))
                }
            },
            ImportKind::Members => match import::member_row(layout, &row.cells, today) {
                Ok(_) if !lossy.is_empty() => Ok(Verdict::invalid(lossy)),
                Ok(parsed) => self.member(conn, row.line, parsed).await,
                Err(mut problems) => {
                    problems.retain(|p| !lossy.iter().any(|l| l.field == p.field));
                    problems.extend(lossy);
                    Ok(Verdict::invalid(problems))
                }
            },
        }
    }

    /// The village a row means, inside the importer's regions.
    fn village(&self, place: &PlaceInput) -> Result<RegionCode, Verdict> {
        let village = self.places.settle(place).map_err(|unsettled| Verdict {
            outcome: RowOutcome::Invalid,
            problems: vec![unsettled.problem],
            suggestions: unsettled.suggestions,
        })?;
        if self.importer.reaches(&village) {
            Ok(village)
        } else {
            Err(Verdict::refused(
                place_column(place),
                "region.outside_scope",
            ))
        }
    }

    /// Whether an earlier row of the file used `what`; remembers this row's use otherwise.
    fn repeated(&mut self, what: &str, line: u64) -> bool {
        match self.seen.entry(fingerprint(what)) {
            std::collections::hash_map::Entry::Occupied(_) => true,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(line);
                false
            }
        }
    }

    async fn cooperative(
        &mut self,
        conn: &mut AnyConnection,
        line: u64,
        row: CooperativeRow,
    ) -> Result<Verdict, sqlx::Error> {
        let village = match self.village(&row.place) {
            Ok(village) => village,
            Err(verdict) => return Ok(verdict),
        };
        let column = place_column(&row.place);
        if self.repeated(&format!("village {village}"), line) {
            return Ok(Verdict::refused(column, "village.repeated"));
        }
        let existing: Option<(String, String)> =
            sqlx::query_as("SELECT id, name FROM cooperatives WHERE village_code = $1")
                .bind(village.as_str())
                .fetch_optional(&mut *conn)
                .await?;
        if let Some((_, name)) = existing {
            let same = |a: &str| {
                a.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            return Ok(if same(&name) == same(&row.profile.name) {
                Verdict::unchanged()
            } else {
                Verdict::refused("nama_koperasi", "village.taken")
            });
        }
        if self.repeated(&format!("phone {}", row.ketua_phone.as_str()), line) {
            return Ok(Verdict::refused("hp_ketua", "phone.repeated"));
        }
        let account = accounts::id_by_phone(conn, &row.ketua_phone).await?;
        if account.is_some() && !self.options.attach_existing_accounts {
            return Ok(Verdict::refused("hp_ketua", "phone.has_account"));
        }
        if self.options.apply {
            self.write_cooperative(conn, line, &village, &row, account)
                .await?;
        }
        Ok(Verdict::new())
    }

    async fn write_cooperative(
        &mut self,
        conn: &mut AnyConnection,
        line: u64,
        village: &RegionCode,
        row: &CooperativeRow,
        account: Option<String>,
    ) -> Result<(), sqlx::Error> {
        let actor = self.importer.user_id.as_str();
        let (ketua_id, code) = match account {
            Some(existing) => (existing, None),
            None => {
                let (id, code) =
                    accounts::create_in(conn, &row.ketua_phone, &row.ketua_name, Some(actor))
                        .await
                        .map_err(|e| match e {
                            accounts::CreateUserError::Database(e) => e,
                            // Looked up just before, in the same transaction.
                            other => sqlx::Error::Protocol(other.to_string()),
                        })?;
                (id, Some(code))
            }
        };
        let village_name = self.places.name(village).unwrap_or_default().to_owned();
        let registered = register_in(
            conn,
            Registration {
                village,
                village_name: &village_name,
                scheme: row.scheme,
                name: &row.profile.name,
                ketua_id: &ketua_id,
                registered_by: actor,
                imported: Some(json!({ "line": line, "by": self.importer.by })),
            },
        )
        .await?;
        // A new record is at version 1: the rest of the row's profile goes on top.
        cooperatives::update_profile(conn, &registered.id, 1, &row.profile).await?;
        if let Some(code) = code {
            self.summary.handover.push(Handover {
                cooperative_name: row.profile.name.clone(),
                village: village.clone(),
                village_name,
                ketua_name: row.ketua_name.clone(),
                ketua_phone: row.ketua_phone.clone(),
                activation_code: code,
            });
        }
        Ok(())
    }

    async fn member(
        &mut self,
        conn: &mut AnyConnection,
        line: u64,
        row: MemberRow,
    ) -> Result<Verdict, sqlx::Error> {
        let village = match self.village(&row.place) {
            Ok(village) => village,
            Err(verdict) => return Ok(verdict),
        };
        let cooperative = match self.cooperative_of.get(&village) {
            Some(found) => found.clone(),
            None => {
                let found: Option<String> =
                    sqlx::query_scalar("SELECT id FROM cooperatives WHERE village_code = $1")
                        .bind(village.as_str())
                        .fetch_optional(&mut *conn)
                        .await?;
                self.cooperative_of.insert(village.clone(), found.clone());
                found
            }
        };
        let Some(cooperative) = cooperative else {
            return Ok(Verdict::refused(
                place_column(&row.place),
                "cooperative.none_in_village",
            ));
        };
        let member = &row.member;
        // The NIK's district must exist: a typo in its first six digits is the commonest.
        if self.places.name(&member.facts.district).is_none() {
            return Ok(Verdict::refused("nik", "nik.unknown_district"));
        }
        let nik = member.nik.expose();
        if self.repeated(&format!("nik {nik}"), line) {
            return Ok(Verdict::refused("nik", "nik.repeated"));
        }
        let mut active_in = None;
        for hash in self.vault.lookup_hashes(nik) {
            active_in = sqlx::query_scalar::<_, String>(
                "SELECT cooperative_id FROM members WHERE nik_hash = $1 AND status = 'active'",
            )
            .bind(hash)
            .fetch_optional(&mut *conn)
            .await?;
            if active_in.is_some() {
                break;
            }
        }
        match active_in {
            Some(found) if found == cooperative => return Ok(Verdict::unchanged()),
            Some(_) => return Ok(Verdict::refused("nik", "nik.member_elsewhere")),
            None => {}
        }
        if self.options.apply {
            let id = uuid::Uuid::now_v7().to_string();
            let actor = self.importer.user_id.as_str();
            members::insert(
                conn,
                self.vault,
                NewMember {
                    id: &id,
                    cooperative_id: &cooperative,
                    user_id: None,
                    valid: member,
                    consent_notice_version: CONSENT_NOTICE_VERSION,
                    recorded_by: actor,
                },
            )
            .await?;
            audit::record(
                conn,
                Entry {
                    actor: Some(actor),
                    action: "member.registered",
                    entity: "member",
                    entity_id: &id,
                    cooperative_id: Some(&cooperative),
                    details: Some(json!({ "imported": { "line": line, "by": self.importer.by } })),
                },
            )
            .await?;
        }
        Ok(Verdict::new())
    }
}

/// The hand-over sheet: each new chair with the one-time code to give them, in the dinas'
/// language. Codes are shown nowhere else and expire in seven days.
pub fn write_handover<W: Write + Send>(
    handover: &[Handover],
    mut sheet: SheetWriter<W>,
    lang: Lang,
) -> Result<W, SheetError> {
    sheet.row(&Handover::headings(lang))?;
    for h in handover {
        sheet.row(&h.cells())?;
    }
    sheet.finish()
}
