//! `cables export`: the cables of a search or a filter with their paragraphs, as JSON lines
//! (one cable a line, every parsed field), CSV (one row per paragraph) or Markdown, written as
//! they are read (streaming), with a progress line on stderr for long runs.

use super::search::Order;
use super::{Cli, open_archive};
use crate::archive::{Archive, CableMeta, SearchOrder, query::Query};
use crate::cable::Cable;
use crate::cable::sanitize::shown_path;
use crate::citation::{self, Citation};
use crate::markdown::{escape_block, escape_inline};
use anyhow::Context;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of `cables export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Which cables: a query in `cables search`'s language (`opium -afghanistan`,
    /// `tag:KTIP year:2009`, `ref:09STATE59732`), in one argument or several. Every cable of
    /// the archive, oldest first, when none is given. A query that starts with `-` follows
    /// `--` or is quoted with a word before it (`cables export -- -afghanistan tag:PREL`).
    pub query: Vec<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Write to this file (replaced whole once the export is complete) instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Order of the cables found by a query: relevance (BM25), newest or oldest first.
    #[arg(long, value_enum, default_value_t = Order::Relevance)]
    pub order: Order,
    /// At most this many cables (0: every cable, as with `search --limit 0`).
    #[arg(long)]
    pub limit: Option<usize>,
}

/// What `cables export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// JSON lines: one cable a line, every parsed field, its source and citation.
    #[value(alias = "json")]
    Jsonl,
    /// CSV: one row per paragraph, with the cable's fields repeated on each row.
    Csv,
    /// Markdown: a section per cable, its fields, paragraphs and citation.
    #[value(alias = "markdown")]
    Md,
}

/// `cables export`. Exit 1 when the query finds nothing, 3 when some cable could not be read
/// (the others are still written, and the reasons reported).
pub fn export(cli: &Cli, args: &ExportArgs) -> anyhow::Result<i32> {
    let text = args.query.join(" ");
    let query = if text.trim().is_empty() {
        None
    } else {
        Some(Query::parse(&text)?)
    };
    let archive = open_archive(cli)?;
    let mut rows = match &query {
        None => archive
            .select(&Default::default(), Default::default(), false)
            .into_iter()
            .map(|i| i as usize)
            .collect::<Vec<_>>(),
        Some(query) => archive
            .search_cables(query, search_order(args.order))?
            .into_iter()
            .map(|(cable, _)| cable)
            .collect(),
    };
    rows.truncate(crate::cli::every_when_zero(args.limit));
    if rows.is_empty() {
        crate::output::report("cables: no cable matches");
        return Ok(super::exit::NOTHING_FOUND);
    }
    let failed = match &args.output {
        Some(path) => write_file(path, &archive, &rows, args.format)?,
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let failed = write_all(&mut out, &archive, &rows, args.format)?;
            out.flush()?;
            failed
        }
    };
    if failed > 0 {
        crate::output::report(&format!(
            "cables: {failed} of {} cables could not be read and are missing from the export",
            rows.len()
        ));
        return Ok(super::exit::FAILED);
    }
    Ok(super::exit::OK)
}

fn search_order(order: Order) -> SearchOrder {
    match order {
        Order::Relevance => SearchOrder::Relevance,
        Order::Newest => SearchOrder::NewestFirst,
        Order::Oldest => SearchOrder::OldestFirst,
    }
}

/// Write the export into a temporary file beside `path`, then put it in place: an export
/// that fails half-way never leaves half a file where the last good one was.
fn write_file(
    path: &Path,
    archive: &Archive,
    rows: &[usize],
    format: Format,
) -> anyhow::Result<usize> {
    let shown = shown_path(path);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut file =
        tempfile::NamedTempFile::new_in(dir).with_context(|| format!("cannot write {shown}"))?;
    let failed = {
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        let failed = write_all(&mut out, archive, rows, format)
            .with_context(|| format!("cannot write {shown}"))?;
        out.flush()
            .with_context(|| format!("cannot write {shown}"))?;
        failed
    };
    file.persist(path)
        .with_context(|| format!("cannot write {shown}"))?;
    crate::output::report(&format!(
        "{} cables exported to {shown}",
        rows.len() - failed
    ));
    Ok(failed)
}

/// Write every cable of `rows`; returns how many could not be read (each reported).
fn write_all(
    out: &mut dyn Write,
    archive: &Archive,
    rows: &[usize],
    format: Format,
) -> anyhow::Result<usize> {
    let archive_name = archive.shown_name().into_owned();
    let mut sink = match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(CSV_HEADER)?;
            Sink::Csv(Box::new(w))
        }
        Format::Md => {
            writeln!(out, "# Cables from {}\n", escape_inline(&archive_name))?;
            Sink::Markdown(out)
        }
        Format::Jsonl => Sink::JsonLines(out),
    };
    let mut progress = Progress::new(rows.len());
    let mut failed = 0;
    for (done, &i) in rows.iter().enumerate() {
        progress.show(done);
        let meta = archive.meta(i);
        let cable = match archive.cable(i) {
            Ok(cable) => cable,
            Err(e) => {
                failed += 1;
                progress.clear();
                crate::output::report(&format!("cables: {}: {e}", meta.id));
                continue;
            }
        };
        let cite = Citation::of(&cable).in_archive(&archive_name);
        match &mut sink {
            Sink::Csv(w) => write_csv(w, &cable, &meta, &cite)?,
            Sink::Markdown(out) => write_markdown(*out, &cable, &cite)?,
            Sink::JsonLines(out) => write_json_line(*out, &cable, &meta, &cite)?,
        }
    }
    if let Sink::Csv(w) = &mut sink {
        w.flush()?;
    }
    progress.clear();
    Ok(failed)
}

/// Where the cables go, by format.
enum Sink<'a> {
    Csv(Box<csv::Writer<&'a mut dyn Write>>),
    Markdown(&'a mut dyn Write),
    JsonLines(&'a mut dyn Write),
}

/// One cable as a JSON line: every field of the parsed cable, plus where it was read and
/// how to cite it.
fn write_json_line(
    out: &mut dyn Write,
    cable: &Cable,
    meta: &CableMeta,
    cite: &Citation,
) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        #[serde(flatten)]
        cable: &'a Cable,
        source: &'a str,
        citation: String,
        bibtex: String,
    }
    serde_json::to_writer(
        &mut *out,
        &Line {
            cable,
            source: &meta.source,
            citation: cite.text(),
            bibtex: cite.bibtex(),
        },
    )?;
    writeln!(out)?;
    Ok(())
}

const CSV_HEADER: [&str; 16] = [
    "id",
    "date",
    "classification",
    "caveats",
    "origin",
    "to",
    "subject",
    "tags",
    "references",
    "paragraph",
    "label",
    "marking",
    "kind",
    "text",
    "citation",
    "source",
];

/// One row per paragraph, the cable's fields repeated on each (so a spreadsheet can filter
/// the paragraphs of a tag or a year); a cable without paragraphs is one row with empty
/// paragraph columns, so that no cable is missing.
fn write_csv(
    w: &mut csv::Writer<&mut dyn Write>,
    cable: &Cable,
    meta: &CableMeta,
    cite: &Citation,
) -> anyhow::Result<()> {
    let date = cable.date.map(|d| d.iso_date()).unwrap_or_default();
    let fields = [
        cable.id.clone(),
        date,
        cable.classification.to_string(),
        cable.caveats.join(" "),
        cable.origin.clone(),
        cable.to.join("; "),
        cable.subject.clone(),
        cable.tags.join(" "),
        cable.references.join(" "),
    ];
    if cable.paragraphs.is_empty() {
        let mut row: Vec<String> = fields.to_vec();
        row.extend(["", "", "", "", ""].map(String::from));
        row.extend([cite.text(), meta.source.clone()]);
        w.write_record(&row)?;
    }
    for p in &cable.paragraphs {
        let mut row: Vec<String> = fields.to_vec();
        row.extend([
            p.n.to_string(),
            p.label.clone().unwrap_or_default(),
            p.marking.clone().unwrap_or_default(),
            kind_name(p.kind).to_string(),
            p.text.clone(),
            cite.clone().paragraph(p.n, p.label.as_deref()).text(),
            meta.source.clone(),
        ]);
        w.write_record(&row)?;
    }
    Ok(())
}

fn kind_name(kind: crate::cable::ParagraphKind) -> &'static str {
    use crate::cable::ParagraphKind;
    match kind {
        ParagraphKind::Numbered => "numbered",
        ParagraphKind::Heading => "heading",
        ParagraphKind::Text => "text",
    }
}

/// One cable as a Markdown section: its fields as a list, the paragraphs with their labels,
/// and the citation.
fn write_markdown(out: &mut dyn Write, cable: &Cable, cite: &Citation) -> anyhow::Result<()> {
    if cable.subject.is_empty() {
        writeln!(out, "## {}\n", escape_inline(&cable.id))?;
    } else {
        writeln!(
            out,
            "## {}: {}\n",
            escape_inline(&cable.id),
            escape_inline(&cable.subject)
        )?;
    }
    let mut field = |name: &str, value: &str| -> std::io::Result<()> {
        if value.is_empty() {
            Ok(())
        } else {
            writeln!(out, "- **{name}**: {}", escape_inline(value))
        }
    };
    field(
        "Date",
        &cable.date.map(citation::long_date).unwrap_or_default(),
    )?;
    field("From", &cable.origin)?;
    field("To", cite.recipient.as_deref().unwrap_or(""))?;
    field("Classification", &cable.classification.to_string())?;
    field("Caveats", &cable.caveats.join(", "))?;
    field("Tags", &cable.tags.join(", "))?;
    field("References", &cable.references.join(", "))?;
    field("Signer", cable.signer.as_deref().unwrap_or(""))?;
    writeln!(out)?;
    for p in &cable.paragraphs {
        let mut lead = String::new();
        if let Some(label) = &p.label {
            lead.push_str(&format!("**¶{}** ", escape_inline(label)));
        }
        if let Some(marking) = &p.marking {
            lead.push_str(&format!("({}) ", escape_inline(marking)));
        }
        let text = escape_block(&p.text);
        if p.kind == crate::cable::ParagraphKind::Heading {
            writeln!(out, "**{text}**\n")?;
        } else {
            writeln!(out, "{lead}{text}\n")?;
        }
    }
    writeln!(out, "— {}\n", escape_inline(&cite.text()))?;
    Ok(())
}

/// `exporting: 1,204 of 20,000 cables` on stderr, in place, when stderr is a terminal and
/// the run lasts; nothing otherwise.
struct Progress {
    total: usize,
    terminal: bool,
    started: Instant,
    last: Option<Instant>,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            terminal: std::io::IsTerminal::is_terminal(&std::io::stderr()),
            started: Instant::now(),
            last: None,
        }
    }

    fn show(&mut self, done: usize) {
        if !self.terminal || self.started.elapsed().as_millis() < 500 {
            return;
        }
        if self.last.is_some_and(|t| t.elapsed().as_millis() < 200) {
            return;
        }
        self.last = Some(Instant::now());
        crate::output::progress_in_place(&format!("exporting: {done} of {} cables", self.total));
    }

    fn clear(&mut self) {
        if self.last.take().is_some() {
            crate::output::end_progress();
        }
    }
}
