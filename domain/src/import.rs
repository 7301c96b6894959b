//! Bulk import of the registry from the spreadsheets the programme already keeps: cooperatives
//! with their chair, and members. Every row goes through the same rules as a registration typed
//! into the app; the columns are found by their headings, in any order, in Indonesian or
//! English; villages are named by Kemendagri code or by their names, and a name that does not
//! match exactly is never guessed: the report lists the near matches instead.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::cooperative::{CooperativeProfile, ProfileInput, Scheme, name_field};
use crate::date::Date;
use crate::member::{CONSENT_NOTICE_VERSION, MemberRegistration, ValidMember};
use crate::phone::Phone;
use crate::region::{RegionCode, RegionLevel};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// One cooperative per row, with its chair (ketua).
    Cooperatives,
    /// One member per row, in the cooperative of the village named.
    Members,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Cooperatives => "cooperatives",
            ImportKind::Members => "members",
        }
    }

    pub fn parse(s: &str) -> Option<ImportKind> {
        match s {
            "cooperatives" | "koperasi" => Some(ImportKind::Cooperatives),
            "members" | "anggota" => Some(ImportKind::Members),
            _ => None,
        }
    }

    /// The columns a file of this kind may have, in the order a template lists them.
    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Cooperatives => COOPERATIVE_COLUMNS,
            ImportKind::Members => MEMBER_COLUMNS,
        }
    }
}

/// A column: the heading the templates and reports use, the other headings it is known by
/// (folded: lower case, words joined by `_`), and whether every file must have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

const fn column(key: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        key,
        aliases,
        required,
    }
}

/// Where the village is: its code, or its four names. A file needs one or the other.
const PLACE_COLUMNS: [Column; 5] = [
    column(
        "kode_desa",
        &[
            "kode_wilayah",
            "kode_kemendagri",
            "kode_desa_kelurahan",
            "village_code",
        ],
        false,
    ),
    column("provinsi", &["province", "nama_provinsi"], false),
    column(
        "kabupaten_kota",
        &["kabupaten", "kab_kota", "kota", "regency", "nama_kabupaten"],
        false,
    ),
    column("kecamatan", &["district", "nama_kecamatan"], false),
    column(
        "desa_kelurahan",
        &["desa", "kelurahan", "village", "nama_desa"],
        false,
    ),
];

pub const COOPERATIVE_COLUMNS: &[Column] = &[
    PLACE_COLUMNS[0],
    PLACE_COLUMNS[1],
    PLACE_COLUMNS[2],
    PLACE_COLUMNS[3],
    PLACE_COLUMNS[4],
    column("nama_koperasi", &["cooperative_name", "nama_kdkmp"], true),
    column("skema", &["scheme", "skema_pembentukan"], true),
    column("nama_ketua", &["ketua", "chair_name"], true),
    column(
        "hp_ketua",
        &[
            "no_hp_ketua",
            "nomor_hp_ketua",
            "telepon_ketua",
            "chair_phone",
        ],
        true,
    ),
    column(
        "nomor_badan_hukum",
        &["no_badan_hukum", "nomor_ahu", "legal_entity_number"],
        false,
    ),
    column(
        "tanggal_badan_hukum",
        &["tgl_badan_hukum", "tanggal_ahu", "legal_entity_date"],
        false,
    ),
    column("nik_koperasi", &["nikop"], false),
    column("alamat", &["alamat_koperasi", "address"], false),
    column("tanggal_berdiri", &["tgl_berdiri", "established_on"], false),
    column(
        "hp_koperasi",
        &["no_hp_koperasi", "telepon_koperasi", "phone"],
        false,
    ),
    column("email", &["e_mail", "email_koperasi"], false),
];

pub const MEMBER_COLUMNS: &[Column] = &[
    PLACE_COLUMNS[0],
    PLACE_COLUMNS[1],
    PLACE_COLUMNS[2],
    PLACE_COLUMNS[3],
    PLACE_COLUMNS[4],
    column("nik", &["nik_anggota", "no_ktp"], true),
    column("nama", &["nama_anggota", "name"], true),
    column("alamat", &["alamat_anggota", "address"], false),
    column("hp", &["no_hp", "nomor_hp", "telepon", "phone"], false),
    column(
        "tanggal_masuk",
        &["tgl_masuk", "tanggal_bergabung", "join_date"],
        true,
    ),
];

/// A heading as people write it, folded to compare: lower case, every run of other characters
/// one `_` ("No. HP Ketua" -> `no_hp_ketua`).
pub fn fold_heading(heading: &str) -> String {
    let mut folded = String::with_capacity(heading.len());
    for c in heading.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_alphanumeric() {
            folded.extend(c.to_lowercase());
        } else if !folded.is_empty() && !folded.ends_with('_') {
            folded.push('_');
        }
    }
    folded.trim_end_matches('_').to_owned()
}

/// Why a whole file cannot be read, before any row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum FileProblem {
    /// Not CSV or XLSX, or damaged.
    Unreadable,
    /// The first sheet or the CSV has no heading row.
    Empty,
    /// Required columns are missing (by their template headings). `kode_desa` stands for "the
    /// village code, or all four place names".
    MissingColumns { columns: Vec<String> },
    /// Two columns are the same field.
    DuplicateColumn { column: String },
    /// More rows than one upload may hold; the command line imports larger files.
    TooManyRows { limit: u64 },
}

/// Where each known column sits in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub kind: ImportKind,
    positions: Vec<Option<usize>>,
}

impl Layout {
    /// Finds the kind's columns among a file's headings.
    pub fn read(kind: ImportKind, headings: &[String]) -> Result<Layout, FileProblem> {
        let columns = kind.columns();
        let mut positions = vec![None; columns.len()];
        for (at, heading) in headings.iter().enumerate() {
            let folded = fold_heading(heading);
            if folded.is_empty() {
                continue;
            }
            let found = columns
                .iter()
                .position(|c| c.key == folded || c.aliases.contains(&folded.as_str()));
            if let Some(index) = found {
                if positions[index].is_some() {
                    return Err(FileProblem::DuplicateColumn {
                        column: columns[index].key.to_owned(),
                    });
                }
                positions[index] = Some(at);
            }
        }
        let layout = Layout { kind, positions };
        let mut missing: Vec<String> = columns
            .iter()
            .zip(&layout.positions)
            .filter(|(c, at)| c.required && at.is_none())
            .map(|(c, _)| c.key.to_owned())
            .collect();
        let has_code = layout.has("kode_desa");
        let has_names = PLACE_COLUMNS[1..].iter().all(|c| layout.has(c.key));
        if !has_code && !has_names {
            missing.insert(0, "kode_desa".to_owned());
        }
        if missing.is_empty() {
            Ok(layout)
        } else {
            Err(FileProblem::MissingColumns { columns: missing })
        }
    }

    fn has(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    fn position(&self, key: &str) -> Option<usize> {
        let index = self.kind.columns().iter().position(|c| c.key == key)?;
        self.positions[index]
    }

    /// The template heading of the column at a file position, if it is one of the kind's.
    pub fn key_at(&self, position: usize) -> Option<&'static str> {
        let index = self.positions.iter().position(|p| *p == Some(position))?;
        Some(self.kind.columns()[index].key)
    }

    /// A row's cell under a column, trimmed; empty when the file has no such column.
    pub fn cell<'a>(&self, row: &'a [String], key: &str) -> &'a str {
        self.position(key)
            .and_then(|at| row.get(at))
            .map_or("", |c| c.trim())
    }
}

/// A village as a row names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceInput {
    Code(RegionCode),
    /// Province, regency or city, district, village: as typed.
    Names([String; 4]),
}

/// The place columns by level, from the province down.
pub const PLACE_NAME_COLUMNS: [&str; 4] =
    ["provinsi", "kabupaten_kota", "kecamatan", "desa_kelurahan"];

fn place(layout: &Layout, row: &[String]) -> Result<PlaceInput, FieldError> {
    let code = layout.cell(row, "kode_desa");
    if !code.is_empty() {
        return match RegionCode::parse(code) {
            Ok(code) if code.level() == RegionLevel::Village => Ok(PlaceInput::Code(code)),
            Ok(_) => Err(FieldError::new("kode_desa", "region.not_village")),
            Err(_) => Err(FieldError::new("kode_desa", "region.format")),
        };
    }
    let names = PLACE_NAME_COLUMNS.map(|key| layout.cell(row, key).to_owned());
    match PLACE_NAME_COLUMNS
        .iter()
        .zip(&names)
        .find(|(_, name)| name.is_empty())
    {
        Some((key, _)) if layout.has(key) => Err(FieldError::new(key, "required")),
        Some(_) => Err(FieldError::new("kode_desa", "required")),
        None => Ok(PlaceInput::Names(names)),
    }
}

/// A date as spreadsheets hold it: `2025-08-17`, `17/08/2025`, `17-08-2025` or `17.08.2025`
/// (day first, as written in Indonesia), as `YYYY-MM-DD`; anything else unchanged, for the
/// date rule to refuse.
pub fn date_cell(cell: &str) -> String {
    let cell = cell.trim();
    let parts: Vec<&str> = cell.split(['/', '-', '.']).collect();
    // Day first unless the year leads.
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 => (*y, *m, *d),
        [d, m, y] => (*y, *m, *d),
        _ => return cell.to_owned(),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if y.len() == 4
        && (1..=2).contains(&m.len())
        && (1..=2).contains(&d.len())
        && [y, m, d].into_iter().all(digits)
    {
        format!("{y}-{m:0>2}-{d:0>2}")
    } else {
        cell.to_owned()
    }
}

/// A scheme as people write it.
fn scheme(cell: &str) -> Option<Scheme> {
    let folded = fold_heading(cell);
    match folded.as_str() {
        "baru" | "pembentukan_baru" | "membangun_baru" | "new" => Some(Scheme::Baru),
        "mengembangkan" | "pengembangan" | "developed" => Some(Scheme::Mengembangkan),
        "revitalisasi" | "revitalised" | "revitalized" => Some(Scheme::Revitalisasi),
        _ => None,
    }
}

/// A cooperative row that passed every rule needing no stored data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CooperativeRow {
    pub place: PlaceInput,
    pub scheme: Scheme,
    pub ketua_name: String,
    pub ketua_phone: Phone,
    /// The name and whatever else of the profile the row gives.
    pub profile: CooperativeProfile,
}

/// The profile's fields by the columns that carry them.
const PROFILE_COLUMNS: [(&str, &str); 8] = [
    ("name", "nama_koperasi"),
    ("legal_entity_number", "nomor_badan_hukum"),
    ("legal_entity_date", "tanggal_badan_hukum"),
    ("nik_koperasi", "nik_koperasi"),
    ("address", "alamat"),
    ("established_on", "tanggal_berdiri"),
    ("phone", "hp_koperasi"),
    ("email", "email"),
];

/// Errors of a shared rule, named by the rule's fields, moved under the file's columns
/// (`(field, column)` pairs).
fn under_columns(fields: Vec<FieldError>, columns: &[(&str, &str)]) -> Vec<FieldError> {
    fields
        .into_iter()
        .map(|mut e| {
            if let Some((_, key)) = columns.iter().find(|(f, _)| *f == e.field) {
                e.field = (*key).to_owned();
            }
            e
        })
        .collect()
}

/// Checks a cooperative row; every problem at once, each under its column's heading.
pub fn cooperative_row(
    layout: &Layout,
    row: &[String],
    today: Date,
) -> Result<CooperativeRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let place = place(layout, row).map_err(|e| errors.push(e)).ok();
    let scheme = match layout.cell(row, "skema") {
        "" => {
            errors.push(FieldError::new("skema", "required"));
            None
        }
        cell => {
            let found = scheme(cell);
            if found.is_none() {
                errors.push(FieldError::new("skema", "scheme.unknown"));
            }
            found
        }
    };
    let ketua_name = name_field("nama_ketua", layout.cell(row, "nama_ketua"))
        .map_err(|e| errors.push(e))
        .ok();
    let ketua_phone = match layout.cell(row, "hp_ketua") {
        "" => {
            errors.push(FieldError::new("hp_ketua", "required"));
            None
        }
        cell => crate::account::phone_field("hp_ketua", cell)
            .map_err(|e| errors.push(e))
            .ok(),
    };
    let mut input = ProfileInput::default();
    for (index, (_, key)) in PROFILE_COLUMNS.iter().enumerate() {
        let cell = layout.cell(row, key);
        *input.field_mut(index) = if key.starts_with("tanggal") {
            date_cell(cell)
        } else {
            cell.to_owned()
        };
    }
    let profile = input
        .parse(today)
        .map_err(|fields| errors.extend(under_columns(fields, &PROFILE_COLUMNS)))
        .ok();
    match (place, scheme, ketua_name, ketua_phone, profile) {
        (Some(place), Some(scheme), Some(ketua_name), Some(ketua_phone), Some(profile))
            if errors.is_empty() =>
        {
            Ok(CooperativeRow {
                place,
                scheme,
                ketua_name,
                ketua_phone,
                profile,
            })
        }
        _ => Err(errors),
    }
}

/// A member row that passed every rule needing no stored data.
#[derive(Debug)]
pub struct MemberRow {
    /// The village of the member's cooperative (one per village).
    pub place: PlaceInput,
    pub member: ValidMember,
}

/// Checks a member row; every problem at once, each under its column's heading.
pub fn member_row(
    layout: &Layout,
    row: &[String],
    today: Date,
) -> Result<MemberRow, Vec<FieldError>> {
    let mut errors = Vec::new();
    let place = place(layout, row).map_err(|e| errors.push(e)).ok();
    let join_date = match date_cell(layout.cell(row, "tanggal_masuk")).as_str() {
        "" => {
            errors.push(FieldError::new("tanggal_masuk", "required"));
            None
        }
        typed => typed
            .parse::<Date>()
            .map_err(|_| errors.push(FieldError::new("tanggal_masuk", "date.format")))
            .ok(),
    };
    let nonempty = |key: &str| Some(layout.cell(row, key).to_owned()).filter(|c| !c.is_empty());
    let registration = MemberRegistration {
        nik: layout.cell(row, "nik").to_owned(),
        name: layout.cell(row, "nama").to_owned(),
        address: nonempty("alamat"),
        phone: nonempty("hp"),
        // A date that does not parse is reported above; the registration's own rules still
        // run on the rest.
        join_date: join_date.unwrap_or(today),
        consent_notice_version: CONSENT_NOTICE_VERSION.to_owned(),
        create_account: false,
    };
    let columns = [
        ("nik", "nik"),
        ("name", "nama"),
        ("address", "alamat"),
        ("phone", "hp"),
        ("join_date", "tanggal_masuk"),
    ];
    let member = registration
        .parse(today)
        .map_err(|fields| errors.extend(under_columns(fields, &columns)))
        .ok();
    match (place, member) {
        (Some(place), Some(member)) if errors.is_empty() && join_date.is_some() => {
            Ok(MemberRow { place, member })
        }
        _ => Err(errors),
    }
}

/// Which kind of regency a name says it is, when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RegencyKind {
    Kabupaten,
    Kota,
}

/// A place name folded to compare: ASCII lower case, punctuation gone, the level's word
/// ("Provinsi", "Kab.", "Kecamatan", "Desa", ...) dropped. "Kota" stays told apart from
/// "Kabupaten": Kota Bandung and Kabupaten Bandung are different places.
fn fold_place(name: &str) -> (String, Option<RegencyKind>) {
    let lowered: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<&str> = lowered.split_whitespace().collect();
    let mut kind = None;
    while let Some(first) = words.first() {
        let dropped = match *first {
            "provinsi" | "prov" | "kecamatan" | "kec" | "desa" | "kelurahan" | "kel" => None,
            "kabupaten" | "kab" => Some(RegencyKind::Kabupaten),
            "kota" | "kodya" if words.len() > 1 => Some(RegencyKind::Kota),
            _ => break,
        };
        kind = dropped.or(kind);
        words.remove(0);
    }
    (words.join(" "), kind)
}

/// Levenshtein distance between two short ASCII names, by bytes.
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// How a typed name fares among the places it could be (the children of the place above).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceMatch {
    Found(RegionCode),
    /// Several places answer to the name (Kabupaten and Kota Bandung for "Bandung").
    Ambiguous(Vec<RegionCode>),
    /// None does; these are close (a typo away), never taken without the person choosing.
    NotFound(Vec<RegionCode>),
}

/// Most near matches a report suggests for one name.
pub const MAX_SUGGESTIONS: usize = 3;

/// Matches a typed name against `(code, name)` candidates. Exact after folding, or not at all.
pub fn match_place(typed: &str, candidates: &[(RegionCode, String)]) -> PlaceMatch {
    let (typed, kind) = fold_place(typed);
    let folded: Vec<(&RegionCode, String, Option<RegencyKind>)> = candidates
        .iter()
        .map(|(code, name)| {
            let (name, kind) = fold_place(name);
            (code, name, kind)
        })
        .collect();
    let exact: Vec<RegionCode> = folded
        .iter()
        .filter(|(_, name, candidate_kind)| {
            *name == typed
                && (kind.is_none() || candidate_kind.is_none() || kind == *candidate_kind)
        })
        .map(|(code, ..)| (*code).clone())
        .collect();
    match exact.len() {
        1 => PlaceMatch::Found(exact.into_iter().next().expect("one")),
        0 => {
            let allowed = if typed.len() < 5 { 1 } else { 2 };
            let mut near: Vec<(usize, &RegionCode)> = folded
                .iter()
                .map(|(code, name, _)| (distance(&typed, name), *code))
                .filter(|(d, _)| *d <= allowed)
                .collect();
            near.sort();
            PlaceMatch::NotFound(
                near.into_iter()
                    .take(MAX_SUGGESTIONS)
                    .map(|(_, code)| code.clone())
                    .collect(),
            )
        }
        _ => PlaceMatch::Ambiguous(exact),
    }
}

/// What became of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    /// Would be added (a check) or was added (an import).
    New,
    /// Already in the registry as the row says: importing the same file twice changes nothing.
    Unchanged,
    /// Not imported; `problems` say why.
    Invalid,
}

/// A place the report suggests for a name that did not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlaceSuggestion {
    /// The column whose name did not match.
    pub column: String,
    pub code: RegionCode,
    /// Its full name, as the region list has it.
    pub name: String,
}

/// One row of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowReport {
    /// The row's line in the file, the heading row being line 1.
    pub line: u64,
    pub outcome: RowOutcome,
    /// Under the column headings of the template.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FieldError>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<PlaceSuggestion>,
}

/// A chair made by an import, and the one-time code to hand over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Handover {
    pub cooperative_name: String,
    pub village: RegionCode,
    pub village_name: String,
    pub ketua_name: String,
    pub ketua_phone: Phone,
    pub activation_code: String,
}

impl Handover {
    /// The hand-over sheet's headings, in the dinas' language.
    pub fn headings(lang: crate::Lang) -> [&'static str; 6] {
        match lang {
            crate::Lang::Id => [
                "Koperasi",
                "Kode desa",
                "Desa/kelurahan",
                "Nama ketua",
                "HP ketua",
                "Kode aktivasi",
            ],
            crate::Lang::En => [
                "Cooperative",
                "Village code",
                "Village",
                "Chair",
                "Chair's mobile",
                "Activation code",
            ],
        }
    }

    /// One chair's row of the sheet, under [`Handover::headings`].
    pub fn cells(&self) -> [String; 6] {
        [
            self.cooperative_name.clone(),
            self.village.to_string(),
            self.village_name.clone(),
            self.ketua_name.clone(),
            self.ketua_phone.local(),
            self.activation_code.clone(),
        ]
    }
}

/// Rows an upload through the app may hold; larger files go through `kopdes-server import`.
pub const UPLOAD_MAX_ROWS: u64 = 5_000;
/// Problem rows a JSON answer lists; the downloadable report has all of them.
pub const LISTED_PROBLEMS_MAX: usize = 200;

/// `POST /api/registry/imports`: what a check found, or an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    pub kind: ImportKind,
    /// Whether rows were written (false for a check).
    pub applied: bool,
    /// Data rows read (the heading row not counted; blank rows skipped).
    pub rows: u64,
    pub new: u64,
    pub unchanged: u64,
    pub invalid: u64,
    /// The first invalid rows, at most [`LISTED_PROBLEMS_MAX`].
    pub problems: Vec<RowReport>,
    /// The chairs given an account by this import, with their codes (an import only).
    pub handover: Vec<Handover>,
}

/// What a row's problem means and how to fix it, by its code, for the report a person fixes
/// the file from (Indonesian, English).
pub fn problem_words(code: &str, lang: crate::Lang) -> &'static str {
    const WORDS: &[(&str, &str, &str)] = &[
        ("required", "Wajib diisi.", "Required."),
        (
            "phone.format",
            "Tulis nomor HP seperti 0812 3456 7890 (sel sebagai teks, agar angka 0 di depan tidak hilang).",
            "Write the mobile number like 0812 3456 7890 (as text, so the leading 0 is kept).",
        ),
        (
            "phone.length",
            "Nomor HP terdiri dari 10 sampai 13 angka.",
            "A mobile number has 10 to 13 digits.",
        ),
        (
            "phone.has_account",
            "Nomor HP ketua sudah punya akun. Pastikan benar milik orang ini, lalu impor dengan pilihan memakai akun yang ada.",
            "The chair's number already has an account. Make sure it is this person's, then import with the option to use existing accounts.",
        ),
        (
            "phone.repeated",
            "Nomor HP ketua ini sudah dipakai di baris lain berkas ini.",
            "This chair's number is used on another row of this file.",
        ),
        (
            "date.format",
            "Tulis tanggal seperti 17/08/2025 atau 2025-08-17.",
            "Write the date like 17/08/2025 or 2025-08-17.",
        ),
        (
            "date.future",
            "Tanggal ini belum lewat.",
            "This date has not come yet.",
        ),
        (
            "date.before_established",
            "Tanggal badan hukum tidak boleh sebelum koperasi berdiri.",
            "The legal entity date cannot be before the founding date.",
        ),
        (
            "date.before_birth",
            "Tanggal masuk tidak boleh sebelum tanggal lahir (dari NIK).",
            "The joining date cannot be before the birth date (from the NIK).",
        ),
        (
            "text.too_long",
            "Isian ini terlalu panjang.",
            "This entry is too long.",
        ),
        (
            "text.control",
            "Ada tanda tak terlihat di sini. Ketik ulang isiannya.",
            "There is an invisible character here. Type the entry again.",
        ),
        (
            "email.format",
            "Tulis alamat email seperti nama@contoh.id.",
            "Write the e-mail address like name@example.id.",
        ),
        (
            "scheme.unknown",
            "Tulis skema: baru, pengembangan atau revitalisasi.",
            "Write the scheme: baru, pengembangan or revitalisasi.",
        ),
        (
            "region.format",
            "Tulis kode desa Kemendagri seperti 32.04.12.2003.",
            "Write the Kemendagri village code like 32.04.12.2003.",
        ),
        (
            "region.not_village",
            "Kode ini bukan kode desa/kelurahan (empat bagian, seperti 32.04.12.2003).",
            "This is not a village code (four parts, like 32.04.12.2003).",
        ),
        (
            "region.unknown",
            "Tidak ada desa/kelurahan dengan kode ini.",
            "No village has this code.",
        ),
        (
            "region.not_found",
            "Nama wilayah ini tidak ditemukan. Lihat saran, atau tulis kode desanya.",
            "No region has this name. See the suggestions, or write the village code.",
        ),
        (
            "region.ambiguous",
            "Ada beberapa wilayah dengan nama ini. Tulis lengkap (Kabupaten/Kota) atau pakai kode desa.",
            "Several regions have this name. Write it in full (Kabupaten/Kota) or use the village code.",
        ),
        (
            "region.outside_scope",
            "Desa ini di luar wilayah Anda.",
            "This village is outside your regions.",
        ),
        (
            "village.taken",
            "Desa ini sudah punya koperasi dengan nama lain.",
            "This village already has a cooperative with another name.",
        ),
        (
            "village.repeated",
            "Desa ini sudah ada di baris lain berkas ini.",
            "This village is on another row of this file.",
        ),
        (
            "cooperative.none_in_village",
            "Belum ada koperasi di desa ini. Impor koperasinya dulu.",
            "There is no cooperative in this village yet. Import it first.",
        ),
        (
            "nik.length",
            "NIK terdiri dari 16 angka.",
            "A NIK has 16 digits.",
        ),
        (
            "nik.not_digits",
            "NIK hanya berisi angka.",
            "A NIK has digits only.",
        ),
        (
            "nik.district",
            "Kode kecamatan di NIK (6 angka pertama) tidak sah.",
            "The district code in the NIK (first 6 digits) is not valid.",
        ),
        (
            "nik.unknown_district",
            "Kecamatan di NIK (6 angka pertama) tidak ada. Periksa angkanya.",
            "The NIK's district (first 6 digits) does not exist. Check the digits.",
        ),
        (
            "nik.birth_date",
            "Tanggal lahir di NIK (angka 7-12) bukan tanggal yang benar.",
            "The birth date in the NIK (digits 7-12) is not a real date.",
        ),
        (
            "nik.future_birth_date",
            "Tanggal lahir di NIK belum lewat.",
            "The birth date in the NIK has not come yet.",
        ),
        (
            "nik.serial",
            "Empat angka terakhir NIK tidak boleh 0000.",
            "The last four digits of a NIK cannot be 0000.",
        ),
        (
            "nik.repeated",
            "NIK ini sudah ada di baris lain berkas ini.",
            "This NIK is on another row of this file.",
        ),
        (
            "nik.member_elsewhere",
            "Orang dengan NIK ini sudah anggota aktif koperasi lain.",
            "The person with this NIK is an active member of another cooperative.",
        ),
        (
            "cell.number_lost_digits",
            "Angka ini tersimpan sebagai bilangan di Excel dan angka terakhirnya hilang. Format kolom sebagai teks lalu ketik ulang.",
            "This was stored as a number in Excel and lost its last digits. Format the column as text and type it again.",
        ),
    ];
    WORDS.iter().find(|(c, ..)| *c == code).map_or(
        match lang {
            crate::Lang::Id => "Isian ini tidak sah.",
            crate::Lang::En => "This entry is not valid.",
        },
        |(_, id, en)| match lang {
            crate::Lang::Id => *id,
            crate::Lang::En => *en,
        },
    )
}

/// A row's outcome in words.
pub fn outcome_words(outcome: RowOutcome, applied: bool, lang: crate::Lang) -> &'static str {
    match (outcome, applied, lang) {
        (RowOutcome::New, true, crate::Lang::Id) => "Ditambahkan",
        (RowOutcome::New, true, crate::Lang::En) => "Added",
        (RowOutcome::New, false, crate::Lang::Id) => "Siap ditambahkan",
        (RowOutcome::New, false, crate::Lang::En) => "Ready to add",
        (RowOutcome::Unchanged, _, crate::Lang::Id) => "Sudah ada, tidak diubah",
        (RowOutcome::Unchanged, _, crate::Lang::En) => "Already there, unchanged",
        (RowOutcome::Invalid, _, crate::Lang::Id) => "Perlu diperbaiki",
        (RowOutcome::Invalid, _, crate::Lang::En) => "Needs fixing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 12, 8).unwrap()
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn headings_are_found_in_any_order_case_and_language() {
        let layout = Layout::read(
            ImportKind::Cooperatives,
            &strings(&[
                "No. HP Ketua",
                "Nama Koperasi",
                "\u{feff}Kode Desa",
                "Skema",
                "Ketua",
                "Catatan",
            ]),
        )
        .unwrap();
        let row = strings(&[
            "0812 1111 2222",
            "Koperasi Desa Merah Putih X",
            "32.04.12.2003",
            "baru",
            "Euis",
            "?",
        ]);
        assert_eq!(layout.cell(&row, "hp_ketua"), "0812 1111 2222");
        assert_eq!(layout.cell(&row, "kode_desa"), "32.04.12.2003");
        assert_eq!(layout.cell(&row, "nama_ketua"), "Euis");
        assert_eq!(layout.cell(&row, "alamat"), "");
    }

    #[test]
    fn a_file_without_its_required_columns_or_with_one_twice_is_refused() {
        let missing = Layout::read(
            ImportKind::Cooperatives,
            &strings(&["nama_koperasi", "provinsi"]),
        );
        assert_eq!(
            missing,
            Err(FileProblem::MissingColumns {
                columns: strings(&["kode_desa", "skema", "nama_ketua", "hp_ketua"])
            })
        );
        let names_suffice = Layout::read(
            ImportKind::Members,
            &strings(&[
                "provinsi",
                "kabupaten",
                "kecamatan",
                "desa",
                "nik",
                "nama",
                "tanggal_masuk",
            ]),
        );
        assert!(names_suffice.is_ok());
        let twice = Layout::read(ImportKind::Members, &strings(&["nik", "NIK", "nama"]));
        assert_eq!(
            twice,
            Err(FileProblem::DuplicateColumn {
                column: "nik".into()
            })
        );
    }

    fn cooperative_layout() -> Layout {
        Layout::read(
            ImportKind::Cooperatives,
            &strings(&[
                "kode_desa",
                "nama_koperasi",
                "skema",
                "nama_ketua",
                "hp_ketua",
                "tanggal_badan_hukum",
                "tanggal_berdiri",
                "email",
            ]),
        )
        .unwrap()
    }

    #[test]
    fn a_good_cooperative_row_is_read_with_its_dates_as_written_in_indonesia() {
        let row = strings(&[
            "32.04.12.2003",
            "Koperasi Desa Merah Putih Cangkuang Wetan",
            "Pembentukan baru",
            "Hj. Euis Rohaeti",
            "0812-1111-2222",
            "18/08/2025",
            "2025-07-21",
            "",
        ]);
        let parsed = cooperative_row(&cooperative_layout(), &row, today()).unwrap();
        assert_eq!(parsed.scheme, Scheme::Baru);
        assert_eq!(parsed.ketua_phone.as_str(), "+6281211112222");
        assert_eq!(
            parsed.profile.legal_entity_date,
            Some(Date::new(2025, 8, 18).unwrap())
        );
        assert_eq!(parsed.profile.email, None);
        assert_eq!(
            parsed.place,
            PlaceInput::Code(RegionCode::parse("32.04.12.2003").unwrap())
        );
    }

    #[test]
    fn every_problem_of_a_row_is_reported_under_its_column() {
        let row = strings(&[
            "32.04.12",
            "",
            "kilat",
            "",
            "12",
            "31/02/2025",
            "2027-01-01",
            "bukan email",
        ]);
        let errors = cooperative_row(&cooperative_layout(), &row, today()).unwrap_err();
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        for expected in [
            ("kode_desa", "region.not_village"),
            ("skema", "scheme.unknown"),
            ("nama_ketua", "required"),
            ("hp_ketua", "phone.format"),
            ("nama_koperasi", "required"),
            ("tanggal_badan_hukum", "date.format"),
            ("tanggal_berdiri", "date.future"),
            ("email", "email.format"),
        ] {
            assert!(found.contains(&expected), "{expected:?} in {found:?}");
        }
    }

    #[test]
    fn a_member_row_uses_the_member_rules() {
        let layout = Layout::read(
            ImportKind::Members,
            &strings(&["kode_desa", "nik", "nama", "hp", "tanggal_masuk"]),
        )
        .unwrap();
        let good = strings(&[
            "32.04.12.2003",
            "3204124506900003",
            "Neng Sari",
            "",
            "15-01-2026",
        ]);
        let parsed = member_row(&layout, &good, today()).unwrap();
        assert_eq!(parsed.member.name, "Neng Sari");
        assert_eq!(parsed.member.join_date, Date::new(2026, 1, 15).unwrap());
        let bad = strings(&["32.04.12.2003", "3204120000000000", "", "08", "kemarin"]);
        let errors = member_row(&layout, &bad, today()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"nik"));
        assert!(fields.contains(&"nama"));
        assert!(fields.contains(&"hp"));
        assert!(fields.contains(&"tanggal_masuk"));
    }

    #[test]
    fn dates_are_read_day_first_and_iso_and_anything_else_is_left_to_refuse() {
        assert_eq!(date_cell("17/08/2025"), "2025-08-17");
        assert_eq!(date_cell("7-8-2025"), "2025-08-07");
        assert_eq!(date_cell("2025/8/17"), "2025-08-17");
        assert_eq!(date_cell("17.08.2025"), "2025-08-17");
        assert_eq!(date_cell("Agustus 2025"), "Agustus 2025");
        assert_eq!(date_cell(""), "");
    }

    fn places() -> Vec<(RegionCode, String)> {
        [
            ("32.04", "Kabupaten Bandung"),
            ("32.73", "Kota Bandung"),
            ("32.17", "Kabupaten Bandung Barat"),
            ("32.01", "Kabupaten Bogor"),
        ]
        .iter()
        .map(|(c, n)| (RegionCode::parse(c).unwrap(), (*n).to_owned()))
        .collect()
    }

    #[test]
    fn a_place_name_matches_only_exactly_and_kota_is_not_kabupaten() {
        let code = |c: &str| RegionCode::parse(c).unwrap();
        assert_eq!(
            match_place("KAB. BANDUNG", &places()),
            PlaceMatch::Found(code("32.04"))
        );
        assert_eq!(
            match_place("Kota Bandung", &places()),
            PlaceMatch::Found(code("32.73"))
        );
        assert_eq!(
            match_place("bandung barat", &places()),
            PlaceMatch::Found(code("32.17"))
        );
        assert_eq!(
            match_place("Bandung", &places()),
            PlaceMatch::Ambiguous(vec![code("32.04"), code("32.73")])
        );
        // A typo is suggested, never taken.
        assert_eq!(
            match_place("Kabupaten Bandun", &places()),
            PlaceMatch::NotFound(vec![code("32.04"), code("32.73")])
        );
        assert_eq!(
            match_place("Garut", &places()),
            PlaceMatch::NotFound(vec![])
        );
    }

    #[test]
    fn every_problem_an_import_reports_has_words() {
        let generic = problem_words("no.such.code", crate::Lang::Id);
        for code in [
            "required",
            "phone.format",
            "phone.has_account",
            "region.ambiguous",
            "nik.member_elsewhere",
            "cell.number_lost_digits",
            "scheme.unknown",
        ] {
            assert_ne!(problem_words(code, crate::Lang::Id), generic, "{code}");
            assert_ne!(
                problem_words(code, crate::Lang::Id),
                problem_words(code, crate::Lang::En)
            );
        }
    }

    #[test]
    fn kinds_parse_in_both_languages() {
        assert_eq!(
            ImportKind::parse("koperasi"),
            Some(ImportKind::Cooperatives)
        );
        assert_eq!(ImportKind::parse("members"), Some(ImportKind::Members));
        for kind in [ImportKind::Cooperatives, ImportKind::Members] {
            assert_eq!(ImportKind::parse(kind.as_str()), Some(kind));
        }
    }
}
