//! Bookmarks in the TUI: the bookmark and session stores (changed in memory by `update`,
//! saved by a worker through effects, one save of each at a time), the marks of the open cable, and the state of the
//! bookmarks screen (filter, selection, session undo).

use crate::archive::{Archive, MetaRef};
use crate::bookmarks::session::SessionStore;
use crate::bookmarks::{Anchor, Bookmark, BookmarkError, BookmarkStore};
use std::collections::HashMap;
use std::path::Path;

/// Everything the TUI keeps about bookmarks and the session.
#[derive(Debug, Clone)]
pub struct BookmarksState {
    pub store: BookmarkStore,
    pub session: SessionStore,
    /// False without a data folder: nothing is saved and no save effects are made.
    pub persist: bool,
    /// Paragraph ordinals of the open cable that carry a bookmark (for the gutter).
    pub marks: Vec<u32>,
    /// (cable id, number of bookmarks, last change) the marks were computed for.
    pub marks_key: Option<(String, usize, Option<crate::bookmarks::Timestamp>)>,
    /// A bookmark to scroll to once its cable is loaded.
    pub pending_jump: Option<Anchor>,
    /// The bookmark whose note the prompt is editing.
    pub editing: Option<String>,
    /// Bookmarks deleted in this session, newest last (`u` brings them back).
    pub undo: Vec<Bookmark>,
    /// The cable to reopen at start (from the session), until it is asked for.
    pub restore: Option<String>,
    /// The ticket of the load reopening it, and its id.
    pub restoring: Option<(u64, String)>,
    /// Not in the archive read so far (a build goes on): asked for again with the next.
    pub restore_later: Option<String>,
    /// Archive index by bookmarked cable id, looked up once per cable (`None`: not in the
    /// archive), so drawing the screen does no lookups.
    pub indices: HashMap<String, Option<usize>>,
    /// Why the last save of the bookmarks failed, until one succeeds: quitting then asks
    /// to be confirmed, since the changes would be lost.
    pub save_failed: Option<String>,
    /// The user was told that quitting loses unsaved bookmarks; the next quit goes ahead.
    pub quit_warned: bool,
    /// The bookmarks' save on a worker (one at a time); changes made meanwhile are kept when
    /// its result is taken in, and saved by the next save.
    pub saving: SaveSlot,
    /// The session's save on a worker.
    pub session_saving: SaveSlot,
    /// When a save that found the file locked by another process is tried again.
    pub retry_due: Option<crate::bookmarks::Timestamp>,
    /// When the session is saved if nothing else happens (the user is idle): reading moves
    /// put it off, so the file is not written at every move.
    pub session_due: Option<crate::bookmarks::Timestamp>,
}

impl BookmarksState {
    /// In memory only (tests, or no data folder).
    pub fn in_memory(archive: &Archive) -> BookmarksState {
        BookmarksState::with(
            BookmarkStore::in_memory(archive.name()),
            SessionStore::in_memory(archive.name()),
            false,
        )
    }

    /// Open the archive's files in `data_dir`; returns messages for the user.
    pub fn open(archive: &Archive, data_dir: &Path) -> (BookmarksState, Vec<BookmarkError>) {
        let (store, mut notes) = BookmarkStore::open(data_dir, archive.name());
        let (session, more) = SessionStore::open(data_dir, archive.name());
        notes.extend(more);
        let mut state = BookmarksState::with(store, session, true);
        state.restore = state
            .session
            .last()
            .filter(|l| l.screen != "list")
            .and_then(|l| l.cable.clone());
        (state, notes)
    }

    fn with(store: BookmarkStore, session: SessionStore, persist: bool) -> BookmarksState {
        BookmarksState {
            store,
            session,
            persist,
            marks: Vec::new(),
            marks_key: None,
            pending_jump: None,
            editing: None,
            undo: Vec::new(),
            save_failed: None,
            quit_warned: false,
            restore: None,
            restoring: None,
            restore_later: None,
            indices: HashMap::new(),
            saving: SaveSlot::default(),
            session_saving: SaveSlot::default(),
            retry_due: None,
            session_due: None,
        }
    }

    /// Look up the archive index of every bookmarked cable not looked up yet.
    pub fn index_cables(&mut self, archive: &Archive) {
        for b in self.store.bookmarks() {
            if !self.indices.contains_key(&b.anchor.cable) {
                let index = archive.find(&b.anchor.cable);
                self.indices.insert(b.anchor.cable.clone(), index);
            }
        }
    }

    /// True when paragraph `n` of the open cable is bookmarked.
    pub fn is_marked(&self, n: u32) -> bool {
        self.marks.contains(&n)
    }
}

/// One file's saves, one at a time: whether a save is in flight on a worker, and whether
/// another was asked for meanwhile (made once it is done, with everything changed since).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaveSlot {
    pub in_flight: bool,
    pub again: bool,
}

impl SaveSlot {
    /// A copy of `current` to save now, or `None` while a save is in flight (then another
    /// follows once it is done: [`SaveSlot::done`]).
    pub fn start<T: Clone>(&mut self, current: &T) -> Option<Box<T>> {
        if self.in_flight {
            self.again = true;
            return None;
        }
        self.in_flight = true;
        Some(Box::new(current.clone()))
    }

    /// The save in flight is done; true when another was asked for meanwhile.
    pub fn done(&mut self) -> bool {
        self.in_flight = false;
        std::mem::take(&mut self.again)
    }
}

/// The ordinal of the paragraph bookmark `b` points at in the open cable (`None`: it cannot
/// be found there).
pub fn located_ordinal(r: &super::ReaderState, b: &Bookmark) -> Option<u32> {
    crate::bookmarks::anchor::locate(&b.anchor, &r.cable)
        .index()
        .and_then(|i| r.cable.paragraphs.get(i))
        .map(|p| p.n)
}

/// The bookmarks screen, drawn over the panes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BookmarksScreen {
    /// Words that every shown bookmark contains (case-insensitive).
    pub filter: crate::tui::input::LineInput,
    /// Keys go to the filter while true (after `/`).
    pub filtering: bool,
    /// Index into the shown rows.
    pub selected: usize,
}

/// One row of the bookmarks screen.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub bookmark: &'a Bookmark,
    /// Archive index of the cable, when the archive holds it.
    pub index: Option<usize>,
    pub meta: Option<MetaRef<'a>>,
}

impl Row<'_> {
    /// The text the filter searches.
    fn haystack(&self) -> String {
        let b = self.bookmark;
        let (subject, date) = self.meta.map_or((String::new(), String::new()), |m| {
            (
                m.subject().to_string(),
                m.date().map(|d| d.iso_date()).unwrap_or_default(),
            )
        });
        format!(
            "{} {} {} {} {} {}",
            b.anchor.cable,
            b.anchor.paragraph_ref(),
            date,
            subject,
            b.note,
            b.anchor.first_words
        )
        .to_lowercase()
    }
}

/// The rows shown for `filter`: newest bookmark first. Cables not looked up yet with
/// [`BookmarksState::index_cables`] show without metadata.
pub fn rows<'a>(archive: &'a Archive, state: &'a BookmarksState, filter: &str) -> Vec<Row<'a>> {
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    state
        .store
        .newest_first()
        .into_iter()
        .map(|bookmark| {
            let index = state.indices.get(&bookmark.anchor.cable).copied().flatten();
            Row {
                bookmark,
                index,
                meta: index.and_then(|i| archive.meta_ref(i)),
            }
        })
        .filter(|row| {
            words.is_empty() || {
                let hay = row.haystack();
                words.iter().all(|w| hay.contains(w.as_str()))
            }
        })
        .collect()
}
