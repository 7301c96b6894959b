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
            let db = Db::connect(&config.database_url, 2).await?;
            // The region tree must be there for a dinas admin's region, as at a server's start.
            kopdes_server::regions::load(&db).await?;
            // As at a server's start: the key is made on first use (and checked after).
            kopdes_server::vault::Vault::for_database(&config, &db).await?;
            let result = operator::run(&db, command, &mut out).await;
            db.close().await;
            result
        }
        Command::Import {
            kind,
            file,
            as_phone,
            apply,
            attach_existing_accounts,
            consent_collected,
            report,
            handover,
            lang,
        } => {
            let db = Db::connect(&config.database_url, 4).await?;
            kopdes_server::regions::load(&db).await?;
            let vault = kopdes_server::vault::Vault::for_database(&config, &db).await?;
            let args = kopdes_server::import::command::ImportArgs {
                kind,
                file,
                as_phone,
                apply,
                attach_existing_accounts,
                consent_collected,
                report,
                handover,
                lang,
            };
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
