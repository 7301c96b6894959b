//! Member records: queries only; the routes decide who sees what.

use kopdes_domain::member::{Member, MemberStatus, ValidMember};
use kopdes_domain::nik::Gender;
use kopdes_domain::phone::Phone;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::db::Db;
use crate::vault::{Place, Vault};

const COLUMNS: &str = "id, cooperative_id, user_id, nik_sealed, name, gender, birth_date, \
     address, phone, join_date, status, left_on, left_reason, version";

/// A stored member; the NIK stays sealed until [`StoredMember::reveal`].
pub struct StoredMember {
    pub user_id: Option<String>,
    nik_sealed: String,
    member: Member,
}

impl StoredMember {
    pub fn masked_cooperative_id(&self) -> String {
        self.member.cooperative_id.clone()
    }

    /// With the NIK masked to its last four digits and without gender and birth date (which
    /// would give the rest back): what lists, pengawas and admins get. Nothing of the number
    /// is stored in clear, so the mask is made from the sealed number.
    pub fn masked(self, vault: &Vault) -> anyhow::Result<Member> {
        let mut member = self.member;
        member.nik =
            kopdes_domain::nik::mask(&vault.open(Place::MemberNik(&member.id), &self.nik_sealed)?);
        member.gender = None;
        member.birth_date = None;
        Ok(member)
    }

    /// With the full NIK: for the member and their cooperative's pengurus only.
    pub fn reveal(self, vault: &Vault) -> anyhow::Result<Member> {
        let mut member = self.member;
        member.nik = vault.open(Place::MemberNik(&member.id), &self.nik_sealed)?;
        member.nik_masked = false;
        Ok(member)
    }
}

fn bad(column: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored {column} is not valid").into())
}

fn stored(row: &AnyRow) -> Result<StoredMember, sqlx::Error> {
    let date = |column: &str| -> Result<Option<kopdes_domain::date::Date>, sqlx::Error> {
        let text: Option<String> = row.try_get(column)?;
        text.map(|t| t.parse().map_err(|_| bad(column))).transpose()
    };
    let gender: String = row.try_get("gender")?;
    let status: String = row.try_get("status")?;
    let phone: Option<String> = row.try_get("phone")?;
    let user_id: Option<String> = row.try_get("user_id")?;
    Ok(StoredMember {
        nik_sealed: row.try_get("nik_sealed")?,
        member: Member {
            id: row.try_get("id")?,
            cooperative_id: row.try_get("cooperative_id")?,
            // Filled by `masked` or `reveal`, the only ways out.
            nik: String::new(),
            nik_masked: true,
            name: row.try_get("name")?,
            gender: Some(match gender.as_str() {
                "female" => Gender::Female,
                "male" => Gender::Male,
                _ => return Err(bad("gender")),
            }),
            birth_date: Some(date("birth_date")?.ok_or_else(|| bad("birth_date"))?),
            address: row.try_get("address")?,
            phone: phone
                .map(|p| Phone::parse(&p).map_err(|_| bad("phone")))
                .transpose()?,
            join_date: date("join_date")?.ok_or_else(|| bad("join_date"))?,
            status: match status.as_str() {
                "active" => MemberStatus::Active,
                "left" => MemberStatus::Left,
                _ => return Err(bad("status")),
            },
            left_on: date("left_on")?,
            left_reason: row.try_get("left_reason")?,
            has_account: user_id.is_some(),
            version: row.try_get("version")?,
        },
        user_id,
    })
}

/// Whether an active member anywhere in the programme has this NIK, by its keyed hash under
/// every key held (one stored under a key being rotated away from is found too).
pub async fn nik_is_active(
    conn: &mut AnyConnection,
    vault: &Vault,
    nik: &str,
) -> Result<bool, sqlx::Error> {
    for hash in vault.lookup_hashes(nik) {
        let found: Option<String> =
            sqlx::query_scalar("SELECT id FROM members WHERE nik_hash = $1 AND status = 'active'")
                .bind(hash)
                .fetch_optional(&mut *conn)
                .await?;
        if found.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

pub struct NewMember<'a> {
    pub id: &'a str,
    pub cooperative_id: &'a str,
    pub user_id: Option<&'a str>,
    pub valid: &'a ValidMember,
    pub consent_notice_version: &'a str,
    pub recorded_by: &'a str,
}

#[tracing::instrument(name = "members.insert", skip_all)]
pub async fn insert(
    conn: &mut AnyConnection,
    vault: &Vault,
    new: NewMember<'_>,
) -> Result<(), sqlx::Error> {
    let now = now_millis();
    let nik = new.valid.nik.expose();
    sqlx::query(
        "INSERT INTO members (id, cooperative_id, user_id, nik_sealed, nik_hash, name, \
         gender, birth_date, address, phone, join_date, status, consent_notice_version, consent_at, \
         consent_recorded_by, created_at, created_by, updated_at, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'active', $12, $13, $14, $13, $14, $13, 1)",
    )
    .bind(new.id)
    .bind(new.cooperative_id)
    .bind(new.user_id)
    .bind(vault.seal(Place::MemberNik(new.id), nik))
    .bind(vault.lookup_hash(nik))
    .bind(&new.valid.name)
    .bind(match new.valid.facts.gender {
        Gender::Female => "female",
        Gender::Male => "male",
    })
    .bind(new.valid.facts.birth_date.to_string())
    .bind(new.valid.address.as_deref())
    .bind(new.valid.phone.as_ref().map(|p| p.as_str().to_owned()))
    .bind(new.valid.join_date.to_string())
    .bind(new.consent_notice_version)
    .bind(now)
    .bind(new.recorded_by)
    .execute(conn)
    .await?;
    Ok(())
}

#[tracing::instrument(name = "members.find", skip(db))]
pub async fn find(db: &Db, id: &str) -> Result<Option<StoredMember>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM members WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| stored(&r))
        .transpose()
}

#[tracing::instrument(name = "members.of_user", skip_all)]
pub async fn of_user(db: &Db, user_id: &str) -> Result<Vec<StoredMember>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM members WHERE user_id = $1 ORDER BY join_date");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(stored).collect()
}

pub struct ListQuery<'a> {
    pub cooperative_id: &'a str,
    pub name: Option<&'a str>,
    pub status: Option<MemberStatus>,
    pub page: i64,
    pub per_page: i64,
}

/// One page of a cooperative's members by name, and how many match in all.
#[tracing::instrument(name = "members.list", skip_all)]
pub async fn list(db: &Db, query: ListQuery<'_>) -> Result<(Vec<StoredMember>, i64), sqlx::Error> {
    let pattern = format!(
        "%{}%",
        query
            .name
            .unwrap_or("")
            .trim()
            .to_lowercase()
            .replace(['%', '_'], "")
    );
    let status = query.status.map(|s| match s {
        MemberStatus::Active => "active",
        MemberStatus::Left => "left",
    });
    let filter = "cooperative_id = $1 AND LOWER(name) LIKE $2 AND ($3 IS NULL OR status = $3)";
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM members WHERE {filter}"
    )))
    .bind(query.cooperative_id)
    .bind(&pattern)
    .bind(status)
    .fetch_one(&db.pool)
    .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM members WHERE {filter} ORDER BY name, id LIMIT $4 OFFSET $5"
    )))
    .bind(query.cooperative_id)
    .bind(&pattern)
    .bind(status)
    .bind(query.per_page)
    .bind((query.page - 1).saturating_mul(query.per_page))
    .fetch_all(&db.pool)
    .await?;
    Ok((rows.iter().map(stored).collect::<Result<_, _>>()?, total))
}

/// Marks an active member as left, if still at `expected_version`; returns whether it did.
pub async fn leave(
    conn: &mut AnyConnection,
    id: &str,
    expected_version: i64,
    left_on: kopdes_domain::date::Date,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let updated = sqlx::query(
        "UPDATE members SET status = 'left', left_on = $3, left_reason = $4, updated_at = $5, \
         version = version + 1 WHERE id = $1 AND version = $2 AND status = 'active'",
    )
    .bind(id)
    .bind(expected_version)
    .bind(left_on.to_string())
    .bind(reason.trim())
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}
