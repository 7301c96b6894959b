//! Backups and restores of an SQLite deployment, with the real binary: a copy taken while
//! writes go on holds every write acknowledged before it began, and a restore checks the copy
//! and its key before it replaces anything.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use kopdes_domain::member::Member;
use kopdes_server::config::Config;
use kopdes_server::startup::Application;
use serde_json::json;

use crate::change_requests::member;
use crate::cooperatives::{KETUA_PHONE, registered};
use crate::helpers::{Backend, TestApp, session_cookie};
use crate::operator::kopdes_server;

const NIK: &str = "3204125512050003";

/// Runs the binary with only a database URL: the key comes from the file next to it, as on a
/// restored deployment.
fn kopdes_server_at(database_url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kopdes-server"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env_remove("KOPDES_DATA_KEY")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the server binary runs")
}

#[tokio::test]
async fn a_restore_drill_keeps_every_write_acknowledged_before_the_backup() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (_, ketua, cooperative) = registered(&app).await;
    let (_, member_id) = member(&app, &ketua, &cooperative.id, NIK, "0813 2222 3333").await;
    let ministry = app.staff("0811 0000 0001", None).await;

    // Writes go on, one after another, each remembered once the server acknowledged it.
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (client, base, ministry) = (app.client.clone(), app.address.clone(), ministry.clone());
        let (acknowledged, stop) = (acknowledged.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                let phone = format!("0857 2000 {n:04}");
                let response = client
                    .post(format!("{base}/api/staff"))
                    .header("cookie", &ministry)
                    .json(&json!({"name": "Petugas Dinas", "phone": phone, "region": "32"}))
                    .send()
                    .await
                    .expect("request");
                // One dinas admin per account; each write makes a new account and role.
                assert_eq!(response.status(), 201, "write {n}");
                acknowledged.lock().expect("lock").push(phone);
            }
            n
        })
    };
    while acknowledged.lock().expect("lock").len() < 20 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let before_backup = acknowledged.lock().expect("lock").clone();
    let dir = tempfile::tempdir().expect("directory");
    let copy = dir.path().join("kopdes-backup.db");
    let backup = kopdes_server(&app, &["backup", "--to", copy.to_str().expect("path")]);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = writer.await.expect("writer");
    assert!(backup.status.success(), "{backup:?}");
    let after_backup = acknowledged.lock().expect("lock").len();
    assert!(copy.exists() && dir.path().join("kopdes-backup.db.key").exists());

    // A new server restored from the copy.
    let restored_dir = tempfile::tempdir().expect("directory");
    let restored_url = format!(
        "sqlite://{}",
        restored_dir.path().join("kopdes.db").display()
    );
    let restore = kopdes_server_at(
        &restored_url,
        &["restore", "--from", copy.to_str().expect("path")],
    );
    assert!(restore.status.success(), "{restore:?}");
    let mut config = Config::for_database(&restored_url);
    config.static_dir = restored_dir.path().to_owned();
    let restored = Application::build(&config).await.expect("restored server");
    let address = format!("http://{}", restored.local_addr());
    let db = restored.db().clone();
    tokio::spawn(restored.run_until_stopped());

    let mut present = 0;
    for phone in &before_backup {
        let normalised = kopdes_domain::phone::Phone::parse(phone).expect("phone");
        let found: Option<String> = sqlx::query_scalar(
            "SELECT u.id FROM users u JOIN staff_roles s ON s.user_id = u.id WHERE u.phone = $1",
        )
        .bind(normalised.as_str())
        .fetch_optional(&db.pool)
        .await
        .expect("query");
        assert!(
            found.is_some(),
            "{phone}, acknowledged before the backup, is restored"
        );
        present += 1;
    }
    let restored_staff: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM staff_roles")
        .fetch_one(&db.pool)
        .await
        .expect("count");
    println!(
        "restore drill: {written} writes, {} acknowledged before the backup (all {present} \
         restored), {after_backup} by its end; the copy holds {restored_staff} staff roles",
        before_backup.len()
    );

    // The restored key opens the member's NIK for their pengurus.
    let client = reqwest::Client::new();
    let signed_in = client
        .post(format!("{address}/api/session"))
        .json(&json!({"phone": KETUA_PHONE, "password": "koperasi-maju-2026"}))
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), 200);
    let ketua_there = session_cookie(&signed_in);
    let read: Member = client
        .get(format!("{address}/api/members/{member_id}"))
        .header("cookie", ketua_there)
        .send()
        .await
        .expect("member")
        .json()
        .await
        .expect("member body");
    assert_eq!(read.nik, NIK);
}

#[tokio::test]
async fn a_restore_refuses_a_wrong_key_a_damaged_copy_and_a_database_in_place() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (_, ketua, cooperative) = registered(&app).await;
    member(&app, &ketua, &cooperative.id, NIK, "0813 2222 3333").await;
    let dir = tempfile::tempdir().expect("directory");
    let copy = dir.path().join("copy.db");
    let copy_path = copy.to_str().expect("path");
    assert!(
        kopdes_server(&app, &["backup", "--to", copy_path])
            .status
            .success()
    );
    // Never over an earlier backup.
    let twice = kopdes_server(&app, &["backup", "--to", copy_path]);
    assert!(!twice.status.success());

    let target_dir = tempfile::tempdir().expect("directory");
    let target = target_dir.path().join("kopdes.db");
    let target_url = format!("sqlite://{}", target.display());
    let wrong_key = dir.path().join("wrong.key");
    std::fs::write(&wrong_key, "11".repeat(32)).expect("key");
    let refused = kopdes_server_at(
        &target_url,
        &[
            "restore",
            "--from",
            copy_path,
            "--key-from",
            wrong_key.to_str().expect("path"),
        ],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("data key"));
    assert!(!target.exists(), "nothing was put in place");

    let damaged = dir.path().join("damaged.db");
    let bytes = std::fs::read(&copy).expect("copy");
    std::fs::write(&damaged, &bytes[..bytes.len() / 3]).expect("write");
    std::fs::copy(
        dir.path().join("copy.db.key"),
        dir.path().join("damaged.db.key"),
    )
    .expect("key");
    let refused = kopdes_server_at(
        &target_url,
        &["restore", "--from", damaged.to_str().expect("path")],
    );
    assert!(!refused.status.success());
    assert!(!target.exists(), "nothing was put in place");

    assert!(
        kopdes_server_at(&target_url, &["restore", "--from", copy_path])
            .status
            .success()
    );
    let over = kopdes_server_at(&target_url, &["restore", "--from", copy_path]);
    assert!(
        !over.status.success(),
        "a database in place needs --replace"
    );
    assert!(String::from_utf8_lossy(&over.stderr).contains("--replace"));
    let replaced = kopdes_server_at(&target_url, &["restore", "--from", copy_path, "--replace"]);
    assert!(replaced.status.success(), "{replaced:?}");
    let kept = std::fs::read_dir(target_dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".replaced-"))
        .count();
    assert_eq!(kept, 1, "the replaced database is kept beside");
}
