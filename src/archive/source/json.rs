//! mongoexport JSON lines (`{ "_id" : …, "reference_id", "date_time", "header", "body" }`,
//! one object per line) and the JSONP API response (`cablegrab({"items":[…]})`).
//! In both the text lost its newlines; the parser copes with that.

use super::{Locator, RawCable, Reason, SourceMeta};
use serde::Deserialize;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// One mongoexport row.
#[derive(Deserialize)]
struct MongoRow {
    #[serde(default)]
    reference_id: Option<String>,
    #[serde(default, rename = "_id")]
    id: Option<serde_json::Value>,
    #[serde(default)]
    origin: Option<String>,
    #[serde(default)]
    date_time: Option<String>,
    #[serde(default)]
    classification: Option<String>,
    #[serde(default)]
    header: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

/// One item of the JSONP response.
#[derive(Deserialize)]
struct ApiItem {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    classification: Option<String>,
    #[serde(default)]
    origin: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct ApiResponse {
    #[serde(default)]
    items: Vec<ApiItem>,
}

/// True for `name({` at the start.
pub fn looks_like_jsonp(head: &[u8]) -> bool {
    let name = head
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'.')
        .count();
    name > 0 && head.get(name..name + 2) == Some(b"({")
}

/// Stream every line of a JSON-lines file; a line longer than `cap` bytes is skipped with a
/// warning.
pub fn scan_lines(
    path: &Path,
    cap: u64,
    each: &mut dyn FnMut(Locator, RawCable),
    warn: &mut dyn FnMut(String, Reason),
) -> Result<(), Reason> {
    let file = File::open(path).map_err(|e| e.to_string())?;
    let mut lines = BufReader::with_capacity(1 << 20, file);
    let mut buf = Vec::new();
    let mut offset = 0u64;
    let mut n = 0u64;
    loop {
        let (read, too_long) =
            super::read_line_capped(&mut lines, &mut buf, cap).map_err(|e| e.to_string())?;
        if read == 0 {
            break;
        }
        n += 1;
        let at = offset;
        offset += read;
        if too_long {
            warn(
                format!("#line{n}"),
                format!(
                    "the line is longer than {} MB ({} MB); skipped, reading goes on at the next line",
                    cap >> 20,
                    read >> 20
                ),
            );
            continue;
        }
        if buf.trim_ascii().is_empty() {
            continue;
        }
        let Ok(len) = u32::try_from(read) else {
            warn(format!("#line{n}"), "line longer than 4 GB".into());
            continue;
        };
        match parse_line(&buf) {
            Ok(mut raw) => {
                raw.suffix = format!("#line{n}");
                each(Locator::Span { offset: at, len }, raw);
            }
            Err(reason) => warn(format!("#line{n}"), reason),
        }
    }
    Ok(())
}

/// Parse one mongoexport line.
pub fn parse_line(line: &[u8]) -> Result<RawCable, Reason> {
    let row: MongoRow = serde_json::from_slice(line.trim_ascii()).map_err(|e| e.to_string())?;
    let id_text = matches!(row.id, Some(serde_json::Value::String(_)));
    if !id_text
        && [
            &row.reference_id,
            &row.origin,
            &row.date_time,
            &row.classification,
            &row.header,
            &row.body,
        ]
        .iter()
        .all(|f| f.is_none())
    {
        return Err(
            "not a cable: none of the fields of a cable (reference_id, header, body, origin, date_time, classification)"
                .into(),
        );
    }
    let id = row.reference_id.or(match row.id {
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    });
    let text = format!(
        "{}\n\n{}",
        row.header.unwrap_or_default(),
        row.body.unwrap_or_default()
    );
    Ok(RawCable {
        text,
        meta: SourceMeta {
            id,
            date: row.date_time,
            classification: row.classification,
            origin: row.origin,
            subject: None,
            released: None,
        },
        suffix: String::new(),
    })
}

/// Parse a JSONP response into its items.
pub fn parse_jsonp(bytes: &[u8]) -> Result<Vec<RawCable>, Reason> {
    let text = String::from_utf8_lossy(bytes);
    let open = text.find('(').ok_or("no `(` in the JSONP response")?;
    let close = text
        .rfind(')')
        .ok_or("no closing `)` in the JSONP response")?;
    let inner = text
        .get(open + 1..close)
        .ok_or("the JSONP response is cut off")?;
    let response: ApiResponse = serde_json::from_str(inner).map_err(|e| e.to_string())?;
    Ok(response
        .items
        .into_iter()
        .enumerate()
        .map(|(n, item)| RawCable {
            text: item.text.unwrap_or_default(),
            meta: SourceMeta {
                id: item.id,
                date: item.date,
                classification: item.classification,
                origin: item.origin,
                subject: item.subject,
                released: None,
            },
            suffix: format!("#item{}", n + 1),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonp_items() {
        let items = parse_jsonp(
            b"cablegrab({\"info\":{},\"items\":[{\"id\":\"08MOSCOW3343\",\"subject\":\"S\\u2019S\",\"date\":\"2008-11-19 06:06:00\",\"text\":\"\\u00b61. Hi\"}]})",
        )
        .expect("parses");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].meta.id.as_deref(), Some("08MOSCOW3343"));
        assert_eq!(items[0].text, "\u{b6}1. Hi");
        assert!(parse_jsonp(b"cablegrab({\"items\":[").is_err());
        assert!(looks_like_jsonp(b"cablegrab({"));
        assert!(!looks_like_jsonp(b"{\"a\":1}"));
    }

    #[test]
    fn mongo_line() {
        let raw = parse_line(b"{ \"_id\" : \"04ANKARA348\", \"origin\" : \"Embassy Ankara\", \"header\" : \"H\", \"body\" : \"B\" }\n").expect("parses");
        assert_eq!(raw.meta.id.as_deref(), Some("04ANKARA348"));
        assert_eq!(raw.text, "H\n\nB");
        assert!(parse_line(b"{ broken").is_err());
    }

    #[test]
    fn a_line_with_none_of_the_fields_is_not_a_cable() {
        let err = parse_line(b"{\"name\": \"x\", \"_id\": {\"$oid\": \"1\"}}").err();
        assert!(err.is_some_and(|e| e.contains("not a cable")));
        assert!(parse_line(b"{\"body\": \"only a body\"}").is_ok());
    }

    #[test]
    fn a_line_over_the_cap_is_skipped_with_a_warning_and_reading_goes_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cables.json");
        let long = format!("{{\"body\": \"{}\"}}\n", "x".repeat(5000));
        let text = format!(
            "{{\"_id\": \"04A1\", \"body\": \"B\"}}\n{long}{{\"_id\": \"04A3\", \"body\": \"B\"}}\n{}",
            "y".repeat(3000) // an endless last line, no newline
        );
        std::fs::write(&path, text).expect("writes");
        let (mut ids, mut warnings) = (Vec::new(), Vec::new());
        scan_lines(
            &path,
            1000,
            &mut |at, raw| ids.push((at, raw.meta.id)),
            &mut |place, reason| warnings.push(format!("{place}: {reason}")),
        )
        .expect("scans");
        let found: Vec<_> = ids.iter().map(|(_, id)| id.as_deref()).collect();
        assert_eq!(found, [Some("04A1"), Some("04A3")]);
        // The third line's span starts after the skipped one.
        let Locator::Span { offset, .. } = ids[1].0 else {
            panic!("a span");
        };
        assert_eq!(offset as usize, 29 + long.len());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with("#line2: the line is longer than"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].starts_with("#line4: the line is longer than"),
            "{warnings:?}"
        );
    }
}
