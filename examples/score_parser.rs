//! Score the parser against real cables and cablemap's test cases.
//!
//! `cargo run --release --example score_parser -- ../shared [--verbose]`
//!
//! 1. Every cablegate site page under `corpus/cablegate-html-*`: only the text of its `<pre>`
//!    blocks goes to the parser; the parsed id, date (day and hour: the page's minutes are
//!    wrong), classification and origin are compared with the page's own metadata table.
//!    Texts without a date-time group are scored on what they hold (id without year). The
//!    caveat the site's classification column carries (`//NOFORN`) is scored apart.
//! 2. `anchor-cases/{tags,subject,references,signers}.json`: pass rate per field.

use cables::archive::source::html::parse_site_page;
use cables::cable::{self, Classification, YearSource};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn main() {
    let mut args = std::env::args().skip(1);
    let shared = PathBuf::from(args.next().unwrap_or_else(|| "../shared".into()));
    let verbose = args.any(|a| a == "--verbose" || a == "-v");
    score_pages(&shared, verbose);
    score_named_texts(&shared, verbose);
    score_anchors(&shared, verbose);
}

#[derive(Default)]
struct Tally {
    pages: usize,
    all_ok: usize,
    id: (usize, usize),
    date: (usize, usize),
    class: (usize, usize),
    origin: (usize, usize),
    /// The site's `//NOFORN` against the parsed caveats (not part of "all four fields").
    noforn: (usize, usize),
}

fn pct(ok: usize, n: usize) -> String {
    if n == 0 {
        "n/a".into()
    } else {
        format!("{:.1}% ({ok}/{n})", 100.0 * ok as f64 / n as f64)
    }
}

fn html_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            html_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
}

fn score_pages(shared: &Path, verbose: bool) {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(shared.join("corpus")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.starts_with("cablegate-html") {
                html_files(&e.path(), &mut files);
            }
        }
    }
    files.sort();
    let mut t = Tally::default();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let html = cable::sanitize::decode(&bytes);
        let Some(page) = parse_site_page(&html) else {
            continue;
        };
        let Some(ref_id) = page.reference_id.as_deref() else {
            continue;
        };
        // The site's own id, with a doubled year (`7575LIBREVILLE1895`) repaired.
        let ref_id = cable::ids::repair_id(ref_id).to_string();
        t.pages += 1;
        let c = cable::parse(&page.text);
        let mut fails = Vec::new();
        // id
        let want_id = if c.id_year == YearSource::Unknown {
            ref_id.get(2..).unwrap_or("").to_string()
        } else {
            ref_id.clone()
        };
        t.id.1 += 1;
        if c.id == want_id {
            t.id.0 += 1;
        } else {
            fails.push(format!("id {} != {}", c.id, want_id));
        }
        // date: day and hour
        if let (Some(d), Some(created)) = (c.date, page.created.as_deref()) {
            t.date.1 += 1;
            let want = created.get(..13).unwrap_or("");
            let got = format!("{} {:02}", d.iso_date(), d.hour);
            if got == want {
                t.date.0 += 1;
            } else {
                fails.push(format!("date {got} != {want}"));
            }
        }
        // classification
        if let Some(want) = page
            .classification
            .as_deref()
            .and_then(Classification::from_name)
        {
            t.class.1 += 1;
            if c.classification == want {
                t.class.0 += 1;
            } else {
                fails.push(format!(
                    "class {} != {} ({})",
                    c.classification, want, c.classification_raw
                ));
            }
        }
        // caveats: the site's column says `//NOFORN` or not; the text's caveats agree?
        if let Some(site) = page.classification.as_deref() {
            t.noforn.1 += 1;
            let want = site.contains("NOFORN");
            let got = c.caveats.iter().any(|x| x == "NOFORN");
            if want == got {
                t.noforn.0 += 1;
            } else if verbose {
                println!(
                    "CAVEAT {}: NOFORN {got} != {want} ({:?})",
                    f.display(),
                    c.caveats
                );
            }
        }
        if let Some(want) = page.origin.as_deref() {
            t.origin.1 += 1;
            if c.origin == want {
                t.origin.0 += 1;
            } else {
                fails.push(format!(
                    "origin {:?} != {:?} (FM {:?})",
                    c.origin, want, c.from
                ));
            }
        }
        if fails.is_empty() {
            t.all_ok += 1;
        } else if verbose {
            println!("FAIL {}: {}", f.display(), fails.join("; "));
        }
    }
    println!("site pages: {}", t.pages);
    println!("  all four fields agree: {}", pct(t.all_ok, t.pages));
    println!("  id:             {}", pct(t.id.0, t.id.1));
    println!("  date (day+hour):{}", pct(t.date.0, t.date.1));
    println!("  classification: {}", pct(t.class.0, t.class.1));
    println!("  origin:         {}", pct(t.origin.0, t.origin.1));
    println!("  caveat NOFORN:  {}", pct(t.noforn.0, t.noforn.1));
}

/// `corpus/cable-txt-converted/<ID>.txt`: the file name is the canonical id.
fn score_named_texts(shared: &Path, verbose: bool) {
    let dir = shared.join("corpus/cable-txt-converted");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let (mut n, mut ok) = (0, 0);
    for e in entries.flatten() {
        let p = e.path();
        let Some(stem) = p.file_stem().map(|s| s.to_string_lossy().to_string()) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let c = cable::parse_bytes(&bytes);
        n += 1;
        if c.id == stem {
            ok += 1;
        } else if verbose {
            println!("FAIL {}: id {} != {stem}", p.display(), c.id);
        }
    }
    println!(
        "plain texts (cable-txt-converted), id = file name: {}",
        pct(ok, n)
    );
}

fn cases(shared: &Path, file: &str) -> Vec<Value> {
    let path = shared.join("anchor-cases").join(file);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {}", path.display());
        return Vec::new();
    };
    let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    v.get("cases")
        .and_then(|c| c.as_array())
        .cloned()
        .unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn report(name: &str, results: &[(bool, bool)]) {
    let all = results.len();
    let ok = results.iter().filter(|r| r.0).count();
    let clean: Vec<_> = results.iter().filter(|r| !r.1).collect();
    let clean_ok = clean.iter().filter(|r| r.0).count();
    println!(
        "  {name:11} all {}   without review-flagged {}",
        pct(ok, all),
        pct(clean_ok, clean.len())
    );
}

fn score_anchors(shared: &Path, verbose: bool) {
    println!("anchor cases (cablemap):");
    let show = |id: &Value, got: String, want: String| {
        if verbose {
            println!("FAIL {}: got {got} want {want}", id.as_str().unwrap_or("?"));
        }
    };
    let mut r = Vec::new();
    for c in cases(shared, "tags.json") {
        let input = c["input"].as_str().unwrap_or("");
        let got = cable::parse(input).tags;
        let want = strings(&c["expected"]);
        let ok = got == want;
        if !ok {
            show(&c["case_id"], format!("{got:?}"), format!("{want:?}"));
        }
        r.push((ok, c.get("review").is_some()));
    }
    report("tags", &r);
    let mut r = Vec::new();
    for c in cases(shared, "subject.json") {
        let input = c["input"].as_str().unwrap_or("");
        let got = cable::parse(input).subject;
        let want = c["expected"].as_str().unwrap_or("").to_string();
        let ok = got == want;
        if !ok {
            show(&c["case_id"], format!("{got:?}"), format!("{want:?}"));
        }
        r.push((ok, c.get("review").is_some()));
    }
    report("subject", &r);
    let mut r = Vec::new();
    for c in cases(shared, "references.json") {
        let input = c["input"].as_str().unwrap_or("");
        let year = c["options"]["year"].as_u64().map(|y| y as u16);
        let self_id = c["options"]["reference_id"].as_str();
        let got = cable::references_in(input, year, self_id);
        let want = strings(&c["expected"]);
        let ok = got == want;
        if !ok {
            show(&c["case_id"], format!("{got:?}"), format!("{want:?}"));
        }
        r.push((ok, c.get("review").is_some()));
    }
    report("references", &r);
    let mut r = Vec::new();
    for c in cases(shared, "signers.json") {
        let input = c["input"].as_str().unwrap_or("");
        let got: Vec<String> = cable::signer::find_signer(input)
            .map(|(n, _)| vec![n])
            .unwrap_or_default();
        let want = strings(&c["expected"]);
        let ok = got == want || (want.len() > 1 && got == vec![want.join(" ")]);
        if !ok {
            show(&c["case_id"], format!("{got:?}"), format!("{want:?}"));
        }
        r.push((ok, c.get("review").is_some()));
    }
    report("signers", &r);
}
