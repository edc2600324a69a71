//! Source formats, detected by content: cables.csv rows, cablegate site pages, mongoexport
//! JSON lines, the JSONP API response, plain text files, and the embedded demo.
//!
//! A source is scanned once into [`RawCable`]s, each with a [`Locator`] that finds its text
//! again later, so large archives never hold every cable's text in memory.

pub mod csv;
pub mod html;
pub mod json;
pub mod meta;
pub mod walk;

use bincode::{Decode, Encode};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

pub use meta::SourceMeta;

/// Whole-file formats (text, pages, JSONP) larger than this are refused with a warning.
pub const MAX_WHOLE_FILE: u64 = 64 << 20;

/// One record (a cables.csv row, a JSON line) larger than this is skipped with a warning and
/// reading goes on at the next one: memory stays bounded whatever the file holds.
pub const MAX_RECORD: u64 = 64 << 20;

/// Read one line (with its `\n`) into `buf`, keeping at most `cap` bytes of it: a longer
/// line is read to its end but not kept (`buf` is left empty). Returns the bytes the line
/// took in the input (0 at the end) and whether it was too long.
pub fn read_line_capped(
    input: &mut impl std::io::BufRead,
    buf: &mut Vec<u8>,
    cap: u64,
) -> std::io::Result<(u64, bool)> {
    buf.clear();
    let mut total = 0u64;
    let mut too_long = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok((total, too_long));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        total += take as u64;
        if !too_long && total > cap {
            too_long = true;
            buf.clear();
            buf.shrink_to(1 << 16);
        }
        if !too_long {
            buf.extend_from_slice(&chunk[..take]);
        }
        input.consume(take);
        if done {
            return Ok((total, too_long));
        }
    }
}

/// The format of one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum Format {
    /// Rows of the Aug 2011 `cables.csv` (no header, `\"` escapes).
    Csv,
    /// A cablegate site page.
    SitePage,
    /// mongoexport JSON, one object per line.
    JsonLines,
    /// The JSONP API response (`cablegrab({...})`).
    Jsonp,
    /// One cable as plain text (UTF-8, UTF-16 or Windows-1252).
    Text,
}

impl Format {
    /// The format's name in a message.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "cables.csv",
            Format::SitePage => "site page",
            Format::JsonLines => "JSON lines",
            Format::Jsonp => "JSONP",
            Format::Text => "text",
        }
    }
}

/// Where a cable's text lives, to read it again on open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum Locator {
    /// The n-th embedded demo cable.
    Demo(u32),
    /// The whole file (text, site page).
    Whole,
    /// A byte range of the file (a CSV row or a JSON line).
    Span { offset: u64, len: u32 },
    /// The n-th item of a JSONP response.
    Item(u32),
}

/// A cable as a source holds it: its text, what the source says about it, and where it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawCable {
    pub text: String,
    pub meta: SourceMeta,
    /// `#row12`, `#line3`, `#item1`, or empty for a whole file.
    pub suffix: String,
}

/// Why a file (or part of one) could not be read.
pub type Reason = String;

/// Detect the format of `path` from its first bytes. `Err` names why it cannot be a cable source.
pub fn detect(path: &Path) -> Result<Format, Reason> {
    let mut head = Vec::with_capacity(8192);
    File::open(path)
        .and_then(|f| f.take(8192).read_to_end(&mut head))
        .map_err(|e| e.to_string())?;
    detect_bytes(&head)
}

/// Detect a format from the first bytes of a file.
pub fn detect_bytes(head: &[u8]) -> Result<Format, Reason> {
    if let Some(encoding) = crate::cable::sanitize::utf16(head) {
        // Whole-file formats are decoded; the streamed ones read bytes, so they must be UTF-8.
        let text = crate::cable::sanitize::decode(head);
        return match detect_bytes(text.as_bytes())? {
            whole @ (Format::Text | Format::SitePage) => Ok(whole),
            other => Err(format!(
                "a {} file in {}: only UTF-8 is read for this format (convert it, e.g. iconv -f UTF-16 -t UTF-8)",
                other.name(),
                encoding.name()
            )),
        };
    }
    let trimmed = head.trim_ascii_start();
    if trimmed.is_empty() {
        return Err("empty file".into());
    }
    if head.contains(&0) {
        return Err("binary file (NUL bytes), not a cable".into());
    }
    if csv::looks_like_csv(head) {
        return Ok(Format::Csv);
    }
    if json::looks_like_jsonp(trimmed) {
        return Ok(Format::Jsonp);
    }
    if trimmed.first() == Some(&b'{') {
        return Ok(Format::JsonLines);
    }
    let lower = String::from_utf8_lossy(&trimmed[..trimmed.len().min(1024)]).to_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<head")
    {
        return Ok(Format::SitePage);
    }
    Ok(Format::Text)
}

/// Scan a whole file of `format`, calling `each` for every cable and `warn` for every part
/// that could not be read. `Err` when the file as a whole cannot be read.
pub fn scan(
    path: &Path,
    format: Format,
    each: &mut dyn FnMut(Locator, RawCable),
    warn: &mut dyn FnMut(String, Reason),
) -> Result<(), Reason> {
    match format {
        Format::Csv => csv::scan(path, MAX_RECORD, each, warn),
        Format::JsonLines => json::scan_lines(path, MAX_RECORD, each, warn),
        Format::Jsonp => {
            let bytes = read_whole(path)?;
            for (n, raw) in json::parse_jsonp(&bytes)?.into_iter().enumerate() {
                each(Locator::Item(n as u32), raw);
            }
            Ok(())
        }
        Format::SitePage | Format::Text => {
            let raw = read_whole_cable(path, format)?;
            each(Locator::Whole, raw);
            Ok(())
        }
    }
}

/// Read one cable again from its file.
pub fn read(path: &Path, format: Format, loc: Locator) -> Result<RawCable, Reason> {
    match (format, loc) {
        (_, Locator::Whole) => read_whole_cable(path, format),
        (Format::Csv, Locator::Span { offset, len }) => {
            csv::parse_row(&read_span(path, offset, len)?)
        }
        (Format::JsonLines, Locator::Span { offset, len }) => {
            json::parse_line(&read_span(path, offset, len)?)
        }
        (Format::Jsonp, Locator::Item(n)) => json::parse_jsonp(&read_whole(path)?)?
            .into_iter()
            .nth(n as usize)
            .ok_or_else(|| format!("item {} is gone", n + 1)),
        _ => Err("the cache does not match this file; run `cables index`".into()),
    }
}

fn read_whole_cable(path: &Path, format: Format) -> Result<RawCable, Reason> {
    let bytes = read_whole(path)?;
    let text = crate::cable::sanitize::decode(&bytes);
    if format == Format::SitePage {
        return html::raw_cable(&text);
    }
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    Ok(RawCable {
        text: text.into_owned(),
        meta: SourceMeta {
            id: stem.filter(|s| meta::looks_like_id(s)),
            ..SourceMeta::default()
        },
        suffix: String::new(),
    })
}

fn read_whole(path: &Path) -> Result<Vec<u8>, Reason> {
    let len = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if len > MAX_WHOLE_FILE {
        return Err(format!("{} MB is too large for a single cable", len >> 20));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

fn read_span(path: &Path, offset: u64, len: u32) -> Result<Vec<u8>, Reason> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| e.to_string())?;
    let mut buf = Vec::with_capacity(len as usize);
    file.take(len as u64)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    if buf.len() < len as usize {
        return Err("the file is shorter than when it was indexed; run `cables index`".into());
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, bom: bool, big_endian: bool) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        if bom {
            out.extend(if big_endian {
                [0xFE, 0xFF]
            } else {
                [0xFF, 0xFE]
            });
        }
        for unit in text.encode_utf16() {
            out.extend(if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        out
    }

    #[test]
    fn utf16_text_is_decoded_and_streamed_formats_in_utf16_are_named() {
        let cable = "S E C R E T ANKARA 000071\n\nSUBJECT: TURKEY AND TRAFFICKING\n\n1. Text é.\n";
        for (bom, be) in [(true, false), (true, true), (false, false), (false, true)] {
            let bytes = utf16(cable, bom, be);
            assert_eq!(detect_bytes(&bytes), Ok(Format::Text), "bom {bom} be {be}");
            let read = crate::cable::parse_bytes(&bytes);
            assert_eq!(read.subject, "TURKEY AND TRAFFICKING", "bom {bom} be {be}");
        }
        let row = utf16("\"1\",\"12/28/1966 18:48\",\"66X1\"\n", true, false);
        let err = detect_bytes(&row).err().unwrap_or_default();
        assert!(err.contains("cables.csv file in UTF-16LE"), "{err}");
        // Real binary data is still called binary.
        assert!(detect_bytes(b"\x00\x01\x02\x00\x00\x05\x06\x07\x08\x00").is_err());
    }

    #[test]
    fn detects_by_content() {
        assert_eq!(
            detect_bytes(b"\n\"1\",\"12/28/1966 18:48\",\"66X1\""),
            Ok(Format::Csv)
        );
        assert_eq!(
            detect_bytes(b"cablegrab({\"items\":[]})"),
            Ok(Format::Jsonp)
        );
        assert_eq!(
            detect_bytes(b"{ \"_id\" : \"x\" }\n"),
            Ok(Format::JsonLines)
        );
        assert_eq!(detect_bytes(b"<!DOCTYPE html><html>"), Ok(Format::SitePage));
        assert_eq!(detect_bytes(b"\r\nVZCZCXRO5911\r\n"), Ok(Format::Text));
        assert!(detect_bytes(b"  \n").is_err());
        assert!(detect_bytes(b"PK\x03\x04\x00\x00").is_err());
    }
}
