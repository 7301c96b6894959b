//! `kopdes-server admin ...`: what the person running the server does on its command line,
//! where no one can sign in yet. Every action is audited like one made in the app, with no
//! actor and `"by": "operator"` in its details.

use std::io::Write;

use anyhow::{Context, bail};
use kopdes_domain::account::{ACTIVATION_CODE_DIGITS, Role, phone_field};
use kopdes_domain::cooperative::name_field;
use kopdes_domain::phone::Phone;

use crate::accounts::{self, CreateUserError, ReissueError};
use crate::cli::AdminCommand;
use crate::db::Db;
use crate::staff::{self, AppointError, Filter, Scope};

pub async fn run(db: &Db, command: AdminCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateMinistryAdmin {
            name,
            phone,
            existing_account,
        } => create_ministry_admin(db, &name, &phone, existing_account, out).await,
        AdminCommand::ListStaff { search } => list_staff(db, search, out).await,
        AdminCommand::Disable { phone, reason } => {
            set_disabled(db, &phone, true, reason.as_deref(), out).await
        }
        AdminCommand::Enable { phone } => set_disabled(db, &phone, false, None, out).await,
        AdminCommand::ResetCode { phone } => reset_code(db, &phone, out).await,
    }
}

fn phone(text: &str) -> anyhow::Result<Phone> {
    phone_field("phone", text)
        .map_err(|e| anyhow::anyhow!("--phone {text:?} is not a mobile number ({})", e.code))
}

async fn create_ministry_admin(
    db: &Db,
    name: &str,
    phone_text: &str,
    existing_account: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let name = name_field("name", name)
        .map_err(|e| anyhow::anyhow!("--name is not a usable name ({})", e.code))?;
    let phone = phone(phone_text)?;
    let mut tx = db.writer.begin().await?;
    let appointed = staff::appoint_in(
        &mut tx,
        &name,
        &phone,
        Role::MinistryAdmin,
        None,
        None,
        existing_account,
    )
    .await;
    match appointed {
        Ok((_, code)) => {
            tx.commit().await?;
            writeln!(out, "Ministry admin: {name} ({})", phone.local())?;
            match code {
                Some(code) => print_code(out, &code)?,
                None => writeln!(
                    out,
                    "The existing account keeps its password; if it never set one, run \
                     `kopdes-server admin reset-code --phone {}`.",
                    phone.local()
                )?,
            }
            Ok(())
        }
        Err(AppointError::AlreadyHeld) => {
            writeln!(
                out,
                "{} is already a ministry admin: nothing changed. A lost code or password: \
                 `kopdes-server admin reset-code --phone {}`.",
                phone.local(),
                phone.local()
            )?;
            Ok(())
        }
        Err(AppointError::Account(CreateUserError::ExistingNotConfirmed)) => bail!(
            "{} already has an account. If it is {name}'s, run again with --existing-account \
             to make it a ministry admin.",
            phone.local()
        ),
        Err(AppointError::Account(error)) => Err(error.into()),
        Err(AppointError::Database(error)) => Err(error.into()),
    }
}

fn print_code(out: &mut dyn Write, code: &str) -> anyhow::Result<()> {
    debug_assert_eq!(code.len(), ACTIVATION_CODE_DIGITS);
    writeln!(out, "One-time activation code: {code}")?;
    writeln!(
        out,
        "It works once, for 7 days. Give it to the person only: they open the app, choose \
         \"Aktivasi akun\" (/masuk/aktivasi), enter their phone number and this code, and set \
         their own password."
    )?;
    Ok(())
}

async fn list_staff(db: &Db, search: Option<String>, out: &mut dyn Write) -> anyhow::Result<()> {
    const PAGE: i64 = 500;
    let mut offset = 0;
    loop {
        let page = staff::list(
            db,
            &Scope::Country,
            &Filter {
                search: search.clone(),
                offset,
                limit: PAGE,
            },
        )
        .await?;
        if offset == 0 {
            writeln!(
                out,
                "{:<15} {:<30} {:<15} {:<30} state",
                "phone", "name", "role", "region"
            )?;
        }
        for member in &page.items {
            let region = match (&member.region, &member.place) {
                (Some(code), Some(place)) => format!("{code} {place}"),
                (Some(code), None) => code.to_string(),
                _ => "(whole country)".to_owned(),
            };
            let state = if member.disabled {
                "disabled"
            } else if member.activated {
                "active"
            } else {
                "not activated"
            };
            writeln!(
                out,
                "{:<15} {:<30} {:<15} {:<30} {state}",
                member.phone.local(),
                member.name,
                member.role.as_str(),
                region
            )?;
        }
        offset += PAGE;
        if offset >= page.total {
            writeln!(out, "{} staff role(s)", page.total)?;
            return Ok(());
        }
    }
}

async fn account_id(db: &Db, phone: &Phone) -> anyhow::Result<String> {
    let mut conn = db.pool.acquire().await?;
    accounts::id_by_phone(&mut conn, phone)
        .await?
        .with_context(|| format!("no account has the phone {}", phone.local()))
}

async fn set_disabled(
    db: &Db,
    phone_text: &str,
    disabled: bool,
    reason: Option<&str>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let phone = phone(phone_text)?;
    let user_id = account_id(db, &phone).await?;
    let mut tx = db.writer.begin().await?;
    let changed = staff::set_disabled_in(&mut tx, &user_id, disabled, None, reason).await?;
    tx.commit().await?;
    let what = match (disabled, changed) {
        (true, true) => "disabled; its sessions have ended",
        (true, false) => "was already disabled: nothing changed",
        (false, true) => "enabled; it can sign in again",
        (false, false) => "was not disabled: nothing changed",
    };
    writeln!(out, "The account of {} {what}.", phone.local())?;
    Ok(())
}

async fn reset_code(db: &Db, phone_text: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let phone = phone(phone_text)?;
    let user_id = account_id(db, &phone).await?;
    let mut tx = db.writer.begin().await?;
    match accounts::issue_operator_code_in(&mut tx, &user_id).await {
        Ok(code) => {
            tx.commit().await?;
            writeln!(
                out,
                "A new code for {}; any earlier one no longer works. Their password stays \
                 until they use it.",
                phone.local()
            )?;
            print_code(out, &code)
        }
        Err(ReissueError::OutOfScope) => bail!(
            "{} holds roles in a cooperative: their pengurus or dinas admin issues a new code in \
             the app (Anggota or Pengurus page), under the rule that only a wider scope may.",
            phone.local()
        ),
        Err(ReissueError::Database(error)) => Err(error.into()),
    }
}
