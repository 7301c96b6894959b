//! Stored photos and the cooperatives they were uploaded for (see `routes::photos`).

use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;

pub struct Photo {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Stores the photo unless it is there already; `true` when it was new.
#[tracing::instrument(name = "photos.insert", skip_all)]
pub async fn insert(
    conn: &mut AnyConnection,
    sha256: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO photos (sha256, content_type, bytes, size, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(content_type)
    .bind(bytes.to_vec())
    .bind(bytes.len() as i64)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that `cooperative_id` uses the photo (once, however often it is uploaded).
#[tracing::instrument(name = "photos.add_owner", skip_all)]
pub async fn add_owner(
    conn: &mut AnyConnection,
    sha256: &str,
    cooperative_id: &str,
    uploaded_by: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO photo_owners (sha256, cooperative_id, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (sha256, cooperative_id) DO NOTHING",
    )
    .bind(sha256)
    .bind(cooperative_id)
    .bind(uploaded_by)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// The cooperatives the photo was uploaded for; empty when there is no such photo.
#[tracing::instrument(name = "photos.owners", skip_all)]
pub async fn owners(conn: &mut AnyConnection, sha256: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT cooperative_id FROM photo_owners WHERE sha256 = $1")
        .bind(sha256)
        .fetch_all(conn)
        .await
}

#[tracing::instrument(name = "photos.find", skip_all)]
pub async fn find(conn: &mut AnyConnection, sha256: &str) -> Result<Option<Photo>, sqlx::Error> {
    let row = sqlx::query("SELECT content_type, bytes FROM photos WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(Photo {
            content_type: row.try_get("content_type")?,
            bytes: row.try_get("bytes")?,
        })
    })
    .transpose()
}
