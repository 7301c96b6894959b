//! Stored training events and registrations (see `routes::events`). Who has a seat is derived
//! from the order registrations reached the server (`domain::event::seat_or_wait`).

use kopdes_domain::event::{Attendee, Event, NewEvent, Standing, seat_or_wait};
use kopdes_domain::form::Text;
use kopdes_domain::region::RegionCode;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::clock::now_millis;
use crate::cooperatives::{date, decode_error};

/// An event as stored, before the caller's own standing is added.
pub struct Stored {
    pub event: Event,
    pub organiser_id: String,
}

fn stored(row: &AnyRow) -> Result<Stored, sqlx::Error> {
    let region: Option<String> = row.try_get("region")?;
    let minute: i64 = row.try_get("minute")?;
    Ok(Stored {
        organiser_id: row.try_get("organiser_id")?,
        event: Event {
            id: row.try_get("id")?,
            title: Text {
                id: row.try_get("title_id")?,
                en: row.try_get("title_en")?,
            },
            description: Text {
                id: row.try_get("description_id")?,
                en: row.try_get("description_en")?,
            },
            course_id: row.try_get("course_id")?,
            date: date(row, "event_date")?.ok_or_else(|| decode_error("event_date", ""))?,
            time: format!("{:02}:{:02}", minute / 60, minute % 60),
            place: row.try_get("place")?,
            online_url: row.try_get("online_url")?,
            capacity: row.try_get::<i64, _>("capacity")? as u32,
            register_until: date(row, "register_until")?
                .ok_or_else(|| decode_error("register_until", ""))?,
            region: region
                .map(|r| RegionCode::parse(&r).map_err(|_| decode_error("region", &r)))
                .transpose()?,
            organiser: row.try_get("organiser_name")?,
            seats_taken: 0,
            waiting: 0,
            mine: None,
            my_position: None,
            organises: false,
        },
    })
}

const COLUMNS: &str = "e.id, e.title_id, e.title_en, e.description_id, e.description_en, \
    e.course_id, e.event_date, e.minute, e.place, e.online_url, e.capacity, e.register_until, \
    e.region, e.organiser_id, u.name AS organiser_name";

#[tracing::instrument(name = "events.insert", skip_all)]
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    new: &NewEvent,
    organiser: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (id, title_id, title_en, description_id, description_en, course_id, \
         event_date, minute, place, online_url, capacity, register_until, region, organiser_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(id)
    .bind(&new.title.id)
    .bind(&new.title.en)
    .bind(&new.description.id)
    .bind(&new.description.en)
    .bind(new.course_id.as_deref())
    .bind(new.date.to_string())
    .bind(i64::from(new.minute))
    .bind(&new.place)
    .bind(&new.online_url)
    .bind(i64::from(new.capacity))
    .bind(new.register_until.to_string())
    .bind(new.region.as_ref().map(RegionCode::as_str))
    .bind(organiser)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Events from `from` on, soonest first.
#[tracing::instrument(name = "events.upcoming", skip_all)]
pub async fn upcoming(
    conn: &mut AnyConnection,
    from: kopdes_domain::date::Date,
) -> Result<Vec<Stored>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events e JOIN users u ON u.id = e.organiser_id \
         WHERE e.event_date >= $1 ORDER BY e.event_date, e.minute, e.id"
    )))
    .bind(from.to_string())
    .fetch_all(conn)
    .await?;
    rows.iter().map(stored).collect()
}

#[tracing::instrument(name = "events.find", skip_all)]
pub async fn find(conn: &mut AnyConnection, id: &str) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM events e JOIN users u ON u.id = e.organiser_id WHERE e.id = $1"
    )))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| stored(&row)).transpose()
}

/// The active registrations in the order they came: `(user_id, attended)`.
#[tracing::instrument(name = "events.queue", skip_all)]
pub async fn queue(
    conn: &mut AnyConnection,
    event_id: &str,
) -> Result<Vec<(String, bool)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT user_id, attended FROM event_registrations WHERE event_id = $1 AND active = 1 \
         ORDER BY registered_at, seq, user_id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("user_id")?,
                row.try_get::<i64, _>("attended")? != 0,
            ))
        })
        .collect()
}

/// Fills in the counts and the caller's standing from the queue.
pub fn with_standing(mut event: Event, queue: &[(String, bool)], caller: &str) -> Event {
    let capacity = event.capacity;
    event.seats_taken = queue.len().min(capacity as usize) as u32;
    event.waiting = queue.len().saturating_sub(capacity as usize) as u32;
    if let Some(at) = queue.iter().position(|(user, _)| user == caller) {
        let standing = seat_or_wait(capacity, at);
        event.mine = Some(standing);
        if standing == Standing::Waitlisted {
            event.my_position = Some((at - capacity as usize + 1) as u32);
        }
    }
    event
}

/// Whether the caller has a cancelled registration (to tell "cancelled" from "never").
#[tracing::instrument(name = "events.cancelled", skip_all)]
pub async fn has_cancelled(
    conn: &mut AnyConnection,
    event_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT active FROM event_registrations WHERE event_id = $1 AND user_id = $2",
    )
    .bind(event_id)
    .bind(user_id)
    .fetch_optional(conn)
    .await?;
    Ok(found == Some(0))
}

/// Registers (again at the end of the queue after a cancellation); nothing when already in it.
#[tracing::instrument(name = "events.register", skip_all)]
pub async fn register(
    conn: &mut AnyConnection,
    event_id: &str,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    let now = now_millis();
    let seq: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM event_registrations WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_one(&mut *conn)
    .await?;
    let updated = sqlx::query(
        "UPDATE event_registrations SET active = 1, registered_at = $3, seq = $4, cancelled_at = NULL \
         WHERE event_id = $1 AND user_id = $2 AND active = 0",
    )
    .bind(event_id)
    .bind(user_id)
    .bind(now)
    .bind(seq)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() == 0 {
        sqlx::query(
            "INSERT INTO event_registrations (event_id, user_id, active, registered_at, seq) \
             VALUES ($1, $2, 1, $3, $4) ON CONFLICT (event_id, user_id) DO NOTHING",
        )
        .bind(event_id)
        .bind(user_id)
        .bind(now)
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

#[tracing::instrument(name = "events.cancel", skip_all)]
pub async fn cancel(
    conn: &mut AnyConnection,
    event_id: &str,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE event_registrations SET active = 0, cancelled_at = $3 \
         WHERE event_id = $1 AND user_id = $2 AND active = 1",
    )
    .bind(event_id)
    .bind(user_id)
    .bind(now_millis())
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks attendance; `false` when the person is not registered.
#[tracing::instrument(name = "events.mark_attendance", skip_all)]
pub async fn mark_attendance(
    conn: &mut AnyConnection,
    event_id: &str,
    user_id: &str,
    attended: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE event_registrations SET attended = $3 WHERE event_id = $1 AND user_id = $2 AND active = 1",
    )
    .bind(event_id)
    .bind(user_id)
    .bind(i64::from(attended))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The people in the queue, with names and standing, for the organiser.
#[tracing::instrument(name = "events.attendees", skip_all)]
pub async fn attendees(
    conn: &mut AnyConnection,
    event_id: &str,
    capacity: u32,
) -> Result<Vec<(Attendee, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT r.user_id, u.name, r.attended FROM event_registrations r \
         JOIN users u ON u.id = r.user_id WHERE r.event_id = $1 AND r.active = 1 \
         ORDER BY r.registered_at, r.seq, r.user_id",
    )
    .bind(event_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .enumerate()
        .map(|(at, row)| {
            let user: String = row.try_get("user_id")?;
            Ok((
                Attendee {
                    user_id: user.clone(),
                    name: row.try_get("name")?,
                    cooperative: String::new(),
                    standing: seat_or_wait(capacity, at),
                    attended: row.try_get::<i64, _>("attended")? != 0,
                },
                user,
            ))
        })
        .collect()
}
