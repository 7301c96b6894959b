//! Latency at the programme's scale, on a data set made by `national_data`: the real server
//! over HTTP on one machine, one request at a time, reporting p50/p95/p99 per request kind.
//! A report, not a test: nothing here is asserted.
//!
//!     cargo run --release -p kopdes-server --example bench_scale -- \
//!         --database-url postgres://postgres@127.0.0.1:5432/kopdes_national
//!
//! Measured: a cooperative's full pull and its member list (as its chair, rotating over
//! cooperatives across the data set), its own figures, and the dashboard at every level (as the
//! ministry admin; the province level also as the dinas admin), plus one refresh of the
//! dashboards' figures.

use std::time::{Duration, Instant};

use clap::Parser;
use kopdes_server::config::Config;
use kopdes_server::startup::Application;
use serde_json::json;

#[derive(Parser)]
struct Args {
    #[arg(long)]
    database_url: String,
    /// Requests per kind.
    #[arg(long, default_value_t = 200)]
    requests: usize,
    /// The generated set's data key (`national_data` prints it).
    #[arg(
        long,
        default_value = "6e6174696f6e616c2d73796e7468657469632d646174612d6b65792d30303031"
    )]
    data_key: String,
}

async fn sign_in(client: &reqwest::Client, base: &str, phone: &str) -> anyhow::Result<String> {
    let response = client
        .post(format!("{base}/api/session"))
        .json(&json!({"phone": phone, "password": "kopdes-demo-2026"}))
        .send()
        .await?;
    anyhow::ensure!(
        response.status() == 200,
        "sign in as {phone}: {}",
        response.status()
    );
    Ok(response.headers()["set-cookie"]
        .to_str()?
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned())
}

/// Times `n` GETs, the path chosen per request; answers the sorted durations.
async fn time(
    client: &reqwest::Client,
    base: &str,
    n: usize,
    mut request: impl FnMut(usize) -> (String, String),
) -> anyhow::Result<Vec<Duration>> {
    let mut times = Vec::with_capacity(n);
    for i in 0..n + n / 10 {
        let (cookie, path) = request(i);
        let started = Instant::now();
        let response = client
            .get(format!("{base}{path}"))
            .header("cookie", cookie)
            .send()
            .await?;
        let status = response.status();
        response.bytes().await?;
        let took = started.elapsed();
        anyhow::ensure!(status == 200, "{path}: {status}");
        // The first tenth warms the caches and is not counted.
        if i >= n / 10 {
            times.push(took);
        }
    }
    times.sort();
    Ok(times)
}

/// The cookie and path of the `i`th request of a kind.
type Request<'a> = Box<dyn FnMut(usize) -> (String, String) + 'a>;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let at = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[at].as_secs_f64() * 1000.0
}

#[allow(clippy::print_stdout)] // the report is the output
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut config = Config::for_database(&args.database_url);
    config.data_key = Some(args.data_key.clone());
    config.static_dir = std::env::temp_dir();
    // The generator computed the figures; this run measures reading them.
    config.stats_max_age_secs = 24 * 3600;
    let app = Application::build(&config).await?;
    let db = app.db().clone();
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();

    let cooperatives: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cooperatives")
        .fetch_one(&db.pool)
        .await?;
    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members")
        .fetch_one(&db.pool)
        .await?;
    // Ten chairs spread over the data set.
    let step = (cooperatives / 10).max(1);
    let mut chairs = Vec::new();
    for k in 0..10.min(cooperatives) {
        let (cooperative, phone): (String, String) = sqlx::query_as(
            "SELECT o.cooperative_id, u.phone FROM officers o JOIN users u ON u.id = o.user_id \
             WHERE o.organ = 'pengurus' AND o.position = 'ketua' ORDER BY o.cooperative_id \
             LIMIT 1 OFFSET $1",
        )
        .bind(k * step)
        .fetch_one(&db.pool)
        .await?;
        let local = format!("0{}", &phone[3..]);
        chairs.push((cooperative, sign_in(&client, &base, &local).await?));
    }
    let ministry = sign_in(&client, &base, "0811-0000-0001").await?;
    let dinas = sign_in(&client, &base, "0811-3200-0001").await?;
    // A village with a cooperative in Jawa Barat if the set has one, else the first.
    let village: String = sqlx::query_scalar(
        "SELECT village_code FROM cooperatives ORDER BY (village_code LIKE '32.%') DESC, village_code LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await?;
    let (province, regency, district) = (&village[..2], &village[..5], &village[..8]);

    println!(
        "{} on {} cooperatives and {} members, {} requests per kind, one at a time:\n",
        if args.database_url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        cooperatives,
        members,
        args.requests
    );
    println!("| request | p50 ms | p95 ms | p99 ms |");
    println!("|---|---:|---:|---:|");
    let n = args.requests;
    let chair = |i: usize| chairs[i % chairs.len()].clone();
    let kinds: Vec<(&str, Request)> = vec![
        (
            "a cooperative's full pull (`GET /api/sync/pull`)",
            Box::new(|i| (chair(i).1, "/api/sync/pull".to_owned())),
        ),
        (
            "its member list, first page",
            Box::new(|i| {
                let (id, cookie) = chair(i);
                (cookie, format!("/api/cooperatives/{id}/members"))
            }),
        ),
        (
            "its member list, searched by name",
            Box::new(|i| {
                let (id, cookie) = chair(i);
                (cookie, format!("/api/cooperatives/{id}/members?q=siti"))
            }),
        ),
        (
            "its own figures (`/dashboard`)",
            Box::new(|i| {
                let (id, cookie) = chair(i);
                (cookie, format!("/api/cooperatives/{id}/dashboard"))
            }),
        ),
        (
            "dashboard: the country",
            Box::new(|_| (ministry.clone(), "/api/dashboard".to_owned())),
        ),
        (
            "dashboard: a province (its dinas admin, for Jawa Barat)",
            // The generated dinas admin is Jawa Barat's; elsewhere the ministry looks.
            Box::new(|_| {
                let who = if province == "32" { &dinas } else { &ministry };
                (who.clone(), format!("/api/dashboard?region={province}"))
            }),
        ),
        (
            "dashboard: a regency",
            Box::new(|_| (ministry.clone(), format!("/api/dashboard?region={regency}"))),
        ),
        (
            "dashboard: a district",
            Box::new(|_| {
                (
                    ministry.clone(),
                    format!("/api/dashboard?region={district}"),
                )
            }),
        ),
        (
            "dashboard: a village",
            Box::new(|_| (ministry.clone(), format!("/api/dashboard?region={village}"))),
        ),
    ];
    for (name, request) in kinds {
        let times = time(&client, &base, n, request).await?;
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} |",
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99)
        );
    }
    let started = Instant::now();
    kopdes_server::stats::refresh(&db, kopdes_server::clock::now_millis()).await?;
    println!(
        "\nRecomputing every dashboard figure (in the background, at most every 10 minutes): {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
