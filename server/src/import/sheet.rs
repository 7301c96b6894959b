//! Tables people open in a spreadsheet: the import report, the hand-over sheet. CSV through the
//! project's one CSV writer (formulas guarded) with a byte-order mark so Excel reads UTF-8;
//! XLSX with every cell written as text, so NIKs, phone numbers and codes keep all their
//! digits and leading zeros. XLSX rows go to a temporary file as they come, not to memory.

use std::io::Write;

use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};

/// How a table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    /// The format a file name asks for by its extension.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        Format::parse(&path.extension()?.to_str()?.to_ascii_lowercase())
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

/// A table being written, row by row, into `W`.
pub struct SheetWriter<W: Write> {
    out: W,
    xlsx: Option<(Workbook, u32)>,
}

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("writing the table: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

impl<W: Write + Send> SheetWriter<W> {
    pub fn new(format: Format, mut out: W, sheet_name: &str) -> Result<SheetWriter<W>, SheetError> {
        let xlsx = match format {
            Format::Csv => {
                out.write_all(b"\xEF\xBB\xBF")?;
                None
            }
            Format::Xlsx => {
                let mut workbook = Workbook::new();
                workbook
                    .add_worksheet_with_constant_memory()?
                    .set_name(sheet_name)?;
                Some((workbook, 0))
            }
        };
        Ok(SheetWriter { out, xlsx })
    }

    /// One row; the first is the heading, in bold in a workbook.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), SheetError> {
        match &mut self.xlsx {
            None => {
                self.out
                    .write_all(kopdes_domain::csv::record(cells).as_bytes())?;
            }
            Some((workbook, next)) => {
                let heading = CellFormat::new().set_bold();
                let sheet = workbook.worksheet_from_index(0)?;
                for (column, cell) in cells.iter().enumerate() {
                    let column = u16::try_from(column).unwrap_or(u16::MAX);
                    if *next == 0 {
                        sheet.write_string_with_format(*next, column, cell.as_ref(), &heading)?;
                    } else {
                        sheet.write_string(*next, column, cell.as_ref())?;
                    }
                }
                *next += 1;
            }
        }
        Ok(())
    }

    /// Finishes the table and gives back what it was written into.
    pub fn finish(mut self) -> Result<W, SheetError> {
        if let Some((mut workbook, _)) = self.xlsx.take() {
            workbook.save_to_writer(&mut self.out)?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_table_starts_with_a_byte_order_mark_and_guards_formulas() {
        let mut sheet = SheetWriter::new(Format::Csv, Vec::new(), "x").unwrap();
        sheet.row(&["nik", "catatan"]).unwrap();
        sheet
            .row(&["3204124506900003", "=HYPERLINK(\"x\")"])
            .unwrap();
        let text = String::from_utf8(sheet.finish().unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{feff}nik,catatan\r\n3204124506900003,\"'=HYPERLINK(\"\"x\"\")\"\r\n"
        );
    }

    #[test]
    fn a_workbook_keeps_every_digit_as_text() {
        let mut sheet = SheetWriter::new(Format::Xlsx, Vec::new(), "Laporan").unwrap();
        sheet.row(&["nik", "hp"]).unwrap();
        sheet.row(&["3204124506901234", "081211112222"]).unwrap();
        let bytes = sheet.finish().unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::channel(10);
        super::super::table::read(std::io::Cursor::new(bytes), &tx).unwrap();
        drop(tx);
        let mut cells = Vec::new();
        while let Some(piece) = rx.blocking_recv() {
            if let super::super::table::Piece::Rows(rows) = piece {
                cells.extend(rows.into_iter().map(|r| r.cells));
            }
        }
        assert_eq!(cells, [["3204124506901234", "081211112222"]]);
    }
}
