//! Paragraph bookmarks: the store (atomic, locked, merged), re-anchoring by fingerprint,
//! and export. Knows nothing of the terminal.
//!
//! - [`Bookmark`]: an [`Anchor`] (cable id, paragraph ordinal, label, fingerprint), a note,
//!   when it was created and last changed, and a stable id.
//! - [`store::BookmarkStore`]: one JSON file per archive; every save merges with what is on
//!   disk under a file lock, so two instances never lose each other's bookmarks.
//! - [`anchor`]: finds a bookmark's paragraph again after the parser or the text changed.
//! - [`export`]: Markdown and JSON, paragraphs quoted in full.
//! - [`session::SessionStore`]: the last cable and screen, and per-cable reading positions.

pub mod anchor;
mod durable;
pub mod export;
pub mod merge;
pub mod paths;
pub mod resolve;
pub mod session;
pub mod short;
pub mod stamp;
pub mod store;

pub use anchor::{Anchor, Fingerprint, Location};
pub use durable::write_atomic;
pub use resolve::{Resolved, resolve_all};
pub use stamp::Timestamp;
pub use store::BookmarkStore;

use crate::cable::Paragraph;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One bookmarked paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    /// Stable unique id (`19a4f3c2b10-8e1f02ab`): creation time in milliseconds and a random part.
    pub id: String,
    /// Where the paragraph is.
    pub anchor: Anchor,
    /// The user's note, one line (may be empty).
    #[serde(default)]
    pub note: String,
    /// When the bookmark was made (RFC 3339, UTC).
    pub created: Timestamp,
    /// When it was last changed (note edited, or restored by undo); merges keep the newer copy.
    pub updated: Timestamp,
}

impl Bookmark {
    /// A new bookmark on `paragraph` of cable `cable_id`, created now.
    pub fn new(cable_id: &str, paragraph: &Paragraph, note: &str) -> Bookmark {
        Bookmark::new_at(
            cable_id,
            paragraph,
            note,
            Timestamp::now(),
            fastrand::u32(..),
        )
    }

    /// A new bookmark created at `now`, `random` making its id unique (the TUI passes both
    /// in, so a run can be replayed).
    pub fn new_at(
        cable_id: &str,
        paragraph: &Paragraph,
        note: &str,
        now: Timestamp,
        random: u32,
    ) -> Bookmark {
        Bookmark {
            id: new_id(now, random),
            anchor: Anchor::of(cable_id, paragraph),
            note: clean_line(note),
            created: now,
            updated: now,
        }
    }

    /// Replace the note, and mark the bookmark as changed now.
    pub fn set_note(&mut self, note: &str) {
        self.set_note_at(note, Timestamp::now());
    }

    /// Replace the note, and mark the bookmark as changed at `now`.
    pub fn set_note_at(&mut self, note: &str, now: Timestamp) {
        self.note = clean_line(note);
        self.updated = now.max(self.updated.next());
    }

    /// Make every text field safe for a terminal and one line (used on load: files may be
    /// edited by hand).
    pub(crate) fn sanitized(mut self) -> Bookmark {
        self.note = clean_line(&self.note);
        self.anchor = self.anchor.sanitized();
        self
    }
}

/// A deleted bookmark: remembered so a merge with an older copy does not bring it back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    /// The id of the deleted bookmark.
    pub id: String,
    /// When it was deleted. A copy of the bookmark changed later than this wins (undo).
    pub deleted: Timestamp,
}

/// Problems with the bookmark and session files. None of them stops the app: each is a
/// message for the user, and the data in memory is kept.
#[derive(Debug, thiserror::Error)]
pub enum BookmarkError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path} could not be read ({reason}); it was moved to {moved_to} and a new file is started"
    )]
    Quarantined {
        path: PathBuf,
        moved_to: PathBuf,
        reason: String,
    },
    #[error(
        "{path} could not be read ({reason}) nor moved aside ({move_error}); it is left untouched and nothing will be saved"
    )]
    Unreadable {
        path: PathBuf,
        reason: String,
        move_error: String,
    },
    #[error("{path} cannot be read ({reason}); it is left untouched and nothing will be saved")]
    ReadFailed { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer version of cables (format {version}); it is shown but never overwritten"
    )]
    NewerFormat { path: PathBuf, version: u64 },
    #[error("{path}: {count} entries could not be read; they are kept in the file as they are")]
    SkippedEntries { path: PathBuf, count: usize },
    #[error("{path}: another cables process held the lock for 5 s; not saved yet")]
    Locked { path: PathBuf },
    #[error("{path}: not saved: the file could not be read safely earlier, so it is left as it is")]
    NotWritable { path: PathBuf },
    #[error("no folder for data: set CABLES_DATA_DIR")]
    NoDataDir,
    #[error("{0}")]
    Invalid(String),
}

/// A new unique bookmark id: milliseconds since the epoch and 32 random bits, in hex.
fn new_id(now: Timestamp, random: u32) -> String {
    format!("{:x}-{:08x}", now.unix_millis(), random)
}

/// Sanitize `text` for a terminal and fold it to one line.
pub(crate) fn clean_line(text: &str) -> String {
    let safe = crate::cable::sanitize::sanitize(text);
    safe.split_whitespace().collect::<Vec<_>>().join(" ")
}
