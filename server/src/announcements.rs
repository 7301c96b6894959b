//! Stored announcements and who has read them (see `routes::announcements`).

use std::collections::HashSet;

use kopdes_domain::announcement::{Announcement, Audience, NewAnnouncement};
use kopdes_domain::form::Text;
use kopdes_domain::region::RegionCode;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::cooperatives::{date, decode_error};
use crate::db::Db;

fn announcement(row: &AnyRow) -> Result<Announcement, sqlx::Error> {
    let region: Option<String> = row.try_get("region")?;
    Ok(Announcement {
        id: row.try_get("id")?,
        title: Text {
            id: row.try_get("title_id")?,
            en: row.try_get("title_en")?,
        },
        body: Text {
            id: row.try_get("body_id")?,
            en: row.try_get("body_en")?,
        },
        region: region
            .map(|r| RegionCode::parse(&r).map_err(|_| decode_error("region", &r)))
            .transpose()?,
        cooperative_id: row.try_get("cooperative_id")?,
        pinned: row.try_get::<i64, _>("pinned")? != 0,
        publish_on: date(row, "publish_on")?.ok_or_else(|| decode_error("publish_on", ""))?,
        expires_on: date(row, "expires_on")?,
        published_by: row.try_get("published_by_name")?,
        read: false,
        image: match row.try_get::<Option<String>, _>("image")? {
            Some(hash) => Some(kopdes_domain::course::MediaRef {
                hash,
                bytes: row.try_get::<i64, _>("image_size")? as u64,
                width: row.try_get::<i64, _>("image_width")? as u32,
                height: row.try_get::<i64, _>("image_height")? as u32,
            }),
            None => None,
        },
    })
}

#[tracing::instrument(name = "announcements.insert", skip_all)]
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    new: &NewAnnouncement,
    published_by: &str,
) -> Result<(), sqlx::Error> {
    let (region, cooperative) = match &new.audience {
        Audience::Country => (None, None),
        Audience::Region(code) => (Some(code.to_string()), None),
        Audience::Cooperative(id) => (None, Some(id.clone())),
    };
    sqlx::query(
        "INSERT INTO announcements (id, title_id, title_en, body_id, body_en, region, \
         cooperative_id, pinned, publish_on, expires_on, published_by, created_at, image) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id)
    .bind(&new.title.id)
    .bind(&new.title.en)
    .bind(&new.body.id)
    .bind(&new.body.en)
    .bind(region)
    .bind(cooperative)
    .bind(i64::from(new.pinned))
    .bind(new.publish_on.to_string())
    .bind(new.expires_on.map(|d| d.to_string()))
    .bind(published_by)
    .bind(now_millis())
    .bind(new.image.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

const SELECT: &str = "SELECT a.id, a.title_id, a.title_en, a.body_id, a.body_en, a.region, \
     a.cooperative_id, a.pinned, a.publish_on, a.expires_on, u.name AS published_by_name, \
     a.image, m.size AS image_size, m.width AS image_width, m.height AS image_height \
     FROM announcements a JOIN users u ON u.id = a.published_by \
     LEFT JOIN media m ON m.hash = a.image";

/// Every announcement, each with whether `reader` has read it. Announcements are few (a few
/// per office per month), so the caller's view is chosen in Rust, by the shared rules.
#[tracing::instrument(name = "announcements.all", skip(db))]
pub async fn all(db: &Db, reader: &str) -> Result<Vec<Announcement>, sqlx::Error> {
    let rows = sqlx::query(SELECT).fetch_all(&db.pool).await?;
    let read: HashSet<String> =
        sqlx::query_scalar("SELECT announcement_id FROM announcement_reads WHERE user_id = $1")
            .bind(reader)
            .fetch_all(&db.pool)
            .await?
            .into_iter()
            .collect();
    rows.iter()
        .map(|row| {
            announcement(row).map(|mut a| {
                a.read = read.contains(&a.id);
                a
            })
        })
        .collect()
}

/// One announcement, with whether `reader` has read it.
#[tracing::instrument(name = "announcements.find", skip(db))]
pub async fn find(db: &Db, id: &str, reader: &str) -> Result<Option<Announcement>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE a.id = $1");
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let mut found = announcement(&row)?;
    found.read = sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM announcement_reads WHERE announcement_id = $1 AND user_id = $2",
    )
    .bind(id)
    .bind(reader)
    .fetch_one(&db.pool)
    .await?
        > 0;
    Ok(Some(found))
}

/// Marks it read for `reader`, once however often it is asked.
#[tracing::instrument(name = "announcements.mark_read", skip(db))]
pub async fn mark_read(db: &Db, id: &str, reader: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO announcement_reads (announcement_id, user_id, read_at) VALUES ($1, $2, $3) \
         ON CONFLICT (announcement_id, user_id) DO NOTHING",
    )
    .bind(id)
    .bind(reader)
    .bind(now_millis())
    .execute(&db.writer)
    .await?;
    Ok(())
}
