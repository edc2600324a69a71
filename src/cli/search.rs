//! `cables search`, `cables index`.

use super::Cli;
use crate::archive::fulltext::MAX_HITS;
use crate::archive::{Archive, OpenOptions, Progress, SearchOrder, query::Query};
use crate::cable::sanitize::shown_path;
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Options of `cables search`.
#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query: words, "phrases", OR, -excluded, prefix*, tag: origin: year: class:.
    /// It may start with `-` (`-afghanistan`, `"-tip dushanbe"`).
    #[arg(allow_hyphen_values = true)]
    pub query: String,
    /// Print JSON lines (id, paragraph, label, score, snippet).
    #[arg(long)]
    pub json: bool,
    /// At most this many hits (0: every hit). On a terminal, a limit that leaves hits out
    /// says how many there are.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Order of the hits: relevance (BM25), newest or oldest first.
    #[arg(long, value_enum, default_value_t = Order::Relevance)]
    pub order: Order,
}

/// Hit order on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Order {
    Relevance,
    Newest,
    Oldest,
}

/// Options of `cables index`.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Indexing threads (default: the machine's cores, at most 4).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// The cache root: `--cache-dir` (or `CABLES_CACHE_DIR`), else the user's cache folder
/// ([`crate::folders::cache`]).
pub fn cache_root(cli: &Cli) -> Option<PathBuf> {
    crate::folders::cache(cli.cache_dir.as_deref())
}

/// Open the archive at `path` through its cache.
pub fn open_cached(
    cli: &Cli,
    path: &Path,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Archive, crate::archive::ArchiveError> {
    let options = OpenOptions {
        cache_dir: cache_root(cli),
        threads: 0,
    };
    Archive::open_with(path, &options, progress)
}

/// `cables search`.
pub fn search(cli: &Cli, args: &SearchArgs) -> anyhow::Result<i32> {
    let (mut archive, mut quick) = super::open_archive_quick(cli)?;
    let query = Query::parse(&args.query)?;
    let order = match args.order {
        Order::Relevance => SearchOrder::Relevance,
        Order::Newest => SearchOrder::NewestFirst,
        Order::Oldest => SearchOrder::OldestFirst,
    };
    // Pages of at most MAX_HITS, written as they come: no cap but the one asked for, and
    // memory that does not grow with the number of hits.
    let wanted = crate::cli::every_when_zero(Some(args.limit));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut shown, mut total) = (0usize, 0usize);
    while shown < wanted {
        let ask = (wanted - shown).min(MAX_HITS);
        let page = archive.search_page(&query, order, shown, ask)?;
        // The cache was trusted for files edited in place: the hits' files are checked
        // before they are shown, and when one changed the archive is checked whole (every
        // file, the changed ones indexed again) and the page asked again.
        if quick {
            let changed = archive.changed_files(page.hits.iter().map(|h| h.cable));
            if !changed.is_empty() {
                crate::output::report(&changed_news(&changed));
                archive = super::open_archive(cli)?;
                quick = false;
                continue;
            }
        }
        total = page.total;
        for hit in &page.hits {
            write_hit(&mut out, hit, args.json)?;
        }
        shown += page.hits.len();
        if page.hits.len() < ask {
            break;
        }
    }
    out.flush()?;
    for w in archive.take_index_news() {
        crate::output::report(&format!("cables: warning: {}: {}", w.source, w.reason));
    }
    if shown < total && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        crate::output::report(&format!(
            "{shown} of {total} shown (--limit N for more, --limit 0 for all)"
        ));
    }
    Ok(if shown == 0 {
        super::exit::NOTHING_FOUND
    } else {
        super::exit::OK
    })
}

/// What `search` says when files it was about to show changed since they were indexed.
fn changed_news(changed: &[PathBuf]) -> String {
    let first = changed.first().map(|p| shown_path(p)).unwrap_or_default();
    let files = match changed.len() {
        1 => format!("{first} changed"),
        n => format!("{n} files changed ({first} and {} more)", n - 1),
    };
    format!("cables: {files} since the archive was indexed; indexing again")
}

/// One hit: `id ¶label  snippet`, or its JSON line.
fn write_hit(out: &mut impl Write, hit: &crate::archive::Hit, json: bool) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer(&mut *out, hit)?;
        writeln!(out)?;
    } else {
        // Paragraph 0 is the header (the subject); an unlabelled paragraph shows its ordinal.
        // A cable that could not be read again has no paragraph to name.
        let place = match (&hit.label, hit.paragraph) {
            _ if !hit.was_read() => String::new(),
            (Some(label), _) => format!(" ¶{label}"),
            (None, 0) => " ¶subject".to_string(),
            (None, n) => format!(" ¶#{n}"),
        };
        writeln!(out, "{}{}  {}", hit.id, place, hit.snippet)?;
    }
    Ok(())
}

/// The one-line progress display of a (re)build.
pub(crate) fn progress_line(p: &Progress) -> String {
    format!("indexing: {}", crate::tui::loading::figures(p))
}

/// `cables index`.
pub fn index(cli: &Cli, args: &IndexArgs) -> anyhow::Result<i32> {
    let Some(path) = &cli.archive else {
        writeln!(
            std::io::stdout(),
            "the demo archive is built in and always indexed; give one with -a PATH"
        )?;
        return Ok(0);
    };
    let started = Instant::now();
    let options = OpenOptions {
        cache_dir: cache_root(cli),
        threads: args.threads,
    };
    let mut shown = false;
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut last_line = Instant::now();
    let archive = Archive::open_with(path, &options, &mut |p| {
        if terminal {
            crate::output::progress_in_place(&progress_line(p));
            shown = true;
        } else if last_line.elapsed().as_secs() >= 5 {
            // A log, not a terminal: one line every 5 seconds.
            crate::output::report(&progress_line(p));
            last_line = Instant::now();
        }
    })
    .with_context(|| format!("cannot index {}", shown_path(path)))?;
    if shown {
        crate::output::end_progress();
    }
    for w in archive.warnings() {
        crate::output::report(&format!("warning: {}: {}", w.source, w.reason));
    }
    writeln!(
        std::io::stdout(),
        "{} cables indexed in {} ({:.2} s)",
        archive.indexed_cables(),
        archive.shown_name(),
        started.elapsed().as_secs_f64()
    )?;
    if !archive.is_cached() {
        // Indexing is for the cache: a run that could not keep it did not do its job.
        crate::output::report("cables: nothing was cached (see the warning above)");
        return Ok(super::exit::FAILED);
    }
    Ok(super::exit::OK)
}
