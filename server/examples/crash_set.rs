//! A set test in the style of Jepsen's: many phones push unique savings deposits while the
//! server process is killed with SIGKILL and restarted again and again and (on PostgreSQL) the
//! database itself is restarted as if it had crashed. Every phone resends each batch, exactly as
//! it first made it, until it has an answer. Then every ledger is read back: an acknowledged
//! deposit missing is lost, one there twice is duplicated. Both must be 0.
//!   cargo build --release -p kopdes-server --bin kopdes-server --example crash_set
//!   target/release/examples/crash_set [sqlite|postgres] [phones] [least deposits per phone]
//! Restarting PostgreSQL needs `pg_ctlcluster` and root: run it alone, never beside tests that
//! use the same cluster (make judge runs it last).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::Mutex;

const BATCH: usize = 5;
const KILLS: usize = 8;
const POSTGRES_RESTARTS: usize = 2;
const DATA_KEY: &str = "6b6f706465732d63726173682d7365742d6b65792d6e6f742d666f722d70726f";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let backend = args.get(1).map_or("sqlite", String::as_str).to_owned();
    let phones: usize = args.get(2).map_or(Ok(8), |a| a.parse())?;
    let per_phone: usize = args.get(3).map_or(Ok(60), |a| a.parse())?;
    let started = Instant::now();

    let work = tempfile::tempdir()?;
    let database = match backend.as_str() {
        "sqlite" => format!("sqlite://{}/kopdes.db", work.path().display()),
        "postgres" => {
            let name = format!("kopdes_crash_{}", std::process::id());
            psql(&format!("CREATE DATABASE {name}"))?;
            format!("postgres://postgres@127.0.0.1:5432/{name}")
        }
        other => anyhow::bail!("unknown backend {other}"),
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let server = Arc::new(Mutex::new(start(&database, port)));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()?;

    // The chair of Cangkuang Wetan (README) records the deposits; its members receive them.
    let cookie = sign_in(&client, &base).await;
    let cooperatives: Value = get(&client, &base, &cookie, "/api/cooperatives").await;
    let cooperative = cooperatives[0]["id"].as_str().unwrap().to_owned();
    let page: Value = get(
        &client,
        &base,
        &cookie,
        &format!("/api/cooperatives/{cooperative}/members"),
    )
    .await;
    let members: Vec<String> = page["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "active")
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect();
    let run = format!("set{}", std::process::id());
    // The server's own calendar: a deposit dated after its today would be refused.
    let today = kopdes_server::clock::today().to_string();

    let chaos_over = Arc::new(AtomicBool::new(false));
    let kills = Arc::new(AtomicUsize::new(0));
    let restarts = Arc::new(AtomicUsize::new(0));
    let postgres_restarts = if backend == "postgres" {
        POSTGRES_RESTARTS
    } else {
        0
    };
    let chaos = tokio::spawn({
        let (server, chaos_over, kills, restarts) = (
            server.clone(),
            chaos_over.clone(),
            kills.clone(),
            restarts.clone(),
        );
        let database = database.clone();
        async move {
            let mut round = 0u64;
            while kills.load(Ordering::SeqCst) < KILLS
                || restarts.load(Ordering::SeqCst) < postgres_restarts
            {
                round += 1;
                // Uneven gaps, so the blows land at different points of the pushes.
                tokio::time::sleep(Duration::from_millis(250 + (round * 137) % 400)).await;
                let postgres_turn = restarts.load(Ordering::SeqCst) < postgres_restarts
                    && (round.is_multiple_of(3) || kills.load(Ordering::SeqCst) == KILLS);
                if postgres_turn {
                    // As if the database machine lost power: no checkpoint, no goodbye.
                    tokio::task::spawn_blocking(|| {
                        pg_cluster("stop", &["-m", "immediate"]);
                        pg_cluster("start", &[]);
                    })
                    .await
                    .unwrap();
                    restarts.fetch_add(1, Ordering::SeqCst);
                } else if kills.load(Ordering::SeqCst) < KILLS {
                    let mut child = server.lock().await;
                    child.kill().unwrap();
                    child.wait().unwrap();
                    let database = database.clone();
                    *child = tokio::task::spawn_blocking(move || start(&database, port))
                        .await
                        .unwrap();
                    kills.fetch_add(1, Ordering::SeqCst);
                }
            }
            chaos_over.store(true, Ordering::SeqCst);
        }
    });

    let sends = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for phone in 0..phones {
        let (client, base, cookie) = (client.clone(), base.clone(), cookie.clone());
        let (cooperative, members, run, today) = (
            cooperative.clone(),
            members.clone(),
            run.clone(),
            today.clone(),
        );
        let (sends, chaos_over) = (sends.clone(), chaos_over.clone());
        tasks.push(tokio::spawn(async move {
            let deposit = |n: usize| {
                let id = format!("{run}-{phone}-{n}");
                let member = &members[(phone * 7 + n) % members.len()];
                json!({
                    "id": id, "record_id": uuid::Uuid::new_v4().to_string(), "base_version": null,
                    "kind": "savings_entry",
                    "data": {
                        "cooperative_id": cooperative, "member_id": member,
                        "kind": "sukarela", "action": "deposit", "amount": "1000",
                        "receipt": id, "recorded_on": today
                    }
                })
            };
            let (mut made, mut acknowledged) = (0, Vec::new());
            // At least `per_phone` deposits, and more until every blow has landed.
            while made < per_phone || !chaos_over.load(Ordering::SeqCst) {
                // A batch is made once and resent exactly as made until it is answered.
                let batch: Vec<Value> = (made..made + BATCH).map(deposit).collect();
                made += BATCH;
                loop {
                    sends.fetch_add(1, Ordering::SeqCst);
                    let answer = client
                        .post(format!("{base}/api/sync/push"))
                        .header("cookie", &cookie)
                        .json(&json!({ "operations": batch }))
                        .send()
                        .await;
                    let body: Option<Value> = match answer {
                        Ok(response) if response.status() == 200 => response.json().await.ok(),
                        _ => None,
                    };
                    if let Some(body) = body {
                        for result in body["results"].as_array().unwrap() {
                            let outcome = result["outcome"].as_str().unwrap();
                            assert!(outcome == "applied" || outcome == "duplicate", "{result}");
                            acknowledged.push(result["id"].as_str().unwrap().to_owned());
                        }
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100 + (phone as u64 * 37) % 200))
                        .await;
                }
            }
            (made, acknowledged)
        }));
    }
    let (mut made, mut acknowledged) = (0, Vec::new());
    for task in tasks {
        let (phone_made, phone_acknowledged) = task.await?;
        made += phone_made;
        acknowledged.extend(phone_acknowledged);
    }
    chaos.await?;

    let mut found: HashMap<String, usize> = HashMap::new();
    for member in &members {
        let savings: Value = get(
            &client,
            &base,
            &cookie,
            &format!("/api/members/{member}/savings"),
        )
        .await;
        for entry in savings["entries"].as_array().unwrap() {
            let receipt = entry["receipt"].as_str().unwrap_or("");
            if receipt.starts_with(&run) {
                *found.entry(receipt.to_owned()).or_default() += 1;
            }
        }
    }
    let lost = acknowledged
        .iter()
        .filter(|id| !found.contains_key(*id))
        .count();
    let duplicated = found.values().filter(|n| **n > 1).count();
    let unacknowledged = found.keys().filter(|id| !acknowledged.contains(id)).count();
    println!(
        "{}",
        json!({
            "backend": backend, "phones": phones, "deposits": made,
            "acknowledged": acknowledged.len(), "pushes_sent": sends.load(Ordering::SeqCst),
            "server_kills": kills.load(Ordering::SeqCst),
            "postgres_restarts": restarts.load(Ordering::SeqCst),
            "lost": lost, "duplicated": duplicated, "found_unacknowledged": unacknowledged,
            "seconds": started.elapsed().as_secs_f64().round(),
        })
    );

    server.lock().await.kill().ok();
    if backend == "postgres" {
        let name = database.rsplit('/').next().unwrap();
        psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))?;
    }
    if lost > 0 || duplicated > 0 || acknowledged.len() != made {
        std::process::exit(1);
    }
    Ok(())
}

/// The release server beside this example, on a fixed port, once it listens.
fn start(database: &str, port: u16) -> Child {
    let binary = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(|examples| examples.parent())
        .unwrap()
        .join("kopdes-server");
    let mut child = Command::new(binary)
        .args([
            "--port",
            &port.to_string(),
            "--database-url",
            database,
            "--seed-demo",
        ])
        .env("KOPDES_DATA_KEY", DATA_KEY)
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().unwrap();
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

async fn sign_in(client: &reqwest::Client, base: &str) -> String {
    let response = client
        .post(format!("{base}/api/session"))
        .json(&json!({"phone": "0812-3204-1201", "password": "kopdes-demo-2026"}))
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// A read that must succeed, retried while the server or the database comes back.
async fn get(client: &reqwest::Client, base: &str, cookie: &str, path: &str) -> Value {
    for _ in 0..300 {
        if let Ok(response) = client
            .get(format!("{base}{path}"))
            .header("cookie", cookie)
            .send()
            .await
            && response.status() == 200
            && let Ok(body) = response.json().await
        {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{path} never answered");
}

fn psql(sql: &str) -> anyhow::Result<()> {
    let status = Command::new("psql")
        .args([
            "-q",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-c",
            sql,
        ])
        .status()?;
    anyhow::ensure!(status.success(), "psql failed: {sql}");
    Ok(())
}

fn pg_cluster(action: &str, extra: &[&str]) {
    let status = Command::new("pg_ctlcluster")
        .args(["15", "main", action])
        .args(extra)
        .status()
        .expect("pg_ctlcluster runs");
    assert!(status.success(), "pg_ctlcluster {action} failed");
}
