//! What the benches share: the real server on a fresh SQLite database with the demo data, and
//! signing in as a demo account.

use kopdes_server::config::Config;
use kopdes_server::startup::Application;
use serde_json::json;

/// Starts the server with the demo data; answers its base URL. The directory holds the
/// database and must live as long as the server.
pub async fn demo_server(dir: &tempfile::TempDir) -> anyhow::Result<String> {
    let mut config = Config::for_database(format!(
        "sqlite://{}",
        dir.path().join("bench.db").display()
    ));
    config.seed_demo = true;
    config.static_dir = dir.path().to_owned();
    let app = Application::build(&config).await?;
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    Ok(base)
}

/// Signs in as a demo account; answers the session cookie to send.
pub async fn sign_in(client: &reqwest::Client, base: &str, phone: &str) -> anyhow::Result<String> {
    let signed_in = client
        .post(format!("{base}/api/session"))
        .json(&json!({"phone": phone, "password": "kopdes-demo-2026"}))
        .send()
        .await?;
    Ok(signed_in.headers()["set-cookie"]
        .to_str()?
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned())
}
