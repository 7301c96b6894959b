//! Registering a cooperative with its chair: the one sequence of writes behind the
//! registration form and the registry import, in the caller's transaction. Finding or making
//! the chair's account, and deciding who may, stay with the caller.

use kopdes_domain::cooperative::{Scheme, name_lacks_village};
use kopdes_domain::officer::{MAX_TERM_YEARS, Organ, Position};
use kopdes_domain::region::RegionCode;
use serde_json::json;
use sqlx::AnyConnection;

use crate::accounts;
use crate::audit::{self, Entry};
use crate::changes::{self, Entity};
use crate::clock::today;
use crate::cooperatives::{self, NewCooperative, NewOfficer};

pub struct Registration<'a> {
    pub village: &'a RegionCode,
    pub village_name: &'a str,
    pub scheme: Scheme,
    pub name: &'a str,
    /// The chair's account.
    pub ketua_id: &'a str,
    pub registered_by: &'a str,
    /// How an import brought it (`{line, by}`), for the audit trail; none from the form.
    pub imported: Option<serde_json::Value>,
}

/// What was made: the cooperative and the chair's term.
pub struct Registered {
    pub id: String,
    pub ketua_officer_id: String,
}

/// A draft cooperative in the village, its chair's five-year term as ketua, the audit entries
/// (the cooperative's and the chair's account history) and the change-log entries for pulls.
#[tracing::instrument(name = "cooperatives.register", skip_all)]
pub async fn register_in(
    conn: &mut AnyConnection,
    r: Registration<'_>,
) -> Result<Registered, sqlx::Error> {
    let id = uuid::Uuid::now_v7().to_string();
    cooperatives::insert(
        conn,
        NewCooperative {
            id: &id,
            village: r.village,
            scheme: r.scheme,
            name: r.name,
            created_by: r.registered_by,
        },
    )
    .await?;
    let start = today();
    let ketua_officer_id = cooperatives::insert_officer(
        conn,
        NewOfficer {
            cooperative_id: &id,
            user_id: r.ketua_id,
            organ: Organ::Pengurus,
            position: Position::Ketua,
            term_start: start,
            term_end: start.add_years(MAX_TERM_YEARS),
            created_by: r.registered_by,
        },
    )
    .await?;
    let mut details = json!({
        "village": r.village.as_str(),
        "scheme": r.scheme.as_str(),
        "ketua_user_id": r.ketua_id,
        "name_lacks_village": name_lacks_village(r.name, r.village_name),
    });
    let mut appointed = json!({ "cooperative_id": id, "officer_id": ketua_officer_id });
    if let Some(imported) = r.imported {
        details["imported"] = imported;
        appointed["imported"] = json!(true);
    }
    audit::record(
        conn,
        Entry {
            actor: Some(r.registered_by),
            action: "cooperative.registered",
            entity: "cooperative",
            entity_id: &id,
            cooperative_id: Some(&id),
            details: Some(details),
        },
    )
    .await?;
    accounts::record(
        conn,
        r.registered_by,
        "account.appointed",
        r.ketua_id,
        Some(appointed),
    )
    .await?;
    changes::record(conn, Entity::Cooperative, &id, &id).await?;
    changes::record(conn, Entity::Officer, &ketua_officer_id, &id).await?;
    Ok(Registered {
        id,
        ketua_officer_id,
    })
}
