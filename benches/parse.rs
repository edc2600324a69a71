//! Parse throughput in MB/s, one thread.
//!
//! `cargo bench --bench parse -- [PATH...]`: the embedded demo cables, then every file under
//! each PATH (site pages are reduced to their `<pre>` text first, as the archive does; the
//! clock runs only around `cable::parse`).

use cables::archive::source::html::parse_site_page;
use cables::archive::source::walk;
use cables::cable;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Parse every text `rounds` times; best round's MB/s.
fn measure(name: &str, texts: &[String]) {
    let bytes: usize = texts.iter().map(String::len).sum();
    if bytes == 0 {
        println!("{name}: nothing to parse");
        return;
    }
    let rounds = (200_000_000 / bytes).clamp(3, 2000);
    let mut best = f64::MAX;
    let mut paragraphs = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        for t in texts {
            paragraphs += black_box(cable::parse(black_box(t))).paragraphs.len();
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    black_box(paragraphs);
    println!(
        "{name}: {} texts, {:.2} MB, best of {rounds} rounds {:.2} ms -> {:.0} MB/s, {:.0} cables/s",
        texts.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        bytes as f64 / 1e6 / best,
        texts.len() as f64 / best
    );
}

fn main() {
    let demo: Vec<String> = cables::archive::DEMO
        .iter()
        .map(|(_, t)| t.to_string())
        .collect();
    measure("demo_data", &demo);
    for arg in std::env::args().skip(1).filter(|a| !a.starts_with('-')) {
        // Every file, as the archive walks a folder (sorted, hidden files left out).
        let all: Vec<PathBuf> = walk::walk(Path::new(&arg), &mut |_, _| {})
            .into_iter()
            .map(|f| f.path)
            .collect();
        let mut texts = Vec::new();
        for f in all {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            let text = cable::sanitize::decode(&bytes);
            match parse_site_page(&text) {
                Some(page) => texts.push(page.text),
                None => texts.push(text.into_owned()),
            }
        }
        measure(&arg, &texts);
        if std::env::var_os("SLOWEST").is_some() {
            let mut times: Vec<(f64, usize)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let start = Instant::now();
                    black_box(cable::parse(t));
                    (
                        start.elapsed().as_secs_f64() * 1e9 / t.len().max(1) as f64,
                        i,
                    )
                })
                .collect();
            times.sort_by(|a, b| b.0.total_cmp(&a.0));
            for (ns, i) in times.iter().take(5) {
                println!(
                    "  slow: {ns:.1} ns/byte, {} bytes, text {i}",
                    texts[*i].len()
                );
            }
        }
    }
}
