//! The yardstick for the load tests (scripts/judge/load.sh): a bare axum JSON endpoint on the
//! same machine, with no database, session or middleware, so the figures of the real server can
//! be read against what this machine and this HTTP stack can do at all.
//!   cargo run --release --example yardstick -- <port>

use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let port: u16 = std::env::args()
        .nth(1)
        .map(|p| p.parse())
        .transpose()?
        .unwrap_or(3900);
    let app = Router::new().route("/json", get(answer).post(echo));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

async fn answer() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

async fn echo(Json(body): Json<Value>) -> Json<Value> {
    Json(body)
}
