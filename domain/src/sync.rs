//! The sync protocol's messages (docs/SYNC.md). A device records each change as an
//! [`Operation`] with its own id and sends batches of them until the server has answered for
//! every one; the server applies each exactly once and keeps its [`Outcome`] under that id, so a
//! replay gets the same answer.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::cooperative::{Cooperative, CooperativeProfile};
use crate::course::{LessonDone, QuizAttempt};
use crate::event::Registration;
use crate::form::FormResponse;
use crate::member::OwnDataChange;
use crate::officer::Officer;
use crate::savings::EntryInput;
use crate::unit::Unit;

/// The most operations one push may carry; a longer outbox goes in several pushes.
pub const MAX_BATCH: usize = 100;

/// One change made on a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Operation {
    /// Made by the device (a UUID); the key that makes a replay harmless. Unique per account.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub id: String,
    /// The record the change is to.
    pub record_id: String,
    /// The version of the record the change was made on; `None` for a new record.
    pub base_version: Option<i64>,
    #[serde(flatten)]
    pub change: Change,
}

/// What an operation changes, by kind. New kinds are added here and on the server together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Change {
    /// The pengurus' edit of their cooperative's profile (draft or returned).
    CooperativeProfile(CooperativeProfile),
    /// A filled-in form; the record is the response, made on the device (`base_version` null).
    FormResponse(FormResponse),
    /// A member's request to change their own data; the record is the request, made on the
    /// device (`base_version` null). It waits for a pengurus to approve or reject it.
    MemberDataChange(OwnDataChange),
    /// A lesson read; the record is made on the device (`base_version` null).
    LessonDone(LessonDone),
    /// One attempt at a course's quiz, scored again by the server; the record is the attempt,
    /// made on the device (`base_version` null).
    QuizAttempt(QuizAttempt),
    /// A registration for a training event, or its cancellation; the record is made on the
    /// device (`base_version` null). The server gives a seat or a place in the queue.
    EventRegistration(Registration),
    /// A savings payment, withdrawal or reversal recorded by a pengurus; the record is the
    /// ledger entry, made on the device (`base_version` null).
    SavingsEntry(EntryInput),
}

/// `POST /api/sync/push`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushRequest {
    /// The account that made the operations. When given and not the signed-in one, the push is
    /// answered 401 and nothing is applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    pub operations: Vec<Operation>,
}

/// The answer to a push: one result per operation, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub results: Vec<OperationResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationResult {
    pub id: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What became of one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Done; the record is now at `version`.
    Applied { version: i64 },
    /// This id was answered before, with the same content: nothing was done again, and `of` is
    /// the first answer.
    Duplicate {
        // The first answer is never itself a duplicate; the description must not recurse.
        #[cfg_attr(feature = "openapi", schema(no_recursion))]
        of: Box<Outcome>,
    },
    /// The record changed since `base_version`: nothing was done, `server` is the record as it is
    /// now, for the person to choose (the choice is a new operation).
    Conflict { server: Box<Record> },
    /// Not done, and sending it again will not help: field errors to fix, or a refusal (`code`
    /// is an [`crate::api::ErrorCode`] name or `operation.id_reused`).
    Rejected {
        code: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        fields: Vec<FieldError>,
    },
}

/// A record as the server holds it: sent back with a conflict, and by pulls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Record {
    Cooperative(Cooperative),
    Unit(Unit),
    Officer(Officer),
}

/// `GET /api/sync/pull[?cursor=C]`: the records in the caller's scope that changed after the
/// cursor (without one: all of them), each as it is now, and the cursor for the next pull.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    /// Opaque: sent back as it is with the next pull.
    pub cursor: String,
    /// The records are the whole scope: drop every record of this account not among them (the
    /// first pull, or the caller's cooperatives changed).
    pub reset: bool,
    /// More changes wait: pull again at once with the new cursor.
    pub more: bool,
    pub records: Vec<Record>,
    /// Records that no longer exist: drop them from the device.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed>,
}

/// A tombstone: which record to drop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Removed {
    pub kind: String,
    pub id: String,
}

/// The most changes one pull reads from the log.
pub const PULL_PAGE: i64 = 200;

/// The code of a rejection for an id already used with other content.
pub const ID_REUSED: &str = "operation.id_reused";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_reads_as_documented() {
        let json = r#"{"id":"0193a1b2-0000-7000-8000-000000000001","record_id":"c1","base_version":3,
            "kind":"cooperative_profile","data":{"name":"Koperasi Desa Merah Putih Sukamaju",
            "legal_entity_number":null,"legal_entity_date":null,"nik_koperasi":null,"address":null,
            "established_on":"2025-07-21","phone":null,"email":null}}"#;
        let op: Operation = serde_json::from_str(json).unwrap();
        assert_eq!(op.base_version, Some(3));
        let Change::CooperativeProfile(profile) = &op.change else {
            panic!("a profile change");
        };
        assert_eq!(profile.name, "Koperasi Desa Merah Putih Sukamaju");
        let again: Operation = serde_json::from_str(&serde_json::to_string(&op).unwrap()).unwrap();
        assert_eq!(again, op);
    }

    #[test]
    fn outcomes_are_tagged_and_nest() {
        let duplicate = OperationResult {
            id: "a".into(),
            outcome: Outcome::Duplicate {
                of: Box::new(Outcome::Applied { version: 4 }),
            },
        };
        assert_eq!(
            serde_json::to_string(&duplicate).unwrap(),
            r#"{"id":"a","outcome":"duplicate","of":{"outcome":"applied","version":4}}"#
        );
        let rejected = Outcome::Rejected {
            code: ID_REUSED.into(),
            fields: vec![],
        };
        assert_eq!(
            serde_json::to_string(&rejected).unwrap(),
            r#"{"outcome":"rejected","code":"operation.id_reused"}"#
        );
    }
}
