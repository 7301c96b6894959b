//! What the Si Kopdes browser app and server agree on.
//!
//! Everything here runs in both places, so a rule written once is checked identically offline in the
//! browser and again on the server, which never trusts the client. No I/O lives here.

pub mod account;
pub mod announcement;
pub mod api;
pub mod audit;
pub mod authority;
pub mod cooperative;
pub mod course;
pub mod csv;
pub mod dashboard;
pub mod date;
pub mod event;
pub mod form;
pub mod format;
pub mod import;
pub mod lang;
pub mod member;
pub mod nik;
pub mod officer;
#[cfg(feature = "openapi")]
mod openapi;
pub mod pattern;
pub mod phone;
pub mod photo;
pub mod region;
pub mod registry;
pub mod savings;
pub mod staff;
pub mod sync;
pub mod text;
pub mod unit;

pub use lang::Lang;
