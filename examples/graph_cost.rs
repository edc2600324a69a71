//! What issue 16's work costs on a warm open, in process: the first screen of the list as the
//! TUI makes it (the open, the copy flags, the folded date order, the facets; no `CableMeta`
//! for every cable), then what comes after it: every `CableMeta` (the palette's lists build
//! it in the background), and what the reader adds when the first cable opens (the reverse
//! citation map, the post order).
//!
//! ```text
//! cables --cache-dir CACHE -a ARCHIVE index     # warm the cache first
//! cargo run --release --example graph_cost -- ARCHIVE CACHE [RUNS] [trusted]
//! ```
//! Prints the median (min-max) of each step over RUNS fresh opens (default 7). `trusted`
//! opens a folder archive as the TUI first does (`Archive::open_trusted`: the cache as it
//! is, no file looked at) instead of checking every file.

use cables::archive::catalog::{Filter, SortKey};
use cables::archive::{Archive, OpenOptions};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(cache)) = (args.first(), args.get(1)) else {
        eprintln!("usage: graph_cost ARCHIVE CACHE [RUNS]");
        return;
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(7);
    let trusted = args.get(3).is_some_and(|a| a == "trusted");
    let options = OpenOptions {
        cache_dir: Some(PathBuf::from(cache)),
        threads: 0,
    };
    let steps = [
        "open (catalog header, index)",
        "copy flags (id map, traits)",
        "select: every cable by date, folded",
        "facets of the rows",
        "total to the first screen",
        "then every CableMeta",
        "citations: reverse map + cited_by",
        "post order + post_place",
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); steps.len()];
    let mut facts = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let mut lap = Instant::now();
        let mut mark = |k: usize, times: &mut Vec<Vec<Duration>>| {
            times[k].push(lap.elapsed());
            lap = Instant::now();
        };
        let path = PathBuf::from(path);
        let opened = match trusted.then(|| Archive::open_trusted(&path, &options)) {
            Some(Some(archive)) => Ok(archive),
            Some(None) => {
                eprintln!("graph_cost: no cache to trust");
                return;
            }
            None => Archive::open_with(&path, &options, &mut |_| {}),
        };
        let archive = match opened {
            Ok(a) => a,
            Err(e) => {
                eprintln!("graph_cost: {e}");
                return;
            }
        };
        mark(0, &mut times);
        let flags = archive.copy_flags().len();
        mark(1, &mut times);
        let rows = archive.select(&Filter::default(), SortKey::Date, false);
        mark(2, &mut times);
        let facets = archive.facets(&rows);
        mark(3, &mut times);
        times[4].push(start.elapsed());
        archive.metas();
        mark(5, &mut times);
        let first = rows.first().map_or(0, |&i| i as usize);
        let cited = archive.cited_by(archive.id(first)).len();
        mark(6, &mut times);
        let place = archive.post_place(first);
        mark(7, &mut times);
        facts = format!(
            "{} cables ({flags} flags), {} rows listed, {} folded, {} tags; first cable cited by {cited}, {:?}",
            archive.len(),
            rows.len(),
            archive.folded_copies(),
            facets.tags.len(),
            place.map(|p| (p.origin, p.at, p.of))
        );
    }
    println!("{facts}");
    for (name, mut t) in steps.iter().zip(times) {
        t.sort();
        let ms = |d: Option<&Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1e3);
        println!(
            "{name:40} median {:8.2} ms  ({:.2}-{:.2}), n={}",
            ms(t.get(t.len() / 2)),
            ms(t.first()),
            ms(t.last()),
            t.len()
        );
    }
}
