//! Command-line interface: options, and the non-interactive subcommands.
//! Each subcommand family has its own file.

pub mod bookmarks;
pub mod config;
pub mod diff;
pub mod exit;
pub mod export;
pub mod read;
pub mod rows;
pub mod search;
pub mod serve;

use crate::cable::sanitize::shown_path;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// A keyboard-driven terminal reader for diplomatic cable archives.
#[derive(Debug, Parser)]
#[command(name = "cables", version, about)]
pub struct Cli {
    /// The archive: a folder of cables, a cables.csv, or site pages (default: the built-in demo).
    #[arg(short, long, global = true, env = "CABLES_ARCHIVE")]
    pub archive: Option<PathBuf>,
    /// Where the index cache lives (default: the user's cache folder).
    #[arg(long, global = true, env = "CABLES_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Colour theme (ansi, dark, light, high-contrast, solarized-dark, mono, or a user theme).
    #[arg(long, global = true)]
    pub theme: Option<String>,
    /// Colour depth (auto reads COLORTERM, TERM and NO_COLOR).
    #[arg(
        long,
        global = true,
        value_name = "WHEN",
        value_enum,
        ignore_case = true
    )]
    pub color: Option<ColorChoice>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--color`: the colour depths the TUI draws with (the config file's `color` takes the same
/// names, [`crate::tui::config::COLOR_DEPTHS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// From the environment: `NO_COLOR`, `COLORTERM`, `TERM`.
    Auto,
    /// 24-bit colour.
    #[value(alias = "24bit")]
    Truecolor,
    /// The xterm 256-colour palette.
    #[value(name = "256")]
    Ansi256,
    /// The 16 ANSI colours.
    #[value(name = "16")]
    Ansi16,
    /// No colour (the mono theme).
    #[value(aliases = ["none", "mono"])]
    Never,
}

impl ColorChoice {
    /// The name the TUI's options and the config file use.
    pub fn name(self) -> &'static str {
        match self {
            ColorChoice::Auto => "auto",
            ColorChoice::Truecolor => "truecolor",
            ColorChoice::Ansi256 => "256",
            ColorChoice::Ansi16 => "16",
            ColorChoice::Never => "never",
        }
    }
}

/// The subcommands; without one, the TUI opens.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the cables of the archive.
    List(read::ListArgs),
    /// Print one cable, reflowed.
    Show(read::ShowArgs),
    /// Compare two copies of a cable (from several files or releases): the fields that
    /// differ, then the paragraphs, word by word.
    Diff(diff::DiffArgs),
    /// Parse one text (a file, or - for standard input) as a cable and print what was read.
    Parse(read::ParseArgs),
    /// Keyword search across the archive.
    Search(search::SearchArgs),
    /// Write the cables of a search or filter, with their paragraphs, as JSON lines, CSV or
    /// Markdown.
    Export(export::ExportArgs),
    /// Build or refresh the archive's index cache.
    Index(search::IndexArgs),
    /// Paragraph bookmarks.
    #[command(subcommand)]
    Bookmarks(bookmarks::BookmarksCommand),
    /// Configuration file.
    Config(config::ConfigArgs),
    /// Serve the archive over SSH: each reader connects with `ssh -p PORT host` and gets
    /// the reader with their own bookmarks (public keys only; no shell, no forwarding).
    Serve(serve::ServeArgs),
}

/// Open the archive named on the command line, or the demo.
pub fn open_archive(cli: &Cli) -> anyhow::Result<crate::archive::Archive> {
    use anyhow::Context;
    match &cli.archive {
        Some(path) => {
            // A (re)build of a big archive takes minutes: show its progress on a terminal,
            // before the TUI (or a subcommand's output) starts.
            let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let mut shown = false;
            let mut last = std::time::Instant::now();
            let opened = search::open_cached(cli, path, &mut |p| {
                if terminal && last.elapsed().as_millis() >= 200 {
                    crate::output::progress_in_place(&search::progress_line(p));
                    shown = true;
                    last = std::time::Instant::now();
                }
            });
            if shown {
                crate::output::end_progress();
            }
            let archive =
                opened.with_context(|| format!("cannot open archive {}", shown_path(path)))?;
            // A cache set aside and rebuilt is news for every command, not only `index`.
            for w in archive.cache_warnings() {
                crate::output::report(&format!("cables: warning: {}: {}", w.source, w.reason));
            }
            if archive.is_empty() {
                anyhow::bail!("{}", not_an_archive(path, &archive));
            }
            Ok(archive)
        }
        None => Ok(crate::archive::Archive::demo()),
    }
}

/// Why a path that opened holds no cable: an empty folder, or files that are not cables.
fn not_an_archive(path: &std::path::Path, archive: &crate::archive::Archive) -> String {
    let what = if path.is_dir() { "folder" } else { "file" };
    let shown = shown_path(path);
    match archive.warnings() {
        [] => format!("{shown} is not an archive: the {what} holds no cable texts"),
        // A file that is not an archive: its warning names the same path, said once.
        [only] if only.source == shown => format!("{shown} is not an archive: {}", only.reason),
        [only] => format!(
            "{shown} is not an archive: {}: {}",
            only.source, only.reason
        ),
        [first, rest @ ..] => format!(
            "{shown} is not an archive: no file holds a cable ({}: {}; and {} more, `cables index` lists them)",
            first.source,
            first.reason,
            rest.len()
        ),
    }
}

/// Open the archive for a command that shows a few of its cables (`search`): a folder
/// archive with a cache is brought up to date by its folders' times alone
/// ([`crate::archive::Archive::open_quick`]: files added or removed are indexed, a file edited
/// in place is not looked at), so the caller must check the files it shows
/// ([`crate::archive::Archive::changed_files`]) and open the archive again with
/// [`open_archive`] when one changed. The flag says whether the archive was opened so.
pub fn open_archive_quick(cli: &Cli) -> anyhow::Result<(crate::archive::Archive, bool)> {
    if let Some(path) = &cli.archive {
        let options = crate::archive::OpenOptions {
            cache_dir: search::cache_root(cli),
            threads: 0,
        };
        // Without a usable cache, or when updating it fails, the usual open says why.
        if let Some(Ok((archive, _))) = crate::archive::Archive::open_quick(path, &options)
            && !archive.is_empty()
        {
            return Ok((archive, true));
        }
    }
    Ok((open_archive(cli)?, false))
}

/// Open the archive for the TUI: a (re)build of its cache runs on a worker thread, behind a
/// progress screen until it hands over a first preview, then behind the TUI
/// (`tui::loading`). `None` when the user quit during the build.
pub fn open_archive_for_tui(cli: &Cli) -> anyhow::Result<Option<crate::tui::Opening>> {
    use crate::archive::{Archive, OpenOptions, Preview};
    use crate::tui::Opening;
    use crate::tui::loading::{self, Opened};
    use anyhow::Context;
    let Some(path) = cli.archive.clone() else {
        return Ok(Some(Opening::Ready(Archive::demo())));
    };
    let options = OpenOptions {
        cache_dir: search::cache_root(cli),
        threads: 0,
    };
    let name = shown_path(&path);
    let shown = name.clone();
    let opened = loading::open_with_progress(&shown, move |progress, sink| {
        // A folder with a cache: the TUI starts on the cache at once, and its files are
        // checked behind it; the checked archive takes its place (updated if files changed).
        if let Some(trusted) = Archive::open_trusted(&path, &options) {
            sink(trusted);
            // Files added or removed since (told by the folders' times, a stat per folder)
            // are indexed and shown first; then every file is checked (a stat per file).
            if let Some(Ok((updated, true))) = Archive::open_quick(&path, &options) {
                sink(updated);
            }
            return Archive::open_previewing(&path, &options, progress, None);
        }
        let preview = Preview {
            first_after: loading::FIRST_PREVIEW,
            sink,
        };
        Archive::open_previewing(&path, &options, progress, Some(preview))
    })?;
    match opened {
        Opened::Archive(result) => (*result)
            .map(|a| Some(Opening::Ready(a)))
            .with_context(|| format!("cannot open archive {name}")),
        Opened::Building(archive, rest) => Ok(Some(Opening::Building(*archive, rest))),
        Opened::Quit => Ok(None),
    }
}

/// Run a subcommand; returns the process exit code.
pub fn run(cli: &Cli, command: &Command) -> anyhow::Result<i32> {
    match command {
        Command::List(args) => read::list(cli, args),
        Command::Show(args) => read::show(cli, args),
        Command::Diff(args) => diff::diff(cli, args),
        Command::Parse(args) => read::parse(args),
        Command::Search(args) => search::search(cli, args),
        Command::Export(args) => export::export(cli, args),
        Command::Index(args) => search::index(cli, args),
        Command::Bookmarks(cmd) => bookmarks::run(cli, cmd),
        Command::Config(args) => config::run(args),
        Command::Serve(args) => serve::run(cli, args),
    }
}

/// A `--limit`: none or 0 is every row (the same meaning in `list`, `export` and `search`).
pub fn every_when_zero(limit: Option<usize>) -> usize {
    match limit {
        None | Some(0) => usize::MAX,
        Some(n) => n,
    }
}

#[cfg(test)]
mod tests {
    use super::{Cli, ColorChoice};
    use clap::{Parser, ValueEnum};

    fn color(arg: &str) -> Result<Option<ColorChoice>, clap::Error> {
        Cli::try_parse_from(["cables", "--color", arg, "list"]).map(|cli| cli.color)
    }

    #[test]
    fn color_takes_the_closed_set_and_its_aliases() {
        assert_eq!(color("auto").ok().flatten(), Some(ColorChoice::Auto));
        assert_eq!(color("24BIT").ok().flatten(), Some(ColorChoice::Truecolor));
        assert_eq!(color("256").ok().flatten(), Some(ColorChoice::Ansi256));
        assert_eq!(color("16").ok().flatten(), Some(ColorChoice::Ansi16));
        assert_eq!(color("mono").ok().flatten(), Some(ColorChoice::Never));
        let err = color("lots").expect_err("not a colour depth");
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
        assert!(err.to_string().contains("truecolor"), "{err}");
    }

    /// What the flag hands the TUI is a name its config check accepts.
    #[test]
    fn every_choice_is_a_depth_the_config_accepts() {
        for choice in ColorChoice::value_variants() {
            assert!(
                crate::tui::config::COLOR_DEPTHS.contains(&choice.name()),
                "{choice:?}"
            );
        }
    }
}
