use clap::Parser;
use kopdes_server::{config::Config, startup::Application, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    telemetry::init(config.log_format);
    let app = Application::build(&config).await?;
    app.run_until_stopped().await
}
