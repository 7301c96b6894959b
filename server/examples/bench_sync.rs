//! Bytes and requests on the wire for sync, against the real server on a fresh SQLite database:
//! a pull with nothing new, and an outbox of 100 and of 1,000 operations pushed in batches of
//! 100, gzip-compressed as the app sends them. A report, not a test: nothing here is asserted.
//!
//!     cargo run --release -p kopdes-server --example bench_sync
//!
//! Each operation is a cooperative-profile change (8 fields); form submissions (about 15 fields)
//! replace it once the form engine exists.

use std::io::Write;

use kopdes_domain::sync::{MAX_BATCH, Outcome, PullResponse, PushResponse};
use kopdes_server::config::Config;
use kopdes_server::startup::Application;
use serde_json::{Value, json};

/// What one exchange cost on the wire (HTTP/1.1, headers included).
#[derive(Default)]
struct Wire {
    requests: usize,
    sent: usize,
    received: usize,
}

impl Wire {
    fn add(
        &mut self,
        request_headers: usize,
        body: usize,
        headers: &reqwest::header::HeaderMap,
        response_body: usize,
    ) {
        let response_headers: usize = headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 4)
            .sum::<usize>()
            + 17;
        self.requests += 1;
        self.sent += request_headers + body;
        self.received += response_headers + response_body;
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

#[allow(clippy::print_stdout)] // the report is the output
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut config = Config::for_database(format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ));
    config.seed_demo = true;
    config.static_dir = dir.path().to_owned();
    let app = Application::build(&config).await?;
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    // Compressed answers are asked for as gzip (browsers get brotli, a little smaller); this
    // client does not unpack them itself, so the byte counts are what crosses the link.
    let client = reqwest::Client::new();

    let signed_in = client
        .post(format!("{base}/api/session"))
        .json(&json!({"phone": "0812-1212-0101", "password": "kopdes-demo-2026"}))
        .send()
        .await?;
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()?
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    // A request's headers as a browser would send them (about this size in Chromium).
    let request_headers = 420 + cookie.len();

    let first: PullResponse = client
        .get(format!("{base}/api/sync/pull"))
        .header("cookie", &cookie)
        .send()
        .await?
        .json()
        .await?;
    let record_id = match &first.records[0] {
        kopdes_domain::sync::Record::Cooperative(c) => c.id.clone(),
        _ => anyhow::bail!("the first record is the cooperative"),
    };
    let mut version = match &first.records[0] {
        kopdes_domain::sync::Record::Cooperative(c) => c.version,
        _ => 0,
    };

    // A pull with nothing new.
    let mut idle = Wire::default();
    let response = client
        .get(format!("{base}/api/sync/pull?cursor={}", first.cursor))
        .header("cookie", &cookie)
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    let (headers, body) = (response.headers().clone(), response.bytes().await?);
    idle.add(request_headers, 0, &headers, body.len());
    println!(
        "nothing new: {} request, {} bytes sent, {} bytes received",
        idle.requests, idle.sent, idle.received
    );

    let mut next_id = 0u64;
    for outbox in [100usize, 1_000] {
        let mut wire = Wire::default();
        let mut applied = 0;
        let operations: Vec<Value> = (0..outbox)
            .map(|n| {
                next_id += 1;
                json!({
                    "id": format!("0193a1b2-0000-7000-8000-{next_id:012}"),
                    "record_id": record_id,
                    "base_version": version + n as i64,
                    "kind": "cooperative_profile",
                    "data": {
                        "name": "Koperasi Desa Merah Putih Hutanamora",
                        "legal_entity_number": "AHU-0001234.AH.01.29.TAHUN 2026",
                        "legal_entity_date": "2026-02-01",
                        "nik_koperasi": format!("1212{n:06}"),
                        "address": format!("Jl. Sisingamangaraja No. {n}, Hutanamora"),
                        "established_on": "2025-07-21",
                        "phone": "+6281212120101",
                        "email": "kopdes.hutanamora@contoh.id"
                    }
                })
            })
            .collect();
        version += outbox as i64;
        for batch in operations.chunks(MAX_BATCH) {
            let body = gzip(&serde_json::to_vec(&json!({ "operations": batch }))?);
            let response = client
                .post(format!("{base}/api/sync/push"))
                .header("cookie", &cookie)
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .header("accept-encoding", "gzip")
                .body(body.clone())
                .send()
                .await?;
            let headers = response.headers().clone();
            let bytes = response.bytes().await?;
            wire.add(request_headers, body.len(), &headers, bytes.len());
            let answer: PushResponse = if headers.contains_key("content-encoding") {
                let mut text = Vec::new();
                std::io::Read::read_to_end(
                    &mut flate2::read::GzDecoder::new(&bytes[..]),
                    &mut text,
                )?;
                serde_json::from_slice(&text)?
            } else {
                serde_json::from_slice(&bytes)?
            };
            applied += answer
                .results
                .iter()
                .filter(|r| matches!(r.outcome, Outcome::Applied { .. }))
                .count();
        }
        println!(
            "{outbox} queued operations: {} requests, {} bytes sent, {} bytes received, {applied} applied",
            wire.requests, wire.sent, wire.received
        );
    }
    Ok(())
}
