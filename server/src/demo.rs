//! Demo data for `make run` (`--seed-demo`): staff at every level and cooperatives in real
//! villages of four provinces, at every step of verification. Never load it into production:
//! every demo account shares the password below, which the README prints.

use kopdes_domain::account::Role;
use kopdes_domain::announcement::AnnouncementInput;
use kopdes_domain::cooperative::{CooperativeProfile, CooperativeStatus, Scheme};
use kopdes_domain::date::Date;
use kopdes_domain::form::Text;
use kopdes_domain::member::{CONSENT_NOTICE_VERSION, MemberRegistration};
use kopdes_domain::officer::{Organ, Position};
use kopdes_domain::phone::Phone;
use kopdes_domain::region::RegionCode;
use kopdes_domain::unit::{UnitDetails, UnitKind, UnitStatus};
use sqlx::AnyConnection;

use crate::accounts;
use crate::announcements;
use crate::audit;
use crate::changes;
use crate::clock::{now_millis, today};
use crate::cooperatives::{self, NewCooperative, NewOfficer};
use crate::db::Db;
use crate::members::{self, NewMember};
use crate::secrets::hash_password;
use crate::seed;
use crate::units;
use crate::vault::Vault;

/// Recorded in `seed_runs`; later demo additions get their own names.
pub const DATA_SET: &str = "demo:v1";
pub const MEMBERS_DATA_SET: &str = "demo:v2-members";
pub const UNITS_DATA_SET: &str = "demo:v3-units";
pub const ANNOUNCEMENTS_DATA_SET: &str = "demo:v4-announcements";

/// A demo announcement: who publishes it (a staff phone), to whom, and its text in both
/// languages; `days` is how long it stays up from the day the demo is loaded.
struct DemoAnnouncement {
    by: &'static str,
    region: Option<&'static str>,
    village: Option<&'static str>,
    pinned: bool,
    days: Option<i64>,
    title: (&'static str, &'static str),
    body: (&'static str, &'static str),
}

const ANNOUNCEMENTS: &[DemoAnnouncement] = &[
    DemoAnnouncement {
        by: "081100000001",
        region: None,
        village: None,
        pinned: true,
        days: None,
        title: (
            "Perbarui data koperasi Anda setiap bulan",
            "Update your cooperative's data every month",
        ),
        body: (
            "Data koperasi yang terbaru membantu dinas dan kementerian menyalurkan pelatihan dan dukungan ke desa yang tepat. Periksa profil koperasi, gerai, pengurus dan anggota sebulan sekali. Si Kopdes tetap bisa dipakai tanpa sinyal: perubahan disimpan di ponsel dan dikirim saat tersambung lagi.",
            "Current cooperative data helps the dinas and the ministry bring training and support to the right villages. Check your cooperative's profile, outlets, officers and members once a month. Si Kopdes works without a signal too: changes are kept on the phone and sent when you are connected again.",
        ),
    },
    DemoAnnouncement {
        by: "081132000001",
        region: Some("32"),
        village: None,
        pinned: false,
        days: None,
        title: (
            "Waspada penipuan yang mengatasnamakan dinas",
            "Beware of scams in the dinas' name",
        ),
        body: (
            "Petugas dinas tidak pernah meminta kata sandi, kode OTP, atau uang lewat WhatsApp atau telepon. Jangan bagikan kode yang masuk lewat SMS kepada siapa pun, termasuk yang mengaku petugas. Jika ragu, hubungi kantor dinas di nomor resminya.",
            "Dinas staff never ask for passwords, OTP codes or money by WhatsApp or phone. Do not share a code you received by SMS with anyone, including people who say they are staff. If in doubt, call the dinas office on its official number.",
        ),
    },
    DemoAnnouncement {
        by: "081132040001",
        region: Some("32.04"),
        village: None,
        pinned: false,
        days: Some(30),
        title: (
            "Pelatihan literasi digital untuk pengurus koperasi",
            "Digital literacy training for cooperative officers",
        ),
        body: (
            "Dinas Koperasi Kabupaten Bandung mengadakan pelatihan memakai Si Kopdes dan aman di internet untuk pengurus koperasi desa. Daftar lewat menu Pelatihan. Tempat terbatas.",
            "The Kabupaten Bandung cooperative office holds a training on using Si Kopdes and staying safe online for village cooperative officers. Register through the Training menu. Places are limited.",
        ),
    },
    DemoAnnouncement {
        by: "081132040001",
        region: None,
        village: Some("32.04.12.2003"),
        pinned: false,
        days: Some(14),
        title: (
            "Kirim laporan bulanan gerai",
            "Send the monthly outlet report",
        ),
        body: (
            "Koperasi Desa Merah Putih Cangkuang Wetan: mohon kirim laporan bulanan untuk setiap gerai lewat menu Formulir. Laporan bisa diisi tanpa sinyal dan terkirim otomatis.",
            "Koperasi Desa Merah Putih Cangkuang Wetan: please send the monthly report for each outlet through the Forms menu. It can be filled in without a signal and is sent by itself.",
        ),
    },
];

/// A business unit (gerai) of a demo cooperative, found by its village.
struct DemoUnit {
    village: &'static str,
    kind: UnitKind,
    kbli: &'static str,
    name: &'static str,
    status: UnitStatus,
    opened: Option<(u16, u8, u8)>,
}

const UNITS: &[DemoUnit] = &[
    DemoUnit {
        village: "32.04.12.2003",
        kind: UnitKind::Sembako,
        kbli: "47111",
        name: "Gerai Sembako Cangkuang Wetan",
        status: UnitStatus::Operating,
        opened: Some((2025, 9, 1)),
    },
    DemoUnit {
        village: "32.04.12.2003",
        kind: UnitKind::SimpanPinjam,
        kbli: "64142",
        name: "Unit Simpan Pinjam Cangkuang Wetan",
        status: UnitStatus::Operating,
        opened: Some((2025, 10, 6)),
    },
    DemoUnit {
        village: "32.04.12.2003",
        kind: UnitKind::Apotek,
        kbli: "47721",
        name: "Apotek Desa Cangkuang Wetan",
        status: UnitStatus::Preparing,
        opened: None,
    },
    DemoUnit {
        village: "32.04.12.2003",
        kind: UnitKind::Pergudangan,
        kbli: "52102",
        name: "Gudang Dingin Dayeuhkolot",
        status: UnitStatus::Planned,
        opened: None,
    },
    DemoUnit {
        village: "33.01.01.2001",
        kind: UnitKind::Sembako,
        kbli: "47112",
        name: "Gerai Sembako Tambakreja",
        status: UnitStatus::Operating,
        opened: Some((2025, 11, 3)),
    },
    DemoUnit {
        village: "33.01.01.2001",
        kind: UnitKind::Klinik,
        kbli: "86105",
        name: "Klinik Desa Tambakreja",
        status: UnitStatus::Planned,
        opened: None,
    },
];

/// Members of Cangkuang Wetan (NIKs issued in Dayeuhkolot, 32.04.12): (NIK, name, phone for
/// those who have an account).
pub(crate) const MEMBERS: &[(&str, &str, Option<&str>)] = &[
    ("3204125512850001", "Neng Sari Rahayu", Some("081320041201")),
    ("3204120304780002", "Dadang Sutisna", Some("081320041202")),
    ("3204124709900003", "Yeni Marlina", None),
    ("3204121106820004", "Ujang Rohmat", None),
    ("3204126201950005", "Ai Nurhayati", None),
    ("3204122508700006", "Entis Sutisna", None),
    ("3204124410880007", "Imas Masitoh", None),
    ("3204120912990008", "Agus Salim", None),
];
pub const PASSWORD: &str = "kopdes-demo-2026";

struct Staff {
    phone: &'static str,
    name: &'static str,
    region: Option<&'static str>,
}

const STAFF: &[Staff] = &[
    Staff {
        phone: "081100000001",
        name: "Admin Kementerian",
        region: None,
    },
    Staff {
        phone: "081132000001",
        name: "Dinas Koperasi Jawa Barat",
        region: Some("32"),
    },
    Staff {
        phone: "081132040001",
        name: "Dinas Koperasi Kabupaten Bandung",
        region: Some("32.04"),
    },
    Staff {
        phone: "081133000001",
        name: "Dinas Koperasi Jawa Tengah",
        region: Some("33"),
    },
    Staff {
        phone: "081151000001",
        name: "Dinas Koperasi Bali",
        region: Some("51"),
    },
];

struct DemoCooperative {
    village: &'static str,
    name: &'static str,
    address: &'static str,
    scheme: Scheme,
    status: CooperativeStatus,
    officers: &'static [(&'static str, &'static str, Organ, Position)],
}

const COOPERATIVES: &[DemoCooperative] = &[
    DemoCooperative {
        village: "32.04.12.2003",
        name: "Koperasi Desa Merah Putih Cangkuang Wetan",
        address: "Jl. Raya Dayeuhkolot No. 12, Cangkuang Wetan",
        scheme: Scheme::Baru,
        status: CooperativeStatus::Verified,
        officers: &[
            (
                "081232041201",
                "Hj. Euis Rohaeti",
                Organ::Pengurus,
                Position::Ketua,
            ),
            (
                "081232041202",
                "Asep Saepudin",
                Organ::Pengurus,
                Position::Bendahara,
            ),
            (
                "081232041203",
                "Dedeh Kurniasih",
                Organ::Pengawas,
                Position::Ketua,
            ),
        ],
    },
    DemoCooperative {
        village: "33.01.01.2001",
        name: "Koperasi Desa Merah Putih Tambakreja",
        address: "Jl. Kedungreja-Sidareja No. 3, Tambakreja",
        scheme: Scheme::Mengembangkan,
        status: CooperativeStatus::Submitted,
        officers: &[(
            "081233010101",
            "Slamet Riyadi",
            Organ::Pengurus,
            Position::Ketua,
        )],
    },
    DemoCooperative {
        village: "12.12.01.2003",
        name: "Koperasi Desa Merah Putih Hutanamora",
        address: "Jl. Sisingamangaraja, Hutanamora",
        scheme: Scheme::Revitalisasi,
        status: CooperativeStatus::Draft,
        officers: &[(
            "081212120101",
            "Rosmawati Siahaan",
            Organ::Pengurus,
            Position::Ketua,
        )],
    },
    DemoCooperative {
        village: "51.04.01.2001",
        name: "Koperasi Desa Merah Putih Batubulan",
        address: "Jl. Raya Batubulan No. 7, Batubulan",
        scheme: Scheme::Baru,
        status: CooperativeStatus::Returned,
        officers: &[(
            "081251040101",
            "I Wayan Sudarsana",
            Organ::Pengurus,
            Position::Ketua,
        )],
    },
];

/// Loads every demo set not loaded before; returns whether any was.
#[tracing::instrument(name = "demo.load", skip_all)]
pub async fn load(db: &Db, vault: &Vault) -> anyhow::Result<bool> {
    let staff_and_cooperatives = load_staff_and_cooperatives(db).await?;
    let members = load_members(db, vault).await?;
    let units = load_units(db).await?;
    let announcements = load_announcements(db).await?;
    let courses = crate::demo_courses::load(db).await?;
    let savings = crate::demo_savings::load(db).await?;
    Ok(staff_and_cooperatives || members || units || announcements || courses || savings)
}

async fn load_staff_and_cooperatives(db: &Db) -> anyhow::Result<bool> {
    let mut tx = db.writer.begin().await?;
    if !seed::claim(&mut tx, DATA_SET).await? {
        return Ok(false);
    }
    let hash = tokio::task::spawn_blocking(|| hash_password(PASSWORD)).await??;

    let mut staff_ids = Vec::new();
    for staff in STAFF {
        let id = activated_account(&mut tx, staff.phone, staff.name, &hash).await?;
        let region = staff.region.map(RegionCode::parse).transpose()?;
        let role = if region.is_some() {
            Role::DinasAdmin
        } else {
            Role::MinistryAdmin
        };
        sqlx::query(
            "INSERT INTO staff_roles (user_id, role, region_code, granted_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(&id)
        .bind(role.as_str())
        .bind(region.as_ref().map(RegionCode::as_str))
        .bind(now_millis())
        .execute(&mut *tx)
        .await?;
        staff_ids.push(id);
    }
    let admin = &staff_ids[0];

    let start = today();
    for demo in COOPERATIVES {
        let id = uuid::Uuid::now_v7().to_string();
        let village = RegionCode::parse(demo.village)?;
        cooperatives::insert(
            &mut tx,
            NewCooperative {
                id: &id,
                village: &village,
                scheme: demo.scheme,
                name: demo.name,
                created_by: admin,
            },
        )
        .await?;
        let mut chair = None;
        for (phone, name, organ, position) in demo.officers {
            let user = activated_account(&mut tx, phone, name, &hash).await?;
            if chair.is_none() {
                chair = Some(user.clone());
            }
            cooperatives::insert_officer(
                &mut tx,
                NewOfficer {
                    cooperative_id: &id,
                    user_id: &user,
                    organ: *organ,
                    position: *position,
                    term_start: start,
                    term_end: start.add_years(5),
                    created_by: admin,
                },
            )
            .await?;
        }
        // Its history, as the app would have written it.
        // The chair submits; the dinas registers, verifies and returns.
        let chair = chair.unwrap_or_else(|| admin.clone());
        let step = |action: &'static str, reasons: Option<&str>| crate::audit::Entry {
            actor: Some(if action == "cooperative.submitted" {
                &chair
            } else {
                admin
            }),
            action,
            entity: "cooperative",
            entity_id: &id,
            cooperative_id: Some(&id),
            details: reasons.map(|r| serde_json::json!({ "reasons": r })),
        };
        crate::audit::record(&mut tx, step("cooperative.registered", None)).await?;
        if demo.status != CooperativeStatus::Draft {
            // Submitted and verified records are complete; the returned one lacks its legal
            // entity number, which is why it was returned.
            let complete = demo.status != CooperativeStatus::Returned;
            let chair_phone = demo.officers[0].0;
            let profile = CooperativeProfile {
                name: demo.name.to_owned(),
                address: Some(demo.address.to_owned()),
                established_on: Some(Date::new(2025, 7, 21)?),
                legal_entity_number: complete
                    .then(|| format!("AHU-00{}.AH.01.29.TAHUN 2025", &chair_phone[8..])),
                legal_entity_date: complete.then(|| Date::new(2025, 8, 18)).transpose()?,
                phone: complete
                    .then(|| kopdes_domain::phone::Phone::parse(chair_phone))
                    .transpose()?,
                ..CooperativeProfile::default()
            };
            cooperatives::update_profile(&mut tx, &id, 1, &profile).await?;
            let steps: &[(CooperativeStatus, Option<&str>)] = match demo.status {
                CooperativeStatus::Submitted => &[(CooperativeStatus::Submitted, None)],
                CooperativeStatus::Verified => &[
                    (CooperativeStatus::Submitted, None),
                    (CooperativeStatus::Verified, None),
                ],
                CooperativeStatus::Returned => &[
                    (CooperativeStatus::Submitted, None),
                    (
                        CooperativeStatus::Returned,
                        Some("Nomor badan hukum belum diisi. Lengkapi dari akta notaris."),
                    ),
                ],
                CooperativeStatus::Draft => &[],
            };
            for (to, reasons) in steps {
                let from = [
                    CooperativeStatus::Draft,
                    CooperativeStatus::Submitted,
                    CooperativeStatus::Returned,
                ];
                cooperatives::transition(&mut tx, &id, &from, *to, admin, *reasons).await?;
                let action = match to {
                    CooperativeStatus::Submitted => "cooperative.submitted",
                    CooperativeStatus::Verified => "cooperative.verified",
                    _ => "cooperative.returned",
                };
                crate::audit::record(&mut tx, step(action, *reasons)).await?;
            }
        }
    }
    tx.commit().await?;
    tracing::info!(set = DATA_SET, "loaded demo data");
    Ok(true)
}

async fn load_members(db: &Db, vault: &Vault) -> anyhow::Result<bool> {
    let mut tx = db.writer.begin().await?;
    if !seed::claim(&mut tx, MEMBERS_DATA_SET).await? {
        return Ok(false);
    }
    let (cooperative_id, recorder) = cangkuang_wetan_chair(&mut tx).await?;
    let hash = tokio::task::spawn_blocking(|| hash_password(PASSWORD)).await??;
    let today = today();
    for (nik, name, phone) in MEMBERS {
        let registration = MemberRegistration {
            nik: (*nik).to_owned(),
            name: (*name).to_owned(),
            address: Some("Kp. Cangkuang, Desa Cangkuang Wetan".to_owned()),
            phone: phone.map(str::to_owned),
            join_date: Date::new(2025, 8, 17)?,
            consent_notice_version: CONSENT_NOTICE_VERSION.to_owned(),
            create_account: phone.is_some(),
        };
        let valid = registration
            .parse(today)
            .map_err(|e| anyhow::anyhow!("demo member {name} is invalid: {e:?}"))?;
        let user = match phone {
            Some(phone) => Some(activated_account(&mut tx, phone, name, &hash).await?),
            None => None,
        };
        let id = uuid::Uuid::now_v7().to_string();
        members::insert(
            &mut tx,
            vault,
            NewMember {
                id: &id,
                cooperative_id: &cooperative_id,
                user_id: user.as_deref(),
                valid: &valid,
                consent_notice_version: CONSENT_NOTICE_VERSION,
                recorded_by: &recorder,
            },
        )
        .await?;
        audit::record(
            &mut tx,
            audit::Entry {
                actor: Some(&recorder),
                action: "member.registered",
                entity: "member",
                entity_id: &id,
                cooperative_id: Some(&cooperative_id),
                details: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(set = MEMBERS_DATA_SET, "loaded demo members");
    Ok(true)
}

/// Cangkuang Wetan, where the demo's members live, and its chair, who records for it.
pub(crate) async fn cangkuang_wetan_chair(
    conn: &mut AnyConnection,
) -> Result<(String, String), sqlx::Error> {
    sqlx::query_as(
        "SELECT o.cooperative_id, o.user_id FROM officers o JOIN cooperatives c ON c.id = o.cooperative_id \
         WHERE c.village_code = '32.04.12.2003' AND o.position = 'ketua' AND o.organ = 'pengurus'",
    )
    .fetch_one(conn)
    .await
}

async fn activated_account(
    conn: &mut AnyConnection,
    phone: &str,
    name: &str,
    hash: &str,
) -> anyhow::Result<String> {
    let phone = Phone::parse(phone)?;
    let (id, _code) = accounts::create_in(conn, &phone, name, None).await?;
    sqlx::query("UPDATE users SET password_hash = $2, activated_at = $3 WHERE id = $1")
        .bind(&id)
        .bind(hash)
        .bind(now_millis())
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM activation_codes WHERE user_id = $1")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

async fn load_units(db: &Db) -> anyhow::Result<bool> {
    let mut tx = db.writer.begin().await?;
    if !seed::claim(&mut tx, UNITS_DATA_SET).await? {
        return Ok(false);
    }
    let today = today();
    for DemoUnit {
        village,
        kind,
        kbli,
        name,
        status,
        opened,
    } in UNITS
    {
        let (cooperative_id, recorder): (String, String) = sqlx::query_as(
            "SELECT o.cooperative_id, o.user_id FROM officers o \
             JOIN cooperatives c ON c.id = o.cooperative_id \
             WHERE c.village_code = $1 AND o.position = 'ketua' AND o.organ = 'pengurus'",
        )
        .bind(*village)
        .fetch_one(&mut *tx)
        .await?;
        let details = UnitDetails {
            kind: *kind,
            kbli: (*kbli).to_owned(),
            name: (*name).to_owned(),
            status: *status,
            opened_on: opened.map(|(y, m, d)| Date::new(y, m, d)).transpose()?,
        };
        let errors = details.validate(today);
        anyhow::ensure!(errors.is_empty(), "demo unit {name} is invalid: {errors:?}");
        let id = uuid::Uuid::now_v7().to_string();
        units::insert(&mut tx, &id, &cooperative_id, &details, &recorder).await?;
        // Loaded after devices may have pulled: they must see the new units too.
        changes::record(&mut tx, changes::Entity::Unit, &id, &cooperative_id).await?;
    }
    tx.commit().await?;
    tracing::info!(set = UNITS_DATA_SET, "loaded demo business units");
    Ok(true)
}

async fn load_announcements(db: &Db) -> anyhow::Result<bool> {
    const DAY_MILLIS: i64 = 24 * 3600 * 1000;
    let mut tx = db.writer.begin().await?;
    if !seed::claim(&mut tx, ANNOUNCEMENTS_DATA_SET).await? {
        return Ok(false);
    }
    for demo in ANNOUNCEMENTS {
        let publisher: String = sqlx::query_scalar("SELECT id FROM users WHERE phone = $1")
            .bind(Phone::parse(demo.by)?.as_str())
            .fetch_one(&mut *tx)
            .await?;
        let cooperative_id: Option<String> = match demo.village {
            Some(village) => Some(
                sqlx::query_scalar("SELECT id FROM cooperatives WHERE village_code = $1")
                    .bind(village)
                    .fetch_one(&mut *tx)
                    .await?,
            ),
            None => None,
        };
        let input = AnnouncementInput {
            title: Text {
                id: demo.title.0.to_owned(),
                en: demo.title.1.to_owned(),
            },
            body: Text {
                id: demo.body.0.to_owned(),
                en: demo.body.1.to_owned(),
            },
            region: demo.region.map(str::to_owned),
            cooperative_id,
            pinned: demo.pinned,
            publish_on: None,
            expires_on: demo
                .days
                .map(|days| Date::in_wib(now_millis() + days * DAY_MILLIS).to_string()),
            image: None,
        };
        let new = input.parse(today()).map_err(|e| {
            anyhow::anyhow!("demo announcement {:?} is invalid: {e:?}", demo.title.0)
        })?;
        announcements::insert(&mut tx, &uuid::Uuid::now_v7().to_string(), &new, &publisher).await?;
    }
    tx.commit().await?;
    tracing::info!(set = ANNOUNCEMENTS_DATA_SET, "loaded demo announcements");
    Ok(true)
}
