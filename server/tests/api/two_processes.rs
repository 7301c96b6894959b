//! A national deployment runs several server processes behind a load balancer against one
//! PostgreSQL. Two real server processes here, one database: phones sync through both in turn
//! and replay what they sent through the other; nothing is lost, nothing is counted twice,
//! a session from one is good on the other, and a sign-out on one ends it on both.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use kopdes_domain::sync::{Outcome, PushResponse};
use serde_json::{Value, json};

use crate::helpers::{Backend, TEST_DATA_KEY, TestDatabase, session_cookie};

/// Demo people of Cangkuang Wetan (README).
const CHAIR: &str = "0812 3204 1201";
const PASSWORD: &str = "kopdes-demo-2026";

/// A server process, killed when dropped.
struct Process {
    child: Child,
    url: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(database_url: &str, seed_demo: bool) -> Process {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kopdes-server"));
    command
        .args(["--port", "0", "--database-url", database_url])
        .env("KOPDES_DATA_KEY", TEST_DATA_KEY)
        .env("KOPDES_STATIC_DIR", std::env::temp_dir())
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if seed_demo {
        command.arg("--seed-demo");
    }
    let mut child = command.spawn().expect("server starts");
    let stdout = child.stdout.take().expect("stdout");
    let (lines, log) = mpsc::channel();
    // Read the log for as long as the process lives: a full pipe would block it.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let address = loop {
        let line = log
            .recv_timeout(Duration::from_secs(120))
            .expect("the server reports its address");
        if let Some(at) = line.split("addr=").nth(1) {
            break at.split_whitespace().next().expect("address").to_owned();
        }
    };
    Process {
        child,
        url: format!("http://{address}"),
    }
}

async fn sign_in(client: &reqwest::Client, server: &Process) -> String {
    let response = client
        .post(format!("{}/api/session", server.url))
        .json(&json!({"phone": CHAIR, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert_eq!(response.status(), 200);
    session_cookie(&response)
}

async fn get(
    client: &reqwest::Client,
    server: &Process,
    session: &str,
    path: &str,
) -> reqwest::Response {
    client
        .get(format!("{}{path}", server.url))
        .header("cookie", session)
        .send()
        .await
        .expect("request")
}

async fn push(
    client: &reqwest::Client,
    server: &Process,
    session: &str,
    operations: Vec<Value>,
) -> PushResponse {
    let response = client
        .post(format!("{}/api/sync/push", server.url))
        .header("cookie", session)
        .json(&json!({ "operations": operations }))
        .send()
        .await
        .expect("push");
    assert_eq!(response.status(), 200);
    response.json().await.expect("push answer")
}

fn deposit(n: u32, cooperative: &str, member: &str) -> Value {
    json!({
        "id": format!("0193a1b2-0000-7000-8000-{n:012}"),
        "record_id": format!("0193a1b2-0000-7000-9000-{n:012}"),
        "base_version": null,
        "kind": "savings_entry",
        "data": {"cooperative_id": cooperative, "member_id": member, "kind": "sukarela", "action": "deposit",
                 "amount": "1.000", "receipt": format!("KW-P-{n}"), "recorded_on": kopdes_server::clock::today().to_string()},
    })
}

#[tokio::test]
async fn two_server_processes_on_one_postgres_lose_nothing_and_duplicate_nothing() {
    let database = TestDatabase::prepared(Backend::Postgres).await;
    let first = start(&database.url, true);
    let second = start(&database.url, false);
    let servers = [&first, &second];
    let client = reqwest::Client::new();

    // A session made by one process is good on the other.
    let session = sign_in(&client, &first).await;
    let cooperatives: Vec<Value> = get(&client, &second, &session, "/api/cooperatives")
        .await
        .json()
        .await
        .expect("cooperatives");
    let cooperative = cooperatives[0]["id"].as_str().expect("id").to_owned();
    let found: Value = get(
        &client,
        &first,
        &session,
        &format!("/api/cooperatives/{cooperative}/members?q=neng"),
    )
    .await
    .json()
    .await
    .expect("members");
    let member = found["members"][0]["id"]
        .as_str()
        .expect("member")
        .to_owned();
    let savings = format!("/api/members/{member}/savings");
    let before: Value = get(&client, &second, &session, &savings)
        .await
        .json()
        .await
        .expect("savings");
    let entries_before = before["entries"].as_array().expect("entries").len();

    // Twenty batches of three, each sent to one process and replayed whole to the other, as a
    // phone does when an answer is lost on the way back.
    let mut sent = 0;
    for batch in 0..20u32 {
        let operations: Vec<Value> = (0..3)
            .map(|i| deposit(batch * 3 + i + 1, &cooperative, &member))
            .collect();
        let (to, replay_to) = (
            servers[batch as usize % 2],
            servers[(batch as usize + 1) % 2],
        );
        let answer = push(&client, to, &session, operations.clone()).await;
        assert!(
            answer
                .results
                .iter()
                .all(|r| matches!(r.outcome, Outcome::Applied { .. })),
            "batch {batch}: {:?}",
            answer.results
        );
        let replayed = push(&client, replay_to, &session, operations).await;
        assert_eq!(replayed.results.len(), 3);
        for result in &replayed.results {
            assert!(
                matches!(result.outcome, Outcome::Duplicate { .. }),
                "a replay through the other process is recognised: {result:?}"
            );
        }
        sent += 3;
    }
    for server in servers {
        let after: Value = get(&client, server, &session, &savings)
            .await
            .json()
            .await
            .expect("savings");
        let entries = after["entries"].as_array().expect("entries");
        assert_eq!(
            entries.len(),
            entries_before + sent,
            "each entry once, whichever process answers"
        );
        assert_eq!(
            after["sukarela"].as_i64().expect("balance")
                - before["sukarela"].as_i64().expect("balance"),
            1_000 * sent as i64
        );
    }

    // Pulls through either process agree, and a cursor from one is read by the other.
    let from_first: Value = get(&client, &first, &session, "/api/sync/pull")
        .await
        .json()
        .await
        .expect("pull");
    let cursor = from_first["cursor"].as_str().expect("cursor").to_owned();
    let from_second: Value = get(&client, &second, &session, "/api/sync/pull")
        .await
        .json()
        .await
        .expect("pull");
    assert_eq!(from_first["records"], from_second["records"]);
    let nothing_new: Value = get(
        &client,
        &second,
        &session,
        &format!("/api/sync/pull?cursor={cursor}"),
    )
    .await
    .json()
    .await
    .expect("pull");
    assert_eq!(nothing_new["records"].as_array().map(Vec::len), Some(0));

    // Signing out through one process ends the session on both.
    let out = client
        .delete(format!("{}/api/session", second.url))
        .header("cookie", &session)
        .send()
        .await
        .expect("sign out");
    assert!(out.status().is_success());
    for server in servers {
        assert_eq!(
            get(&client, server, &session, "/api/me").await.status(),
            401
        );
    }
}
