//! The data key that seals NIKs belongs to its database: a server given none, or another one,
//! refuses to start and says what to restore, instead of failing on every NIK it reads.

use std::path::PathBuf;

use kopdes_server::startup::Application;

use crate::change_requests::member;
use crate::cooperatives::registered;
use crate::helpers::{Backend, TestApp, test_config};

const ANOTHER_KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/// Starts another server process on the app's database with the key settings changed.
async fn start_again(app: &TestApp, data_key: Option<&str>) -> anyhow::Result<Application> {
    let mut config = test_config(&app.database.url);
    config.data_key = data_key.map(str::to_owned);
    Application::build(&config).await
}

fn key_file(app: &TestApp) -> PathBuf {
    let path = app.database.url.trim_start_matches("sqlite://");
    PathBuf::from(path).with_file_name("kopdes.key")
}

#[tokio::test]
async fn a_lost_key_file_stops_the_server_and_is_not_replaced() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| config.data_key = None).await;
    let (_, ketua, cooperative) = registered(&app).await;
    member(
        &app,
        &ketua,
        &cooperative.id,
        "3204125512050003",
        "0813 2222 3333",
    )
    .await;
    let key = std::fs::read_to_string(key_file(&app)).expect("key file made on first start");
    assert!(start_again(&app, None).await.is_ok(), "the same key starts");

    std::fs::remove_file(key_file(&app)).expect("key file lost");
    let error = start_again(&app, None)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(
        error.contains("is missing") && error.contains("restore"),
        "{error}"
    );
    assert!(!key_file(&app).exists(), "no new key was made in its place");

    std::fs::write(key_file(&app), ANOTHER_KEY).expect("a wrong key file");
    let error = start_again(&app, None)
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("does not match"), "{error}");

    std::fs::write(key_file(&app), key).expect("key restored");
    assert!(
        start_again(&app, None).await.is_ok(),
        "the restored key starts"
    );
}

#[tokio::test]
async fn another_key_on_postgres_is_refused_even_before_any_nik_is_stored() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let error = start_again(&app, Some(ANOTHER_KEY))
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("does not match"), "{error}");
}

const NIK: &str = "3204125512050003";

#[tokio::test]
async fn a_nik_copied_onto_another_members_row_does_not_open_there() {
    let app = TestApp::spawn(crate::helpers::Backend::Sqlite).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let (_, first) = member(&app, &ketua, &cooperative.id, NIK, "0813 2222 3333").await;
    let (_, second) = member(
        &app,
        &ketua,
        &cooperative.id,
        "3204120101900002",
        "0813 2222 5555",
    )
    .await;
    sqlx::query(
        "UPDATE members SET nik_sealed = (SELECT nik_sealed FROM members WHERE id = $1) \
         WHERE id = $2",
    )
    .bind(&first)
    .bind(&second)
    .execute(&app.db.writer)
    .await
    .expect("ciphertext copied");
    let response = app.get_as(&ketua, &format!("/api/members/{second}")).await;
    assert_eq!(response.status(), 500);
    assert!(!response.text().await.expect("body").contains(NIK));
}

#[tokio::test]
async fn the_data_key_is_rotated_by_starting_with_the_old_one_beside_it() {
    let app = TestApp::spawn(crate::helpers::Backend::Postgres).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let (_, id) = member(&app, &ketua, &cooperative.id, NIK, "0813 2222 3333").await;
    let sealed_before: String = sqlx::query_scalar("SELECT nik_sealed FROM members WHERE id = $1")
        .bind(&id)
        .fetch_one(&app.db.pool)
        .await
        .expect("sealed");

    let mut config = test_config(&app.database.url);
    config.data_key = Some(ANOTHER_KEY.to_owned());
    config.old_data_keys = vec![crate::helpers::TEST_DATA_KEY.to_owned()];
    Application::build(&config).await.expect("starts, rotating");

    let (sealed, hash): (String, String) =
        sqlx::query_as("SELECT nik_sealed, nik_hash FROM members WHERE id = $1")
            .bind(&id)
            .fetch_one(&app.db.pool)
            .await
            .expect("resealed");
    assert_ne!(sealed, sealed_before);
    let new = kopdes_server::vault::Vault::from_hex(ANOTHER_KEY).expect("key");
    let place = kopdes_server::vault::Place::MemberNik(&id);
    assert_eq!(
        new.open(place, &sealed).expect("opens with the new key"),
        NIK
    );
    assert_eq!(hash, new.lookup_hash(NIK));
    // The old key alone no longer matches; the new one alone does.
    let error = start_again(&app, Some(crate::helpers::TEST_DATA_KEY))
        .await
        .err()
        .expect("refused")
        .to_string();
    assert!(error.contains("does not match"), "{error}");
    assert!(start_again(&app, Some(ANOTHER_KEY)).await.is_ok());
}
