//! `cables bookmarks list|export|add|note|remove|path`.

use super::{Cli, open_archive};
use crate::archive::Archive;
use crate::bookmarks::{Bookmark, BookmarkStore, export, resolve_all};
use crate::cable::Paragraph;
use crate::cable::sanitize::shown_path;
use anyhow::{Context, bail};
use std::io::Write;
use std::path::PathBuf;

/// Bookmark subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum BookmarksCommand {
    /// List the bookmarks of the archive, with where each paragraph is now.
    List {
        /// Print JSON lines.
        #[arg(long)]
        json: bool,
    },
    /// Export the bookmarks, paragraphs quoted in full, grouped by cable.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ExportFormat::Md)]
        format: ExportFormat,
        /// Write to this file (atomically) instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Bookmark a paragraph.
    Add {
        /// The cable's reference id (`09DUSHANBE1319`).
        id: String,
        /// The paragraph: its label as printed (`5`, `A`), or `#N` for the Nth paragraph.
        paragraph: String,
        /// A one-line note.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Change a bookmark's note.
    Note {
        /// The bookmark's id (or a unique beginning of it).
        bookmark: String,
        /// The new note (empty to clear it).
        text: String,
    },
    /// Delete a bookmark.
    Remove {
        /// The bookmark's id (or a unique beginning of it).
        bookmark: String,
    },
    /// Print the path of the archive's bookmark file.
    Path,
}

/// Formats of `cables bookmarks export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Markdown: quotes with citation lines, ready for an article.
    Md,
    /// JSON: one object per bookmark.
    Json,
}

/// Run a bookmarks subcommand.
pub fn run(cli: &Cli, cmd: &BookmarksCommand) -> anyhow::Result<i32> {
    let archive = open_archive(cli)?;
    let mut store = open_store(&archive)?;
    match cmd {
        BookmarksCommand::List { json } => list(&archive, &store, *json),
        BookmarksCommand::Export { format, output } => {
            let items = resolve_all(&archive, store.bookmarks());
            let format = match format {
                ExportFormat::Md => export::Format::Markdown,
                ExportFormat::Json => export::Format::Json,
            };
            let text = format.render(archive.name(), &items)?;
            write_output(output.as_ref(), &text)
        }
        BookmarksCommand::Add {
            id,
            paragraph,
            note,
        } => {
            let Some(i) = archive.find(id) else {
                bail!("no cable with id {id} in {}", archive.shown_name());
            };
            let cable = archive.cable(i)?;
            let p = match find_paragraph(&cable.paragraphs, paragraph) {
                Found::One(p) => p,
                Found::None => bail!("cable {id} has no paragraph {paragraph}"),
                Found::Several(all) => {
                    let choices: Vec<String> = all
                        .iter()
                        .map(|p| {
                            let words = crate::bookmarks::anchor::first_words(&p.text);
                            format!("  #{}  {words}", p.n)
                        })
                        .collect();
                    bail!(
                        "cable {id} has {} paragraphs labelled {paragraph}; name one by its \
                         number (`#N`):\n{}",
                        all.len(),
                        choices.join("\n")
                    );
                }
            };
            let bookmark = Bookmark::new(&cable.id, p, note);
            let new_id = bookmark.id.clone();
            store.add(bookmark);
            save(&mut store)?;
            writeln!(std::io::stdout(), "{new_id}")?;
            Ok(0)
        }
        BookmarksCommand::Note { bookmark, text } => {
            let id = store.find(bookmark)?.id.clone();
            store.set_note(&id, text);
            save(&mut store)?;
            Ok(0)
        }
        BookmarksCommand::Remove { bookmark } => {
            let id = store.find(bookmark)?.id.clone();
            store.remove(&id);
            save(&mut store)?;
            writeln!(std::io::stdout(), "removed {id}")?;
            Ok(0)
        }
        BookmarksCommand::Path => {
            writeln!(std::io::stdout(), "{}", shown_path(store.path()))?;
            Ok(0)
        }
    }
}

/// Open the archive's bookmark store; messages go to standard error.
fn open_store(archive: &Archive) -> anyhow::Result<BookmarkStore> {
    let Some(dir) = crate::folders::data() else {
        bail!(crate::bookmarks::BookmarkError::NoDataDir);
    };
    let (store, notes) = BookmarkStore::open(&dir, archive.name());
    for note in notes {
        crate::output::report(&format!("cables: warning: {note}"));
    }
    Ok(store)
}

/// How many times a command tries to take a lock that another process holds (each try
/// waits up to 5 s).
const LOCK_TRIES: u32 = 3;

fn save(store: &mut BookmarkStore) -> anyhow::Result<()> {
    let mut tries = 1;
    let saved = loop {
        match store.save() {
            Err(e @ crate::bookmarks::BookmarkError::Locked { .. }) if tries < LOCK_TRIES => {
                crate::output::report(&format!("cables: {e}; trying again"));
                tries += 1;
            }
            Err(e @ crate::bookmarks::BookmarkError::Locked { .. }) => {
                break Err(anyhow::anyhow!("{e}; gave up after {LOCK_TRIES} tries"));
            }
            other => break other.map_err(anyhow::Error::from),
        }
    };
    let notes = saved.context("bookmarks not saved")?;
    for note in notes {
        crate::output::report(&format!("cables: warning: {note}"));
    }
    Ok(())
}

/// The paragraphs a `bookmarks add` argument names.
enum Found<'a> {
    None,
    One(&'a Paragraph),
    /// A label that several paragraphs carry (`A` under each numbered paragraph).
    Several(Vec<&'a Paragraph>),
}

/// A paragraph by label (`5`, `¶5`, `A`) or by ordinal (`#3`).
fn find_paragraph<'a>(paragraphs: &'a [Paragraph], wanted: &str) -> Found<'a> {
    let wanted = wanted.trim().trim_start_matches('¶');
    if let Some(n) = wanted.strip_prefix('#') {
        let n: Option<u32> = n.parse().ok();
        return match paragraphs.iter().find(|p| Some(p.n) == n) {
            Some(p) => Found::One(p),
            None => Found::None,
        };
    }
    let mut all: Vec<&Paragraph> = paragraphs
        .iter()
        .filter(|p| {
            p.label
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(wanted))
        })
        .collect();
    match all.len() {
        0 => Found::None,
        1 => Found::One(all.remove(0)),
        _ => Found::Several(all),
    }
}

fn list(archive: &Archive, store: &BookmarkStore, json: bool) -> anyhow::Result<i32> {
    // Newest first, as on the bookmarks screen.
    let ordered: Vec<_> = store.newest_first().into_iter().cloned().collect();
    let items = resolve_all(archive, &ordered);
    let short = crate::bookmarks::short::short_ids(store.bookmarks());
    let mut out = std::io::stdout().lock();
    for r in &items {
        if json {
            serde_json::to_writer(&mut out, &export::exported(r, archive.name()))?;
            writeln!(out)?;
        } else {
            let b = &r.bookmark;
            let words = match &r.paragraph {
                Some(p) => crate::bookmarks::anchor::first_words(&p.text),
                None => b.anchor.first_words.clone(),
            };
            let note = if b.note.is_empty() {
                String::new()
            } else {
                format!("[{}] ", b.note)
            };
            writeln!(
                out,
                "{:8}  {:20}  {:6}  {:10}  {:12}  {note}{words}",
                short
                    .get(b.id.as_str())
                    .map_or(b.id.as_str(), String::as_str),
                b.anchor.cable,
                r.paragraph_ref(),
                r.date(),
                r.location.describe(),
            )?;
        }
    }
    Ok(0)
}

/// Print `text`, or write it atomically to `path`.
fn write_output(path: Option<&PathBuf>, text: &str) -> anyhow::Result<i32> {
    match path {
        None => {
            std::io::stdout().lock().write_all(text.as_bytes())?;
        }
        Some(path) => {
            crate::bookmarks::write_atomic(path, text.as_bytes())?;
        }
    }
    Ok(0)
}
