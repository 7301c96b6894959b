//! The one CSV writer of the project (dashboards made on the phone, form answers exported by
//! the server): RFC 4180 quoting, and no cell a spreadsheet would run.
//!
//! A cell that a spreadsheet reads as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return, also after leading spaces) gets a leading `'`, so an answer like
//! `=HYPERLINK(...)` typed in a village shows as text on a ministry laptop. Plain numbers,
//! negative ones included, stay numbers.

/// One record, ending in CRLF.
pub fn record<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = String::new();
    push_record(&mut out, cells);
    out
}

/// A header and its rows.
pub fn table<S: AsRef<str>>(header: &[&str], rows: &[Vec<S>]) -> String {
    let mut out = String::new();
    push_record(&mut out, header);
    for row in rows {
        push_record(&mut out, row);
    }
    out
}

fn push_record<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (n, cell) in cells.iter().enumerate() {
        if n > 0 {
            out.push(',');
        }
        push_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

fn push_cell(out: &mut String, cell: &str) {
    let guarded;
    let cell = if runs_as_formula(cell) {
        guarded = format!("'{cell}");
        guarded.as_str()
    } else {
        cell
    };
    if cell.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn runs_as_formula(cell: &str) -> bool {
    let start = cell.trim_start_matches(' ');
    start.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell)
}

/// `-12`, `3.5`, `-0.25`: what a spreadsheet should keep as a number.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_quoting() {
        let text = table(
            &["Wilayah", "Koperasi"],
            &[
                vec!["Kab. Bandung", "12"],
                vec!["Kota \"Baru\", Timur", "3"],
            ],
        );
        assert_eq!(
            text,
            "Wilayah,Koperasi\r\nKab. Bandung,12\r\n\"Kota \"\"Baru\"\", Timur\",3\r\n"
        );
    }

    #[test]
    fn no_cell_runs_as_a_formula_and_numbers_stay_numbers() {
        let cells = [
            "=HYPERLINK(\"x\")",
            "+62 812",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "  =1+1",
            "-5000",
            "12.5",
            "Koperasi",
        ];
        assert_eq!(
            record(&cells),
            "\"'=HYPERLINK(\"\"x\"\")\",'+62 812,'-2+3,'@SUM(A1),'\tx,'  =1+1,-5000,12.5,Koperasi\r\n"
        );
    }
}
