//! Published forms and their responses: queries only. Who may run them is decided by the routes.

use std::collections::BTreeMap;

use kopdes_domain::date::Date;
use kopdes_domain::form::{
    Answer, FormResponse, FormSpec, Kind, PublishedForm, RegionCount, StoredResponse,
    monthly_unit_report,
};
use kopdes_domain::nik::mask;
use kopdes_domain::region::RegionCode;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::db::Db;
use crate::seed;
use crate::vault::{Place, Vault};

const COLUMNS: &str = "id, spec, scope, deadline, published_at";

fn bad(column: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("stored {column} is not valid").into())
}

fn form(row: &AnyRow) -> Result<PublishedForm, sqlx::Error> {
    let spec: String = row.try_get("spec")?;
    let scope: Option<String> = row.try_get("scope")?;
    let deadline: Option<String> = row.try_get("deadline")?;
    Ok(PublishedForm {
        id: row.try_get("id")?,
        spec: serde_json::from_str(&spec).map_err(|_| bad("spec"))?,
        scope: scope
            .map(|s| RegionCode::parse(&s).map_err(|_| bad("scope")))
            .transpose()?,
        deadline: deadline
            .map(|d| d.parse::<Date>().map_err(|_| bad("deadline")))
            .transpose()?,
        published_at: row.try_get("published_at")?,
    })
}

/// Every published form, newest version of each key last. The table holds what the ministry
/// and dinas publish: hundreds of rows, not millions, so scope is decided in Rust.
#[tracing::instrument(name = "forms.all", skip(db))]
pub async fn all(db: &Db) -> Result<Vec<PublishedForm>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM forms ORDER BY form_key, version");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(form).collect()
}

/// The newest version of each published form, by key.
pub async fn newest(db: &Db) -> Result<Vec<PublishedForm>, sqlx::Error> {
    let mut newest: Vec<PublishedForm> = Vec::new();
    for form in all(db).await? {
        // Ordered by key and version: a later row of the same key replaces the earlier.
        match newest.last_mut() {
            Some(last) if last.spec.key == form.spec.key => *last = form,
            _ => newest.push(form),
        }
    }
    Ok(newest)
}

#[tracing::instrument(name = "forms.find", skip(conn))]
pub async fn find(
    conn: &mut AnyConnection,
    id: &str,
) -> Result<Option<PublishedForm>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM forms WHERE id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|r| form(&r))
        .transpose()
}

/// The highest version published under `key`, if any.
pub async fn latest_version(db: &Db, key: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(version) FROM forms WHERE form_key = $1")
        .bind(key)
        .fetch_one(&db.pool)
        .await
}

pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    spec: &FormSpec,
    scope: Option<&RegionCode>,
    deadline: Option<Date>,
    published_by: Option<&str>,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(spec).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO forms (id, form_key, version, spec, scope, deadline, published_at, published_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(&spec.key)
    .bind(i64::from(spec.version))
    .bind(json)
    .bind(scope.map(|s| s.as_str().to_owned()))
    .bind(deadline.map(|d| d.to_string()))
    .bind(now_millis())
    .bind(published_by)
    .execute(conn)
    .await?;
    Ok(())
}

/// The forms every installation has from its first start, published nationally.
pub async fn load_built_in(db: &Db) -> anyhow::Result<()> {
    let spec = monthly_unit_report();
    let mut tx = db.writer.begin().await?;
    if seed::claim(&mut tx, &format!("form:{}:v{}", spec.key, spec.version)).await? {
        let id = uuid::Uuid::now_v7().to_string();
        insert(&mut tx, &id, &spec, None, None, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// NIKs answered in a form, sealed like members' NIKs: field name -> sealed number.
pub type SealedNiks = BTreeMap<String, String>;

/// Takes the NIK answers out of a response: the answers keep them masked to the last four
/// digits (what members, pengawas and admins see), the sealed map keeps the numbers.
pub fn seal_niks(
    vault: &Vault,
    id: &str,
    spec: &FormSpec,
    mut response: FormResponse,
) -> (FormResponse, SealedNiks) {
    let mut sealed = SealedNiks::new();
    for field in spec.fields.iter().filter(|f| matches!(f.kind, Kind::Nik)) {
        if let Some(Answer::One(nik)) = response.answers.get_mut(&field.name) {
            let place = Place::FormAnswer(id, &field.name);
            sealed.insert(field.name.clone(), vault.seal(place, nik));
            *nik = mask(nik);
        }
    }
    (response, sealed)
}

pub async fn insert_response(
    conn: &mut AnyConnection,
    id: &str,
    response: &FormResponse,
    sealed: &SealedNiks,
    submitted_by: &str,
    late: bool,
) -> Result<(), sqlx::Error> {
    let answers =
        serde_json::to_string(&response.answers).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let sealed = serde_json::to_string(sealed).map_err(|e| sqlx::Error::Encode(e.into()))?;
    sqlx::query(
        "INSERT INTO form_responses (id, form_id, cooperative_id, unit_id, answers, received_at, \
         submitted_by, late, sealed_niks) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(&response.form_id)
    .bind(&response.cooperative_id)
    .bind(response.unit_id.as_deref())
    .bind(answers)
    .bind(now_millis())
    .bind(submitted_by)
    .bind(i64::from(late))
    .bind(sealed)
    .execute(conn)
    .await?;
    Ok(())
}

/// Seals the NIK answers of responses stored before NIKs in forms were sealed, a batch at a
/// time; run at start. Returns how many responses it sealed.
#[tracing::instrument(name = "forms.seal_stored_niks", skip_all)]
pub async fn seal_stored_niks(db: &Db, vault: &Vault) -> anyhow::Result<u64> {
    let mut done = 0;
    loop {
        let sql = format!(
            "SELECT {RESPONSE_COLUMNS}, f.spec FROM form_responses fr \
             JOIN forms f ON f.id = fr.form_id WHERE fr.sealed_niks IS NULL LIMIT 200"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&db.pool)
            .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut tx = db.writer.begin().await?;
        for row in &rows {
            let stored = response(row)?;
            let spec: String = row.try_get("spec")?;
            let spec: FormSpec = serde_json::from_str(&spec).map_err(|_| bad("spec"))?;
            let (clean, sealed) = seal_niks(vault, &stored.id, &spec, stored.response);
            sqlx::query(
                "UPDATE form_responses SET answers = $2, sealed_niks = $3 \
                 WHERE id = $1 AND sealed_niks IS NULL",
            )
            .bind(&stored.id)
            .bind(serde_json::to_string(&clean.answers)?)
            .bind(serde_json::to_string(&sealed)?)
            .execute(&mut *tx)
            .await?;
            done += 1;
        }
        tx.commit().await?;
    }
}

pub async fn response_exists(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM form_responses WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Puts the full NIKs back into a response read by someone who may see them.
fn reveal(row: &AnyRow, vault: &Vault, stored: &mut StoredResponse) -> Result<(), sqlx::Error> {
    let sealed: Option<String> = row.try_get("sealed_niks")?;
    let sealed: SealedNiks = match sealed {
        Some(text) => serde_json::from_str(&text).map_err(|_| bad("sealed_niks"))?,
        None => return Ok(()),
    };
    for (field, value) in sealed {
        let nik = vault
            .open(Place::FormAnswer(&stored.id, &field), &value)
            .map_err(|e| sqlx::Error::Decode(e.into()))?;
        stored.response.answers.insert(field, Answer::One(nik));
    }
    Ok(())
}

fn response(row: &AnyRow) -> Result<StoredResponse, sqlx::Error> {
    let answers: String = row.try_get("answers")?;
    let late: i64 = row.try_get("late")?;
    Ok(StoredResponse {
        id: row.try_get("id")?,
        response: FormResponse {
            form_id: row.try_get("form_id")?,
            cooperative_id: row.try_get("cooperative_id")?,
            unit_id: row.try_get("unit_id")?,
            answers: serde_json::from_str(&answers).map_err(|_| bad("answers"))?,
        },
        received_at: row.try_get("received_at")?,
        late: late != 0,
    })
}

const RESPONSE_COLUMNS: &str = "fr.id, fr.form_id, fr.cooperative_id, fr.unit_id, fr.answers, \
     fr.received_at, fr.late, fr.sealed_niks";

/// One cooperative's responses to a form, oldest first; NIK answers in full with `reveal`,
/// else masked.
#[tracing::instrument(name = "forms.responses_of", skip(db, reveal))]
pub async fn responses_of(
    db: &Db,
    form_id: &str,
    cooperative_id: &str,
    reveal: Option<&Vault>,
) -> Result<Vec<StoredResponse>, sqlx::Error> {
    let sql = format!(
        "SELECT {RESPONSE_COLUMNS} FROM form_responses fr \
         WHERE fr.form_id = $1 AND fr.cooperative_id = $2 ORDER BY fr.received_at, fr.id"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(form_id)
        .bind(cooperative_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            let mut stored = response(row)?;
            if let Some(vault) = reveal {
                self::reveal(row, vault, &mut stored)?;
            }
            Ok(stored)
        })
        .collect()
}

/// A response with where it came from, for the CSV export.
pub struct ExportRow {
    pub response: StoredResponse,
    pub cooperative_name: String,
    pub village: String,
}

/// Every response to a form from cooperatives inside `within` (everywhere when `None`).
#[tracing::instrument(name = "forms.export", skip(db))]
pub async fn export(
    db: &Db,
    form_id: &str,
    within: Option<&RegionCode>,
) -> Result<Vec<ExportRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {RESPONSE_COLUMNS}, c.name AS cooperative_name, c.village_code \
         FROM form_responses fr JOIN cooperatives c ON c.id = fr.cooperative_id \
         WHERE fr.form_id = $1 AND (c.village_code = $2 OR c.village_code LIKE $3) \
         ORDER BY c.village_code, fr.received_at, fr.id"
    );
    let (exact, prefix) = match within {
        Some(region) => (region.as_str().to_owned(), format!("{}.%", region.as_str())),
        None => (String::new(), "%".to_owned()),
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(form_id)
        .bind(exact)
        .bind(prefix)
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(ExportRow {
                response: response(row)?,
                cooperative_name: row.try_get("cooperative_name")?,
                village: row.try_get("village_code")?,
            })
        })
        .collect()
}

/// For each child region of `parent` (the provinces when `None`): its cooperatives, how many
/// of them answered the form, and how many responses came.
#[tracing::instrument(name = "forms.counts", skip(db))]
pub async fn counts(
    db: &Db,
    form_id: &str,
    parent: Option<&RegionCode>,
) -> Result<Vec<RegionCount>, sqlx::Error> {
    // A child's code is the first `width` characters of a village code below it.
    let width: i64 = match parent.map(|p| p.level().depth()) {
        None => 2,
        Some(1) => 5,
        Some(2) => 8,
        _ => 13,
    };
    let sql = "SELECT r.code, r.name, \
         (SELECT COUNT(*) FROM cooperatives c WHERE SUBSTR(c.village_code, 1, CAST($2 AS INTEGER)) = r.code) AS cooperatives, \
         (SELECT COUNT(DISTINCT fr.cooperative_id) FROM form_responses fr \
            JOIN cooperatives c ON c.id = fr.cooperative_id \
            WHERE fr.form_id = $1 AND SUBSTR(c.village_code, 1, CAST($2 AS INTEGER)) = r.code) AS responded, \
         (SELECT COUNT(*) FROM form_responses fr \
            JOIN cooperatives c ON c.id = fr.cooperative_id \
            WHERE fr.form_id = $1 AND SUBSTR(c.village_code, 1, CAST($2 AS INTEGER)) = r.code) AS responses \
         FROM regions r WHERE (r.parent_code = $3 OR ($3 IS NULL AND r.level = 1)) \
         ORDER BY r.name, r.code";
    let rows = sqlx::query(sql)
        .bind(form_id)
        .bind(width)
        .bind(parent.map(|p| p.as_str().to_owned()))
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            let code: String = row.try_get("code")?;
            Ok(RegionCount {
                region: RegionCode::parse(&code).map_err(|_| bad("region"))?,
                name: row.try_get("name")?,
                cooperatives: row.try_get("cooperatives")?,
                responded: row.try_get("responded")?,
                responses: row.try_get("responses")?,
            })
        })
        .collect()
}
