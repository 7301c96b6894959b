//! The Si Kopdes server: a thin JSON API over sqlx plus the built browser app as static files.
//! A library with a small `main.rs`, so tests start the real application on port 0.

pub mod accounts;
pub mod announcements;
pub mod audit;
pub mod auth;
pub mod caller;
pub mod change_requests;
pub mod changes;
pub mod clock;
pub mod config;
pub mod cooperatives;
pub mod courses;
pub mod db;
pub mod demo;
pub mod demo_courses;
pub mod error;
pub mod events;
pub mod forms;
pub mod markdown;
pub mod media;
pub mod members;
pub mod photos;
pub mod reach;
pub mod regions;
pub mod routes;
pub mod secrets;
pub mod security;
pub mod seed;
pub mod sessions;
pub mod startup;
pub mod static_files;
pub mod sync_operations;
pub mod telemetry;
pub mod throttle;
pub mod units;
pub mod vault;
