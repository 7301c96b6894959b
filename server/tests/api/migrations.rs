use kopdes_server::db::Db;
use kopdes_server::startup::Application;
use kopdes_server::{demo, regions, seed};

use crate::helpers::{Backend, TestDatabase, test_config};
use crate::on_both_backends;

on_both_backends!(
    a_second_start_on_a_migrated_database_changes_nothing,
    a_data_set_is_loaded_once,
    a_failing_data_set_leaves_no_trace,
);

async fn a_second_start_on_a_migrated_database_changes_nothing(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let mut config = test_config(&database.url);
    config.seed_demo = true;

    let first = Application::build(&config).await.expect("first start");
    let version = first.db().migration_version().await.expect("version");
    first.db().close().await;
    drop(first);
    let second = Application::build(&config).await.expect("second start");

    assert_eq!(
        second.db().migration_version().await.expect("version"),
        version
    );
    assert_eq!(version, second.db().latest_known_migration());
}

async fn a_data_set_is_loaded_once(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let db = Db::connect(&database.url, 2).await.expect("connect");

    assert!(regions::load(&db).await.expect("regions"));
    let vault = kopdes_server::vault::Vault::new([1; 32]);
    assert!(demo::load(&db, &vault).await.expect("demo"));
    let count = |table: &'static str| {
        let db = &db;
        async move {
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {table}"
            )))
            .fetch_one(&db.pool)
            .await
            .expect("count")
        }
    };
    let (users, units) = (count("users").await, count("business_units").await);
    let announcements = count("announcements").await;
    let (courses, lessons) = (count("course_versions").await, count("lessons").await);
    assert!(!regions::load(&db).await.expect("regions again"));
    assert!(!demo::load(&db, &vault).await.expect("demo again"));

    assert!(users > 0);
    assert_eq!(units, 6, "the demo's business units");
    assert_eq!(
        announcements, 4,
        "one per audience: country, province, regency, cooperative"
    );
    assert_eq!(count("users").await, users);
    assert_eq!(count("business_units").await, units);
    assert_eq!(count("announcements").await, announcements);
    assert_eq!(courses, 3, "the demo's three courses, published once");
    assert_eq!(lessons, 12);
    assert_eq!(count("course_versions").await, courses);
}

async fn a_failing_data_set_leaves_no_trace(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let db = Db::connect(&database.url, 2).await.expect("connect");

    let mut tx = db.writer.begin().await.expect("transaction");
    assert!(seed::claim(&mut tx, "test-set").await.expect("claim"));
    sqlx::query("INSERT INTO no_such_table VALUES (1)")
        .execute(&mut *tx)
        .await
        .expect_err("the load fails half-way");
    tx.rollback().await.expect("rollback");

    let mut tx = db.writer.begin().await.expect("transaction");
    assert!(
        seed::claim(&mut tx, "test-set").await.expect("claim"),
        "a set whose load failed is loaded again on the next start"
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
