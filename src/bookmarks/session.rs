//! Session state of one archive: the cable and screen the app was last on, and a reading
//! position per cable. Saved like bookmarks (atomic, locked, merged: per cable the newer
//! position wins), so two instances keep each other's positions.

use super::durable::{Document, DurableFile, Header, check_fields, kind};
use super::{BookmarkError, Timestamp, paths};
use crate::position::Position;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// At most this many reading positions are kept (the most recent ones).
pub const MAX_POSITIONS: usize = 10_000;

/// Where the app was when it last closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastView {
    /// The cable that was open (or selected), if any.
    pub cable: Option<String>,
    /// The screen's name as the TUI calls it (`list`, `reader`, `bookmarks`).
    pub screen: String,
    pub updated: Timestamp,
}

/// A reading position and when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPosition {
    #[serde(flatten)]
    pub position: Position,
    pub updated: Timestamp,
}

/// The session document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    pub last: Option<LastView>,
    /// By cable id.
    pub positions: BTreeMap<String, SavedPosition>,
    /// Cables whose position this instance changed since its last save.
    changed: BTreeSet<String>,
    /// Whether this instance changed `last` since its last save.
    last_changed: bool,
    /// Entries that could not be read, kept as they are so they are written back.
    unreadable: Vec<Value>,
}

impl Document for Session {
    const FORMAT: &'static str = "cables-session";
    const VERSION: u64 = 1;

    fn check_shape(fields: &Map<String, Value>) -> Result<(), String> {
        check_fields(
            fields,
            &["last", "positions", "unreadable"],
            &["positions", "unreadable"],
            &["positions"],
        )?;
        match fields.get("last") {
            None | Some(Value::Null | Value::Object(_)) => Ok(()),
            Some(other) => Err(format!("\"last\" is {}, not an object", kind(other))),
        }
    }

    fn from_fields(fields: &Map<String, Value>) -> (Self, usize) {
        let mut skipped = 0;
        let mut unreadable = Vec::new();
        let last =
            fields
                .get("last")
                .filter(|v| !v.is_null())
                .and_then(|v| match serde_json::from_value(v.clone()) {
                    Ok(l) => Some(l),
                    Err(_) => {
                        skipped += 1;
                        unreadable.push(v.clone());
                        None
                    }
                });
        let mut positions = BTreeMap::new();
        let list = fields.get("positions").and_then(Value::as_array);
        for v in list.into_iter().flatten() {
            match serde_json::from_value::<SavedPosition>(v.clone()) {
                Ok(p) => {
                    insert_newer(&mut positions, p);
                }
                Err(_) => {
                    skipped += 1;
                    unreadable.push(v.clone());
                }
            }
        }
        // Entries an earlier run could not read: kept as they are, not counted again.
        let earlier = fields.get("unreadable").and_then(Value::as_array);
        unreadable.extend(earlier.into_iter().flatten().cloned());
        let session = Session {
            last,
            positions,
            unreadable,
            ..Session::default()
        };
        (session, skipped)
    }

    fn to_json(&self, header: Header<'_>) -> serde_json::Result<Vec<u8>> {
        #[derive(Serialize)]
        struct File<'a> {
            #[serde(flatten)]
            header: Header<'a>,
            last: &'a Option<LastView>,
            positions: Vec<&'a SavedPosition>,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            unreadable: &'a [Value],
        }
        serde_json::to_vec_pretty(&File {
            header,
            last: &self.last,
            positions: self.positions.values().collect(),
            unreadable: &self.unreadable,
        })
    }

    fn absorb(saved: &Self, sent: &Self, memory: &Self) -> Self {
        absorb_session(saved, sent, memory)
    }

    /// What is on disk, overridden by what this instance changed since its last save (the newer
    /// copy wins; on a tie, this instance's). Unchanged entries in memory are only a cache of
    /// an older disk state and never override it.
    fn merge(disk: &Self, memory: &Self) -> Self {
        let mut unreadable = disk.unreadable.clone();
        for v in &memory.unreadable {
            if !unreadable.contains(v) {
                unreadable.push(v.clone());
            }
        }
        let mut out = Session {
            last: disk.last.clone(),
            positions: disk.positions.clone(),
            unreadable,
            ..Session::default()
        };
        let ours_wins = |theirs: Option<Timestamp>, ours: Timestamp, changed: bool| match theirs {
            None => true,
            Some(t) => changed && ours >= t,
        };
        if let Some(m) = &memory.last
            && ours_wins(
                disk.last.as_ref().map(|d| d.updated),
                m.updated,
                memory.last_changed,
            )
        {
            out.last = Some(m.clone());
        }
        for (cable, p) in &memory.positions {
            let theirs = disk.positions.get(cable).map(|d| d.updated);
            if ours_wins(theirs, p.updated, memory.changed.contains(cable)) {
                out.positions.insert(cable.clone(), p.clone());
            }
        }
        if out.positions.len() > MAX_POSITIONS {
            let mut by_age: Vec<(Timestamp, String)> = out
                .positions
                .iter()
                .map(|(k, p)| (p.updated, k.clone()))
                .collect();
            by_age.sort();
            let excess = out.positions.len() - MAX_POSITIONS;
            for (_, k) in by_age.into_iter().take(excess) {
                out.positions.remove(&k);
            }
        }
        out
    }
}

/// The changes `memory` made since `sent`, on top of `saved` (see `Document::absorb`).
fn absorb_session(saved: &Session, sent: &Session, memory: &Session) -> Session {
    let mut out = saved.clone();
    if memory.last != sent.last {
        out.last.clone_from(&memory.last);
        out.last_changed = true;
    }
    for (cable, p) in &memory.positions {
        if sent.positions.get(cable) != Some(p) {
            out.positions.insert(cable.clone(), p.clone());
            out.changed.insert(cable.clone());
        }
    }
    out
}

fn insert_newer(map: &mut BTreeMap<String, SavedPosition>, p: SavedPosition) {
    match map.get(&p.position.cable) {
        Some(old) if old.updated >= p.updated => {}
        _ => {
            map.insert(p.position.cable.clone(), p);
        }
    }
}

/// The session file of one archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionStore {
    file: DurableFile<Session>,
}

impl SessionStore {
    /// Open the session file of the archive named `archive_name` in `data_dir`. Never fails;
    /// problems come back as messages.
    pub fn open(data_dir: &Path, archive_name: &str) -> (SessionStore, Vec<BookmarkError>) {
        let key = paths::archive_key(archive_name);
        let (file, notes) = DurableFile::open(paths::session_file(data_dir, &key), &key);
        (SessionStore { file }, notes)
    }

    /// A session kept in memory only.
    pub fn in_memory(archive_name: &str) -> SessionStore {
        SessionStore {
            file: DurableFile::detached(archive_name),
        }
    }

    /// The file behind the store.
    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// Where the app was last.
    pub fn last(&self) -> Option<&LastView> {
        self.file.doc.last.as_ref()
    }

    /// Record the current cable and screen.
    pub fn set_last(&mut self, cable: Option<&str>, screen: &str) {
        self.set_last_at(cable, screen, Timestamp::now());
    }

    /// Record the current cable and screen, as changed at `now`; true when they changed.
    pub fn set_last_at(&mut self, cable: Option<&str>, screen: &str, now: Timestamp) -> bool {
        let same = self
            .last()
            .is_some_and(|l| l.cable.as_deref() == cable && l.screen == screen);
        if !same {
            self.file.doc.last = Some(LastView {
                cable: cable.map(str::to_string),
                screen: screen.to_string(),
                updated: now,
            });
            self.file.doc.last_changed = true;
            self.file.dirty = true;
        }
        !same
    }

    /// The whole session document.
    pub fn session(&self) -> &Session {
        &self.file.doc
    }

    /// The saved reading position in a cable.
    pub fn position(&self, cable_id: &str) -> Option<&Position> {
        self.file.doc.positions.get(cable_id).map(|p| &p.position)
    }

    /// Record a reading position.
    pub fn set_position(&mut self, position: Position) {
        self.set_position_at(position, Timestamp::now());
    }

    /// Record a reading position, as changed at `updated`; true when it changed.
    pub fn set_position_at(&mut self, position: Position, updated: Timestamp) -> bool {
        if self.position(&position.cable) == Some(&position) {
            return false;
        }
        let saved = SavedPosition { position, updated };
        let doc = &mut self.file.doc;
        doc.changed.insert(saved.position.cable.clone());
        doc.positions.insert(saved.position.cable.clone(), saved);
        self.file.dirty = true;
        true
    }

    /// True when there are changes not saved yet.
    pub fn is_dirty(&self) -> bool {
        self.file.dirty
    }

    /// Save (lock, merge, atomic write). On `Err` the state stays in memory.
    pub fn save(&mut self) -> Result<Vec<BookmarkError>, BookmarkError> {
        self.file.save()
    }

    /// Take in `done`, the result of saving the copy `sent` on another thread, keeping every
    /// change made here since `sent` was taken (still to be saved).
    pub fn absorb(&mut self, done: SessionStore, sent: &SessionStore) {
        self.file.absorb(done.file, &sent.file);
    }
}
