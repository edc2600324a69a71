//! Property tests of the two invariants every source reader and the parser must keep, on
//! generated hostile input (escape sequences, OSC, BEL, C1, bidi and zero-width characters,
//! raw and as HTML or JSON escapes, mixed with cable-like text): no field of a read cable
//! holds a character unsafe on a terminal, and every id follows the id grammar or is
//! rejected (empty). The same invariants as the fuzz targets, at `cargo test` speed.

use cables::archive::build::parse_raw;
use cables::archive::source::{csv, html, json};
use cables::cable::{self, Cable, sanitize};
use proptest::prelude::*;

/// Pieces a hostile text is built from.
const PIECES: &[&str] = &[
    "\u{1b}[2J",
    "\u{1b}]0;title\u{7}",
    "\u{1b}]52;c;aGk=\u{7}",
    "\u{7}",
    "\u{9b}2J",
    "\u{202e}",
    "\u{2066}",
    "\u{200b}",
    "\u{feff}",
    "\u{7f}",
    "\u{0}",
    "\r",
    "&#x1b;",
    "&#27;",
    "&#x9b;",
    "&#x202e;",
    "&amp;#x1b;",
    "&#x7;",
    "&#X1B;[31m",
    "&#155;",
    "\\u001b",
    "09ANKARA71",
    "SUBJECT: ",
    "TAGS: PGOV KTIP",
    "\n",
    "\n\n",
    "1. ",
    "(S/NF) ",
    " ",
    "TRAFFICKING",
    "é",
    "\"",
    "\\",
    "<b>",
    "</pre>",
    "FM AMEMBASSY ANKARA",
    "P 151147Z JAN 09",
];

fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

/// Every string inside the cable (as its JSON form): no unsafe character; the id valid or
/// empty.
fn check(c: &Cable) -> Result<(), TestCaseError> {
    match sanitize::broken_promise(c) {
        Some(broken) => Err(TestCaseError::fail(broken)),
        None => Ok(()),
    }
}

/// A cables.csv field: quotes escaped as the file does.
fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn plain_text(text in hostile()) {
        check(&cable::parse_bytes(text.as_bytes()))?;
    }

    #[test]
    fn csv_rows(id in hostile(), origin in hostile(), header in hostile(), body in hostile()) {
        let row = ["1", "12/28/1966 18:48", &id, &origin, "SECRET", "", &header, &body]
            .map(csv_field)
            .join(",");
        if let Ok(raw) = csv::parse_row(format!("{row}\n").as_bytes()) {
            check(&parse_raw(&raw))?;
        }
    }

    #[test]
    fn json_lines(id in hostile(), origin in hostile(), class in hostile(), body in hostile()) {
        let line = serde_json::json!({
            "_id": id, "origin": origin, "classification": class,
            "date_time": "2009-01-15 11:11", "header": "H", "body": body,
        });
        if let Ok(raw) = json::parse_line(line.to_string().as_bytes()) {
            check(&parse_raw(&raw))?;
        }
    }

    #[test]
    fn jsonp_items(id in hostile(), subject in hostile(), text in hostile()) {
        let item = serde_json::json!({ "id": id, "subject": subject, "date": "2008-11-19 06:06:00", "text": text });
        let page = format!("cablegrab({{\"items\":[{item}]}})");
        for raw in json::parse_jsonp(page.as_bytes()).unwrap_or_default() {
            check(&parse_raw(&raw))?;
        }
    }

    #[test]
    fn site_pages(id in hostile(), origin in hostile(), text in hostile()) {
        let page = format!(
            "<!DOCTYPE html><html><body>\n<table class='cable'>\n\
<tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>\n\
<tr><td><a>{id}</a></td><td><a>2009-01-15 11:11</a></td><td><a>2011-03-14 06:06</a></td>\
<td><a>SECRET</a></td><td><a>{origin}</a></td></tr></table>\n<code><pre>{text}</pre></code>\n</body></html>\n"
        );
        if let Ok(raw) = html::raw_cable(&page) {
            check(&parse_raw(&raw))?;
        }
    }
}
