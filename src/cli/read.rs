//! `cables list`, `cables show`, `cables parse`.

use super::{Cli, open_archive};
use crate::archive::ArchiveError;
use crate::archive::catalog::SortKey;
use crate::archive::filter;
use crate::cable::sanitize::{sanitize, shown_path};
use crate::cable::{self, Cable, ParagraphKind, tags};
use anyhow::{Context, bail};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

/// Options of `cables list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Filters in the filter bar's language: `tag:KTIP origin:dushanbe year:2005..2009
    /// class:secret copies:all`; a bare word is a tag. Every cable when none is given, each
    /// once (its best copy; `copies:all` lists every copy).
    pub filter: Vec<String>,
    /// Sort by this column (default: the archive's own order, as the files hold the cables).
    #[arg(long, value_enum)]
    pub sort: Option<ListSort>,
    /// Reverse the order (newest first with `--sort date`).
    #[arg(long, short = 'r')]
    pub reverse: bool,
    /// At most this many cables (0: every cable, as with `search --limit 0`).
    #[arg(long)]
    pub limit: Option<usize>,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The columns `cables list` sorts by (the TUI's `s` cycle).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListSort {
    Date,
    Id,
    Origin,
    #[value(alias = "classification")]
    Class,
    /// The most cited first (`--reverse`: the least).
    #[value(alias = "most-cited")]
    Cited,
}

impl From<ListSort> for SortKey {
    fn from(sort: ListSort) -> SortKey {
        match sort {
            ListSort::Date => SortKey::Date,
            ListSort::Id => SortKey::Id,
            ListSort::Origin => SortKey::Origin,
            ListSort::Class => SortKey::Classification,
            ListSort::Cited => SortKey::Cited,
        }
    }
}

/// Options of `cables show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The cables' reference ids (`09DUSHANBE1319`), one or more.
    #[arg(required = true, value_name = "ID")]
    pub ids: Vec<String>,
    /// Print the parsed cable as JSON (one id: pretty; several: one cable a line).
    #[arg(long, conflicts_with = "raw")]
    pub json: bool,
    /// Print the source text exactly as read (sanitized), not the parsed cable.
    #[arg(long)]
    pub raw: bool,
    /// Which copy of a cable read from several files: 1 is the best (the one listed), 2 the
    /// next... (`cables list --json` names them in this order).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub copy: Option<u32>,
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

/// `cables list`: the archive's cables, or those passing a filter, in a chosen order.
pub fn list(cli: &Cli, args: &ListArgs) -> anyhow::Result<i32> {
    let filter =
        filter::parse(&args.filter.join(" ")).map_err(|e| ArchiveError::Query(e.to_string()))?;
    let archive = open_archive(cli)?;
    // The first line goes out before every row of the catalog is checked; the check ends
    // the listing, as a gzip stream's checksum ends it.
    archive.defer_table_check();
    let rows: Box<dyn Iterator<Item = usize>> = match args.sort {
        None if filter.is_empty() && !args.reverse => {
            // The archive's order, copies folded into their best copy.
            let flags = archive.copy_flags();
            Box::new((0..archive.len()).filter(move |&i| {
                flags
                    .get(i)
                    .is_none_or(|f| f & crate::archive::copies::FOLDED == 0)
            }))
        }
        sort => {
            let key = sort.map_or(SortKey::Date, SortKey::from);
            let mut rows = archive.select(&filter, key, args.reverse);
            if sort.is_none() {
                // A filter in the archive's order (or reversed).
                rows.sort_unstable();
                if args.reverse {
                    rows.reverse();
                }
            }
            Box::new(rows.into_iter().map(|i| i as usize))
        }
    };
    // One write per buffer, not per line: a listing of 251,287 cables is 250k lines. Rows
    // are read from the catalog as they are written, not every cable's metadata first (the
    // first line of `| head` comes at once), and rendered on every core (`cli::rows`).
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let rows = rows.take(crate::cli::every_when_zero(args.limit));
    let archive = &archive;
    crate::cli::rows::write_in_order(rows, &mut out, |i, out| {
        let Some(record) = archive.meta_record(i) else {
            return Ok(());
        };
        let meta = record.meta;
        if args.json {
            // The metadata, and where every copy of the cable came from (the one listed
            // first).
            let copies: Vec<_> = archive
                .copies_of(i)
                .into_iter()
                .map(|c| archive.copy_info(c))
                .collect();
            #[derive(serde::Serialize)]
            struct Row<'a> {
                #[serde(flatten)]
                meta: crate::archive::MetaRecord<'a>,
                copies: Vec<crate::archive::copies::CopyInfo>,
            }
            serde_json::to_writer(
                &mut *out,
                &Row {
                    meta: record,
                    copies,
                },
            )?;
            writeln!(out)
        } else {
            let date = meta.date().map(|d| d.iso_date()).unwrap_or_default();
            let badge = match archive.copy_count(i) {
                1 => String::new(),
                n => format!("×{n} "),
            };
            writeln!(
                out,
                "{date:10}  {:20}  {:6}  {badge}{}",
                meta.id(),
                meta.classification().short(),
                meta.subject()
            )
        }
    })?;
    out.flush()?;
    if let Err(damaged) = archive.check_tables() {
        crate::output::report(&format!("cables: {damaged}"));
        return Ok(crate::cli::exit::FAILED);
    }
    Ok(0)
}

/// `cables show`: each cable named, in the order given. An id the archive does not hold is
/// reported and the others are still shown; the exit code is then 3.
pub fn show(cli: &Cli, args: &ShowArgs) -> anyhow::Result<i32> {
    let archive = open_archive(cli)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut missing = Vec::new();
    let mut shown = 0;
    for id in &args.ids {
        let Some(best) = archive.find(id) else {
            missing.push(sanitize(id).into_owned());
            continue;
        };
        let copies = archive.copies_of(best);
        let at = args.copy.map_or(0, |n| n as usize - 1);
        let Some(&i) = copies.get(at) else {
            let id = format!("{} copy {} (it has {})", id, at + 1, copies.len());
            missing.push(sanitize(&id).into_owned());
            continue;
        };
        if args.raw {
            if shown > 0 {
                writeln!(out, "\n{}\n", "─".repeat(output_width().min(80)))?;
            }
            let text = archive.source_text(i)?;
            out.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                writeln!(out)?;
            }
            shown += 1;
            continue;
        }
        let cable = archive.cable(i)?;
        if args.json && args.ids.len() == 1 {
            serde_json::to_writer_pretty(&mut out, &cable)?;
            writeln!(out)?;
        } else if args.json {
            serde_json::to_writer(&mut out, &cable)?;
            writeln!(out)?;
        } else {
            if shown > 0 {
                // Cables one after another, as `less` pages them: a rule between.
                writeln!(out, "\n{}\n", "─".repeat(output_width().min(80)))?;
            }
            let mut provenance = vec![("Source:", archive.copy_info(i).describe())];
            if copies.len() > 1 {
                let others = format!("{} of {} (--copy N shows another)", at + 1, copies.len());
                provenance.push(("Copy:", others));
            }
            out.write_all(render_plain_with(&cable, output_width(), &provenance).as_bytes())?;
        }
        shown += 1;
    }
    out.flush()?;
    match missing.as_slice() {
        [] => Ok(super::exit::OK),
        [one] if shown == 0 => bail!("no cable with id {one} in {}", archive.shown_name()),
        _ => {
            crate::output::report(&format!(
                "cables: no cable with id {} in {}",
                missing.join(", "),
                archive.shown_name()
            ));
            Ok(super::exit::FAILED)
        }
    }
}

/// `cables parse`: exit code 1 when the text is not a cable at all.
pub fn parse(args: &ParseArgs) -> anyhow::Result<i32> {
    let name = if args.file.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        shown_path(&args.file)
    };
    // At most one whole file's worth (64 MB), even from an endless input.
    let cap = crate::archive::source::MAX_WHOLE_FILE;
    let mut bytes = Vec::new();
    if args.file.as_os_str() == "-" {
        std::io::stdin()
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
    } else {
        std::fs::File::open(&args.file)
            .and_then(|f| f.take(cap + 1).read_to_end(&mut bytes))
            .with_context(|| format!("cannot read {name}"))?;
    }
    if bytes.len() as u64 > cap {
        anyhow::bail!(
            "{name} is larger than {} MB: not parsed (one cable is far smaller)",
            cap >> 20
        );
    }
    let cable = cable::parse_bytes(&bytes);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &cable)?;
        writeln!(out)?;
    } else {
        out.write_all(render_summary(&cable).as_bytes())?;
    }
    if !cable.looks_like_cable() {
        crate::output::report(&format!(
            "cables: {name}: not a cable (no date-time group, routing or extract note, and too little else of a cable: classification, TAGS, SUBJECT, signer, marked paragraphs)"
        ));
        return Ok(super::exit::NOTHING_FOUND);
    }
    Ok(0)
}

/// Wrap width: `$COLUMNS` when set to a sane number, else 80.
fn output_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&w| (20..=1000).contains(&w))
        .unwrap_or(80)
}

/// The header block: one `Name: value` line per known field.
fn header_block(c: &Cable, width: usize) -> String {
    header_block_with(c, width, &[])
}

/// [`header_block`] and `extra` fields (name, value) after the cable's own.
fn header_block_with(c: &Cable, width: usize, extra: &[(&str, String)]) -> String {
    let mut s = String::new();
    let mut field = |name: &str, value: &str| {
        if !value.is_empty() {
            wrap_field(&mut s, name, value, width);
        }
    };
    let id = if c.id.is_empty() { "(no id)" } else { &c.id };
    field("Id:", id);
    field("Subject:", &c.subject);
    field("Date:", &c.date.map(|d| d.to_string()).unwrap_or_default());
    let prec = c
        .precedence
        .as_ref()
        .map(|p| format!("{} ({})", p.code, p.name));
    field("Precedence:", prec.as_deref().unwrap_or(""));
    let origin = match (c.origin.is_empty(), c.from.is_empty()) {
        (false, false) => format!("{} (FM {})", c.origin, c.from),
        (false, true) => c.origin.clone(),
        (true, _) => c.from.clone(),
    };
    field("Origin:", &origin);
    field("To:", &c.to.join("; "));
    field("Info:", &c.info.join("; "));
    let class = if c.classification_raw.is_empty() {
        c.classification.to_string()
    } else {
        format!("{} ({})", c.classification, c.classification_raw)
    };
    field("Classification:", &class);
    field("Caveats:", &c.caveats.join(", "));
    field(
        "Sections:",
        &c.sections.map(|n| n.to_string()).unwrap_or_default(),
    );
    let tag_list: Vec<String> = c
        .tags
        .iter()
        .map(|t| match tags::meaning(t) {
            Some(m) => format!("{t} ({m})"),
            None => t.clone(),
        })
        .collect();
    field("Tags:", &tag_list.join(", "));
    field("References:", &c.references.join(", "));
    field("Classified by:", &c.classified_by);
    field("Signer:", c.signer.as_deref().unwrap_or(""));
    field("Partial:", c.partial.as_deref().unwrap_or(""));
    for (name, value) in extra {
        field(name, value);
    }
    s
}

/// The reflowed cable for a pipe: header block, then each paragraph with its label and
/// marking, wrapped at `width` columns.
pub fn render_plain(c: &Cable, width: usize) -> String {
    render_plain_with(c, width, &[])
}

/// [`render_plain`] with `extra` header fields (where the cable came from).
fn render_plain_with(c: &Cable, width: usize, extra: &[(&str, String)]) -> String {
    let mut s = header_block_with(c, width, extra);
    for p in &c.paragraphs {
        s.push('\n');
        let lead = p.lead();
        let text = if p.kind == ParagraphKind::Heading {
            format!("{lead}{}", p.text.to_uppercase())
        } else {
            format!("{lead}{}", p.text)
        };
        wrap_into(&mut s, &text, width);
    }
    for w in &c.warnings {
        let _ = writeln!(s, "\n[warning: {w}]");
    }
    s
}

/// What `cables parse` prints without `--json`: the header block, the paragraphs in brief,
/// and the warnings.
fn render_summary(c: &Cable) -> String {
    let mut s = header_block(c, output_width());
    let _ = writeln!(s, "{:<15} {}", "Paragraphs:", c.paragraphs.len());
    for p in &c.paragraphs {
        let kind = match p.kind {
            ParagraphKind::Numbered => "numbered",
            ParagraphKind::Heading => "heading",
            ParagraphKind::Text => "text",
        };
        let label = p.label.as_deref().unwrap_or("-");
        let marking = p.marking.as_deref().unwrap_or("-");
        let excerpt: String = p.text.chars().take(50).collect();
        let _ = writeln!(s, "  {:>3} {label:>3} {marking:>5} {kind:8} {excerpt}", p.n);
    }
    for w in &c.warnings {
        let _ = writeln!(s, "warning: {w}");
    }
    s
}

/// `Name:          value`, the value wrapped with a hanging indent.
fn wrap_field(out: &mut String, name: &str, value: &str, width: usize) {
    const INDENT: usize = 16;
    let _ = write!(out, "{name:<15} ");
    let mut col = INDENT;
    let mut first = true;
    for word in value.split_whitespace() {
        let w = word.width();
        if !first && col + 1 + w > width {
            out.push('\n');
            out.push_str(&" ".repeat(INDENT));
            col = INDENT;
            first = true;
        }
        if !first {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
        first = false;
    }
    out.push('\n');
}

/// Greedy word wrap by display width; a word longer than the width gets a line of its own.
fn wrap_into(out: &mut String, text: &str, width: usize) {
    let mut col = 0;
    for word in text.split_whitespace() {
        let w = word.width();
        if col > 0 && col + 1 + w > width {
            out.push('\n');
            col = 0;
        }
        if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += w;
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_the_width() {
        let mut s = String::new();
        wrap_into(&mut s, "aaa bbb ccc ddd", 7);
        assert_eq!(s, "aaa bbb\nccc ddd\n");
    }

    #[test]
    fn plain_rendering_has_labels_and_no_long_lines() {
        let (_, text) = crate::archive::DEMO[0];
        let c = cable::parse(text);
        let out = render_plain(&c, 80);
        assert!(out.contains("\n1. (SBU) SUMMARY: Recent meetings"));
        assert!(out.lines().all(|l| l.width() <= 80 || !l.contains(' ')));
    }
}
