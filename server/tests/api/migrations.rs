use kopdes_server::config::Config;
use kopdes_server::db::Db;
use kopdes_server::seed::{self, SeedSet};
use kopdes_server::startup::Application;

use crate::helpers::{Backend, TestDatabase};
use crate::on_both_backends;

on_both_backends!(
    a_second_start_on_a_migrated_database_changes_nothing,
    a_data_set_is_loaded_once,
    a_failing_data_set_leaves_no_trace,
);

async fn a_second_start_on_a_migrated_database_changes_nothing(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let mut config = Config::for_database(&database.url);
    config.seed_demo = true;

    let first = Application::build(&config).await.expect("first start");
    let version = first.db().migration_version().await.expect("version");
    first.db().pool.close().await;
    drop(first);
    let second = Application::build(&config).await.expect("second start");

    assert_eq!(
        second.db().migration_version().await.expect("version"),
        version
    );
    assert_eq!(version, second.db().latest_known_migration());
}

const COUNTED: &[SeedSet] = &[SeedSet {
    name: "test-counted",
    statements: &[
        "CREATE TABLE seeded (n BIGINT NOT NULL)",
        "INSERT INTO seeded (n) VALUES (1)",
    ],
}];

async fn a_data_set_is_loaded_once(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let db = Db::connect(&database.url, 2).await.expect("connect");

    assert_eq!(
        seed::load(&db, COUNTED).await.expect("load"),
        ["test-counted"]
    );
    assert!(seed::load(&db, COUNTED).await.expect("reload").is_empty());

    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seeded")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    assert_eq!(rows, 1);
}

async fn a_failing_data_set_leaves_no_trace(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let db = Db::connect(&database.url, 2).await.expect("connect");
    let broken = [SeedSet {
        name: "test-broken",
        statements: &[
            "CREATE TABLE half (n BIGINT)",
            "INSERT INTO no_such_table VALUES (1)",
        ],
    }];

    assert!(seed::load(&db, &broken).await.is_err());

    let recorded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM seed_runs WHERE name = 'test-broken'")
            .fetch_one(&db.pool)
            .await
            .expect("count");
    assert_eq!(recorded, 0, "a failed set must not be marked as loaded");
    let half_table = sqlx::query("SELECT COUNT(*) FROM half")
        .fetch_one(&db.pool)
        .await;
    assert!(
        half_table.is_err(),
        "statements of a failed set must be rolled back"
    );
}

#[tokio::test]
async fn sqlite_runs_with_wal_full_sync_and_foreign_keys() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let db = Db::connect(&database.url, 2).await.expect("connect");
    let mut conn = db.pool.acquire().await.expect("connection");

    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await
        .expect("journal_mode");
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await
        .expect("synchronous");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await
        .expect("foreign_keys");

    assert_eq!(journal, "wal");
    assert_eq!(synchronous, 2, "2 is FULL");
    assert_eq!(foreign_keys, 1);
}
