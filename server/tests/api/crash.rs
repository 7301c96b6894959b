//! A set test in the style of Jepsen: a device pushes a chain of operations, each sent again and
//! again until it has an answer, while the server process is killed with SIGKILL and restarted.
//! Afterwards everything is read back: every operation applied once, none lost, none twice.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use kopdes_domain::sync::{Outcome, PushResponse};
use serde_json::{Value, json};
use tokio::sync::Mutex;

use crate::helpers::{Backend, TEST_DATA_KEY, TestDatabase};
use crate::on_both_backends;

on_both_backends!(operations_survive_the_server_being_killed_again_and_again);

/// At least this many operations, and more until every kill has happened.
const MIN_OPERATIONS: i64 = 40;
const KILLS: usize = 6;

/// Starts the real binary on a fixed port and waits until it listens.
fn start(database_url: &str, port: u16) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kopdes-server"))
        .args([
            "--port",
            &port.to_string(),
            "--database-url",
            database_url,
            "--seed-demo",
        ])
        .env("KOPDES_DATA_KEY", TEST_DATA_KEY)
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx.iter()
        .find(|line| line.contains("listening"))
        .expect("the server listens");
    child
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port()
}

fn operation(n: i64, record_id: &str, base_version: i64) -> Value {
    json!({
        "id": format!("0193a1b2-0000-7000-8000-{n:012}"),
        "record_id": record_id,
        "base_version": base_version,
        "kind": "cooperative_profile",
        "data": {"name": "Koperasi Desa Merah Putih Hutanamora", "address": format!("Alamat {n}")}
    })
}

// The figures are the report the issue asks for (`cargo test crash -- --nocapture`).
#[allow(clippy::print_stdout)]
async fn operations_survive_the_server_being_killed_again_and_again(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let server = Arc::new(Mutex::new(start(&database.url, port)));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client");

    // The demo's draft cooperative and its chair.
    let signed_in = client
        .post(format!("{base}/api/session"))
        .json(&json!({"phone": "0812-1212-0101", "password": "kopdes-demo-2026"}))
        .send()
        .await
        .expect("sign in");
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("cookie")
        .to_owned();
    let cooperatives: Vec<Value> = client
        .get(format!("{base}/api/cooperatives"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("list");
    let record_id = cooperatives[0]["id"].as_str().expect("id").to_owned();
    let first_version = cooperatives[0]["version"].as_i64().expect("version");

    // The killer: SIGKILL at random moments of the stream, then a restart on the same port.
    let kills = Arc::new(AtomicUsize::new(0));
    let killer = {
        let (server, kills, url) = (server.clone(), kills.clone(), database.url.clone());
        tokio::spawn(async move {
            for kill in 0..KILLS {
                // Uneven gaps, so kills land at different points of a push.
                tokio::time::sleep(Duration::from_millis(120 + (kill as u64 * 97) % 250)).await;
                let mut child = server.lock().await;
                child.kill().expect("SIGKILL");
                child.wait().expect("reaped");
                *child = tokio::task::spawn_blocking({
                    let url = url.clone();
                    move || start(&url, port)
                })
                .await
                .expect("restart");
                kills.fetch_add(1, Ordering::SeqCst);
            }
        })
    };

    // The device: each operation goes out until it has an answer, then the next one is made on
    // the version that answer gave.
    let mut version = first_version;
    let mut sends = 0;
    let mut made = 0;
    while made < MIN_OPERATIONS || kills.load(Ordering::SeqCst) < KILLS {
        let n = made;
        made += 1;
        let op = operation(n, &record_id, version);
        let outcome = loop {
            sends += 1;
            let sent = client
                .post(format!("{base}/api/sync/push"))
                .header("cookie", &cookie)
                .json(&json!({ "operations": [op.clone()] }))
                .send()
                .await;
            match sent {
                Ok(response) if response.status() == 200 => {
                    match response.json::<PushResponse>().await {
                        Ok(answer) => break answer.results[0].outcome.clone(),
                        Err(_) => continue,
                    }
                }
                _ => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        };
        version = match outcome {
            Outcome::Applied { version } => version,
            Outcome::Duplicate { of } => match *of {
                Outcome::Applied { version } => version,
                other => panic!("operation {n}: {other:?}"),
            },
            other => panic!("operation {n}: {other:?}"),
        };
    }
    killer.await.expect("killer");

    // Read everything back from the last server standing.
    let now: Value = client
        .get(format!("{base}/api/cooperatives/{record_id}"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("read back")
        .json()
        .await
        .expect("read back");
    server.lock().await.kill().expect("stop");
    let applied = now["version"].as_i64().expect("version") - first_version;
    println!(
        "crash test ({backend:?}): {made} operations, {sends} sends, {KILLS} kills: applied {applied}, lost {}, duplicated {}",
        (made - applied).max(0),
        (applied - made).max(0)
    );
    assert_eq!(applied, made, "lost or duplicated operations");
    assert_eq!(now["address"], json!(format!("Alamat {}", made - 1)));
}
