//! The reading-quality measure: every cable of `../shared/corpus`, read as `cables` reads it,
//! counted per defect class (furniture in paragraphs, residue, lost numbered paragraphs,
//! missing subject) and per source folder, with example ids.
//!
//! `cargo run --release --example reading_quality -- [../shared/corpus] [--list CLASS] [--all]`
//!
//! `--list CLASS` prints every cable of that class (`page-break`, `lost-paragraph`, ...);
//! `--all` prints one line per cable with its defects (diff two runs); `--show CLASS` prints
//! every cable of that class with the start of the paragraph that shows it.

use cables::archive::quality::{self, Entry};
use cables::cable::quality::Defect;
use std::io::Write;
use std::path::PathBuf;

fn main() {
    let mut root = PathBuf::from("../shared/corpus");
    let mut list = None;
    let mut show = None;
    let mut all = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--list" => list = args.next(),
            "--all" => all = true,
            "--show" => show = args.next(),
            _ => root = PathBuf::from(a),
        }
    }
    let entries = quality::measure(&root);
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) ends the listing quietly.
    if all {
        for e in &entries {
            let names: Vec<&str> = e.defects.iter().map(|d| d.name()).collect();
            if writeln!(out, "{}\t{}\t{}", e.source, e.id, names.join(",")).is_err() {
                return;
            }
        }
        return;
    }
    if let Some(name) = show {
        for e in &entries {
            for (d, text) in e.evidence.iter().filter(|(d, _)| d.name() == name) {
                if writeln!(out, "{}\t{}\t{}\n    {text}\n", e.id, e.source, d.name()).is_err() {
                    return;
                }
            }
        }
        return;
    }
    if let Some(name) = list {
        for e in entries
            .iter()
            .filter(|e| e.defects.iter().any(|d| d.name() == name))
        {
            if writeln!(out, "{}\t{}\t{}", e.id, e.source, e.lost.join(" | ")).is_err() {
                return;
            }
        }
        return;
    }
    report(&entries);
}

/// Share of the cables of the folders starting with `prefix` free of every defect.
fn free_share(entries: &[Entry], prefix: &str) -> String {
    let group: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.folder.starts_with(prefix))
        .collect();
    let clean = group.iter().filter(|e| e.defects.is_empty()).count();
    format!(
        "{:.1}% ({clean}/{})",
        100.0 * clean as f64 / group.len().max(1) as f64,
        group.len()
    )
}

fn report(entries: &[Entry]) {
    let tallies = quality::tally(entries);
    let folders: Vec<&String> = tallies.keys().filter(|k| !k.is_empty()).collect();
    print!("{:<16}", "class");
    for f in &folders {
        print!(" {:>8}", short(f));
    }
    println!(" {:>8}  examples", "all");
    let row = |label: &str, value: &dyn Fn(&quality::Tally) -> usize| {
        print!("{label:<16}");
        for f in &folders {
            print!(" {:>8}", tallies.get(*f).map_or(0, value));
        }
        print!(" {:>8}", tallies.get("").map_or(0, value));
    };
    row("cables", &|t| t.cables);
    println!();
    row("clean", &|t| t.clean);
    println!();
    for (i, d) in Defect::ALL.iter().enumerate() {
        row(d.name(), &|t| t.counts[i]);
        let mut examples: Vec<&str> = Vec::new();
        for e in entries.iter().filter(|e| e.defects.contains(d)) {
            if examples.len() < 4 && !examples.contains(&e.id.as_str()) {
                examples.push(&e.id);
            }
        }
        println!("  {}", examples.join(" "));
    }
    println!("\nfree of every defect, per folder:");
    for f in &folders {
        if let Some(t) = tallies.get(*f) {
            println!(
                "  {f:<34} {:>5.1}% ({}/{})",
                100.0 * t.clean as f64 / t.cables.max(1) as f64,
                t.clean,
                t.cables
            );
        }
    }
    println!(
        "  {:<34} {}",
        "site pages (cablegate-html-*)",
        free_share(entries, "cablegate-html-")
    );
    println!(
        "  {:<34} {}",
        "csv rows (cables-csv-*)",
        free_share(entries, "cables-csv-")
    );
}

/// A column title of at most eight characters for a corpus folder.
fn short(folder: &str) -> String {
    let known = [
        ("cable-api-jsonp", "jsonp"),
        ("cable-txt-converted", "txt"),
        ("cablegate-html-2010-first-release", "html2010"),
        ("cablegate-html-2011", "html2011"),
        ("cablegate-html-2011-final", "htmlfin"),
        ("cablegate-json-first-release", "json"),
        ("cablemap-fixtures", "cablemap"),
        ("cables-csv-by-origin", "csv"),
        ("cables-csv-head", "csvhead"),
    ];
    match known.iter().find(|(f, _)| *f == folder) {
        Some((_, s)) => (*s).to_string(),
        None => folder.chars().take(8).collect(),
    }
}
