//! `cables bookmarks list|export`.

use super::Cli;

/// Bookmark subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum BookmarksCommand {
    /// List the bookmarks of the archive.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export the bookmarks, paragraphs quoted in full.
    Export {
        /// md or json.
        #[arg(long, default_value = "md")]
        format: String,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
}

/// Run a bookmarks subcommand.
pub fn run(_cli: &Cli, _cmd: &BookmarksCommand) -> anyhow::Result<i32> {
    anyhow::bail!("bookmarks are not available yet")
}
