use std::io::Write;

use clap::Parser;
use kopdes_server::cli::{Cli, Command};
use kopdes_server::db::Db;
use kopdes_server::{backup, operator, startup::Application, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // For the operator at a terminal: the cause chain, never a backtrace.
            eprintln!("Error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    let Cli { config, command } = Cli::parse();
    let serving = matches!(command, None | Some(Command::Serve));
    telemetry::init(config.log_format, !serving);
    let mut out = std::io::stdout().lock();
    match command.unwrap_or(Command::Serve) {
        Command::Serve => {
            drop(out);
            let app = Application::build(&config).await?;
            app.run_until_stopped().await
        }
        Command::Admin(command) => {
            let (db, _) = operator_database(&config, 2).await?;
            let result = operator::run(&db, command, &mut out).await;
            db.close().await;
            result
        }
        Command::Import(args) => {
            let (db, vault) = operator_database(&config, 4).await?;
            let result = kopdes_server::import::command::run(&db, &vault, args, &mut out).await;
            db.close().await;
            result
        }
        Command::Backup { to, key_to } => {
            backup::backup(&config, &to, key_to.as_deref(), &mut out).await?;
            Ok(out.flush()?)
        }
        Command::Restore {
            from,
            key_from,
            replace,
        } => {
            backup::restore(&config, &from, key_from.as_deref(), replace, &mut out).await?;
            Ok(out.flush()?)
        }
    }
}

/// The database as an operator's command needs it, ready as at a server's start: migrated,
/// with the region tree (a dinas admin's region, an import's villages) and the data key (made
/// on first use, checked after).
async fn operator_database(
    config: &kopdes_server::config::Config,
    connections: u32,
) -> anyhow::Result<(Db, kopdes_server::vault::Vault)> {
    let db = Db::connect(&config.database_url, connections).await?;
    kopdes_server::regions::load(&db).await?;
    let vault = kopdes_server::vault::Vault::for_database(config, &db).await?;
    Ok((db, vault))
}
