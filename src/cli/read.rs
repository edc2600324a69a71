//! `cables list`, `cables show`, `cables parse`.

use super::{Cli, open_archive};
use anyhow::{Context, bail};
use std::io::{Read, Write};
use std::path::PathBuf;

/// Options of `cables list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Options of `cables show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The cable's reference id (`09DUSHANBE1319`).
    pub id: String,
    /// Print the parsed cable as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Options of `cables parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// A file, or - for standard input.
    pub file: PathBuf,
    /// Print the parsed cable as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `cables list`.
pub fn list(cli: &Cli, args: &ListArgs) -> anyhow::Result<i32> {
    let archive = open_archive(cli)?;
    let mut out = std::io::stdout().lock();
    for meta in archive.metas() {
        if args.json {
            serde_json::to_writer(&mut out, meta)?;
            writeln!(out)?;
        } else {
            let date = meta.date.map(|d| d.iso_date()).unwrap_or_default();
            writeln!(
                out,
                "{date:10}  {:20}  {:6}  {}",
                meta.id,
                meta.classification.short(),
                meta.subject
            )?;
        }
    }
    Ok(0)
}

/// `cables show`.
pub fn show(cli: &Cli, args: &ShowArgs) -> anyhow::Result<i32> {
    let archive = open_archive(cli)?;
    let Some(i) = archive.find(&args.id) else {
        bail!("no cable with id {} in {}", args.id, archive.name());
    };
    let cable = archive.cable(i)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &cable)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}  {}", cable.id, cable.subject)?;
        for p in &cable.paragraphs {
            writeln!(out, "\n{}", p.text)?;
        }
    }
    Ok(0)
}

/// `cables parse`.
pub fn parse(args: &ParseArgs) -> anyhow::Result<i32> {
    let bytes = if args.file.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("cannot read standard input")?;
        buf
    } else {
        std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?
    };
    let cable = crate::cable::parse_bytes(&bytes);
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &cable)?;
    writeln!(out)?;
    Ok(0)
}
