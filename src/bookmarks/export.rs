//! Export of bookmarks, grouped by cable: Markdown (each paragraph quoted in full with a
//! citation line and the note, ready to paste into an article, and a BibTeX entry per cable at
//! the end for reference managers) and JSON (each bookmark with its citation and BibTeX). The
//! citation is the one format of [`crate::citation`].

use super::Location;
use super::resolve::Resolved;
use crate::citation::Citation;
use crate::markdown::{escape_block, escape_inline};
use serde::Serialize;
use std::fmt::Write;

/// The formats of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Quotes with citation lines and BibTeX entries ([`markdown`]).
    Markdown,
    /// One object per bookmark ([`json`]).
    Json,
}

impl Format {
    /// The export of `items` in this format.
    pub fn render(
        self,
        archive_name: &str,
        items: &[Resolved],
    ) -> Result<String, serde_json::Error> {
        match self {
            Format::Markdown => Ok(markdown(archive_name, items)),
            Format::Json => json(archive_name, items),
        }
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Json => "JSON",
        }
    }
}

/// Write the export of `items` to a new file in `dir`, named after the archive and the time
/// (`cables-bookmarks-cablegate-20091124-105000.md`, `-2`... when taken), atomically (temp
/// file, fsync, rename): a file that exists is never written over. Returns its path.
pub fn write_new(
    dir: &std::path::Path,
    archive_name: &str,
    format: Format,
    items: &[Resolved],
    stamp: &str,
) -> Result<std::path::PathBuf, super::BookmarkError> {
    let text = format
        .render(archive_name, items)
        .map_err(|e| super::BookmarkError::Invalid(e.to_string()))?;
    let name = super::paths::readable_name(archive_name);
    let ext = format.extension();
    let path = (1..1000)
        .map(|n| {
            let more = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            dir.join(format!("cables-bookmarks-{name}-{stamp}{more}.{ext}"))
        })
        .find(|p| !p.exists())
        .ok_or_else(|| {
            super::BookmarkError::Invalid(format!("{}: no free file name", dir.display()))
        })?;
    super::write_atomic(&path, text.as_bytes())?;
    Ok(path)
}

/// Bookmarks grouped by cable: cables by date (undated last) then id; inside a cable, paragraphs
/// in reading order, orphans last.
pub fn grouped(items: &[Resolved]) -> Vec<Vec<&Resolved>> {
    let mut sorted: Vec<&Resolved> = items.iter().collect();
    sorted.sort_by(|a, b| {
        let key = |r: &Resolved| {
            let date = r.cable.as_ref().and_then(|c| c.date);
            (
                date.is_none(),
                date,
                r.bookmark.anchor.cable.clone(),
                r.location.index().is_none(),
                r.location.index(),
                r.bookmark.created,
            )
        };
        key(a).cmp(&key(b))
    });
    let mut groups: Vec<Vec<&Resolved>> = Vec::new();
    for r in sorted {
        match groups.last_mut() {
            Some(g)
                if g.first()
                    .is_some_and(|f| f.bookmark.anchor.cable == r.bookmark.anchor.cable) =>
            {
                g.push(r)
            }
            _ => groups.push(vec![r]),
        }
    }
    groups
}

/// The Markdown export.
pub fn markdown(archive_name: &str, items: &[Resolved]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Bookmarks: {}\n", escape_inline(archive_name));
    if items.is_empty() {
        out.push_str("No bookmarks.\n");
    }
    for group in grouped(items) {
        let Some(first) = group.first() else { continue };
        let id = &first.bookmark.anchor.cable;
        let _ = match first.cable.as_ref() {
            Some(c) if !c.subject.is_empty() => {
                writeln!(
                    out,
                    "## {}: {}\n",
                    escape_inline(id),
                    escape_inline(&c.subject)
                )
            }
            Some(_) => writeln!(out, "## {}\n", escape_inline(id)),
            None => writeln!(out, "## {} (not in this archive)\n", escape_inline(id)),
        };
        for r in group {
            write_bookmark(&mut out, archive_name, r);
        }
    }
    let entries: Vec<String> = grouped(items)
        .into_iter()
        .filter_map(|group| group.first().copied())
        .filter(|r| r.cable.is_some())
        .map(|r| cable_citation(r, archive_name).bibtex())
        .collect();
    if !entries.is_empty() {
        out.push_str("## BibTeX\n\n```bibtex\n");
        out.push_str(&entries.join("\n"));
        out.push_str("```\n");
    }
    out
}

fn write_bookmark(out: &mut String, archive_name: &str, r: &Resolved) {
    match (&r.paragraph, r.location) {
        (Some(p), location) => {
            let _ = writeln!(out, "> {}\n", escape_block(&p.text));
            if matches!(location, Location::Label(_)) {
                out.push_str("*The text of this paragraph changed since it was bookmarked.*\n\n");
            }
        }
        (None, _) => {
            let _ = writeln!(
                out,
                "*Orphaned bookmark: the paragraph was not found in the current text. It began: “{}”*\n",
                escape_inline(&r.bookmark.anchor.first_words)
            );
        }
    }
    let _ = writeln!(out, "— {}\n", escape_inline(&citation(r, archive_name)));
    if !r.bookmark.note.is_empty() {
        let _ = writeln!(out, "Note: {}\n", r.bookmark.note);
    }
}

/// The citation of a bookmark's paragraph, in the one format of [`crate::citation`]:
/// `Cable 09DUSHANBE1319, Embassy Dushanbe to Secretary of State, "SUBJECT", 24 November 2009,
/// ¶5 (archive: NAME)`.
pub fn citation(r: &Resolved, archive_name: &str) -> String {
    paragraph_citation(r, archive_name).text()
}

/// The citation of the bookmark's cable (without the paragraph).
fn cable_citation(r: &Resolved, archive_name: &str) -> Citation {
    let cable = r.cable.as_ref();
    Citation {
        id: r.bookmark.anchor.cable.clone(),
        origin: cable.map(|c| c.origin.clone()).unwrap_or_default(),
        recipient: cable.and_then(|c| c.recipient.clone()),
        subject: cable.map(|c| c.subject.clone()).unwrap_or_default(),
        date: cable.and_then(|c| c.date),
        paragraph: None,
        archive: None,
    }
    .in_archive(archive_name)
}

fn paragraph_citation(r: &Resolved, archive_name: &str) -> Citation {
    let mut cite = cable_citation(r, archive_name);
    cite.paragraph = Some(r.paragraph_ref());
    cite
}

/// One bookmark in the JSON export.
#[derive(Debug, Serialize)]
pub struct ExportedBookmark<'a> {
    pub id: &'a str,
    pub cable: &'a str,
    /// Ordinal of the paragraph now (or when bookmarked, for an orphan).
    pub paragraph: u32,
    pub label: Option<&'a str>,
    pub date: Option<String>,
    pub origin: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub classification: Option<&'a str>,
    /// `exact`, `moved`, `text changed` or `orphaned`.
    pub status: &'static str,
    /// The paragraph in full (absent for an orphan).
    pub text: Option<&'a str>,
    pub first_words: &'a str,
    pub note: &'a str,
    pub created: String,
    /// The paragraph's citation (see [`crate::citation`]).
    pub citation: String,
    /// A BibTeX entry for the cable, its note naming the paragraph.
    pub bibtex: String,
}

/// The JSON export: `{ "archive": ..., "bookmarks": [...] }`, in the Markdown's order.
pub fn json(archive_name: &str, items: &[Resolved]) -> Result<String, serde_json::Error> {
    #[derive(Serialize)]
    struct Doc<'a> {
        archive: &'a str,
        bookmarks: Vec<ExportedBookmark<'a>>,
    }
    let bookmarks = grouped(items)
        .into_iter()
        .flatten()
        .map(|r| exported(r, archive_name))
        .collect();
    let mut text = serde_json::to_string_pretty(&Doc {
        archive: archive_name,
        bookmarks,
    })?;
    text.push('\n');
    Ok(text)
}

/// The JSON form of one resolved bookmark.
pub fn exported<'a>(r: &'a Resolved, archive_name: &str) -> ExportedBookmark<'a> {
    let b = &r.bookmark;
    let cable = r.cable.as_ref();
    ExportedBookmark {
        id: &b.id,
        cable: &b.anchor.cable,
        paragraph: r.paragraph.as_ref().map_or(b.anchor.paragraph, |p| p.n),
        label: match &r.paragraph {
            Some(p) => p.label.as_deref(),
            None => b.anchor.label.as_deref(),
        },
        date: cable.and_then(|c| c.date).map(|d| d.iso_date()),
        origin: cable.map(|c| c.origin.as_str()),
        subject: cable.map(|c| c.subject.as_str()),
        classification: cable.map(|c| c.classification.as_str()),
        status: r.location.describe(),
        text: r.paragraph.as_ref().map(|p| p.text.as_str()),
        first_words: &b.anchor.first_words,
        note: &b.note,
        created: b.created.to_string(),
        citation: citation(r, archive_name),
        bibtex: paragraph_citation(r, archive_name).bibtex(),
    }
}
