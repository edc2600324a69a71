//! The bookmark file of one archive: loaded once, changed in memory, saved by merging with the
//! file on disk under a lock (see `durable`). Problems are returned as messages; the bookmarks
//! in memory are never thrown away.
//!
//! File format (version 1):
//! ```json
//! { "format": "cables-bookmarks", "version": 1, "archive": "/path/to/archive",
//!   "bookmarks": [ { "id", "anchor": { "cable", "paragraph", "label", "fingerprint",
//!                    "first_words" }, "note", "created", "updated" } ],
//!   "tombstones": [ { "id", "deleted" } ] }
//! ```

use super::durable::{Document, DurableFile, Header, check_fields};
use super::merge::{BookmarkSet, merge};
use super::{Bookmark, BookmarkError, Timestamp, Tombstone, paths};
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::Path;

impl Document for BookmarkSet {
    const FORMAT: &'static str = "cables-bookmarks";
    const VERSION: u64 = 1;

    fn check_shape(fields: &Map<String, Value>) -> Result<(), String> {
        let lists = ["bookmarks", "tombstones", "unreadable"];
        check_fields(fields, &lists, &lists, &["bookmarks"])
    }

    fn from_fields(fields: &Map<String, Value>) -> (Self, usize) {
        let mut set = BookmarkSet::default();
        let mut skipped = 0;
        let list = |name: &str| {
            fields
                .get(name)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        for v in list("bookmarks") {
            match serde_json::from_value::<Bookmark>(v.clone()) {
                Ok(b) => set.bookmarks.push(b.sanitized()),
                Err(_) => {
                    skipped += 1;
                    set.unreadable.push(v);
                }
            }
        }
        for v in list("tombstones") {
            match serde_json::from_value::<Tombstone>(v.clone()) {
                Ok(t) => set.tombstones.push(t),
                Err(_) => {
                    skipped += 1;
                    set.unreadable.push(v);
                }
            }
        }
        // Entries an earlier run could not read: kept as they are, not counted again.
        set.unreadable.extend(list("unreadable"));
        // Normalise (duplicate ids, tombstones) the same way a merge does.
        (merge(&BookmarkSet::default(), &set), skipped)
    }

    fn to_json(&self, header: Header<'_>) -> serde_json::Result<Vec<u8>> {
        #[derive(Serialize)]
        struct File<'a> {
            #[serde(flatten)]
            header: Header<'a>,
            bookmarks: &'a [Bookmark],
            tombstones: &'a [Tombstone],
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            unreadable: &'a [Value],
        }
        serde_json::to_vec_pretty(&File {
            header,
            bookmarks: &self.bookmarks,
            tombstones: &self.tombstones,
            unreadable: &self.unreadable,
        })
    }

    fn merge(disk: &Self, memory: &Self) -> Self {
        merge(disk, memory)
    }

    fn absorb(saved: &Self, _sent: &Self, memory: &Self) -> Self {
        // The set merges by time: what memory changed since `sent` is newer and wins, and
        // what it holds unchanged is already in `saved`.
        merge(saved, memory)
    }
}

/// The bookmarks of one archive, backed by a shared JSON file.
#[derive(Debug, Clone, PartialEq)]
pub struct BookmarkStore {
    file: DurableFile<BookmarkSet>,
}

// JSON values in a bookmark file never hold NaN, so equality is reflexive.
impl Eq for BookmarkStore {}

impl BookmarkStore {
    /// Open the bookmark file of the archive named `archive_name` (`Archive::name()`) in
    /// `data_dir`. Never fails: problems (a corrupt file moved aside, unreadable entries, a
    /// newer format) come back as messages for the user.
    pub fn open(data_dir: &Path, archive_name: &str) -> (BookmarkStore, Vec<BookmarkError>) {
        let key = paths::archive_key(archive_name);
        let path = paths::bookmarks_file(data_dir, &key);
        let (file, notes) = DurableFile::open(path, &key);
        (BookmarkStore { file }, notes)
    }

    /// A store that keeps bookmarks in memory only (when there is no data folder); saving
    /// returns [`BookmarkError::NoDataDir`].
    pub fn in_memory(archive_name: &str) -> BookmarkStore {
        BookmarkStore {
            file: DurableFile::detached(archive_name),
        }
    }

    /// The file behind the store (empty for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// Live bookmarks, oldest first.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.file.doc.bookmarks
    }

    /// The bookmark with this id.
    pub fn get(&self, id: &str) -> Option<&Bookmark> {
        self.file.doc.get(id)
    }

    /// The bookmark whose id is `id` or starts with it, or whose short id (the start of its
    /// random part, see [`super::short`]) is `id`, if exactly one matches.
    pub fn find(&self, id: &str) -> Result<&Bookmark, BookmarkError> {
        if let Some(b) = self.get(id) {
            return Ok(b);
        }
        let mut matches = self
            .bookmarks()
            .iter()
            .filter(|b| super::short::names(&b.id, id));
        match (matches.next(), matches.next()) {
            (Some(b), None) if !id.is_empty() => Ok(b),
            (Some(_), Some(_)) => Err(BookmarkError::Invalid(format!(
                "more than one bookmark id starts with {id:?}"
            ))),
            _ => Err(BookmarkError::Invalid(format!(
                "no bookmark with id {id:?}"
            ))),
        }
    }

    /// Every bookmark, newest first (then by id): the order of the bookmarks screen and of
    /// `cables bookmarks list`.
    pub fn newest_first(&self) -> Vec<&Bookmark> {
        let mut all: Vec<&Bookmark> = self.bookmarks().iter().collect();
        all.sort_by_key(|b| std::cmp::Reverse((b.created, b.id.as_str())));
        all
    }

    /// Bookmarks on the cable `cable_id`, oldest first.
    pub fn of_cable<'a>(&'a self, cable_id: &'a str) -> impl Iterator<Item = &'a Bookmark> + 'a {
        self.bookmarks()
            .iter()
            .filter(move |b| b.anchor.cable == cable_id)
    }

    /// Add a bookmark (in memory; call [`BookmarkStore::save`]).
    pub fn add(&mut self, bookmark: Bookmark) {
        self.file.doc.upsert(bookmark);
        self.file.dirty = true;
    }

    /// Change a bookmark's note; false if there is no such bookmark.
    pub fn set_note(&mut self, id: &str, note: &str) -> bool {
        self.set_note_at(id, note, Timestamp::now())
    }

    /// Change a bookmark's note, marked as changed at `now`.
    pub fn set_note_at(&mut self, id: &str, note: &str, now: Timestamp) -> bool {
        let Some(mut bookmark) = self.get(id).cloned() else {
            return false;
        };
        bookmark.set_note_at(note, now);
        self.add(bookmark);
        true
    }

    /// Delete a bookmark; returns it, so the caller can offer undo ([`BookmarkStore::restore`]).
    pub fn remove(&mut self, id: &str) -> Option<Bookmark> {
        self.remove_at(id, Timestamp::now())
    }

    /// Delete a bookmark at time `now`; returns it.
    pub fn remove_at(&mut self, id: &str, now: Timestamp) -> Option<Bookmark> {
        let removed = self.file.doc.remove(id, now);
        if removed.is_some() {
            self.file.dirty = true;
        }
        removed
    }

    /// Undo a deletion: the bookmark comes back, marked as changed after its deletion.
    pub fn restore(&mut self, bookmark: Bookmark) {
        self.restore_at(bookmark, Timestamp::now());
    }

    /// Undo a deletion at time `now`.
    pub fn restore_at(&mut self, mut bookmark: Bookmark, now: Timestamp) {
        let deleted = self
            .file
            .doc
            .tombstones
            .iter()
            .find(|t| t.id == bookmark.id)
            .map(|t| t.deleted);
        let floor = deleted.unwrap_or(bookmark.updated).max(bookmark.updated);
        bookmark.updated = now.max(floor.next());
        self.add(bookmark);
    }

    /// True when there are changes not saved yet.
    pub fn is_dirty(&self) -> bool {
        self.file.dirty
    }

    /// Save: lock, merge with what other instances saved, write atomically. Afterwards the
    /// store also holds their bookmarks. `Ok` may carry messages (e.g. a corrupt file was moved
    /// aside); on `Err` nothing was written and the changes stay in memory.
    pub fn save(&mut self) -> Result<Vec<BookmarkError>, BookmarkError> {
        self.file.save()
    }

    /// Merge in what other instances saved, without writing.
    pub fn reload(&mut self) -> Vec<BookmarkError> {
        self.file.reload()
    }

    /// Take in `done`, the result of saving (or reloading) the copy `sent` on another
    /// thread, keeping every change made here since `sent` was taken: those stay unsaved
    /// (dirty) for the next save.
    pub fn absorb(&mut self, done: BookmarkStore, sent: &BookmarkStore) {
        self.file.absorb(done.file, &sent.file);
    }
}
