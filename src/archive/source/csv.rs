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

/// Stream every row of the file at `path`. A row longer than `cap` bytes (an unclosed quote
/// early in a big file would make the rest of it one row) is skipped with a warning: reading
/// goes on at the next line that starts a row.
pub fn scan(
    path: &Path,
    cap: u64,
    each: &mut dyn FnMut(Locator, RawCable),
    warn: &mut dyn FnMut(String, Reason),
) -> Result<(), Reason> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let mut head = Vec::new();
    (&mut file)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| e.to_string())?;
    let mut start = first_row(&head).ok_or("no cables.csv row at the start")? as u64;
    let mut n = 0u64;
    loop {
        let mut file = File::open(path).map_err(|e| e.to_string())?;
        file.seek(SeekFrom::Start(start))
            .map_err(|e| e.to_string())?;
        let limit = std::rc::Rc::new(std::cell::Cell::new(u64::MAX));
        let capped = Capped {
            inner: BufReader::with_capacity(1 << 20, file),
            read: 0,
            limit: std::rc::Rc::clone(&limit),
        };
        let mut rows = reader(capped);
        let mut record = csv::ByteRecord::new();
        let too_long = loop {
            let at = rows.position().byte();
            // Room for the row and for what the csv reader reads ahead of it.
            limit.set(at.saturating_add(cap).saturating_add(CSV_READ_AHEAD));
            match rows.read_byte_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {
                    n += 1;
                    let offset = start + record.position().map_or(at, |p| p.byte());
                    let end = start + rows.position().byte();
                    let len = u32::try_from(end.saturating_sub(offset)).unwrap_or(u32::MAX);
                    let parts = if record.len() > FIELDS {
                        split_swallowed(path, offset, len)
                    } else {
                        None
                    };
                    let Some(parts) = parts else {
                        match row_to_cable(&record) {
                            Ok(mut raw) => {
                                raw.suffix = format!("#row{n}");
                                each(Locator::Span { offset, len }, raw);
                            }
                            Err(reason) => warn(format!("#row{n}"), reason),
                        }
                        continue;
                    };
                    // A field ending in a backslash ran into the next row: read both.
                    for (at, len) in parts {
                        let read = super::read_span(path, at, len).and_then(|b| parse_row(&b));
                        match read {
                            Ok(mut raw) => {
                                raw.suffix = format!("#row{n}");
                                each(Locator::Span { offset: at, len }, raw);
                            }
                            Err(reason) => warn(format!("#row{n}"), reason),
                        }
                        n += 1;
                    }
                    n -= 1;
                }
                Err(e) if e.is_io_error() && rows.get_ref().over() => {
                    n += 1;
                    break Some((n, start + at, rows.get_ref().read - at));
                }
                Err(e) => {
                    n += 1;
                    warn(format!("#row{n}"), e.to_string());
                    if e.is_io_error() {
                        return Err(e.to_string());
                    }
                }
            }
        };
        let Some((row, offset, seen)) = too_long else {
            return Ok(());
        };
        let next = next_row(path, offset + 1).map_err(|e| e.to_string())?;
        warn(
            format!("#row{row}"),
            format!(
                "the row is longer than {} MB ({} MB read; an unclosed quote?); skipped, {}",
                cap >> 20,
                seen >> 20,
                if next.is_some() {
                    "reading goes on at the next row"
                } else {
                    "no row follows it"
                }
            ),
        );
        match next {
            Some(at) => start = at,
            None => return Ok(()),
        }
    }
}

/// Bytes the csv reader may read past the end of the row it is on.
const CSV_READ_AHEAD: u64 = 1 << 16;

/// A reader that fails once more than `limit` bytes were read: bounds the memory one row can
/// take inside the csv reader.
struct Capped<R> {
    inner: R,
    read: u64,
    limit: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R> Capped<R> {
    fn over(&self) -> bool {
        self.read >= self.limit.get()
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = self.limit.get().saturating_sub(self.read);
        if room == 0 {
            return Err(std::io::Error::other("the row is too long"));
        }
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let got = self.inner.read(&mut buf[..want])?;
        self.read += got as u64;
        Ok(got)
    }
}

/// The offset of the first line at or after `from` that starts a row (`"<digits>","<digit>`),
/// read in chunks (memory stays bounded).
fn next_row(path: &Path, from: u64) -> std::io::Result<Option<u64>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut input = BufReader::with_capacity(1 << 20, file);
    let mut head = Vec::new();
    let mut at = from;
    let mut first = true;
    loop {
        // Only a line's first bytes are kept: only its start matters.
        head.clear();
        let mut read = 0u64;
        loop {
            let chunk = std::io::BufRead::fill_buf(&mut input)?;
            if chunk.is_empty() {
                break;
            }
            let (take, done) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let keep = take.min(64usize.saturating_sub(head.len()));
            head.extend_from_slice(&chunk[..keep]);
            read += take as u64;
            std::io::BufRead::consume(&mut input, take);
            if done {
                break;
            }
        }
        if read == 0 {
            return Ok(None);
        }
        if !first && first_row(&head) == Some(0) {
            return Ok(Some(at));
        }
        first = false;
        at += read;
    }
}

/// A row of `len` bytes at `offset` that holds more fields than a row: where it holds the
/// next row too, because a field ended in a backslash (`"C:\"`, read as an escaped quote),
/// the spans of the two rows.
fn split_swallowed(path: &Path, offset: u64, len: u32) -> Option<[(u64, u32); 2]> {
    let bytes = super::read_span(path, offset, len).ok()?;
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"\\\"\n").map(|i| from + i) {
        let next = i + 3;
        if first_row(&bytes[next..]) == Some(0) {
            let first = u32::try_from(next).ok()?;
            return Some([(offset, first), (offset + next as u64, len - first)]);
        }
        from = i + 1;
    }
    None
}

/// A row whose last field ends in a backslash (`...C:\"` at the end of the row) reads that
/// backslash as itself, not as an escape of the closing quote.
fn trailing_backslash(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let row = bytes.trim_ascii_end();
    let Some(body) = row.strip_suffix(b"\\\"") else {
        return std::borrow::Cow::Borrowed(bytes);
    };
    let backslashes = body.iter().rev().take_while(|&&b| b == b'\\').count();
    if backslashes % 2 == 1 {
        // `\\\"`: an escaped backslash, then the closing quote.
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut fixed = body.to_vec();
    fixed.extend_from_slice(b"\\\\\"\n");
    std::borrow::Cow::Owned(fixed)
}

/// Parse one row, read again from its byte range.
pub fn parse_row(bytes: &[u8]) -> Result<RawCable, Reason> {
    let bytes = trailing_backslash(bytes);
    let mut record = csv::ByteRecord::new();
    match reader(&bytes[..]).read_byte_record(&mut record) {
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
            released: Some(CSV_RELEASE.into()),
        },
        suffix: String::new(),
    })
}

/// When the cables.csv dump was released (the whole archive, unredacted, Aug 2011).
pub const CSV_RELEASE: &str = "2011-08-30";

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
        scan(
            &path,
            u64::MAX,
            &mut |loc, raw| got.push((loc, raw)),
            &mut |w, r| warnings.push((w, r)),
        )
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

    #[test]
    fn a_row_over_the_cap_is_skipped_and_reading_goes_on_at_the_next_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rows");
        let row = |n: u32, body: &str| {
            format!(
                "\"{n}\",\"1/2/1967 10:00\",\"67X{n}\",\"Embassy Bonn\",\"SECRET\",\"\",\"H\",\"{body}\"\n"
            )
        };
        // Row 2 never closes its quote: it runs on over row 3's start for 300 KB.
        let unclosed = format!(
            "\"2\",\"1/2/1967\",\"67X2\",\"E\",\"S\",\"\",\"H\",\"open {}\n",
            "z ".repeat(150_000)
        );
        let text = format!(
            "{}{unclosed}{}{}",
            row(1, "one"),
            row(3, "three"),
            row(4, "four")
        );
        std::fs::write(&path, text).expect("write");
        let (mut ids, mut warnings) = (Vec::new(), Vec::new());
        scan(
            &path,
            100_000,
            &mut |_, raw| ids.push(raw.meta.id.unwrap_or_default()),
            &mut |w, r| warnings.push(format!("{w}: {r}")),
        )
        .expect("scan");
        assert_eq!(ids, ["67X1", "67X3", "67X4"], "{warnings:?}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with("#row2: the row is longer than"),
            "{warnings:?}"
        );
    }

    #[test]
    fn a_field_ending_in_a_backslash_does_not_swallow_the_next_row() {
        let row = |n: u32, body: &str| {
            format!("\"{n}\",\"1/2/1967 10:00\",\"67X{n}\",\"E\",\"S\",\"\",\"H\",\"{body}\"\n")
        };
        let text = format!(
            "{}{}{}",
            row(1, "path C:\\"),
            row(2, "two"),
            row(3, "three")
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rows");
        std::fs::write(&path, &text).expect("write");
        let mut got = Vec::new();
        scan(
            &path,
            u64::MAX,
            &mut |at, raw| got.push((at, raw)),
            &mut |_, _| {},
        )
        .expect("scan");
        let ids: Vec<_> = got
            .iter()
            .map(|(_, r)| r.meta.id.clone().unwrap_or_default())
            .collect();
        assert_eq!(ids, ["67X1", "67X2", "67X3"]);
        assert!(got[0].1.text.ends_with("path C:\\"), "{:?}", got[0].1.text);
        assert_eq!(got[1].1.suffix, "#row2");
        // Each row reads the same again from its span.
        for (at, raw) in &got {
            let Locator::Span { offset, len } = *at else {
                panic!("a span");
            };
            let bytes = &text.as_bytes()[offset as usize..(offset + len as u64) as usize];
            assert_eq!(parse_row(bytes).expect("re-read").text, raw.text);
        }
    }
}
