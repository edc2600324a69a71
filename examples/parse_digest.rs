//! One line per parsed text: where it came from and a hash of the whole `Cable` (every field,
//! every paragraph), to prove that a parser change leaves the output as it was.
//!
//! `cargo run --release --example parse_digest -- ../shared [--json] > /tmp/digest`
//!
//! Texts: the embedded demo; every file under `corpus/` read as the parse bench reads it (a
//! site page's `<pre>` text, else the whole decoded file) and again as the archive reads it
//! (CSV rows, JSON lines, JSONP items, pages, plain texts); every `input` of the anchor cases
//! (`parse`, plus `references_in` with the case's options and `find_signer`). Diff two runs.
//! `--json` writes the JSON of each `Cable` instead of its hash, to see what differs.

use cables::archive::source::walk;
use cables::archive::source::{self, html::parse_site_page};
use cables::cable::{self, Cable};
use serde_json::Value;
use std::hash::Hasher;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

struct Digest<W: Write> {
    out: W,
    json: bool,
}

impl<W: Write> Digest<W> {
    fn line(&mut self, source: &str, value: &impl serde::Serialize) -> std::io::Result<()> {
        let text = serde_json::to_string(value).unwrap_or_else(|e| format!("unserializable: {e}"));
        if self.json {
            writeln!(self.out, "{source}\t{text}")
        } else {
            let mut h = fnv::FnvHasher::default();
            h.write(text.as_bytes());
            writeln!(self.out, "{source}\t{:016x}\t{}", h.finish(), text.len())
        }
    }

    fn cable(&mut self, source: &str, c: &Cable) -> std::io::Result<()> {
        self.line(source, c)
    }
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut shared = PathBuf::from("../shared");
    let mut json = false;
    for a in args.by_ref() {
        if a == "--json" {
            json = true;
        } else {
            shared = PathBuf::from(a);
        }
    }
    let stdout = std::io::stdout();
    let mut d = Digest {
        out: BufWriter::new(stdout.lock()),
        json,
    };
    for (i, (name, text)) in cables::archive::DEMO.iter().enumerate() {
        d.cable(&format!("demo/{i}/{name}"), &cable::parse(text))?;
    }
    let corpus = shared.join("corpus");
    let all: Vec<PathBuf> = walk::walk(&corpus, &mut |_, _| {})
        .into_iter()
        .map(|f| f.path)
        .collect();
    for f in &all {
        let rel = f.strip_prefix(&shared).unwrap_or(f).display().to_string();
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        // As the parse bench reads it.
        let text = cable::sanitize::decode(&bytes);
        let bench_text = match parse_site_page(&text) {
            Some(page) => page.text,
            None => text.into_owned(),
        };
        d.cable(&format!("{rel}\tbench"), &cable::parse(&bench_text))?;
        // As the archive reads it.
        let Ok(format) = source::detect(f) else {
            continue;
        };
        let mut raws = Vec::new();
        let _ = source::scan(f, format, &mut |_, raw| raws.push(raw), &mut |_, _| {});
        for raw in raws {
            d.cable(
                &format!("{rel}{}\tarchive", raw.suffix),
                &cable::parse(&raw.text),
            )?;
        }
    }
    let cases: Vec<PathBuf> = walk::walk(&shared.join("anchor-cases"), &mut |_, _| {})
        .into_iter()
        .map(|f| f.path)
        .collect();
    for f in cases
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "json"))
    {
        let rel = f.strip_prefix(&shared).unwrap_or(f).display().to_string();
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let list = v.get("cases").and_then(Value::as_array);
        for (i, c) in list.into_iter().flatten().enumerate() {
            let Some(input) = c.get("input").and_then(Value::as_str) else {
                continue;
            };
            let src = format!("{rel}#{i}");
            d.cable(&format!("{src}\tparse"), &cable::parse(input))?;
            let year = c["options"]["year"].as_u64().map(|y| y as u16);
            let self_id = c["options"]["reference_id"].as_str();
            d.line(
                &format!("{src}\treferences_in"),
                &cable::references_in(input, year, self_id),
            )?;
            d.line(
                &format!("{src}\tfind_signer"),
                &cable::signer::find_signer(input),
            )?;
        }
    }
    d.out.flush()
}
