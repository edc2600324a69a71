//! `cables diff ID`: what changed between two copies of a cable (the metadata that differs,
//! then the paragraphs that differ, marked word by word), as text or JSON.

use super::{Cli, open_archive};
use crate::archive::diff::{CopyDiff, Mark, marked};
use crate::cable::sanitize::sanitize;
use anyhow::bail;
use std::io::Write;

/// Options of `cables diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The cable's reference id (`09DUSHANBE1319`).
    pub id: String,
    /// The two copies to compare, by their place in the order of preference (1 is the best,
    /// the one listed; `cables list --json` names them in this order).
    #[arg(long, num_args = 2, value_names = ["A", "B"], default_values_t = [1u32, 2u32],
          value_parser = clap::value_parser!(u32).range(1..))]
    pub copies: Vec<u32>,
    /// Print the comparison as one JSON object: both copies' sources, the fields that differ,
    /// every paragraph as pieces marked same, removed (only in A) or added (only in B).
    #[arg(long)]
    pub json: bool,
}

/// `cables diff`: exit 0 whether or not the copies differ; an id with one copy is an error.
pub fn diff(cli: &Cli, args: &DiffArgs) -> anyhow::Result<i32> {
    let archive = open_archive(cli)?;
    let id = sanitize(&args.id);
    let Some(best) = archive.find(&args.id) else {
        bail!("no cable with id {id} in {}", archive.shown_name());
    };
    let copies = archive.copies_of(best);
    if copies.len() < 2 {
        bail!("{id} is in one file only: there is nothing to compare");
    }
    let pick = |n: u32| {
        copies
            .get(n as usize - 1)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("{id} has {} copies, not {n}", copies.len()))
    };
    let (a, b) = match args.copies.as_slice() {
        [a, b] => (pick(*a)?, pick(*b)?),
        _ => (pick(1)?, pick(2)?),
    };
    let d = archive.diff(a, b)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &d)?;
        writeln!(out)?;
    } else {
        out.write_all(render(&d).as_bytes())?;
    }
    out.flush()?;
    Ok(super::exit::OK)
}

/// The comparison as text: the two sources, the fields that differ, then each paragraph that
/// differs with wdiff's marks (`[-only in A-]{+only in B+}`), and how many are the same.
pub fn render(d: &CopyDiff) -> String {
    let mut s = format!("--- A: {}\n+++ B: {}\n", d.a.describe(), d.b.describe());
    for f in &d.fields {
        s.push_str(&format!("\n{}:\n  - {}\n  + {}\n", f.field, f.a, f.b));
    }
    let mut changed = 0;
    for p in d.changed() {
        changed += 1;
        let sign = match (
            p.pieces.iter().all(|x| x.mark == Mark::Removed),
            p.pieces.iter().all(|x| x.mark == Mark::Added),
        ) {
            (true, _) => " (only in A)",
            (_, true) => " (only in B)",
            _ => "",
        };
        s.push_str(&format!("\n¶{}{sign}\n{}\n", p.label, marked(&p.pieces)));
    }
    let same = d.paragraphs.len() - changed;
    s.push_str(&format!(
        "\n{changed} paragraph{} differ{}, {same} the same; {} field{} differ{}\n",
        if changed == 1 { "" } else { "s" },
        if changed == 1 { "s" } else { "" },
        d.fields.len(),
        if d.fields.len() == 1 { "" } else { "s" },
        if d.fields.len() == 1 { "s" } else { "" },
    ));
    s
}
