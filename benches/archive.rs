//! Archive benchmark: warm open through the cache, and in-process keyword search latency.
//!
//! ```text
//! cargo bench --bench archive -- ARCHIVE CACHE_DIR [RUNS] [--query Q]
//! ```
//! `--query Q` times that query alone (for a profiler) instead of the built-in list.
//! The archive must have been indexed into CACHE_DIR before (`cables --cache-dir CACHE_DIR
//! -a ARCHIVE index`), so the open is warm. Prints median (min-max) of the open, and p50/p99/max
//! of each query over RUNS runs (default 200), limit 20, snippets included.

use cables::archive::{Archive, OpenOptions, SearchOrder, query::Query};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The binary's allocator, so the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const QUERIES: &[(&str, &str)] = &[
    ("one word", "trafficking"),
    ("two words", "nuclear iran"),
    ("phrase", "\"human rights\""),
    ("filtered", "corruption year:2005..2009 class:confidential"),
    ("prefix", "terror*"),
    ("phrase 3", "\"national security council\""),
    ("phrase in", "\"trafficking in persons\""),
];

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn main() {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let only = args.iter().position(|a| a == "--query").map(|at| {
        let query = args.get(at + 1).cloned().unwrap_or_default();
        args.drain(at..(at + 2).min(args.len()));
        query
    });
    let queries: Vec<(&str, &str)> = match &only {
        Some(query) => vec![("query", query.as_str())],
        None => QUERIES.to_vec(),
    };
    let (Some(path), Some(cache)) = (args.first(), args.get(1)) else {
        eprintln!("usage: cargo bench --bench archive -- ARCHIVE CACHE_DIR [RUNS] [--query Q]");
        return;
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(200);
    let options = OpenOptions {
        cache_dir: Some(PathBuf::from(cache)),
        threads: 0,
    };
    // Each open is followed by the first `metas()` (what the TUI needs before its first
    // frame) and the first `find` (the id map); `cables search` needs the open alone.
    let mut opens = Vec::new();
    let mut metas = Vec::new();
    let mut finds = Vec::new();
    let mut archive = None;
    for _ in 0..7 {
        let t = Instant::now();
        let opened = Archive::open_with(path.as_ref(), &options, &mut |_| {});
        opens.push(t.elapsed());
        match opened {
            Ok(a) => {
                let t = Instant::now();
                let n = a.metas().len();
                metas.push(t.elapsed());
                let t = Instant::now();
                let last = a.id(n.saturating_sub(1)).to_string();
                let found = a.find(&last);
                finds.push(t.elapsed());
                if found.is_none() && n > 0 {
                    eprintln!("find({last}) found nothing");
                }
                archive = Some(a);
            }
            Err(e) => {
                eprintln!("cannot open {path}: {e}");
                return;
            }
        }
    }
    let Some(archive) = archive else { return };
    // The catalog alone: read and decode catalog.bin.
    let folder = cables::archive::cache::folder(cache.as_ref(), path.as_ref());
    let root = std::path::Path::new(path)
        .canonicalize()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let mut loads = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let ok = match cables::archive::cache::load(&folder, &root) {
            Ok(Some((_, tables))) => tables.read().is_ok(),
            _ => false,
        };
        loads.push(t.elapsed());
        if !ok {
            eprintln!("no valid catalog in {}", folder.display());
        }
    }
    let line = |what: &str, times: &mut Vec<Duration>| {
        times.sort();
        println!(
            "{what}: median {:.1} ms ({:.1}-{:.1}), n={}",
            ms(percentile(times, 0.5)),
            ms(times.first().copied().unwrap_or_default()),
            ms(percentile(times, 1.0)),
            times.len()
        );
    };
    println!(
        "{} cables, {} indexed",
        archive.len(),
        archive.indexed_cables()
    );
    line(
        "catalog header + tables read, decoded, checked (no CableMeta)",
        &mut loads,
    );
    line("warm open (what `cables search` needs)", &mut opens);
    line("+ first metas() (every CableMeta, for the TUI)", &mut metas);
    line("+ first find(id) (the id map)", &mut finds);
    for order in [SearchOrder::Relevance, SearchOrder::NewestFirst] {
        for (name, text) in &queries {
            let Ok(query) = Query::parse(text) else {
                continue;
            };
            let mut times = Vec::with_capacity(runs);
            let mut hits = 0;
            for _ in 0..runs {
                let t = Instant::now();
                hits = archive
                    .search_with(&query, 20, order)
                    .map_or(0, |h| h.len());
                times.push(t.elapsed());
            }
            times.sort();
            println!(
                "{order:?} {name:10} {text:50} hits {hits:2}  p50 {:6.2} ms  p99 {:6.2} ms  max {:6.2} ms",
                ms(percentile(&times, 0.5)),
                ms(percentile(&times, 0.99)),
                ms(percentile(&times, 1.0))
            );
        }
    }
}
