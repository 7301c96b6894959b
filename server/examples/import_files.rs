//! Spreadsheets for measuring imports at the programme's scale (BENCHMARKS.md, "Imports"): a
//! cooperative in every village of the region tree (83,762; or one province's with
//! `--province`) with its chair, and `--members` members spread over those villages, with
//! NIKs valid for their district. Deterministic: the same flags give the same files.
//!
//!     cargo run --release -p kopdes-server --example import_files -- --out /tmp/import \
//!         --members 1000000
//!
//! writes `/tmp/import/koperasi.csv` and `/tmp/import/anggota.csv`, to import with
//! `kopdes-server import cooperatives ... --apply` first, then `members ... --consent-collected`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use kopdes_domain::region::RegionLevel;

#[derive(Parser)]
struct Args {
    /// A directory for the two files.
    #[arg(long)]
    out: PathBuf,
    /// Only this province's villages (its two-digit code).
    #[arg(long)]
    province: Option<String>,
    /// Members in all, spread evenly over the villages.
    #[arg(long, default_value_t = 1_000_000)]
    members: u64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.out)?;
    let villages: Vec<(String, String)> = kopdes_server::regions::embedded()?
        .into_iter()
        .filter(|(code, _)| code.level() == RegionLevel::Village)
        .filter(|(code, _)| {
            args.province
                .as_deref()
                .is_none_or(|p| code.as_str().starts_with(&format!("{p}.")))
        })
        .map(|(code, name)| (code.as_str().to_owned(), name))
        .collect();
    anyhow::ensure!(!villages.is_empty(), "no villages");

    let mut cooperatives = std::io::BufWriter::new(
        std::fs::File::create(args.out.join("koperasi.csv")).context("koperasi.csv")?,
    );
    writeln!(
        cooperatives,
        "kode_desa,nama_koperasi,skema,nama_ketua,hp_ketua,alamat,tanggal_berdiri"
    )?;
    for (i, (code, name)) in villages.iter().enumerate() {
        let scheme = ["baru", "pengembangan", "revitalisasi"][i % 3];
        // Chairs' phones: 0852 then eight digits from the row, all distinct.
        writeln!(
            cooperatives,
            "{code},\"Koperasi Desa Merah Putih {name}\",{scheme},Ketua {name},0852{:08},\"Jl. Desa {name} No. 1\",21/07/2025",
            i + 1
        )?;
    }
    cooperatives.flush()?;

    let mut members = std::io::BufWriter::new(
        std::fs::File::create(args.out.join("anggota.csv")).context("anggota.csv")?,
    );
    writeln!(members, "kode_desa,nik,nama,hp,tanggal_masuk")?;
    let per_village = args.members.div_ceil(villages.len() as u64);
    let mut written = 0;
    // Serials count per district, so no two people share a NIK.
    let mut serials: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    'villages: for (code, _) in &villages {
        // A NIK issued in the village's own district: its first six digits.
        let district: String = code[..8].replace('.', "");
        for _ in 0..per_village {
            let serial = serials.entry(district.clone()).or_default();
            *serial += 1;
            let serial = *serial;
            if written == args.members {
                break 'villages;
            }
            written += 1;
            let day = 1 + (written % 28);
            let month = 1 + (written % 12);
            let year = 60 + (written % 40);
            let female = written % 2 == 0;
            let dd = if female { day + 40 } else { day };
            writeln!(
                members,
                "{code},{district}{dd:02}{month:02}{year:02}{serial:04},Anggota {written},,15/01/2026"
            )?;
        }
    }
    members.flush()?;
    eprintln!(
        "{} cooperatives, {written} members in {}",
        villages.len(),
        args.out.display()
    );
    Ok(())
}
