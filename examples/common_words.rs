//! The common words of real cables, whose pairs the keyword index keeps as terms
//! (`src/archive/common_words.txt`): every cable of an archive (by default
//! `../shared/corpus`) read as `cables` reads it, each word counted once per cable it is in,
//! and the words (not numbers, not single letters, at most 16 bytes) ranked by that count
//! from `--from` (default 50: the function words, whose pairs would cost the most and are not
//! searched for) up to `--to` (default 600).
//!
//! ```text
//! cargo run --release --example common_words -- [ARCHIVE] [--from N] [--to N] \
//!     > src/archive/common_words.txt
//! ```

use cables::archive::{Archive, OpenOptions, analyzer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::PathBuf;

fn main() {
    let mut root = PathBuf::from("../shared/corpus");
    let (mut from, mut to) = (50usize, 600usize);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let number = |v: Option<String>| v.and_then(|v| v.parse().ok());
        match a.as_str() {
            "--from" => from = number(args.next()).unwrap_or(from),
            "--to" => to = number(args.next()).unwrap_or(to),
            _ => root = PathBuf::from(a),
        }
    }
    let options = OpenOptions {
        cache_dir: None,
        threads: 0,
    };
    let archive = match Archive::open_with(&root, &options, &mut |_| {}) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cannot open {}: {e}", root.display());
            std::process::exit(1);
        }
    };
    let mut cables_with: FxHashMap<String, usize> = FxHashMap::default();
    let mut read = 0;
    for i in 0..archive.len() {
        let Ok(cable) = archive.cable(i) else {
            continue;
        };
        read += 1;
        let mut words = FxHashSet::default();
        for (_, _, text) in cables::archive::fulltext::indexed_texts(&cable) {
            words.extend(analyzer::analyze(text));
        }
        for word in words {
            *cables_with.entry(word).or_default() += 1;
        }
    }
    // Numbers and single letters are left out: their pairs (dates, `U.S.`) are cheap to match
    // by position, or not searched for.
    let mut ranked: Vec<(String, usize)> = cables_with
        .into_iter()
        .filter(|(w, _)| {
            (2..=analyzer::COMMON_MAX).contains(&w.len()) && !w.bytes().all(|b| b.is_ascii_digit())
        })
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut kept: Vec<&str> = ranked
        .iter()
        .take(to)
        .skip(from)
        .map(|(w, _)| w.as_str())
        .collect();
    eprintln!(
        "{read} cables read; words ranked {from}..{to} kept ({} to {} cables of {read})",
        ranked.get(to.saturating_sub(1)).map_or(0, |r| r.1),
        ranked.get(from).map_or(0, |r| r.1),
    );
    kept.sort_unstable();
    for word in kept {
        println!("{word}");
    }
}
