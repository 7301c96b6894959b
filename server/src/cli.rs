//! The command line: serving (the default), and the operator's commands on the same binary
//! and database settings: the first admin and staff accounts, registry imports, backups and
//! restores.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "kopdes-server",
    version,
    about = "Si Kopdes API and app server",
    after_help = "Without a command the server serves. Database and key settings \
                  (--database-url, --data-key, --data-key-file or their KOPDES_*/DATABASE_URL \
                  variables) apply to every command."
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API and the app (what happens without a command).
    Serve,
    /// Accounts for the people who run the programme: the first ministry admin, listing,
    /// disabling and enabling staff, and new one-time codes.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Checks, or with --apply imports, a CSV or XLSX file of cooperatives (with their chairs)
    /// or members, on behalf of a staff account and inside its regions, with progress. For
    /// files too large for the app; the columns are those of docs/IMPORT.md.
    Import(crate::import::command::ImportArgs),
    /// A consistent copy of an SQLite database while the server keeps writing, and its data
    /// key in a file of its own (PostgreSQL: see docs/DEPLOY.md).
    Backup {
        /// Where to write the copy; must not exist.
        #[arg(long)]
        to: PathBuf,
        /// Where to write the data key; default: the copy's name with `.key` added. Keep it
        /// apart from the copy.
        #[arg(long)]
        key_to: Option<PathBuf>,
    },
    /// Puts a backup in place of the configured SQLite database, after checking that the copy
    /// is whole, that this version can read it, and that the key opens its personal data.
    /// Stop the server first.
    Restore {
        /// The backup made by `backup`.
        #[arg(long)]
        from: PathBuf,
        /// The data key written with it; default: the copy's name with `.key` added.
        #[arg(long)]
        key_from: Option<PathBuf>,
        /// Replace an existing database (it is kept beside, renamed, not deleted).
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Make the first ministry admin (or another) and print their one-time activation code.
    /// Running it again for the same phone changes nothing.
    CreateMinistryAdmin {
        /// The person's full name.
        #[arg(long)]
        name: String,
        /// Their mobile number (08..., 628... or +628...).
        #[arg(long)]
        phone: String,
        /// The phone already has an account, and it is this person's: give it the role.
        #[arg(long)]
        existing_account: bool,
    },
    /// List the ministry and dinas admins.
    ListStaff {
        /// Only those whose name, phone or region matches.
        #[arg(long)]
        search: Option<String>,
    },
    /// Disable an account: it cannot sign in, and every session it has ends at once.
    Disable {
        #[arg(long)]
        phone: String,
        /// Why, for the account's history.
        #[arg(long)]
        reason: Option<String>,
    },
    /// Enable a disabled account again.
    Enable {
        #[arg(long)]
        phone: String,
    },
    /// A new one-time code for a staff account (a lost code or a forgotten password). Accounts
    /// holding cooperative roles get theirs from their pengurus or dinas, in the app.
    ResetCode {
        #[arg(long)]
        phone: String,
    },
}
