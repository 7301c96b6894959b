//! A spreadsheet as rows of text, whatever it came as: XLSX (its first sheet, streamed cell by
//! cell so a million rows never sit in memory at once) or CSV (UTF-8, or Windows-1252 as older
//! Excel saves it; comma, semicolon or tab, whichever the heading row uses).

use std::io::{BufRead, BufReader, Read, Seek};

use calamine::{DataRef, Reader, Xlsx};
use kopdes_domain::import::FileProblem;
use tokio::sync::mpsc;

/// Rows handed over at a time: enough to keep the database busy, few enough to bound memory.
pub const BATCH_ROWS: usize = 500;
/// Cells further right than this are ignored: no registry file has that many columns, and a
/// workbook naming column XFD in every row would otherwise make every row 16,384 cells wide.
pub const MAX_COLUMNS: usize = 200;

/// Whether an XLSX (a zip archive) says it unpacks to at most `limit` bytes. A small upload can
/// hold a sheet of gigabytes; calamine would unpack its shared strings whole. Not a zip, or
/// sizes it does not state: left to the reader (and the row limit).
pub fn unpacks_within(bytes: &[u8], limit: u128) -> bool {
    match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(archive) => archive.decompressed_size().is_none_or(|size| size <= limit),
        Err(_) => true,
    }
}

/// One row as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its line in the file, the heading being line 1 (for XLSX, the sheet's row number).
    pub line: u64,
    pub cells: Vec<String>,
    /// Cells holding a number too long for a spreadsheet to keep exactly (a NIK typed as a
    /// number loses its last digits in Excel): their positions, for the row to be refused.
    pub lossy: Vec<usize>,
}

/// What a reader sends: the heading row first, then rows in batches, or why it stopped.
#[derive(Debug)]
pub enum Piece {
    Headings(Vec<String>),
    Rows(Vec<Row>),
}

/// Reads `source` on the calling (blocking) thread and sends it in pieces; a closed channel
/// (the importer gave up) ends the read quietly.
pub fn read<R: Read + Seek>(
    mut source: R,
    pieces: &mpsc::Sender<Piece>,
) -> Result<(), FileProblem> {
    let mut magic = [0u8; 4];
    let read = source
        .read(&mut magic)
        .map_err(|_| FileProblem::Unreadable)?;
    source
        .seek(std::io::SeekFrom::Start(0))
        .map_err(|_| FileProblem::Unreadable)?;
    // XLSX is a zip archive.
    if read == 4 && magic == *b"PK\x03\x04" {
        read_xlsx(source, pieces)
    } else {
        read_csv(source, pieces)
    }
}

/// Sends what was gathered; false when nobody listens any more.
fn send(pieces: &mpsc::Sender<Piece>, piece: Piece) -> bool {
    pieces.blocking_send(piece).is_ok()
}

fn read_xlsx<R: Read + Seek>(source: R, pieces: &mpsc::Sender<Piece>) -> Result<(), FileProblem> {
    let mut workbook: Xlsx<R> = Xlsx::new(source).map_err(|_| FileProblem::Unreadable)?;
    let Some(first) = workbook.sheet_names().into_iter().next() else {
        return Err(FileProblem::Empty);
    };
    let mut cells = workbook
        .worksheet_cells_reader(&first)
        .map_err(|_| FileProblem::Unreadable)?;
    let mut headings: Option<Vec<String>> = None;
    let mut current: Option<Row> = None;
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    loop {
        let cell = cells.next_cell().map_err(|_| FileProblem::Unreadable)?;
        let position = cell.as_ref().map(|c| c.get_position());
        // A new row starts (or the sheet ends): the row before is complete.
        if current
            .as_ref()
            .is_some_and(|row| Some(row.line) != position.map(|(r, _)| u64::from(r) + 1))
        {
            let row = current.take().expect("checked");
            match &headings {
                None => {
                    let found = row.cells;
                    if !send(pieces, Piece::Headings(found.clone())) {
                        return Ok(());
                    }
                    headings = Some(found);
                }
                Some(_) if row.cells.iter().all(|c| c.trim().is_empty()) => {}
                Some(_) => {
                    batch.push(row);
                    if batch.len() == BATCH_ROWS
                        && !send(pieces, Piece::Rows(std::mem::take(&mut batch)))
                    {
                        return Ok(());
                    }
                }
            }
        }
        let Some(cell) = cell else { break };
        let (row, column) = cell.get_position();
        if column as usize >= MAX_COLUMNS {
            continue;
        }
        let row = current.get_or_insert_with(|| Row {
            line: u64::from(row) + 1,
            cells: Vec::new(),
            lossy: Vec::new(),
        });
        let column = column as usize;
        if row.cells.len() <= column {
            row.cells.resize(column + 1, String::new());
        }
        let (text, lossy) = text_of(cell.get_value());
        row.cells[column] = text;
        if lossy {
            row.lossy.push(column);
        }
    }
    if headings.is_none() {
        return Err(FileProblem::Empty);
    }
    if !batch.is_empty() {
        send(pieces, Piece::Rows(batch));
    }
    Ok(())
}

/// A cell as the text a person would have typed, and whether a number lost digits.
fn text_of(value: &DataRef<'_>) -> (String, bool) {
    match value {
        DataRef::Int(i) => (i.to_string(), false),
        DataRef::Float(f) => {
            // Spreadsheets keep 15 significant digits: a longer number (a NIK) is already
            // wrong in the file, and must not pass as a different person's.
            let lossy = f.abs() >= 1e15;
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                (format!("{}", *f as i64), lossy)
            } else {
                (f.to_string(), lossy)
            }
        }
        DataRef::String(s) => (s.clone(), false),
        DataRef::SharedString(s) => ((*s).to_owned(), false),
        DataRef::Bool(b) => (b.to_string(), false),
        DataRef::DateTime(date) => {
            let (y, m, d, ..) = date.to_ymd_hms_milli();
            (format!("{y:04}-{m:02}-{d:02}"), false)
        }
        DataRef::DateTimeIso(s) => (s.chars().take(10).collect(), false),
        DataRef::DurationIso(s) => (s.clone(), false),
        DataRef::Error(_) | DataRef::Empty => (String::new(), false),
    }
}

fn read_csv<R: Read>(source: R, pieces: &mpsc::Sender<Piece>) -> Result<(), FileProblem> {
    let mut source = BufReader::new(source);
    let delimiter = {
        let start = source.fill_buf().map_err(|_| FileProblem::Unreadable)?;
        if start.is_empty() {
            return Err(FileProblem::Empty);
        }
        let first_line = start.split(|b| *b == b'\n').next().unwrap_or(start);
        delimiter_of(first_line)
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(LfOnly {
            inner: source,
            last: b'\n',
            ended: false,
        });
    let mut record = csv::ByteRecord::new();
    let mut headings = false;
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|_| FileProblem::Unreadable)?;
        if !more {
            break;
        }
        // The reader now stands at the start of the line after this record (every line ends
        // in `\n`, see `LfOnly`); a quoted cell spanning lines started it that much earlier.
        let inside: u64 = record
            .iter()
            .map(|cell| cell.iter().filter(|b| **b == b'\n').count() as u64)
            .sum();
        let line = reader.position().line().saturating_sub(1 + inside);
        let cells: Vec<String> = record.iter().map(decode).collect();
        if !headings {
            headings = true;
            if !send(pieces, Piece::Headings(cells)) {
                return Ok(());
            }
            continue;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        batch.push(Row {
            line,
            cells,
            lossy: Vec::new(),
        });
        if batch.len() == BATCH_ROWS && !send(pieces, Piece::Rows(std::mem::take(&mut batch))) {
            return Ok(());
        }
    }
    if !headings {
        return Err(FileProblem::Empty);
    }
    if !batch.is_empty() {
        send(pieces, Piece::Rows(batch));
    }
    Ok(())
}

/// A CSV with every line ending in a bare `\n`: carriage returns dropped, and a last line
/// ended. The CSV reader's line count is then exact, which Windows line endings and a missing
/// last newline would otherwise each put one off.
struct LfOnly<R> {
    inner: R,
    last: u8,
    ended: bool,
}

impl<R: Read> Read for LfOnly<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if self.ended || buf.is_empty() {
                return Ok(0);
            }
            let n = self.inner.read(buf)?;
            if n == 0 {
                self.ended = true;
                if self.last != b'\n' {
                    buf[0] = b'\n';
                    self.last = b'\n';
                    return Ok(1);
                }
                return Ok(0);
            }
            let mut kept = 0;
            for i in 0..n {
                if buf[i] != b'\r' {
                    buf[kept] = buf[i];
                    kept += 1;
                }
            }
            if kept > 0 {
                self.last = buf[kept - 1];
                return Ok(kept);
            }
        }
    }
}

/// The separator the heading row uses most, outside quotes: Excel in Indonesian saves CSV with
/// semicolons, most other tools with commas.
fn delimiter_of(line: &[u8]) -> u8 {
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// A cell's bytes as text: UTF-8 (without a byte-order mark), else Windows-1252, which older
/// Excel writes and which any byte sequence is.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|b| windows_1252(*b)).collect(),
    }
}

/// Windows-1252 to Unicode: Latin-1, except for 0x80-0x9F.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Result<(Vec<String>, Vec<Row>), FileProblem> {
        let (tx, mut rx) = mpsc::channel(1_000);
        read(std::io::Cursor::new(bytes.to_vec()), &tx)?;
        drop(tx);
        let mut headings = Vec::new();
        let mut rows = Vec::new();
        while let Some(piece) = rx.blocking_recv() {
            match piece {
                Piece::Headings(h) => headings = h,
                Piece::Rows(r) => rows.extend(r),
            }
        }
        Ok((headings, rows))
    }

    #[test]
    fn a_semicolon_csv_from_indonesian_excel_is_read_with_its_lines() {
        let (headings, rows) =
            all(b"\xEF\xBB\xBFkode_desa;nama\r\n32.04.12.2003;\"Koperasi; Desa\"\r\n;\r\n33.01.01.2001;B\r\n")
                .unwrap();
        assert_eq!(headings, ["kode_desa", "nama"]);
        assert_eq!(rows.len(), 2, "the blank row is skipped");
        assert_eq!(rows[0].cells, ["32.04.12.2003", "Koperasi; Desa"]);
        assert_eq!((rows[0].line, rows[1].line), (2, 4));
    }

    #[test]
    fn lines_are_counted_alike_whatever_the_line_endings() {
        for file in [
            &b"h\r\na\r\n\r\n\"x\r\ny\"\r\nd"[..],
            &b"h\na\n\n\"x\ny\"\nd\n"[..],
        ] {
            let (_, rows) = all(file).unwrap();
            let lines: Vec<u64> = rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 4, 6], "{file:?}");
            assert_eq!(rows[1].cells, ["x\ny"]);
        }
    }

    #[test]
    fn windows_1252_text_is_read_as_written() {
        let (_, rows) = all(b"nama\nJos\xe9 \x93Oke\x94\n").unwrap();
        assert_eq!(rows[0].cells, ["José “Oke”"]);
    }

    #[test]
    fn an_empty_file_has_nothing_to_read() {
        assert_eq!(all(b""), Err(FileProblem::Empty));
        assert_eq!(
            all(b"PK\x03\x04 not really a zip"),
            Err(FileProblem::Unreadable)
        );
    }

    #[test]
    fn a_workbook_that_unpacks_to_more_than_the_limit_is_told_apart() {
        use std::io::Write as _;
        let mut zipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zipped.start_file("xl/sharedStrings.xml", stored).unwrap();
        zipped.write_all(&[b'a'; 4_096]).unwrap();
        let bytes = zipped.finish().unwrap().into_inner();
        assert!(unpacks_within(&bytes, 4_096));
        assert!(!unpacks_within(&bytes, 4_095));
        assert!(
            unpacks_within(b"kode_desa,nik", 10),
            "a CSV is left to the reader"
        );
    }

    #[test]
    fn cells_far_to_the_right_are_ignored() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.write_string(0, 0, "nik").unwrap();
        sheet.write_string(1, 0, "3204124506900003").unwrap();
        sheet.write_string(1, 16_000, "x").unwrap();
        let (_, rows) = all(&workbook.save_to_buffer().unwrap()).unwrap();
        assert_eq!(rows[0].cells, ["3204124506900003"]);
    }

    #[test]
    fn an_xlsx_sheet_is_read_with_dates_numbers_and_lost_digits() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        let date = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        sheet.write_string(0, 0, "nik").unwrap();
        sheet.write_string(0, 1, "tanggal_masuk").unwrap();
        sheet.write_string(0, 2, "hp").unwrap();
        sheet.write_number(1, 0, 3204124506901234.0).unwrap();
        sheet
            .write_datetime_with_format(
                1,
                1,
                rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 1, 15).unwrap(),
                &date,
            )
            .unwrap();
        sheet.write_number(1, 2, 81211112222.0).unwrap();
        sheet.write_string(3, 0, "3204124506900003").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        let (headings, rows) = all(&bytes).unwrap();
        assert_eq!(headings, ["nik", "tanggal_masuk", "hp"]);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].cells[1], "2026-01-15");
        assert_eq!(rows[0].cells[2], "81211112222");
        assert_eq!(rows[0].lossy, [0], "a 16-digit number cannot be trusted");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].cells[0], "3204124506900003");
        assert!(rows[1].lossy.is_empty());
    }
}
