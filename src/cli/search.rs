//! `cables search`, `cables index`.

use super::{Cli, open_archive};
use std::io::Write;

/// Options of `cables search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", OR, -excluded, prefix*, tag: origin: year: class:.
    pub query: String,
    /// Print JSON lines.
    #[arg(long)]
    pub json: bool,
    /// At most this many hits.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

/// Options of `cables index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {}

/// `cables search`.
pub fn search(cli: &Cli, args: &SearchArgs) -> anyhow::Result<i32> {
    let archive = open_archive(cli)?;
    let hits = archive.search(&args.query, args.limit)?;
    let mut out = std::io::stdout().lock();
    for hit in &hits {
        if args.json {
            serde_json::to_writer(&mut out, hit)?;
            writeln!(out)?;
        } else {
            let label = hit.label.as_deref().unwrap_or("");
            writeln!(out, "{} ¶{}  {}", hit.id, label, hit.snippet)?;
        }
    }
    Ok(if hits.is_empty() { 1 } else { 0 })
}

/// `cables index`.
pub fn index(cli: &Cli, _args: &IndexArgs) -> anyhow::Result<i32> {
    let archive = open_archive(cli)?;
    for w in archive.warnings() {
        eprintln!("warning: {}: {}", w.source, w.reason);
    }
    println!("{} cables in {}", archive.len(), archive.name());
    Ok(0)
}
