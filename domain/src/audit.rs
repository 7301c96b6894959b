//! The audit trail as people read it: who did what, to which record, when.

use serde::{Deserialize, Serialize};

/// One entry of `GET /api/audit`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: String,
    /// Milliseconds since the Unix epoch.
    pub at: i64,
    /// None: the operator, on the server's command line, or the system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    /// What was done, `entity.verb` (`cooperative.returned`, `member.viewed`, ...).
    pub action: String,
    /// The kind of record (`cooperative`, `member`, `officer`, `user`, ...) and its id.
    pub entity: String,
    pub entity_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooperative_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cooperative_name: Option<String>,
    /// Why, when the action has a reason a person wrote (a cooperative returned, an account
    /// disabled): kept in the history after the record moves on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reasons: Option<String>,
    /// The entry's other details, as JSON text (never a full NIK or a password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

/// One page of the trail, newest first; `next` continues it (pass it as `before`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The groups of actions a reader filters by, and the prefix each stands for.
pub const ACTION_GROUPS: [&str; 9] = [
    "cooperative.",
    "member.",
    "officer.",
    "unit.",
    "account.",
    "staff.",
    "form.",
    "course.",
    "announcement.",
];
