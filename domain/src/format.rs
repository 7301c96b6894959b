//! Numbers as people read them: Indonesian groups thousands with a dot and writes decimals with
//! a comma (Rp 1.250.000; 1,5 MB), English the other way round.

use crate::Lang;

/// `1250000` -> `1.250.000` (id) or `1,250,000` (en).
pub fn integer(n: u64, lang: Lang) -> String {
    let separator = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// An amount of money as written on a receipt: `Rp 1.250.000`, `-Rp 20.000` (id) or
/// `Rp 1,250,000` (en).
pub fn rupiah(amount: i64, lang: Lang) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    format!("{sign}Rp {}", integer(amount.unsigned_abs(), lang))
}

/// A byte count in the unit a person on a data bundle thinks in: `850 B`, `12 KB`, `1,5 MB`.
/// Uses 1000-based units, as phone data bundles and settings screens do. Integer arithmetic
/// only: float formatting would add kilobytes to the WebAssembly.
pub fn bytes(n: u64, lang: Lang) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n} B");
    }
    // u128: rounding adds half a unit, which must not overflow at the top of u64.
    let n = u128::from(n);
    let mut unit = 0;
    let mut divisor: u128 = 1000;
    // Move up a unit once the rounded value would reach 1000 in this one.
    while unit < UNITS.len() - 1 && (n + divisor / 2) / divisor >= 1000 {
        unit += 1;
        divisor *= 1000;
    }
    // Tenths, rounded half up; one decimal only below 10, where it still matters.
    let tenths = (n * 10 + divisor / 2) / divisor;
    let mark = match lang {
        Lang::Id => ',',
        Lang::En => '.',
    };
    let text = if tenths < 100 && !tenths.is_multiple_of(10) {
        format!("{}{mark}{}", tenths / 10, tenths % 10)
    } else {
        ((n + divisor / 2) / divisor).to_string()
    };
    format!("{text} {}", UNITS[unit])
}

fn month_name(month: u8, lang: Lang) -> &'static str {
    const ID: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let months = match lang {
        Lang::Id => ID,
        Lang::En => EN,
    };
    months[usize::from(month.clamp(1, 12) - 1)]
}

/// A month as a chart labels it: `2026-03` -> `Mar 26`; anything else as given.
pub fn month(yyyy_mm: &str, lang: Lang) -> String {
    match (
        yyyy_mm.get(2..4),
        yyyy_mm.get(5..7).and_then(|m| m.parse().ok()),
    ) {
        (Some(year), Some(month)) if yyyy_mm.len() == 7 => {
            format!("{} {year}", month_name(month, lang))
        }
        _ => yyyy_mm.to_owned(),
    }
}

/// A date as people write it: `15 Des 2005` (id) or `15 Dec 2005` (en).
pub fn date(date: crate::date::Date, lang: Lang) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month(), lang),
        date.year()
    )
}

/// A moment in Western Indonesian Time, as people write it: `29 Nov 2026 10.15 WIB` (id, with
/// the Indonesian dot) or `29 Nov 2026 10:15 WIB` (en).
pub fn moment_wib(unix_millis: i64, lang: Lang) -> String {
    const WIB_OFFSET_MILLIS: i64 = 7 * 3600 * 1000;
    let minute_of_day = (unix_millis + WIB_OFFSET_MILLIS)
        .div_euclid(60_000)
        .rem_euclid(24 * 60);
    let separator = match lang {
        Lang::Id => '.',
        Lang::En => ':',
    };
    format!(
        "{} {:02}{separator}{:02} WIB",
        date(crate::date::Date::in_wib(unix_millis), lang),
        minute_of_day / 60,
        minute_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_told_in_western_indonesian_time() {
        // 2026-11-29T03:05:00Z is 10.05 the same day in Jakarta; 17:30Z is past midnight there.
        assert_eq!(
            moment_wib(1_795_921_500_000, Lang::Id),
            "29 Nov 2026 10.05 WIB"
        );
        assert_eq!(
            moment_wib(1_795_921_500_000, Lang::En),
            "29 Nov 2026 10:05 WIB"
        );
        assert_eq!(
            moment_wib(1_795_973_400_000, Lang::Id),
            "30 Nov 2026 00.30 WIB"
        );
    }

    #[test]
    fn dates_read_as_written_in_each_language() {
        let d = crate::date::Date::new(2005, 12, 15).unwrap();
        assert_eq!(date(d, Lang::Id), "15 Des 2005");
        assert_eq!(date(d, Lang::En), "15 Dec 2005");
        let d = crate::date::Date::new(2026, 8, 1).unwrap();
        assert_eq!(date(d, Lang::Id), "1 Agu 2026");
    }

    #[test]
    fn months_label_charts_briefly() {
        assert_eq!(month("2026-03", Lang::Id), "Mar 26");
        assert_eq!(month("2025-08", Lang::Id), "Agu 25");
        assert_eq!(month("2025-08", Lang::En), "Aug 25");
        assert_eq!(month("2026", Lang::En), "2026");
    }

    #[test]
    fn money_reads_as_on_a_receipt() {
        assert_eq!(rupiah(1_250_000, Lang::Id), "Rp 1.250.000");
        assert_eq!(rupiah(-20_000, Lang::Id), "-Rp 20.000");
        assert_eq!(rupiah(10_000, Lang::En), "Rp 10,000");
        assert_eq!(rupiah(0, Lang::Id), "Rp 0");
    }

    #[test]
    fn integers_group_thousands_by_language() {
        assert_eq!(integer(0, Lang::Id), "0");
        assert_eq!(integer(999, Lang::Id), "999");
        assert_eq!(integer(1_000, Lang::Id), "1.000");
        assert_eq!(integer(1_250_000, Lang::Id), "1.250.000");
        assert_eq!(integer(1_250_000, Lang::En), "1,250,000");
        assert_eq!(integer(u64::MAX, Lang::Id), "18.446.744.073.709.551.615");
    }

    #[test]
    fn bytes_use_the_local_decimal_mark() {
        assert_eq!(bytes(0, Lang::Id), "0 B");
        assert_eq!(bytes(999, Lang::En), "999 B");
        assert_eq!(bytes(1_000, Lang::Id), "1 KB");
        assert_eq!(bytes(1_500_000, Lang::Id), "1,5 MB");
        assert_eq!(bytes(1_500_000, Lang::En), "1.5 MB");
        assert_eq!(bytes(94_321, Lang::Id), "94 KB");
        assert_eq!(bytes(2_000_000_000, Lang::En), "2 GB");
    }

    #[test]
    fn bytes_round_up_into_the_next_unit_only_at_a_thousand() {
        assert_eq!(bytes(999_499, Lang::En), "999 KB");
        assert_eq!(bytes(999_500, Lang::En), "1 MB");
        assert_eq!(bytes(9_960, Lang::En), "10 KB");
        assert_eq!(bytes(9_949, Lang::Id), "9,9 KB");
        assert_eq!(bytes(u64::MAX, Lang::En), "18446744 TB");
    }
}
