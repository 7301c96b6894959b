//! A synthetic national data set in the real region tree, for measuring the server at the
//! programme's scale: a cooperative in every village (about 83,000, or one province's with
//! `--province`), about `--members` members each (about 8 million nationally), five officers
//! with accounts, one to five business units, savings products, pokok paid by every member and
//! a year of wajib in every tenth cooperative, a year of monthly unit reports from three in five
//! cooperatives, and the sync change log. Deterministic: the same flags give the same data.
//!
//! PostgreSQL is loaded with `COPY … FROM STDIN` (CSV), SQLite with multi-row INSERTs, in
//! chunks of villages so memory stays flat. Into a new, empty database only:
//!
//!     cargo run --release -p kopdes-server --example national_data -- \
//!         --database-url postgres://postgres@127.0.0.1:5432/kopdes_national
//!     cargo run --release -p kopdes-server --example national_data -- \
//!         --database-url sqlite:///tmp/jabar.db --province 32
//!
//! Accounts for the benchmark: ministry admin 0811-0000-0001, dinas Jawa Barat 0811-3200-0001,
//! and every cooperative's chair (its phone is printed for the first one), all with password
//! `kopdes-demo-2026`.

use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use kopdes_domain::api::DatabaseBackend;
use kopdes_domain::date::Date;
use kopdes_server::config::Config;
use kopdes_server::db::Db;
use kopdes_server::vault::Vault;
use sqlx::Row;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database_url: String,
    /// Only this province's villages (its two-digit code).
    #[arg(long)]
    province: Option<String>,
    /// Average members per cooperative.
    #[arg(long, default_value_t = 100)]
    members: u32,
    /// Villages per chunk written at once.
    #[arg(long, default_value_t = 400)]
    chunk: usize,
}

/// The data key of the generated set (a test key: synthetic people only).
const DATA_KEY: &str = "6e6174696f6e616c2d73796e7468657469632d646174612d6b65792d30303031";
const PASSWORD: &str = "kopdes-demo-2026";
const DAY: i64 = 24 * 3600 * 1000;

/// A small fast generator (SplitMix64): reproducible without a dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len() as u64) as usize]
    }
}

const FIRST: &[&str] = &[
    "Siti", "Dewi", "Sri", "Ani", "Nur", "Rina", "Yanti", "Euis", "Neng", "Ai", "Ujang", "Asep",
    "Dadang", "Budi", "Agus", "Eko", "Joko", "Slamet", "Wayan", "Made", "Putu", "Komang", "Rudi",
    "Hendra", "Andi", "Rahmat", "Iwan", "Yusuf", "Fitri", "Ratna",
];
const LAST: &[&str] = &[
    "Rahayu",
    "Sutisna",
    "Marlina",
    "Nurhayati",
    "Hidayat",
    "Saputra",
    "Wibowo",
    "Susanti",
    "Lestari",
    "Kurniawan",
    "Setiawan",
    "Pratama",
    "Siregar",
    "Nasution",
    "Harahap",
    "Sudarsana",
    "Wijaya",
    "Santoso",
    "Purnomo",
    "Handayani",
];
const UNITS: &[(&str, &str)] = &[
    ("sembako", "47111"),
    ("apotek", "47721"),
    ("kantor_koperasi", "82110"),
    ("simpan_pinjam", "64141"),
    ("klinik", "86901"),
    ("pergudangan", "52101"),
    ("logistik", "49431"),
];

/// One value of a row, written as CSV for COPY or bound for INSERT.
#[derive(Clone)]
enum Value {
    Text(String),
    Int(i64),
    Null,
}

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// Rows for one table, written in one COPY (PostgreSQL) or in INSERTs of a few hundred rows.
struct Table {
    name: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Value>>,
}

impl Table {
    fn new(name: &'static str, columns: &'static [&'static str]) -> Table {
        Table {
            name,
            columns,
            rows: Vec::new(),
        }
    }

    /// Accounts, activated with the benchmark's password.
    fn users() -> Table {
        Table::new(
            "users",
            &[
                "id",
                "phone",
                "name",
                "password_hash",
                "created_at",
                "activated_at",
            ],
        )
    }

    fn csv(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.rows.len() * 128);
        for row in &self.rows {
            for (n, value) in row.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                match value {
                    // Quoted: an empty text is then not NULL.
                    Value::Text(s) => {
                        out.push(b'"');
                        out.extend_from_slice(s.replace('"', "\"\"").as_bytes());
                        out.push(b'"');
                    }
                    Value::Int(n) => out.extend_from_slice(n.to_string().as_bytes()),
                    Value::Null => {}
                }
            }
            out.push(b'\n');
        }
        out
    }

    async fn write(&mut self, db: &Db, pg: Option<&sqlx::PgPool>) -> anyhow::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        match pg {
            Some(pool) => {
                let mut conn = pool.acquire().await?;
                let mut copy = conn
                    .copy_in_raw(&format!(
                        "COPY {} ({}) FROM STDIN WITH (FORMAT csv)",
                        self.name,
                        self.columns.join(", ")
                    ))
                    .await?;
                copy.send(self.csv()).await?;
                copy.finish().await?;
            }
            None => {
                let mut tx = db.writer.begin().await?;
                // SQLite looks `$n` names up one by one: short statements parse far faster.
                let per = (1_000 / self.columns.len()).max(1);
                for chunk in self.rows.chunks(per) {
                    let mut sql = format!(
                        "INSERT INTO {} ({}) VALUES ",
                        self.name,
                        self.columns.join(", ")
                    );
                    for r in 0..chunk.len() {
                        sql.push_str(if r == 0 { "(" } else { ", (" });
                        for c in 0..self.columns.len() {
                            if c > 0 {
                                sql.push_str(", ");
                            }
                            sql.push_str(&format!("${}", r * self.columns.len() + c + 1));
                        }
                        sql.push(')');
                    }
                    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
                    for row in chunk {
                        for value in row {
                            query = match value {
                                Value::Text(s) => query.bind(s.clone()),
                                Value::Int(n) => query.bind(*n),
                                Value::Null => query.bind(None::<String>),
                            };
                        }
                    }
                    query.execute(&mut *tx).await?;
                }
                tx.commit().await?;
            }
        }
        self.rows.clear();
        Ok(())
    }
}

/// An id in UUID form, unique per table tag and number.
fn id(tag: u16, n: u64) -> String {
    format!("{tag:08x}-0000-4000-8000-{n:012x}")
}

#[allow(clippy::print_stdout)] // the report is the output
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    // Migrates, loads the region tree and the built-in forms, as a server start would.
    let mut config = Config::for_database(&args.database_url);
    config.data_key = Some(DATA_KEY.to_owned());
    let app = kopdes_server::startup::Application::build(&config).await?;
    let db = app.db().clone();
    drop(app);
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cooperatives")
        .fetch_one(&db.pool)
        .await?;
    anyhow::ensure!(
        existing == 0,
        "the database already holds cooperatives: use a new one"
    );
    let pg = match db.backend {
        DatabaseBackend::Postgres => Some(sqlx::PgPool::connect(&args.database_url).await?),
        DatabaseBackend::Sqlite => None,
    };
    let mut key = [0u8; 32];
    for (n, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&DATA_KEY[n * 2..n * 2 + 2], 16)?;
    }
    let vault = Vault::new(key);
    let hash = kopdes_server::secrets::hash_password(PASSWORD)?;
    let form_id: String =
        sqlx::query_scalar("SELECT id FROM forms WHERE form_key = 'laporan-gerai-bulanan'")
            .fetch_one(&db.pool)
            .await
            .context("the built-in monthly unit report")?;
    let villages: Vec<(String, String)> = {
        let rows =
            match &args.province {
                Some(p) => sqlx::query(
                    "SELECT code, name FROM regions WHERE level = 4 AND code LIKE $1 ORDER BY code",
                )
                .bind(format!("{p}.%"))
                .fetch_all(&db.pool)
                .await?,
                None => {
                    sqlx::query("SELECT code, name FROM regions WHERE level = 4 ORDER BY code")
                        .fetch_all(&db.pool)
                        .await?
                }
            };
        rows.iter()
            .map(|r| Ok((r.try_get("code")?, r.try_get("name")?)))
            .collect::<Result<_, sqlx::Error>>()?
    };
    let now = kopdes_server::clock::now_millis();
    let today = Date::in_wib(now);
    let months: Vec<Date> = (0..12)
        .map(|back| {
            let d = today.add_days(-30 * back);
            Date::new(d.year(), d.month(), 10).unwrap_or(d)
        })
        .filter(|d| *d <= today)
        .collect();

    // The staff the benchmark signs in as.
    let mut users = Table::users();
    let mut staff = Table::new(
        "staff_roles",
        &["user_id", "role", "region_code", "granted_at"],
    );
    for (n, (phone, name, region)) in [
        ("+6281100000001", "Admin Kementerian", None),
        ("+6281132000001", "Admin Dinas Jawa Barat", Some("32")),
    ]
    .into_iter()
    .enumerate()
    {
        let user = id(0xA, n as u64);
        users.rows.push(vec![
            t(&user),
            t(phone),
            t(name),
            t(&hash),
            Value::Int(now),
            Value::Int(now),
        ]);
        staff.rows.push(vec![
            t(&user),
            t(if region.is_some() {
                "dinas_admin"
            } else {
                "ministry_admin"
            }),
            region.map_or(Value::Null, t),
            Value::Int(now),
        ]);
    }
    users.write(&db, pg.as_ref()).await?;
    staff.write(&db, pg.as_ref()).await?;

    let mut random = Random(20_261_129);
    let mut counts = [0u64; 8];
    let mut seq: i64 = 0;
    let mut district_serial: std::collections::HashMap<String, u32> = Default::default();
    let mut first_chair = None;
    for (chunk_no, chunk) in villages.chunks(args.chunk).enumerate() {
        let mut users = Table::users();
        let mut cooperatives = Table::new(
            "cooperatives",
            &[
                "id",
                "village_code",
                "scheme",
                "status",
                "name",
                "legal_entity_number",
                "legal_entity_date",
                "address",
                "established_on",
                "submitted_at",
                "verified_at",
                "created_at",
                "updated_at",
                "version",
            ],
        );
        let mut officers = Table::new(
            "officers",
            &[
                "id",
                "cooperative_id",
                "user_id",
                "organ",
                "position",
                "term_start",
                "term_end",
                "created_at",
            ],
        );
        let mut members = Table::new(
            "members",
            &[
                "id",
                "cooperative_id",
                "nik_sealed",
                "nik_hash",
                "name",
                "gender",
                "birth_date",
                "address",
                "join_date",
                "status",
                "consent_notice_version",
                "consent_at",
                "consent_recorded_by",
                "created_at",
                "updated_at",
                "version",
            ],
        );
        let mut units = Table::new(
            "business_units",
            &[
                "id",
                "cooperative_id",
                "kind",
                "kbli",
                "name",
                "status",
                "opened_on",
                "created_at",
                "updated_at",
                "version",
            ],
        );
        let mut responses = Table::new(
            "form_responses",
            &[
                "id",
                "form_id",
                "cooperative_id",
                "unit_id",
                "answers",
                "received_at",
                "submitted_by",
                "late",
            ],
        );
        let mut products = Table::new(
            "savings_products",
            &[
                "cooperative_id",
                "kind",
                "amount",
                "period",
                "updated_by",
                "updated_at",
            ],
        );
        let mut entries = Table::new(
            "savings_entries",
            &[
                "id",
                "cooperative_id",
                "member_id",
                "kind",
                "amount",
                "period",
                "receipt",
                "recorded_on",
                "recorded_by",
                "reverses",
                "note",
                "created_at",
            ],
        );
        let mut changes = Table::new(
            "changes",
            &["seq", "entity", "record_id", "cooperative_id", "changed_at"],
        );
        for (village, village_name) in chunk {
            let c = counts[0];
            counts[0] += 1;
            let coop = id(0xC, c);
            let created = now - (30 + random.below(450) as i64) * DAY;
            let roll = random.below(100);
            let status = match roll {
                0..60 => "verified",
                60..75 => "submitted",
                75..95 => "draft",
                _ => "returned",
            };
            let scheme = match random.below(10) {
                0..7 => "baru",
                7..9 => "mengembangkan",
                _ => "revitalisasi",
            };
            // A third of the cooperatives changed something in the last month.
            let active = random.below(3) == 0;
            let updated = if active {
                now - random.below(29) as i64 * DAY
            } else {
                created
            };
            let legal = status == "verified" || random.below(10) < 3;
            let established = Date::in_wib(created - 60 * DAY).to_string();
            cooperatives.rows.push(vec![
                t(&coop),
                t(village),
                t(scheme),
                t(status),
                t(format!("Koperasi Desa Merah Putih {village_name}")),
                if legal {
                    t(format!("AHU-{:07}.AH.01.29.TAHUN 2025", c))
                } else {
                    Value::Null
                },
                if legal { t(&established) } else { Value::Null },
                t(format!("Kantor Desa {village_name}")),
                t(&established),
                if status == "draft" {
                    Value::Null
                } else {
                    Value::Int(created + 7 * DAY)
                },
                if status == "verified" {
                    Value::Int(created + 14 * DAY)
                } else {
                    Value::Null
                },
                Value::Int(created),
                Value::Int(updated.max(created)),
                Value::Int(if active { 3 } else { 1 }),
            ]);
            seq += 1;
            changes.rows.push(vec![
                Value::Int(seq),
                t("cooperative"),
                t(&coop),
                t(&coop),
                Value::Int(updated.max(created)),
            ]);

            // Five officers, each with an account.
            let mut chair = String::new();
            for (o, (organ, position)) in [
                ("pengurus", "ketua"),
                ("pengurus", "sekretaris"),
                ("pengurus", "bendahara"),
                ("pengawas", "ketua"),
                ("pengawas", "anggota"),
            ]
            .into_iter()
            .enumerate()
            {
                let n = counts[1];
                counts[1] += 1;
                let user = id(0xB, n);
                let phone = format!("+628{:010}", 1_000_000_000 + n);
                if o == 0 {
                    chair = user.clone();
                    if first_chair.is_none() {
                        first_chair = Some((format!("0{}", &phone[3..]), village_name.clone()));
                    }
                }
                users.rows.push(vec![
                    t(&user),
                    t(&phone),
                    t(format!("{} {}", random.pick(FIRST), random.pick(LAST))),
                    t(&hash),
                    Value::Int(created),
                    Value::Int(created),
                ]);
                let officer = id(0x0F, n);
                officers.rows.push(vec![
                    t(&officer),
                    t(&coop),
                    t(&user),
                    t(organ),
                    t(position),
                    t(&established),
                    t(Date::in_wib(created + 5 * 365 * DAY).to_string()),
                    Value::Int(created),
                ]);
                seq += 1;
                changes.rows.push(vec![
                    Value::Int(seq),
                    t("officer"),
                    t(&officer),
                    t(&coop),
                    Value::Int(created),
                ]);
            }

            let mut coop_units = Vec::new();
            for u in 0..1 + random.below(5) {
                let n = counts[3];
                counts[3] += 1;
                let unit = id(0x0E, n);
                let (kind, kbli) = UNITS[(u as usize + c as usize) % UNITS.len()];
                let status = ["planned", "preparing", "operating"][random.below(3) as usize];
                units.rows.push(vec![
                    t(&unit),
                    t(&coop),
                    t(kind),
                    t(kbli),
                    t(format!("Gerai {kind} {village_name}")),
                    t(status),
                    if status == "operating" {
                        t(&established)
                    } else {
                        Value::Null
                    },
                    Value::Int(created),
                    Value::Int(updated.max(created)),
                    Value::Int(1),
                ]);
                seq += 1;
                changes.rows.push(vec![
                    Value::Int(seq),
                    t("unit"),
                    t(&unit),
                    t(&coop),
                    Value::Int(created),
                ]);
                coop_units.push(unit);
            }

            // Monthly unit reports from three cooperatives in five.
            if random.below(5) < 3 {
                for (m, month) in months.iter().enumerate() {
                    let n = counts[4];
                    counts[4] += 1;
                    let at = now - (m as i64 * 30 + 20) * DAY;
                    responses.rows.push(vec![
                        t(id(0x0D, n)),
                        t(&form_id),
                        t(&coop),
                        t(&coop_units[0]),
                        t(format!("{{\"bulan\":\"{}\"}}", &month.to_string()[..7])),
                        Value::Int(at),
                        t(&chair),
                        Value::Int(0),
                    ]);
                }
            }

            for (kind, amount, period) in [
                ("pokok", Value::Int(100_000), Value::Null),
                ("wajib", Value::Int(20_000), t("monthly")),
                ("sukarela", Value::Null, Value::Null),
            ] {
                products.rows.push(vec![
                    t(&coop),
                    t(kind),
                    amount,
                    period,
                    t(&chair),
                    Value::Int(created),
                ]);
            }

            // Members, with NIKs of the village's district, unique within it.
            let district: String = village[..8].replace('.', "");
            let size =
                args.members as u64 * 6 / 10 + random.below(args.members as u64 * 8 / 10 + 1);
            let wajib_year = c % 10 == 0;
            for _ in 0..size {
                let n = counts[2];
                counts[2] += 1;
                let member = id(0x0A, n);
                let serial = district_serial.entry(district.clone()).or_insert(0);
                *serial += 1;
                let female = random.below(2) == 0;
                // The NIK's serial has four digits: past 9,999 people in a district, the next
                // ones are born in years no earlier person was (2006 on), so no two collide.
                let (serial_no, round) = (1 + (*serial - 1) % 9999, (*serial - 1) / 9999);
                let birth = Date::new(
                    if round == 0 {
                        1950 + random.below(55) as u16
                    } else {
                        2005 + round as u16
                    },
                    1 + random.below(12) as u8,
                    1 + random.below(28) as u8,
                )?;
                let nik = format!(
                    "{district}{:02}{:02}{:02}{serial_no:04}",
                    birth.day() + if female { 40 } else { 0 },
                    birth.month(),
                    birth.year() % 100
                );
                let joined = Date::in_wib(created + random.below(20) as i64 * DAY);
                members.rows.push(vec![
                    t(&member),
                    t(&coop),
                    t(vault.seal(kopdes_server::vault::Place::MemberNik(&member), &nik)),
                    t(vault.lookup_hash(&nik)),
                    t(format!("{} {}", random.pick(FIRST), random.pick(LAST))),
                    t(if female { "female" } else { "male" }),
                    t(birth.to_string()),
                    t(format!("Desa {village_name}")),
                    t(joined.to_string()),
                    t("active"),
                    t(kopdes_domain::member::CONSENT_NOTICE_VERSION),
                    Value::Int(created),
                    t(&chair),
                    Value::Int(created),
                    Value::Int(created),
                    Value::Int(1),
                ]);
                let mut entry = |kind: &str, amount: i64, period: Value, on: Date| {
                    let e = counts[5];
                    counts[5] += 1;
                    entries.rows.push(vec![
                        t(id(0x5A, e)),
                        t(&coop),
                        t(&member),
                        t(kind),
                        Value::Int(amount),
                        period,
                        t(format!("KW-{e}")),
                        t(on.to_string()),
                        t(&chair),
                        Value::Null,
                        t(""),
                        Value::Int(now),
                    ]);
                };
                entry("pokok", 100_000, Value::Null, joined.min(today));
                if wajib_year {
                    for month in &months {
                        entry("wajib", 20_000, t(&month.to_string()[..7]), *month);
                    }
                }
            }
        }
        for table in [
            &mut users,
            &mut cooperatives,
            &mut officers,
            &mut units,
            &mut members,
            &mut responses,
            &mut products,
            &mut entries,
            &mut changes,
        ] {
            table.write(&db, pg.as_ref()).await?;
        }
        if chunk_no % 10 == 0 {
            println!(
                "{:>6} villages, {:>9} members, {:>9} savings entries  ({:.0} s)",
                counts[0],
                counts[2],
                counts[5],
                started.elapsed().as_secs_f64()
            );
        }
    }
    sqlx::query("UPDATE sync_counter SET value = $1 WHERE id = 1")
        .bind(seq)
        .execute(&db.writer)
        .await?;
    let loaded = started.elapsed();
    if db.backend == DatabaseBackend::Postgres {
        sqlx::query("ANALYZE").execute(&db.writer).await?;
    }
    let refresh = Instant::now();
    kopdes_server::stats::refresh(&db, kopdes_server::clock::now_millis()).await?;
    println!(
        "loaded {} cooperatives, {} members, {} officers, {} units, {} form responses, {} savings entries in {:.0} s; dashboard figures computed in {:.1} s",
        counts[0],
        counts[2],
        counts[1],
        counts[3],
        counts[4],
        counts[5],
        loaded.as_secs_f64(),
        refresh.elapsed().as_secs_f64()
    );
    if let Some((phone, village)) = first_chair {
        println!("chair of {village}: {phone} / {PASSWORD}; data key {DATA_KEY}");
    }
    Ok(())
}
