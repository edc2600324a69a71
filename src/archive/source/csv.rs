//! Rows of the Aug 2011 `cables.csv`: no header, 8 quoted fields (row number, date, reference
//! id, origin, classification, references joined by `|`, header, body), quotes escaped as
//! `\"` and `\'`, newlines inside fields, a possibly truncated last row. Streamed with the
//! `csv` crate; each row's byte range is kept so the cable can be read again.

use super::{Locator, RawCable, Reason, SourceMeta};
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

/// Fields in a row.
const FIELDS: usize = 8;

/// True when `head` starts (after blank lines and a stray quote) with a cables.csv row.
pub fn looks_like_csv(head: &[u8]) -> bool {
    first_row(head).is_some()
}

/// Offset of the first row: `"<digits>","<digit>` at the start of the data or of a line.
fn first_row(head: &[u8]) -> Option<usize> {
    let window = &head[..head.len().min(4096)];
    let mut at = 0;
    loop {
        let rest = window.get(at..)?;
        let digits = rest
            .get(1..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if rest.first() == Some(&b'"')
            && digits > 0
            && rest.get(1 + digits..1 + digits + 3) == Some(b"\",\"")
            && rest.get(4 + digits).is_some_and(u8::is_ascii_digit)
        {
            return Some(at);
        }
        // Only blank lines and stray quotes may come before the first row.
        let line_end = memchr::memchr(b'\n', rest)?;
        if rest[..line_end]
            .iter()
            .any(|&b| !matches!(b, b'"' | b' ' | b'\r'))
        {
            return None;
        }
        at += line_end + 1;
    }
}

fn reader<R: Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .double_quote(false)
        .escape(Some(b'\\'))
        .from_reader(input)
}

/// Stream every row of the file at `path`.
pub fn scan(
    path: &Path,
    each: &mut dyn FnMut(Locator, RawCable),
    warn: &mut dyn FnMut(String, Reason),
) -> Result<(), Reason> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let mut head = Vec::new();
    (&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| e.to_string())?;
    let start = first_row(&head).ok_or("no cables.csv row at the start")? as u64;
    file.seek(SeekFrom::Start(start))
        .map_err(|e| e.to_string())?;
    let mut rows = reader(BufReader::with_capacity(1 << 20, file));
    let mut record = csv::ByteRecord::new();
    let mut n = 0u64;
    loop {
        let at = rows.position().byte();
        match rows.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                n += 1;
                let offset = start + record.position().map_or(at, |p| p.byte());
                let end = start + rows.position().byte();
                let len = u32::try_from(end.saturating_sub(offset)).unwrap_or(u32::MAX);
                match row_to_cable(&record) {
                    Ok(mut raw) => {
                        raw.suffix = format!("#row{n}");
                        each(Locator::Span { offset, len }, raw);
                    }
                    Err(reason) => warn(format!("#row{n}"), reason),
                }
            }
            Err(e) => {
                n += 1;
                warn(format!("#row{n}"), e.to_string());
                if e.is_io_error() {
                    return Err(e.to_string());
                }
            }
        }
    }
    Ok(())
}

/// Parse one row, read again from its byte range.
pub fn parse_row(bytes: &[u8]) -> Result<RawCable, Reason> {
    let mut record = csv::ByteRecord::new();
    match reader(bytes).read_byte_record(&mut record) {
        Ok(true) => row_to_cable(&record),
        Ok(false) => Err("the row is empty".into()),
        Err(e) => Err(e.to_string()),
    }
}

fn row_to_cable(record: &csv::ByteRecord) -> Result<RawCable, Reason> {
    if record.len() < FIELDS - 1 {
        return Err(format!(
            "{} fields where cables.csv has {FIELDS} (a truncated row?)",
            record.len()
        ));
    }
    let field = |i: usize| {
        record
            .get(i)
            .map(|b| crate::cable::sanitize::decode(b).into_owned())
            .unwrap_or_default()
    };
    let non_empty = |s: String| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let header = field(6);
    let body = field(7);
    Ok(RawCable {
        text: format!("{}\n\n{}", header.trim_end(), body),
        meta: SourceMeta {
            id: non_empty(field(2)),
            date: non_empty(field(1)),
            classification: non_empty(field(4)),
            origin: non_empty(field(3)),
            subject: None,
        },
        suffix: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROWS: &[u8] = b"\"\n\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\",\"Embassy Buenos Aires\",\"UNCLASSIFIED\",\"66STATE106206\",\"P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES \n\",\"UNCLAS BUENOS AIRES 2481 \n \nSUBJ: \\\"PREFERENTIAL\\\" ADVISORS\\' QUALMS\n\"\n\"2\",\"1/2/1967 10:00\",\"67X2\",\"Embassy Bonn\",\"SECRET//NOFORN\",\"\",\"H\",\"cut off";

    #[test]
    fn finds_the_first_row_after_a_stray_quote() {
        assert_eq!(first_row(ROWS), Some(2));
        assert!(first_row(b"hello\n\"1\",\"2").is_none());
    }

    #[test]
    fn reads_escapes_newlines_and_a_truncated_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rows");
        std::fs::write(&path, ROWS).expect("write");
        let mut got = Vec::new();
        let mut warnings = Vec::new();
        scan(&path, &mut |loc, raw| got.push((loc, raw)), &mut |w, r| {
            warnings.push((w, r))
        })
        .expect("scan");
        assert_eq!(got.len(), 2, "{warnings:?}");
        let (loc, first) = &got[0];
        assert_eq!(first.meta.id.as_deref(), Some("66BUENOSAIRES2481"));
        assert_eq!(first.suffix, "#row1");
        assert!(
            first
                .text
                .contains("SUBJ: \"PREFERENTIAL\" ADVISORS' QUALMS")
        );
        assert!(first.text.starts_with("P R 281848Z DEC 66\nFM AMEMBASSY"));
        let Locator::Span { offset, len } = *loc else {
            panic!("a span")
        };
        let again =
            parse_row(&ROWS[offset as usize..(offset + len as u64) as usize]).expect("re-read");
        assert_eq!(&again.text, &first.text);
        assert_eq!(
            got[1].1.meta.classification.as_deref(),
            Some("SECRET//NOFORN")
        );
        assert!(got[1].1.text.ends_with("cut off"));
    }
}
