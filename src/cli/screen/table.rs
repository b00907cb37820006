//! The screen table as a file: CSV (with a header) or JSON Lines (one row object per line),
//! streamed one perturbation set at a time and read back to resume an interrupted run.
//!
//! Why it cannot lose or corrupt rows: the rows of one perturbation set are formatted into one
//! buffer and written with one `write` to a file opened for appending, so a kill leaves whole
//! sets (at worst a last record cut short, which reading drops). Reading keeps only sets with a
//! row for every condition × update scheme; the file is then rewritten with exactly those rows
//! (temporary file and rename) before new rows are appended. The final table replaces the file
//! the same way, sorted into screen order.

use super::super::csv_field;
use basin::Error;
use basin::screen::ScreenRow;
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The CSV header, also that of `--format csv`.
/// The last four columns are empty for exact shares; for estimated ones they hold the walks
/// that ended in the label's attractors and the walks drawn, perturbed and wild type.
pub(crate) const CSV_HEADER: &str = "perturbation,condition,update,label,fraction,wild_type_fraction,shift,attractors,wild_type_attractors,hits,samples,wild_type_hits,wild_type_samples\n";

/// How a table file is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TableFormat {
    /// Comma-separated, header first.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

impl TableFormat {
    /// JSON Lines for `.jsonl` and `.ndjson`, CSV otherwise.
    pub(crate) fn of(path: &Path) -> TableFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson") => {
                TableFormat::JsonLines
            }
            _ => TableFormat::Csv,
        }
    }

    fn header(self) -> &'static str {
        match self {
            TableFormat::Csv => CSV_HEADER,
            TableFormat::JsonLines => "",
        }
    }

    /// Appends `rows` to `out`, one line each.
    pub(crate) fn push_rows(self, out: &mut String, rows: &[ScreenRow]) {
        for r in rows {
            match self {
                TableFormat::Csv => push_csv(out, r),
                TableFormat::JsonLines => {
                    out.push_str(&serde_json::to_string(r).expect("rows always serialise"));
                    out.push('\n');
                }
            }
        }
    }

    /// The whole table: header and rows.
    pub(crate) fn render(self, rows: &[ScreenRow]) -> String {
        let mut out = String::from(self.header());
        self.push_rows(&mut out, rows);
        out
    }
}

fn push_csv(out: &mut String, r: &ScreenRow) {
    let count = |c: Option<u64>| c.map_or_else(String::new, |c| c.to_string());
    let _ = writeln!(
        out,
        "{},{},{},{},{},{},{},{},{},{},{},{},{}",
        csv_field(&r.perturbation),
        csv_field(&r.condition),
        r.update.as_str(),
        csv_field(&r.label),
        r.fraction,
        r.wild_type_fraction,
        r.shift,
        r.attractors,
        r.wild_type_attractors,
        count(r.hits),
        count(r.samples),
        count(r.wild_type_hits),
        count(r.wild_type_samples)
    );
}

/// The complete records of a CSV text (RFC 4180 quoting) with the 1-based line each starts on;
/// a last record without its line end (a write cut short) is left out.
fn csv_records(text: &str) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut records = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut start_line) = (1usize, 1usize);
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => fields.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((start_line, std::mem::take(&mut fields)));
                line += 1;
                start_line = line;
            }
            '"' => return Err(format!("line {line}: a quote inside an unquoted field")),
            _ => field.push(c),
        }
    }
    Ok(records)
}

/// Reads the complete rows of a table file; a last record cut short is dropped.
///
/// # Errors
/// [`Error::Invalid`] naming the file and line of the first record that is not a row of a
/// screen table (or a CSV header that is not the table's).
pub(crate) fn read_rows(path: &Path, format: TableFormat) -> Result<Vec<ScreenRow>, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let bad = |line: usize, what: String| {
        Error::Invalid(format!(
            "{}, line {line}: {what}; is it a table written by basin screen --out?",
            path.display()
        ))
    };
    let mut rows = Vec::new();
    match format {
        TableFormat::JsonLines => {
            let complete = text.rfind('\n').map_or("", |end| &text[..=end]);
            for (i, line) in complete.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let row: ScreenRow =
                    serde_json::from_str(line).map_err(|e| bad(i + 1, e.to_string()))?;
                rows.push(row);
            }
        }
        TableFormat::Csv => {
            let records = csv_records(&text).map_err(|e| bad(0, e))?;
            let mut records = records.into_iter();
            match records.next() {
                None => {}
                Some((_, header)) if header.join(",") == CSV_HEADER.trim_end() => {}
                Some((line, header)) => {
                    return Err(bad(
                        line,
                        format!("the header '{}' is not the table's", header.join(",")),
                    ));
                }
            }
            for (line, f) in records {
                if f.len() == 1 && f[0].is_empty() {
                    continue;
                }
                rows.push(csv_row(&f).map_err(|e| bad(line, e))?);
            }
        }
    }
    Ok(rows)
}

fn csv_row(f: &[String]) -> Result<ScreenRow, String> {
    if f.len() != 13 {
        return Err(format!("{} fields, not 13", f.len()));
    }
    let number = |i: usize, what: &str| -> Result<f64, String> {
        f[i].parse()
            .map_err(|_| format!("{what} '{}' is not a number", f[i]))
    };
    let count = |i: usize, what: &str| -> Result<usize, String> {
        f[i].parse()
            .map_err(|_| format!("{what} '{}' is not a count", f[i]))
    };
    // Empty for an exact share.
    let walks = |i: usize, what: &str| -> Result<Option<u64>, String> {
        if f[i].is_empty() {
            return Ok(None);
        }
        f[i].parse()
            .map(Some)
            .map_err(|_| format!("{what} '{}' is not a count", f[i]))
    };
    Ok(ScreenRow {
        perturbation: f[0].clone(),
        condition: f[1].clone(),
        update: f[2]
            .parse()
            .map_err(|_| format!("'{}' is not an update scheme", f[2]))?,
        label: f[3].clone(),
        fraction: number(4, "fraction")?,
        wild_type_fraction: number(5, "wild_type_fraction")?,
        shift: number(6, "shift")?,
        attractors: count(7, "attractors")?,
        wild_type_attractors: count(8, "wild_type_attractors")?,
        hits: walks(9, "hits")?,
        samples: walks(10, "samples")?,
        wild_type_hits: walks(11, "wild_type_hits")?,
        wild_type_samples: walks(12, "wild_type_samples")?,
    })
}

/// Replaces `path` with `text` through a temporary file and a rename.
pub(crate) fn replace(path: &Path, text: &str) -> Result<(), Error> {
    super::super::write_output(Some(path), text)
}

/// A table file rows are appended to, one perturbation set per write.
pub(crate) struct Stream {
    path: PathBuf,
    format: TableFormat,
    file: Mutex<File>,
    /// The first write error; later sets are not written.
    failed: Mutex<Option<std::io::Error>>,
}

impl Stream {
    /// Opens `path` for appending (it must hold a header already, when the format has one).
    pub(crate) fn append_to(path: &Path, format: TableFormat) -> Result<Stream, Error> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Stream {
            path: path.to_path_buf(),
            format,
            file: Mutex::new(file),
            failed: Mutex::new(None),
        })
    }

    /// Starts a new table at `path` (header only) and opens it for appending.
    pub(crate) fn create(path: &Path, format: TableFormat) -> Result<Stream, Error> {
        replace(path, format.header())?;
        Stream::append_to(path, format)
    }

    /// Writes the rows of one perturbation set in one write. Returns `false` once writing
    /// has failed (the error is kept for [`Stream::finish`]).
    pub(crate) fn write(&self, rows: &[ScreenRow]) -> bool {
        let mut buffer = String::new();
        self.format.push_rows(&mut buffer, rows);
        let mut failed = self.failed.lock().unwrap_or_else(|e| e.into_inner());
        if failed.is_some() {
            return false;
        }
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        match file
            .write_all(buffer.as_bytes())
            .and_then(|()| file.flush())
        {
            Ok(()) => true,
            Err(e) => {
                *failed = Some(e);
                false
            }
        }
    }

    /// The first write error, if any.
    pub(crate) fn finish(self) -> Result<(), Error> {
        match self.failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Some(source) => Err(Error::Io {
                path: self.path,
                source,
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use basin::UpdateScheme;

    fn row(perturbation: &str, condition: &str, label: &str, fraction: f64) -> ScreenRow {
        ScreenRow {
            perturbation: perturbation.into(),
            condition: condition.into(),
            update: UpdateScheme::Asynchronous,
            label: label.into(),
            fraction,
            wild_type_fraction: 0.25,
            shift: fraction - 0.25,
            attractors: 1,
            wild_type_attractors: 2,
            hits: None,
            samples: None,
            wild_type_hits: None,
            wild_type_samples: None,
        }
    }

    #[test]
    fn rows_read_back_as_written_and_a_cut_record_is_dropped() {
        let mut rows = vec![
            row("A=0+B=1", "drug,infection", "M2+FIB", 0.1 + 0.2),
            row("A=1", "say \"hi\"", "M1", 1.0 / 3.0),
        ];
        // An estimated share keeps its walk counts.
        let mut estimated = row("B=0", "c", "M1", 0.25);
        (estimated.hits, estimated.samples) = (Some(2500), Some(10_000));
        (estimated.wild_type_hits, estimated.wild_type_samples) = (Some(0), Some(10_000));
        rows.insert(1, estimated);
        let dir = std::env::temp_dir().join(format!("basin-table-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, format) in [
            ("t.csv", TableFormat::Csv),
            ("t.jsonl", TableFormat::JsonLines),
        ] {
            let path = dir.join(name);
            assert_eq!(TableFormat::of(&path), format);
            let text = format.render(&rows);
            std::fs::write(&path, &text).unwrap();
            assert_eq!(read_rows(&path, format).unwrap(), rows);
            // A write cut short: the last record loses its end.
            std::fs::write(&path, &text[..text.len() - 5]).unwrap();
            assert_eq!(read_rows(&path, format).unwrap(), rows[..2]);
            std::fs::write(&path, "not,a,table\n").unwrap();
            let e = read_rows(&path, format).unwrap_err().to_string();
            assert!(e.contains("line 1"), "{e}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_number_reads_back_bit_for_bit() {
        // Shares are arbitrary doubles; a resumed table must hold exactly the same ones.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut rows = Vec::new();
        for i in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let f = (x >> 11) as f64 / (1u64 << 53) as f64;
            let mut r = row(&format!("P{i}=1"), "c", "L", f);
            r.wild_type_fraction = f64::from_bits(x >> 3);
            rows.push(r);
        }
        let dir = std::env::temp_dir().join(format!("basin-numbers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, format) in [
            ("t.csv", TableFormat::Csv),
            ("t.jsonl", TableFormat::JsonLines),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, format.render(&rows)).unwrap();
            let back = read_rows(&path, format).unwrap();
            for (a, b) in rows.iter().zip(&back) {
                assert_eq!(a.fraction.to_bits(), b.fraction.to_bits(), "{name}");
                assert_eq!(a.shift.to_bits(), b.shift.to_bits(), "{name}");
                assert_eq!(
                    a.wild_type_fraction.to_bits(),
                    b.wild_type_fraction.to_bits(),
                    "{name}"
                );
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
