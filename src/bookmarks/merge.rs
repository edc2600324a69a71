//! The set of bookmarks of one archive, and how two copies of it merge.
//!
//! Merging is a last-writer-wins element set: the union of both copies; for one id the copy
//! changed last wins; a tombstone removes a bookmark unless the bookmark was changed after
//! the deletion (an undo). Merging is commutative, associative and idempotent, so the order in
//! which instances save does not matter and nothing is lost.

use super::{Bookmark, Timestamp, Tombstone};
use std::collections::BTreeMap;

/// Every bookmark and tombstone of an archive, plus entries that could not be read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BookmarkSet {
    /// Live bookmarks, oldest first.
    pub bookmarks: Vec<Bookmark>,
    /// Deleted ids, kept so merges do not resurrect them.
    pub tombstones: Vec<Tombstone>,
    /// Entries of the file that could not be read; written back unchanged.
    pub unreadable: Vec<serde_json::Value>,
}

impl BookmarkSet {
    /// The live bookmark with this id.
    pub fn get(&self, id: &str) -> Option<&Bookmark> {
        self.bookmarks.iter().find(|b| b.id == id)
    }

    /// Add or replace a bookmark (a later `updated` overrides a tombstone).
    pub fn upsert(&mut self, bookmark: Bookmark) {
        let single = BookmarkSet {
            bookmarks: vec![bookmark],
            ..BookmarkSet::default()
        };
        *self = merge(self, &single);
    }

    /// Delete the bookmark with this id at time `when`; returns the removed bookmark.
    pub fn remove(&mut self, id: &str, when: Timestamp) -> Option<Bookmark> {
        let i = self.bookmarks.iter().position(|b| b.id == id)?;
        let removed = self.bookmarks.remove(i);
        let deleted = when.max(removed.updated.next());
        let tomb = BookmarkSet {
            tombstones: vec![Tombstone {
                id: id.to_string(),
                deleted,
            }],
            ..BookmarkSet::default()
        };
        *self = merge(self, &tomb);
        Some(removed)
    }
}

/// Merge two copies of a bookmark set. Never drops a bookmark that is not deleted in either.
pub fn merge(a: &BookmarkSet, b: &BookmarkSet) -> BookmarkSet {
    let mut tombs: BTreeMap<&str, Timestamp> = BTreeMap::new();
    for t in a.tombstones.iter().chain(&b.tombstones) {
        let e = tombs.entry(t.id.as_str()).or_insert(t.deleted);
        *e = (*e).max(t.deleted);
    }
    let mut live: BTreeMap<&str, &Bookmark> = BTreeMap::new();
    for bm in a.bookmarks.iter().chain(&b.bookmarks) {
        match live.get(bm.id.as_str()) {
            Some(old) if !newer(bm, old) => {}
            _ => {
                live.insert(bm.id.as_str(), bm);
            }
        }
    }
    let mut bookmarks: Vec<Bookmark> = Vec::with_capacity(live.len());
    for (id, bm) in &live {
        match tombs.get(id) {
            Some(&deleted) if deleted >= bm.updated => {}
            Some(_) => {
                tombs.remove(id);
                bookmarks.push((*bm).clone());
            }
            None => bookmarks.push((*bm).clone()),
        }
    }
    bookmarks.sort_by(|x, y| (x.created, &x.id).cmp(&(y.created, &y.id)));
    let tombstones = tombs
        .into_iter()
        .map(|(id, deleted)| Tombstone {
            id: id.to_string(),
            deleted,
        })
        .collect();
    let mut unreadable = a.unreadable.clone();
    for v in &b.unreadable {
        if !unreadable.contains(v) {
            unreadable.push(v.clone());
        }
    }
    BookmarkSet {
        bookmarks,
        tombstones,
        unreadable,
    }
}

/// True when `x` should replace `y` (same id): changed later; ties broken by content so the
/// result does not depend on the order of the arguments.
fn newer(x: &Bookmark, y: &Bookmark) -> bool {
    (x.updated, &x.note, &x.anchor.first_words) > (y.updated, &y.note, &y.anchor.first_words)
}
