//! Integration tests: each starts the real server on port 0 against a real database.

mod helpers;

mod account_power;
mod accounts;
mod admission;
mod announcements;
mod authorization;
mod change_requests;
mod contention;
mod cooperatives;
mod courses;
mod crash;
mod cross_site;
mod dashboard;
mod data_key;
mod errors;
mod events;
mod existence;
mod forms;
mod health;
mod members;
mod migrations;
mod officers;
mod openapi;
mod photos;
mod plausibility;
mod process;
mod regions;
mod savings;
mod security_headers;
mod sign_in_limits;
mod static_files;
mod sync;
mod two_processes;
mod units;
