//! Where `cable::parse` spends its time, phase by phase, on the texts the parse bench reads.
//!
//! `cargo run --release --example parse_phases -- ../shared/corpus/cablegate-html-2011`
//!
//! Each phase runs alone over every text (its input prepared beforehand), best of 5 rounds;
//! the phases are those of `cable::parse`: sanitize, line-break repair, header, signer, body.
//! `PHASE=header` (or another phase's name) runs that phase alone, 50 rounds, for `perf`.

use cables::archive::source::html::parse_site_page;
use cables::archive::source::walk;
use cables::cable::{self, body, header, relines, sanitize, signer};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn time<T>(name: &str, bytes: usize, inputs: &[T], f: impl Fn(&T)) {
    // `PHASE=header`: only that phase, more rounds (for a profiler).
    let rounds = match std::env::var("PHASE") {
        Ok(p) if p == name => 50,
        Ok(_) => return,
        Err(_) => 5,
    };
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let start = Instant::now();
        for i in inputs {
            f(i);
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!(
        "  {name:10} {:8.2} ms  {:6.0} MB/s",
        best * 1e3,
        bytes as f64 / 1e6 / best
    );
}

fn main() {
    for arg in std::env::args().skip(1) {
        let all: Vec<PathBuf> = walk::walk(Path::new(&arg), &mut |_, _| {})
            .into_iter()
            .map(|f| f.path)
            .collect();
        let texts: Vec<String> = all
            .iter()
            .filter_map(|f| std::fs::read(f).ok())
            .map(|b| {
                let text = sanitize::decode(&b);
                parse_site_page(&text).map_or_else(|| text.into_owned(), |p| p.text)
            })
            .collect();
        let bytes: usize = texts.iter().map(String::len).sum();
        println!("{arg}: {} texts, {:.2} MB", texts.len(), bytes as f64 / 1e6);
        let clean: Vec<String> = texts
            .iter()
            .map(|t| sanitize::sanitize(t).into_owned())
            .collect();
        let relined: Vec<String> = clean
            .iter()
            .map(|t| relines::restore_line_breaks(t).into_owned())
            .collect();
        let bodies: Vec<String> = relined
            .iter()
            .map(|t| {
                let h = header::parse_header(t);
                let body = t.get(h.body_start..).unwrap_or("");
                match signer::find_signer(body) {
                    Some((_, at)) => body.get(..at).unwrap_or(body).to_string(),
                    None => body.to_string(),
                }
            })
            .collect();
        time("whole", bytes, &texts, |t| {
            black_box(cable::parse(t));
        });
        time("sanitize", bytes, &texts, |t| {
            black_box(sanitize::sanitize(t));
        });
        time("relines", bytes, &clean, |t| {
            black_box(relines::restore_line_breaks(t));
        });
        time("header", bytes, &relined, |t| {
            black_box(header::parse_header(t));
        });
        time("signer", bytes, &relined, |t| {
            let h = header::parse_header(t);
            black_box(signer::find_signer(t.get(h.body_start..).unwrap_or("")));
        });
        time("body", bytes, &bodies, |t| {
            black_box(body::parse_body(t));
        });
    }
}
